import { todayShanghai } from '../../../shared/dates.ts';
import type { Ctx } from '../context.ts';
import type { Locale } from '../messages.ts';
import { resolveGrantsFor, type Principal } from '../scope.ts';
import { collectTodos, TODO_SOURCES, type TodoItem, type TodoSource } from '../todos.ts';
import { transaction } from '../transaction.ts';
import { writeMessages, type NewMessage } from './messages.ts';

/**
 * The daily reminders: for every enabled user holding a grant, their to-do list (`collectTodos`, every capability's
 * sources, each answering only what that user may act on) becomes messages, one per item. The item key
 * `<source>:<id>:<day in Asia/Shanghai>` is unique per user, so a second run on the same day (a restart, another
 * process after a lapsed lease) adds nothing; the next day the items still open are reminded again.
 */

interface UserRow { id: string; username: string; display_name: string; is_platform_admin: boolean; member_id: string | null; member_region_id: string | null; locale: string | null }

const USERS_PER_BATCH = 200;

function bodyOf(item: TodoItem, locale: Locale): string {
  if (!item.due) return '';
  if (item.severity === 'overdue') return locale === 'en-US' ? `Overdue (due ${item.due})` : `已逾期（应于 ${item.due} 完成）`;
  return locale === 'en-US' ? `Due ${item.due}` : `请于 ${item.due} 前完成`;
}

export interface ReminderRun { users: number; items: number; messages: number }

export async function sendDailyReminders(ctx: Ctx, sources: readonly TodoSource[] = TODO_SOURCES): Promise<ReminderRun> {
  const day = todayShanghai(ctx.now());
  const users = await ctx.database.query<UserRow>(
    `select u.id, u.username, u.display_name, u.is_platform_admin, u.member_id, u.member_region_id, u.locale
       from users u where not u.disabled and exists (select 1 from grants g where g.user_id = u.id) order by u.id`);
  const run: ReminderRun = { users: users.length, items: 0, messages: 0 };
  for (let i = 0; i < users.length; i += USERS_PER_BATCH) {
    const batch = users.slice(i, i + USERS_PER_BATCH);
    const grants = await resolveGrantsFor(ctx.database, batch.map((u) => u.id));
    const list: NewMessage[] = [];
    for (const u of batch) {
      const p: Principal = {
        id: u.id, username: u.username, displayName: u.display_name, isPlatformAdmin: u.is_platform_admin,
        memberId: u.member_id, memberRegionId: u.member_region_id, locale: u.locale, grants: grants.get(u.id) ?? [],
      };
      const locale: Locale = u.locale === 'en-US' ? 'en-US' : 'zh-CN';
      const items = await collectTodos(ctx, p, sources);
      run.items += items.length;
      for (const it of items) {
        list.push({
          regionId: it.regionId, userId: u.id, kind: 'reminder', title: it.title[locale] ?? it.title['zh-CN'], body: bodyOf(it, locale),
          href: it.href, itemKey: `${it.source}:${it.id}:${day}`, userName: u.display_name,
        });
      }
    }
    if (list.length) run.messages += await transaction(ctx.db, (tx) => writeMessages(tx, ctx.now(), list));
  }
  return run;
}
