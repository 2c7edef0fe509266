import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  ActionCreate, ActionListQuery, ActionUpdate, AgendaCreate, AgendaDecision, AgendaReview, CheckIn, HostsGenerate, HostUpdate,
  MeetingCreate, MeetingUpdate, MembersUpdate, PartyRef, ActionStatus,
} from '../../../shared/cobuild-meetings.ts';
import { AGENDA_STATUSES } from '../../../shared/cobuild-meetings.ts';
import { addDays, todayShanghai } from '../../../shared/dates.ts';
import type { DbOrTx } from '../../db/client.ts';
import { audit, type Actor } from '../../platform/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError, fieldError, invalid, notFound } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { can, type Principal } from '../../platform/scope.ts';
import { grants, users } from '../../platform/schema.ts';
import { ROLE_PERMISSIONS, ROLES } from '../../../shared/roles.ts';
import { allianceOrgs, alliances, allianceUnits, orgs, units } from '../directory/schema.ts';
import { alias } from 'drizzle-orm/pg-core';
import './messages.ts';
import { projects } from '../cluster/schema.ts';
import { agendaItems, coprojects, jointHosts, jointRoles, meetingActionFiles, meetingActions, meetingAttendees, meetings, needs } from './schema.ts';

/**
 * Joint meetings (联席会议). The office is whoever holds cobuild.write on the alliance (its coordinator, the region
 * admin; cobuild.read to read); a member's liaison is whoever holds cobuild.raise on a member unit or org (the unit's
 * liaison, the org's secretary). Anyone else gets 404, as for a made-up id.
 */

/**
 * The alliance kinds that hold meetings with this machinery: the joint meetings, and the chamber's grids (网格: the grid
 * leader is the office, the grid's branches are its member orgs). A cluster would be one more entry here.
 */
export const MEETING_ALLIANCE_KINDS = ['joint_meeting', 'grid'];

type Ref = z.infer<typeof PartyRef>;
export interface Party { party: string; unitId: string | null; orgId: string | null; partyName: string; orgPath: string | null }
const iso = (d: Date | null) => (d ? d.toISOString() : null);
const partyOut = (x: { unitId: string | null; orgId: string | null; partyName: string }) => ({ unitId: x.unitId, orgId: x.orgId, partyName: x.partyName });

export interface AllianceAccess {
  regionId: string; allianceId: string; name: string; kind: string;
  members: Party[]; office: boolean; manage: boolean; mine: Party[];
}

/** The alliance's members: its units (with their org's path) then its orgs. */
async function membersOf(db: DbOrTx, regionId: string, allianceId: string): Promise<Party[]> {
  const us = await db.select({ id: units.id, name: units.name, path: orgs.path }).from(allianceUnits)
    .innerJoin(units, and(eq(units.regionId, allianceUnits.regionId), eq(units.id, allianceUnits.unitId)))
    .leftJoin(orgs, and(eq(orgs.regionId, units.regionId), eq(orgs.id, units.orgId)))
    .where(and(eq(allianceUnits.regionId, regionId), eq(allianceUnits.allianceId, allianceId))).orderBy(asc(units.name));
  const os = await db.select({ id: orgs.id, name: orgs.name, path: orgs.path }).from(allianceOrgs)
    .innerJoin(orgs, and(eq(orgs.regionId, allianceOrgs.regionId), eq(orgs.id, allianceOrgs.orgId)))
    .where(and(eq(allianceOrgs.regionId, regionId), eq(allianceOrgs.allianceId, allianceId))).orderBy(asc(orgs.name));
  return [
    ...us.map((u) => ({ party: `unit:${u.id}`, unitId: u.id, orgId: null, partyName: u.name, orgPath: null })),
    ...os.map((o) => ({ party: `org:${o.id}`, unitId: null, orgId: o.id, partyName: o.name, orgPath: o.path })),
  ];
}

/** Does the principal answer for this member (its unit's liaison, its org's secretary)? */
export const answersFor = (p: Principal, regionId: string, m: { unitId: string | null; orgPath: string | null }) =>
  can(p, 'cobuild.raise', m.unitId ? { regionId, unitId: m.unitId } : { regionId, orgPath: m.orgPath });

/** The alliance with what the principal may do there; 404 when it may do nothing (or there is no such joint meeting). */
export async function findAlliance(db: DbOrTx, p: Principal, allianceId: string): Promise<AllianceAccess> {
  const [a] = await db.select().from(alliances).where(eq(alliances.id, allianceId)).limit(1);
  if (!a || !MEETING_ALLIANCE_KINDS.includes(a.kind)) throw notFound();
  const t = { regionId: a.regionId, allianceId: a.id };
  const manage = can(p, 'cobuild.write', t);
  const office = manage || can(p, 'cobuild.read', t);
  const members = await membersOf(db, a.regionId, a.id);
  const mine = members.filter((m) => answersFor(p, a.regionId, m));
  if (!office && !mine.length) throw notFound();
  return { regionId: a.regionId, allianceId: a.id, name: a.name, kind: a.kind, members, office, manage, mine };
}

const officeOnly = (a: AllianceAccess) => { if (!a.manage) throw new AppError(403, 'MEETING_OFFICE_ONLY'); };

/** The member named by `ref` (one of unitId / orgId); 422 at `field` when it is not a member of the alliance. */
function memberOf(a: AllianceAccess, ref: Ref, field: string): Party {
  if (!!ref.unitId === !!ref.orgId) throw invalid([fieldError(field, 'meeting.one_party')]);
  const key = ref.unitId ? `unit:${ref.unitId}` : `org:${ref.orgId}`;
  const m = a.members.find((x) => x.party === key);
  if (!m) throw invalid([fieldError(field, 'meeting.not_member')], 'MEETING_NOT_MEMBER');
  return m;
}

// ── members, roles, hosts ───────────────────────────────────────────────────────────────────────────────────

/** Roles that hold cobuild.raise: a grant of one of them on a member is what makes its holder that member's liaison. */
const RAISE_ROLES = ROLES.filter((r) => ROLE_PERMISSIONS[r].includes('cobuild.raise'));
const unitOrgs = alias(orgs, 'unit_orgs');

/**
 * Who may be named a member's liaison: the users answering for it (`answersFor`: a grant with cobuild.raise on the
 * member unit; on the member org or above it, directly or through a unit of that org), enabled, by display name.
 * Worked out from the grants of the region in one query, with the same covering rules as platform/scope.ts.
 */
async function liaisonCandidates(db: DbOrTx, regionId: string, members: Party[]): Promise<Map<string, { userId: string; name: string }[]>> {
  const out = new Map<string, { userId: string; name: string }[]>(members.map((m) => [m.party, []]));
  if (!members.length || !RAISE_ROLES.length) return out;
  const rows = await db.selectDistinct({ userId: grants.userId, name: users.displayName, scopeKind: grants.scopeKind, scopeId: grants.scopeId, orgPath: orgs.path, unitOrgPath: unitOrgs.path })
    .from(grants).innerJoin(users, eq(users.id, grants.userId))
    .leftJoin(orgs, and(eq(grants.scopeKind, 'org'), eq(orgs.regionId, grants.regionId), eq(orgs.id, grants.scopeId)))
    .leftJoin(units, and(eq(grants.scopeKind, 'unit'), eq(units.regionId, grants.regionId), eq(units.id, grants.scopeId)))
    .leftJoin(unitOrgs, and(eq(unitOrgs.regionId, units.regionId), eq(unitOrgs.id, units.orgId)))
    .where(and(eq(grants.regionId, regionId), inArray(grants.role, RAISE_ROLES), eq(users.disabled, false), inArray(grants.scopeKind, ['region', 'org', 'unit'])))
    .orderBy(asc(users.displayName), asc(grants.userId));
  for (const m of members) {
    const list = out.get(m.party)!;
    for (const r of rows) {
      const path = r.orgPath ?? r.unitOrgPath;
      const covers = r.scopeKind === 'region' || (m.unitId ? r.scopeKind === 'unit' && r.scopeId === m.unitId : !!path && !!m.orgPath && m.orgPath.startsWith(path));
      if (covers && !list.some((x) => x.userId === r.userId)) list.push({ userId: r.userId, name: r.name });
    }
  }
  return out;
}

export async function listJointMeetings(ctx: Pick<Ctx, 'db'>, p: Principal) {
  const rows = await ctx.db.select({ id: alliances.id }).from(alliances).where(inArray(alliances.kind, MEETING_ALLIANCE_KINDS)).orderBy(asc(alliances.name));
  const out = [];
  for (const r of rows) {
    const a = await findAlliance(ctx.db, p, r.id).catch(() => null);
    if (a) out.push({ id: a.allianceId, regionId: a.regionId, name: a.name, kind: a.kind, office: a.office, manage: a.manage, myParties: a.mine.map(partyOut) });
  }
  return out;
}

export async function jointDetail(db: DbOrTx, p: Principal, allianceId: string, known?: AllianceAccess) {
  const a = known ?? await findAlliance(db, p, allianceId);
  const roles = await db.select().from(jointRoles).where(and(eq(jointRoles.regionId, a.regionId), eq(jointRoles.allianceId, a.allianceId)));
  const byParty = new Map(roles.map((r) => [r.party, r]));
  const ordered = [...a.members].sort((x, y) => (byParty.get(x.party)?.position ?? 1e6) - (byParty.get(y.party)?.position ?? 1e6));
  const hosts = await db.select().from(jointHosts).where(and(eq(jointHosts.regionId, a.regionId), eq(jointHosts.allianceId, a.allianceId))).orderBy(asc(jointHosts.year));
  const nameOf = (party: string) => a.members.find((m) => m.party === party)?.partyName ?? '';
  // whom the office may name as liaisons (only the office sees the list of users)
  const candidates = a.manage ? await liaisonCandidates(db, a.regionId, a.members) : new Map<string, { userId: string; name: string }[]>();
  return {
    id: a.allianceId, regionId: a.regionId, name: a.name, kind: a.kind, office: a.office, manage: a.manage, myParties: a.mine.map(partyOut),
    members: ordered.map((m, i) => {
      const r = byParty.get(m.party);
      return { ...partyOut(m), kind: m.unitId ? 'unit' as const : 'org' as const, position: i + 1, role: (r?.role ?? 'member') as 'member', liaisonUserId: r?.liaisonUserId ?? null, liaisonName: r?.liaisonName ?? null, liaisonCandidates: candidates.get(m.party) ?? [] };
    }),
    hosts: hosts.map((h) => ({ year: h.year, unitId: h.unitId, orgId: h.orgId, partyName: nameOf(h.party) })),
  };
}

/**
 * Sets the members' order, roles and liaisons at once (at most one chair). A liaison is a user answering for that member
 * (its unit's liaison, its org's secretary: `liaisonCandidates`); anyone else answers 422 MEETING_LIAISON_NOT_THEIRS.
 */
export async function updateMembers(ctx: Ctx, actor: Actor, allianceId: string, input: z.infer<typeof MembersUpdate>) {
  const p = actor.principal!;
  return ctx.db.transaction(async (tx) => {
    const a = await findAlliance(tx, p, allianceId);
    officeOnly(a);
    const picked = input.members.map((m, i) => ({ m, party: memberOf(a, m, `members.${i}`), i }));
    const seen = new Set<string>();
    for (const x of picked) {
      if (seen.has(x.party.party)) throw invalid([fieldError(`members.${x.i}`, 'meeting.member_twice')]);
      seen.add(x.party.party);
    }
    const chairs = picked.filter((x) => x.m.role === 'chair');
    if (chairs.length > 1) throw invalid([fieldError(`members.${chairs[1].i}.role`, 'meeting.one_chair')]);
    const liaisonIds = [...new Set(picked.map((x) => x.m.liaisonUserId).filter((x): x is string => !!x))];
    const found = liaisonIds.length ? await tx.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, liaisonIds)) : [];
    const candidates = liaisonIds.length ? await liaisonCandidates(tx, a.regionId, picked.map((x) => x.party)) : new Map<string, { userId: string }[]>();
    for (const x of picked) {
      if (!x.m.liaisonUserId) continue;
      if (!found.some((u) => u.id === x.m.liaisonUserId)) throw invalid([fieldError(`members.${x.i}.liaisonUserId`, 'meeting.liaison_unknown')]);
      if (!candidates.get(x.party.party)?.some((c) => c.userId === x.m.liaisonUserId)) {
        throw invalid([fieldError(`members.${x.i}.liaisonUserId`, 'meeting.liaison_not_theirs', { member: x.party.partyName })], 'MEETING_LIAISON_NOT_THEIRS');
      }
    }
    const before = await tx.select().from(jointRoles).where(and(eq(jointRoles.regionId, a.regionId), eq(jointRoles.allianceId, a.allianceId)));
    await tx.delete(jointRoles).where(and(eq(jointRoles.regionId, a.regionId), eq(jointRoles.allianceId, a.allianceId)));
    const now = new Date(ctx.now());
    const rows = picked.map((x) => ({
      regionId: a.regionId, allianceId: a.allianceId, party: x.party.party, unitId: x.party.unitId, orgId: x.party.orgId, position: x.i + 1,
      role: x.m.role, liaisonUserId: x.m.liaisonUserId ?? null, liaisonName: found.find((u) => u.id === x.m.liaisonUserId)?.name ?? null, updatedAt: now,
    }));
    if (rows.length) await tx.insert(jointRoles).values(rows);
    await audit(tx, actor, { regionId: a.regionId, action: 'joint.members', entityType: 'alliance', entityId: a.allianceId, before, after: rows });
    return jointDetail(tx, p, allianceId);
  });
}

/** The rotating host for `years` years from `fromYear`, in member order (the year after the last member is the first again). */
export async function generateHosts(ctx: Ctx, actor: Actor, allianceId: string, input: z.infer<typeof HostsGenerate>) {
  const p = actor.principal!;
  return ctx.db.transaction(async (tx) => {
    const a = await findAlliance(tx, p, allianceId);
    officeOnly(a);
    const ordered = (await jointDetail(tx, p, allianceId, a)).members;
    if (!ordered.length) throw invalid([fieldError('fromYear', 'meeting.no_members')]);
    const years = Array.from({ length: input.years }, (_, i) => input.fromYear + i);
    await tx.delete(jointHosts).where(and(eq(jointHosts.regionId, a.regionId), eq(jointHosts.allianceId, a.allianceId), inArray(jointHosts.year, years)));
    const rows = years.map((year, i) => {
      const m = ordered[i % ordered.length];
      return { regionId: a.regionId, allianceId: a.allianceId, year, party: m.unitId ? `unit:${m.unitId}` : `org:${m.orgId}`, unitId: m.unitId, orgId: m.orgId };
    });
    await tx.insert(jointHosts).values(rows);
    await audit(tx, actor, { regionId: a.regionId, action: 'joint.hosts', entityType: 'alliance', entityId: a.allianceId, after: rows });
    return jointDetail(tx, p, allianceId);
  });
}

export async function setHost(ctx: Ctx, actor: Actor, allianceId: string, year: number, input: z.infer<typeof HostUpdate>) {
  const p = actor.principal!;
  return ctx.db.transaction(async (tx) => {
    const a = await findAlliance(tx, p, allianceId);
    officeOnly(a);
    const m = memberOf(a, input, 'unitId');
    const row = { regionId: a.regionId, allianceId: a.allianceId, year, party: m.party, unitId: m.unitId, orgId: m.orgId };
    await tx.insert(jointHosts).values(row).onConflictDoUpdate({ target: [jointHosts.regionId, jointHosts.allianceId, jointHosts.year], set: { party: m.party, unitId: m.unitId, orgId: m.orgId } });
    await audit(tx, actor, { regionId: a.regionId, action: 'joint.hosts', entityType: 'alliance', entityId: a.allianceId, after: row });
    return jointDetail(tx, p, allianceId);
  });
}

// ── meetings ────────────────────────────────────────────────────────────────────────────────────────────────

type MeetingRow = typeof meetings.$inferSelect;
type ActionRow = typeof meetingActions.$inferSelect;

/** The meeting with its alliance's access; 404 when the principal may not see it. */
export async function findMeeting(db: DbOrTx, p: Principal, id: string) {
  const [m] = await db.select().from(meetings).where(eq(meetings.id, id)).limit(1);
  if (!m) throw notFound();
  return { m, a: await findAlliance(db, p, m.allianceId) };
}

const deadlineOf = (m: MeetingRow) => addDays(m.heldOn, -m.agendaDays);

function toMeeting(m: MeetingRow, a: AllianceAccess, items: number) {
  const host = a.members.find((x) => x.party === m.hostParty);
  return {
    id: m.id, regionId: m.regionId, allianceId: m.allianceId, allianceName: a.name, kind: m.kind as 'plenary', title: m.title, heldOn: m.heldOn,
    place: m.place, hostUnitId: m.hostUnitId, hostOrgId: m.hostOrgId, hostName: host?.partyName ?? null, agendaDays: m.agendaDays,
    agendaDeadline: deadlineOf(m), items,
  };
}

export async function listMeetings(ctx: Pick<Ctx, 'db'>, p: Principal, q: { allianceId?: string }) {
  const list = q.allianceId ? [await findAlliance(ctx.db, p, q.allianceId)] : [];
  if (!q.allianceId) {
    for (const j of await listJointMeetings(ctx, p)) list.push(await findAlliance(ctx.db, p, j.id));
  }
  const out = [];
  for (const a of list) {
    const rows = await ctx.db.select({ m: meetings, items: sql<number>`(select count(*)::int from agenda_items i where i.region_id = ${meetings.regionId} and i.meeting_id = ${meetings.id})` })
      .from(meetings).where(and(eq(meetings.regionId, a.regionId), eq(meetings.allianceId, a.allianceId))).orderBy(asc(meetings.heldOn), asc(meetings.createdAt));
    out.push(...rows.map((r) => toMeeting(r.m, a, Number(r.items))));
  }
  return out;
}

export async function createMeeting(ctx: Ctx, actor: Actor, input: z.infer<typeof MeetingCreate>) {
  const p = actor.principal!;
  return ctx.db.transaction(async (tx) => {
    const a = await findAlliance(tx, p, input.allianceId);
    officeOnly(a);
    let host: Party | null;
    if (input.hostUnitId || input.hostOrgId) host = memberOf(a, { unitId: input.hostUnitId, orgId: input.hostOrgId }, 'hostUnitId');
    else {
      const [h] = await tx.select().from(jointHosts).where(and(eq(jointHosts.regionId, a.regionId), eq(jointHosts.allianceId, a.allianceId), eq(jointHosts.year, Number(input.heldOn.slice(0, 4)))));
      host = h ? a.members.find((x) => x.party === h.party) ?? null : null;
    }
    const attendees = input.attendees ? input.attendees.map((x, i) => memberOf(a, x, `attendees.${i}`)) : a.members;
    const now = new Date(ctx.now());
    const [m] = await tx.insert(meetings).values({
      regionId: a.regionId, id: uuidv7(), allianceId: a.allianceId, kind: input.kind, title: input.title, heldOn: input.heldOn, place: input.place,
      hostParty: host?.party ?? null, hostUnitId: host?.unitId ?? null, hostOrgId: host?.orgId ?? null, agendaDays: input.agendaDays,
      createdBy: p.id, createdAt: now, updatedAt: now,
    }).returning();
    const uniq = [...new Map(attendees.map((x) => [x.party, x])).values()];
    if (uniq.length) await tx.insert(meetingAttendees).values(uniq.map((x) => ({ regionId: a.regionId, meetingId: m.id, party: x.party, unitId: x.unitId, orgId: x.orgId })));
    await audit(tx, actor, { regionId: a.regionId, action: 'meeting.create', entityType: 'meeting', entityId: m.id, after: m });
    return meetingDetail(tx, ctx, p, m.id);
  });
}

export async function updateMeeting(ctx: Ctx, actor: Actor, id: string, input: z.infer<typeof MeetingUpdate>) {
  const p = actor.principal!;
  return ctx.db.transaction(async (tx) => {
    const { m, a } = await findMeeting(tx, p, id);
    officeOnly(a);
    if (input.heldOn && input.heldOn !== m.heldOn) {
      const [early] = await tx.select({ id: meetingActions.id }).from(meetingActions)
        .where(and(eq(meetingActions.regionId, m.regionId), eq(meetingActions.meetingId, m.id), sql`${meetingActions.dueOn} < ${input.heldOn}`)).limit(1);
      if (early) throw invalid([fieldError('heldOn', 'meeting.actions_due_before')], 'MEETING_ACTION_DUE_BEFORE');
      await tx.update(meetingActions).set({ meetingOn: input.heldOn }).where(and(eq(meetingActions.regionId, m.regionId), eq(meetingActions.meetingId, m.id)));
    }
    const [row] = await tx.update(meetings).set({ ...input, updatedAt: new Date(ctx.now()) }).where(and(eq(meetings.regionId, m.regionId), eq(meetings.id, id))).returning();
    await audit(tx, actor, { regionId: m.regionId, action: 'meeting.update', entityType: 'meeting', entityId: id, before: m, after: row });
    return meetingDetail(tx, ctx, p, id);
  });
}

export async function checkIn(ctx: Ctx, actor: Actor, id: string, input: z.infer<typeof CheckIn>) {
  const p = actor.principal!;
  return ctx.db.transaction(async (tx) => {
    const { m, a } = await findMeeting(tx, p, id);
    const who = memberOf(a, input, 'unitId');
    // the office checks in anyone; a liaison its own member
    if (!a.manage && !a.mine.some((x) => x.party === who.party)) throw notFound();
    const row = { regionId: m.regionId, meetingId: m.id, party: who.party, unitId: who.unitId, orgId: who.orgId, attendeeName: input.attendeeName ?? null, checkedInAt: new Date(ctx.now()) };
    await tx.insert(meetingAttendees).values(row).onConflictDoUpdate({
      target: [meetingAttendees.regionId, meetingAttendees.meetingId, meetingAttendees.party], set: { attendeeName: row.attendeeName, checkedInAt: row.checkedInAt },
    });
    await audit(tx, actor, { regionId: m.regionId, action: 'meeting.check_in', entityType: 'meeting', entityId: m.id, after: row });
    return meetingDetail(tx, ctx, p, id);
  });
}

// ── agenda, decisions, actions ──────────────────────────────────────────────────────────────────────────────

export const actionRows = (db: DbOrTx) => db.select({ x: meetingActions, meetingTitle: meetings.title, itemTitle: agendaItems.title, unitName: units.name, orgName: orgs.name, orgPath: orgs.path })
  .from(meetingActions)
  .innerJoin(meetings, and(eq(meetings.regionId, meetingActions.regionId), eq(meetings.id, meetingActions.meetingId)))
  .innerJoin(agendaItems, and(eq(agendaItems.regionId, meetingActions.regionId), eq(agendaItems.id, meetingActions.agendaItemId)))
  .leftJoin(units, and(eq(units.regionId, meetingActions.regionId), eq(units.id, meetingActions.unitId)))
  .leftJoin(orgs, and(eq(orgs.regionId, meetingActions.regionId), eq(orgs.id, meetingActions.orgId)))
  .$dynamic();
export type ActionListRow = { x: ActionRow; meetingTitle: string; itemTitle: string; unitName: string | null; orgName: string | null; orgPath: string | null };

export type ActionFileOut = { id: string; fileName: string; contentType: string; size: number; createdByName: string | null; createdAt: string };
export interface ActionEvidence { files: Map<string, ActionFileOut[]>; links: Map<string, string> }

/**
 * The files of these actions (oldest first) and the titles of the records they link (a need, a co-building project):
 * two or three statements for any number of actions (one region's rows at a time).
 */
export async function actionEvidence(db: DbOrTx, rows: { x: ActionRow }[]): Promise<ActionEvidence> {
  const out: ActionEvidence = { files: new Map(), links: new Map() };
  const byRegion = new Map<string, ActionRow[]>();
  for (const { x } of rows) byRegion.set(x.regionId, [...(byRegion.get(x.regionId) ?? []), x]);
  for (const [regionId, xs] of byRegion) {
    const files = await db.select({ f: meetingActionFiles }).from(meetingActionFiles)
      .where(and(eq(meetingActionFiles.regionId, regionId), inArray(meetingActionFiles.actionId, xs.map((x) => x.id))))
      .orderBy(asc(meetingActionFiles.createdAt), asc(meetingActionFiles.id));
    for (const { f } of files) {
      out.files.set(f.actionId, [...(out.files.get(f.actionId) ?? []), {
        id: f.id, fileName: f.fileName, contentType: f.contentType, size: f.size, createdByName: f.createdByName, createdAt: f.createdAt.toISOString(),
      }]);
    }
    const needIds = [...new Set(xs.filter((x) => x.linkKind === 'need').map((x) => x.linkId!))];
    const projectIds = [...new Set(xs.filter((x) => x.linkKind === 'project').map((x) => x.linkId!))];
    if (needIds.length) {
      for (const n of await db.select({ id: needs.id, title: needs.title }).from(needs).where(and(eq(needs.regionId, regionId), inArray(needs.id, needIds)))) out.links.set(`need:${n.id}`, n.title);
    }
    if (projectIds.length) {
      for (const pr of await db.select({ id: projects.id, title: projects.title }).from(projects).where(and(eq(projects.regionId, regionId), inArray(projects.id, projectIds)))) out.links.set(`project:${pr.id}`, pr.title);
    }
  }
  return out;
}

/** The record linked as evidence: a need of the action's alliance, or one of its co-building projects; 422 otherwise. */
export async function linkOf(db: DbOrTx, x: { regionId: string; allianceId: string }, link: { kind: 'need' | 'project'; id: string }) {
  const [row] = link.kind === 'need'
    ? await db.select({ id: needs.id }).from(needs).where(and(eq(needs.regionId, x.regionId), eq(needs.id, link.id), eq(needs.allianceId, x.allianceId)))
    : await db.select({ id: coprojects.projectId }).from(coprojects).where(and(eq(coprojects.regionId, x.regionId), eq(coprojects.projectId, link.id), eq(coprojects.allianceId, x.allianceId)));
  if (!row) throw invalid([fieldError('link.id', 'meeting.link_not_found')], 'MEETING_LINK_NOT_FOUND');
  return row.id;
}

export function toAction(r: ActionListRow, today: string, p: Principal, manage: boolean, ev?: ActionEvidence) {
  const x = r.x;
  return {
    id: x.id, allianceId: x.allianceId, meetingId: x.meetingId, meetingTitle: r.meetingTitle, meetingOn: x.meetingOn, agendaItemId: x.agendaItemId,
    itemTitle: r.itemTitle, title: x.title, unitId: x.unitId, orgId: x.orgId, partyName: r.unitName ?? r.orgName ?? '', dueOn: x.dueOn,
    status: x.status as ActionStatus, overdue: x.status !== 'done' && x.dueOn < today, evidence: x.evidence, doneOn: x.doneOn,
    mayUpdate: manage || answersFor(p, x.regionId, { unitId: x.unitId, orgPath: r.orgPath }),
    files: ev?.files.get(x.id) ?? [],
    link: x.linkKind && x.linkId ? { kind: x.linkKind as 'need', id: x.linkId, title: ev?.links.get(`${x.linkKind}:${x.linkId}`) ?? '' } : null,
  };
}

export async function meetingDetail(db: DbOrTx, ctx: Pick<Ctx, 'now'>, p: Principal, id: string) {
  const { m, a } = await findMeeting(db, p, id);
  const today = todayShanghai(ctx.now());
  const items = await db.select({ i: agendaItems, needTitle: needs.title, unitName: units.name, orgName: orgs.name }).from(agendaItems)
    .leftJoin(needs, and(eq(needs.regionId, agendaItems.regionId), eq(needs.id, agendaItems.needId)))
    .leftJoin(units, and(eq(units.regionId, agendaItems.regionId), eq(units.id, agendaItems.unitId)))
    .leftJoin(orgs, and(eq(orgs.regionId, agendaItems.regionId), eq(orgs.id, agendaItems.orgId)))
    .where(and(eq(agendaItems.regionId, m.regionId), eq(agendaItems.meetingId, m.id))).orderBy(asc(agendaItems.createdAt), asc(agendaItems.id));
  const acts = await actionRows(db).where(and(eq(meetingActions.regionId, m.regionId), eq(meetingActions.meetingId, m.id))).orderBy(asc(meetingActions.dueOn), asc(meetingActions.id));
  // 闭环: every action of an earlier meeting of the alliance that was not done by this meeting's date
  const carried = await actionRows(db).where(and(
    eq(meetingActions.regionId, m.regionId), eq(meetingActions.allianceId, m.allianceId),
    sql`(${meetings.heldOn} < ${m.heldOn} or (${meetings.heldOn} = ${m.heldOn} and ${meetings.createdAt} < ${m.createdAt}))`,
    sql`(${meetingActions.doneOn} is null or ${meetingActions.doneOn} >= ${m.heldOn})`,
  )).orderBy(asc(meetingActions.dueOn), asc(meetingActions.id));
  const att = await db.select({ x: meetingAttendees, unitName: units.name, orgName: orgs.name }).from(meetingAttendees)
    .leftJoin(units, and(eq(units.regionId, meetingAttendees.regionId), eq(units.id, meetingAttendees.unitId)))
    .leftJoin(orgs, and(eq(orgs.regionId, meetingAttendees.regionId), eq(orgs.id, meetingAttendees.orgId)))
    .where(and(eq(meetingAttendees.regionId, m.regionId), eq(meetingAttendees.meetingId, m.id)));
  const agendaOpen = today <= deadlineOf(m);
  const ev = await actionEvidence(db, [...acts, ...carried]);
  return {
    ...toMeeting(m, a, items.length), minutes: m.minutes, recorderName: m.recorderName,
    attendees: att.map((r) => ({ unitId: r.x.unitId, orgId: r.x.orgId, partyName: r.unitName ?? r.orgName ?? '', attendeeName: r.x.attendeeName, checkedInAt: iso(r.x.checkedInAt) }))
      .sort((x, y) => x.partyName.localeCompare(y.partyName, 'zh-CN')),
    agenda: items.map((r) => ({
      id: r.i.id, meetingId: r.i.meetingId, title: r.i.title, description: r.i.description, unitId: r.i.unitId, orgId: r.i.orgId,
      partyName: r.unitName ?? r.orgName ?? '', needId: r.i.needId, needTitle: r.needTitle, status: r.i.status as (typeof AGENDA_STATUSES)[number], decision: r.i.decision,
      proposedByName: r.i.proposedByName, createdAt: r.i.createdAt.toISOString(),
      actions: acts.filter((x) => x.x.agendaItemId === r.i.id).map((x) => toAction(x, today, p, a.manage, ev)),
    })),
    carried: carried.map((x) => toAction(x, today, p, a.manage, ev)),
    may: { manage: a.manage, propose: a.manage || (a.mine.length > 0 && agendaOpen), agendaOpen },
    myParties: a.mine.map(partyOut),
  };
}

/**
 * Propose an agenda item for a member. A member's liaison proposes for its own member until the deadline the office set
 * (`agendaDays` before the meeting, Beijing date); the office proposes for any member at any time.
 */
export async function proposeItem(ctx: Ctx, actor: Actor, meetingId: string, input: z.infer<typeof AgendaCreate>) {
  const p = actor.principal!;
  return ctx.db.transaction(async (tx) => {
    const { m, a } = await findMeeting(tx, p, meetingId);
    const who = memberOf(a, input, 'unitId');
    if (!a.manage) {
      if (!a.mine.some((x) => x.party === who.party)) throw invalid([fieldError('unitId', 'meeting.not_yours')], 'MEETING_NOT_MEMBER');
      if (todayShanghai(ctx.now()) > deadlineOf(m)) throw new AppError(422, 'MEETING_AGENDA_CLOSED', { deadline: deadlineOf(m) });
    }
    if (input.needId) {
      const [n] = await tx.select({ id: needs.id }).from(needs).where(and(eq(needs.regionId, m.regionId), eq(needs.id, input.needId), eq(needs.allianceId, m.allianceId)));
      if (!n) throw invalid([fieldError('needId', 'meeting.need_unknown')]);
    }
    const now = new Date(ctx.now());
    const [row] = await tx.insert(agendaItems).values({
      regionId: m.regionId, id: uuidv7(), meetingId: m.id, title: input.title, description: input.description, party: who.party, unitId: who.unitId,
      orgId: who.orgId, needId: input.needId ?? null, status: a.manage ? 'accepted' : 'proposed', proposedBy: p.id, proposedByName: p.displayName, createdAt: now, updatedAt: now,
    }).returning();
    await audit(tx, actor, { regionId: m.regionId, action: 'meeting.item.propose', entityType: 'agenda_item', entityId: row.id, after: row });
    return meetingDetail(tx, ctx, p, m.id);
  });
}

async function findItem(db: DbOrTx, p: Principal, id: string) {
  const [i] = await db.select().from(agendaItems).where(eq(agendaItems.id, id)).limit(1);
  if (!i) throw notFound();
  const { m, a } = await findMeeting(db, p, i.meetingId);
  officeOnly(a);
  return { i, m, a };
}

/**
 * Withdraw an agenda item (撤回): the office any item without a decision; a member's liaison its own member's item while it
 * is still proposed (not yet accepted or deferred by the office). The row goes; the audit keeps it.
 */
export async function withdrawItem(ctx: Ctx, actor: Actor, id: string) {
  const p = actor.principal!;
  return ctx.db.transaction(async (tx) => {
    const [i] = await tx.select().from(agendaItems).where(eq(agendaItems.id, id)).limit(1);
    if (!i) throw notFound();
    const { m, a } = await findMeeting(tx, p, i.meetingId);
    if (i.decision) throw new AppError(409, 'MEETING_ITEM_DECIDED');
    if (!a.manage) {
      if (!a.mine.some((x) => x.party === i.party)) throw new AppError(403, 'MEETING_ITEM_NOT_YOURS');
      if (i.status !== 'proposed') throw new AppError(409, 'MEETING_ITEM_REVIEWED');
    }
    await tx.delete(agendaItems).where(and(eq(agendaItems.regionId, i.regionId), eq(agendaItems.id, id)));
    await audit(tx, actor, { regionId: i.regionId, action: 'meeting.item.withdraw', entityType: 'agenda_item', entityId: id, before: i });
    return meetingDetail(tx, ctx, p, m.id);
  });
}

/** Delete a meeting (called by mistake, or cancelled): the office, only while none of its items has a decision. */
export async function deleteMeeting(ctx: Ctx, actor: Actor, id: string) {
  const p = actor.principal!;
  await ctx.db.transaction(async (tx) => {
    const { m, a } = await findMeeting(tx, p, id);
    officeOnly(a);
    const items = await tx.select().from(agendaItems).where(and(eq(agendaItems.regionId, m.regionId), eq(agendaItems.meetingId, m.id)));
    if (items.some((i) => i.decision)) throw new AppError(409, 'MEETING_HAS_DECISIONS');
    await tx.delete(agendaItems).where(and(eq(agendaItems.regionId, m.regionId), eq(agendaItems.meetingId, m.id)));
    await tx.delete(meetingAttendees).where(and(eq(meetingAttendees.regionId, m.regionId), eq(meetingAttendees.meetingId, m.id)));
    await tx.delete(meetings).where(and(eq(meetings.regionId, m.regionId), eq(meetings.id, m.id)));
    await audit(tx, actor, { regionId: m.regionId, action: 'meeting.delete', entityType: 'meeting', entityId: m.id, before: { ...m, items } });
  });
}

export async function reviewItem(ctx: Ctx, actor: Actor, id: string, input: z.infer<typeof AgendaReview>) {
  const p = actor.principal!;
  return ctx.db.transaction(async (tx) => {
    const { i, m } = await findItem(tx, p, id);
    if (i.decision) throw new AppError(409, 'MEETING_ITEM_DECIDED');
    const [row] = await tx.update(agendaItems).set({ status: input.decision === 'accept' ? 'accepted' : 'deferred', updatedAt: new Date(ctx.now()) })
      .where(and(eq(agendaItems.regionId, i.regionId), eq(agendaItems.id, id))).returning();
    await audit(tx, actor, { regionId: i.regionId, action: 'meeting.item.review', entityType: 'agenda_item', entityId: id, before: i, after: row });
    return meetingDetail(tx, ctx, p, m.id);
  });
}

export async function decideItem(ctx: Ctx, actor: Actor, id: string, input: z.infer<typeof AgendaDecision>) {
  const p = actor.principal!;
  return ctx.db.transaction(async (tx) => {
    const { i, m } = await findItem(tx, p, id);
    if (i.status !== 'accepted') throw new AppError(409, 'MEETING_ITEM_NOT_ACCEPTED');
    const [row] = await tx.update(agendaItems).set({ decision: input.decision, updatedAt: new Date(ctx.now()) })
      .where(and(eq(agendaItems.regionId, i.regionId), eq(agendaItems.id, id))).returning();
    await audit(tx, actor, { regionId: i.regionId, action: 'meeting.item.decide', entityType: 'agenda_item', entityId: id, before: i, after: row });
    return meetingDetail(tx, ctx, p, m.id);
  });
}

/**
 * A follow-up action of an item's decision, owned by a member unit or org of the alliance (whose liaison then sees it on
 * its to-do list; anything else answers 422 MEETING_NOT_MEMBER at the owner's field), due on or after the meeting.
 */
export async function createAction(ctx: Ctx, actor: Actor, itemId: string, input: z.infer<typeof ActionCreate>) {
  const p = actor.principal!;
  return ctx.db.transaction(async (tx) => {
    const { i, m, a } = await findItem(tx, p, itemId);
    if (!i.decision) throw new AppError(409, 'MEETING_ITEM_NO_DECISION');
    memberOf(a, input, input.orgId && !input.unitId ? 'orgId' : 'unitId');
    if (input.dueOn < m.heldOn) throw invalid([fieldError('dueOn', 'meeting.due_before', { heldOn: m.heldOn })], 'MEETING_ACTION_DUE_BEFORE');
    const now = new Date(ctx.now());
    const [row] = await tx.insert(meetingActions).values({
      regionId: m.regionId, id: uuidv7(), allianceId: m.allianceId, meetingId: m.id, agendaItemId: i.id, title: input.title,
      party: input.unitId ? `unit:${input.unitId}` : `org:${input.orgId}`, unitId: input.unitId ?? null, orgId: input.orgId ?? null,
      dueOn: input.dueOn, meetingOn: m.heldOn, createdAt: now, updatedAt: now,
    }).returning();
    await audit(tx, actor, { regionId: m.regionId, action: 'meeting.action.create', entityType: 'meeting_action', entityId: row.id, after: row });
    return meetingDetail(tx, ctx, p, m.id);
  });
}

/** Progress of an action: the office, or the owner's liaison / secretary; 404 for anyone else. */
export async function updateAction(ctx: Ctx, actor: Actor, id: string, input: z.infer<typeof ActionUpdate>) {
  const p = actor.principal!;
  return ctx.db.transaction(async (tx) => {
    const [r] = await actionRows(tx).where(eq(meetingActions.id, id)).limit(1);
    if (!r) throw notFound();
    const a = await findAlliance(tx, p, r.x.allianceId).catch(() => null);
    const today = todayShanghai(ctx.now());
    const out = toAction(r, today, p, !!a?.manage);
    if (!out.mayUpdate) throw notFound();
    const status = input.status ?? r.x.status;
    const link = input.link === undefined ? undefined : input.link === null ? null : { kind: input.link.kind, id: await linkOf(tx, r.x, input.link) };
    const [row] = await tx.update(meetingActions).set({
      status, evidence: input.evidence ?? r.x.evidence, doneOn: status === 'done' ? (r.x.doneOn ?? today) : null, updatedAt: new Date(ctx.now()),
      ...(link !== undefined ? { linkKind: link?.kind ?? null, linkId: link?.id ?? null } : {}),
    }).where(and(eq(meetingActions.regionId, r.x.regionId), eq(meetingActions.id, id))).returning();
    await audit(tx, actor, { regionId: r.x.regionId, action: 'meeting.action.update', entityType: 'meeting_action', entityId: id, before: r.x, after: row });
    const next = { ...r, x: row };
    return toAction(next, today, p, !!a?.manage, await actionEvidence(tx, [next]));
  });
}

/**
 * Actions the principal may see: of the joint meetings it is the office of (all), and those owned by a unit or org it
 * answers for (`mine`: only those — a liaison's to-do list). `overdue`: due before today and not done.
 */
export async function listActions(ctx: Pick<Ctx, 'db' | 'now'>, p: Principal, q: z.infer<typeof ActionListQuery>) {
  const today = todayShanghai(ctx.now());
  const alliancesSeen = q.allianceId ? [await findAlliance(ctx.db, p, q.allianceId)] : await Promise.all((await listJointMeetings(ctx, p)).map((j) => findAlliance(ctx.db, p, j.id)));
  const out = [];
  for (const a of alliancesSeen) {
    const conds = [eq(meetingActions.regionId, a.regionId), eq(meetingActions.allianceId, a.allianceId)];
    if (q.status) conds.push(eq(meetingActions.status, q.status));
    if (q.overdue) conds.push(sql`${meetingActions.status} <> 'done' and ${meetingActions.dueOn} < ${today}`);
    const rows = (await actionRows(ctx.db).where(and(...conds)).orderBy(asc(meetingActions.dueOn), asc(meetingActions.id))).filter((r) => {
      const mine = answersFor(p, r.x.regionId, { unitId: r.x.unitId, orgPath: r.orgPath });
      return q.mine ? mine : a.office || mine;
    });
    const ev = await actionEvidence(ctx.db, rows);
    for (const r of rows) out.push(toAction(r, today, p, a.manage, ev));
  }
  return out;
}
