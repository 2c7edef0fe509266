/**
 * The pledge and household lists as xlsx, with the filters of their pages (scope first, in SQL, through the list
 * services themselves), labels in the reader's language. Small lists (a region has hundreds to a few thousand):
 * built in memory, capped at EXPORT_MAX_ROWS.
 */
import { inArray } from 'drizzle-orm';
import type { z } from 'zod';
import type { HouseholdListQuery, PledgeListQuery } from '../../../shared/cluster.ts';
import { todayShanghai } from '../../../shared/dates.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Locale } from '../../platform/messages.ts';
import type { Principal } from '../../platform/scope.ts';
import { workbookBuffer } from '../../platform/xlsx.ts';
import { orgs } from '../directory/schema.ts';
import { listHouseholds } from './plaques.ts';
import { categoriesOf, listPledges } from './pledges.ts';

export const EXPORT_MAX_ROWS = 10_000;

const L = {
  'zh-CN': {
    pledges: { sheet: '承诺', header: ['党员', '所在党组织', '年度', '类别', '承诺内容', '公开', '状态', '评定意见', '评定时间'] },
    households: { sheet: '亮牌户', header: ['楼栋', '门牌/地址', '所在社区', '党员', '门牌', '门牌日期', '楼道牌', '楼道牌日期', '楼梯牌', '楼梯牌日期'] },
    status: { in_progress: '进行中', fulfilled: '已兑现', not_fulfilled: '未兑现' } as Record<string, string>,
    level: { pending: '未完成', done: '已完成' } as Record<string, string>,
    yes: '是', no: '否',
  },
  'en-US': {
    pledges: { sheet: 'Pledges', header: ['Member', 'Organisation', 'Year', 'Category', 'Pledge', 'Public', 'Status', 'Review comment', 'Reviewed at'] },
    households: { sheet: 'Households', header: ['Building', 'Room / address', 'Community', 'Members', 'Door plaque', 'Door on', 'Board', 'Board on', 'Stair plaque', 'Stair on'] },
    status: { in_progress: 'in progress', fulfilled: 'fulfilled', not_fulfilled: 'not fulfilled' } as Record<string, string>,
    level: { pending: 'pending', done: 'done' } as Record<string, string>,
    yes: 'yes', no: 'no',
  },
};

const EN_CATEGORY: Record<string, string> = { key_work: 'Key work', environment: 'Beautifying the environment', volunteer: 'Volunteer service' };

async function orgNames(ctx: Ctx, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await ctx.db.select({ id: orgs.id, name: orgs.name }).from(orgs).where(inArray(orgs.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function pledgesXlsx(ctx: Ctx, p: Principal, q: Omit<z.infer<typeof PledgeListQuery>, 'page' | 'pageSize'>, locale: Locale) {
  const t = L[locale];
  const page = await listPledges(ctx, p, { ...q, page: 1, pageSize: EXPORT_MAX_ROWS });
  const names = await orgNames(ctx, page.items.map((x) => x.orgId));
  const cats = new Map<string, string>();
  for (const regionId of new Set(page.items.map((x) => x.regionId))) {
    for (const c of await categoriesOf(ctx.db, regionId)) cats.set(`${regionId}:${c.code}`, locale === 'en-US' && c.builtin ? EN_CATEGORY[c.code] ?? c.name : c.name);
  }
  const buffer = await workbookBuffer([{
    name: t.pledges.sheet, boldHeader: true,
    header: t.pledges.header.map((title, i) => ({ title, width: [10, 22, 6, 12, 50, 6, 10, 24, 18][i] })),
    rows: page.items.map((x) => [
      x.memberName, names.get(x.orgId) ?? '', x.year, cats.get(`${x.regionId}:${x.category}`) ?? x.category, x.content, x.isPublic ? t.yes : t.no,
      t.status[x.status] ?? x.status, x.reviewComment ?? '', x.reviewedAt ? x.reviewedAt.slice(0, 10) : '',
    ]),
  }]);
  return { buffer, filename: `pledges-${todayShanghai(ctx.now())}.xlsx` };
}

export async function householdsXlsx(ctx: Ctx, p: Principal, q: Omit<z.infer<typeof HouseholdListQuery>, 'page' | 'pageSize'>, locale: Locale) {
  const t = L[locale];
  const page = await listHouseholds(ctx, p, { ...q, page: 1, pageSize: EXPORT_MAX_ROWS });
  const lv = (s: { state: string; on: string | null }) => [t.level[s.state] ?? s.state, s.on ?? ''];
  const buffer = await workbookBuffer([{
    name: t.households.sheet, boldHeader: true,
    header: t.households.header.map((title, i) => ({ title, width: [14, 18, 18, 24, 8, 12, 8, 12, 8, 12][i] })),
    rows: page.items.map((h) => [h.building, h.room ?? '', h.orgName, h.members.map((m) => m.name).join('、'), ...lv(h.door), ...lv(h.board), ...lv(h.stair)]),
  }]);
  return { buffer, filename: `households-${todayShanghai(ctx.now())}.xlsx` };
}

