/**
 * The capabilities of the app, in order: app.ts registers their routes and src/server/seed.ts runs their seeds
 * in this order (a seed may use what the ones before it created). A new capability adds its manifest here; see
 * docs/adding-a-capability.md.
 */
import type { Capability } from '../platform/capability.ts';
import { activitiesCapability } from './activities/index.ts';
import { chamber } from './chamber/index.ts';
import { cluster } from './cluster/index.ts';
import { cobuild } from './cobuild/index.ts';
import { directory } from './directory/index.ts';
import { money } from './money/index.ts';
import { venues } from './venues/index.ts';

export const MODULES: readonly Capability[] = [directory, cluster, activitiesCapability, chamber, cobuild, venues, money];
