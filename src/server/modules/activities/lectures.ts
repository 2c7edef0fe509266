import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { LectureRequestCreate, LectureSchedule, LectureTeamCreate } from '../../../shared/activities.ts';
import type { DbOrTx } from '../../db/client.ts';
import { audit, type Actor } from '../../platform/audit.ts';
import { fieldError, invalid, notFound } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { assertCan, can, holdsIn, readableRegions, scopeWhere, type Principal } from '../../platform/scope.ts';
import { members, orgs } from '../directory/schema.ts';
import { createActivityTx } from './activities.ts';
import { conflictError, memberById, orgById, type Ctx } from './common.ts';
import { activities, lectureRequests, lecturers, lectureTeams } from './schema.ts';

type TeamRow = typeof lectureTeams.$inferSelect;

async function loadTeam(db: DbOrTx, id: string) {
  const [row] = await db.select({ t: lectureTeams, orgPath: orgs.path }).from(lectureTeams)
    .innerJoin(orgs, and(eq(orgs.regionId, lectureTeams.regionId), eq(orgs.id, lectureTeams.orgId)))
    .where(eq(lectureTeams.id, id)).limit(1);
  return row ?? null;
}

/** Teams are seen by anyone reading activities in the region (branches request lectures from them). */
function mayReadRegion(p: Principal, regionId: string) {
  return holdsIn(p, 'activities.read', regionId);
}

async function teamFor(db: DbOrTx, p: Principal, id: string, manage: boolean) {
  const l = await loadTeam(db, id);
  if (!l) throw notFound();
  if (manage) assertCan(p, 'activities.write', { regionId: l.t.regionId, orgPath: l.orgPath });
  else if (!mayReadRegion(p, l.t.regionId)) throw notFound();
  return l;
}

async function withLecturers(db: DbOrTx, teams: TeamRow[]) {
  if (!teams.length) return [];
  const rows = await db.select({ teamId: lecturers.teamId, memberId: lecturers.memberId, topics: lecturers.topics, name: members.name })
    .from(lecturers).innerJoin(members, and(eq(members.regionId, lecturers.regionId), eq(members.id, lecturers.memberId)))
    .where(and(eq(lecturers.regionId, teams[0].regionId), inArray(lecturers.teamId, teams.map((t) => t.id))))
    .orderBy(asc(lecturers.createdAt), asc(members.name));
  return teams.map((t) => ({
    id: t.id, regionId: t.regionId, orgId: t.orgId, name: t.name, description: t.description,
    lecturers: rows.filter((r) => r.teamId === t.id).map((r) => ({ memberId: r.memberId, name: r.name, topics: r.topics })),
  }));
}

export async function createTeam(ctx: Ctx, actor: Actor, input: z.infer<typeof LectureTeamCreate>) {
  const p = actor.principal!;
  return ctx.db.transaction(async (tx) => {
    const o = await orgById(tx, null, input.orgId);
    assertCan(p, 'activities.write', o ? { regionId: o.regionId, orgPath: o.path } : null);
    const [dup] = await tx.select({ id: lectureTeams.id }).from(lectureTeams).where(and(eq(lectureTeams.regionId, o!.regionId), eq(lectureTeams.name, input.name)));
    if (dup) throw conflictError('CONFLICT', {}, [{ field: 'name', message: 'CONFLICT' }]);
    const [row] = await tx.insert(lectureTeams).values({ regionId: o!.regionId, id: uuidv7(), orgId: o!.id, name: input.name, description: input.description ?? null }).returning();
    await audit(tx, actor, { regionId: row.regionId, action: 'lecture_team.create', entityType: 'lecture_team', entityId: row.id, after: row });
    return (await withLecturers(tx, [row]))[0];
  });
}

export async function listTeams(ctx: Ctx, p: Principal, regionId?: string) {
  const regions = readableRegions(p, 'activities.read');
  if (regions && !regions.length) return [];
  const rows = await ctx.db.select().from(lectureTeams)
    .where(and(regions ? inArray(lectureTeams.regionId, regions) : undefined, regionId ? eq(lectureTeams.regionId, regionId) : undefined))
    .orderBy(asc(lectureTeams.createdAt));
  const byRegion = new Map<string, TeamRow[]>();
  for (const r of rows) byRegion.set(r.regionId, [...(byRegion.get(r.regionId) ?? []), r]);
  return (await Promise.all([...byRegion.values()].map((ts) => withLecturers(ctx.db, ts)))).flat();
}

export async function getTeam(ctx: Ctx, p: Principal, id: string) {
  const l = await teamFor(ctx.db, p, id, false);
  return (await withLecturers(ctx.db, [l.t]))[0];
}

export async function putLecturer(ctx: Ctx, actor: Actor, teamId: string, memberId: string, topics: string[]) {
  return ctx.db.transaction(async (tx) => {
    const l = await teamFor(tx, actor.principal!, teamId, true);
    if (!(await memberById(tx, l.t.regionId, memberId))) throw notFound();
    await tx.insert(lecturers).values({ regionId: l.t.regionId, teamId, memberId, topics })
      .onConflictDoUpdate({ target: [lecturers.regionId, lecturers.teamId, lecturers.memberId], set: { topics } });
    await audit(tx, actor, { regionId: l.t.regionId, action: 'lecture_team.lecturer', entityType: 'lecture_team', entityId: teamId, after: { memberId, topics } });
    return (await withLecturers(tx, [l.t]))[0];
  });
}

export async function removeLecturer(ctx: Ctx, actor: Actor, teamId: string, memberId: string) {
  return ctx.db.transaction(async (tx) => {
    const l = await teamFor(tx, actor.principal!, teamId, true);
    const gone = await tx.delete(lecturers).where(and(eq(lecturers.regionId, l.t.regionId), eq(lecturers.teamId, teamId), eq(lecturers.memberId, memberId))).returning();
    if (!gone.length) throw notFound();
    await audit(tx, actor, { regionId: l.t.regionId, action: 'lecture_team.lecturer_remove', entityType: 'lecture_team', entityId: teamId, before: gone[0] });
    return (await withLecturers(tx, [l.t]))[0];
  });
}

type RequestRow = typeof lectureRequests.$inferSelect;
const toRequest = (r: RequestRow, hostOrgName: string | null) => ({
  id: r.id, regionId: r.regionId, teamId: r.teamId, hostOrgId: r.hostOrgId, hostOrgName, topic: r.topic, preferredOn: r.preferredOn,
  note: r.note, status: r.status as 'requested', activityId: r.activityId,
});

/** A host branch asks the team for a lecture. */
export async function requestLecture(ctx: Ctx, actor: Actor, teamId: string, input: z.infer<typeof LectureRequestCreate>) {
  const p = actor.principal!;
  return ctx.db.transaction(async (tx) => {
    const l = await teamFor(tx, p, teamId, false);
    const host = await orgById(tx, l.t.regionId, input.hostOrgId);
    assertCan(p, 'activities.write', host ? { regionId: host.regionId, orgPath: host.path } : null);
    const [row] = await tx.insert(lectureRequests).values({
      regionId: l.t.regionId, id: uuidv7(), teamId, hostOrgId: host!.id, topic: input.topic, preferredOn: input.preferredOn ?? null, note: input.note ?? null,
    }).returning();
    await audit(tx, actor, { regionId: row.regionId, action: 'lecture.request', entityType: 'lecture_request', entityId: row.id, after: row });
    return toRequest(row, host!.name);
  });
}

/** The team's managers see every request; a host branch sees its own. */
export async function listRequests(ctx: Ctx, p: Principal, teamId: string) {
  const l = await teamFor(ctx.db, p, teamId, false);
  const manager = can(p, 'activities.write', { regionId: l.t.regionId, orgPath: l.orgPath });
  const rows = await ctx.db.select({ r: lectureRequests, hostOrgName: orgs.name }).from(lectureRequests)
    .innerJoin(orgs, and(eq(orgs.regionId, lectureRequests.regionId), eq(orgs.id, lectureRequests.hostOrgId)))
    .where(and(eq(lectureRequests.regionId, l.t.regionId), eq(lectureRequests.teamId, teamId),
      manager ? undefined : scopeWhere(p, 'activities.read', { regionId: lectureRequests.regionId, orgId: lectureRequests.hostOrgId })))
    .orderBy(asc(lectureRequests.createdAt));
  return rows.map((x) => toRequest(x.r, x.hostOrgName));
}

async function requestForManager(tx: DbOrTx, p: Principal, requestId: string) {
  // a locking read names the region (on Citus it must run on one shard): find it first
  const [at] = await tx.select({ regionId: lectureRequests.regionId }).from(lectureRequests).where(eq(lectureRequests.id, requestId)).limit(1);
  const [r] = at ? await tx.select().from(lectureRequests)
    .where(and(eq(lectureRequests.regionId, at.regionId), eq(lectureRequests.id, requestId))).limit(1).for('update') : [];
  if (!r) throw notFound();
  const l = await teamFor(tx, p, r.teamId, true);
  return { r, l };
}

/** The team schedules a lecturer: the lecture becomes a 宣讲 activity of the host branch. */
export async function scheduleLecture(ctx: Ctx, actor: Actor, requestId: string, input: z.infer<typeof LectureSchedule>) {
  const p = actor.principal!;
  return ctx.db.transaction(async (tx) => {
    const { r, l } = await requestForManager(tx, p, requestId);
    if (r.status !== 'requested') throw conflictError('CONFLICT', {}, [fieldError('status', 'lecture.already_handled')]);
    const [lecturer] = await tx.select({ name: members.name }).from(lecturers)
      .innerJoin(members, and(eq(members.regionId, lecturers.regionId), eq(members.id, lecturers.memberId)))
      .where(and(eq(lecturers.regionId, r.regionId), eq(lecturers.teamId, r.teamId), eq(lecturers.memberId, input.lecturerMemberId)));
    if (!lecturer) throw invalid([fieldError('lecturerMemberId', 'lecture.not_lecturer')]);
    const activity = await createActivityTx(tx, actor, {
      orgId: r.hostOrgId, kind: 'lecture', title: input.title ?? `${l.t.name}：${r.topic}`, topic: r.topic, place: input.place ?? null,
      speaker: lecturer.name, startsAt: input.startsAt, endsAt: input.endsAt, lectureTeamId: r.teamId, lecturerMemberId: input.lecturerMemberId,
    }, false, ctx.now());
    const [row] = await tx.update(lectureRequests).set({ status: 'scheduled', activityId: activity.id })
      .where(and(eq(lectureRequests.regionId, r.regionId), eq(lectureRequests.id, r.id))).returning();
    await audit(tx, actor, { regionId: r.regionId, action: 'lecture.schedule', entityType: 'lecture_request', entityId: r.id, before: r, after: row });
    return toRequest(row, activity.orgName);
  });
}

export async function declineLecture(ctx: Ctx, actor: Actor, requestId: string) {
  return ctx.db.transaction(async (tx) => {
    const { r } = await requestForManager(tx, actor.principal!, requestId);
    if (r.status !== 'requested') throw conflictError('CONFLICT', {}, [fieldError('status', 'lecture.already_handled')]);
    const [row] = await tx.update(lectureRequests).set({ status: 'declined' })
      .where(and(eq(lectureRequests.regionId, r.regionId), eq(lectureRequests.id, r.id))).returning();
    await audit(tx, actor, { regionId: r.regionId, action: 'lecture.decline', entityType: 'lecture_request', entityId: r.id, before: r, after: row });
    return toRequest(row, null);
  });
}

/** Per lecturer: lectures given, audience (check-ins), average rating; per branch: lectures received. */
export async function lectureFigures(ctx: Ctx, p: Principal, teamId: string) {
  const l = await teamFor(ctx.db, p, teamId, false);
  const regionId = l.t.regionId;
  const held = and(eq(activities.regionId, regionId), eq(activities.lectureTeamId, teamId), eq(activities.kind, 'lecture'),
    ne(activities.status, 'cancelled'), sql`${activities.startsAt} <= ${new Date(ctx.now()).toISOString()}::timestamptz`);
  const [byLecturer, byBranch] = await Promise.all([
    ctx.db.select({
      memberId: members.id, name: members.name,
      lectures: sql<number>`count(distinct ${activities.id})::int`,
      audience: sql<number>`(select count(*)::int from activity_checkins c join activities a2 on a2.region_id = c.region_id and a2.id = c.activity_id
        where a2.region_id = ${regionId} and a2.lecture_team_id = ${teamId} and a2.lecturer_member_id = ${members.id} and a2.status <> 'cancelled')`,
      rating: sql<string | null>`(select avg(at.rating)::numeric(3,2) from activity_attendees at join activities a3 on a3.region_id = at.region_id and a3.id = at.activity_id
        where a3.region_id = ${regionId} and a3.lecture_team_id = ${teamId} and a3.lecturer_member_id = ${members.id} and at.rating is not null)`,
      ratings: sql<number>`(select count(*)::int from activity_attendees at join activities a3 on a3.region_id = at.region_id and a3.id = at.activity_id
        where a3.region_id = ${regionId} and a3.lecture_team_id = ${teamId} and a3.lecturer_member_id = ${members.id} and at.rating is not null)`,
    }).from(lecturers)
      .innerJoin(members, and(eq(members.regionId, lecturers.regionId), eq(members.id, lecturers.memberId)))
      .leftJoin(activities, and(held, eq(activities.lecturerMemberId, lecturers.memberId)))
      .where(and(eq(lecturers.regionId, regionId), eq(lecturers.teamId, teamId)))
      .groupBy(members.id, members.name).orderBy(asc(members.name)),
    ctx.db.select({ orgId: activities.orgId, orgName: orgs.name, lectures: sql<number>`count(*)::int` }).from(activities)
      .innerJoin(orgs, and(eq(orgs.regionId, activities.regionId), eq(orgs.id, activities.orgId)))
      .where(held).groupBy(activities.orgId, orgs.name).orderBy(sql`count(*) desc`, asc(orgs.name)),
  ]);
  return {
    lecturers: byLecturer.map((x) => ({ memberId: x.memberId, name: x.name, lectures: Number(x.lectures), audience: Number(x.audience), rating: x.rating === null ? null : Number(x.rating), ratings: Number(x.ratings) })),
    branches: byBranch.map((x) => ({ orgId: x.orgId!, orgName: x.orgName, lectures: Number(x.lectures) })),
  };
}
