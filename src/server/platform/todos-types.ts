import type { Locale } from './messages.ts';
import type { Ctx } from './context.ts';
import type { Principal } from './scope.ts';

/**
 * A source of to-do items (三会一课 missing, needs dispatched to me, bookings to approve…): each capability lists its
 * sources in its manifest (`todos`), the home page gathers them (GET /api/v1/todos) and the daily reminder job turns
 * them into messages. `list` answers only what the principal may act on (its own scope checks).
 */
export interface TodoSource {
  /** '<capability>.<name>', e.g. 'cobuild.dispatches' */
  key: string;
  label: Record<Locale, string>;
  list: (ctx: Ctx, p: Principal) => Promise<TodoItem[]>;
}

export interface TodoItem {
  /** the source's key */
  source: string;
  /** stable per item (a reminder is not sent twice for the same one on a day): e.g. the record id */
  id: string;
  /** what to do, in the caller's words — a message key with vars would be better; text in zh-CN and en-US */
  title: Record<Locale, string>;
  /** where it is done in the web app */
  href: string;
  /** the date it is due (YYYY-MM-DD), when it has one */
  due?: string | null;
  /** overdue: past due; due: due within the source's window; info: otherwise */
  severity: 'overdue' | 'due' | 'info';
  regionId: string;
}
