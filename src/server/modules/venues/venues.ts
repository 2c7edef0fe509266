import { and, asc, desc, eq, gt, gte, inArray, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { addDays, todayShanghai } from '../../../shared/dates.ts';
import type { BlackoutCreate, CalendarQuery, FiguresQuery, VenueCreate, VenueListQuery, VenueUpdate, VisitCreate, VisitListQuery } from '../../../shared/venues.ts';
import type { Ctx } from '../../platform/context.ts';
import { audit, type Actor } from '../../platform/audit.ts';
import { conflict, fieldError, invalid, notFound } from '../../platform/errors.ts';
import { writeMessages } from '../../platform/notify/messages.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { escapeLike } from '../../platform/like.ts';
import { countAll, emptyPage, paginate } from '../../platform/pagination.ts';
import { assertCan, grantedRegions, holdsIn, pathUnder, scopeWhere, type Principal } from '../../platform/scope.ts';
import { allianceOrgs, alliances, allianceUnits, orgs, units } from '../directory/schema.ts';
import { bookingRows, calendarRows, mineOf, suspendedUntil } from './bookings.ts';
import { canManage, findVenue, iso, localParts, toVenue, venueById, type VenueFull, type VenueRow } from './common.ts';
import { venueBlackouts, venueBookings, venueResources, venueVisits } from './schema.ts';

const refusedRules = (v: Pick<VenueRow, 'minDurationMinutes' | 'maxDurationMinutes' | 'bookableBy' | 'allianceId' | 'openingHours'>) => {
  const out = [];
  v.openingHours.forEach((w, i) => { if (w && w.open >= w.close) out.push(fieldError(`openingHours.${i}.close`, 'venue.window_order')); });
  if (v.minDurationMinutes > v.maxDurationMinutes) out.push(fieldError('maxDurationMinutes', 'venue.duration_order'));
  if (v.bookableBy === 'alliance' && !v.allianceId) out.push(fieldError('allianceId', 'venue.alliance_required'));
  return out;
};

/** A new venue, owned by an org or a unit the caller manages venues for. */
export async function createVenue(ctx: Ctx, actor: Actor, input: z.infer<typeof VenueCreate>) {
  const p = actor.principal!;
  if ((input.orgId ? 1 : 0) + (input.unitId ? 1 : 0) !== 1) throw invalid([fieldError('orgId', 'venue.one_owner')]);
  return ctx.db.transaction(async (tx) => {
    let regionId: string;
    if (input.orgId) {
      const [o] = await tx.select().from(orgs).where(eq(orgs.id, input.orgId)).limit(1);
      assertCan(p, 'venues.manage', o ? { regionId: o.regionId, orgPath: o.path } : null);
      regionId = o.regionId;
    } else {
      const [u] = await tx.select({ u: units, path: orgs.path }).from(units)
        .leftJoin(orgs, and(eq(orgs.regionId, units.regionId), eq(orgs.id, units.orgId))).where(eq(units.id, input.unitId!)).limit(1);
      assertCan(p, 'venues.manage', u ? { regionId: u.u.regionId, unitId: u.u.id, orgPath: u.path } : null);
      regionId = u.u.regionId;
    }
    if (input.allianceId) {
      const [a] = await tx.select({ id: alliances.id }).from(alliances).where(and(eq(alliances.regionId, regionId), eq(alliances.id, input.allianceId)));
      if (!a) throw notFound();
    }
    const problems = refusedRules({ ...input, allianceId: input.allianceId ?? null });
    if (problems.length) throw invalid(problems);
    const id = uuidv7();
    const { orgId, unitId, ...rest } = input;
    const [row] = await tx.insert(venueResources).values({
      ...rest, regionId, id, ownerOrgId: orgId ?? null, ownerUnitId: unitId ?? null, allianceId: input.allianceId ?? null, address: input.address ?? null,
    }).returning();
    await audit(tx, actor, { regionId, action: 'venue.create', entityType: 'venue_resource', entityId: id, after: row });
    return toVenue(p, (await venueById(tx, id, regionId))!);
  });
}

export async function updateVenue(ctx: Ctx, actor: Actor, id: string, input: z.infer<typeof VenueUpdate>) {
  const p = actor.principal!;
  return ctx.db.transaction(async (tx) => {
    const x = await findVenue(tx, p, id, 'manage');
    if (input.allianceId) {
      const [a] = await tx.select({ id: alliances.id }).from(alliances).where(and(eq(alliances.regionId, x.v.regionId), eq(alliances.id, input.allianceId)));
      if (!a) throw notFound();
    }
    const next = { ...x.v, ...input };
    const problems = refusedRules(next);
    if (problems.length) throw invalid(problems);
    const [row] = await tx.update(venueResources).set({ ...input, updatedAt: new Date(ctx.now()) })
      .where(and(eq(venueResources.regionId, x.v.regionId), eq(venueResources.id, id))).returning();
    await audit(tx, actor, { regionId: x.v.regionId, action: 'venue.update', entityType: 'venue_resource', entityId: id, before: x.v, after: row });
    return toVenue(p, (await venueById(tx, id, x.v.regionId))!);
  });
}

export async function venueView(ctx: Ctx, p: Principal, id: string) {
  return toVenue(p, await findVenue(ctx.db, p, id, 'read'));
}

/** Venues of the caller's regions (shared venues are listed region-wide), or only those the caller manages. */
export async function listVenues(ctx: Ctx, p: Principal, q: z.infer<typeof VenueListQuery>) {
  const regions = p.isPlatformAdmin ? null : grantedRegions(p);
  if (regions && !regions.length) return emptyPage<ReturnType<typeof toVenue>>(q);
  const ownerOrg = sql`coalesce(${venueResources.ownerOrgId}, (select uo.org_id from units uo where uo.region_id = ${venueResources.regionId} and uo.id = ${venueResources.ownerUnitId}))`;
  const where: SQL[] = [];
  if (regions) where.push(inArray(venueResources.regionId, regions));
  if (q.regionId) where.push(eq(venueResources.regionId, q.regionId));
  if (q.kind) where.push(eq(venueResources.kind, q.kind));
  if (q.q) where.push(sql`${venueResources.name} ilike ${`%${escapeLike(q.q)}%`}`);
  if (q.managed === 'true') where.push(scopeWhere(p, 'venues.manage', { regionId: venueResources.regionId, orgId: ownerOrg, unitId: venueResources.ownerUnitId }));
  const cond = and(...where);
  const ids = await paginate(q, ctx.db.select({ id: venueResources.id, regionId: venueResources.regionId }).from(venueResources).where(cond)
    .orderBy(asc(venueResources.name), asc(venueResources.id)), ctx.db.select({ n: countAll }).from(venueResources).where(cond));
  const items = [];
  for (const r of ids.items) items.push(toVenue(p, (await venueById(ctx.db, r.id, r.regionId))!));
  return { ...ids, items };
}

/**
 * Closes a venue for a period. Bookings still to be used over it (pending, approved; a checked-in one is in use and
 * cannot be closed over) are what the owner must decide about: without `cancelBookings` the closure is refused with
 * each booking it hits (409 BLACKOUT_HITS_BOOKINGS, nothing written), so no booker loses a slot unseen; with it (and a
 * `cancelReason`) those bookings are cancelled in the same transaction (the reason kept on each, an occurrence of a
 * series becoming an exception), every booker gets a message in the app (platform/notify), each audited.
 */
export async function addBlackout(ctx: Ctx, actor: Actor, id: string, input: z.infer<typeof BlackoutCreate>) {
  const p = actor.principal!;
  const starts = Date.parse(input.startsAt);
  const ends = Date.parse(input.endsAt);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const x = await findVenue(tx, p, id, 'manage');
    if (ends <= starts) throw invalid([fieldError('endsAt', 'venue.range_order')]);
    // the rows are locked: a booking moved or cancelled meanwhile waits for this decision
    const hits = await bookingRows(tx, and(
      eq(venueBookings.regionId, x.v.regionId), eq(venueBookings.resourceId, id), inArray(venueBookings.status, ['pending', 'approved', 'checked_in']),
      lt(venueBookings.startsAt, new Date(ends)), gt(venueBookings.endsAt, new Date(starts)),
    )!).orderBy(asc(venueBookings.startsAt), asc(venueBookings.id)).for('update', { of: venueBookings });
    const detail = (r: (typeof hits)[number], i: number) => ({
      field: `bookings.${i}`, message: r.b.status === 'checked_in' ? 'blackout.hit_in_use' : 'blackout.hit', vars: { booker: r.bookerName, at: r.b.startsAt.toISOString() },
      bookingId: r.b.id, startsAt: r.b.startsAt.toISOString(), endsAt: r.b.endsAt.toISOString(), bookerName: r.bookerName, status: r.b.status,
    });
    const inUse = hits.filter((r) => r.b.status === 'checked_in');
    if (inUse.length) throw conflict('BLACKOUT_BOOKING_IN_USE', { count: inUse.length }, inUse.map(detail));
    if (hits.length && !input.cancelBookings) throw conflict('BLACKOUT_HITS_BOOKINGS', { count: hits.length }, hits.map(detail));
    if (hits.length && !input.cancelReason) throw invalid([fieldError('cancelReason', 'blackout.cancel_reason_required')]);
    const [row] = await tx.insert(venueBlackouts).values({
      regionId: x.v.regionId, id: uuidv7(), resourceId: id, startsAt: new Date(starts), endsAt: new Date(ends), reason: input.reason, createdBy: p.id,
    }).returning();
    const at = new Date(now);
    for (const r of hits) {
      const [after] = await tx.update(venueBookings).set({
        status: 'cancelled', cancelledAt: at, rejectReason: input.cancelReason!, isException: r.b.seriesId !== null, decidedBy: p.id, decidedAt: at, updatedAt: at,
      }).where(and(eq(venueBookings.regionId, r.b.regionId), eq(venueBookings.id, r.b.id))).returning();
      await audit(tx, actor, { regionId: r.b.regionId, action: 'booking.owner_cancel', entityType: 'venue_booking', entityId: r.b.id, before: r.b, after: { ...after, blackoutId: row.id } });
    }
    if (hits.length) {
      const when = (d: Date) => { const l = localParts(d.getTime()); return `${l.date} ${String(Math.floor(l.minute / 60)).padStart(2, '0')}:${String(l.minute % 60).padStart(2, '0')}`; };
      await writeMessages(tx, now, hits.map((r) => ({
        regionId: r.b.regionId, userId: r.b.createdBy, kind: 'notice' as const, senderName: x.ownerName ?? null, href: '/my-bookings',
        title: `「${r.resourceName}」${when(r.b.startsAt)} 的预约已取消`,
        body: `阵地在 ${when(row.startsAt)} 至 ${when(row.endsAt)} 停用（${input.reason}），您的预约（${r.b.purpose}）已由管理方取消：${input.cancelReason}`,
      })));
    }
    await audit(tx, actor, { regionId: x.v.regionId, action: 'venue.blackout.create', entityType: 'venue_blackout', entityId: row.id, after: { ...row, cancelled: hits.map((r) => r.b.id) } });
    return {
      id: row.id, startsAt: row.startsAt.toISOString(), endsAt: row.endsAt.toISOString(), reason: row.reason,
      cancelled: hits.map((r) => ({ id: r.b.id, startsAt: r.b.startsAt.toISOString(), endsAt: r.b.endsAt.toISOString(), bookerName: r.bookerName })),
    };
  });
}

export async function deleteBlackout(ctx: Ctx, actor: Actor, blackoutId: string) {
  return ctx.db.transaction(async (tx) => {
    const [b] = await tx.select().from(venueBlackouts).where(eq(venueBlackouts.id, blackoutId)).limit(1);
    if (!b) throw notFound();
    const x = await venueById(tx, b.resourceId, b.regionId);
    if (!x || !canManage(actor.principal!, x)) throw notFound();
    await tx.delete(venueBlackouts).where(and(eq(venueBlackouts.regionId, b.regionId), eq(venueBlackouts.id, b.id)));
    await audit(tx, actor, { regionId: b.regionId, action: 'venue.blackout.delete', entityType: 'venue_blackout', entityId: b.id, before: b });
    return { ok: true as const };
  });
}

/** A venue's bookings and closures between two instants (at most 93 days), for its week or month calendar. */
export async function venueCalendar(ctx: Ctx, p: Principal, id: string, q: z.infer<typeof CalendarQuery>) {
  const from = Date.parse(q.from);
  const to = Date.parse(q.to);
  if (!(to > from) || to - from > 93 * 86_400_000) throw invalid([fieldError('to', 'venue.calendar_range')]);
  const x = await findVenue(ctx.db, p, id, 'read');
  const manager = canManage(p, x);
  const rows = await calendarRows(ctx.db, and(
    eq(venueBookings.regionId, x.v.regionId), eq(venueBookings.resourceId, id),
    lt(venueBookings.startsAt, new Date(to)), gt(venueBookings.endsAt, new Date(from)),
    inArray(venueBookings.status, ['pending', 'approved', 'checked_in', 'done', 'no_show']),
  )!).orderBy(asc(venueBookings.startsAt));
  const blackouts = await ctx.db.select().from(venueBlackouts).where(and(
    eq(venueBlackouts.regionId, x.v.regionId), eq(venueBlackouts.resourceId, id), lt(venueBlackouts.startsAt, new Date(to)), gt(venueBlackouts.endsAt, new Date(from)),
  )).orderBy(asc(venueBlackouts.startsAt));
  const suspended = await suspendedUntil(ctx.db, x.v, { userId: p.id }, ctx.now());
  return {
    venue: toVenue(p, x),
    bookings: rows.map((r) => {
      const mine = mineOf(p, r, r.bookerPath);
      return {
        id: r.id, startsAt: r.startsAt.toISOString(), endsAt: r.endsAt.toISOString(), status: r.status as 'pending', bookerName: r.bookerName,
        purpose: manager || mine ? r.purpose : null, seriesId: r.seriesId, mine,
      };
    }),
    blackouts: blackouts.map((b) => ({ id: b.id, startsAt: b.startsAt.toISOString(), endsAt: b.endsAt.toISOString(), reason: b.reason })),
    suspendedUntil: iso(suspended),
  };
}

/** A walk-in group's visit (a booking's visitors are recorded when it is closed as used). */
export async function addVisit(ctx: Ctx, actor: Actor, id: string, input: z.infer<typeof VisitCreate>) {
  return ctx.db.transaction(async (tx) => {
    const x = await findVenue(tx, actor.principal!, id, 'manage');
    if (input.visitedOn > todayShanghai(ctx.now())) throw invalid([fieldError('visitedOn', 'venue.visit_future')]);
    const [row] = await tx.insert(venueVisits).values({
      regionId: x.v.regionId, id: uuidv7(), resourceId: id, visitedOn: input.visitedOn, visitors: input.visitors, groupName: input.groupName, recordedBy: actor.principal!.id,
    }).returning();
    await audit(tx, actor, { regionId: x.v.regionId, action: 'venue.visit.create', entityType: 'venue_visit', entityId: row.id, after: row });
    return toVisit(row);
  });
}

const toVisit = (r: typeof venueVisits.$inferSelect) => ({ id: r.id, visitedOn: r.visitedOn, visitors: r.visitors, groupName: r.groupName, bookingId: r.bookingId });

export async function listVisits(ctx: Ctx, p: Principal, id: string, q: z.infer<typeof VisitListQuery>) {
  const x = await findVenue(ctx.db, p, id, 'read');
  const cond = and(eq(venueVisits.regionId, x.v.regionId), eq(venueVisits.resourceId, id),
    q.from ? gte(venueVisits.visitedOn, q.from) : undefined, q.to ? lte(venueVisits.visitedOn, q.to) : undefined);
  return paginate(q, ctx.db.select().from(venueVisits).where(cond).orderBy(desc(venueVisits.visitedOn), desc(venueVisits.id)),
    ctx.db.select({ n: countAll }).from(venueVisits).where(cond), toVisit);
}

/** Visits, visitors (computed from the visits), bookings and no-shows of a venue over a period (default: the past year). */
export async function venueFigures(ctx: Ctx, p: Principal, id: string, q: z.infer<typeof FiguresQuery>) {
  const x = await findVenue(ctx.db, p, id, 'read');
  const to = q.to ?? todayShanghai(ctx.now());
  const from = q.from ?? addDays(to, -364);
  if (from > to) throw invalid([fieldError('from', 'venue.range_order')]);
  const r = { regionId: x.v.regionId, id };
  const [v] = await ctx.db.select({ visits: countAll, visitors: sql<number>`coalesce(sum(${venueVisits.visitors}), 0)::int` }).from(venueVisits)
    .where(and(eq(venueVisits.regionId, r.regionId), eq(venueVisits.resourceId, id), gte(venueVisits.visitedOn, from), lte(venueVisits.visitedOn, to)));
  const byMonth = await ctx.db.select({ month: sql<string>`to_char(${venueVisits.visitedOn}, 'YYYY-MM')`, visitors: sql<number>`sum(${venueVisits.visitors})::int` })
    .from(venueVisits).where(and(eq(venueVisits.regionId, r.regionId), eq(venueVisits.resourceId, id), gte(venueVisits.visitedOn, from), lte(venueVisits.visitedOn, to)))
    .groupBy(sql`1`).orderBy(sql`1`);
  const fromTs = new Date(Date.parse(`${from}T00:00:00+08:00`));
  const toTs = new Date(Date.parse(`${addDays(to, 1)}T00:00:00+08:00`));
  const [b] = await ctx.db.select({
    bookings: sql<number>`count(*) filter (where ${venueBookings.status} in ('approved', 'checked_in', 'done', 'no_show'))::int`,
    noShows: sql<number>`count(*) filter (where ${venueBookings.status} = 'no_show')::int`,
  }).from(venueBookings).where(and(eq(venueBookings.regionId, r.regionId), eq(venueBookings.resourceId, id), gte(venueBookings.startsAt, fromTs), lt(venueBookings.startsAt, toTs)));
  return { from, to, visits: Number(v.visits), visitors: Number(v.visitors), bookings: Number(b.bookings), noShows: Number(b.noShows), byMonth: byMonth.map((m) => ({ month: m.month, visitors: Number(m.visitors) })) };
}

/** The orgs and units the caller may book this venue for (and whether they may book it for themselves alone). */
export async function bookerOptions(ctx: Ctx, p: Principal, id: string) {
  const x = await findVenue(ctx.db, p, id, 'read');
  const { orgCond, unitCond } = eligibility(x);
  const o = await ctx.db.select({ id: orgs.id, name: orgs.name }).from(orgs)
    .where(and(eq(orgs.regionId, x.v.regionId), scopeWhere(p, 'venues.book', { regionId: orgs.regionId, orgPath: orgs.path }), orgCond))
    .orderBy(asc(orgs.path)).limit(200);
  const u = await ctx.db.select({ id: units.id, name: units.name }).from(units)
    .where(and(eq(units.regionId, x.v.regionId), scopeWhere(p, 'venues.book', { regionId: units.regionId, unitId: units.id, orgId: units.orgId }), unitCond))
    .orderBy(asc(units.name)).limit(200);
  return { orgs: o, units: u, self: x.v.bookableBy === 'anyone' && holdsIn(p, 'venues.book', x.v.regionId) };
}

/** SQL: which orgs and units a venue accepts as bookers (bookable_by). */
export function eligibility(x: VenueFull): { orgCond: SQL | undefined; unitCond: SQL | undefined } {
  if (x.v.bookableBy !== 'alliance' || !x.v.allianceId) return { orgCond: undefined, unitCond: undefined };
  const a = x.v.allianceId;
  const orgCond = sql`exists (select 1 from ${allianceOrgs} ao join orgs ap on ap.region_id = ao.region_id and ap.id = ao.org_id
    where ao.region_id = ${x.v.regionId} and ao.alliance_id = ${a} and ${pathUnder(orgs.path, sql`ap.path`)})`;
  const unitCond = sql`(exists (select 1 from ${allianceUnits} au where au.region_id = ${x.v.regionId} and au.alliance_id = ${a} and au.unit_id = ${units.id})
    or exists (select 1 from ${allianceOrgs} ao join orgs ap on ap.region_id = ao.region_id and ap.id = ao.org_id join orgs uo on uo.region_id = ao.region_id
      where ao.region_id = ${x.v.regionId} and ao.alliance_id = ${a} and uo.id = ${units.orgId} and ${pathUnder(sql`uo.path`, sql`ap.path`)}))`;
  return { orgCond, unitCond };
}

