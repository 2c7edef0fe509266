import { todayShanghai } from '../../../shared/dates.ts';
import { regionsWith } from '../../platform/scope.ts';
import type { TodoItem, TodoSource } from '../../platform/todos-types.ts';
import { listBookings } from './bookings.ts';

/**
 * Bookings to approve: pending bookings not yet over of the venues the caller manages (`listBookings`,
 * view=approvals), a recurring series once (its next occurrence). Due the day the booking starts.
 */
const approvals: TodoSource = {
  key: 'venues.approvals',
  label: { 'zh-CN': '待审批场地预约', 'en-US': 'Bookings to approve' },
  list: async (ctx, p) => {
    const regions = new Set(regionsWith(p, 'venues.manage'));
    if (!regions.size) return [];
    const now = ctx.now();
    const page = await listBookings(ctx, p, { view: 'approvals', status: 'pending', from: new Date(now).toISOString(), page: 1, pageSize: 500 });
    const seen = new Set<string>();
    const out: TodoItem[] = [];
    for (const b of page.items) {
      if (!regions.has(b.regionId)) continue;
      const key = b.seriesId ?? b.id;
      if (seen.has(key)) continue;
      seen.add(key);
      const day = todayShanghai(Date.parse(b.startsAt));
      const series = b.seriesId ? page.items.filter((x) => x.seriesId === b.seriesId).length : 1;
      out.push({
        source: 'venues.approvals', id: key, regionId: b.regionId,
        title: {
          'zh-CN': `${b.bookerName || '预约'}申请${b.resourceName}（${day}${series > 1 ? ` 起 ${series} 次` : ''}）：${b.purpose}`,
          'en-US': `${b.bookerName || 'A booking'} asks for ${b.resourceName} (${day}${series > 1 ? `, ${series} times` : ''}): ${b.purpose}`,
        },
        href: '/venue-approvals', due: day, severity: 'due',
      });
    }
    return out;
  },
};

export const venuesTodos: TodoSource[] = [approvals];
