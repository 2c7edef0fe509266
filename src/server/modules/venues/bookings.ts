import { and, asc, desc, eq, gt, gte, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import type { BookingCreate, BookingDone, BookingListQuery, BookingMove, BookingReject, SeriesChange } from '../../../shared/venues.ts';
import type { DbOrTx, Tx } from '../../db/client.ts';
import type { Ctx } from '../../platform/context.ts';
import { audit, type Actor } from '../../platform/audit.ts';
import { AppError, conflict, fieldError, invalid, notFound, type ErrorDetail } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { withIdempotency } from '../../platform/ledger/idempotency.ts';
import { countAll, paginate } from '../../platform/pagination.ts';
import { users } from '../../platform/schema.ts';
import { can, holdsIn, scopeWhere, type Principal } from '../../platform/scope.ts';
import { orgs, units } from '../directory/schema.ts';
import { canManage, findVenue, iso, isOverlap, localParts, venueById, weekOf, withinOpening, type VenueFull, type VenueRow } from './common.ts';
import { venueBlackouts, venueBookings, venueResources, venueSeries, venueVisits } from './schema.ts';
import { eligibility } from './venues.ts';

const MIN = 60_000;
const DAY = 86_400_000;
/** check-in opens this long before a booking starts */
const CHECKIN_EARLY = 30 * MIN;

const bookerOrg = alias(orgs, 'booker_org');
const bookerUnit = alias(units, 'booker_unit');
const bookerUnitOrg = alias(orgs, 'booker_unit_org');

/** Bookings with their venue's name and their booker's name and org path (for the scope decisions). */
export function bookingRows(db: DbOrTx, where: SQL) {
  return db.select({
    b: venueBookings,
    resourceName: venueResources.name,
    bookerName: sql<string>`coalesce(${bookerOrg.name}, ${bookerUnit.name}, ${users.displayName}, '')`,
    bookerPath: sql<string | null>`coalesce(${bookerOrg.path}, ${bookerUnitOrg.path})`,
  }).from(venueBookings)
    .innerJoin(venueResources, and(eq(venueResources.regionId, venueBookings.regionId), eq(venueResources.id, venueBookings.resourceId)))
    .leftJoin(bookerOrg, and(eq(bookerOrg.regionId, venueBookings.regionId), eq(bookerOrg.id, venueBookings.bookerOrgId)))
    .leftJoin(bookerUnit, and(eq(bookerUnit.regionId, venueBookings.regionId), eq(bookerUnit.id, venueBookings.bookerUnitId)))
    .leftJoin(bookerUnitOrg, and(eq(bookerUnitOrg.regionId, bookerUnit.regionId), eq(bookerUnitOrg.id, bookerUnit.orgId)))
    .leftJoin(users, eq(users.id, venueBookings.createdBy))
    .where(where);
}
type BookingRow = Awaited<ReturnType<typeof bookingRows>>[number];

/** The caller made the booking or books for its booker: they may move and cancel it. */
export function mineOf(p: Principal, b: { regionId: string; createdBy: string; bookerOrgId: string | null; bookerUnitId: string | null }, bookerPath: string | null): boolean {
  if (b.createdBy === p.id) return true;
  if (b.bookerOrgId) return can(p, 'venues.book', { regionId: b.regionId, orgPath: bookerPath });
  if (b.bookerUnitId) return can(p, 'venues.book', { regionId: b.regionId, unitId: b.bookerUnitId, orgPath: bookerPath });
  return false;
}
const isMine = (p: Principal, r: BookingRow) => mineOf(p, r.b, r.bookerPath);

/** The few columns a calendar shows, for many bookings at once (a month of a busy venue). */
export function calendarRows(db: DbOrTx, where: SQL) {
  return db.select({
    id: venueBookings.id, regionId: venueBookings.regionId, startsAt: venueBookings.startsAt, endsAt: venueBookings.endsAt,
    status: venueBookings.status, seriesId: venueBookings.seriesId, purpose: venueBookings.purpose, createdBy: venueBookings.createdBy,
    bookerOrgId: venueBookings.bookerOrgId, bookerUnitId: venueBookings.bookerUnitId,
    bookerName: sql<string>`coalesce(${bookerOrg.name}, ${bookerUnit.name}, ${users.displayName}, '')`,
    bookerPath: sql<string | null>`coalesce(${bookerOrg.path}, ${bookerUnitOrg.path})`,
  }).from(venueBookings)
    .leftJoin(bookerOrg, and(eq(bookerOrg.regionId, venueBookings.regionId), eq(bookerOrg.id, venueBookings.bookerOrgId)))
    .leftJoin(bookerUnit, and(eq(bookerUnit.regionId, venueBookings.regionId), eq(bookerUnit.id, venueBookings.bookerUnitId)))
    .leftJoin(bookerUnitOrg, and(eq(bookerUnitOrg.regionId, bookerUnit.regionId), eq(bookerUnitOrg.id, bookerUnit.orgId)))
    .leftJoin(users, eq(users.id, venueBookings.createdBy))
    .where(where);
}

export function toBooking(p: Principal, r: BookingRow) {
  const b = r.b;
  return {
    id: b.id, regionId: b.regionId, resourceId: b.resourceId, resourceName: r.resourceName, seriesId: b.seriesId, occurrence: b.occurrence,
    bookerOrgId: b.bookerOrgId, bookerUnitId: b.bookerUnitId, bookerName: r.bookerName, purpose: b.purpose, attendees: b.attendees,
    startsAt: b.startsAt.toISOString(), endsAt: b.endsAt.toISOString(), status: b.status as 'pending', isException: b.isException,
    rejectReason: b.rejectReason, checkedInAt: iso(b.checkedInAt), createdAt: b.createdAt.toISOString(), mine: isMine(p, r),
  };
}

/** Who a booking is for: an org, a unit, or (neither) the person alone. */
interface Booker { orgId: string | null; unitId: string | null; userId: string }

function bookerWhere(k: Booker): SQL {
  if (k.orgId) return eq(venueBookings.bookerOrgId, k.orgId);
  if (k.unitId) return eq(venueBookings.bookerUnitId, k.unitId);
  return and(isNull(venueBookings.bookerOrgId), isNull(venueBookings.bookerUnitId), eq(venueBookings.createdBy, k.userId))!;
}

/** The booker of a request: one the caller books for (404 otherwise, as a made-up id) that the venue accepts (422). */
async function resolveBooker(tx: Tx, p: Principal, x: VenueFull, input: { orgId?: string; unitId?: string }): Promise<Booker> {
  const { orgCond, unitCond } = eligibility(x);
  if (input.orgId && input.unitId) throw invalid([fieldError('unitId', 'booking.one_booker')]);
  if (input.orgId) {
    const [o] = await tx.select({ path: orgs.path, ok: orgCond ? sql<boolean>`${orgCond}` : sql<boolean>`true` }).from(orgs)
      .where(and(eq(orgs.regionId, x.v.regionId), eq(orgs.id, input.orgId))).limit(1);
    if (!o || !can(p, 'venues.book', { regionId: x.v.regionId, orgPath: o.path })) throw notFound();
    if (!o.ok) throw invalid([fieldError('orgId', 'booking.not_eligible')], 'BOOKER_NOT_ELIGIBLE');
    return { orgId: input.orgId, unitId: null, userId: p.id };
  }
  if (input.unitId) {
    const [u] = await tx.select({ path: orgs.path, ok: unitCond ? sql<boolean>`${unitCond}` : sql<boolean>`true` }).from(units)
      .leftJoin(orgs, and(eq(orgs.regionId, units.regionId), eq(orgs.id, units.orgId)))
      .where(and(eq(units.regionId, x.v.regionId), eq(units.id, input.unitId))).limit(1);
    if (!u || !can(p, 'venues.book', { regionId: x.v.regionId, unitId: input.unitId, orgPath: u.path })) throw notFound();
    if (!u.ok) throw invalid([fieldError('unitId', 'booking.not_eligible')], 'BOOKER_NOT_ELIGIBLE');
    return { orgId: null, unitId: input.unitId, userId: p.id };
  }
  if (x.v.bookableBy !== 'anyone' || !holdsIn(p, 'venues.book', x.v.regionId)) throw invalid([fieldError('orgId', 'booking.booker_required')], 'BOOKER_NOT_ELIGIBLE');
  return { orgId: null, unitId: null, userId: p.id };
}

/** Until when the booker may not book this venue (no-shows: `noShowLimit` within `noShowWindowDays`), or null. */
export async function suspendedUntil(db: DbOrTx, v: VenueRow, k: Booker | { userId: string }, now: number): Promise<Date | null> {
  const booker: Booker = 'orgId' in k ? k : { orgId: null, unitId: null, userId: k.userId };
  const since = new Date(now - (v.noShowWindowDays + v.suspensionDays) * DAY);
  const rows = await db.select({ at: venueBookings.startsAt }).from(venueBookings).where(and(
    eq(venueBookings.regionId, v.regionId), eq(venueBookings.resourceId, v.id), eq(venueBookings.status, 'no_show'),
    gte(venueBookings.startsAt, since), bookerWhere(booker),
  )).orderBy(asc(venueBookings.startsAt));
  const times = rows.map((r) => r.at.getTime());
  let until: number | null = null;
  times.forEach((n, i) => {
    const inWindow = times.slice(0, i + 1).filter((t) => t > n - v.noShowWindowDays * DAY).length;
    const end = n + v.suspensionDays * DAY;
    if (inWindow >= v.noShowLimit && end > now && (until === null || end > until)) until = end;
  });
  return until === null ? null : new Date(until);
}

type Blackout = { startsAt: Date; endsAt: Date };

/** Why the venue's rules refuse [s, e) now (null when they accept it). Overlaps with bookings are the database's. */
function ruleRefusal(v: VenueRow, blackouts: Blackout[], s: number, e: number, now: number): string | null {
  const minutes = (e - s) / MIN;
  if (minutes < v.minDurationMinutes || minutes > v.maxDurationMinutes) return 'DURATION_OUT_OF_RANGE';
  if (s - now < v.minNoticeMinutes * MIN) return 'NOTICE_TOO_SHORT';
  if (s - now > v.maxAdvanceDays * DAY) return 'TOO_FAR_AHEAD';
  if (!withinOpening(v.openingHours, s, e)) return 'OUTSIDE_OPENING_HOURS';
  if (blackouts.some((b) => b.startsAt.getTime() < e && b.endsAt.getTime() > s)) return 'IN_BLACKOUT';
  return null;
}
const STATUS_OF: Record<string, number> = { BOOKING_CONFLICT: 409, QUOTA_EXCEEDED: 409 };
const refusal = (code: string, vars: Record<string, unknown> = {}) => new AppError(STATUS_OF[code] ?? 422, code, vars);

/** Serialises the bookings of one booker on one venue (the weekly quota is counted, then written). */
async function lockBooker(tx: Tx, resourceId: string, k: Booker) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`venue:${resourceId}:${k.orgId ?? k.unitId ?? `user:${k.userId}`}`}, 0))`);
}

/** Active bookings of the booker on the venue per week (Monday 00:00 Shanghai, as ms) between two instants. */
async function weekCounts(tx: Tx, v: VenueRow, k: Booker, from: number, to: number, exceptId?: string): Promise<Map<number, number>> {
  const rows = await tx.select({ at: venueBookings.startsAt }).from(venueBookings).where(and(
    eq(venueBookings.regionId, v.regionId), eq(venueBookings.resourceId, v.id), bookerWhere(k),
    inArray(venueBookings.status, ['pending', 'approved', 'checked_in', 'done', 'no_show']),
    gte(venueBookings.startsAt, new Date(from)), lt(venueBookings.startsAt, new Date(to)),
    exceptId ? sql`${venueBookings.id} <> ${exceptId}` : undefined,
  ));
  const m = new Map<number, number>();
  for (const r of rows) { const w = weekOf(r.at.getTime())[0]; m.set(w, (m.get(w) ?? 0) + 1); }
  return m;
}

async function blackoutsBetween(tx: Tx, v: VenueRow, from: number, to: number) {
  return tx.select({ startsAt: venueBlackouts.startsAt, endsAt: venueBlackouts.endsAt }).from(venueBlackouts).where(and(
    eq(venueBlackouts.regionId, v.regionId), eq(venueBlackouts.resourceId, v.id), lt(venueBlackouts.startsAt, new Date(to)), gt(venueBlackouts.endsAt, new Date(from)),
  ));
}

/** An insert or update the exclusion constraint may refuse, inside a savepoint so the rest of the request goes on. */
async function guarded(tx: Tx, fn: (sp: Tx) => Promise<unknown>): Promise<boolean> {
  try {
    await tx.transaction(async (sp) => { await fn(sp as unknown as Tx); });
    return true;
  } catch (e) {
    if (isOverlap(e)) return false;
    throw e;
  }
}

/**
 * Books a venue once or weekly. Each occurrence is checked against the venue's rules and the booker's weekly
 * quota, then inserted; the database refuses an overlap with an active booking (409 BOOKING_CONFLICT). A weekly
 * request with any occurrence refused books nothing (409 SERIES_REFUSED, one detail per refused occurrence)
 * unless `bookAvailable`, which books the others and reports each occurrence.
 */
/**
 * With an Idempotency-Key (optional here: a booking moves no money), a retry of the same request answers the first
 * answer (`replayed`, 200) and books nothing more; another request under the same key is 409 IDEMPOTENCY_KEY_REUSED;
 * a refused request stores nothing, so its retry runs again. The key is the caller's (platform/ledger/idempotency.ts).
 */
export async function createBooking(ctx: Ctx, actor: Actor, input: z.infer<typeof BookingCreate>, idempotencyKey?: string) {
  const p = actor.principal!;
  if (!idempotencyKey) return { ...(await bookOnce(ctx, actor, input, ctx.db)), replayed: false };
  // the same checks in the same order as bookOnce before the key is looked at: a venue out of the caller's scope answers
  // 404 like a made-up one (never the body's 422), and the key is stored in the venue's region
  if (Date.parse(input.endsAt) <= Date.parse(input.startsAt)) throw invalid([fieldError('endsAt', 'venue.range_order')]);
  const { v } = await findVenue(ctx.db, p, input.venueResourceId, 'read');
  const out = await withIdempotency(ctx.db, ctx.now(), v.regionId, { scope: `venue-booking:${p.id}`, key: idempotencyKey, request: { op: 'venue_booking.create', input } },
    async (tx) => ({ status: 201, body: await bookOnce(ctx, actor, input, tx) }));
  return { ...out.body, replayed: out.replayed };
}

async function bookOnce(ctx: Ctx, actor: Actor, input: z.infer<typeof BookingCreate>, db: DbOrTx) {
  const p = actor.principal!;
  const start = Date.parse(input.startsAt);
  const end = Date.parse(input.endsAt);
  if (end <= start) throw invalid([fieldError('endsAt', 'venue.range_order')]);
  const now = ctx.now();
  return db.transaction(async (tx) => {
    const x = await findVenue(tx, p, input.venueResourceId, 'read');
    const v = x.v;
    if (!v.active) throw conflict('VENUE_INACTIVE');
    const k = await resolveBooker(tx, p, x, input);
    const until = await suspendedUntil(tx, v, k, now);
    if (until) throw conflict('BOOKER_SUSPENDED', { until: until.toISOString() });
    await lockBooker(tx, v.id, k);
    const n = input.weeks ?? 1;
    const slots = Array.from({ length: n }, (_, i) => ({ i, s: start + i * 7 * DAY, e: end + i * 7 * DAY }));
    const last = slots[n - 1];
    const blackouts = await blackoutsBetween(tx, v, start, last.e);
    const counts = v.weeklyQuota ? await weekCounts(tx, v, k, weekOf(start)[0], weekOf(last.s)[1]) : new Map<number, number>();
    const seriesId = input.weeks ? uuidv7() : null;
    if (seriesId) {
      await tx.insert(venueSeries).values({
        regionId: v.regionId, id: seriesId, resourceId: v.id, bookerOrgId: k.orgId, bookerUnitId: k.unitId, createdBy: p.id,
        purpose: input.purpose, firstStartsAt: new Date(start), durationMinutes: Math.round((end - start) / MIN), weeks: n,
      });
    }
    const status = v.approvalRequired ? 'pending' : 'approved';
    const outcomes: { index: number; startsAt: string; endsAt: string; outcome: 'booked' | 'refused' | 'skipped'; code: string | null; bookingId: string | null }[] = [];
    for (const slot of slots) {
      let code = ruleRefusal(v, blackouts, slot.s, slot.e, now);
      const week = weekOf(slot.s)[0];
      if (!code && v.weeklyQuota && (counts.get(week) ?? 0) >= v.weeklyQuota) code = 'QUOTA_EXCEEDED';
      let bookingId: string | null = null;
      if (!code) {
        const id = uuidv7();
        const values = {
          regionId: v.regionId, id, resourceId: v.id, seriesId, occurrence: seriesId ? slot.i : null, bookerOrgId: k.orgId, bookerUnitId: k.unitId,
          createdBy: p.id, purpose: input.purpose, attendees: input.attendees ?? null, startsAt: new Date(slot.s), endsAt: new Date(slot.e), status,
        };
        if (seriesId) {
          if (await guarded(tx, (sp) => sp.insert(venueBookings).values(values))) bookingId = id;
          else code = 'BOOKING_CONFLICT';
        } else {
          try { await tx.insert(venueBookings).values(values); } catch (e) { if (isOverlap(e)) throw refusal('BOOKING_CONFLICT'); throw e; }
          bookingId = id;
        }
        if (bookingId) counts.set(week, (counts.get(week) ?? 0) + 1);
      }
      if (code && !seriesId) throw refusal(code, { minutes: v.minNoticeMinutes, days: v.maxAdvanceDays, quota: v.weeklyQuota, min: v.minDurationMinutes, max: v.maxDurationMinutes });
      outcomes.push({ index: slot.i, startsAt: new Date(slot.s).toISOString(), endsAt: new Date(slot.e).toISOString(), outcome: code ? 'refused' : 'booked', code, bookingId });
    }
    const refused = outcomes.filter((o) => o.code);
    const booked = outcomes.filter((o) => o.bookingId);
    if (refused.length && (!input.bookAvailable || !booked.length)) {
      const details: ErrorDetail[] = refused.map((o) => ({ ...fieldError(`occurrences.${o.index}`, `booking.${o.code}`), code: o.code!, startsAt: o.startsAt, endsAt: o.endsAt }));
      throw conflict('SERIES_REFUSED', { refused: refused.length, total: n }, details);
    }
    const ids = booked.map((o) => o.bookingId!);
    const rows = await bookingRows(tx, and(eq(venueBookings.regionId, v.regionId), inArray(venueBookings.id, ids))!).orderBy(asc(venueBookings.startsAt));
    if (seriesId) {
      await audit(tx, actor, { regionId: v.regionId, action: 'booking.series.create', entityType: 'venue_series', entityId: seriesId, after: { seriesId, bookings: rows.map((r) => r.b), refused } });
    } else {
      await audit(tx, actor, { regionId: v.regionId, action: 'booking.create', entityType: 'venue_booking', entityId: ids[0], after: rows[0].b });
    }
    return { seriesId, bookings: rows.map((r) => toBooking(p, r)), occurrences: outcomes };
  });
}

/** A booking the caller booked (or books for) or whose venue they manage; 404 otherwise. */
async function findBooking(db: DbOrTx, p: Principal, id: string, need: 'read' | 'mine' | 'manage') {
  const [r] = await bookingRows(db, eq(venueBookings.id, id)).limit(1);
  if (!r) throw notFound();
  const x = (await venueById(db, r.b.resourceId, r.b.regionId))!;
  const mine = isMine(p, r);
  const manager = canManage(p, x);
  const ok = need === 'mine' ? mine : need === 'manage' ? manager : mine || manager;
  if (!ok) throw notFound();
  return { r, x, b: r.b };
}

export async function bookingView(ctx: Ctx, p: Principal, id: string) {
  return toBooking(p, (await findBooking(ctx.db, p, id, 'read')).r);
}

async function reread(tx: Tx, p: Principal, regionId: string, id: string) {
  const [r] = await bookingRows(tx, and(eq(venueBookings.regionId, regionId), eq(venueBookings.id, id))!);
  return toBooking(p, r);
}

const cutoffPassed = (v: VenueRow, b: { startsAt: Date }, now: number) => now > b.startsAt.getTime() - v.cancelCutoffMinutes * MIN;

/** The booker moves one booking (an occurrence of a series becomes an exception): the rules again, the database again. */
export async function moveBooking(ctx: Ctx, actor: Actor, id: string, input: z.infer<typeof BookingMove>) {
  const p = actor.principal!;
  const s = Date.parse(input.startsAt);
  const e = Date.parse(input.endsAt);
  if (e <= s) throw invalid([fieldError('endsAt', 'venue.range_order')]);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const { b, x } = await findBooking(tx, p, id, 'mine');
    const v = x.v;
    if (b.status !== 'pending' && b.status !== 'approved') throw conflict('BOOKING_STATE', { status: b.status });
    if (cutoffPassed(v, b, now)) throw conflict('CANCEL_CUTOFF_PASSED', { minutes: v.cancelCutoffMinutes });
    const code = ruleRefusal(v, await blackoutsBetween(tx, v, s, e), s, e, now);
    if (code) throw refusal(code, { minutes: v.minNoticeMinutes, days: v.maxAdvanceDays, min: v.minDurationMinutes, max: v.maxDurationMinutes });
    const k: Booker = { orgId: b.bookerOrgId, unitId: b.bookerUnitId, userId: b.createdBy };
    await lockBooker(tx, v.id, k);
    if (v.weeklyQuota) {
      const [w0, w1] = weekOf(s);
      const counts = await weekCounts(tx, v, k, w0, w1, b.id);
      if ((counts.get(w0) ?? 0) >= v.weeklyQuota) throw refusal('QUOTA_EXCEEDED', { quota: v.weeklyQuota });
    }
    const status = v.approvalRequired ? 'pending' : 'approved';
    const ok = await guarded(tx, (sp) => sp.update(venueBookings).set({
      startsAt: new Date(s), endsAt: new Date(e), status, isException: b.seriesId !== null, decidedBy: null, decidedAt: null, updatedAt: new Date(now),
    }).where(and(eq(venueBookings.regionId, b.regionId), eq(venueBookings.id, b.id))));
    if (!ok) throw refusal('BOOKING_CONFLICT');
    const after = await reread(tx, p, b.regionId, b.id);
    await audit(tx, actor, { regionId: b.regionId, action: 'booking.move', entityType: 'venue_booking', entityId: b.id, before: b, after });
    return after;
  });
}

/** The booker cancels one booking, until the venue's cut-off before it starts. */
export async function cancelBooking(ctx: Ctx, actor: Actor, id: string) {
  const p = actor.principal!;
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const { b, x } = await findBooking(tx, p, id, 'mine');
    if (b.status !== 'pending' && b.status !== 'approved') throw conflict('BOOKING_STATE', { status: b.status });
    if (cutoffPassed(x.v, b, now)) throw conflict('CANCEL_CUTOFF_PASSED', { minutes: x.v.cancelCutoffMinutes });
    await tx.update(venueBookings).set({ status: 'cancelled', cancelledAt: new Date(now), isException: b.seriesId !== null, updatedAt: new Date(now) })
      .where(and(eq(venueBookings.regionId, b.regionId), eq(venueBookings.id, b.id)));
    const after = await reread(tx, p, b.regionId, b.id);
    await audit(tx, actor, { regionId: b.regionId, action: 'booking.cancel', entityType: 'venue_booking', entityId: b.id, before: b, after });
    return after;
  });
}

type Step = 'approve' | 'reject' | 'checkin' | 'no_show' | 'done';

/** The venue's owner decides and closes bookings: approve or reject (with a reason), check in, no-show, done. */
export async function ownerStep(ctx: Ctx, actor: Actor, id: string, step: Step, input: Partial<z.infer<typeof BookingReject> & z.infer<typeof BookingDone>> = {}) {
  const p = actor.principal!;
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const { b, r } = await findBooking(tx, p, id, 'manage');
    const s = b.startsAt.getTime();
    const e = b.endsAt.getTime();
    const need: Record<Step, string> = { approve: 'pending', reject: 'pending', checkin: 'approved', no_show: 'approved', done: 'checked_in' };
    if (b.status !== need[step]) throw conflict('BOOKING_STATE', { status: b.status });
    const where = and(eq(venueBookings.regionId, b.regionId), eq(venueBookings.id, b.id));
    const at = new Date(now);
    if (step === 'approve') {
      if (now >= e) throw conflict('BOOKING_PAST');
      await tx.update(venueBookings).set({ status: 'approved', decidedBy: p.id, decidedAt: at, updatedAt: at }).where(where);
    } else if (step === 'reject') {
      await tx.update(venueBookings).set({ status: 'rejected', rejectReason: input.reason!, decidedBy: p.id, decidedAt: at, updatedAt: at }).where(where);
    } else if (step === 'checkin') {
      if (now < s - CHECKIN_EARLY || now >= e) throw conflict('CHECKIN_WINDOW');
      await tx.update(venueBookings).set({ status: 'checked_in', checkedInAt: at, updatedAt: at }).where(where);
    } else if (step === 'no_show') {
      if (now < s) throw conflict('BOOKING_NOT_STARTED');
      await tx.update(venueBookings).set({ status: 'no_show', updatedAt: at }).where(where);
    } else {
      await tx.update(venueBookings).set({ status: 'done', updatedAt: at }).where(where);
      if (input.visitors) {
        await tx.insert(venueVisits).values({
          regionId: b.regionId, id: uuidv7(), resourceId: b.resourceId, bookingId: b.id, visitedOn: localParts(s).date, visitors: input.visitors,
          groupName: r.bookerName || b.purpose, recordedBy: p.id,
        });
      }
    }
    const after = await reread(tx, p, b.regionId, b.id);
    const action = ({ approve: 'booking.approve', reject: 'booking.reject', checkin: 'booking.checkin', no_show: 'booking.no_show', done: 'booking.done' } as const)[step];
    await audit(tx, actor, { regionId: b.regionId, action, entityType: 'venue_booking', entityId: b.id, before: b, after: { ...after, visitors: input.visitors ?? null } });
    return after;
  });
}

async function findSeries(tx: Tx, p: Principal, id: string, need: 'mine' | 'manage') {
  const [sr] = await tx.select().from(venueSeries).where(eq(venueSeries.id, id)).limit(1);
  if (!sr) throw notFound();
  const rows = await bookingRows(tx, and(eq(venueBookings.regionId, sr.regionId), eq(venueBookings.seriesId, sr.id))!).orderBy(asc(venueBookings.startsAt));
  const x = (await venueById(tx, sr.resourceId, sr.regionId))!;
  const ok = need === 'manage' ? canManage(p, x) : sr.createdBy === p.id || (rows[0] ? isMine(p, rows[0]) : false);
  if (!ok) throw notFound();
  return { sr, rows, x };
}

/** The booker cancels what is left of a weekly booking: every occurrence still active and before the cut-off. */
export async function cancelSeries(ctx: Ctx, actor: Actor, id: string) {
  const p = actor.principal!;
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const { sr, rows, x } = await findSeries(tx, p, id, 'mine');
    const ids = rows.filter((r) => (r.b.status === 'pending' || r.b.status === 'approved') && !cutoffPassed(x.v, r.b, now)).map((r) => r.b.id);
    if (ids.length) {
      await tx.update(venueBookings).set({ status: 'cancelled', cancelledAt: new Date(now), updatedAt: new Date(now) })
        .where(and(eq(venueBookings.regionId, sr.regionId), inArray(venueBookings.id, ids)));
    }
    await tx.update(venueSeries).set({ status: 'cancelled' }).where(and(eq(venueSeries.regionId, sr.regionId), eq(venueSeries.id, sr.id)));
    await audit(tx, actor, { regionId: sr.regionId, action: 'booking.series.cancel', entityType: 'venue_series', entityId: sr.id, before: sr, after: { cancelled: ids } });
    return { count: ids.length };
  });
}

/**
 * The booker changes a weekly booking's time of day and duration, from one occurrence onward or for the whole series.
 * Each occurrence in range keeps its own day; one moved or cancelled on its own (`isException`), one no longer active
 * (done, no-show, rejected, checked in) or within the cut-off is **kept** as it is — a change to the series never
 * undoes an exception. The others are checked against the rules and written one by one inside a savepoint, so the
 * exclusion constraint refuses an overlap per occurrence (BOOKING_CONFLICT). Any refused: 409 SERIES_REFUSED with one
 * detail per refused occurrence and nothing changed, unless `bookAvailable` (the others change, the refused keep their
 * times). A changed occurrence goes back to pending where the owner approves bookings.
 */
export async function changeSeries(ctx: Ctx, actor: Actor, id: string, input: z.infer<typeof SeriesChange>) {
  const p = actor.principal!;
  const now = ctx.now();
  const [hh, mm] = input.startTime.split(':').map(Number);
  return ctx.db.transaction(async (tx) => {
    const { sr, rows, x } = await findSeries(tx, p, id, 'mine');
    const v = x.v;
    let from = 0;
    if (input.fromBookingId) {
      const f = rows.find((r) => r.b.id === input.fromBookingId);
      if (!f) throw invalid([fieldError('fromBookingId', 'booking.not_in_series')]);
      from = f.b.occurrence ?? 0;
    }
    const inRange = rows.filter((r) => (r.b.occurrence ?? 0) >= from).sort((a, b) => (a.b.occurrence ?? 0) - (b.b.occurrence ?? 0));
    // the new instants: the occurrence's own Shanghai day at the new time
    const planned = inRange.map((r) => {
      const day = localParts(r.b.startsAt.getTime()).date;
      const s = Date.parse(`${day}T00:00:00+08:00`) + (hh * 60 + mm) * MIN;
      return { r, s, e: s + input.durationMinutes * MIN };
    });
    const span = planned.length ? [Math.min(...planned.map((q) => q.s)), Math.max(...planned.map((q) => q.e))] : [0, 0];
    const blackouts = planned.length ? await blackoutsBetween(tx, v, span[0], span[1]) : [];
    const status = v.approvalRequired ? 'pending' : 'approved';
    const at = new Date(now);
    type Out = { index: number; bookingId: string; startsAt: string; endsAt: string; outcome: 'changed' | 'refused' | 'kept'; code: string | null };
    const outcomes: Out[] = [];
    for (const { r, s, e } of planned) {
      const b = r.b;
      const kept = b.isException ? 'EXCEPTION' : b.status !== 'pending' && b.status !== 'approved' ? 'NOT_ACTIVE' : cutoffPassed(v, b, now) ? 'CUTOFF' : null;
      const base = { index: b.occurrence ?? 0, bookingId: b.id };
      if (kept) { outcomes.push({ ...base, startsAt: b.startsAt.toISOString(), endsAt: b.endsAt.toISOString(), outcome: 'kept', code: kept }); continue; }
      let code = ruleRefusal(v, blackouts, s, e, now);
      if (!code) {
        const ok = await guarded(tx, (sp) => sp.update(venueBookings).set({ startsAt: new Date(s), endsAt: new Date(e), status, decidedBy: null, decidedAt: null, updatedAt: at })
          .where(and(eq(venueBookings.regionId, b.regionId), eq(venueBookings.id, b.id))));
        if (!ok) code = 'BOOKING_CONFLICT';
      }
      outcomes.push({ ...base, startsAt: new Date(s).toISOString(), endsAt: new Date(e).toISOString(), outcome: code ? 'refused' : 'changed', code });
    }
    const refused = outcomes.filter((o) => o.outcome === 'refused');
    const changed = outcomes.filter((o) => o.outcome === 'changed');
    if (refused.length && (!input.bookAvailable || !changed.length)) {
      const details: ErrorDetail[] = refused.map((o) => ({ ...fieldError(`occurrences.${o.index}`, `booking.${o.code}`), code: o.code!, bookingId: o.bookingId, startsAt: o.startsAt, endsAt: o.endsAt }));
      throw conflict('SERIES_REFUSED', { refused: refused.length, total: outcomes.filter((o) => o.outcome !== 'kept').length }, details);
    }
    if (!changed.length) throw conflict('SERIES_NOTHING_TO_CHANGE');
    if (from === 0) {
      const first = planned.find((q) => q.r.b.occurrence === 0);
      await tx.update(venueSeries).set({ durationMinutes: input.durationMinutes, ...(first ? { firstStartsAt: new Date(first.s) } : {}) })
        .where(and(eq(venueSeries.regionId, sr.regionId), eq(venueSeries.id, sr.id)));
    }
    await audit(tx, actor, { regionId: sr.regionId, action: 'booking.series.change', entityType: 'venue_series', entityId: sr.id, before: { sr, bookings: inRange.map((r) => r.b) }, after: { input, occurrences: outcomes } });
    return { changed: changed.length, occurrences: outcomes };
  });
}

/** The owner approves every pending occurrence of a weekly booking at once. */
export async function approveSeries(ctx: Ctx, actor: Actor, id: string) {
  const p = actor.principal!;
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const { sr, rows } = await findSeries(tx, p, id, 'manage');
    const ids = rows.filter((r) => r.b.status === 'pending' && r.b.endsAt.getTime() > now).map((r) => r.b.id);
    if (ids.length) {
      await tx.update(venueBookings).set({ status: 'approved', decidedBy: p.id, decidedAt: new Date(now), updatedAt: new Date(now) })
        .where(and(eq(venueBookings.regionId, sr.regionId), inArray(venueBookings.id, ids)));
    }
    await audit(tx, actor, ids.map((bid) => ({ regionId: sr.regionId, action: 'booking.approve' as const, entityType: 'venue_booking', entityId: bid, after: { status: 'approved', seriesId: sr.id } })));
    return { count: ids.length };
  });
}

/** The caller's bookings (made by them or for a booker they book for), or the bookings of the venues they manage. */
export async function listBookings(ctx: Ctx, p: Principal, q: z.infer<typeof BookingListQuery>) {
  const unitOrg = sql`(select bu2.org_id from units bu2 where bu2.region_id = ${venueBookings.regionId} and bu2.id = ${venueBookings.bookerUnitId})`;
  const scope = q.view === 'mine'
    ? or(eq(venueBookings.createdBy, p.id), scopeWhere(p, 'venues.book', { regionId: venueBookings.regionId, orgId: sql`coalesce(${venueBookings.bookerOrgId}, ${unitOrg})`, unitId: venueBookings.bookerUnitId }))!
    : sql`${venueBookings.resourceId} in (select r.id from venue_resources r where r.region_id = ${venueBookings.regionId} and ${scopeWhere(p, 'venues.manage', {
      regionId: sql`r.region_id`, orgId: sql`coalesce(r.owner_org_id, (select ou.org_id from units ou where ou.region_id = r.region_id and ou.id = r.owner_unit_id))`, unitId: sql`r.owner_unit_id`,
    })})`;
  const cond = and(scope,
    q.status ? eq(venueBookings.status, q.status) : undefined,
    q.venueResourceId ? eq(venueBookings.resourceId, q.venueResourceId) : undefined,
    q.from ? gte(venueBookings.endsAt, new Date(Date.parse(q.from))) : undefined,
    q.to ? lt(venueBookings.startsAt, new Date(Date.parse(q.to))) : undefined)!;
  const order = q.view === 'approvals' ? asc(venueBookings.startsAt) : desc(venueBookings.startsAt);
  return paginate(q, bookingRows(ctx.db, cond).orderBy(order, asc(venueBookings.id)), ctx.db.select({ n: countAll }).from(venueBookings).where(cond), (r) => toBooking(p, r));
}

