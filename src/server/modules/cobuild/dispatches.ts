import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { DirectClaimBody, DispatchListQuery, NeedDispatchCreate } from '../../../shared/cobuild.ts';
import type { DbOrTx, Tx } from '../../db/client.ts';
import { audit, auditRow, type Actor } from '../../platform/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { conflict, fieldError, invalid, notFound } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { countAll, paginate } from '../../platform/pagination.ts';
import { assertCan, can, scopeWhere, type Principal } from '../../platform/scope.ts';
import { alliances, orgs, units } from '../directory/schema.ts';
import { dispatchTarget, findNeed, findNeedAsOffice, orgPathOf, type DispatchRow, type NeedRow } from './access.ts';
import { needDetail, toDispatch } from './needs.ts';
import { needDispatches, needs } from './schema.ts';

/** Unit kinds that "all villages and communities of the town" means. */
const VILLAGE_KINDS = ['village', 'community'];

/**
 * Dispatch a published need to orgs and units of its region (派单), and with `villagesAndCommunities` to every
 * village and community unit of the region in the same action. A recipient already dispatched to is skipped; an
 * org or unit that is not in the need's region answers 404 (as a made-up one).
 */
export async function dispatchNeed(ctx: Ctx, actor: Actor, id: string, input: z.infer<typeof NeedDispatchCreate>) {
  const p = actor.principal!;
  return ctx.db.transaction(async (tx) => {
    const a = await findNeedAsOffice(tx, p, id);
    const n = a.n;
    const orgIds = [...new Set(input.orgIds)];
    const unitIds = [...new Set(input.unitIds)];
    const foundOrgs = orgIds.length ? await tx.select({ id: orgs.id }).from(orgs).where(and(eq(orgs.regionId, n.regionId), inArray(orgs.id, orgIds))) : [];
    const foundUnits = unitIds.length ? await tx.select({ id: units.id, orgId: units.orgId }).from(units).where(and(eq(units.regionId, n.regionId), inArray(units.id, unitIds))) : [];
    if (foundOrgs.length !== orgIds.length || foundUnits.length !== unitIds.length) throw notFound();
    if (n.status !== 'published') throw conflict('NEED_NOT_PUBLISHED');
    if (input.villagesAndCommunities) {
      const villages = await tx.select({ id: units.id, orgId: units.orgId }).from(units)
        .where(and(eq(units.regionId, n.regionId), inArray(units.kind, VILLAGE_KINDS)));
      for (const v of villages) if (!foundUnits.some((u) => u.id === v.id)) foundUnits.push(v);
    }
    const wanted = [
      ...foundOrgs.map((o) => ({ recipient: `org:${o.id}`, orgId: o.id, unitId: null as string | null })),
      ...foundUnits.map((u) => ({ recipient: `unit:${u.id}`, orgId: u.orgId, unitId: u.id as string | null })),
    ];
    if (!wanted.length) throw invalid([fieldError('orgIds', 'need.no_recipients')]);
    const existing = new Set((await tx.select({ r: needDispatches.recipient }).from(needDispatches)
      .where(and(eq(needDispatches.regionId, n.regionId), eq(needDispatches.needId, n.id)))).map((x) => x.r));
    const fresh = wanted.filter((w) => !existing.has(w.recipient));
    const now = new Date(ctx.now());
    const rows = fresh.length ? await tx.insert(needDispatches).values(fresh.map((w) => ({
      regionId: n.regionId, id: uuidv7(), needId: n.id, ...w, source: 'office', status: 'sent', createdBy: p.id, createdAt: now,
    }))).returning() : [];
    if (rows.length) {
      await audit(tx, actor, rows.map((d) => ({ regionId: n.regionId, action: 'need.dispatch' as const, entityType: 'need_dispatch', entityId: d.id, after: d })));
    }
    return { added: rows.length, skipped: wanted.length - rows.length, need: await needDetail(tx, p, id) };
  });
}

async function findDispatch(db: DbOrTx, p: Principal, id: string) {
  const [d] = await db.select().from(needDispatches).where(eq(needDispatches.id, id)).limit(1);
  const path = d ? await orgPathOf(db, d.regionId, d.orgId) : null;
  assertCan(p, 'cobuild.claim', d ? dispatchTarget(d, path) : null);
  const [n] = await db.select().from(needs).where(and(eq(needs.regionId, d.regionId), eq(needs.id, d.needId)));
  return { d, n };
}

const recipientName = sql<string>`coalesce(${units.name}, ${orgs.name}, '')`;

/** The dispatches the principal answers for (a secretary's or liaison's inbox), newest first, with their need. */
export async function listInbox(ctx: Ctx, p: Principal, q: z.infer<typeof DispatchListQuery>) {
  const conds: SQL[] = [scopeWhere(p, 'cobuild.claim', { regionId: needDispatches.regionId, orgId: needDispatches.orgId, unitId: needDispatches.unitId })];
  if (q.status) conds.push(eq(needDispatches.status, q.status));
  if (q.open) conds.push(sql`${needDispatches.status} <> 'declined' and ${needs.status} = 'published' and (${needs.claimed} < ${needs.quantity} or ${needDispatches.claimedSlots} > 0)`);
  const where = and(...conds);
  const base = ctx.db.select({ d: needDispatches, n: needs, name: recipientName, allianceName: alliances.name, partyName: sql<string>`coalesce(pu.name, po.name, '')` })
    .from(needDispatches)
    .innerJoin(needs, and(eq(needs.regionId, needDispatches.regionId), eq(needs.id, needDispatches.needId)))
    .innerJoin(alliances, and(eq(alliances.regionId, needs.regionId), eq(alliances.id, needs.allianceId)))
    .leftJoin(units, and(eq(units.regionId, needDispatches.regionId), eq(units.id, needDispatches.unitId)))
    .leftJoin(orgs, and(eq(orgs.regionId, needDispatches.regionId), eq(orgs.id, needDispatches.orgId)))
    .leftJoin(sql`units pu`, sql`pu.region_id = ${needs.regionId} and pu.id = ${needs.unitId}`)
    .leftJoin(sql`orgs po`, sql`po.region_id = ${needs.regionId} and po.id = ${needs.orgId}`);
  return paginate(q, base.where(where).orderBy(desc(needDispatches.createdAt), desc(needDispatches.id)),
    ctx.db.select({ n: countAll }).from(needDispatches)
      .innerJoin(needs, and(eq(needs.regionId, needDispatches.regionId), eq(needs.id, needDispatches.needId))).where(where),
    (r) => ({
      ...toDispatch(r.d, r.name),
      need: {
        id: r.n.id, title: r.n.title, category: r.n.category as 'jobs', quantity: r.n.quantity, claimed: r.n.claimed, filled: r.n.filled,
        wantedBy: r.n.wantedBy, status: r.n.status as 'published', allianceName: r.allianceName, partyName: r.partyName, description: r.n.description,
      },
    }));
}

/** The recipient opened the dispatch: sent → seen (once). */
export async function markSeen(ctx: Ctx, actor: Actor, id: string) {
  const p = actor.principal!;
  return ctx.db.transaction(async (tx) => {
    const { d } = await findDispatch(tx, p, id);
    if (d.status === 'sent') {
      const [row] = await tx.update(needDispatches).set({ status: 'seen', seenAt: new Date(ctx.now()) })
        .where(and(eq(needDispatches.regionId, d.regionId), eq(needDispatches.id, id))).returning();
      await audit(tx, actor, { regionId: d.regionId, action: 'need.dispatch.seen', entityType: 'need_dispatch', entityId: id, before: d, after: row });
    }
    return needDetail(tx, p, d.needId);
  });
}

/** The recipient cannot help (with a reason): only before it claimed anything. */
export async function declineDispatch(ctx: Ctx, actor: Actor, id: string, reason: string) {
  const p = actor.principal!;
  return ctx.db.transaction(async (tx) => {
    const { d } = await findDispatch(tx, p, id);
    if (d.status === 'declined') throw conflict('DISPATCH_DECLINED');
    if (d.claimedSlots > 0) throw conflict('DISPATCH_CLAIMED');
    const now = new Date(ctx.now());
    const [row] = await tx.update(needDispatches).set({ status: 'declined', declinedAt: now, declineReason: reason, seenAt: d.seenAt ?? now })
      .where(and(eq(needDispatches.regionId, d.regionId), eq(needDispatches.id, id))).returning();
    await audit(tx, actor, { regionId: d.regionId, action: 'need.dispatch.decline', entityType: 'need_dispatch', entityId: id, before: d, after: row });
    return needDetail(tx, p, d.needId);
  });
}

/**
 * Take `slots` slots of the need for the dispatch's recipient. One conditional UPDATE of the need row takes them
 * only when that many are left (and the check constraint `claimed <= quantity` stands behind it): however many
 * claim the last slot at once, one gets it and the others answer 409 NO_SLOTS_LEFT with nothing written.
 */
async function takeSlots(ctx: Ctx, tx: Tx, actor: Actor, n: NeedRow, d: DispatchRow, slots: number) {
  const p = actor.principal!;
  if (d.status === 'declined') throw conflict('DISPATCH_DECLINED');
  const now = new Date(ctx.now()).toISOString();
  const claimId = uuidv7();
  const a = auditRow(actor, {
    regionId: n.regionId, action: 'need.claim', entityType: 'need_claim', entityId: claimId,
    after: { needId: n.id, dispatchId: d.id, slots, claimedBy: p.id },
  });
  // One statement while the need's row is locked: take the slots, record the claim with its slot numbers, mark the
  // dispatch and write the audit row (all of one region: one shard under Citus). Nothing is written when too few are left.
  const res = await tx.execute(sql`
    with taken as (
      update needs set claimed = claimed + ${slots}, updated_at = ${now}
       where region_id = ${n.regionId} and id = ${n.id} and status = 'published' and claimed + ${slots} <= quantity
      returning claimed
    ), c as (
      insert into need_claims (region_id, id, need_id, dispatch_id, slots, slot_from, slot_to, claimed_by, claimed_by_name, created_at)
      select ${n.regionId}, ${claimId}, ${n.id}, ${d.id}, ${slots}, claimed - ${slots} + 1, claimed, ${p.id}, ${p.displayName}, ${now} from taken
      returning slot_from
    ), dd as (
      update need_dispatches set status = 'claimed', claimed_slots = claimed_slots + ${slots}, claimed_at = ${now}, seen_at = coalesce(seen_at, ${now})
       where region_id = ${d.regionId} and id = ${d.id} and exists (select 1 from taken)
      returning id
    ), au as (
      insert into audit_log (region_id, id, actor_id, actor_name, action, entity_type, entity_id, before, after, request_id, ip)
      select ${a.regionId}, ${a.id}, ${a.actorId}, ${a.actorName}, ${a.action}, ${a.entityType}, ${a.entityId}, null, ${JSON.stringify(a.after)}::jsonb, ${a.requestId}, ${a.ip}
        from taken
      returning id
    )
    select (select claimed from taken) as claimed, (select count(*) from dd) as dispatches, (select count(*) from au) as audits`);
  const [row] = (res as unknown as { rows: { claimed: number | null }[] }).rows;
  if (row.claimed === null) {
    const [cur] = await tx.select({ status: needs.status, claimed: needs.claimed, quantity: needs.quantity }).from(needs)
      .where(and(eq(needs.regionId, n.regionId), eq(needs.id, n.id)));
    if (cur.status !== 'published') throw conflict('NEED_NOT_PUBLISHED');
    throw conflict('NO_SLOTS_LEFT', { left: cur.quantity - cur.claimed }, [fieldError('slots', 'need.slots_left', { left: cur.quantity - cur.claimed })]);
  }
  return claimId;
}

/** Claim slots through a dispatch one answers for. */
export async function claimDispatch(ctx: Ctx, actor: Actor, id: string, slots: number) {
  const p = actor.principal!;
  // the detail is read after the commit: the need's row stays locked only for the claim's own statements
  const needId = await ctx.db.transaction(async (tx) => {
    const { d, n } = await findDispatch(tx, p, id);
    await takeSlots(ctx, tx, actor, n, d, slots);
    return n.id;
  });
  return needDetail(ctx.db, p, needId);
}

/**
 * Claim a published need shown to the alliance or the region (认领), for an org or unit one answers for: its
 * dispatch is made (source 'self') or reused, then slots are taken as through any dispatch.
 */
export async function claimDirect(ctx: Ctx, actor: Actor, needId: string, input: z.infer<typeof DirectClaimBody>) {
  const p = actor.principal!;
  return ctx.db.transaction(async (tx) => {
    const a = await findNeed(tx, p, needId);
    const n = a.n;
    if ((input.orgId ? 1 : 0) + (input.unitId ? 1 : 0) !== 1) throw invalid([fieldError('orgId', 'need.one_recipient')]);
    let recipient: { recipient: string; orgId: string | null; unitId: string | null };
    if (input.unitId) {
      const [u] = await tx.select({ id: units.id, orgId: units.orgId }).from(units).where(and(eq(units.regionId, n.regionId), eq(units.id, input.unitId)));
      if (!u) throw notFound();
      recipient = { recipient: `unit:${u.id}`, orgId: u.orgId, unitId: u.id };
    } else {
      const [o] = await tx.select({ id: orgs.id }).from(orgs).where(and(eq(orgs.regionId, n.regionId), eq(orgs.id, input.orgId!)));
      if (!o) throw notFound();
      recipient = { recipient: `org:${o.id}`, orgId: o.id, unitId: null };
    }
    if (!can(p, 'cobuild.claim', dispatchTarget({ regionId: n.regionId, unitId: recipient.unitId }, await orgPathOf(tx, n.regionId, recipient.orgId)))) throw notFound();
    let [d] = await tx.select().from(needDispatches)
      .where(and(eq(needDispatches.regionId, n.regionId), eq(needDispatches.needId, n.id), eq(needDispatches.recipient, recipient.recipient)));
    if (!d) {
      // without a dispatch, only a need shown to the alliance or region may be claimed
      if (!a.openToMe) throw notFound();
      [d] = await tx.insert(needDispatches).values({
        regionId: n.regionId, id: uuidv7(), needId: n.id, ...recipient, source: 'self', status: 'seen', seenAt: new Date(ctx.now()),
        createdBy: p.id, createdAt: new Date(ctx.now()),
      }).returning();
    }
    await takeSlots(ctx, tx, actor, n, d, input.slots);
    return n.id;
  }).then((id) => needDetail(ctx.db, p, id));
}
