import { and, desc, eq, sql } from 'drizzle-orm';
import type { ActivityKind } from '../../../shared/activities.ts';
import { notFound } from '../../platform/errors.ts';
import type { Principal } from '../../platform/scope.ts';
import { orgs } from '../directory/schema.ts';
import { memberById, selfOf, shanghaiDate, type Ctx } from './common.ts';
import { myCourseware } from './courseware.ts';
import { myQuizzes } from './quiz-results.ts';
import { activities, activityAttendees, activityCheckins } from './schema.ts';

type Row = {
  a: typeof activities.$inferSelect; orgName: string | null; expected: boolean | null; signup: string | null;
  serviceHours: number | null; checkedInAt: Date | null; rating: number | null; comment: string | null;
};

function toMine(r: Row, now: number) {
  return {
    id: r.a.id, kind: r.a.kind as ActivityKind, title: r.a.title, place: r.a.place, startsAt: r.a.startsAt.toISOString(), endsAt: r.a.endsAt.toISOString(),
    orgName: r.orgName, expected: r.expected ?? false, signup: r.signup, checkedInAt: r.checkedInAt?.toISOString() ?? null,
    checkinOpen: r.a.status !== 'cancelled' && now >= r.a.checkinOpensAt.getTime() && now <= r.a.checkinClosesAt.getTime(),
    serviceHours: r.serviceHours, signupOpen: r.a.signupOpen, rating: r.rating, comment: r.comment,
  };
}

/** A member's own page (phone first): upcoming and past activities, service hours, quizzes, courseware. */
export async function myOverview(ctx: Ctx, p: Principal) {
  const me = selfOf(p);
  const m = await memberById(ctx.db, me.regionId, me.memberId);
  if (!m) throw notFound();
  const now = ctx.now();
  const nowIso = new Date(now).toISOString();
  const [org] = await ctx.db.select({ name: orgs.name }).from(orgs).where(and(eq(orgs.regionId, me.regionId), eq(orgs.id, m.orgId)));
  const cols = {
    a: activities, orgName: orgs.name, expected: activityAttendees.expected, signup: activityAttendees.signup,
    serviceHours: activityAttendees.serviceHours, checkedInAt: activityCheckins.at,
    rating: activityAttendees.rating, comment: activityAttendees.comment,
  };
  const base = () => ctx.db.select(cols).from(activities)
    .leftJoin(orgs, and(eq(orgs.regionId, activities.regionId), eq(orgs.id, activities.orgId)))
    .leftJoin(activityAttendees, and(eq(activityAttendees.regionId, activities.regionId), eq(activityAttendees.activityId, activities.id), eq(activityAttendees.memberId, me.memberId)))
    .leftJoin(activityCheckins, and(eq(activityCheckins.regionId, activities.regionId), eq(activityCheckins.activityId, activities.id), eq(activityCheckins.memberId, me.memberId)));
  const mine = sql`${activityAttendees.memberId} is not null`;
  const [upcoming, past, hours, quizzes, cw] = await Promise.all([
    // mine, plus activities of the region open for sign-up
    base().where(and(eq(activities.regionId, me.regionId), sql`${activities.status} <> 'cancelled'`, sql`${activities.endsAt} >= ${nowIso}::timestamptz`,
      sql`(${mine} or ${activities.signupOpen})`)).orderBy(activities.startsAt).limit(30),
    base().where(and(eq(activities.regionId, me.regionId), sql`${activities.endsAt} < ${nowIso}::timestamptz`, mine))
      .orderBy(desc(activities.startsAt)).limit(30),
    ctx.db.select({
      total: sql<string | null>`sum(${activityAttendees.serviceHours})`,
      thisYear: sql<string | null>`sum(${activityAttendees.serviceHours}) filter (where ${activities.heldOn} >= ${shanghaiDate(now).slice(0, 4) + '-01-01'})`,
      entries: sql<number>`count(${activityAttendees.serviceHours})::int`,
    }).from(activityAttendees)
      .innerJoin(activities, and(eq(activities.regionId, activityAttendees.regionId), eq(activities.id, activityAttendees.activityId)))
      .where(and(eq(activityAttendees.regionId, me.regionId), eq(activityAttendees.memberId, me.memberId))),
    myQuizzes(ctx, p),
    myCourseware(ctx, p),
  ]);
  const h = hours[0];
  return {
    member: { id: m.id, name: m.name, orgId: m.orgId, orgName: org?.name ?? null },
    upcoming: upcoming.map((r) => toMine(r, now)),
    past: past.map((r) => toMine(r, now)),
    serviceHours: { total: Number(h?.total ?? 0), thisYear: Number(h?.thisYear ?? 0), entries: Number(h?.entries ?? 0) },
    quizzes,
    courseware: { total: cw.length, viewed: cw.filter((c) => c.myViews > 0).length, completed: cw.filter((c) => c.completedAt).length },
  };
}

/** Every service-hours entry of the member, newest first. */
export async function myServiceHours(ctx: Ctx, p: Principal) {
  const me = selfOf(p);
  const rows = await ctx.db.select({ id: activities.id, title: activities.title, heldOn: activities.heldOn, place: activities.place, hours: activityAttendees.serviceHours })
    .from(activityAttendees)
    .innerJoin(activities, and(eq(activities.regionId, activityAttendees.regionId), eq(activities.id, activityAttendees.activityId)))
    .where(and(eq(activityAttendees.regionId, me.regionId), eq(activityAttendees.memberId, me.memberId), sql`${activityAttendees.serviceHours} is not null`))
    .orderBy(desc(activities.heldOn));
  return rows.map((r) => ({ activityId: r.id, title: r.title, heldOn: r.heldOn, place: r.place, hours: Number(r.hours) }));
}
