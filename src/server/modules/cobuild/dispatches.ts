import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { DirectClaimBody, DispatchListQuery, NeedDispatchCreate } from '../../../shared/cobuild.ts';
import type { DbOrTx } from '../../db/client.ts';
import { audit, auditRow, type Actor } from '../../platform/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError, conflict, fieldError, invalid, notFound } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { countAll, paginate } from '../../platform/pagination.ts';
import { assertCan, can, scopeWhere, type Principal } from '../../platform/scope.ts';
import { alliances, orgs, units } from '../directory/schema.ts';
import { dispatchTarget, findNeed, findNeedAsOffice, orgPathOf, type DispatchRow, type NeedRow } from './access.ts';
import { needDetail, toDispatch } from './needs.ts';
import { needClaims, needDispatches, needResults, needs } from './schema.ts';

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

/** The dispatch (with its need) when the principal answers for its recipient; 404 otherwise. One statement. */
async function findDispatch(db: DbOrTx, p: Principal, id: string) {
  const [row] = await db.select({ d: needDispatches, n: needs, path: orgs.path }).from(needDispatches)
    .innerJoin(needs, and(eq(needs.regionId, needDispatches.regionId), eq(needs.id, needDispatches.needId)))
    .leftJoin(orgs, and(eq(orgs.regionId, needDispatches.regionId), eq(orgs.id, needDispatches.orgId)))
    .where(eq(needDispatches.id, id)).limit(1);
  assertCan(p, 'cobuild.claim', row ? dispatchTarget(row.d, row.path) : null);
  return { d: row.d, n: row.n };
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
      .where(and(eq(needDispatches.regionId, d.regionId), eq(needDispatches.id, id), eq(needDispatches.claimedSlots, 0))).returning();
    if (!row) throw conflict('DISPATCH_CLAIMED'); // a claim got in between
    await audit(tx, actor, { regionId: d.regionId, action: 'need.dispatch.decline', entityType: 'need_dispatch', entityId: id, before: d, after: row });
    return needDetail(tx, p, d.needId);
  });
}

const noSlotsLeft = (left: number) => conflict('NO_SLOTS_LEFT', { left }, [fieldError('slots', 'need.slots_left', { left })]);

/**
 * Take `slots` slots of the need for the dispatch's recipient. One conditional UPDATE of the need row takes them
 * only when that many are left (and the check constraint `claimed <= quantity` stands behind it): however many
 * claim the last slot at once, one gets it and the others answer 409 NO_SLOTS_LEFT with nothing written.
 * Answers the claim's id, or the refusal (not thrown: a batch of claims goes on past one that found too few).
 */
async function slotStatement(ctx: Ctx, db: DbOrTx, actor: Actor, n: NeedRow, d: DispatchRow, slots: number): Promise<string | AppError> {
  const p = actor.principal!;
  const now = new Date(ctx.now()).toISOString();
  const claimId = uuidv7();
  const a = auditRow(actor, {
    regionId: n.regionId, action: 'need.claim', entityType: 'need_claim', entityId: claimId,
    after: { needId: n.id, dispatchId: d.id, slots, claimedBy: p.id },
  });
  // One statement: take the slots, record the claim with its slot numbers, mark the dispatch and write the audit
  // row (all of one region: one shard under Citus). Nothing is written when too few are left, or when the dispatch
  // was declined meanwhile.
  const res = await db.execute(sql`
    with taken as (
      update needs set claimed = claimed + ${slots}, slot_seq = slot_seq + ${slots}, updated_at = ${now}
       where region_id = ${n.regionId} and id = ${n.id} and status = 'published' and claimed + ${slots} <= quantity
         and exists (select 1 from need_dispatches nd where nd.region_id = ${d.regionId} and nd.id = ${d.id} and nd.status <> 'declined')
      returning claimed, slot_seq
    ), c as (
      insert into need_claims (region_id, id, need_id, dispatch_id, slots, slot_from, slot_to, claimed_by, claimed_by_name, created_at)
      select ${n.regionId}, ${claimId}, ${n.id}, ${d.id}, ${slots}, slot_seq - ${slots} + 1, slot_seq, ${p.id}, ${p.displayName}, ${now} from taken
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
  if (row.claimed !== null) return claimId;
  const [cur] = await db.select({ status: needs.status, claimed: needs.claimed, quantity: needs.quantity, dispatch: needDispatches.status })
    .from(needs).innerJoin(needDispatches, and(eq(needDispatches.regionId, d.regionId), eq(needDispatches.id, d.id)))
    .where(and(eq(needs.regionId, n.regionId), eq(needs.id, n.id)));
  if (cur.dispatch === 'declined') return conflict('DISPATCH_DECLINED');
  if (cur.status !== 'published') return conflict('NEED_NOT_PUBLISHED');
  return noSlotsLeft(cur.quantity - cur.claimed);
}

/** `slotStatement`, throwing its refusal. */
async function takeSlots(ctx: Ctx, db: DbOrTx, actor: Actor, n: NeedRow, d: DispatchRow, slots: number): Promise<string> {
  if (d.status === 'declined') throw conflict('DISPATCH_DECLINED');
  const out = await slotStatement(ctx, db, actor, n, d, slots);
  if (out instanceof AppError) throw out;
  return out;
}

/**
 * Claims of one need, grouped (in this process) into one transaction each while the one before commits.
 *
 * Why: a claim holds the need's row lock until its commit, and the commit waits for the WAL to reach the disk
 * (~10 ms here): one transaction per claim lets a need take at most ~100 claims a second, however few statements
 * each has, and 200 secretaries at once queue for seconds. The claims that arrive while a transaction commits run
 * together in the next one (`claimBatch`: decided in arrival order, so the guarantee and the slot numbers are the
 * same as one at a time) and share its one disk flush. Each request is answered once its
 * transaction has committed. A statement that fails for another reason rolls its batch back, and that batch's
 * claims are then run one by one.
 */
interface QueuedClaim { actor: Actor; n: NeedRow; d: DispatchRow; slots: number; done: (e: unknown, id?: string) => void }
const claimQueues = new Map<string, QueuedClaim[]>();
const MAX_BATCH = 100;

function queueClaim(ctx: Ctx, actor: Actor, n: NeedRow, d: DispatchRow, slots: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const key = `${n.regionId}/${n.id}`;
    const claim: QueuedClaim = { actor, n, d, slots, done: (e, id) => (e ? reject(e) : resolve(id!)) };
    const queue = claimQueues.get(key);
    if (queue) { queue.push(claim); return; }
    const fresh = [claim];
    claimQueues.set(key, fresh);
    void drainClaims(ctx, key, fresh);
  });
}

/**
 * A batch of claims of one need in one transaction of two statements: the need's row is locked and read (with
 * which of the batch's dispatches were declined meanwhile), the claims are decided in arrival order as one at a
 * time would be, and one statement writes them all — the need's conditional UPDATE by the slots taken (`claimed =`
 * what was read, `claimed + n <= quantity`, the check constraint behind it), the claims with their slot numbers,
 * the dispatches and the audit rows. Answers each claim's id or its refusal.
 */
async function claimBatch(ctx: Ctx, batch: QueuedClaim[]): Promise<(string | AppError)[]> {
  const { regionId, id: needId } = batch[0].n;
  const dispatchIds = [...new Set(batch.map((c) => c.d.id))];
  return ctx.db.transaction(async (tx) => {
    const res = await tx.execute(sql`
      select status, claimed, quantity, slot_seq,
             array(select nd.id::text from need_dispatches nd where nd.region_id = ${regionId} and nd.status = 'declined'
                      and nd.id in (${sql.join(dispatchIds.map((x) => sql`${x}::uuid`), sql`, `)})) as declined
        from needs where region_id = ${regionId} and id = ${needId} for update`);
    const [cur] = (res as unknown as { rows: { status: string; claimed: number; quantity: number; slot_seq: number; declined: string[] }[] }).rows;
    const declined = new Set(cur.declined ?? []);
    const now = new Date(ctx.now()).toISOString();
    let claimed = Number(cur.claimed);
    let seq = Number(cur.slot_seq);
    const quantity = Number(cur.quantity);
    const taken: { c: QueuedClaim; id: string; from: number }[] = [];
    const out = batch.map((c): string | AppError => {
      if (declined.has(c.d.id)) return conflict('DISPATCH_DECLINED');
      if (cur.status !== 'published') return conflict('NEED_NOT_PUBLISHED');
      if (claimed + c.slots > quantity) return noSlotsLeft(quantity - claimed);
      const id = uuidv7();
      taken.push({ c, id, from: seq + 1 });
      claimed += c.slots;
      seq += c.slots;
      return id;
    });
    if (!taken.length) return out;
    const total = claimed - Number(cur.claimed);
    const perDispatch = new Map<string, number>();
    for (const t of taken) perDispatch.set(t.c.d.id, (perDispatch.get(t.c.d.id) ?? 0) + t.c.slots);
    const claimRows = taken.map((t) => sql`(${t.id}::uuid, ${t.c.d.id}::uuid, ${t.c.slots}::int, ${t.from}::int, ${t.from + t.c.slots - 1}::int,
      ${t.c.actor.principal!.id}::uuid, ${t.c.actor.principal!.displayName}::text)`);
    const auditRows = taken.map((t) => {
      const a = auditRow(t.c.actor, {
        regionId, action: 'need.claim', entityType: 'need_claim', entityId: t.id,
        after: { needId, dispatchId: t.c.d.id, slots: t.c.slots, claimedBy: t.c.actor.principal!.id },
      });
      return sql`(${a.id}::uuid, ${a.actorId}::uuid, ${a.actorName}::text, ${a.action}::text, ${a.entityType}::text, ${a.entityId}::text, ${JSON.stringify(a.after)}::jsonb, ${a.requestId}::text, ${a.ip}::text)`;
    });
    const w = await tx.execute(sql`
      with taken as (
        update needs set claimed = claimed + ${total}, slot_seq = slot_seq + ${total}, updated_at = ${now}
         where region_id = ${regionId} and id = ${needId} and status = 'published' and claimed = ${Number(cur.claimed)} and claimed + ${total} <= quantity
        returning claimed
      ), c as (
        insert into need_claims (region_id, id, need_id, dispatch_id, slots, slot_from, slot_to, claimed_by, claimed_by_name, created_at)
        select ${regionId}, v.id, ${needId}, v.dispatch_id, v.slots, v.slot_from, v.slot_to, v.claimed_by, v.claimed_by_name, ${now}
          from (values ${sql.join(claimRows, sql`, `)}) as v(id, dispatch_id, slots, slot_from, slot_to, claimed_by, claimed_by_name)
         where exists (select 1 from taken)
        returning id
      ), dd as (
        update need_dispatches nd set status = 'claimed', claimed_slots = nd.claimed_slots + v.slots, claimed_at = ${now}, seen_at = coalesce(nd.seen_at, ${now})
          from (values ${sql.join([...perDispatch].map(([d, n]) => sql`(${d}::uuid, ${n}::int)`), sql`, `)}) as v(id, slots)
         where nd.region_id = ${regionId} and nd.id = v.id and exists (select 1 from taken)
        returning nd.id
      ), au as (
        insert into audit_log (region_id, id, actor_id, actor_name, action, entity_type, entity_id, before, after, request_id, ip)
        select ${regionId}, v.id, v.actor_id, v.actor_name, v.action, v.entity_type, v.entity_id, null, v.after, v.request_id, v.ip
          from (values ${sql.join(auditRows, sql`, `)}) as v(id, actor_id, actor_name, action, entity_type, entity_id, after, request_id, ip)
         where exists (select 1 from taken)
        returning id
      )
      select (select claimed from taken) as claimed, (select count(*) from c) as claims, (select count(*) from au) as audits`);
    const [row] = (w as unknown as { rows: { claimed: number | null }[] }).rows;
    // the row is locked and was just read: the UPDATE cannot miss; if it ever did, the batch rolls back and its
    // claims run one by one
    if (row.claimed === null) throw new Error('claim batch: the need changed under its lock');
    return out;
  });
}

async function drainClaims(ctx: Ctx, key: string, queue: QueuedClaim[]) {
  while (queue.length) {
    const batch = queue.splice(0, MAX_BATCH);
    let outcomes: (string | AppError)[] | null = null;
    try {
      // one claim alone: its one statement is its transaction
      outcomes = batch.length === 1
        ? [await slotStatement(ctx, ctx.db, batch[0].actor, batch[0].n, batch[0].d, batch[0].slots)]
        : await claimBatch(ctx, batch);
    } catch {
      outcomes = null;
    }
    if (outcomes) {
      batch.forEach((c, i) => { const o = outcomes![i]; if (o instanceof AppError) c.done(o); else c.done(null, o); });
      continue;
    }
    for (const c of batch) await takeSlots(ctx, ctx.db, c.actor, c.n, c.d, c.slots).then((id) => c.done(null, id), (e: unknown) => c.done(e));
  }
  claimQueues.delete(key);
}

/**
 * Claim slots through a dispatch one answers for. The dispatch and its need are read (one statement); a need
 * already too full for the claim answers NO_SLOTS_LEFT from that read, without queueing for the need's row;
 * otherwise the claim's conditional UPDATE decides (`queueClaim`). The detail is read after the commit.
 */
export async function claimDispatch(ctx: Ctx, actor: Actor, id: string, slots: number) {
  const p = actor.principal!;
  const { d, n } = await findDispatch(ctx.db, p, id);
  if (d.status === 'declined') throw conflict('DISPATCH_DECLINED');
  if (n.status !== 'published') throw conflict('NEED_NOT_PUBLISHED');
  if (n.claimed + slots > n.quantity) throw noSlotsLeft(n.quantity - n.claimed);
  await queueClaim(ctx, actor, n, d, slots);
  return needDetail(ctx.db, p, n.id);
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

/**
 * The recipient withdraws a claim (撤回认领, with a reason) while none of its slots has a result: its slots go back
 * to the need (`claimed` falls by them; slot numbers are never handed out twice, see `needs.slot_seq`), the claim
 * stays on the need's page marked withdrawn, and its dispatch — with none of its slots left — reads `withdrawn`
 * with the reason on the office's dispatch tracking. The claim's row is locked (a result being recorded holds it
 * for share), then the need's (as every claim and result locks it): a result and a withdrawal never both get in.
 * Whoever sees the need but does not answer for the claim's recipient is told 403 CLAIM_NOT_YOURS; anyone else 404.
 */
export async function withdrawClaim(ctx: Ctx, actor: Actor, claimId: string, reason: string) {
  const p = actor.principal!;
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.select({ c: needClaims, d: needDispatches, path: orgs.path }).from(needClaims)
      .innerJoin(needDispatches, and(eq(needDispatches.regionId, needClaims.regionId), eq(needDispatches.id, needClaims.dispatchId)))
      .leftJoin(orgs, and(eq(orgs.regionId, needDispatches.regionId), eq(orgs.id, needDispatches.orgId)))
      .where(eq(needClaims.id, claimId)).limit(1);
    if (!row) throw notFound();
    if (!can(p, 'cobuild.claim', dispatchTarget(row.d, row.path))) {
      await findNeed(tx, p, row.c.needId); // 404 unless the need is the reader's to see
      throw new AppError(403, 'CLAIM_NOT_YOURS');
    }
    const { regionId, needId } = row.c;
    // the claim's row first, then the need's: the order a result being recorded takes them in (no deadlock)
    const [c] = await tx.select().from(needClaims).where(and(eq(needClaims.regionId, regionId), eq(needClaims.id, claimId))).for('update');
    const [n] = await tx.select().from(needs).where(and(eq(needs.regionId, regionId), eq(needs.id, needId))).for('update');
    if (c.withdrawnAt) throw conflict('CLAIM_WITHDRAWN');
    if (n.status !== 'published') throw conflict('NEED_NOT_PUBLISHED');
    const [result] = await tx.select({ slotNo: needResults.slotNo }).from(needResults)
      .where(and(eq(needResults.regionId, regionId), eq(needResults.claimId, claimId))).orderBy(needResults.slotNo).limit(1);
    if (result) throw conflict('CLAIM_HAS_RESULTS', { slot: result.slotNo });
    const now = new Date(ctx.now());
    const [after] = await tx.update(needClaims).set({ withdrawnAt: now, withdrawnBy: p.id, withdrawnByName: p.displayName, withdrawReason: reason })
      .where(and(eq(needClaims.regionId, regionId), eq(needClaims.id, claimId), sql`${needClaims.withdrawnAt} is null`)).returning();
    await tx.update(needs).set({ claimed: sql`${needs.claimed} - ${c.slots}`, updatedAt: now })
      .where(and(eq(needs.regionId, regionId), eq(needs.id, needId)));
    const [d] = await tx.update(needDispatches).set({
      claimedSlots: sql`${needDispatches.claimedSlots} - ${c.slots}`,
      status: sql`case when ${needDispatches.claimedSlots} - ${c.slots} = 0 then 'withdrawn' else ${needDispatches.status} end`,
      withdrawnAt: now, withdrawReason: reason,
    }).where(and(eq(needDispatches.regionId, regionId), eq(needDispatches.id, c.dispatchId))).returning();
    await audit(tx, actor, {
      regionId, action: 'need.claim.withdraw', entityType: 'need_claim', entityId: claimId, before: c,
      after: { ...after, dispatchStatus: d.status, dispatchClaimedSlots: d.claimedSlots },
    });
    return needDetail(tx, p, needId);
  });
}
