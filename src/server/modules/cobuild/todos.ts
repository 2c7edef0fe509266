import { inArray } from 'drizzle-orm';
import { addDays, todayShanghai } from '../../../shared/dates.ts';
import { grantedRegions, regionsWith } from '../../platform/scope.ts';
import type { TodoItem, TodoSource } from '../../platform/todos-types.ts';
import { listInbox } from './dispatches.ts';
import { listActions, listJointMeetings } from './meetings.ts';
import { needs } from './schema.ts';

/** Days ahead a follow-up action counts as due. */
export const ACTION_DUE_DAYS = 14;

/** Needs dispatched to me: the open dispatches of the caller's inbox (`listInbox`, open=1) not yet claimed or declined. */
const dispatches: TodoSource = {
  key: 'cobuild.dispatches',
  label: { 'zh-CN': '派给我的需求', 'en-US': 'Needs dispatched to me' },
  list: async (ctx, p) => {
    const regions = new Set(regionsWith(p, 'cobuild.claim'));
    if (!regions.size) return [];
    const today = todayShanghai(ctx.now());
    const inbox = (await listInbox(ctx, p, { open: '1', page: 1, pageSize: 500 })).items.filter((d) => d.status === 'sent' || d.status === 'seen');
    // the inbox's items do not carry their region: read it off their needs
    const regionOf = new Map(inbox.length ? (await ctx.db.select({ id: needs.id, regionId: needs.regionId }).from(needs)
      .where(inArray(needs.id, [...new Set(inbox.map((d) => d.needId))]))).map((r) => [r.id, r.regionId]) : []);
    return inbox.filter((d) => regions.has(regionOf.get(d.needId) ?? '')).map((d): TodoItem => ({
      source: 'cobuild.dispatches', id: d.id, regionId: regionOf.get(d.needId)!,
      title: {
        'zh-CN': `${d.need.partyName}的需求「${d.need.title}」派给了${d.recipientName}（还差 ${Math.max(0, d.need.quantity - d.need.claimed)}）`,
        'en-US': `Need "${d.need.title}" of ${d.need.partyName} dispatched to ${d.recipientName} (${Math.max(0, d.need.quantity - d.need.claimed)} left)`,
      },
      href: '/need-inbox', due: d.need.wantedBy ?? null,
      severity: d.need.wantedBy && d.need.wantedBy < today ? 'overdue' : 'due',
    }));
  },
};

/** Follow-up actions due: joint-meeting actions not done, due within 14 days or overdue, that the caller may update (`listActions`). */
const actions: TodoSource = {
  key: 'cobuild.actions',
  label: { 'zh-CN': '会议督办事项', 'en-US': 'Follow-up actions due' },
  list: async (ctx, p) => {
    const regions = new Set(grantedRegions(p));
    if (!regions.size) return [];
    const today = todayShanghai(ctx.now());
    const horizon = addDays(today, ACTION_DUE_DAYS);
    const out: TodoItem[] = [];
    for (const j of (await listJointMeetings(ctx, p)).filter((x) => regions.has(x.regionId))) {
      for (const a of await listActions(ctx, p, { allianceId: j.id })) {
        if (a.status === 'done' || !a.mayUpdate || a.dueOn > horizon) continue;
        out.push({
          source: 'cobuild.actions', id: a.id, regionId: j.regionId,
          title: { 'zh-CN': `${j.name}：${a.title}（${a.partyName}）`, 'en-US': `${j.name}: ${a.title} (${a.partyName})` },
          href: '/meetings', due: a.dueOn, severity: a.overdue ? 'overdue' : 'due',
        });
      }
    }
    return out;
  },
};

export const cobuildTodos: TodoSource[] = [dispatches, actions];
