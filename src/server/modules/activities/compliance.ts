import { and, asc, eq, gte, ilike, inArray, lte, ne, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { CELL_STATUS_LETTER, type ComplianceQuery, type ComplianceRulesPut } from '../../../shared/activities.ts';
import { escapeLike } from '../../platform/like.ts';
import { countAll, paginate } from '../../platform/pagination.ts';
import type { DbOrTx } from '../../db/client.ts';
import { audit, type Actor } from '../../platform/audit.ts';
import { notFound } from '../../platform/errors.ts';
import { assertCan, assertHoldsIn, orgInSubtree, pathUnder, scopeWhere, type Principal } from '../../platform/scope.ts';
import { members, orgs, regions } from '../directory/schema.ts';
import { orgById, shanghaiDate, type Ctx } from './common.ts';
import { activities, activityAttendees, activityCheckins, complianceRules } from './schema.ts';

export type Period = 'month' | 'quarter' | 'year';
export interface Rule { kind: string; period: Period; minCount: number }

/**
 * The standard 三会一课 frequencies, used by a region that has not configured its own
 * (compliance_rules rows replace them as a whole).
 */
export const DEFAULT_COMPLIANCE_RULES: readonly Rule[] = [
  { kind: 'general_meeting', period: 'quarter', minCount: 1 },
  { kind: 'committee_meeting', period: 'month', minCount: 1 },
  { kind: 'group_meeting', period: 'month', minCount: 1 },
  { kind: 'party_lesson', period: 'quarter', minCount: 1 },
  { kind: 'theme_day', period: 'month', minCount: 1 },
];

export async function rulesOf(db: DbOrTx, regionId: string): Promise<{ isDefault: boolean; rules: Rule[] }> {
  const rows = await db.select().from(complianceRules).where(eq(complianceRules.regionId, regionId)).orderBy(asc(complianceRules.kind));
  if (!rows.length) return { isDefault: true, rules: DEFAULT_COMPLIANCE_RULES.map((r) => ({ ...r })) };
  return { isDefault: false, rules: rows.map((r) => ({ kind: r.kind, period: r.period as Period, minCount: r.minCount })) };
}

function assertRegionRead(p: Principal, regionId: string) {
  // any activities.read grant in the region may see the board (it is filtered to the grant's branches)
  assertHoldsIn(p, 'activities.read', regionId);
}

export async function getRules(ctx: Ctx, p: Principal, regionId: string) {
  assertRegionRead(p, regionId);
  return { regionId, ...(await rulesOf(ctx.db, regionId)) };
}

/** Only a whole-region grant may change the region's frequencies. */
export async function putRules(ctx: Ctx, actor: Actor, regionId: string, input: z.infer<typeof ComplianceRulesPut>) {
  const p = actor.principal!;
  assertCan(p, 'activities.write', { regionId });
  assertHoldsIn(p, 'activities.write', regionId, { regionWide: true });
  const [region] = await ctx.db.select({ id: regions.id }).from(regions).where(eq(regions.id, regionId));
  if (!region) throw notFound();
  const byKind = new Map(input.rules.map((r) => [r.kind, r]));
  return ctx.db.transaction(async (tx) => {
    const before = await rulesOf(tx, regionId);
    await tx.delete(complianceRules).where(eq(complianceRules.regionId, regionId));
    if (byKind.size) {
      await tx.insert(complianceRules).values([...byKind.values()].map((r) => ({ regionId, ...r, updatedAt: new Date(ctx.now()) })));
    }
    const after = await rulesOf(tx, regionId);
    await audit(tx, actor, { regionId, action: 'compliance.rules', entityType: 'compliance_rules', entityId: regionId, before, after });
    return { regionId, ...after };
  });
}

/**
 * The org a board, due list or attendance report is narrowed to: it must be one the caller may read
 * (404 otherwise, exactly as for an id that does not exist — an org out of scope used to answer 200 []).
 */
async function findRootOrg(ctx: Ctx, p: Principal, regionId: string, orgId: string) {
  const root = await orgById(ctx.db, regionId, orgId);
  assertCan(p, 'activities.read', root ? { regionId: root.regionId, orgPath: root.path } : null);
  return root!;
}

interface PeriodSpan { key: string; start: string; end: string }

function periodsOf(year: number, period: Period): PeriodSpan[] {
  const pad = (n: number) => String(n).padStart(2, '0');
  const lastDay = (m: number) => new Date(Date.UTC(year, m, 0)).getUTCDate();
  if (period === 'year') return [{ key: `${year}`, start: `${year}-01-01`, end: `${year}-12-31` }];
  if (period === 'quarter') {
    return [1, 2, 3, 4].map((q) => ({ key: `${year}-Q${q}`, start: `${year}-${pad(q * 3 - 2)}-01`, end: `${year}-${pad(q * 3)}-${lastDay(q * 3)}` }));
  }
  return Array.from({ length: 12 }, (_, i) => ({ key: `${year}-${pad(i + 1)}`, start: `${year}-${pad(i + 1)}-01`, end: `${year}-${pad(i + 1)}-${lastDay(i + 1)}` }));
}

const periodKeyOf = (heldOn: string, period: Period) => {
  const y = heldOn.slice(0, 4);
  const m = Number(heldOn.slice(5, 7));
  return period === 'year' ? y : period === 'quarter' ? `${y}-Q${Math.ceil(m / 3)}` : `${y}-${heldOn.slice(5, 7)}`;
};

type Branch = { id: string; name: string; secretaryName: string | null };
type CellStatus = 'ok' | 'missing' | 'pending' | 'future';

/** What the board and the due list share: the caller's branches (as SQL conditions), the rules, the year. */
async function boardScope(ctx: Ctx, p: Principal, q: { regionId: string; year?: number; orgId?: string }) {
  assertRegionRead(p, q.regionId);
  const now = ctx.now();
  const today = shanghaiDate(now);
  const year = q.year ?? Number(today.slice(0, 4));
  const { rules } = await rulesOf(ctx.db, q.regionId);
  const conds: SQL[] = [
    eq(orgs.regionId, q.regionId), eq(orgs.kind, 'branch'),
    scopeWhere(p, 'activities.read', { regionId: orgs.regionId, orgPath: orgs.path }),
  ];
  if (q.orgId) {
    const root = await findRootOrg(ctx, p, q.regionId, q.orgId);
    conds.push(pathUnder(orgs.path, root.path));
  }
  const columns = rules.flatMap((r) => periodsOf(year, r.period).map((s) => ({ kind: r.kind, period: s.key, required: r.minCount, rule: r, span: s })));
  return { regionId: q.regionId, now, today, year, rules, conds, columns };
}
type Scope = Awaited<ReturnType<typeof boardScope>>;

/**
 * Per branch and column: what was held and the cell's status. An activity counts when it is not cancelled and has
 * started; it counts for the branch that organised it. Only the given branches' activities are read.
 */
async function boardCells(ctx: Ctx, s: Scope, branches: Branch[]) {
  if (!branches.length || !s.rules.length) return [];
  const kinds = [...new Set(s.rules.map((r) => r.kind))];
  const counts = await ctx.db.select({
    orgId: activities.orgId, kind: activities.kind, month: sql<number>`extract(month from ${activities.heldOn})::int`, n: countAll,
  }).from(activities)
    .where(and(eq(activities.regionId, s.regionId), inArray(activities.orgId, branches.map((b) => b.id)), inArray(activities.kind, kinds),
      ne(activities.status, 'cancelled'), gte(activities.heldOn, `${s.year}-01-01`), lte(activities.heldOn, `${s.year}-12-31`), lte(activities.startsAt, new Date(s.now))))
    .groupBy(activities.orgId, activities.kind, sql`extract(month from ${activities.heldOn})`);
  // orgId → kind|period → periodKey → count
  const held = new Map<string, Map<string, Map<string, number>>>();
  for (const c of counts) {
    const byKind = held.get(c.orgId!) ?? new Map<string, Map<string, number>>();
    held.set(c.orgId!, byKind);
    for (const r of s.rules.filter((x) => x.kind === c.kind)) {
      const key = periodKeyOf(`${s.year}-${String(c.month).padStart(2, '0')}-01`, r.period);
      const byPeriod = byKind.get(`${r.kind}|${r.period}`) ?? new Map<string, number>();
      byKind.set(`${r.kind}|${r.period}`, byPeriod);
      byPeriod.set(key, (byPeriod.get(key) ?? 0) + Number(c.n));
    }
  }
  return branches.map((b) => {
    const cells = s.columns.map((c) => {
      const n = held.get(b.id)?.get(`${c.rule.kind}|${c.rule.period}`)?.get(c.span.key) ?? 0;
      const status: CellStatus = n >= c.required ? 'ok' : c.span.start > s.today ? 'future' : c.span.end < s.today ? 'missing' : 'pending';
      return { kind: c.kind, period: c.period, held: n, required: c.required, status };
    });
    return {
      orgId: b.id, orgName: b.name, secretaryName: b.secretaryName, cells,
      missing: cells.filter((c) => c.status === 'missing').length, ok: cells.filter((c) => c.status === 'ok').length,
    };
  });
}

const branchColumns = { id: orgs.id, name: orgs.name, secretaryName: orgs.secretaryName };

/**
 * The board, a page of branches (in the caller's scope, `q` searching their names) at a time, as the screen shows
 * it: the columns once, per branch the count held and a status letter per column (CELL_STATUS_LETTER).
 */
export async function complianceBoard(ctx: Ctx, p: Principal, q: z.infer<typeof ComplianceQuery>) {
  const s = await boardScope(ctx, p, q);
  const where = and(...s.conds, q.q ? ilike(orgs.name, `%${escapeLike(q.q)}%`) : undefined);
  const page = await paginate(q, ctx.db.select(branchColumns).from(orgs).where(where).orderBy(asc(orgs.path), asc(orgs.id)),
    ctx.db.select({ n: countAll }).from(orgs).where(where));
  const rows = await boardCells(ctx, s, s.rules.length ? page.items : []);
  return {
    regionId: s.regionId, year: s.year, asOf: s.today, rules: s.rules,
    columns: s.columns.map(({ kind, period, required }) => ({ kind, period, required })),
    ...page,
    items: rows.map((r) => ({
      orgId: r.orgId, orgName: r.orgName, secretaryName: r.secretaryName, missing: r.missing, ok: r.ok,
      held: r.cells.map((c) => c.held), status: r.cells.map((c) => CELL_STATUS_LETTER[c.status]).join(''),
    })),
  };
}

/**
 * Branches falling behind: periods of this year that ended without the required count, and the current
 * period while it is still short. A secretary (org admin) sees their branches; a region admin, all.
 */
export async function dueList(ctx: Ctx, p: Principal, q: { regionId: string; orgId?: string }) {
  const s = await boardScope(ctx, p, q);
  const branches = await ctx.db.select(branchColumns).from(orgs).where(and(...s.conds)).orderBy(asc(orgs.path));
  return (await boardCells(ctx, s, branches)).flatMap((b) => b.cells
    .filter((c) => c.status === 'missing' || c.status === 'pending')
    .map((c) => ({ orgId: b.orgId, orgName: b.orgName, secretaryName: b.secretaryName, kind: c.kind, period: c.period, held: c.held, required: c.required, status: c.status as 'missing' | 'pending' })));
}

/** Attendance rate of 三会一课 and theme days: checked in ÷ expected, per branch and per member. */
export async function attendance(ctx: Ctx, p: Principal, q: { regionId: string; from: string; to: string; orgId?: string }) {
  assertRegionRead(p, q.regionId);
  const { rules } = await rulesOf(ctx.db, q.regionId);
  const kinds = [...new Set(rules.map((r) => r.kind))];
  if (!kinds.length) return { branches: [], members: [] };
  const conds: SQL[] = [
    eq(activities.regionId, q.regionId), inArray(activities.kind, kinds), ne(activities.status, 'cancelled'),
    gte(activities.heldOn, q.from), lte(activities.heldOn, q.to), lte(activities.startsAt, new Date(ctx.now())),
    eq(activityAttendees.expected, true),
    scopeWhere(p, 'activities.read', { regionId: activities.regionId, orgId: activities.orgId, allianceId: activities.allianceId }),
  ];
  if (q.orgId) {
    const root = await findRootOrg(ctx, p, q.regionId, q.orgId);
    conds.push(orgInSubtree(activities.orgId, q.regionId, root.path));
  }
  const base = ctx.db.select({
    memberId: activityAttendees.memberId, orgId: activities.orgId, attended: sql<number>`(${activityCheckins.memberId} is not null)::int`.as('attended'),
  }).from(activityAttendees)
    .innerJoin(activities, and(eq(activities.regionId, activityAttendees.regionId), eq(activities.id, activityAttendees.activityId)))
    .leftJoin(activityCheckins, and(eq(activityCheckins.regionId, activityAttendees.regionId),
      eq(activityCheckins.activityId, activityAttendees.activityId), eq(activityCheckins.memberId, activityAttendees.memberId)))
    .where(and(...conds)).as('x');
  const rate = (a: number, e: number) => (e ? Math.round((a / e) * 1000) / 1000 : null);
  const [byBranch, byMember] = await Promise.all([
    ctx.db.select({ orgId: base.orgId, orgName: orgs.name, expected: sql<number>`count(*)::int`, attended: sql<number>`sum(${base.attended})::int` })
      .from(base).innerJoin(orgs, and(eq(orgs.regionId, q.regionId), eq(orgs.id, base.orgId)))
      .groupBy(base.orgId, orgs.name, orgs.path).orderBy(asc(orgs.path)),
    ctx.db.select({ memberId: base.memberId, name: members.name, orgId: members.orgId, expected: sql<number>`count(*)::int`, attended: sql<number>`sum(${base.attended})::int` })
      .from(base).innerJoin(members, and(eq(members.regionId, q.regionId), eq(members.id, base.memberId)))
      .groupBy(base.memberId, members.name, members.orgId, members.namePinyin).orderBy(asc(members.namePinyin)),
  ]);
  return {
    branches: byBranch.map((b) => ({ orgId: b.orgId!, orgName: b.orgName, expected: Number(b.expected), attended: Number(b.attended), rate: rate(Number(b.attended), Number(b.expected)) })),
    members: byMember.map((m) => ({ memberId: m.memberId, name: m.name, orgId: m.orgId, expected: Number(m.expected), attended: Number(m.attended), rate: rate(Number(m.attended), Number(m.expected)) })),
  };
}
