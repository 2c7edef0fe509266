import { randomBytes } from 'node:crypto';
import { and, asc, desc, eq, gte, ilike, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import {
  SERVICE_KINDS, type ActivityCreate, type ActivityKind, type ActivityStatus, type ActivityListQuery, type ActivityUpdate, type AttendeeUpdate, type SeriesCreate,
} from '../../../shared/activities.ts';
import type { DbOrTx } from '../../db/client.ts';
import { audit, type Actor } from '../../platform/audit.ts';
import { AppError, fieldError, invalid, notFound } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { assertCan, can, pathUnder, scopeWhere, type Principal, type Target } from '../../platform/scope.ts';
import { countAll, paginate } from '../../platform/pagination.ts';
import { alliances, allianceOrgs, members, orgs } from '../directory/schema.ts';
import { allianceById, conflictError, iso, memberById, orgById, selfOf, shanghaiDate, type Ctx } from './common.ts';
import { activities, activityAttendees, activityCheckins, activitySeries } from './schema.ts';
import { escapeLike } from '../../platform/like.ts';

export type ActivityRow = typeof activities.$inferSelect;
type Loaded = { a: ActivityRow; orgPath: string | null; orgName: string | null };

const DEFAULT_CHECKIN_LEAD_MS = 30 * 60_000;

export const activityTarget = (l: Loaded): Target => ({ regionId: l.a.regionId, orgPath: l.orgPath, allianceId: l.a.allianceId });

/**
 * The status as shown: cancelled stays cancelled; otherwise an activity is held once it has started (as the
 * compliance board counts it) or someone has checked in (the window opens before the start), whatever was stored
 * — nobody has to edit it by hand. `now` is the server's clock.
 */
export function statusAt(a: { status: string; startsAt: Date }, now: number, checkedIn = 0): ActivityStatus {
  if (a.status === 'cancelled') return 'cancelled';
  if (a.status === 'held' || now >= a.startsAt.getTime() || checkedIn > 0) return 'held';
  return 'planned';
}

export function toActivity(l: Loaded, now: number, counts?: { expected: number; signedUp: number; waitlisted: number; checkedIn: number }) {
  const a = l.a;
  return {
    id: a.id, regionId: a.regionId, kind: a.kind as ActivityKind, orgId: a.orgId, orgName: l.orgName, allianceId: a.allianceId,
    seriesId: a.seriesId, title: a.title, topic: a.topic, place: a.place, speaker: a.speaker,
    startsAt: a.startsAt.toISOString(), endsAt: a.endsAt.toISOString(), heldOn: a.heldOn,
    checkinOpensAt: a.checkinOpensAt.toISOString(), checkinClosesAt: a.checkinClosesAt.toISOString(),
    signupOpen: a.signupOpen, capacity: a.capacity, status: statusAt(a, now, counts?.checkedIn), minutes: a.minutes, photos: a.photos,
    lectureTeamId: a.lectureTeamId, lecturerMemberId: a.lecturerMemberId, ...(counts ? { counts } : {}),
  };
}

/** The activity with its org's path (for scope decisions), or null. */
export async function loadActivity(db: DbOrTx, id: string, regionId?: string, lock = false): Promise<Loaded | null> {
  // a locking read names the region (on Citus it must run on one shard): find it first
  if (lock && !regionId) {
    const found = await loadActivity(db, id);
    return found && loadActivity(db, id, found.a.regionId, true);
  }
  const q = db.select({ a: activities, orgPath: orgs.path, orgName: orgs.name }).from(activities)
    .leftJoin(orgs, and(eq(orgs.regionId, activities.regionId), eq(orgs.id, activities.orgId)))
    .where(regionId ? and(eq(activities.regionId, regionId), eq(activities.id, id)) : eq(activities.id, id)).limit(1);
  const [row] = lock ? await q.for('update', { of: activities }) : await q;
  return row ?? null;
}

export async function findActivity(db: DbOrTx, p: Principal, id: string, perm: 'activities.read' | 'activities.write' = 'activities.read') {
  const l = await loadActivity(db, id);
  assertCan(p, perm, l ? activityTarget(l) : null);
  return l!;
}

export async function activityCounts(db: DbOrTx, regionId: string, id: string) {
  const [c] = await db.select({
    expected: sql<number>`count(*) filter (where ${activityAttendees.expected})::int`,
    signedUp: sql<number>`count(*) filter (where ${activityAttendees.signup} = 'signed_up')::int`,
    waitlisted: sql<number>`count(*) filter (where ${activityAttendees.signup} = 'waitlisted')::int`,
  }).from(activityAttendees).where(and(eq(activityAttendees.regionId, regionId), eq(activityAttendees.activityId, id)));
  const [k] = await db.select({ n: sql<number>`count(*)::int` }).from(activityCheckins)
    .where(and(eq(activityCheckins.regionId, regionId), eq(activityCheckins.activityId, id)));
  return { expected: Number(c.expected), signedUp: Number(c.signedUp), waitlisted: Number(c.waitlisted), checkedIn: Number(k.n) };
}

/** The same counts for a page of activities, in two grouped queries. */
export async function activityCountsMany(db: DbOrTx, keys: { regionId: string; id: string }[]) {
  const out = new Map<string, { expected: number; signedUp: number; waitlisted: number; checkedIn: number }>();
  if (!keys.length) return out;
  for (const k of keys) out.set(k.id, { expected: 0, signedUp: 0, waitlisted: 0, checkedIn: 0 });
  const regionIds = [...new Set(keys.map((k) => k.regionId))];
  const ids = keys.map((k) => k.id);
  const att = await db.select({
    id: activityAttendees.activityId,
    expected: sql<number>`count(*) filter (where ${activityAttendees.expected})::int`,
    signedUp: sql<number>`count(*) filter (where ${activityAttendees.signup} = 'signed_up')::int`,
    waitlisted: sql<number>`count(*) filter (where ${activityAttendees.signup} = 'waitlisted')::int`,
  }).from(activityAttendees)
    .where(and(inArray(activityAttendees.regionId, regionIds), inArray(activityAttendees.activityId, ids)))
    .groupBy(activityAttendees.activityId);
  for (const r of att) Object.assign(out.get(r.id)!, { expected: Number(r.expected), signedUp: Number(r.signedUp), waitlisted: Number(r.waitlisted) });
  const ci = await db.select({ id: activityCheckins.activityId, n: sql<number>`count(*)::int` }).from(activityCheckins)
    .where(and(inArray(activityCheckins.regionId, regionIds), inArray(activityCheckins.activityId, ids)))
    .groupBy(activityCheckins.activityId);
  for (const r of ci) out.get(r.id)!.checkedIn = Number(r.n);
  return out;
}

/** Members of an org subtree (or of the alliance's orgs' subtrees): the default expected attendees. */
async function defaultExpected(db: DbOrTx, regionId: string, orgPath: string | null, allianceId: string | null): Promise<string[]> {
  if (orgPath) {
    const rows = await db.select({ id: members.id }).from(members)
      .innerJoin(orgs, and(eq(orgs.regionId, members.regionId), eq(orgs.id, members.orgId)))
      .where(and(eq(members.regionId, regionId), pathUnder(orgs.path, orgPath), eq(members.status, 'normal')));
    return rows.map((r) => r.id);
  }
  if (allianceId) {
    const rows = await db.selectDistinct({ id: members.id }).from(members)
      .innerJoin(orgs, and(eq(orgs.regionId, members.regionId), eq(orgs.id, members.orgId)))
      .innerJoin(allianceOrgs, and(eq(allianceOrgs.regionId, members.regionId), eq(allianceOrgs.allianceId, allianceId)))
      .innerJoin(sql`orgs ao_org`, sql`ao_org.region_id = ${allianceOrgs.regionId} and ao_org.id = ${allianceOrgs.orgId}`)
      .where(and(eq(members.regionId, regionId), pathUnder(orgs.path, sql`ao_org.path`), eq(members.status, 'normal')));
    return rows.map((r) => r.id);
  }
  return [];
}

/**
 * The members staff name (expected list, ticked check-ins) must be ones they may read, or already on the
 * activity's list (signed up themselves): a member of another subtree is refused exactly like a made-up id.
 */
async function assertMembersKnown(db: DbOrTx, p: Principal, regionId: string, ids: string[], field: string, onList: ReadonlySet<string> = new Set()) {
  const uniq = [...new Set(ids)];
  if (!uniq.length) return uniq;
  const found = await db.select({ id: members.id, path: orgs.path }).from(members)
    .innerJoin(orgs, and(eq(orgs.regionId, members.regionId), eq(orgs.id, members.orgId)))
    .where(and(eq(members.regionId, regionId), inArray(members.id, uniq)));
  const have = new Set(found.filter((r) => onList.has(r.id) || can(p, 'members.read', { regionId, orgPath: r.path, memberId: r.id })).map((r) => r.id));
  const missing = uniq.map((id, i) => [id, i] as const).filter(([id]) => !have.has(id));
  if (missing.length) throw invalid(missing.map(([, i]) => fieldError(`${field}.${i}`, 'activity.unknown_member')));
  return uniq;
}

/**
 * End after start; check-in closing after it opens. With an end before the start and no closing time from the
 * caller, only the end is reported: the window (derived from that end, or as stored) is wrong because of it, and
 * an error on a field the caller did not fill in only confuses.
 */
function timeErrors(startsAt: Date, endsAt: Date, opens: Date, closes: Date, closesGiven: boolean) {
  const errs = [];
  const endBad = endsAt <= startsAt;
  if (endBad) errs.push(fieldError('endsAt', 'activity.ends_before_start'));
  if (closes <= opens && !(endBad && !closesGiven)) errs.push(fieldError('checkinClosesAt', 'activity.window_order'));
  return errs;
}

export async function createActivity(ctx: Ctx, actor: Actor, input: z.infer<typeof ActivityCreate>) {
  return ctx.db.transaction(async (tx) => createActivityTx(tx, actor, input, true, ctx.now()));
}

/** Creates an activity inside the caller's transaction; `checkScope` false when the caller decided (a scheduled lecture). */
export async function createActivityTx(tx: DbOrTx, actor: Actor, input: z.infer<typeof ActivityCreate>, checkScope: boolean, now: number) {
  const p = actor.principal!;
  const assertCan_ = checkScope ? assertCan : (_p: unknown, _perm: unknown, t: Target | null) => { if (!t) throw notFound(); };
  {
    let regionId: string;
    let orgPath: string | null = null;
    let orgName: string | null = null;
    if ((input.orgId ? 1 : 0) + (input.allianceId ? 1 : 0) !== 1) throw invalid([fieldError('orgId', 'activity.org_or_alliance')]);
    if (input.orgId) {
      const o = await orgById(tx, null, input.orgId);
      assertCan_(p, 'activities.write', o ? { regionId: o.regionId, orgPath: o.path } : null);
      regionId = o!.regionId; orgPath = o!.path; orgName = o!.name;
    } else {
      const al = await allianceById(tx, input.allianceId!);
      assertCan_(p, 'activities.write', al ? { regionId: al.regionId, allianceId: al.id } : null);
      regionId = al!.regionId;
    }
    const startsAt = new Date(input.startsAt);
    const endsAt = new Date(input.endsAt);
    const opens = input.checkinOpensAt ? new Date(input.checkinOpensAt) : new Date(startsAt.getTime() - DEFAULT_CHECKIN_LEAD_MS);
    const closes = input.checkinClosesAt ? new Date(input.checkinClosesAt) : new Date(endsAt.getTime() + DEFAULT_CHECKIN_LEAD_MS);
    const errs = timeErrors(startsAt, endsAt, opens, closes, !!input.checkinClosesAt);
    if (input.capacity && !input.signupOpen) errs.push(fieldError('capacity', 'activity.capacity_needs_signup'));
    if (errs.length) throw invalid(errs);
    if (input.seriesId) {
      const [s] = await tx.select({ id: activitySeries.id }).from(activitySeries)
        .where(and(eq(activitySeries.regionId, regionId), eq(activitySeries.id, input.seriesId)));
      if (!s) throw invalid([fieldError('seriesId', 'activity.unknown_series')]);
    }
    if (input.lecturerMemberId && !(await memberById(tx, regionId, input.lecturerMemberId))) {
      throw invalid([fieldError('lecturerMemberId', 'activity.unknown_member')]);
    }
    const expected = input.expectedMemberIds
      ? await assertMembersKnown(tx, p, regionId, input.expectedMemberIds, 'expectedMemberIds')
      : await defaultExpected(tx, regionId, orgPath, input.allianceId ?? null);
    const id = uuidv7();
    const [row] = await tx.insert(activities).values({
      regionId, id, kind: input.kind, orgId: input.orgId ?? null, allianceId: input.allianceId ?? null,
      seriesId: input.seriesId ?? null, title: input.title, topic: input.topic ?? null, place: input.place ?? null,
      speaker: input.speaker ?? null, startsAt, endsAt, heldOn: shanghaiDate(startsAt.getTime()),
      checkinOpensAt: opens, checkinClosesAt: closes, checkinCode: randomBytes(12).toString('base64url'),
      signupOpen: input.signupOpen ?? false, capacity: input.capacity ?? null,
      lectureTeamId: input.lectureTeamId ?? null, lecturerMemberId: input.lecturerMemberId ?? null, createdBy: p.id,
    }).returning();
    for (let i = 0; i < expected.length; i += 1000) {
      await tx.insert(activityAttendees).values(expected.slice(i, i + 1000).map((memberId) => ({ regionId, activityId: id, memberId, expected: true })));
    }
    const { checkinCode: _c, ...logged } = row;
    await audit(tx, actor, { regionId, action: 'activity.create', entityType: 'activity', entityId: id, after: { ...logged, expected: expected.length } });
    return toActivity({ a: row, orgPath, orgName }, now, { expected: expected.length, signedUp: 0, waitlisted: 0, checkedIn: 0 });
  }
}

export async function updateActivity(ctx: Ctx, actor: Actor, id: string, input: z.infer<typeof ActivityUpdate>) {
  const p = actor.principal!;
  return ctx.db.transaction(async (tx) => {
    const l = await findActivity(tx, p, id, 'activities.write');
    const before = l.a;
    const startsAt = input.startsAt ? new Date(input.startsAt) : before.startsAt;
    const endsAt = input.endsAt ? new Date(input.endsAt) : before.endsAt;
    const opens = input.checkinOpensAt ? new Date(input.checkinOpensAt)
      : input.startsAt ? new Date(startsAt.getTime() - DEFAULT_CHECKIN_LEAD_MS) : before.checkinOpensAt;
    const closes = input.checkinClosesAt ? new Date(input.checkinClosesAt)
      : input.endsAt ? new Date(endsAt.getTime() + DEFAULT_CHECKIN_LEAD_MS) : before.checkinClosesAt;
    const signupOpen = input.signupOpen ?? before.signupOpen;
    const capacity = input.capacity === undefined ? before.capacity : input.capacity;
    const errs = timeErrors(startsAt, endsAt, opens, closes, !!input.checkinClosesAt);
    if (capacity && !signupOpen) errs.push(fieldError('capacity', 'activity.capacity_needs_signup'));
    if (errs.length) throw invalid(errs);
    if (input.seriesId) {
      const [s] = await tx.select({ id: activitySeries.id }).from(activitySeries)
        .where(and(eq(activitySeries.regionId, before.regionId), eq(activitySeries.id, input.seriesId)));
      if (!s) throw invalid([fieldError('seriesId', 'activity.unknown_series')]);
    }
    const [row] = await tx.update(activities).set({
      ...input, startsAt, endsAt, heldOn: shanghaiDate(startsAt.getTime()), checkinOpensAt: opens, checkinClosesAt: closes,
      updatedAt: new Date(ctx.now()),
    }).where(and(eq(activities.regionId, before.regionId), eq(activities.id, id))).returning();
    // a raised capacity lets the waiting list move up
    if (signupOpen) await promoteWaitlist(tx, row);
    const { checkinCode: _b, ...b } = before;
    const { checkinCode: _a, ...a } = row;
    await audit(tx, actor, { regionId: before.regionId, action: 'activity.update', entityType: 'activity', entityId: id, before: b, after: a });
    return toActivity({ ...l, a: row }, ctx.now(), await activityCounts(tx, before.regionId, id));
  });
}

export async function listActivities(ctx: Ctx, p: Principal, q: z.infer<typeof ActivityListQuery> & { ids?: string[] }) {
  const conds: SQL[] = [scopeWhere(p, 'activities.read', { regionId: activities.regionId, orgId: activities.orgId, allianceId: activities.allianceId })];
  if (q.regionId) conds.push(eq(activities.regionId, q.regionId));
  if (q.orgId) conds.push(eq(activities.orgId, q.orgId));
  if (q.allianceId) conds.push(eq(activities.allianceId, q.allianceId));
  if (q.seriesId) conds.push(eq(activities.seriesId, q.seriesId));
  if (q.kind) conds.push(eq(activities.kind, q.kind));
  if (q.from) conds.push(gte(activities.heldOn, q.from));
  if (q.to) conds.push(lte(activities.heldOn, q.to));
  if (q.q) conds.push(ilike(activities.title, `%${escapeLike(q.q)}%`));
  if (q.ids?.length) conds.push(inArray(activities.id, q.ids)); // the selected rows (export): only ever narrows
  const where = and(...conds);
  const page = await paginate(q, ctx.db.select({ a: activities, orgPath: orgs.path, orgName: orgs.name }).from(activities)
    .leftJoin(orgs, and(eq(orgs.regionId, activities.regionId), eq(orgs.id, activities.orgId)))
    .where(where).orderBy(desc(activities.startsAt), desc(activities.id)),
  ctx.db.select({ n: countAll }).from(activities).where(where));
  const counts = await activityCountsMany(ctx.db, page.items.map((r) => ({ regionId: r.a.regionId, id: r.a.id })));
  return { ...page, items: page.items.map((r) => toActivity(r, ctx.now(), counts.get(r.a.id))) };
}

export async function checkinCode(ctx: Ctx, p: Principal, id: string) {
  const l = await findActivity(ctx.db, p, id, 'activities.write');
  return { code: l.a.checkinCode, path: `/my?checkin=${l.a.id}&code=${l.a.checkinCode}`, opensAt: l.a.checkinOpensAt.toISOString(), closesAt: l.a.checkinClosesAt.toISOString() };
}

export async function listAttendees(ctx: Ctx, p: Principal, id: string) {
  const l = await findActivity(ctx.db, p, id, 'activities.read');
  const rows = await ctx.db.select({ at: activityAttendees, name: members.name, orgId: members.orgId, ci: activityCheckins })
    .from(activityAttendees)
    .innerJoin(members, and(eq(members.regionId, activityAttendees.regionId), eq(members.id, activityAttendees.memberId)))
    .leftJoin(activityCheckins, and(eq(activityCheckins.regionId, activityAttendees.regionId),
      eq(activityCheckins.activityId, activityAttendees.activityId), eq(activityCheckins.memberId, activityAttendees.memberId)))
    .where(and(eq(activityAttendees.regionId, l.a.regionId), eq(activityAttendees.activityId, id)))
    .orderBy(asc(members.namePinyin), asc(members.id));
  return rows.map((r) => ({
    memberId: r.at.memberId, name: r.name, orgId: r.orgId, expected: r.at.expected, signup: r.at.signup as 'signed_up' | null,
    signedUpAt: iso(r.at.signedUpAt), checkedInAt: iso(r.ci?.at), checkinMethod: r.ci?.method ?? null,
    absenceReason: r.at.absenceReason, serviceHours: r.at.serviceHours, rating: r.at.rating, comment: r.at.comment,
  }));
}

/** Service hours: 0..24, at most two decimals, and no member logs more than 24 h on one day in all. */
async function checkHours(tx: DbOrTx, a: ActivityRow, memberId: string, hours: number) {
  if (!SERVICE_KINDS.includes(a.kind as ActivityKind)) throw invalid([fieldError('serviceHours', 'hours.not_service')]);
  if (!Number.isFinite(hours) || hours < 0) throw invalid([fieldError('serviceHours', 'hours.negative')]);
  if (Math.round(hours * 100) !== hours * 100 && Math.abs(Math.round(hours * 100) - hours * 100) > 1e-6) {
    throw invalid([fieldError('serviceHours', 'hours.precision')]);
  }
  const [{ other }] = await tx.select({ other: sql<string | null>`sum(${activityAttendees.serviceHours})` }).from(activityAttendees)
    .innerJoin(activities, and(eq(activities.regionId, activityAttendees.regionId), eq(activities.id, activityAttendees.activityId)))
    .where(and(eq(activityAttendees.regionId, a.regionId), eq(activityAttendees.memberId, memberId),
      eq(activities.heldOn, a.heldOn), sql`${activityAttendees.activityId} <> ${a.id}`));
  const total = Number(other ?? 0) + hours;
  if (hours > 24 || total > 24) throw invalid([fieldError('serviceHours', 'hours.too_many', { date: a.heldOn, total: Math.round(total * 100) / 100 })]);
}

export async function updateAttendee(ctx: Ctx, actor: Actor, id: string, memberId: string, input: z.infer<typeof AttendeeUpdate>) {
  const p = actor.principal!;
  return ctx.db.transaction(async (tx) => {
    const l = await loadActivity(tx, id, undefined, true);
    assertCan(p, 'activities.write', l ? activityTarget(l) : null);
    const a = l!.a;
    const [before] = await tx.select().from(activityAttendees)
      .where(and(eq(activityAttendees.regionId, a.regionId), eq(activityAttendees.activityId, id), eq(activityAttendees.memberId, memberId)));
    if (!before) {
      // adding someone to the list: a member the caller may read (one of another subtree is as unknown as a made-up id)
      const m = await memberById(tx, a.regionId, memberId);
      if (!m || !can(p, 'members.read', { regionId: a.regionId, orgPath: m.path, memberId: m.id })) throw notFound();
    }
    if (input.serviceHours !== undefined && input.serviceHours !== null) await checkHours(tx, a, memberId, input.serviceHours);
    const values = {
      expected: input.expected ?? before?.expected ?? true,
      absenceReason: input.absenceReason === undefined ? before?.absenceReason ?? null : input.absenceReason,
      serviceHours: input.serviceHours === undefined ? before?.serviceHours ?? null : input.serviceHours,
      updatedAt: new Date(ctx.now()),
    };
    const [row] = await tx.insert(activityAttendees).values({ regionId: a.regionId, activityId: id, memberId, ...values })
      .onConflictDoUpdate({ target: [activityAttendees.regionId, activityAttendees.activityId, activityAttendees.memberId], set: values })
      .returning();
    await audit(tx, actor, { regionId: a.regionId, action: 'activity.attendee', entityType: 'activity', entityId: id, before: before ?? null, after: row });
    return row;
  });
}

/** May this member check in (or be ticked)? Expected, signed up, or a walk-in to an open activity without a cap. */
function mayAttend(a: ActivityRow, att: { expected: boolean; signup: string | null } | undefined): boolean {
  if (att?.expected || att?.signup === 'signed_up') return true;
  return a.signupOpen && a.capacity === null;
}

function windowOpen(a: ActivityRow, now: number) {
  return now >= a.checkinOpensAt.getTime() && now <= a.checkinClosesAt.getTime();
}

const closedError = (a: ActivityRow) => new AppError(422, 'CHECKIN_CLOSED', {
  opens: a.checkinOpensAt.toISOString(), closes: a.checkinClosesAt.toISOString(),
});

async function insertCheckin(tx: DbOrTx, a: ActivityRow, memberId: string, at: Date, method: string, byUserId: string | null, walkIn: boolean) {
  if (walkIn) {
    await tx.insert(activityAttendees).values({ regionId: a.regionId, activityId: a.id, memberId, expected: false }).onConflictDoNothing();
  }
  const rows = await tx.insert(activityCheckins).values({ regionId: a.regionId, activityId: a.id, memberId, at, method, byUserId })
    .onConflictDoNothing().returning({ memberId: activityCheckins.memberId });
  return rows.length === 1;
}

/** A member scans the activity's QR code on a phone while check-in is open. */
export async function selfCheckin(ctx: Ctx, actor: Actor, id: string, code: string) {
  const me = selfOf(actor.principal!);
  return ctx.db.transaction(async (tx) => {
    const l = await loadActivity(tx, id, me.regionId);
    if (!l || l.a.status === 'cancelled') throw notFound();
    const a = l.a;
    const [att] = await tx.select().from(activityAttendees)
      .where(and(eq(activityAttendees.regionId, a.regionId), eq(activityAttendees.activityId, id), eq(activityAttendees.memberId, me.memberId)));
    if (code !== a.checkinCode) {
      // without the code, an activity one is neither on nor may sign up for is not theirs to see
      if (!att && !a.signupOpen) throw notFound();
      throw new AppError(422, 'CHECKIN_CODE_WRONG');
    }
    const now = ctx.now();
    if (!windowOpen(a, now)) throw closedError(a);
    if (!mayAttend(a, att)) throw new AppError(422, 'CHECKIN_NOT_EXPECTED');
    const at = new Date(now);
    if (!(await insertCheckin(tx, a, me.memberId, at, 'qr', actor.principal!.id, !att))) throw conflictError('ALREADY_CHECKED_IN');
    await audit(tx, actor, { regionId: a.regionId, action: 'activity.checkin', entityType: 'activity', entityId: id, after: { memberId: me.memberId, at, method: 'qr' } });
    return { memberId: me.memberId, at: at.toISOString(), method: 'qr' };
  });
}

/** Staff tick names (all or nothing): from the moment check-in opens; afterwards too, to record who came. */
export async function tickCheckins(ctx: Ctx, actor: Actor, id: string, memberIds: string[]) {
  const p = actor.principal!;
  return ctx.db.transaction(async (tx) => {
    const l = await findActivity(tx, p, id, 'activities.write');
    const a = l.a;
    const now = ctx.now();
    if (now < a.checkinOpensAt.getTime()) throw closedError(a);
    const uniq = [...new Set(memberIds)];
    const atts = uniq.length ? await tx.select().from(activityAttendees)
      .where(and(eq(activityAttendees.regionId, a.regionId), eq(activityAttendees.activityId, id), inArray(activityAttendees.memberId, uniq))) : [];
    const byId = new Map(atts.map((x) => [x.memberId, x]));
    await assertMembersKnown(tx, p, a.regionId, uniq, 'memberIds', new Set(byId.keys()));
    const notExpected = uniq.map((m, i) => [m, i] as const).filter(([m]) => !mayAttend(a, byId.get(m)));
    if (notExpected.length) {
      throw new AppError(422, 'CHECKIN_NOT_EXPECTED', {}, notExpected.map(([, i]) => fieldError(`memberIds.${i}`, 'activity.not_attendee')));
    }
    const at = new Date(now);
    const dup: number[] = [];
    for (const [i, m] of uniq.entries()) {
      if (!(await insertCheckin(tx, a, m, at, 'admin', p.id, !byId.has(m)))) dup.push(i);
    }
    if (dup.length) {
      // roll back the whole batch: nothing changes
      throw conflictError('ALREADY_CHECKED_IN', {}, dup.map((i) => ({ field: `memberIds.${i}`, message: 'ALREADY_CHECKED_IN', memberId: uniq[i] })));
    }
    await audit(tx, actor, { regionId: a.regionId, action: 'activity.checkin', entityType: 'activity', entityId: id, after: { memberIds: uniq, at, method: 'admin' } });
    return uniq.map((m) => ({ memberId: m, at: at.toISOString(), method: 'admin' }));
  });
}

async function promoteWaitlist(tx: DbOrTx, a: ActivityRow) {
  const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(activityAttendees)
    .where(and(eq(activityAttendees.regionId, a.regionId), eq(activityAttendees.activityId, a.id), eq(activityAttendees.signup, 'signed_up')));
  const free = a.capacity === null ? Infinity : a.capacity - Number(n);
  if (free <= 0) return [];
  const next = await tx.select({ memberId: activityAttendees.memberId }).from(activityAttendees)
    .where(and(eq(activityAttendees.regionId, a.regionId), eq(activityAttendees.activityId, a.id), eq(activityAttendees.signup, 'waitlisted')))
    .orderBy(asc(activityAttendees.signedUpAt), asc(activityAttendees.memberId)).limit(Number.isFinite(free) ? free : 100000);
  if (!next.length) return [];
  await tx.update(activityAttendees).set({ signup: 'signed_up' })
    .where(and(eq(activityAttendees.regionId, a.regionId), eq(activityAttendees.activityId, a.id), inArray(activityAttendees.memberId, next.map((x) => x.memberId))));
  return next.map((x) => x.memberId);
}

/**
 * Sign-up with capacity: the activity row is locked (select … for update) so concurrent sign-ups are
 * serialised; beyond capacity a member goes to the waiting list, never over.
 */
export async function selfSignup(ctx: Ctx, actor: Actor, id: string) {
  const me = selfOf(actor.principal!);
  return ctx.db.transaction(async (tx) => {
    const l = await loadActivity(tx, id, me.regionId, true);
    if (!l) throw notFound();
    const a = l.a;
    const [att] = await tx.select().from(activityAttendees)
      .where(and(eq(activityAttendees.regionId, a.regionId), eq(activityAttendees.activityId, id), eq(activityAttendees.memberId, me.memberId)));
    if (!a.signupOpen && !att) throw notFound();
    if (!a.signupOpen || a.status === 'cancelled' || ctx.now() >= a.endsAt.getTime()) throw new AppError(422, 'SIGNUP_CLOSED');
    if (att?.signup) throw conflictError('ALREADY_SIGNED_UP');
    const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(activityAttendees)
      .where(and(eq(activityAttendees.regionId, a.regionId), eq(activityAttendees.activityId, id), eq(activityAttendees.signup, 'signed_up')));
    const status = a.capacity === null || Number(n) < a.capacity ? 'signed_up' : 'waitlisted';
    const at = new Date(ctx.now());
    await tx.insert(activityAttendees).values({ regionId: a.regionId, activityId: id, memberId: me.memberId, signup: status, signedUpAt: at })
      .onConflictDoUpdate({ target: [activityAttendees.regionId, activityAttendees.activityId, activityAttendees.memberId], set: { signup: status, signedUpAt: at } });
    let position: number | null = null;
    if (status === 'waitlisted') {
      const [{ pos }] = await tx.select({ pos: sql<number>`count(*)::int` }).from(activityAttendees)
        .where(and(eq(activityAttendees.regionId, a.regionId), eq(activityAttendees.activityId, id), eq(activityAttendees.signup, 'waitlisted')));
      position = Number(pos);
    }
    await audit(tx, actor, { regionId: a.regionId, action: 'activity.signup', entityType: 'activity', entityId: id, after: { memberId: me.memberId, signup: status } });
    return { signup: status as 'signed_up' | 'waitlisted', position };
  });
}

export async function selfCancelSignup(ctx: Ctx, actor: Actor, id: string) {
  const me = selfOf(actor.principal!);
  return ctx.db.transaction(async (tx) => {
    const l = await loadActivity(tx, id, me.regionId, true);
    if (!l) throw notFound();
    const [att] = await tx.select().from(activityAttendees)
      .where(and(eq(activityAttendees.regionId, l.a.regionId), eq(activityAttendees.activityId, id), eq(activityAttendees.memberId, me.memberId)));
    if (!att?.signup) throw notFound();
    await tx.update(activityAttendees).set({ signup: null, signedUpAt: null })
      .where(and(eq(activityAttendees.regionId, l.a.regionId), eq(activityAttendees.activityId, id), eq(activityAttendees.memberId, me.memberId)));
    const promoted = att.signup === 'signed_up' ? await promoteWaitlist(tx, l.a) : [];
    await audit(tx, actor, { regionId: l.a.regionId, action: 'activity.signup_cancel', entityType: 'activity', entityId: id, before: { memberId: me.memberId, signup: att.signup }, after: { promoted } });
    return { ok: true as const };
  });
}

/** An attendee rates an activity (a lecture) they checked in to. */
export async function selfRate(ctx: Ctx, actor: Actor, id: string, rating: number, comment: string | null) {
  const me = selfOf(actor.principal!);
  return ctx.db.transaction(async (tx) => {
    const [ci] = await tx.select().from(activityCheckins)
      .where(and(eq(activityCheckins.regionId, me.regionId), eq(activityCheckins.activityId, id), eq(activityCheckins.memberId, me.memberId)));
    if (!ci) throw notFound();
    const [row] = await tx.update(activityAttendees).set({ rating, comment, updatedAt: new Date(ctx.now()) })
      .where(and(eq(activityAttendees.regionId, me.regionId), eq(activityAttendees.activityId, id), eq(activityAttendees.memberId, me.memberId)))
      .returning();
    await audit(tx, actor, { regionId: me.regionId, action: 'activity.rate', entityType: 'activity', entityId: id, after: { memberId: me.memberId, rating, comment } });
    return { ok: true as const, rating: row.rating };
  });
}

/** A member's view of one activity (no check-in code). */
export async function selfActivity(ctx: Ctx, p: Principal, id: string) {
  const me = selfOf(p);
  const l = await loadActivity(ctx.db, id, me.regionId);
  if (!l) throw notFound();
  const [att] = await ctx.db.select().from(activityAttendees)
    .where(and(eq(activityAttendees.regionId, me.regionId), eq(activityAttendees.activityId, id), eq(activityAttendees.memberId, me.memberId)));
  if (!att && !l.a.signupOpen) throw notFound();
  return toActivity(l, ctx.now(), await activityCounts(ctx.db, me.regionId, id));
}

// ── series ───────────────────────────────────────────────────────────────────
export async function createSeries(ctx: Ctx, actor: Actor, input: z.infer<typeof SeriesCreate>) {
  const p = actor.principal!;
  return ctx.db.transaction(async (tx) => {
    const o = await orgById(tx, null, input.orgId);
    assertCan(p, 'activities.write', o ? { regionId: o.regionId, orgPath: o.path } : null);
    if (input.allianceId) {
      const [al] = await tx.select().from(alliances).where(and(eq(alliances.regionId, o!.regionId), eq(alliances.id, input.allianceId)));
      if (!al) throw invalid([fieldError('allianceId', 'field.invalid')]);
    }
    const [dup] = await tx.select({ id: activitySeries.id }).from(activitySeries)
      .where(and(eq(activitySeries.regionId, o!.regionId), eq(activitySeries.name, input.name)));
    if (dup) throw conflictError('CONFLICT', {}, [{ field: 'name', message: 'CONFLICT' }]);
    const [row] = await tx.insert(activitySeries).values({
      regionId: o!.regionId, id: uuidv7(), orgId: o!.id, allianceId: input.allianceId ?? null, name: input.name, description: input.description ?? null,
    }).returning();
    await audit(tx, actor, { regionId: row.regionId, action: 'series.create', entityType: 'activity_series', entityId: row.id, after: row });
    return { ...row, count: 0, heldCount: 0 };
  });
}

export async function listSeries(ctx: Ctx, p: Principal, regionId?: string) {
  const rows = await ctx.db.select({
    s: activitySeries,
    count: sql<number>`(select count(*)::int from activities a where a.region_id = activity_series.region_id and a.series_id = activity_series.id and a.status <> 'cancelled')`,
    heldCount: sql<number>`(select count(*)::int from activities a where a.region_id = activity_series.region_id and a.series_id = activity_series.id and a.status <> 'cancelled' and a.starts_at <= ${new Date(ctx.now()).toISOString()}::timestamptz)`,
  }).from(activitySeries)
    .where(and(scopeWhere(p, 'activities.read', { regionId: activitySeries.regionId, orgId: activitySeries.orgId, allianceId: activitySeries.allianceId }),
      regionId ? eq(activitySeries.regionId, regionId) : undefined))
    .orderBy(asc(activitySeries.createdAt));
  return rows.map((r) => ({ ...r.s, count: Number(r.count), heldCount: Number(r.heldCount) }));
}
