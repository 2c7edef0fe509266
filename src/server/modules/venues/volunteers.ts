import { and, asc, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import { todayShanghai } from '../../../shared/dates.ts';
import type {
  HoursCreate, HoursFromActivity, HoursReverse, TeamCreate, TeamJoin, TeamListQuery, TeamUpdate, VolunteerCreate, VolunteerListQuery,
} from '../../../shared/venues-volunteers.ts';
import type { DbOrTx } from '../../db/client.ts';
import { audit, type Actor } from '../../platform/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError, conflict, fieldError, invalid, isUniqueViolation, notFound } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { maskPhone } from '../../platform/mask.ts';
import { countAll, paginate } from '../../platform/pagination.ts';
import { can, scopeWhere, type Principal, type Target } from '../../platform/scope.ts';
import { users } from '../../platform/schema.ts';
import { activities, activityAttendees, activityCheckins } from '../activities/schema.ts';
import { alliances, members, orgs, units } from '../directory/schema.ts';
import { volunteerHours, volunteers, volunteerTeamMembers, volunteerTeams } from './schema.ts';

/**
 * Volunteer teams, volunteers and the service-hours ledger (志愿服务). Who may do what is decided on the team's owner
 * (an org's subtree, an alliance, a unit and its org) with the activities permissions: `activities.write` manages,
 * `activities.read` reads. Out of scope answers 404 like a made-up id.
 */

type TeamRow = typeof volunteerTeams.$inferSelect;
export interface TeamFull { t: TeamRow; ownerName: string; ownerPath: string | null }

const ownerOrg = alias(orgs, 'vt_owner_org');
const ownerUnit = alias(units, 'vt_owner_unit');
const ownerUnitOrg = alias(orgs, 'vt_owner_unit_org');

export async function teamById(db: DbOrTx, id: string, regionId?: string): Promise<TeamFull | undefined> {
  const [row] = await db.select({
    t: volunteerTeams,
    ownerName: sql<string>`coalesce(${ownerOrg.name}, ${alliances.name}, ${ownerUnit.name})`,
    ownerPath: sql<string | null>`coalesce(${ownerOrg.path}, ${ownerUnitOrg.path})`,
  }).from(volunteerTeams)
    .leftJoin(ownerOrg, and(eq(ownerOrg.regionId, volunteerTeams.regionId), eq(ownerOrg.id, volunteerTeams.ownerOrgId)))
    .leftJoin(alliances, and(eq(alliances.regionId, volunteerTeams.regionId), eq(alliances.id, volunteerTeams.ownerAllianceId)))
    .leftJoin(ownerUnit, and(eq(ownerUnit.regionId, volunteerTeams.regionId), eq(ownerUnit.id, volunteerTeams.ownerUnitId)))
    .leftJoin(ownerUnitOrg, and(eq(ownerUnitOrg.regionId, ownerUnit.regionId), eq(ownerUnitOrg.id, ownerUnit.orgId)))
    .where(regionId ? and(eq(volunteerTeams.regionId, regionId), eq(volunteerTeams.id, id)) : eq(volunteerTeams.id, id))
    .limit(1);
  return row;
}

export const teamTarget = (x: TeamFull): Target => ({
  regionId: x.t.regionId, orgPath: x.ownerPath, allianceId: x.t.ownerAllianceId, unitId: x.t.ownerUnitId,
});
export const canManageTeam = (p: Principal, x: TeamFull) => can(p, 'activities.write', teamTarget(x));

/**
 * The caller leads the team: their account is the member record of the team's leader (a linked party member). A
 * leader reads the team and its volunteers and records hours for them (pending, for the team's staff to confirm).
 */
export async function leadsTeam(db: DbOrTx, p: Principal, x: TeamFull): Promise<boolean> {
  if (!p.memberId || !x.t.leaderVolunteerId || p.memberRegionId !== x.t.regionId) return false;
  const [v] = await db.select({ id: volunteers.id }).from(volunteers)
    .where(and(eq(volunteers.regionId, x.t.regionId), eq(volunteers.id, x.t.leaderVolunteerId), eq(volunteers.memberId, p.memberId))).limit(1);
  return !!v;
}

/** A team the caller may read (staff, or its leader) or manage (staff); 404 otherwise, as for an id that does not exist. */
export async function findTeam(db: DbOrTx, p: Principal, id: string, need: 'read' | 'manage'): Promise<TeamFull> {
  const x = await teamById(db, id);
  if (!x) throw notFound();
  if (can(p, need === 'manage' ? 'activities.write' : 'activities.read', teamTarget(x))) return x;
  if (need === 'read' && await leadsTeam(db, p, x)) return x;
  throw notFound();
}

/** The teams a volunteer belongs to, the one that registered them first. */
export async function teamsOf(db: DbOrTx, regionId: string, volunteerId: string, homeTeamId: string): Promise<TeamFull[]> {
  const rows = await db.select({ teamId: volunteerTeamMembers.teamId }).from(volunteerTeamMembers)
    .where(and(eq(volunteerTeamMembers.regionId, regionId), eq(volunteerTeamMembers.volunteerId, volunteerId)))
    .orderBy(asc(volunteerTeamMembers.joinedOn), asc(volunteerTeamMembers.teamId));
  const ids = [homeTeamId, ...rows.map((r) => r.teamId).filter((id) => id !== homeTeamId)];
  const out: TeamFull[] = [];
  for (const id of ids) { const x = await teamById(db, id, regionId); if (x) out.push(x); }
  return out;
}

const minutesToHours = (m: number | string | null | undefined) => Number(m ?? 0) / 60;

async function teamView(db: DbOrTx, p: Principal, x: TeamFull, nowMs: number) {
  const t = x.t;
  const year = todayShanghai(nowMs).slice(0, 4);
  const [counts] = await db.select({
    n: sql<number>`(select count(*)::int from volunteer_team_members tm where tm.region_id = ${t.regionId} and tm.team_id = ${t.id})`,
    // an entry counts for the team it was served for (a leader's, a team's check-ins), else for the volunteer's own team
    minutes: sql<number>`(select coalesce(sum(h.minutes), 0)::int from volunteer_hours h join volunteers v on v.region_id = h.region_id and v.id = h.volunteer_id
      where h.region_id = ${t.regionId} and coalesce(h.team_id, v.team_id) = ${t.id} and h.status = 'approved' and h.served_on >= ${`${year}-01-01`} and h.served_on <= ${`${year}-12-31`})`,
    leader: sql<string | null>`(select coalesce(v.name, m.name) from volunteers v left join members m on m.region_id = v.region_id and m.id = v.member_id
      where v.region_id = ${t.regionId} and v.id = ${t.leaderVolunteerId})`,
  }).from(sql`(select 1) one`);
  return {
    id: t.id, regionId: t.regionId, name: t.name, interest: t.interest, ownerOrgId: t.ownerOrgId, ownerAllianceId: t.ownerAllianceId,
    ownerUnitId: t.ownerUnitId, ownerName: x.ownerName, leaderVolunteerId: t.leaderVolunteerId, leaderName: counts.leader,
    volunteers: Number(counts.n), hoursThisYear: minutesToHours(counts.minutes), canManage: canManageTeam(p, x),
    leads: await leadsTeam(db, p, x),
  };
}

/** The target of a new team's owner (exactly one of org, alliance, unit), 404 when unknown or not the caller's. */
async function ownerOf(db: DbOrTx, p: Principal, input: { orgId?: string; allianceId?: string; unitId?: string }): Promise<string> {
  if ((input.orgId ? 1 : 0) + (input.allianceId ? 1 : 0) + (input.unitId ? 1 : 0) !== 1) throw invalid([fieldError('orgId', 'volunteer_team.one_owner')]);
  let target: Target | null = null;
  if (input.orgId) {
    const [o] = await db.select().from(orgs).where(eq(orgs.id, input.orgId)).limit(1);
    if (o) target = { regionId: o.regionId, orgPath: o.path };
  } else if (input.allianceId) {
    const [a] = await db.select().from(alliances).where(eq(alliances.id, input.allianceId)).limit(1);
    if (a) target = { regionId: a.regionId, allianceId: a.id };
  } else {
    const [u] = await db.select({ u: units, path: orgs.path }).from(units)
      .leftJoin(orgs, and(eq(orgs.regionId, units.regionId), eq(orgs.id, units.orgId))).where(eq(units.id, input.unitId!)).limit(1);
    if (u) target = { regionId: u.u.regionId, unitId: u.u.id, orgPath: u.path };
  }
  if (!target || !can(p, 'activities.write', target)) throw notFound();
  return target.regionId;
}

export async function createTeam(ctx: Ctx, actor: Actor, input: z.infer<typeof TeamCreate>) {
  const p = actor.principal!;
  try {
    return await ctx.db.transaction(async (tx) => {
      const regionId = await ownerOf(tx, p, input);
      const id = uuidv7();
      const [row] = await tx.insert(volunteerTeams).values({
        regionId, id, name: input.name, interest: input.interest ?? '', ownerOrgId: input.orgId ?? null, ownerAllianceId: input.allianceId ?? null, ownerUnitId: input.unitId ?? null,
      }).returning();
      await audit(tx, actor, { regionId, action: 'volunteer_team.create', entityType: 'volunteer_team', entityId: id, after: row });
      return teamView(tx, p, (await teamById(tx, id, regionId))!, ctx.now());
    });
  } catch (e) {
    if (isUniqueViolation(e, 'volunteer_teams_name_uq')) throw conflict('VOLUNTEER_TEAM_NAME_TAKEN');
    throw e;
  }
}

export async function updateTeam(ctx: Ctx, actor: Actor, id: string, input: z.infer<typeof TeamUpdate>) {
  const p = actor.principal!;
  try {
    return await ctx.db.transaction(async (tx) => {
      const x = await findTeam(tx, p, id, 'manage');
      if (input.leaderVolunteerId) {
        const [v] = await tx.select({ id: volunteers.id }).from(volunteers)
          .where(and(eq(volunteers.regionId, x.t.regionId), eq(volunteers.id, input.leaderVolunteerId), eq(volunteers.teamId, id)));
        if (!v) throw invalid([fieldError('leaderVolunteerId', 'volunteer_team.leader_not_member')]);
      }
      const [row] = await tx.update(volunteerTeams).set(input).where(and(eq(volunteerTeams.regionId, x.t.regionId), eq(volunteerTeams.id, id))).returning();
      await audit(tx, actor, { regionId: x.t.regionId, action: 'volunteer_team.update', entityType: 'volunteer_team', entityId: id, before: x.t, after: row });
      return teamView(tx, p, (await teamById(tx, id, x.t.regionId))!, ctx.now());
    });
  } catch (e) {
    if (isUniqueViolation(e, 'volunteer_teams_name_uq')) throw conflict('VOLUNTEER_TEAM_NAME_TAKEN');
    throw e;
  }
}

export async function teamDetail(ctx: Ctx, p: Principal, id: string) {
  return teamView(ctx.db, p, await findTeam(ctx.db, p, id, 'read'), ctx.now());
}

/** Teams the caller may read. */
/** The teams the caller may read (activities.read on the owner), optionally of one region: a where clause on volunteer_teams. */
export function readableTeams(p: Principal, regionId?: string) {
  const unitOrg = sql`(select uo.org_id from units uo where uo.region_id = ${volunteerTeams.regionId} and uo.id = ${volunteerTeams.ownerUnitId})`;
  return and(
    scopeWhere(p, 'activities.read', {
      regionId: volunteerTeams.regionId, orgId: sql`coalesce(${volunteerTeams.ownerOrgId}, ${unitOrg})`, unitId: volunteerTeams.ownerUnitId, allianceId: volunteerTeams.ownerAllianceId,
    }),
    regionId ? eq(volunteerTeams.regionId, regionId) : undefined,
  );
}

/** The teams the caller leads (their member record is the leader volunteer's). */
export function ledTeams(p: Principal) {
  if (!p.memberId) return sql`false`;
  return sql`exists (select 1 from volunteers lv where lv.region_id = ${volunteerTeams.regionId} and lv.id = ${volunteerTeams.leaderVolunteerId} and lv.member_id = ${p.memberId})`;
}

export async function listTeams(ctx: Ctx, p: Principal, q: z.infer<typeof TeamListQuery>) {
  const cond = and(or(readableTeams(p), ledTeams(p)), q.regionId ? eq(volunteerTeams.regionId, q.regionId) : undefined);
  const page = await paginate(q, ctx.db.select({ id: volunteerTeams.id, regionId: volunteerTeams.regionId }).from(volunteerTeams).where(cond)
    .orderBy(asc(volunteerTeams.name), asc(volunteerTeams.id)), ctx.db.select({ n: countAll }).from(volunteerTeams).where(cond));
  const items = [];
  for (const r of page.items) items.push(await teamView(ctx.db, p, (await teamById(ctx.db, r.id, r.regionId))!, ctx.now()));
  return { ...page, items };
}

// ── volunteers ──────────────────────────────────────────────────────────────────────────────────────────────────

type VolunteerRow = typeof volunteers.$inferSelect;

const volunteerSelect = {
  v: volunteers,
  teamName: volunteerTeams.name,
  memberName: members.name,
  memberPhone: members.phone,
  memberOrgPath: orgs.path,
  unitName: units.name,
  minutes: sql<number>`(select coalesce(sum(h.minutes), 0)::int from volunteer_hours h where h.region_id = ${volunteers.regionId} and h.volunteer_id = ${volunteers.id} and h.status = 'approved')`,
  teams: sql<TeamRef[] | string>`(select coalesce(json_agg(json_build_object('id', tm.team_id, 'name', tt.name, 'joinedOn', tm.joined_on) order by tm.joined_on, tt.name), '[]'::json)
    from volunteer_team_members tm join volunteer_teams tt on tt.region_id = tm.region_id and tt.id = tm.team_id
    where tm.region_id = ${volunteers.regionId} and tm.volunteer_id = ${volunteers.id})`,
};
type TeamRef = { id: string; name: string; joinedOn: string };
export type VolunteerFull = {
  v: VolunteerRow; teamName: string; memberName: string | null; memberPhone: string | null; memberOrgPath: string | null; unitName: string | null; minutes: number;
  teams: TeamRef[] | string;
};

/** Volunteers with their team, member record and unit; `extra` adds columns (the roster's hours this year). */
export const volunteerQuery = <X extends Record<string, SQL.Aliased | SQL>>(db: DbOrTx, extra?: X) => db.select({ ...volunteerSelect, ...(extra ?? {} as X) }).from(volunteers)
  .innerJoin(volunteerTeams, and(eq(volunteerTeams.regionId, volunteers.regionId), eq(volunteerTeams.id, volunteers.teamId)))
  .leftJoin(members, and(eq(members.regionId, volunteers.regionId), eq(members.id, volunteers.memberId)))
  .leftJoin(orgs, and(eq(orgs.regionId, members.regionId), eq(orgs.id, members.orgId)))
  .leftJoin(units, and(eq(units.regionId, volunteers.regionId), eq(units.id, volunteers.unitId)));

/**
 * A volunteer as the caller sees it. The phone is masked as members' phones are: in full only with `members.pii` on
 * the member's org (a linked member) or on the team's owner (anyone else).
 */
export function toVolunteer(p: Principal, r: VolunteerFull, team: TeamFull) {
  const v = r.v;
  const phone = v.memberId ? r.memberPhone : v.phone;
  const full = can(p, 'members.pii', v.memberId ? { regionId: v.regionId, orgPath: r.memberOrgPath } : teamTarget(team));
  return {
    id: v.id, regionId: v.regionId, teamId: v.teamId, teamName: r.teamName, memberId: v.memberId, name: (v.memberId ? r.memberName : v.name) ?? '',
    phone: full ? phone : maskPhone(phone), unitId: v.unitId, unitName: r.unitName, politicalStatus: v.politicalStatus as 'masses',
    volunteerNo: v.volunteerNo, joinedOn: v.joinedOn, hours: minutesToHours(r.minutes),
    teams: (typeof r.teams === 'string' ? JSON.parse(r.teams) as TeamRef[] : r.teams).map((x) => ({ id: x.id, name: x.name, joinedOn: String(x.joinedOn).slice(0, 10) })),
  };
}

/**
 * A volunteer one of whose teams the caller may read (or manage); 404 otherwise. `team` is that team (their own
 * team first): it issues certificates and decides the masking of a non-member's phone. `ledOnly` is set when the
 * caller reads the volunteer only as the leader of that team (they then see that team's entries only).
 */
export async function findVolunteer(db: DbOrTx, p: Principal, id: string, need: 'read' | 'manage') {
  const [r] = await volunteerQuery(db).where(eq(volunteers.id, id)).limit(1);
  if (!r) throw notFound();
  const teams = await teamsOf(db, r.v.regionId, r.v.id, r.v.teamId);
  const team = teams.find((x) => can(p, need === 'manage' ? 'activities.write' : 'activities.read', teamTarget(x)));
  if (team) return { r: r as VolunteerFull, team, teams, ledOnly: null as TeamFull[] | null };
  if (need === 'read') {
    const led: TeamFull[] = [];
    for (const x of teams) if (await leadsTeam(db, p, x)) led.push(x);
    if (led.length) return { r: r as VolunteerFull, team: led[0], teams, ledOnly: led };
  }
  throw notFound();
}

export async function volunteerDetail(ctx: Ctx, p: Principal, id: string) {
  const { r, team } = await findVolunteer(ctx.db, p, id, 'read');
  return toVolunteer(p, r, team);
}

export async function listVolunteers(ctx: Ctx, p: Principal, q: z.infer<typeof VolunteerListQuery>) {
  const team = await findTeam(ctx.db, p, q.volunteerTeamId, 'read');
  const cond = and(eq(volunteers.regionId, team.t.regionId), inTeam(team.t.regionId, team.t.id));
  return paginate(q, volunteerQuery(ctx.db).where(cond).orderBy(asc(volunteers.volunteerNo)),
    ctx.db.select({ n: countAll }).from(volunteers).where(cond), (r) => toVolunteer(p, r as VolunteerFull, team));
}

/** Volunteers of a team (by membership: their own team or one they joined). */
export const inTeam = (regionId: string, teamId: string) => sql`exists (select 1 from volunteer_team_members tm
  where tm.region_id = ${regionId} and tm.team_id = ${teamId} and tm.region_id = ${volunteers.regionId} and tm.volunteer_id = ${volunteers.id})`;

export interface VolunteerInput { memberId?: string; name?: string; phone?: string; unitId?: string; politicalStatus: 'party_member' | 'league_member' | 'masses'; volunteerNo: string; joinedOn?: string }

/** The checks of one new volunteer of a team (also for each row of a roster import): field errors, or the row to insert. */
export async function volunteerProblems(db: DbOrTx, p: Principal, team: TeamFull, input: VolunteerInput, nowMs: number) {
  const regionId = team.t.regionId;
  const problems = [];
  if (input.politicalStatus === 'party_member') {
    if (!input.memberId) problems.push(fieldError('memberId', 'volunteer.member_required'));
    if (input.name || input.phone) problems.push(fieldError('name', 'volunteer.member_not_copied'));
  } else {
    if (input.memberId) problems.push(fieldError('memberId', 'volunteer.member_is_party'));
    if (!input.name) problems.push(fieldError('name', 'volunteer.name_required'));
  }
  if (input.memberId) {
    const [m] = await db.select({ id: members.id, path: orgs.path, status: members.status }).from(members)
      .innerJoin(orgs, and(eq(orgs.regionId, members.regionId), eq(orgs.id, members.orgId)))
      .where(and(eq(members.regionId, regionId), eq(members.id, input.memberId))).limit(1);
    // a member the caller may not read is answered as a made-up id
    if (!m || !can(p, 'members.read', { regionId, orgPath: m.path })) throw notFound();
  }
  if (input.unitId) {
    const [u] = await db.select({ id: units.id }).from(units).where(and(eq(units.regionId, regionId), eq(units.id, input.unitId))).limit(1);
    if (!u) throw notFound();
  }
  const joinedOn = input.joinedOn ?? todayShanghai(nowMs);
  if (joinedOn > todayShanghai(nowMs)) problems.push(fieldError('joinedOn', 'volunteer.joined_future'));
  return {
    problems,
    row: {
      regionId, id: uuidv7(), teamId: team.t.id, memberId: input.memberId ?? null, name: input.memberId ? null : input.name ?? null,
      phone: input.memberId ? null : input.phone ?? null, unitId: input.unitId ?? null, politicalStatus: input.politicalStatus,
      volunteerNo: input.volunteerNo, joinedOn,
    },
  };
}

export function volunteerConflict(e: unknown): AppError | null {
  if (isUniqueViolation(e, 'volunteers_no_uq')) return conflict('VOLUNTEER_NO_TAKEN');
  if (isUniqueViolation(e, 'volunteers_member_uq')) return conflict('VOLUNTEER_MEMBER_REGISTERED');
  return null;
}

export async function createVolunteer(ctx: Ctx, actor: Actor, input: z.infer<typeof VolunteerCreate>) {
  const p = actor.principal!;
  try {
    return await ctx.db.transaction(async (tx) => {
      const team = await findTeam(tx, p, input.volunteerTeamId, 'manage');
      const { problems, row } = await volunteerProblems(tx, p, team, input, ctx.now());
      if (problems.length) throw invalid(problems);
      await tx.insert(volunteers).values(row);
      await tx.insert(volunteerTeamMembers).values({ regionId: row.regionId, teamId: row.teamId, volunteerId: row.id, joinedOn: row.joinedOn });
      await audit(tx, actor, { regionId: row.regionId, action: 'volunteer.create', entityType: 'volunteer', entityId: row.id, after: row });
      const [r] = await volunteerQuery(tx).where(and(eq(volunteers.regionId, row.regionId), eq(volunteers.id, row.id)));
      return toVolunteer(p, r as VolunteerFull, team);
    });
  } catch (e) {
    throw volunteerConflict(e) ?? e;
  }
}

/**
 * An existing volunteer joins another team (the same person and ledger, not a copy): found by volunteer number in the
 * team's region, or a party member by member record (one the caller may read). 404 when there is no such volunteer;
 * 409 VOLUNTEER_ALREADY_IN_TEAM when they are in the team already.
 */
export async function joinTeam(ctx: Ctx, actor: Actor, teamId: string, input: z.infer<typeof TeamJoin>) {
  const p = actor.principal!;
  try {
    return await ctx.db.transaction(async (tx) => {
      const team = await findTeam(tx, p, teamId, 'manage');
      const regionId = team.t.regionId;
      if ((input.volunteerNo ? 1 : 0) + (input.memberId ? 1 : 0) !== 1) throw invalid([fieldError('volunteerNo', 'volunteer_team.join_one')]);
      if (input.memberId) {
        const [m] = await tx.select({ path: orgs.path }).from(members).innerJoin(orgs, and(eq(orgs.regionId, members.regionId), eq(orgs.id, members.orgId)))
          .where(and(eq(members.regionId, regionId), eq(members.id, input.memberId))).limit(1);
        if (!m || !can(p, 'members.read', { regionId, orgPath: m.path })) throw notFound();
      }
      const [v] = await tx.select().from(volunteers).where(and(eq(volunteers.regionId, regionId),
        input.memberId ? eq(volunteers.memberId, input.memberId) : eq(volunteers.volunteerNo, input.volunteerNo!))).limit(1);
      if (!v) throw notFound();
      const joinedOn = input.joinedOn ?? todayShanghai(ctx.now());
      if (joinedOn > todayShanghai(ctx.now())) throw invalid([fieldError('joinedOn', 'volunteer.joined_future')]);
      const [row] = await tx.insert(volunteerTeamMembers).values({ regionId, teamId, volunteerId: v.id, joinedOn }).returning();
      await audit(tx, actor, { regionId, action: 'volunteer.join_team', entityType: 'volunteer', entityId: v.id, after: row });
      const [r] = await volunteerQuery(tx).where(and(eq(volunteers.regionId, regionId), eq(volunteers.id, v.id)));
      return toVolunteer(p, r as VolunteerFull, team);
    });
  } catch (e) {
    if (isUniqueViolation(e, 'volunteer_team_members_region_id_team_id_volunteer_id_pk')) throw conflict('VOLUNTEER_ALREADY_IN_TEAM');
    throw e;
  }
}

// ── the hours ledger ────────────────────────────────────────────────────────────────────────────────────────────

const recorder = alias(users, 'vh_recorder');
const approver = alias(users, 'vh_approver');
const reversal = alias(volunteerHours, 'vh_reversal');

function toEntry(r: { h: typeof volunteerHours.$inferSelect; teamName: string | null; recordedBy: string | null; approvedBy: string | null; reversedBy: string | null }) {
  const h = r.h;
  return {
    id: h.id, volunteerId: h.volunteerId, teamId: h.teamId, teamName: r.teamName, activityId: h.activityId, description: h.description, servedOn: h.servedOn, hours: h.minutes / 60,
    source: h.source as 'manual', status: h.status as 'pending', reversesId: h.reversesId, reversedBy: r.reversedBy, reason: h.reason,
    recordedBy: r.recordedBy, recordedAt: h.recordedAt.toISOString(), approvedBy: r.approvedBy, approvedAt: h.approvedAt?.toISOString() ?? null,
  };
}

const entryQuery = (db: DbOrTx) => db.select({
  h: volunteerHours, recordedBy: sql<string | null>`coalesce(${recorder.displayName}, ${recorder.username})`,
  teamName: sql<string | null>`(select et.name from volunteer_teams et where et.region_id = ${volunteerHours.regionId} and et.id = ${volunteerHours.teamId})`,
  approvedBy: sql<string | null>`coalesce(${approver.displayName}, ${approver.username})`, reversedBy: reversal.id,
}).from(volunteerHours)
  .leftJoin(recorder, eq(recorder.id, volunteerHours.recordedBy))
  .leftJoin(approver, eq(approver.id, volunteerHours.approvedBy))
  .leftJoin(reversal, and(eq(reversal.regionId, volunteerHours.regionId), eq(reversal.reversesId, volunteerHours.id)));

/**
 * A volunteer's ledger (one per person, across all their teams), newest first, with the approved and pending totals.
 * A team leader who is not staff sees the entries of the team they lead only.
 */
export async function volunteerLedger(ctx: Ctx, p: Principal, volunteerId: string) {
  const { r, ledOnly } = await findVolunteer(ctx.db, p, volunteerId, 'read');
  const ledIds = ledOnly?.map((x) => x.t.id);
  const rows = await entryQuery(ctx.db).where(and(eq(volunteerHours.regionId, r.v.regionId), eq(volunteerHours.volunteerId, volunteerId),
    ledIds ? sql`coalesce(${volunteerHours.teamId}, ${r.v.teamId}::uuid) in (${sql.join(ledIds.map((id) => sql`${id}::uuid`), sql`, `)})` : undefined))
    .orderBy(desc(volunteerHours.servedOn), desc(volunteerHours.id));
  const items = rows.map(toEntry);
  const sum = (s: string) => items.filter((i) => i.status === s).reduce((n, i) => n + i.hours, 0);
  return { items, approvedHours: sum('approved'), pendingHours: sum('pending') };
}

/**
 * ≤ 24 h a day per person across all services, counted over pending and approved entries (reversals included), under
 * a transaction-scoped advisory lock per volunteer so two recordings of one person cannot both pass.
 */
async function assertDayRoom(tx: DbOrTx, regionId: string, volunteerId: string, servedOn: string, minutes: number) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`volunteer-hours:${regionId}:${volunteerId}`}, 0))`);
  const [row] = await tx.select({ m: sql<number>`coalesce(sum(${volunteerHours.minutes}), 0)::int` }).from(volunteerHours)
    .where(and(eq(volunteerHours.regionId, regionId), eq(volunteerHours.volunteerId, volunteerId), eq(volunteerHours.servedOn, servedOn),
      inArray(volunteerHours.status, ['pending', 'approved'])));
  const used = Number(row.m);
  if (used + minutes > 24 * 60) throw new AppError(422, 'VOLUNTEER_HOURS_DAY_LIMIT', { date: servedOn, used: used / 60 });
}

function assertNotFuture(servedOn: string, nowMs: number, field = 'servedOn') {
  if (servedOn > todayShanghai(nowMs)) throw invalid([fieldError(field, 'volunteer_hours.future')]);
}

/**
 * A manual entry (or one of a named activity) for a team of the volunteer (`volunteerTeamId`, else the first the
 * caller may manage or lead): confirmed at once when the team's staff record it; **pending** when its leader does,
 * for the staff to confirm. Neither staff nor leader of a team of the volunteer: 404.
 */
export async function recordHours(ctx: Ctx, actor: Actor, input: z.infer<typeof HoursCreate>) {
  const p = actor.principal!;
  return ctx.db.transaction(async (tx) => {
    const [v] = await tx.select().from(volunteers).where(eq(volunteers.id, input.volunteerId)).limit(1);
    if (!v) throw notFound();
    const regionId = v.regionId;
    const teams = (await teamsOf(tx, regionId, v.id, v.teamId)).filter((x) => !input.volunteerTeamId || x.t.id === input.volunteerTeamId);
    let team = teams.find((x) => canManageTeam(p, x));
    const staff = !!team;
    if (!team) for (const x of teams) if (await leadsTeam(tx, p, x)) { team = x; break; }
    if (!team) throw notFound();
    if (input.activityId) {
      const [a] = await tx.select({ id: activities.id, kind: activities.kind }).from(activities)
        .where(and(eq(activities.regionId, regionId), eq(activities.id, input.activityId))).limit(1);
      if (!a) throw notFound();
    }
    assertNotFuture(input.servedOn, ctx.now());
    const minutes = Math.round(input.hours * 60);
    await assertDayRoom(tx, regionId, v.id, input.servedOn, minutes);
    const at = new Date(ctx.now());
    const [row] = await tx.insert(volunteerHours).values({
      regionId, id: uuidv7(), volunteerId: v.id, teamId: team.t.id, activityId: input.activityId ?? null, description: input.description, servedOn: input.servedOn,
      minutes, source: 'manual', recordedBy: p.id, recordedAt: at,
      ...(staff ? { status: 'approved', approvedBy: p.id, approvedAt: at } : { status: 'pending' }),
    }).returning();
    await audit(tx, actor, { regionId, action: 'volunteer_hours.create', entityType: 'volunteer_hours', entityId: row.id, after: row });
    const [e] = await entryQuery(tx).where(and(eq(volunteerHours.regionId, regionId), eq(volunteerHours.id, row.id)));
    return toEntry(e);
  });
}

/** An entry the caller manages: staff of the team it was served for (else of the volunteer's own team); 404 otherwise. */
async function entryForManager(tx: DbOrTx, p: Principal, id: string) {
  const [h] = await tx.select().from(volunteerHours).where(eq(volunteerHours.id, id)).limit(1);
  if (!h) throw notFound();
  const [v] = await tx.select({ teamId: volunteers.teamId }).from(volunteers).where(and(eq(volunteers.regionId, h.regionId), eq(volunteers.id, h.volunteerId)));
  await findTeam(tx, p, h.teamId ?? v.teamId, 'manage');
  return h;
}

/** Confirms or rejects a pending entry (from an activity's check-ins): the one update the ledger's trigger lets through. */
export async function decideHours(ctx: Ctx, actor: Actor, id: string, decision: 'approve' | 'reject') {
  const p = actor.principal!;
  return ctx.db.transaction(async (tx) => {
    const h = await entryForManager(tx, p, id);
    if (h.status !== 'pending') throw conflict('VOLUNTEER_HOURS_NOT_PENDING');
    const [row] = await tx.update(volunteerHours).set({ status: decision === 'approve' ? 'approved' : 'rejected', approvedBy: p.id, approvedAt: new Date(ctx.now()) })
      .where(and(eq(volunteerHours.regionId, h.regionId), eq(volunteerHours.id, id))).returning();
    await audit(tx, actor, { regionId: h.regionId, action: decision === 'approve' ? 'volunteer_hours.approve' : 'volunteer_hours.reject', entityType: 'volunteer_hours', entityId: id, before: h, after: row });
    const [e] = await entryQuery(tx).where(and(eq(volunteerHours.regionId, h.regionId), eq(volunteerHours.id, id)));
    return toEntry(e);
  });
}

/**
 * A correction: a reversing entry that names the one it cancels (negative minutes, same date), and optionally the
 * corrected entry. Only an approved entry, once.
 */
export async function reverseHours(ctx: Ctx, actor: Actor, id: string, input: z.infer<typeof HoursReverse>) {
  const p = actor.principal!;
  try {
    return await ctx.db.transaction(async (tx) => {
      const h = await entryForManager(tx, p, id);
      if (h.status !== 'approved' || h.source === 'reversal') throw conflict('VOLUNTEER_HOURS_NOT_REVERSIBLE');
      const at = new Date(ctx.now());
      const base = { regionId: h.regionId, volunteerId: h.volunteerId, teamId: h.teamId, activityId: h.activityId, recordedBy: p.id, recordedAt: at, approvedBy: p.id, approvedAt: at, status: 'approved' };
      const [rev] = await tx.insert(volunteerHours).values({
        ...base, id: uuidv7(), description: h.description, servedOn: h.servedOn, minutes: -h.minutes, source: 'reversal', reversesId: h.id, reason: input.reason,
      }).returning();
      let replacement: typeof rev | undefined;
      if (input.replacement) {
        assertNotFuture(input.replacement.servedOn, ctx.now(), 'replacement.servedOn');
        const minutes = Math.round(input.replacement.hours * 60);
        await assertDayRoom(tx, h.regionId, h.volunteerId, input.replacement.servedOn, minutes);
        [replacement] = await tx.insert(volunteerHours).values({
          ...base, id: uuidv7(), description: input.replacement.description ?? h.description, servedOn: input.replacement.servedOn, minutes, source: 'manual', reason: input.reason,
        }).returning();
      }
      await audit(tx, actor, { regionId: h.regionId, action: 'volunteer_hours.reverse', entityType: 'volunteer_hours', entityId: h.id, before: h, after: { reversal: rev, replacement } });
      const ids = [rev.id, ...(replacement ? [replacement.id] : [])];
      const rows = await entryQuery(tx).where(and(eq(volunteerHours.regionId, h.regionId), inArray(volunteerHours.id, ids)));
      return { items: rows.map(toEntry) };
    });
  } catch (e) {
    if (isUniqueViolation(e, 'volunteer_hours_reversal_uq')) throw conflict('VOLUNTEER_HOURS_NOT_REVERSIBLE');
    throw e;
  }
}

const HALF_HOUR = 30;

/**
 * Pending entries from an activity's check-ins, for the team's volunteers who are linked members: the hours the
 * activity recorded for the attendee when there are some, else from the check-in (or the start, if earlier) to the
 * end, rounded down to half hours. Volunteers already credited for the activity are skipped; so is a day that would
 * pass 24 h.
 */
export async function hoursFromActivity(ctx: Ctx, actor: Actor, teamId: string, input: z.infer<typeof HoursFromActivity>) {
  const p = actor.principal!;
  return ctx.db.transaction(async (tx) => {
    const team = await findTeam(tx, p, teamId, 'manage');
    const regionId = team.t.regionId;
    const [a] = await tx.select().from(activities).where(and(eq(activities.regionId, regionId), eq(activities.id, input.activityId))).limit(1);
    if (!a || a.kind !== 'volunteer') throw notFound();
    if (a.heldOn > todayShanghai(ctx.now())) throw invalid([fieldError('activityId', 'volunteer_hours.future')]);
    const rows = await tx.select({ volunteerId: volunteers.id, at: activityCheckins.at, hours: activityAttendees.serviceHours, done: volunteerHours.id })
      .from(activityCheckins)
      .innerJoin(volunteers, and(eq(volunteers.regionId, activityCheckins.regionId), eq(volunteers.memberId, activityCheckins.memberId), inTeam(regionId, teamId)))
      .leftJoin(activityAttendees, and(eq(activityAttendees.regionId, activityCheckins.regionId), eq(activityAttendees.activityId, activityCheckins.activityId), eq(activityAttendees.memberId, activityCheckins.memberId)))
      .leftJoin(volunteerHours, and(eq(volunteerHours.regionId, volunteers.regionId), eq(volunteerHours.volunteerId, volunteers.id), eq(volunteerHours.activityId, a.id), eq(volunteerHours.source, 'checkin')))
      .where(and(eq(activityCheckins.regionId, regionId), eq(activityCheckins.activityId, a.id)));
    const at = new Date(ctx.now());
    let created = 0;
    let skipped = 0;
    for (const r of rows) {
      const fromCheckin = Math.floor((a.endsAt.getTime() - Math.max(r.at.getTime(), a.startsAt.getTime())) / 60_000 / HALF_HOUR) * HALF_HOUR;
      const minutes = Math.min(24 * 60, r.hours != null ? Math.round(Number(r.hours) * 60) : fromCheckin);
      if (r.done || minutes <= 0) { skipped++; continue; }
      try {
        await assertDayRoom(tx, regionId, r.volunteerId, a.heldOn, minutes);
      } catch { skipped++; continue; }
      await tx.insert(volunteerHours).values({
        regionId, id: uuidv7(), volunteerId: r.volunteerId, teamId, activityId: a.id, description: a.title, servedOn: a.heldOn, minutes, source: 'checkin',
        status: 'pending', recordedBy: p.id, recordedAt: at,
      });
      created++;
    }
    if (created) await audit(tx, actor, { regionId, action: 'volunteer_hours.from_activity', entityType: 'activity', entityId: a.id, after: { teamId, created, skipped } });
    return { created, skipped };
  });
}
