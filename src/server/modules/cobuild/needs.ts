import { and, asc, desc, eq, ilike, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { z } from 'zod';
import type { NeedBatch, NeedCreate, NeedListQuery, NeedMerge, NeedReview, NeedUpdate } from '../../../shared/cobuild.ts';
import type { DbOrTx } from '../../db/client.ts';
import { audit, type Actor } from '../../platform/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { conflict, fieldError, invalid, notFound } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { escapeLike } from '../../platform/like.ts';
import { countAll, paginate } from '../../platform/pagination.ts';
import { can, regionsWith, scopeWhere, type Principal } from '../../platform/scope.ts';
import { alliances, orgs, units } from '../directory/schema.ts';
import {
  dispatchesOf, findNeed, findNeedAsOffice, needsVisible, officeTarget, orgPathOf, partyTarget, type NeedAccess, type NeedRow,
} from './access.ts';
import { projects } from '../cluster/schema.ts';
import { coprojects, needClaims, needDispatches, needResults, needs, resources } from './schema.ts';

type Category = z.infer<typeof NeedCreate>['category'];
const iso = (d: Date | null) => (d ? d.toISOString() : null);

const dispatchCount = sql<number>`(select count(*)::int from need_dispatches x where x.region_id = ${needs.regionId} and x.need_id = ${needs.id})`;

export function toNeed(n: NeedRow, allianceName: string, partyName: string, dispatches: number) {
  return {
    id: n.id, regionId: n.regionId, allianceId: n.allianceId, allianceName, category: n.category as Category, title: n.title,
    description: n.description, quantity: n.quantity, claimed: n.claimed, filled: n.filled, wantedBy: n.wantedBy,
    visibility: n.visibility as 'alliance', tags: n.tags, status: n.status as 'submitted', unitId: n.unitId, orgId: n.orgId, partyName,
    raisedAs: n.raisedAs as 'office', raisedByName: n.raisedByName, rejectReason: n.rejectReason, mergedIntoId: n.mergedIntoId,
    publishedAt: iso(n.publishedAt), confirmedAt: iso(n.confirmedAt), rating: n.rating, ratingComment: n.ratingComment,
    dispatchCount: Number(dispatches), createdAt: n.createdAt.toISOString(),
  };
}

/** Rows of the list with the alliance's and the party's names. */
export const needRows = (db: DbOrTx) => db.select({
  n: needs, allianceName: alliances.name, unitName: units.name, orgName: orgs.name, dispatches: dispatchCount,
}).from(needs)
  .innerJoin(alliances, and(eq(alliances.regionId, needs.regionId), eq(alliances.id, needs.allianceId)))
  .leftJoin(units, and(eq(units.regionId, needs.regionId), eq(units.id, needs.unitId)))
  .leftJoin(orgs, and(eq(orgs.regionId, needs.regionId), eq(orgs.id, needs.orgId)))
  .$dynamic();

type ListRow = { n: NeedRow; allianceName: string; unitName: string | null; orgName: string | null; dispatches: number };
const fromRow = (r: ListRow) => toNeed(r.n, r.allianceName, r.unitName ?? r.orgName ?? '', r.dispatches);

export function needConditions(p: Principal, q: Omit<z.infer<typeof NeedListQuery>, 'page' | 'pageSize'>): SQL {
  const conds: SQL[] = [needsVisible(p)];
  if (q.allianceId) conds.push(eq(needs.allianceId, q.allianceId));
  if (q.status) conds.push(eq(needs.status, q.status));
  if (q.category) conds.push(eq(needs.category, q.category));
  if (q.q) conds.push(ilike(needs.title, `%${escapeLike(q.q)}%`));
  if (q.claimable) {
    conds.push(sql`${needs.status} = 'published' and ${needs.claimed} < ${needs.quantity} and ${needs.visibility} in ('alliance', 'region')
      and not exists (select 1 from need_dispatches d where d.region_id = ${needs.regionId} and d.need_id = ${needs.id}
        and ${scopeWhere(p, 'cobuild.claim', { regionId: sql`d.region_id`, orgId: sql`d.org_id`, unitId: sql`d.unit_id` })})`);
    // what the office sees of its own joint meeting is not "open to me": only what whoever claims may take
    conds.push(regionsWith(p, 'cobuild.claim').length || p.isPlatformAdmin ? sql`true` : sql`false`);
  }
  if (q.mine) {
    // the needs of parties I raise for, not every need I may read as the office
    conds.push(sql`(${scopeWhere(p, 'cobuild.raise', { regionId: needs.regionId, orgId: needs.orgId, unitId: needs.unitId })}
      or ${scopeWhere(p, 'cobuild.rate', { regionId: needs.regionId, orgId: needs.orgId, unitId: needs.unitId })})`);
  }
  return and(...conds)!;
}

export async function listNeeds(ctx: Pick<Ctx, 'db'>, p: Principal, q: z.infer<typeof NeedListQuery>) {
  const where = needConditions(p, q);
  return paginate(q, needRows(ctx.db).where(where).orderBy(desc(needs.createdAt), desc(needs.id)),
    ctx.db.select({ n: countAll }).from(needs).where(where), fromRow);
}

/**
 * A need with its dispatches, claims and results, and what the reader may do with it. The office and the party see
 * every dispatch; a recipient only its own (the rows read are those shown). The three lists are read at once.
 */
export async function needDetail(db: DbOrTx, p: Principal, id: string, known?: NeedAccess) {
  const a = known ?? await findNeed(db, p, id);
  const n = a.n;
  const all = a.office || a.party;
  const [ds, claims, results] = await Promise.all([
    all ? dispatchesOf(db, n.regionId, n.id) : a.myDispatchIds.length ? dispatchesOf(db, n.regionId, n.id, a.myDispatchIds) : Promise.resolve([]),
    db.select({ c: needClaims, unitName: units.name, orgName: orgs.name }).from(needClaims)
      .innerJoin(needDispatches, and(eq(needDispatches.regionId, needClaims.regionId), eq(needDispatches.id, needClaims.dispatchId)))
      .leftJoin(orgs, and(eq(orgs.regionId, needDispatches.regionId), eq(orgs.id, needDispatches.orgId)))
      .leftJoin(units, and(eq(units.regionId, needDispatches.regionId), eq(units.id, needDispatches.unitId)))
      .where(and(eq(needClaims.regionId, n.regionId), eq(needClaims.needId, n.id))).orderBy(asc(needClaims.slotFrom)),
    db.select().from(needResults).where(and(eq(needResults.regionId, n.regionId), eq(needResults.needId, n.id))).orderBy(asc(needResults.slotNo)),
  ]);
  const recipientName = (x: { unitName: string | null; orgName: string | null }) => x.unitName ?? x.orgName ?? '';
  const manage = can(p, 'cobuild.write', officeTarget(n));
  const rate = can(p, 'cobuild.rate', partyTarget(n, a.partyPath));
  return {
    ...toNeed(n, a.allianceName, a.partyName, a.dispatchCount),
    dispatches: ds.map((x) => toDispatch(x.d, recipientName(x))),
    claims: claims.map(({ c, ...names }) => ({
      id: c.id, dispatchId: c.dispatchId, recipientName: recipientName(names), slots: c.slots, slotFrom: c.slotFrom, slotTo: c.slotTo,
      claimedByName: c.claimedByName, createdAt: c.createdAt.toISOString(),
      withdrawnAt: iso(c.withdrawnAt), withdrawnByName: c.withdrawnByName, withdrawReason: c.withdrawReason,
      mayWithdraw: !c.withdrawnAt && n.status === 'published' && a.myDispatchIds.includes(c.dispatchId) && !results.some((r) => r.claimId === c.id),
    })),
    results: results.map((r) => ({
      id: r.id, slotNo: r.slotNo, claimId: r.claimId, personName: r.personName, startOn: r.startOn, employer: r.employer, note: r.note,
      recordedByName: r.recordedByName, createdAt: r.createdAt.toISOString(),
    })),
    may: {
      manage, rate, confirm: rate || (n.raisedAs === 'office' && manage), record: manage || a.myDispatchIds.length > 0,
      edit: mayEditNeed(a, manage), claimOpen: a.openToMe && !a.myDispatchIds.length && n.status === 'published' && n.claimed < n.quantity,
    },
    myDispatchIds: a.myDispatchIds,
  };
}

export const toDispatch = (d: typeof needDispatches.$inferSelect, recipientName: string) => ({
  id: d.id, needId: d.needId, orgId: d.orgId, unitId: d.unitId, recipientName, status: d.status as 'sent', claimedSlots: d.claimedSlots,
  seenAt: iso(d.seenAt), claimedAt: iso(d.claimedAt), declinedAt: iso(d.declinedAt), declineReason: d.declineReason,
  withdrawnAt: iso(d.withdrawnAt), withdrawReason: d.withdrawReason, createdAt: d.createdAt.toISOString(),
});

/** The party of a new need in the alliance's region: a unit (with its org) or an org; 404 when there is none. */
export async function partyOf(db: DbOrTx, regionId: string, input: { unitId?: string | null; orgId?: string | null }) {
  if (input.unitId && input.orgId) throw invalid([fieldError('unitId', 'need.one_party')]);
  if (input.unitId) {
    const [u] = await db.select({ id: units.id, orgId: units.orgId, name: units.name }).from(units).where(and(eq(units.regionId, regionId), eq(units.id, input.unitId)));
    if (!u) throw notFound();
    return { unitId: u.id, orgId: u.orgId, path: await orgPathOf(db, regionId, u.orgId) };
  }
  if (input.orgId) {
    const [o] = await db.select({ id: orgs.id, path: orgs.path }).from(orgs).where(and(eq(orgs.regionId, regionId), eq(orgs.id, input.orgId)));
    if (!o) throw notFound();
    return { unitId: null, orgId: o.id, path: o.path };
  }
  throw invalid([fieldError('unitId', 'need.party_required')]);
}

/**
 * Raise a need. The office (cobuild.write on the alliance) raises for a unit or org in its scope (the alliance's
 * members; any of the region for the region admin), on behalf of residents or staff: the need is accepted at once. A liaison or secretary raises for its own unit or org
 * (cobuild.raise there): the need waits for the office's review.
 */
export async function createNeed(ctx: Ctx, actor: Actor, input: z.infer<typeof NeedCreate>) {
  const p = actor.principal!;
  return ctx.db.transaction(async (tx) => {
    if (input.unitId && input.orgId) throw invalid([fieldError('unitId', 'need.one_party')]);
    if (!input.unitId && !input.orgId) throw invalid([fieldError('unitId', 'need.party_required')]);
    const [a] = await tx.select().from(alliances).where(eq(alliances.id, input.allianceId)).limit(1);
    if (!a) throw notFound();
    const party = await partyOf(tx, a.regionId, input);
    const pt = partyTarget({ regionId: a.regionId, unitId: party.unitId }, party.path);
    // the office raises for a party in its own scope (the alliance's member orgs and units; the whole region for its admin)
    const office = can(p, 'cobuild.write', { regionId: a.regionId, allianceId: a.id }) && can(p, 'cobuild.write', pt);
    if (!office && !can(p, 'cobuild.raise', pt)) throw notFound();
    const now = new Date(ctx.now());
    const [row] = await tx.insert(needs).values({
      regionId: a.regionId, id: uuidv7(), allianceId: a.id, category: input.category, title: input.title, description: input.description,
      quantity: input.quantity, wantedBy: input.wantedBy ?? null, visibility: input.visibility, tags: input.tags,
      status: office ? 'accepted' : 'submitted', unitId: party.unitId, orgId: party.orgId,
      raisedAs: office ? 'office' : party.unitId ? 'liaison' : 'secretary', raisedBy: p.id, raisedByName: p.displayName,
      reviewedAt: office ? now : null, createdAt: now, updatedAt: now,
    }).returning();
    await audit(tx, actor, { regionId: row.regionId, action: 'need.create', entityType: 'need', entityId: row.id, after: row });
    return needDetail(tx, p, row.id);
  });
}

const mayEditNeed = (a: NeedAccess, office: boolean) =>
  (office ? !['confirmed', 'rated', 'merged', 'rejected'].includes(a.n.status) : a.party && a.n.status === 'submitted');

/** Change a need: the office until it is settled, the party while it waits for review. */
export async function updateNeed(ctx: Ctx, actor: Actor, id: string, input: z.infer<typeof NeedUpdate>) {
  const p = actor.principal!;
  return ctx.db.transaction(async (tx) => {
    const a = await findNeed(tx, p, id);
    if (!mayEditNeed(a, can(p, 'cobuild.write', officeTarget(a.n)))) throw conflict('NEED_LOCKED');
    if (input.quantity !== undefined && input.quantity < a.n.claimed) {
      throw invalid([fieldError('quantity', 'need.quantity_below_claimed', { claimed: a.n.claimed })]);
    }
    const [row] = await tx.update(needs).set({ ...input, updatedAt: new Date(ctx.now()) })
      .where(and(eq(needs.regionId, a.n.regionId), eq(needs.id, id))).returning();
    await audit(tx, actor, { regionId: row.regionId, action: 'need.update', entityType: 'need', entityId: id, before: a.n, after: row });
    return needDetail(tx, p, id);
  });
}

export async function reviewNeed(ctx: Ctx, actor: Actor, id: string, input: z.infer<typeof NeedReview>) {
  const p = actor.principal!;
  return ctx.db.transaction(async (tx) => {
    const a = await findNeedAsOffice(tx, p, id);
    if (a.n.status !== 'submitted') throw conflict('NEED_NOT_SUBMITTED');
    if (input.decision === 'reject' && !input.reason) throw invalid([fieldError('reason', 'need.reason_required')]);
    const [row] = await tx.update(needs).set({
      status: input.decision === 'accept' ? 'accepted' : 'rejected', rejectReason: input.decision === 'reject' ? input.reason! : null,
      reviewedAt: new Date(ctx.now()), updatedAt: new Date(ctx.now()),
    }).where(and(eq(needs.regionId, a.n.regionId), eq(needs.id, id))).returning();
    await audit(tx, actor, { regionId: row.regionId, action: 'need.review', entityType: 'need', entityId: id, before: a.n, after: row });
    return needDetail(tx, p, id);
  });
}

/** A duplicate: this need is closed as merged into `needId` (of the same joint meeting, still open). */
export async function mergeNeed(ctx: Ctx, actor: Actor, id: string, input: z.infer<typeof NeedMerge>) {
  const p = actor.principal!;
  return ctx.db.transaction(async (tx) => {
    const a = await findNeedAsOffice(tx, p, id);
    if (!['submitted', 'accepted'].includes(a.n.status) || a.n.claimed > 0) throw conflict('NEED_NOT_MERGEABLE');
    const [target] = await tx.select().from(needs).where(and(eq(needs.regionId, a.n.regionId), eq(needs.id, input.needId)));
    if (!target || target.id === id || target.allianceId !== a.n.allianceId || ['rejected', 'merged'].includes(target.status)) {
      throw invalid([fieldError('needId', 'need.merge_target')]);
    }
    const [row] = await tx.update(needs).set({ status: 'merged', mergedIntoId: target.id, reviewedAt: new Date(ctx.now()), updatedAt: new Date(ctx.now()) })
      .where(and(eq(needs.regionId, a.n.regionId), eq(needs.id, id))).returning();
    await audit(tx, actor, { regionId: row.regionId, action: 'need.merge', entityType: 'need', entityId: id, before: a.n, after: row });
    return needDetail(tx, p, id);
  });
}

async function publishOne(ctx: Ctx, tx: DbOrTx, actor: Actor, a: NeedAccess) {
  const now = new Date(ctx.now());
  const [row] = await tx.update(needs).set({ status: 'published', publishedAt: now, updatedAt: now })
    .where(and(eq(needs.regionId, a.n.regionId), eq(needs.id, a.n.id))).returning();
  await audit(tx, actor, { regionId: row.regionId, action: 'need.publish', entityType: 'need', entityId: row.id, before: a.n, after: row });
}

export async function publishNeed(ctx: Ctx, actor: Actor, id: string) {
  const p = actor.principal!;
  return ctx.db.transaction(async (tx) => {
    const a = await findNeedAsOffice(tx, p, id);
    if (a.n.status !== 'accepted') throw conflict('NEED_NOT_ACCEPTED');
    await publishOne(ctx, tx, actor, a);
    return needDetail(tx, p, id);
  });
}

/** Accept or publish several needs at once: all of them, or (one not in the right state) none. */
export async function batchNeeds(ctx: Ctx, actor: Actor, input: z.infer<typeof NeedBatch>) {
  const p = actor.principal!;
  return ctx.db.transaction(async (tx) => {
    const ids = [...new Set(input.ids)];
    const list: NeedAccess[] = [];
    for (const id of ids) list.push(await findNeedAsOffice(tx, p, id));
    const from = input.action === 'accept' ? 'submitted' : 'accepted';
    const wrong = list.filter((a) => a.n.status !== from);
    if (wrong.length) {
      throw conflict(input.action === 'accept' ? 'NEED_BATCH_NOT_SUBMITTED' : 'NEED_BATCH_NOT_ACCEPTED', { n: wrong.length },
        wrong.map((a) => ({ ...fieldError(`ids.${ids.indexOf(a.n.id)}`, `need.status.${a.n.status}`), id: a.n.id })));
    }
    for (const a of list) {
      if (input.action === 'publish') { await publishOne(ctx, tx, actor, a); continue; }
      const now = new Date(ctx.now());
      const [row] = await tx.update(needs).set({ status: 'accepted', reviewedAt: now, updatedAt: now })
        .where(and(eq(needs.regionId, a.n.regionId), eq(needs.id, a.n.id))).returning();
      await audit(tx, actor, { regionId: row.regionId, action: 'need.review', entityType: 'need', entityId: row.id, before: a.n, after: row });
    }
    return { updated: list.length };
  });
}

/** The figures of the needs the principal may see (one joint meeting when `allianceId` is given), all from the records. */
export async function needFigures(ctx: Ctx, p: Principal, q: { allianceId?: string }) {
  const where = needConditions(p, { allianceId: q.allianceId });
  const [f] = await ctx.db.select({
    raised: sql<number>`count(*) filter (where ${needs.status} <> 'merged')::int`,
    published: sql<number>`count(*) filter (where ${needs.status} in ('published', 'confirmed', 'rated'))::int`,
    settled: sql<number>`count(*) filter (where ${needs.status} in ('confirmed', 'rated'))::int`,
    avgDays: sql<string | null>`avg(extract(epoch from ${needs.confirmedAt} - ${needs.createdAt}) / 86400) filter (where ${needs.confirmedAt} is not null)`,
    satisfaction: sql<string | null>`avg(${needs.rating})`,
    rated: sql<number>`count(${needs.rating})::int`,
    slots: sql<number>`coalesce(sum(${needs.quantity}) filter (where ${needs.status} in ('published', 'confirmed', 'rated')), 0)::int`,
    claimedSlots: sql<number>`coalesce(sum(${needs.claimed}), 0)::int`,
    placements: sql<number>`coalesce(sum(${needs.filled}) filter (where ${needs.category} = 'jobs'), 0)::int`,
  }).from(needs).where(where);
  const cats = await ctx.db.select({
    category: needs.category,
    raised: sql<number>`count(*) filter (where ${needs.status} <> 'merged')::int`,
    settled: sql<number>`count(*) filter (where ${needs.status} in ('confirmed', 'rated'))::int`,
  }).from(needs).where(where).groupBy(needs.category).orderBy(asc(needs.category));
  // resources and projects: of the joint meetings whose office the reader is (cobuild.read on the alliance)
  const office = (cols: { regionId: SQLWrapper; allianceId: SQLWrapper }) => and(
    scopeWhere(p, 'cobuild.read', { regionId: cols.regionId, allianceId: cols.allianceId }),
    q.allianceId ? sql`${cols.allianceId} = ${q.allianceId}` : undefined,
  );
  const [r] = await ctx.db.select({
    offered: sql<number>`count(*)::int`,
    used: sql<number>`count(*) filter (where exists (select 1 from need_resources nr where nr.region_id = ${resources.regionId} and nr.resource_id = ${resources.id}))::int`,
  }).from(resources).where(office({ regionId: resources.regionId, allianceId: resources.allianceId }));
  const [pr] = await ctx.db.select({
    n: sql<number>`count(*)::int`,
    done: sql<number>`count(*) filter (where ${projects.status} = 'done')::int`,
  }).from(coprojects)
    .innerJoin(projects, and(eq(projects.regionId, coprojects.regionId), eq(projects.id, coprojects.projectId)))
    .where(office({ regionId: coprojects.regionId, allianceId: coprojects.allianceId }));
  const round = (x: string | null, d: number) => (x === null ? null : Math.round(Number(x) * 10 ** d) / 10 ** d);
  return {
    resourcesOffered: Number(r.offered), resourcesUsed: Number(r.used), projects: Number(pr.n), projectsDone: Number(pr.done),
    raised: Number(f.raised), published: Number(f.published), settled: Number(f.settled),
    avgDaysToSettle: round(f.avgDays, 1), satisfaction: round(f.satisfaction, 2), rated: Number(f.rated),
    placements: Number(f.placements), slots: Number(f.slots), claimedSlots: Number(f.claimedSlots),
    byCategory: cats.map((c) => ({ category: c.category as Category, raised: Number(c.raised), settled: Number(c.settled) })),
  };
}
