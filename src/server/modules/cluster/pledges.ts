import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { BUILTIN_PLEDGE_CATEGORIES, type PledgeBatchReview, type PledgeCreate, type PledgeReview, type PledgeUndo, type PledgeUpdate } from '../../../shared/cluster.ts';
import type { DbOrTx } from '../../db/client.ts';
import type { Ctx } from '../../platform/context.ts';
import { countAll, emptyPage, paginate } from '../../platform/pagination.ts';
import { audit, type Actor } from '../../platform/audit.ts';
import { conflict, fieldError, invalid, notFound } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { can, grantedRegions, holdsAnywhere, holdsIn, orgInSubtree, regionsWith, type Principal, type Target } from '../../platform/scope.ts';
import { allianceOrgs, members, orgs } from '../directory/schema.ts';
import { findAlliance, findOrg, iso, orgById, scopeAny } from './common.ts';
import { pledgeCategories, pledges } from './schema.ts';

export const BUILTIN_CATEGORY_NAMES: Record<string, string> = { key_work: '重点工作', environment: '环境美化', volunteer: '志愿服务' };

type PledgeRow = typeof pledges.$inferSelect;

/** A member with the path of his/her org, searched across regions (or in one); unscoped. */
export async function memberById(db: DbOrTx, id: string, regionId?: string | null) {
  const [m] = await db.select({ id: members.id, regionId: members.regionId, orgId: members.orgId, name: members.name, path: orgs.path })
    .from(members).innerJoin(orgs, and(eq(orgs.regionId, members.regionId), eq(orgs.id, members.orgId)))
    .where(regionId ? and(eq(members.regionId, regionId), eq(members.id, id)) : eq(members.id, id)).limit(1);
  return m ?? null;
}

async function pledgeWithTarget(db: DbOrTx, id: string) {
  const [row] = await db.select({ p: pledges, memberName: members.name, path: orgs.path }).from(pledges)
    .innerJoin(members, and(eq(members.regionId, pledges.regionId), eq(members.id, pledges.memberId)))
    .innerJoin(orgs, and(eq(orgs.regionId, pledges.regionId), eq(orgs.id, pledges.orgId)))
    .where(eq(pledges.id, id)).limit(1);
  if (!row) return null;
  const target: Target = { regionId: row.p.regionId, orgPath: row.path, memberId: row.p.memberId };
  return { ...row, target };
}

/** The pledge when the caller may read it (org scope, or the member him/herself); else 404. */
export async function findPledge(db: DbOrTx, p: Principal | null, id: string, mode: 'read' | 'edit' | 'review') {
  const r = await pledgeWithTarget(db, id);
  if (!r) throw notFound();
  const admin = can(p, mode === 'read' ? 'cluster.read' : 'cluster.write', r.target);
  const self = mode !== 'review' && can(p, 'pledges.self', { regionId: r.target.regionId, memberId: r.target.memberId });
  if (!admin && !self) throw notFound();
  return r;
}

export const toPledge = (x: PledgeRow, memberName: string) => ({
  id: x.id, regionId: x.regionId, memberId: x.memberId, memberName, orgId: x.orgId, year: x.year, category: x.category,
  content: x.content, isPublic: x.isPublic, status: x.status as 'in_progress', reviewComment: x.reviewComment,
  reviewedAt: iso(x.reviewedAt), createdAt: x.createdAt.toISOString(),
});

/**
 * The categories of a region the caller has any grant in (or is a member of); by default the member's region,
 * else the first region the caller reads the cluster in. 404 for a region out of reach.
 */
export async function categoriesFor(ctx: Ctx, p: Principal, regionId?: string) {
  const region = regionId ?? p.memberRegionId ?? regionsWith(p, 'cluster.read')[0] ?? grantedRegions(p)[0];
  // no region asked for and none of the caller's (the platform admin): the built-in categories, which are no region's
  if (!region) return builtinCategories();
  if (!holdsIn(p, null, region) && p.memberRegionId !== region) throw notFound();
  return categoriesOf(ctx.db, region);
}

const builtinCategories = () => BUILTIN_PLEDGE_CATEGORIES.map((code) => ({ code, name: BUILTIN_CATEGORY_NAMES[code], builtin: true }));

export async function categoriesOf(db: DbOrTx, regionId: string) {
  const custom = await db.select().from(pledgeCategories).where(eq(pledgeCategories.regionId, regionId)).orderBy(asc(pledgeCategories.createdAt));
  return [
    ...builtinCategories(),
    ...custom.map((c) => ({ code: c.code, name: c.name, builtin: false })),
  ];
}

async function checkCategory(db: DbOrTx, regionId: string, category: string) {
  if ((BUILTIN_PLEDGE_CATEGORIES as readonly string[]).includes(category)) return;
  const [c] = await db.select().from(pledgeCategories).where(and(eq(pledgeCategories.regionId, regionId), eq(pledgeCategories.code, category)));
  if (!c) throw invalid([fieldError('category', 'pledge.unknown_category')]);
}

export async function addCategory(ctx: Ctx, actor: Actor, input: { regionId: string; code: string; name: string }) {
  const p = actor.principal!;
  // only a whole-region grant may add a category for the region
  if (!can(p, 'cluster.write', { regionId: input.regionId, orgPath: '/' })) throw notFound();
  return ctx.db.transaction(async (tx) => {
    const existing = await categoriesOf(tx, input.regionId);
    if (existing.some((c) => c.code === input.code)) throw conflict();
    await tx.insert(pledgeCategories).values(input);
    await audit(tx, actor, { regionId: input.regionId, action: 'pledge_category.create', entityType: 'pledge_category', entityId: input.code, after: input });
    return { code: input.code, name: input.name, builtin: false };
  });
}

export async function createPledge(ctx: Ctx, actor: Actor, input: z.infer<typeof PledgeCreate>) {
  const p = actor.principal!;
  const memberId = input.memberId ?? p.memberId;
  if (!memberId) throw invalid([fieldError('memberId', 'pledge.member_required')]);
  return ctx.db.transaction(async (tx) => {
    const m = await memberById(tx, memberId, input.memberId ? null : p.memberRegionId);
    if (!m) throw notFound();
    const target = { regionId: m.regionId, orgPath: m.path, memberId: m.id };
    if (!can(p, 'cluster.write', target) && !can(p, 'pledges.self', target)) throw notFound();
    await checkCategory(tx, m.regionId, input.category);
    const [row] = await tx.insert(pledges).values({
      regionId: m.regionId, id: uuidv7(), memberId: m.id, orgId: m.orgId, year: input.year, category: input.category,
      content: input.content, isPublic: input.isPublic,
    }).returning();
    await audit(tx, actor, { regionId: m.regionId, action: 'pledge.create', entityType: 'pledge', entityId: row.id, after: row });
    return toPledge(row, m.name);
  });
}

/** One pledge, for those who may read it. */
export async function pledgeView(ctx: Ctx, p: Principal, id: string) {
  const x = await findPledge(ctx.db, p, id, 'read');
  return toPledge(x.p, x.memberName);
}

export async function updatePledge(ctx: Ctx, actor: Actor, id: string, input: z.infer<typeof PledgeUpdate>) {
  return ctx.db.transaction(async (tx) => {
    const r = await findPledge(tx, actor.principal, id, 'edit');
    if (r.p.status !== 'in_progress') throw conflict('PLEDGE_REVIEWED');
    if (input.category) await checkCategory(tx, r.p.regionId, input.category);
    const [row] = await tx.update(pledges).set({ ...input, updatedAt: new Date(ctx.now()) })
      .where(and(eq(pledges.regionId, r.p.regionId), eq(pledges.id, id))).returning();
    await audit(tx, actor, { regionId: r.p.regionId, action: 'pledge.update', entityType: 'pledge', entityId: id, before: r.p, after: row });
    return toPledge(row, r.memberName);
  });
}

export async function reviewPledge(ctx: Ctx, actor: Actor, id: string, input: z.infer<typeof PledgeReview>) {
  return ctx.db.transaction(async (tx) => {
    const r = await findPledge(tx, actor.principal, id, 'review');
    const [row] = await tx.update(pledges).set({
      status: input.status, reviewComment: input.comment ?? null,
      reviewedBy: input.status === 'in_progress' ? null : actor.principal!.id,
      reviewedAt: input.status === 'in_progress' ? null : new Date(ctx.now()), updatedAt: new Date(ctx.now()),
    }).where(and(eq(pledges.regionId, r.p.regionId), eq(pledges.id, id))).returning();
    await audit(tx, actor, { regionId: r.p.regionId, action: 'pledge.review', entityType: 'pledge', entityId: id, before: { status: r.p.status, reviewComment: r.p.reviewComment }, after: { status: row.status, reviewComment: row.reviewComment } });
    return toPledge(row, r.memberName);
  });
}

/**
 * The pledges named, for a reviewer: all of them in the caller's review scope (else 404, as for a made-up id —
 * nothing is written) and each in the state `want` (else 409 `code`, with the offending positions as details).
 */
async function pledgesForReview(tx: DbOrTx, p: Principal | null, ids: string[], want: 'pending' | 'reviewed', code: string) {
  const rows = await tx.select({ p: pledges, memberName: members.name, path: orgs.path }).from(pledges)
    .innerJoin(members, and(eq(members.regionId, pledges.regionId), eq(members.id, pledges.memberId)))
    .innerJoin(orgs, and(eq(orgs.regionId, pledges.regionId), eq(orgs.id, pledges.orgId)))
    .where(inArray(pledges.id, ids));
  const byId = new Map(rows.map((r) => [r.p.id, r]));
  for (const id of ids) {
    const r = byId.get(id);
    if (!r || !can(p, 'cluster.write', { regionId: r.p.regionId, orgPath: r.path, memberId: r.p.memberId })) throw notFound();
  }
  const wrong = ids.flatMap((id, i) => ((byId.get(id)!.p.status === 'in_progress') === (want === 'pending') ? [] : [fieldError(`ids.${i}`, `pledge.${want === 'pending' ? 'already_reviewed' : 'not_reviewed'}`)]));
  if (wrong.length) throw conflict(code, {}, wrong);
  return ids.map((id) => byId.get(id)!);
}

/** Reviews many pledges at once (all or none): every one must be in scope and still in progress. Audited per pledge. */
export async function reviewPledges(ctx: Ctx, actor: Actor, input: z.infer<typeof PledgeBatchReview>) {
  const ids = [...new Set(input.ids)];
  return ctx.db.transaction(async (tx) => {
    const list = await pledgesForReview(tx, actor.principal, ids, 'pending', 'PLEDGE_ALREADY_REVIEWED');
    const at = new Date(ctx.now());
    const out: ReturnType<typeof toPledge>[] = [];
    for (const r of list) {
      const [row] = await tx.update(pledges).set({
        status: input.status, reviewComment: input.comment ?? null, reviewedBy: actor.principal!.id, reviewedAt: at, updatedAt: at,
      }).where(and(eq(pledges.regionId, r.p.regionId), eq(pledges.id, r.p.id))).returning();
      out.push(toPledge(row, r.memberName));
    }
    await audit(tx, actor, list.map((r, i) => ({
      regionId: r.p.regionId, action: 'pledge.review' as const, entityType: 'pledge', entityId: r.p.id,
      before: { status: r.p.status, reviewComment: r.p.reviewComment }, after: { status: out[i].status, reviewComment: out[i].reviewComment },
    })));
    return { items: out };
  });
}

/**
 * Takes reviews back (the 撤销 right after a review): every pledge named must be in scope and reviewed; each goes
 * back to in progress without a comment. Audited per pledge as `pledge.review.undo` with what it undid.
 */
export async function undoPledgeReviews(ctx: Ctx, actor: Actor, input: z.infer<typeof PledgeUndo>) {
  const ids = [...new Set(input.ids)];
  return ctx.db.transaction(async (tx) => {
    const list = await pledgesForReview(tx, actor.principal, ids, 'reviewed', 'PLEDGE_NOT_REVIEWED');
    const at = new Date(ctx.now());
    const out: ReturnType<typeof toPledge>[] = [];
    for (const r of list) {
      const [row] = await tx.update(pledges).set({ status: 'in_progress', reviewComment: null, reviewedBy: null, reviewedAt: null, updatedAt: at })
        .where(and(eq(pledges.regionId, r.p.regionId), eq(pledges.id, r.p.id))).returning();
      out.push(toPledge(row, r.memberName));
    }
    await audit(tx, actor, list.map((r) => ({
      regionId: r.p.regionId, action: 'pledge.review.undo' as const, entityType: 'pledge', entityId: r.p.id,
      before: { status: r.p.status, reviewComment: r.p.reviewComment }, after: { status: 'in_progress', reviewComment: null },
    })));
    return { items: out };
  });
}

export interface PledgeListQ { page: number; pageSize: number; year?: number; orgId?: string; memberId?: string; category?: string; status?: string; mine?: string }

export async function listPledges(ctx: Ctx, p: Principal, q: PledgeListQ) {
  const { db } = ctx;
  const conds: SQL[] = [scopeAny(p, ['cluster.read', 'pledges.self'], { regionId: pledges.regionId, orgId: pledges.orgId, memberId: pledges.memberId })];
  if (q.mine) conds.push(p.memberId ? eq(pledges.memberId, p.memberId) : sql`false`);
  if (q.year) conds.push(eq(pledges.year, q.year));
  if (q.memberId) conds.push(eq(pledges.memberId, q.memberId));
  if (q.category) conds.push(eq(pledges.category, q.category));
  if (q.status) conds.push(eq(pledges.status, q.status));
  if (q.orgId) {
    const o = await orgById(db, q.orgId);
    if (!o) return emptyPage<ReturnType<typeof toPledge>>(q);
    conds.push(orgInSubtree(pledges.orgId, o.regionId, o.path));
  }
  const where = and(...conds);
  return paginate(q,
    db.select({ p: pledges, memberName: members.name }).from(pledges)
      .innerJoin(members, and(eq(members.regionId, pledges.regionId), eq(members.id, pledges.memberId)))
      .where(where).orderBy(desc(pledges.year), desc(pledges.id)),
    db.select({ n: countAll }).from(pledges).where(where),
    (x) => toPledge(x.p, x.memberName));
}

/**
 * Figures for an organisation (its subtree) or an alliance (its orgs' subtrees) for a year: members, members who
 * pledged, pledges by category and by status, fulfilment rate = fulfilled / (fulfilled + not fulfilled).
 */
export async function pledgeStats(ctx: Ctx, p: Principal, q: { year: number; orgId?: string; allianceId?: string }) {
  const { db } = ctx;
  if (!holdsAnywhere(p, 'cluster.read')) throw notFound();
  let regionId: string;
  let paths: string[];
  if (q.orgId) {
    const o = await findOrg(db, p, q.orgId, 'cluster.read');
    regionId = o.regionId; paths = [o.path];
  } else if (q.allianceId) {
    const a = await findAlliance(db, p, q.allianceId, 'cluster.read');
    regionId = a.regionId;
    const rows = await db.select({ path: orgs.path }).from(allianceOrgs)
      .innerJoin(orgs, and(eq(orgs.regionId, allianceOrgs.regionId), eq(orgs.id, allianceOrgs.orgId)))
      .where(and(eq(allianceOrgs.regionId, regionId), eq(allianceOrgs.allianceId, a.id)));
    paths = rows.map((r) => r.path);
  } else {
    throw invalid([fieldError('orgId', 'field.required')]);
  }
  const empty = { year: q.year, members: 0, membersPledged: 0, pledges: 0, byCategory: [], byStatus: {}, fulfilmentRate: null };
  if (!paths.length) return empty;
  const inOrgs = (col: SQL) => orgInSubtree(col, regionId, paths);
  const [{ n: memberCount }] = await db.select({ n: countAll }).from(members)
    .where(and(eq(members.regionId, regionId), inOrgs(sql`${members.orgId}`), sql`${members.stage} in ('full', 'probationary')`));
  const rows = await db.select({ category: pledges.category, status: pledges.status, n: sql<number>`count(*)::int`, m: sql<number>`count(distinct ${pledges.memberId})::int` })
    .from(pledges).where(and(eq(pledges.regionId, regionId), eq(pledges.year, q.year), inOrgs(sql`${pledges.orgId}`)))
    .groupBy(pledges.category, pledges.status);
  const [{ m: pledged }] = await db.select({ m: sql<number>`count(distinct ${pledges.memberId})::int` }).from(pledges)
    .where(and(eq(pledges.regionId, regionId), eq(pledges.year, q.year), inOrgs(sql`${pledges.orgId}`)));
  const byCat = new Map<string, number>();
  const byStatus: Record<string, number> = { in_progress: 0, fulfilled: 0, not_fulfilled: 0 };
  let total = 0;
  for (const r of rows) {
    byCat.set(r.category, (byCat.get(r.category) ?? 0) + Number(r.n));
    byStatus[r.status] = (byStatus[r.status] ?? 0) + Number(r.n);
    total += Number(r.n);
  }
  const decided = byStatus.fulfilled + byStatus.not_fulfilled;
  return {
    year: q.year, members: Number(memberCount), membersPledged: Number(pledged), pledges: total,
    byCategory: [...byCat].map(([category, count]) => ({ category, count })).sort((a, b) => b.count - a.count),
    byStatus, fulfilmentRate: decided ? Math.round((byStatus.fulfilled / decided) * 10000) / 10000 : null,
  };
}
