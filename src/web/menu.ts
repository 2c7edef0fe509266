/**
 * The navigation table, composed from every capability's `pages/<cap>/index.ts` (listed in
 * pages/index.ts). The side menu shows an entry only when the user holds its permission (platform
 * admins hold all); the router mounts the same entries, so a page reached by URL without the
 * permission answers 403. To add a page, add it to its capability's `menu` (docs/web-pages.md).
 */
import type { MenuEntry, PageRoute } from './capability.ts';
import type { MessageKey } from './i18n.ts';
import { CAPABILITIES } from './pages/index.ts';

export type { MenuEntry, PageRoute };

/** Menu order: `order` (default 0), then the order of pages/index.ts and of each capability's list. */
export const MENU: readonly MenuEntry<MessageKey>[] = CAPABILITIES.flatMap((c): readonly MenuEntry<MessageKey>[] => c.menu)
  .map((entry, index) => ({ entry, index }))
  .sort((a, b) => (a.entry.order ?? 0) - (b.entry.order ?? 0) || a.index - b.index)
  .map(({ entry }) => entry);

/** Routes without a menu line (e.g. the sign-in page). */
export const ROUTES: readonly PageRoute[] = CAPABILITIES.flatMap((c): readonly PageRoute[] => c.routes);

/** The entry whose path is the longest prefix of `pathname` (so /audit/123 selects "audit"). */
export function menuEntryFor(pathname: string): MenuEntry<MessageKey> | undefined {
  let best: MenuEntry<MessageKey> | undefined;
  for (const entry of MENU) {
    const matches =
      entry.path === '/' ? pathname === '/' : pathname === entry.path || pathname.startsWith(`${entry.path}/`);
    if (matches && (!best || entry.path.length > best.path.length)) best = entry;
  }
  return best;
}
