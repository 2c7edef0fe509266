/**
 * The web side of a capability: one folder `pages/<cap>/` whose `index.ts` default-exports
 * `defineCapability({...})` — its menu entries, its other routes and its zh-CN / en-US messages.
 * `pages/index.ts` lists every capability once; the menu (menu.ts), the router (App.tsx) and the
 * dictionaries (i18n.ts) are all built from that list. See docs/web-pages.md.
 */
import type { ComponentType, LazyExoticComponent } from 'react';
import type { Permission } from '../shared/roles.ts';

/** zh-CN is the source of the keys; `Translation<typeof zhCN>` is what en-US must be (same keys, no more). */
export type Messages = Readonly<Record<string, string>>;
export type Translation<Z extends Messages> = { readonly [K in keyof Z]: string };

export type LazyPage = LazyExoticComponent<ComponentType>;

/** A page mounted at `path` and everything below it (`path/*`); the page reads sub-paths itself. */
export interface PageRoute {
  path: string;
  page: LazyPage;
  /** Needed to open the page (a 403 page otherwise); absent = every signed-in user. */
  permission?: Permission;
  /** Outside the signed-in layout and open to everyone (the sign-in page). */
  public?: boolean;
}

/** A page with a line in the side menu. */
export interface MenuEntry<K extends string = string> extends PageRoute {
  key: string;
  /** The menu label: a key of the capability's own messages. */
  labelKey: K;
  icon: ComponentType;
  /** Menu position across capabilities (default 0, then the order of `pages/index.ts`): home is -100, audit 100. */
  order?: number;
  /**
   * The menu group (a `menu.group.<name>` message of the platform): the capability's name by default; `mine` for
   * a user's own pages, `admin` for the system's; `none` for a top-level line (home).
   */
  group?: string;
  /**
   * A page of the user's own (my pledges, my scoring): shown only when one of their grants gives the permission —
   * the platform admin's blanket permissions do not make such pages worth a line — and, with `member`, when the
   * account is a member's.
   */
  personal?: 'grant' | 'member';
  /**
   * Shown only when the caller has something there: a GET of `path` (once per sign-in) whose answer passes `test`
   * (default: a non-empty array) — e.g. a fund page only for those with a fund (`useHiddenEntries` in menu.ts);
   * with `or`, also when that second GET's answer passes its test (a fund officer with no fund yet, who may create one).
   */
  visibleWhen?: { path: string; test?: (answer: unknown) => boolean; or?: { path: string; test?: (answer: unknown) => boolean } };
}

export interface WebCapability<K extends string = string> {
  name: string;
  messages: { readonly 'zh-CN': Readonly<Record<K, string>>; readonly 'en-US': Readonly<Record<K, string>> };
  menu: readonly MenuEntry<K>[];
  routes: readonly PageRoute[];
}

/** Keys of one capability's messages. */
export type KeysOf<C> = C extends WebCapability<infer K> ? K : never;

export function defineCapability<const Z extends Messages>(capability: {
  name: string;
  messages: { 'zh-CN': Z; 'en-US': Translation<Z> };
  menu?: readonly MenuEntry<Extract<keyof Z, string>>[];
  routes?: readonly PageRoute[];
}): WebCapability<Extract<keyof Z, string>> {
  return { menu: [], routes: [], ...capability };
}
