import { and, eq, notInArray, sql } from 'drizzle-orm';
import { todayShanghai } from '../../../shared/dates.ts';
import { ARREARS_FLAG_MONTHS, ARREARS_WARN_MONTHS } from '../../../shared/money.ts';
import { countAll } from '../../platform/pagination.ts';
import { regionsWith, scopeWhere, type Principal } from '../../platform/scope.ts';
import type { TodoItem, TodoSource } from '../../platform/todos-types.ts';
import { members, orgs } from '../directory/schema.ts';
import { throughMonthOf } from './dues.ts';
import { listFunds, listLoans } from './fund.ts';
import { duesAmounts, duesMonths } from './schema.ts';
import type { Ctx } from '../../platform/context.ts';

/**
 * Loans due: for a fund's officers and approvers, its loans out past their due date (overdue) or due within 3
 * days (`listLoans` status=overdue / due_soon); for a member unit's liaison, its own.
 */
const loans: TodoSource = {
  key: 'money.loans',
  label: { 'zh-CN': '互助金到期', 'en-US': 'Loans due' },
  list: async (ctx, p) => {
    const officer = new Set([...regionsWith(p, 'fund.prepare'), ...regionsWith(p, 'fund.approve')]);
    const member = new Set(regionsWith(p, 'fund.apply'));
    if (!officer.size && !member.size) return [];
    const out: TodoItem[] = [];
    for (const f of await listFunds(ctx, p)) {
      if (!(f.role === 'officer' ? officer : member).has(f.regionId)) continue;
      for (const status of ['overdue', 'due_soon'] as const) {
        for (const l of (await listLoans(ctx, p, { fundId: f.id, status, page: 1, pageSize: 200 })).items) {
          out.push({
            source: 'money.loans', id: l.id, regionId: f.regionId,
            title: {
              'zh-CN': `${f.name}：${l.unitName}的借款${status === 'overdue' ? '已逾期' : '即将到期'}（${l.dueOn}，¥${((l.owedFen ?? l.amountFen) / 100).toFixed(2)}）`,
              'en-US': `${f.name}: loan of ${l.unitName} ${status === 'overdue' ? 'is overdue' : 'is due'} (${l.dueOn}, ¥${((l.owedFen ?? l.amountFen) / 100).toFixed(2)})`,
            },
            href: f.role === 'officer' ? '/fund' : '/my-fund', due: l.dueOn, severity: status === 'overdue' ? 'overdue' : 'due',
          });
        }
      }
    }
    return out;
  },
};

/**
 * Dues in arrears: branches the caller collects dues in (dues.collect) with members who have not paid for
 * ARREARS_FLAG_MONTHS months or more of this year — the count the collection sheet (`duesSheet`) flags.
 */
/** The branches the caller collects in with members `atLeast` months behind this year (count per branch). */
async function behind(ctx: Ctx, p: Principal, atLeast: number) {
  const regions = regionsWith(p, 'dues.collect');
  if (!regions.length) return { year: 0, rows: [] };
  const today = todayShanghai(ctx.now());
  const year = Number(today.slice(0, 4));
  const through = throughMonthOf(year, today);
  if (through < atLeast) return { year, rows: [] };
  const paid = sql<number>`(select count(distinct dm.month)::int from ${duesMonths} dm where dm.region_id = ${members.regionId}
    and dm.member_id = ${members.id} and dm.year = ${year} and dm.month <= ${through})`;
  // an exempt member (monthly amount 0) owes nothing
  const exempt = sql`exists (select 1 from ${duesAmounts} da where da.region_id = ${members.regionId} and da.member_id = ${members.id} and da.year = ${year} and da.monthly_fen = 0)`;
  const rows = await ctx.db.select({ regionId: orgs.regionId, orgId: orgs.id, orgName: orgs.name, n: countAll }).from(members)
    .innerJoin(orgs, and(eq(orgs.regionId, members.regionId), eq(orgs.id, members.orgId)))
    .where(and(
      sql`${members.regionId} in (${sql.join(regions.map((r) => sql`${r}::uuid`), sql`, `)})`,
      scopeWhere(p, 'dues.collect', { regionId: orgs.regionId, orgPath: orgs.path }),
      eq(orgs.kind, 'branch'), notInArray(members.status, ['transferred_out', 'deceased', 'left']),
      sql`${through} - ${paid} >= ${atLeast}`, sql`not ${exempt}`,
    ))
    .groupBy(orgs.regionId, orgs.id, orgs.name, orgs.path).orderBy(orgs.path);
  return { year, rows };
}

/**
 * Dues in arrears: branches the caller collects dues in (dues.collect) with members who have not paid for
 * ARREARS_FLAG_MONTHS months or more of this year — the count the collection sheet (`duesSheet`) flags.
 */
const dues: TodoSource = {
  key: 'money.dues',
  label: { 'zh-CN': '党费欠缴', 'en-US': 'Dues in arrears' },
  list: async (ctx, p) => {
    const { year, rows } = await behind(ctx, p, ARREARS_FLAG_MONTHS);
    return rows.map((r): TodoItem => ({
      source: 'money.dues', id: `${r.orgId}|${year}`, regionId: r.regionId,
      title: {
        'zh-CN': `${r.orgName}：${r.n} 名党员欠缴党费 ${ARREARS_FLAG_MONTHS} 个月以上`,
        'en-US': `${r.orgName}: ${r.n} member(s) ${ARREARS_FLAG_MONTHS}+ months behind with their dues`,
      },
      href: `/dues?orgId=${r.orgId}&ym=${todayShanghai(ctx.now()).slice(0, 7)}`, due: null, severity: 'overdue',
    }));
  },
};

/**
 * The warning before 6 months (a member who pays nothing for 6 months without reason is deemed to have left): the
 * branches with members ARREARS_WARN_MONTHS or more months behind. The platform warns; it decides nothing.
 */
const duesWarn: TodoSource = {
  key: 'money.duesWarn',
  label: { 'zh-CN': '党费欠缴预警（5 个月）', 'en-US': 'Dues warning (5 months)' },
  list: async (ctx, p) => {
    const { year, rows } = await behind(ctx, p, ARREARS_WARN_MONTHS);
    return rows.map((r): TodoItem => ({
      source: 'money.duesWarn', id: `${r.orgId}|${year}|warn`, regionId: r.regionId,
      title: {
        'zh-CN': `${r.orgName}：${r.n} 名党员已欠缴党费 ${ARREARS_WARN_MONTHS} 个月以上，满 6 个月将按规定视为自行脱党，请尽快谈话提醒`,
        'en-US': `${r.orgName}: ${r.n} member(s) ${ARREARS_WARN_MONTHS}+ months behind; at 6 a member is deemed to have left — talk to them soon`,
      },
      href: `/dues?orgId=${r.orgId}&ym=${todayShanghai(ctx.now()).slice(0, 7)}`, due: null, severity: 'overdue',
    }));
  },
};

export const moneyTodos: TodoSource[] = [loans, dues, duesWarn];

/**
 * The signed-in member's own dues this year (the member's home, GET /api/v1/me/dues): the monthly amount, the
 * months paid and the months counted so far still unpaid — the member's row of the collection sheet.
 */
export async function myDues(ctx: Ctx, p: Principal) {
  const today = todayShanghai(ctx.now());
  const year = Number(today.slice(0, 4));
  const through = throughMonthOf(year, today);
  if (!p.memberId || !p.memberRegionId) return { year, throughMonth: through, monthlyFen: null, paidMonths: [], unpaidMonths: [] };
  const [amount] = await ctx.db.select({ monthlyFen: duesAmounts.monthlyFen }).from(duesAmounts)
    .where(and(eq(duesAmounts.regionId, p.memberRegionId), eq(duesAmounts.memberId, p.memberId), eq(duesAmounts.year, year)));
  const paid = (await ctx.db.selectDistinct({ month: duesMonths.month }).from(duesMonths)
    .where(and(eq(duesMonths.regionId, p.memberRegionId), eq(duesMonths.memberId, p.memberId), eq(duesMonths.year, year)))).map((r) => Number(r.month)).sort((a, b) => a - b);
  return {
    year, throughMonth: through, monthlyFen: amount?.monthlyFen == null ? null : Number(amount.monthlyFen), paidMonths: paid,
    unpaidMonths: Array.from({ length: through }, (_, i) => i + 1).filter((m) => !paid.includes(m)),
  };
}
