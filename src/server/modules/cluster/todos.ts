import { and, eq, lte, sql } from 'drizzle-orm';
import { todayShanghai } from '../../../shared/dates.ts';
import { countAll } from '../../platform/pagination.ts';
import { can, regionsWith, scopeWhere } from '../../platform/scope.ts';
import type { TodoItem, TodoSource } from '../../platform/todos-types.ts';
import { orgs } from '../directory/schema.ts';
import { judgeSheet, listContests } from './contests.ts';
import { pledges } from './schema.ts';

/** From this month on, the current year's pledges still in progress are due for the year-end review. */
export const PLEDGE_REVIEW_FROM_MONTH = 11;

/**
 * Pledges to review: pledges still in progress of a year that has ended (overdue) or of the current year from
 * November (due by 31 December), one item per organisation and year, where the caller may review (cluster.write).
 */
const pledgeReviews: TodoSource = {
  key: 'cluster.pledgeReviews',
  label: { 'zh-CN': '待评议承诺', 'en-US': 'Pledges to review' },
  list: async (ctx, p) => {
    const regions = regionsWith(p, 'cluster.write');
    if (!regions.length) return [];
    const today = todayShanghai(ctx.now());
    const year = Number(today.slice(0, 4));
    const lastYear = Number(today.slice(5, 7)) >= PLEDGE_REVIEW_FROM_MONTH ? year : year - 1;
    const rows = await ctx.db.select({ regionId: pledges.regionId, orgId: pledges.orgId, orgName: orgs.name, year: pledges.year, n: countAll })
      .from(pledges).innerJoin(orgs, and(eq(orgs.regionId, pledges.regionId), eq(orgs.id, pledges.orgId)))
      .where(and(
        sql`${pledges.regionId} in (${sql.join(regions.map((r) => sql`${r}::uuid`), sql`, `)})`,
        scopeWhere(p, 'cluster.write', { regionId: pledges.regionId, orgId: pledges.orgId, memberId: pledges.memberId }),
        eq(pledges.status, 'in_progress'), lte(pledges.year, lastYear),
      ))
      .groupBy(pledges.regionId, pledges.orgId, orgs.name, orgs.path, pledges.year).orderBy(pledges.year, orgs.path);
    return rows.map((r): TodoItem => ({
      source: 'cluster.pledgeReviews', id: `${r.orgId}|${r.year}`, regionId: r.regionId,
      title: { 'zh-CN': `${r.orgName}：${r.year} 年有 ${r.n} 条承诺待评议`, 'en-US': `${r.orgName}: ${r.n} pledge(s) of ${r.year} to review` },
      href: `/pledge-reviews?orgId=${r.orgId}&year=${r.year}`, due: `${r.year}-12-31`, severity: r.year < year ? 'overdue' : 'due',
    }));
  },
};

/** Scores to give: open contests the caller judges (`judgeSheet`) with entries not yet fully scored by them (recusals aside). */
const scores: TodoSource = {
  key: 'cluster.scores',
  label: { 'zh-CN': '待评分', 'en-US': 'Scores to give' },
  list: async (ctx, p) => {
    const regions = new Set(regionsWith(p, 'contests.score'));
    if (!regions.size) return [];
    const page = await listContests(ctx, p, { page: 1, pageSize: 200 });
    const out: TodoItem[] = [];
    for (const c of page.items) {
      if (c.status !== 'open' || !regions.has(c.regionId) || !can(p, 'contests.score', { regionId: c.regionId, record: { kind: 'contest', id: c.id } })) continue;
      const sheet = await judgeSheet(ctx, p, c.id).catch(() => null);
      if (!sheet) continue;
      const left = sheet.entries.filter((e) => !e.recused && sheet.criteria.some((k) => e.scores[k.id] === undefined)).length;
      if (!left) continue;
      out.push({
        source: 'cluster.scores', id: c.id, regionId: c.regionId,
        title: { 'zh-CN': `${c.title}：还有 ${left} 个项目待评分`, 'en-US': `${c.title}: ${left} entr${left === 1 ? 'y' : 'ies'} left to score` },
        href: `/judging?contestId=${c.id}`, due: null, severity: 'due',
      });
    }
    return out;
  },
};

export const clusterTodos: TodoSource[] = [pledgeReviews, scores];
