/**
 * Every capability's web side, once. The side menu (menu.ts), the routes (App.tsx) and the message
 * dictionaries (i18n.ts) are built from this list: a new capability is a folder `pages/<cap>/` with an
 * `index.ts` (see directory/index.ts) and one line here. See docs/web-pages.md.
 */
import accounts from './accounts/index.ts';
import activities from './activities/index.ts';
import bigscreen from './bigscreen/index.ts';
import chamber from './chamber/index.ts';
import cluster from './cluster/index.ts';
import cobuild from './cobuild/index.ts';
import directory from './directory/index.ts';
import figures from './figures/index.ts';
import messages from './messages/index.ts';
import money from './money/index.ts';
import platform from './platform/index.ts';
import reports from './reports/index.ts';
import venues from './venues/index.ts';

export const CAPABILITIES = [platform, directory, cluster, activities, chamber, cobuild, venues, money, reports, accounts, figures, messages, bigscreen] as const;
