import { randomInt } from 'node:crypto';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { EventField, EventSetup, PublicRegister, TakingCreate, TakingsPost } from '../../../shared/venues-events.ts';
import type { DbOrTx } from '../../db/client.ts';
import { audit, type Actor } from '../../platform/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError, conflict, fieldError, invalid, isUniqueViolation, notFound, type ErrorDetail } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { maskPhone } from '../../platform/mask.ts';
import { can, type Principal } from '../../platform/scope.ts';
import { users } from '../../platform/schema.ts';
import { activityTarget, findActivity, loadActivity } from '../activities/activities.ts';
import { newPublicToken, PUBLIC_TOKEN_RE } from '../../platform/public-links.ts';
import { eventPages, eventRegistrations, eventTakings, type EventUnit } from './schema.ts';
import { withIdempotency } from '../../platform/ledger/idempotency.ts';
import { fundInScope, postDonation } from '../money/charity.ts';

/**
 * Events open to units' staff (issue 13 §3): a 联谊 activity of the activities module (its record, scope, times and
 * cancellation are the activity's) opens a public registration page for people without an account. Places are taken
 * under a row lock on the page (select … for update, as the activities' own sign-up locks the activity), so
 * concurrent registrations never go over the capacity or a unit's quota: beyond them one joins the waiting list.
 */
type PageRow = typeof eventPages.$inferSelect;
type RegRow = typeof eventRegistrations.$inferSelect;

const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const newCode = () => Array.from({ length: 6 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');

async function pageOfActivity(db: DbOrTx, regionId: string, activityId: string, lock = false): Promise<PageRow | null> {
  const q = db.select().from(eventPages).where(and(eq(eventPages.regionId, regionId), eq(eventPages.activityId, activityId))).limit(1);
  const [row] = lock ? await q.for('update') : await q;
  return row ?? null;
}

async function counts(db: DbOrTx, page: PageRow) {
  const [c] = await db.select({
    confirmed: sql<number>`count(*) filter (where ${eventRegistrations.status} = 'confirmed')::int`,
    waitlisted: sql<number>`count(*) filter (where ${eventRegistrations.status} = 'waitlisted')::int`,
    checkedIn: sql<number>`count(*) filter (where ${eventRegistrations.checkedInAt} is not null)::int`,
  }).from(eventRegistrations).where(and(eq(eventRegistrations.regionId, page.regionId), eq(eventRegistrations.pageId, page.id)));
  const [t] = await db.select({ fen: sql<number>`coalesce(sum(${eventTakings.amountFen}), 0)::int` }).from(eventTakings)
    .where(and(eq(eventTakings.regionId, page.regionId), eq(eventTakings.pageId, page.id)));
  return { confirmed: Number(c.confirmed), waitlisted: Number(c.waitlisted), checkedIn: Number(c.checkedIn), takingsFen: Number(t.fen) };
}

/** confirmed registrations per unit */
async function confirmedByUnit(db: DbOrTx, page: PageRow): Promise<Map<string, number>> {
  const rows = await db.select({ unit: eventRegistrations.unit, n: sql<number>`count(*)::int` }).from(eventRegistrations)
    .where(and(eq(eventRegistrations.regionId, page.regionId), eq(eventRegistrations.pageId, page.id), eq(eventRegistrations.status, 'confirmed')))
    .groupBy(eventRegistrations.unit);
  return new Map(rows.map((r) => [r.unit ?? '', Number(r.n)]));
}

type Activity = NonNullable<Awaited<ReturnType<typeof loadActivity>>>;

async function toEvent(db: DbOrTx, p: Principal, l: Activity, page: PageRow) {
  return {
    id: page.id, activityId: l.a.id, title: l.a.title, startsAt: l.a.startsAt.toISOString(), endsAt: l.a.endsAt.toISOString(), place: l.a.place,
    fields: page.fields as EventField[], capacity: page.capacity, units: page.units, fundName: page.fundName, token: page.token,
    counts: await counts(db, page), canManage: can(p, 'activities.write', activityTarget(l)),
  };
}

/** The event page of an activity the caller may read (null when none is open yet). */
export async function eventOfActivity(ctx: Ctx, p: Principal, activityId: string) {
  const l = await findActivity(ctx.db, p, activityId);
  const page = await pageOfActivity(ctx.db, l.a.regionId, l.a.id);
  return { event: page ? await toEvent(ctx.db, p, l, page) : null };
}

/**
 * Waiting list → places, in order of registration, while the capacity and the unit's quota allow (called after a
 * cancellation or a raised capacity or quota, under the page's lock). Returns the promoted ids.
 */
async function promote(tx: DbOrTx, page: PageRow): Promise<string[]> {
  const byUnit = await confirmedByUnit(tx, page);
  let confirmed = [...byUnit.values()].reduce((a, b) => a + b, 0);
  if (confirmed >= page.capacity) return [];
  const quota = new Map(page.units.map((u) => [u.name, u.quota]));
  const waiting = await tx.select({ id: eventRegistrations.id, unit: eventRegistrations.unit }).from(eventRegistrations)
    .where(and(eq(eventRegistrations.regionId, page.regionId), eq(eventRegistrations.pageId, page.id), eq(eventRegistrations.status, 'waitlisted')))
    .orderBy(asc(eventRegistrations.registeredAt), asc(eventRegistrations.id));
  const up: string[] = [];
  for (const w of waiting) {
    if (confirmed >= page.capacity) break;
    const unit = w.unit ?? '';
    const q = quota.get(unit);
    if (q != null && (byUnit.get(unit) ?? 0) >= q) continue;
    up.push(w.id);
    confirmed++;
    byUnit.set(unit, (byUnit.get(unit) ?? 0) + 1);
  }
  if (up.length) {
    await tx.update(eventRegistrations).set({ status: 'confirmed' })
      .where(and(eq(eventRegistrations.regionId, page.regionId), inArray(eventRegistrations.id, up)));
  }
  return up;
}

/** Opens or changes the registration page of a 联谊 activity (fields, capacity, units and quotas, the fund). */
export async function setupEvent(ctx: Ctx, actor: Actor, activityId: string, input: z.infer<typeof EventSetup>) {
  const p = actor.principal!;
  return ctx.db.transaction(async (tx) => {
    const l = await findActivity(tx, p, activityId, 'activities.write');
    if (l.a.kind !== 'social') throw new AppError(422, 'EVENT_NOT_SOCIAL', {}, [fieldError('activityId', 'event.kind_social')]);
    if (l.a.status === 'cancelled') throw new AppError(422, 'EVENT_ACTIVITY_CANCELLED');
    const errs: ErrorDetail[] = [];
    const seen = new Set<string>();
    input.units.forEach((u, i) => {
      if (seen.has(u.name)) errs.push(fieldError(`units.${i}.name`, 'event.unit_repeated'));
      seen.add(u.name);
      if (u.quota != null && u.quota > input.capacity) errs.push(fieldError(`units.${i}.quota`, 'event.quota_over_capacity'));
    });
    const before = await pageOfActivity(tx, l.a.regionId, l.a.id, true);
    if (before) {
      const byUnit = await confirmedByUnit(tx, before);
      const confirmed = [...byUnit.values()].reduce((a, b) => a + b, 0);
      if (input.capacity < confirmed) errs.push(fieldError('capacity', 'event.capacity_below_confirmed', { confirmed }));
      input.units.forEach((u, i) => {
        const n = byUnit.get(u.name) ?? 0;
        if (u.quota != null && u.quota < n) errs.push(fieldError(`units.${i}.quota`, 'event.quota_below_confirmed', { confirmed: n }));
      });
    }
    if (errs.length) throw invalid(errs);
    const fields = [...new Set(input.fields)];
    const units: EventUnit[] = input.units.map((u) => ({ name: u.name, quota: u.quota }));
    const values = { fields, capacity: input.capacity, units, fundName: input.fundName ?? null, updatedAt: new Date(ctx.now()) };
    let page: PageRow;
    if (before) {
      [page] = await tx.update(eventPages).set(values).where(and(eq(eventPages.regionId, before.regionId), eq(eventPages.id, before.id))).returning();
    } else {
      [page] = await tx.insert(eventPages).values({ regionId: l.a.regionId, id: uuidv7(), activityId: l.a.id, token: newPublicToken(), createdBy: p.id, ...values }).returning();
    }
    const promoted = await promote(tx, page);
    await audit(tx, actor, { regionId: page.regionId, action: 'event.setup', entityType: 'event_page', entityId: page.id, before: before ?? undefined, after: { ...page, promoted } });
    return toEvent(tx, p, l, page);
  });
}

async function findPage(db: DbOrTx, p: Principal, id: string, perm: 'activities.read' | 'activities.write', lock = false) {
  const [found] = await db.select().from(eventPages).where(eq(eventPages.id, id)).limit(1);
  if (!found) throw notFound();
  const l = await findActivity(db, p, found.activityId, perm);
  const page = lock ? (await pageOfActivity(db, found.regionId, found.activityId, true))! : found;
  return { l, page };
}

/** Turns the public link on (a new token: an old, revoked link stays dead) or off. */
export async function setEventLink(ctx: Ctx, actor: Actor, id: string, on: boolean) {
  const p = actor.principal!;
  return ctx.db.transaction(async (tx) => {
    const { l, page: before } = await findPage(tx, p, id, 'activities.write', true);
    const [page] = await tx.update(eventPages).set({ token: on ? newPublicToken() : null, updatedAt: new Date(ctx.now()) })
      .where(and(eq(eventPages.regionId, before.regionId), eq(eventPages.id, id))).returning();
    await audit(tx, actor, { regionId: page.regionId, action: on ? 'event.link_on' : 'event.link_off', entityType: 'event_page', entityId: id });
    return toEvent(tx, p, l, page);
  });
}

function toRegistration(r: RegRow, position: number | null, fullPhone: boolean) {
  return {
    id: r.id, name: r.name, unit: r.unit, phone: fullPhone ? r.phone : maskPhone(r.phone), gender: r.gender as 'M' | 'F' | null, ageBand: r.ageBand,
    status: r.status as 'confirmed', position, code: r.code, registeredAt: r.registeredAt.toISOString(), checkedInAt: r.checkedInAt?.toISOString() ?? null,
  };
}

/** Registrations in order (confirmed, then the waiting list with positions, then cancelled); phones masked without members.pii. */
export async function listRegistrations(ctx: Ctx, p: Principal, id: string) {
  const { l, page } = await findPage(ctx.db, p, id, 'activities.read');
  const rows = await ctx.db.select().from(eventRegistrations)
    .where(and(eq(eventRegistrations.regionId, page.regionId), eq(eventRegistrations.pageId, page.id)))
    .orderBy(sql`case ${eventRegistrations.status} when 'confirmed' then 0 when 'waitlisted' then 1 else 2 end`, asc(eventRegistrations.registeredAt), asc(eventRegistrations.id));
  const full = can(p, 'members.pii', activityTarget(l));
  let pos = 0;
  return { items: rows.map((r) => toRegistration(r, r.status === 'waitlisted' ? ++pos : null, full)) };
}

/** Check-in at the door by confirmation code: a place is needed (not the waiting list), once. */
export async function checkinByCode(ctx: Ctx, actor: Actor, id: string, code: string) {
  const p = actor.principal!;
  return ctx.db.transaction(async (tx) => {
    const { l, page } = await findPage(tx, p, id, 'activities.write', true);
    const [r] = await tx.select().from(eventRegistrations)
      .where(and(eq(eventRegistrations.regionId, page.regionId), eq(eventRegistrations.pageId, page.id), eq(eventRegistrations.code, code.toUpperCase()))).for('update');
    if (!r || r.status === 'cancelled') throw new AppError(422, 'EVENT_CODE_UNKNOWN', {}, [fieldError('code', 'event.code_unknown')]);
    if (r.status !== 'confirmed') throw new AppError(422, 'EVENT_NOT_CONFIRMED', { name: r.name });
    if (r.checkedInAt) throw conflict('EVENT_ALREADY_CHECKED_IN', { name: r.name, at: r.checkedInAt.toISOString() });
    const now = ctx.now();
    if (now < l.a.checkinOpensAt.getTime() || now > l.a.checkinClosesAt.getTime()) throw new AppError(422, 'EVENT_CHECKIN_CLOSED');
    const [row] = await tx.update(eventRegistrations).set({ checkedInAt: new Date(now), checkedInBy: p.id })
      .where(and(eq(eventRegistrations.regionId, r.regionId), eq(eventRegistrations.id, r.id))).returning();
    await audit(tx, actor, { regionId: r.regionId, action: 'event.checkin', entityType: 'event_registration', entityId: r.id, after: { code: r.code, at: row.checkedInAt } });
    return toRegistration(row, null, false);
  });
}

/** The organiser cancels a registration; the waiting list moves up into a freed place. */
export async function cancelRegistration(ctx: Ctx, actor: Actor, regId: string) {
  const p = actor.principal!;
  return ctx.db.transaction(async (tx) => {
    const [found] = await tx.select().from(eventRegistrations).where(eq(eventRegistrations.id, regId)).limit(1);
    if (!found) throw notFound();
    const { page } = await findPage(tx, p, found.pageId, 'activities.write', true);
    const [r] = await tx.select().from(eventRegistrations).where(and(eq(eventRegistrations.regionId, page.regionId), eq(eventRegistrations.id, regId)));
    if (r.status === 'cancelled') throw conflict('EVENT_REGISTRATION_CANCELLED');
    if (r.checkedInAt) throw conflict('EVENT_ALREADY_CHECKED_IN', { name: r.name, at: r.checkedInAt.toISOString() });
    const [row] = await tx.update(eventRegistrations).set({ status: 'cancelled' })
      .where(and(eq(eventRegistrations.regionId, r.regionId), eq(eventRegistrations.id, r.id))).returning();
    const promoted = await promote(tx, page);
    await audit(tx, actor, { regionId: r.regionId, action: 'event.registration_cancel', entityType: 'event_registration', entityId: r.id, before: { status: r.status }, after: { status: 'cancelled', promoted } });
    return toRegistration(row, null, false);
  });
}

// ---- the public page (no account; rate-limited by the routes) ----

async function pageByToken(db: DbOrTx, token: string): Promise<PageRow> {
  if (!PUBLIC_TOKEN_RE.test(token)) throw notFound();
  const [page] = await db.select().from(eventPages).where(eq(eventPages.token, token)).limit(1);
  if (!page) throw notFound();
  return page;
}

const isOpen = (a: Activity['a'], now: number) => a.status !== 'cancelled' && now < a.endsAt.getTime();

/** What the public page shows: the event, the fields to fill in, which units are full; no one's personal data. */
export async function publicEvent(ctx: Ctx, token: string) {
  const page = await pageByToken(ctx.db, token);
  const l = (await loadActivity(ctx.db, page.activityId, page.regionId))!;
  const byUnit = await confirmedByUnit(ctx.db, page);
  const confirmed = [...byUnit.values()].reduce((a, b) => a + b, 0);
  return {
    title: l.a.title, startsAt: l.a.startsAt.toISOString(), endsAt: l.a.endsAt.toISOString(), place: l.a.place, organiser: l.orgName,
    fields: page.fields as EventField[], units: page.units.map((u) => ({ name: u.name, full: u.quota != null && (byUnit.get(u.name) ?? 0) >= u.quota })),
    full: confirmed >= page.capacity, open: isOpen(l.a, ctx.now()),
  };
}


/**
 * A registration through the public link. Under the page's row lock: a place when the capacity and the unit's quota
 * allow, else the waiting list (never over). The same phone twice on one page: 409, nothing written.
 */
export async function publicRegister(ctx: Ctx, actor: Actor, token: string, input: z.infer<typeof PublicRegister>) {
  try {
    return await ctx.db.transaction(async (tx) => {
      const found = await pageByToken(tx, token);
      // the locking read names the region (one shard on Citus), and re-checks the token under the lock
      const page = await pageOfActivity(tx, found.regionId, found.activityId, true);
      if (!page || page.token !== token) throw notFound();
      const l = (await loadActivity(tx, page.activityId, page.regionId))!;
      if (!isOpen(l.a, ctx.now())) throw new AppError(422, 'EVENT_REGISTRATION_CLOSED');
      const asked = new Set(page.fields);
      const errs: ErrorDetail[] = [];
      for (const f of page.fields) if (input[f as EventField] === undefined) errs.push(fieldError(f, 'event.field_required'));
      const unit = asked.has('unit') ? input.unit ?? null : null;
      if (unit && page.units.length && !page.units.some((u) => u.name === unit)) errs.push(fieldError('unit', 'event.unit_unknown'));
      if (errs.length) throw invalid(errs);
      const phone = asked.has('phone') ? input.phone!.replace(/-/g, '') : null;
      if (phone) {
        const [dup] = await tx.select({ id: eventRegistrations.id }).from(eventRegistrations)
          .where(and(eq(eventRegistrations.regionId, page.regionId), eq(eventRegistrations.pageId, page.id), eq(eventRegistrations.phone, phone), sql`${eventRegistrations.status} <> 'cancelled'`)).limit(1);
        if (dup) throw conflict('EVENT_ALREADY_REGISTERED', {}, [fieldError('phone', 'event.phone_registered')]);
      }
      const byUnit = await confirmedByUnit(tx, page);
      const confirmed = [...byUnit.values()].reduce((a, b) => a + b, 0);
      const quota = unit ? page.units.find((u) => u.name === unit)?.quota ?? null : null;
      const status = confirmed < page.capacity && (quota == null || (byUnit.get(unit!) ?? 0) < quota) ? 'confirmed' : 'waitlisted';
      const taken = new Set((await tx.select({ code: eventRegistrations.code }).from(eventRegistrations)
        .where(and(eq(eventRegistrations.regionId, page.regionId), eq(eventRegistrations.pageId, page.id)))).map((r) => r.code));
      let code = newCode();
      while (taken.has(code)) code = newCode();
      const [row] = await tx.insert(eventRegistrations).values({
        regionId: page.regionId, id: uuidv7(), pageId: page.id, name: input.name, unit, phone,
        gender: asked.has('gender') ? input.gender ?? null : null, ageBand: asked.has('ageBand') ? input.ageBand ?? null : null,
        status, code, registeredAt: new Date(ctx.now()), ip: actor.ip ?? null,
      }).returning();
      let position: number | null = null;
      if (status === 'waitlisted') {
        const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(eventRegistrations)
          .where(and(eq(eventRegistrations.regionId, page.regionId), eq(eventRegistrations.pageId, page.id), eq(eventRegistrations.status, 'waitlisted')));
        position = Number(n);
      }
      await audit(tx, actor, { regionId: page.regionId, action: 'event.register', entityType: 'event_registration', entityId: row.id, after: { ...row, ip: undefined } });
      return { code, status: status as 'confirmed' | 'waitlisted', position, name: row.name };
    });
  } catch (e) {
    // two registrations with one phone at the same moment: the partial unique index refuses the second
    if (isUniqueViolation(e)) throw conflict('EVENT_ALREADY_REGISTERED', {}, [fieldError('phone', 'event.phone_registered')]);
    throw e;
  }
}

/**
 * A registrant cancels their own registration through the public link with their confirmation code (no account;
 * rate-limited by the routes). Under the page's lock, as the organiser's cancel: the freed place goes to the waiting
 * list. A wrong code, a code of another page and an already cancelled one all answer the same 422
 * EVENT_CODE_UNKNOWN (nothing tells them apart); a revoked or made-up link 404; after the event (or once checked in)
 * it is refused, nothing written.
 */
export async function publicCancel(ctx: Ctx, actor: Actor, token: string, code: string) {
  return ctx.db.transaction(async (tx) => {
    const found = await pageByToken(tx, token);
    const page = await pageOfActivity(tx, found.regionId, found.activityId, true);
    if (!page || page.token !== token) throw notFound();
    const l = (await loadActivity(tx, page.activityId, page.regionId))!;
    if (!isOpen(l.a, ctx.now())) throw new AppError(422, 'EVENT_REGISTRATION_CLOSED');
    const [r] = await tx.select().from(eventRegistrations)
      .where(and(eq(eventRegistrations.regionId, page.regionId), eq(eventRegistrations.pageId, page.id), eq(eventRegistrations.code, code.toUpperCase()))).for('update');
    if (!r || r.status === 'cancelled') throw new AppError(422, 'EVENT_CODE_UNKNOWN', {}, [fieldError('code', 'event.code_unknown')]);
    if (r.checkedInAt) throw conflict('EVENT_ALREADY_CHECKED_IN', { name: r.name, at: r.checkedInAt.toISOString() });
    await tx.update(eventRegistrations).set({ status: 'cancelled' })
      .where(and(eq(eventRegistrations.regionId, r.regionId), eq(eventRegistrations.id, r.id)));
    const promoted = await promote(tx, page);
    await audit(tx, actor, { regionId: r.regionId, action: 'event.registration_self_cancel', entityType: 'event_registration', entityId: r.id, before: { status: r.status }, after: { status: 'cancelled', promoted } });
    return { status: 'cancelled' as const, name: r.name };
  });
}

// ---- charity-sale takings ----

export async function listTakings(ctx: Ctx, p: Principal, id: string) {
  const { page } = await findPage(ctx.db, p, id, 'activities.read');
  const rows = await ctx.db.select({ t: eventTakings, by: users.displayName }).from(eventTakings)
    .leftJoin(users, eq(users.id, eventTakings.recordedBy))
    .where(and(eq(eventTakings.regionId, page.regionId), eq(eventTakings.pageId, page.id))).orderBy(asc(eventTakings.recordedAt), asc(eventTakings.id));
  return {
    items: rows.map((r) => ({
      id: r.t.id, payer: r.t.payer, amountFen: r.t.amountFen, note: r.t.note, status: r.t.status as 'ready', recordedAt: r.t.recordedAt.toISOString(), recordedByName: r.by,
    })),
    totalFen: rows.reduce((n, r) => n + r.t.amountFen, 0), fundName: page.fundName,
  };
}

/** Records a payment at the charity sale (payer, integer fen), "ready to post" to the named charity fund. */
export async function addTaking(ctx: Ctx, actor: Actor, id: string, input: z.infer<typeof TakingCreate>) {
  const p = actor.principal!;
  return ctx.db.transaction(async (tx) => {
    const { page } = await findPage(tx, p, id, 'activities.write');
    const [row] = await tx.insert(eventTakings).values({
      regionId: page.regionId, id: uuidv7(), pageId: page.id, payer: input.payer, amountFen: input.amountFen, note: input.note ?? null,
      status: 'ready', recordedBy: p.id, recordedAt: new Date(ctx.now()),
    }).returning();
    await audit(tx, actor, { regionId: page.regionId, action: 'event.taking', entityType: 'event_taking', entityId: row.id, after: row });
    return { id: row.id, payer: row.payer, amountFen: row.amountFen, note: row.note, status: 'ready' as const, recordedAt: row.recordedAt.toISOString(), recordedByName: p.displayName ?? null };
  });
}

/**
 * Posts every taking still `ready` into a charity fund of the event's region, one donation each (donor: the payer, a
 * person; source `event`, `sourceRef` venues-taking:<id>, so a taking is never posted twice), and marks them `posted`.
 * The organiser (activities.write on the event) who also prepares for the fund (charity.prepare on its org); a fund out
 * of the caller's scope, or of another region, answers 404 like a made-up one. Under the request's Idempotency-Key: a
 * retry answers the first answer and posts nothing again. Nothing ready: 409 EVENT_NOTHING_TO_POST.
 */
export async function postTakings(ctx: Ctx, actor: Actor, key: string, id: string, input: z.infer<typeof TakingsPost>) {
  const p = actor.principal!;
  const { page, l } = await findPage(ctx.db, p, id, 'activities.write');
  const fund = await fundInScope(ctx.db, p, 'charity.prepare', input.fundId);
  if (fund.regionId !== page.regionId) throw notFound();
  const out = await withIdempotency(ctx.db, ctx.now(), page.regionId, { scope: `event-takings:${p.id}`, key, request: { op: 'event.takings.post', id, input } }, async (tx) => {
    const ready = await tx.select().from(eventTakings)
      .where(and(eq(eventTakings.regionId, page.regionId), eq(eventTakings.pageId, page.id), eq(eventTakings.status, 'ready')))
      .orderBy(asc(eventTakings.recordedAt), asc(eventTakings.id)).for('update');
    if (!ready.length) throw conflict('EVENT_NOTHING_TO_POST');
    const receiptNos: string[] = [];
    for (const t of ready) {
      const d = await postDonation(tx, ctx.now(), {
        fundId: fund.id, donorKind: 'person', donorName: t.payer, anonymous: false, amountFen: t.amountFen,
        memo: `${l.a.title} 义卖`.slice(0, 200), source: 'event', sourceRef: `venues-taking:${t.id}`, recordedBy: p.id,
      });
      receiptNos.push(d.receiptNo);
      await audit(tx, actor, { regionId: page.regionId, action: 'charity.donation', entityType: 'charity_donation', entityId: d.id, after: d });
    }
    await tx.update(eventTakings).set({ status: 'posted' })
      .where(and(eq(eventTakings.regionId, page.regionId), inArray(eventTakings.id, ready.map((t) => t.id))));
    const totalFen = ready.reduce((n, t) => n + t.amountFen, 0);
    await audit(tx, actor, { regionId: page.regionId, action: 'event.takings.post', entityType: 'event_page', entityId: page.id, after: { fundId: fund.id, takings: ready.map((t) => t.id), totalFen } });
    return { status: 200, body: { posted: ready.length, totalFen, fundName: fund.name, receiptNos } };
  });
  return { ...out.body, replayed: out.replayed };
}
