import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { workbookBuffer, type Cell } from '../../platform/xlsx.ts';
import type { z } from 'zod';
import type { ContestCreate, JudgeAdd, ScoreInput } from '../../../shared/cluster.ts';
import type { DbOrTx } from '../../db/client.ts';
import type { Ctx } from '../../platform/context.ts';
import { countAll, paginate } from '../../platform/pagination.ts';
import { audit, type Actor } from '../../platform/audit.ts';
import { conflict, fieldError, invalid, notFound } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { assertCan, can, scopeWhere, type Principal, type Target } from '../../platform/scope.ts';
import { grants, users } from '../../platform/schema.ts';
import { transaction } from '../../platform/transaction.ts';
import { grantRole, revokeRole } from '../../platform/users.ts';
import { orgs } from '../directory/schema.ts';
import { findAlliance, iso, orgById, orgMap } from './common.ts';
import { contestCriteria, contestEntries, contestJudges, contests, contestScores, projects } from './schema.ts';
import { checkWeights, computeResults, WeightsError, type EntryResult } from './scoring.ts';

export type ContestRow = typeof contests.$inferSelect;

export const FORMULA_TEXT =
  'For each entry, criterion and judge category: the mean of the judges\' points, dropping the single highest and ' +
  'lowest when five or more judges of that category scored it (recused judges do not count); categories combined by ' +
  'their weights; criteria normalised by their maximum and combined by their weights into a score out of 100. Ties: ' +
  'more first places first, then the lower spread (standard deviation of the judges\' own totals).';

export const contestTarget = (c: ContestRow): Target =>
  ({ regionId: c.regionId, allianceId: c.allianceId, record: { kind: 'contest', id: c.id } });

export async function findContest(db: DbOrTx, p: Principal | null, id: string, perm: 'contests.manage' | 'contests.score' | 'any') {
  const [c] = await db.select().from(contests).where(eq(contests.id, id)).limit(1);
  if (!c) throw notFound();
  if (perm === 'any') {
    if (!can(p, 'contests.manage', contestTarget(c)) && !can(p, 'contests.score', contestTarget(c))) throw notFound();
  } else assertCan(p, perm, contestTarget(c));
  return c;
}

function weightsError(e: WeightsError) {
  return invalid([fieldError(e.field, 'contest.weights_sum', { sum: e.sum })], 'WEIGHTS_NOT_100');
}

/** A judge is recused from an entry owned by his/her organisation or by an organisation beneath it. */
export function isRecused(judgeOrgPath: string | null | undefined, entryOrgPath: string | null | undefined): boolean {
  return !!judgeOrgPath && !!entryOrgPath && entryOrgPath.startsWith(judgeOrgPath);
}

export async function contestDetail(db: DbOrTx, c: ContestRow) {
  // sequential: inside a transaction one connection serves one query at a time
  const criteria = await db.select().from(contestCriteria).where(and(eq(contestCriteria.regionId, c.regionId), eq(contestCriteria.contestId, c.id))).orderBy(asc(contestCriteria.sort));
  const entries = await db.select({ id: contestEntries.id, projectId: contestEntries.projectId, orgId: contestEntries.orgId, title: projects.title, level: projects.level, orgName: orgs.name })
      .from(contestEntries)
      .innerJoin(projects, and(eq(projects.regionId, contestEntries.regionId), eq(projects.id, contestEntries.projectId)))
      .innerJoin(orgs, and(eq(orgs.regionId, contestEntries.regionId), eq(orgs.id, contestEntries.orgId)))
      .where(and(eq(contestEntries.regionId, c.regionId), eq(contestEntries.contestId, c.id))).orderBy(asc(contestEntries.sort));
  const judges = await db.select().from(contestJudges).where(and(eq(contestJudges.regionId, c.regionId), eq(contestJudges.contestId, c.id))).orderBy(asc(contestJudges.createdAt));
  return {
    id: c.id, regionId: c.regionId, allianceId: c.allianceId, title: c.title, quarter: c.quarter,
    status: c.status as 'open', categoryWeights: c.categoryWeights,
    criteria: criteria.map((x) => ({ id: x.id, name: x.name, maxPoints: x.maxPoints, weight: x.weight, sort: x.sort })),
    entries, judges: judges.map((j) => ({ id: j.id, userId: j.userId, name: j.name, category: j.category, orgId: j.orgId })),
    closedAt: iso(c.closedAt), publishedAt: iso(c.publishedAt),
  };
}

/** A contest with rubric, entries and judges (each with the entries scored and still to score), for its managers. */
export async function contestView(ctx: Ctx, p: Principal, id: string) {
  const c = await findContest(ctx.db, p, id, 'contests.manage');
  return withProgress(ctx.db, c, await contestDetail(ctx.db, c));
}

type Detail = Awaited<ReturnType<typeof contestDetail>>;

/** Each judge's progress: entries fully scored, and entries (not recused) still to score. */
async function withProgress(db: DbOrTx, c: ContestRow, d: Detail) {
  const counts = await db.select({ judgeId: contestScores.judgeId, entryId: contestScores.entryId, n: countAll }).from(contestScores)
    .where(and(eq(contestScores.regionId, c.regionId), eq(contestScores.contestId, c.id))).groupBy(contestScores.judgeId, contestScores.entryId);
  const done = new Set(counts.filter((x) => Number(x.n) >= d.criteria.length).map((x) => `${x.judgeId}|${x.entryId}`));
  const paths = await orgMap(db, c.regionId, [...d.judges.map((j) => j.orgId ?? ''), ...d.entries.map((e) => e.orgId)]);
  return {
    ...d,
    judges: d.judges.map((j) => {
      const jp = j.orgId ? paths.get(j.orgId)?.path : null;
      const mine = d.entries.filter((e) => !isRecused(jp, paths.get(e.orgId)?.path));
      const scored = mine.filter((e) => done.has(`${j.id}|${e.id}`)).length;
      return { ...j, scored, toScore: mine.length - scored };
    }),
  };
}

/** The judge categories with at least one score in the contest. */
async function scoredCategories(db: DbOrTx, c: ContestRow): Promise<Set<string>> {
  const rows = await db.select({ category: contestJudges.category, n: countAll }).from(contestScores)
    .innerJoin(contestJudges, and(eq(contestJudges.regionId, contestScores.regionId), eq(contestJudges.id, contestScores.judgeId)))
    .where(and(eq(contestScores.regionId, c.regionId), eq(contestScores.contestId, c.id))).groupBy(contestJudges.category);
  return new Set(rows.filter((r) => Number(r.n) > 0).map((r) => r.category));
}

/**
 * The category weights as the ranking applied them: a weighted category nobody of which scored counts 0, and the
 * others share its weight in proportion (the formula renormalises over the categories present). Two decimals;
 * equal to the nominal weights when every weighted category scored.
 */
export function appliedWeights(nominal: Record<string, number>, scored: Set<string>): Record<string, number> {
  const present = Object.entries(nominal).filter(([k, w]) => w > 0 && scored.has(k));
  const sum = present.reduce((a, [, w]) => a + w, 0);
  return Object.fromEntries(Object.entries(nominal).map(([k, w]) => [k, sum > 0 && w > 0 && scored.has(k) ? Math.round((w / sum) * 10_000) / 100 : 0]));
}

/**
 * What closing or publishing would hide: a judge category with a weight that has no score at all (its weight
 * would silently pass to the others). One detail per such category.
 */
async function contestWarnings(db: DbOrTx, c: ContestRow) {
  const scored = await scoredCategories(db, c);
  return Object.entries(c.categoryWeights as Record<string, number>)
    .filter(([k, weight]) => weight > 0 && !scored.has(k))
    .map(([k, weight]) => ({ ...fieldError(`categoryWeights.${k}`, `contest.no_scores.${k}`, { weight }), category: k, weight }));
}

/**
 * Removes a judge who has not scored yet (409 JUDGE_HAS_SCORES after; the scores stay). The judge role on the
 * contest goes with it. A made-up judge, or one of another contest, answers 404.
 */
export async function removeJudge(ctx: Ctx, actor: Actor, contestId: string, judgeId: string) {
  return transaction(ctx.db, async (tx) => {
    const c = await findContest(tx, actor.principal, contestId, 'contests.manage');
    const [j] = await tx.select().from(contestJudges)
      .where(and(eq(contestJudges.regionId, c.regionId), eq(contestJudges.contestId, c.id), eq(contestJudges.id, judgeId)));
    if (!j) throw notFound();
    if (c.status !== 'open') throw conflict('CONTEST_NOT_OPEN');
    const [{ n }] = await tx.select({ n: countAll }).from(contestScores)
      .where(and(eq(contestScores.regionId, c.regionId), eq(contestScores.contestId, c.id), eq(contestScores.judgeId, j.id)));
    if (Number(n) > 0) throw conflict('JUDGE_HAS_SCORES', { n: Number(n) });
    await tx.delete(contestJudges).where(and(eq(contestJudges.regionId, c.regionId), eq(contestJudges.id, j.id)));
    await revokeRole(tx, actor, { userId: j.userId, role: 'judge', scopeKind: 'contest', scopeId: c.id, regionId: c.regionId });
    await audit(tx, actor, { regionId: c.regionId, action: 'contest.judge.remove', entityType: 'contest_judge', entityId: j.id, before: j });
    return withProgress(tx, c, await contestDetail(tx, c));
  });
}

export async function listContests(ctx: Ctx, p: Principal, q: { allianceId?: string; page: number; pageSize: number }) {
  const { db } = ctx;
  const scope = sql`(${scopeWhere(p, 'contests.manage', { regionId: contests.regionId, allianceId: contests.allianceId })} or ${scopeWhere(p, 'contests.score', { regionId: contests.regionId, record: { kind: 'contest', id: contests.id } })})`;
  const where = q.allianceId ? and(scope, eq(contests.allianceId, q.allianceId)) : scope;
  return paginate(q,
    db.select().from(contests).where(where).orderBy(desc(contests.quarter), desc(contests.id)),
    db.select({ n: countAll }).from(contests).where(where),
    (c) => ({ id: c.id, regionId: c.regionId, allianceId: c.allianceId, title: c.title, quarter: c.quarter, status: c.status as 'open', closedAt: iso(c.closedAt), publishedAt: iso(c.publishedAt) }));
}

async function entryRowsFor(tx: DbOrTx, regionId: string, allianceId: string, projectIds: string[]) {
  if (!projectIds.length) return [];
  const rows = await tx.select().from(projects).where(and(eq(projects.regionId, regionId), inArray(projects.id, projectIds)));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const details = projectIds.flatMap((id, i) => {
    const pr = byId.get(id);
    return !pr || pr.allianceId !== allianceId ? [fieldError(`projectIds.${i}`, 'contest.project_not_in_alliance')] : [];
  });
  if (details.length) throw invalid(details);
  return projectIds.map((id) => byId.get(id)!);
}

export async function createContest(ctx: Ctx, actor: Actor, input: z.infer<typeof ContestCreate>) {
  const alliance = await findAlliance(ctx.db, actor.principal, input.allianceId, 'contests.manage');
  try { checkWeights(input.criteria, input.categoryWeights); } catch (e) {
    if (e instanceof WeightsError) throw weightsError(e);
    throw e;
  }
  const regionId = alliance.regionId;
  return ctx.db.transaction(async (tx) => {
    const entryProjects = await entryRowsFor(tx, regionId, alliance.id, [...new Set(input.projectIds)]);
    const id = uuidv7();
    const [row] = await tx.insert(contests).values({
      regionId, id, allianceId: alliance.id, title: input.title, quarter: input.quarter, status: 'open', categoryWeights: input.categoryWeights,
    }).returning();
    const crit = input.criteria.map((c, i) => ({ regionId, id: uuidv7(), contestId: id, name: c.name, maxPoints: c.maxPoints, weight: c.weight, sort: i }));
    await tx.insert(contestCriteria).values(crit);
    if (entryProjects.length) {
      await tx.insert(contestEntries).values(entryProjects.map((pr, i) => ({ regionId, id: uuidv7(), contestId: id, projectId: pr.id, orgId: pr.orgId, sort: i })));
    }
    await audit(tx, actor, { regionId, action: 'contest.create', entityType: 'contest', entityId: id, after: { ...row, criteria: crit, projectIds: input.projectIds } });
    return contestDetail(tx, row);
  });
}

export async function addEntries(ctx: Ctx, actor: Actor, contestId: string, projectIds: string[]) {
  return ctx.db.transaction(async (tx) => {
    const c = await findContest(tx, actor.principal, contestId, 'contests.manage');
    if (c.status !== 'open') throw conflict('CONTEST_NOT_OPEN');
    const existing = await tx.select({ projectId: contestEntries.projectId }).from(contestEntries)
      .where(and(eq(contestEntries.regionId, c.regionId), eq(contestEntries.contestId, c.id)));
    const have = new Set(existing.map((e) => e.projectId));
    const rows = await entryRowsFor(tx, c.regionId, c.allianceId, [...new Set(projectIds)].filter((x) => !have.has(x)));
    if (rows.length) {
      await tx.insert(contestEntries).values(rows.map((pr, i) => ({ regionId: c.regionId, id: uuidv7(), contestId: c.id, projectId: pr.id, orgId: pr.orgId, sort: existing.length + i })));
      await audit(tx, actor, { regionId: c.regionId, action: 'contest.entries.add', entityType: 'contest', entityId: c.id, after: { projectIds: rows.map((r) => r.id) } });
    }
    return contestDetail(tx, c);
  });
}

/** Replaces the rubric and category weights, only while nobody has scored. */
export async function updateRubric(ctx: Ctx, actor: Actor, contestId: string, input: Pick<z.infer<typeof ContestCreate>, 'criteria' | 'categoryWeights'>) {
  try { checkWeights(input.criteria, input.categoryWeights); } catch (e) {
    if (e instanceof WeightsError) throw weightsError(e);
    throw e;
  }
  return ctx.db.transaction(async (tx) => {
    const c = await findContest(tx, actor.principal, contestId, 'contests.manage');
    if (c.status !== 'open') throw conflict('CONTEST_NOT_OPEN');
    const [{ n }] = await tx.select({ n: countAll }).from(contestScores).where(and(eq(contestScores.regionId, c.regionId), eq(contestScores.contestId, c.id)));
    if (Number(n) > 0) throw conflict('CONTEST_HAS_SCORES');
    const before = await contestDetail(tx, c);
    await tx.delete(contestCriteria).where(and(eq(contestCriteria.regionId, c.regionId), eq(contestCriteria.contestId, c.id)));
    await tx.insert(contestCriteria).values(input.criteria.map((x, i) => ({ regionId: c.regionId, id: uuidv7(), contestId: c.id, name: x.name, maxPoints: x.maxPoints, weight: x.weight, sort: i })));
    const [row] = await tx.update(contests).set({ categoryWeights: input.categoryWeights }).where(and(eq(contests.regionId, c.regionId), eq(contests.id, c.id))).returning();
    const after = await contestDetail(tx, row);
    await audit(tx, actor, { regionId: c.regionId, action: 'contest.rubric', entityType: 'contest', entityId: c.id, before: { criteria: before.criteria, categoryWeights: before.categoryWeights }, after: { criteria: after.criteria, categoryWeights: after.categoryWeights } });
    return after;
  });
}

export async function addJudge(ctx: Ctx, actor: Actor, contestId: string, input: z.infer<typeof JudgeAdd>) {
  return transaction(ctx.db, async (tx) => {
    const c = await findContest(tx, actor.principal, contestId, 'contests.manage');
    if (!input.userId && !input.username) throw invalid([fieldError('username', 'field.required')]);
    const [u] = input.userId
      ? await tx.select({ id: users.id }).from(users).where(eq(users.id, input.userId))
      : await tx.select({ id: users.id }).from(users).where(sql`lower(${users.username}) = ${input.username!.toLowerCase()}`);
    if (!u) throw invalid([fieldError(input.userId ? 'userId' : 'username', input.userId ? 'field.invalid' : 'user.not_found')]);
    const userId = u.id;
    if (input.orgId && !(await orgById(tx, input.orgId, c.regionId))) throw invalid([fieldError('orgId', 'field.invalid')]);
    const [dup] = await tx.select({ id: contestJudges.id }).from(contestJudges)
      .where(and(eq(contestJudges.regionId, c.regionId), eq(contestJudges.contestId, c.id), eq(contestJudges.userId, userId)));
    if (dup) throw conflict('JUDGE_EXISTS');
    const id = uuidv7();
    const [row] = await tx.insert(contestJudges).values({ regionId: c.regionId, id, contestId: c.id, userId, name: input.name, category: input.category, orgId: input.orgId ?? null }).returning();
    const [g] = await tx.select({ id: grants.id }).from(grants).where(and(eq(grants.regionId, c.regionId), eq(grants.userId, userId), eq(grants.role, 'judge'), eq(grants.scopeKind, 'contest'), eq(grants.scopeId, c.id)));
    if (!g) await grantRole(tx, actor, { userId, role: 'judge', scopeKind: 'contest', scopeId: c.id, regionId: c.regionId });
    await audit(tx, actor, { regionId: c.regionId, action: 'contest.judge.add', entityType: 'contest_judge', entityId: id, after: row });
    return { id, userId: row.userId, name: row.name, category: row.category, orgId: row.orgId };
  });
}

async function myJudge(db: DbOrTx, p: Principal, c: ContestRow) {
  const [j] = await db.select().from(contestJudges)
    .where(and(eq(contestJudges.regionId, c.regionId), eq(contestJudges.contestId, c.id), eq(contestJudges.userId, p.id)));
  if (!j) throw notFound();
  return j;
}

/** The judge's own sheet: entries (recused ones marked), criteria and the judge's scores so far. */
export async function judgeSheet(ctx: Ctx, p: Principal, contestId: string) {
  const { db } = ctx;
  const c = await findContest(db, p, contestId, 'contests.score');
  const j = await myJudge(db, p, c);
  const d = await contestDetail(db, c);
  const paths = await orgMap(db, c.regionId, [j.orgId ?? '', ...d.entries.map((e) => e.orgId)]);
  const mine = await db.select().from(contestScores)
    .where(and(eq(contestScores.regionId, c.regionId), eq(contestScores.contestId, c.id), eq(contestScores.judgeId, j.id)));
  const judgePath = j.orgId ? paths.get(j.orgId)?.path : null;
  return {
    contest: { id: c.id, title: c.title, quarter: c.quarter, status: c.status as 'open' },
    judge: { id: j.id, name: j.name, category: j.category },
    criteria: d.criteria,
    entries: d.entries.map((e) => ({
      id: e.id, title: e.title, orgName: e.orgName, level: e.level,
      recused: isRecused(judgePath, paths.get(e.orgId)?.path),
      scores: Object.fromEntries(mine.filter((s) => s.entryId === e.id).map((s) => [s.criterionId, Number(s.points)])),
    })),
  };
}

export async function submitScores(ctx: Ctx, actor: Actor, contestId: string, entryId: string, input: z.infer<typeof ScoreInput>) {
  const p = actor.principal!;
  return ctx.db.transaction(async (tx) => {
    const c = await findContest(tx, p, contestId, 'contests.score');
    const j = await myJudge(tx, p, c);
    // lock the contest row so a concurrent close cannot interleave with this write
    await tx.execute(sql`select id from contests where region_id = ${c.regionId} and id = ${c.id} for update`);
    const [fresh] = await tx.select({ status: contests.status }).from(contests).where(and(eq(contests.regionId, c.regionId), eq(contests.id, c.id)));
    if (fresh.status !== 'open') throw conflict('CONTEST_CLOSED');
    const [entry] = await tx.select().from(contestEntries)
      .where(and(eq(contestEntries.regionId, c.regionId), eq(contestEntries.contestId, c.id), eq(contestEntries.id, entryId)));
    if (!entry) throw notFound();
    const paths = await orgMap(tx, c.regionId, [j.orgId ?? '', entry.orgId]);
    if (isRecused(j.orgId ? paths.get(j.orgId)?.path : null, paths.get(entry.orgId)?.path)) throw conflict('JUDGE_RECUSED');
    const criteria = await tx.select().from(contestCriteria).where(and(eq(contestCriteria.regionId, c.regionId), eq(contestCriteria.contestId, c.id)));
    const byId = new Map(criteria.map((x) => [x.id, x]));
    const details = [];
    const seen = new Set<string>();
    for (const [i, s] of input.scores.entries()) {
      const cr = byId.get(s.criterionId);
      if (!cr) { details.push(fieldError(`scores.${i}.criterionId`, 'contest.unknown_criterion')); continue; }
      if (seen.has(s.criterionId)) details.push(fieldError(`scores.${i}.criterionId`, 'contest.duplicate_criterion'));
      seen.add(s.criterionId);
      if (s.points < 0 || s.points > cr.maxPoints) details.push(fieldError(`scores.${i}.points`, 'contest.score_range', { max: cr.maxPoints }));
    }
    if (details.length) {
      const onlyRange = details.every((d) => d.field!.endsWith('.points'));
      throw invalid(details, onlyRange ? 'SCORE_OUT_OF_RANGE' : 'VALIDATION_FAILED');
    }
    const before = await tx.select().from(contestScores)
      .where(and(eq(contestScores.regionId, c.regionId), eq(contestScores.contestId, c.id), eq(contestScores.judgeId, j.id), eq(contestScores.entryId, entry.id)));
    const now = new Date(ctx.now());
    for (const s of input.scores) {
      await tx.insert(contestScores).values({ regionId: c.regionId, contestId: c.id, judgeId: j.id, entryId: entry.id, criterionId: s.criterionId, points: s.points, updatedAt: now })
        .onConflictDoUpdate({
          target: [contestScores.regionId, contestScores.contestId, contestScores.judgeId, contestScores.entryId, contestScores.criterionId],
          set: { points: s.points, updatedAt: now },
        });
    }
    const asMap = (rows: { criterionId: string; points: number }[]) => Object.fromEntries(rows.map((r) => [r.criterionId, Number(r.points)]));
    const after = { ...asMap(before), ...asMap(input.scores) };
    await audit(tx, actor, {
      regionId: c.regionId, action: before.length ? 'contest.score.update' : 'contest.score.create', entityType: 'contest_score',
      entityId: `${c.id}:${j.id}:${entry.id}`, before: before.length ? asMap(before) : undefined, after,
    });
    return { entryId: entry.id, scores: after };
  });
}

async function setStatus(ctx: Ctx, actor: Actor, contestId: string, from: string, to: 'closed' | 'published', errCode: string, confirmed: boolean) {
  return ctx.db.transaction(async (tx) => {
    const c = await findContest(tx, actor.principal, contestId, 'contests.manage');
    await tx.execute(sql`select id from contests where region_id = ${c.regionId} and id = ${c.id} for update`);
    const [fresh] = await tx.select().from(contests).where(and(eq(contests.regionId, c.regionId), eq(contests.id, c.id)));
    if (fresh.status !== from) throw conflict(errCode);
    if (!confirmed) {
      const warnings = await contestWarnings(tx, fresh);
      if (warnings.length) throw conflict('CONTEST_WARNINGS', {}, warnings);
    }
    const patch: Partial<ContestRow> = { status: to };
    if (to === 'closed') patch.closedAt = new Date(ctx.now());
    if (to === 'published') { patch.publishedAt = new Date(ctx.now()); patch.results = await computeContest(tx, fresh); }
    const [row] = await tx.update(contests).set(patch).where(and(eq(contests.regionId, c.regionId), eq(contests.id, c.id))).returning();
    await audit(tx, actor, { regionId: c.regionId, action: `contest.${to === 'closed' ? 'close' : 'publish'}`, entityType: 'contest', entityId: c.id, before: { status: fresh.status }, after: { status: to } });
    return contestDetail(tx, row);
  });
}

/** Close (scores lock). Without `confirmed`, answers 409 CONTEST_WARNINGS listing what the ranking would hide (nothing changes). */
export const closeContest = (ctx: Ctx, actor: Actor, id: string, confirmed = false) => setStatus(ctx, actor, id, 'open', 'closed', 'CONTEST_NOT_OPEN', confirmed);
/** Publish (ranking frozen and public); the same warnings as closing. */
export const publishContest = (ctx: Ctx, actor: Actor, id: string, confirmed = false) => setStatus(ctx, actor, id, 'closed', 'published', 'CONTEST_NOT_CLOSED', confirmed);

/** Loads what the formula needs and ranks the entries. */
export async function computeContest(db: DbOrTx, c: ContestRow, detail?: Awaited<ReturnType<typeof contestDetail>>) {
  const d = detail ?? await contestDetail(db, c);
  // thousands of scores come back as one text value: far cheaper than one row each (PGlite's row decoding dominates)
  const res = await db.execute(sql`select string_agg(judge_id::text || ' ' || entry_id::text || ' ' || criterion_id::text || ' ' || points::text, ';') as s
    from contest_scores where region_id = ${c.regionId} and contest_id = ${c.id}`);
  const packed = (res as unknown as { rows: { s: string | null }[] }).rows[0]?.s ?? '';
  const scores = packed ? packed.split(';').map((row) => {
    const [judgeId, entryId, criterionId, points] = row.split(' ');
    return { judgeId, entryId, criterionId, points: Number(points) };
  }) : [];
  const results = computeResults({
    criteria: d.criteria, categoryWeights: d.categoryWeights, judges: d.judges, entryIds: d.entries.map((e) => e.id), scores,
  });
  return rankingOf(d, results);
}

function rankingOf(d: Awaited<ReturnType<typeof contestDetail>>, results: EntryResult[]) {
  const byId = new Map(d.entries.map((e) => [e.id, e]));
  return results.map((r) => {
    const e = byId.get(r.entryId)!;
    return {
      entryId: r.entryId, rank: r.rank, title: e.title, orgName: e.orgName, level: e.level,
      total: r.total, firstPlaces: r.firstPlaces, spread: r.spread, judgesCounted: r.judgesCounted,
      criteria: r.criteria.map((x) => ({ criterionId: x.criterionId, score: x.score === null ? null : Math.round(x.score * 100) / 100, categoryMeans: x.categoryMeans })),
    };
  });
}

/** Results: live for the contest's managers; for everyone else (public) only once published. */
export async function contestResults(ctx: Pick<Ctx, 'db'>, p: Principal | null, contestId: string, publicOnly: boolean) {
  const { db } = ctx;
  const [c] = await db.select().from(contests).where(eq(contests.id, contestId)).limit(1);
  if (!c) throw notFound();
  const manager = !publicOnly && can(p, 'contests.manage', contestTarget(c));
  if (!manager && c.status !== 'published') throw notFound();
  const d = await contestDetail(db, c);
  const ranking = c.status === 'published' && c.results ? (c.results as ReturnType<typeof rankingOf>) : await computeContest(db, c, d);
  const scored = await scoredCategories(db, c);
  const nominal = d.categoryWeights as Record<string, number>;
  return {
    contest: { id: c.id, title: c.title, quarter: c.quarter, status: c.status as 'open', publishedAt: iso(c.publishedAt) },
    formula: FORMULA_TEXT, criteria: d.criteria, categoryWeights: nominal, appliedWeights: appliedWeights(nominal, scored),
    unscoredCategories: Object.keys(nominal).filter((k) => nominal[k] > 0 && !scored.has(k)), ranking,
  };
}

/** The full score sheet (judge × entry × criterion) as xlsx, with recusals marked. */
const SHEET_TEXT = {
  'zh-CN': {
    sheet: '评分表', ranking: '排名', judge: '评委', category: '评委类别', entry: '项目', org: '组织', recused: '回避',
    criterion: (name: string, max: number, weight: number) => `${name}（满分 ${max}，权重 ${weight}%）`,
    rankHeader: ['名次', '项目', '组织', '总分', '第一名票数', '离散度'],
    categories: { veteran: '老党员', resident: '居民代表', department: '职能部门负责人' } as Record<string, string>,
  },
  'en-US': {
    sheet: 'Scores', ranking: 'Ranking', judge: 'Judge', category: 'Judge category', entry: 'Entry', org: 'Organisation', recused: 'recused',
    criterion: (name: string, max: number, weight: number) => `${name} (max ${max}, ${weight}%)`,
    rankHeader: ['Rank', 'Entry', 'Organisation', 'Total', 'First places', 'Spread'],
    categories: { veteran: 'Veteran member', resident: 'Resident representative', department: 'Department head' } as Record<string, string>,
  },
};

export async function scoreSheetXlsx(ctx: Ctx, p: Principal, contestId: string, locale: 'zh-CN' | 'en-US' = 'zh-CN'): Promise<Buffer> {
  const tx = SHEET_TEXT[locale];
  const { db } = ctx;
  const c = await findContest(db, p, contestId, 'contests.manage');
  const d = await contestDetail(db, c);
  const scores = await db.select().from(contestScores).where(and(eq(contestScores.regionId, c.regionId), eq(contestScores.contestId, c.id)));
  const paths = await orgMap(db, c.regionId, [...d.judges.map((j) => j.orgId ?? ''), ...d.entries.map((e) => e.orgId)]);
  const key = (j: string, e: string, cr: string) => `${j}|${e}|${cr}`;
  const m = new Map(scores.map((s) => [key(s.judgeId, s.entryId, s.criterionId), Number(s.points)]));
  const sheet: Cell[][] = [];
  for (const j of d.judges) {
    const jp = j.orgId ? paths.get(j.orgId)?.path : null;
    for (const e of d.entries) {
      const recused = isRecused(jp, paths.get(e.orgId)?.path);
      sheet.push([j.name, tx.categories[j.category] ?? j.category, e.title, e.orgName, ...d.criteria.map((x) => (recused ? tx.recused : m.get(key(j.id, e.id, x.id)) ?? ''))]);
    }
  }
  const ranking: Cell[][] = (await computeContest(db, c)).map((r) => [r.rank, r.title, r.orgName, r.total, r.firstPlaces, r.spread]);
  return workbookBuffer([
    { name: tx.sheet, boldHeader: true, header: [tx.judge, tx.category, tx.entry, tx.org, ...d.criteria.map((x) => tx.criterion(x.name, x.maxPoints, x.weight))], rows: sheet },
    { name: tx.ranking, header: tx.rankHeader, rows: [...ranking, [], [locale === 'zh-CN' ? FORMULA_ZH : FORMULA_TEXT]] },
  ]);
}


const escHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
const LEVEL_ZH: Record<string, string> = { secretary: '书记向前冲', branch: '支部打头阵', member: '党员作表率' };
const FORMULA_ZH = '每个项目按指标、按评委类别分别取平均分；某类评委中有 5 人及以上评分时，去掉一个最高分和一个最低分（回避的评委不计入）。'
  + '各类别按类别权重加权，各指标按满分折算后按指标权重加权，得出百分制总分。总分相同时，第一名票数多者在前，再相同时评分离散度（各评委总分的标准差）小者在前。';

/** The published ranking as a phone-sized public page (server-rendered, no script). */
export function resultsHtml(r: Awaited<ReturnType<typeof contestResults>>, locale: 'zh-CN' | 'en-US'): string {
  const zh = locale === 'zh-CN';
  const catName = (k: string) => escHtml(({ veteran: zh ? '老党员' : 'veteran members', resident: zh ? '居民代表' : 'resident representatives', department: zh ? '职能部门负责人' : 'department heads' } as Record<string, string>)[k] ?? k);
  // the weights the ranking applied: a category without any score shows 0 and why, never its nominal weight
  const cats = Object.entries(r.appliedWeights).map(([k, v]) => `${catName(k)} ${v}%`).join(zh ? '，' : ', ')
    + r.unscoredCategories.map((k) => (zh
      ? `（${catName(k)}未评分，其权重 ${r.categoryWeights[k]}% 按比例计入其他类别）`
      : ` (${catName(k)} gave no scores: their ${r.categoryWeights[k]}% was shared among the others in proportion)`)).join('');
  const crit = r.criteria.map((c) => `${escHtml(c.name)}（${zh ? '满分' : 'max'} ${c.maxPoints}，${c.weight}%）`).join(zh ? '；' : '; ');
  const rows = r.ranking.map((x) => `<tr><td class="r">${x.rank}</td><td><div>${escHtml(x.title)}</div><div class="o">${escHtml(x.orgName)} · ${escHtml(zh ? LEVEL_ZH[x.level] ?? x.level : x.level)}</div></td><td class="t">${x.total === null ? '—' : x.total.toFixed(2)}</td></tr>`).join('');
  return `<!doctype html><html lang="${zh ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escHtml(r.contest.title)}</title>
<style>body{margin:0;font-family:system-ui,"Noto Sans CJK SC",sans-serif;background:#fff7f0;color:#222}header{background:#c8161d;color:#f6d36b;padding:20px 16px;text-align:center}h1{margin:0;font-size:22px}main{max-width:720px;margin:auto;padding:12px}table{width:100%;border-collapse:collapse;background:#fff}td,th{padding:10px 8px;border-bottom:1px solid #eee;text-align:left}.r{width:2.5em;text-align:center;font-weight:bold;color:#c8161d}.t{text-align:right;font-variant-numeric:tabular-nums}.o{font-size:12px;color:#777}p{font-size:13px;color:#555;line-height:1.6}</style></head>
<body><header><h1>${escHtml(r.contest.title)}</h1><div>${escHtml(r.contest.quarter)}</div></header><main>
<table><thead><tr><th>${zh ? '名次' : 'Rank'}</th><th>${zh ? '项目' : 'Project'}</th><th class="t">${zh ? '得分' : 'Score'}</th></tr></thead><tbody>${rows}</tbody></table>
<p><b>${zh ? '计分办法' : 'How the score is computed'}</b>：${escHtml(zh ? FORMULA_ZH : r.formula)}</p><p>${zh ? '评委类别权重' : 'Judge category weights'}：${cats}</p><p>${zh ? '评分指标' : 'Criteria'}：${crit}</p>
</main></body></html>`;
}

/** The published ranking as the public HTML page (404 until published). */
export async function publicResultsPage(ctx: Ctx, contestId: string, locale: 'zh-CN' | 'en-US'): Promise<string> {
  return resultsHtml(await contestResults(ctx, null, contestId, true), locale);
}
