/**
 * The navigation table, composed from every capability's `pages/<cap>/index.ts` (listed in
 * pages/index.ts). The side menu shows an entry only when the user holds its permission (platform
 * admins hold all); the router mounts the same entries, so a page reached by URL without the
 * permission answers 403. To add a page, add it to its capability's `menu` (docs/web-pages.md).
 */
import { useEffect, useState } from 'react';
import type { Me } from '../shared/api.ts';
import { ROLE_PERMISSIONS } from '../shared/roles.ts';
import { request } from './api.ts';
import { hasPermission } from './auth.tsx';
import type { MenuEntry, PageRoute } from './capability.ts';
import type { MessageKey } from './i18n.ts';
import { CAPABILITIES } from './pages/index.ts';

export type { MenuEntry, PageRoute };

/** Menu order: `order` (default 0), then the order of pages/index.ts and of each capability's list. */
export const MENU: readonly MenuEntry<MessageKey>[] = CAPABILITIES.flatMap((c): readonly MenuEntry<MessageKey>[] => c.menu.map((e) => ({ ...e, group: e.group ?? c.name })))
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

/** The menu groups in the order they show: the user's own pages first, the system's last. */
const GROUP_ORDER = ['none', 'mine', ...CAPABILITIES.map((c) => c.name), 'admin'];

/**
 * Whether the menu shows `entry` to `me`: they hold its permission and the page has something for them (a
 * personal page needs a grant that gives it, and a member record for a member's page) — no dead ends.
 */
export function showsFor(me: Me | null, entry: MenuEntry): boolean {
  if (!hasPermission(me, entry.permission)) return false;
  if (!entry.personal || !entry.permission || !me) return true;
  const perm = entry.permission;
  if (!me.grants.some((g) => ROLE_PERMISSIONS[g.role]?.includes(perm))) return false;
  return entry.personal !== 'member' || !!me.user.memberId;
}

const nonEmpty = (x: unknown) => Array.isArray(x) && x.length > 0;

/**
 * The keys of the entries with `visibleWhen` that have nothing for `me`: asked once per sign-in (each path once);
 * hidden until the answer comes (so no line leads to an empty page), and hidden when the request fails. `ready`:
 * every answer is in (the menu says so in `data-ready`).
 */
export function useHiddenEntries(me: Me | null): { hidden: ReadonlySet<string>; ready: boolean } {
  const userId = me?.user.id ?? '';
  const [state, setState] = useState<{ userId: string; shown: ReadonlySet<string> }>({ userId: '', shown: new Set() });
  useEffect(() => {
    const entries = MENU.filter((e) => e.visibleWhen && showsFor(me, e));
    if (!userId || !entries.length) return;
    const controller = new AbortController();
    const answers = new Map<string, Promise<unknown>>();
    const ask = (path: string) => {
      if (!answers.has(path)) answers.set(path, request<unknown>(path, { signal: controller.signal }).catch(() => null));
      return answers.get(path)!;
    };
    const passes = async (w: { path: string; test?: (answer: unknown) => boolean }) => (w.test ?? nonEmpty)(await ask(w.path));
    for (const e of entries) { void ask(e.visibleWhen!.path); if (e.visibleWhen!.or) void ask(e.visibleWhen!.or.path); }
    void Promise.all(entries.map(async (e) => ((await passes(e.visibleWhen!)) || (e.visibleWhen!.or && (await passes(e.visibleWhen!.or))) ? e.key : null)))
      .then((keys) => { if (!controller.signal.aborted) setState({ userId, shown: new Set(keys.filter((k): k is string => !!k)) }); });
    return () => controller.abort();
    // once per sign-in: `me` itself changes on every refresh of the session
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [userId]);
  const ready = state.userId === userId || !MENU.some((e) => e.visibleWhen && showsFor(me, e));
  const shown = state.userId === userId ? state.shown : new Set<string>();
  return { hidden: new Set(MENU.filter((e) => e.visibleWhen && !shown.has(e.key)).map((e) => e.key)), ready };
}

/** The entries `me` sees, grouped: `[group, entries]` in menu order, groups without entries left out (and those `hidden`). */
export function menuGroupsFor(me: Me | null, hidden: ReadonlySet<string> = new Set()): [string, MenuEntry<MessageKey>[]][] {
  const groups = new Map<string, MenuEntry<MessageKey>[]>();
  for (const e of MENU) {
    if (!showsFor(me, e) || hidden.has(e.key)) continue;
    const g = e.group ?? 'none';
    groups.set(g, [...(groups.get(g) ?? []), e]);
  }
  const rank = (g: string) => (GROUP_ORDER.includes(g) ? GROUP_ORDER.indexOf(g) : GROUP_ORDER.length - 1);
  return [...groups].sort(([a], [b]) => rank(a) - rank(b));
}
