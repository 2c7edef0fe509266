import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { CoprojectCreate, CoprojectListQuery, CoprojectUpdate } from '../../../shared/cobuild-projects.ts';
import type { DbOrTx } from '../../db/client.ts';
import { audit, type Actor } from '../../platform/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError, fieldError, invalid, isUniqueViolation, notFound } from '../../platform/errors.ts';
import type { Principal } from '../../platform/scope.ts';
import { insertProject } from '../cluster/projects.ts';
import { projectMilestones, projects } from '../cluster/schema.ts';
import { alliances, orgs, units } from '../directory/schema.ts';
import { findAlliance, type AllianceAccess } from './meetings.ts';
import './messages.ts';
import { agendaItems, coprojects, meetings, needResources, needs, resources } from './schema.ts';

/**
 * The projects list (项目清单) of a joint meeting or grid. The office (cobuild.write on it) makes a co-building project
 * from one of its needs — optionally with a resource the office linked to that need (匹配) — or from a decided agenda
 * item; once per need and once per item (unique indexes). The project is a cluster project of level `cobuild`: its
 * page, milestones, progress reports and photos are the cluster's (docs/cluster.md), so the office (which holds
 * cluster.write on its alliance) and the owner org's secretary run it there. Who sees the list: the office and whoever
 * answers for a member (findAlliance); anyone else, and a made-up id, 404.
 */

/** statuses of a need that may become a project (not waiting for review, rejected or merged) */
const PROJECTABLE = ['accepted', 'published', 'confirmed', 'rated'];

const officeOnly = (a: AllianceAccess) => { if (!a.manage) throw new AppError(403, 'COPROJECT_OFFICE_ONLY'); };

/** The member units named, each a member of the joint meeting; 422 at unitIds.<i> otherwise. */
function memberUnits(a: AllianceAccess, unitIds: string[]): string[] {
  const members = new Set(a.members.filter((m) => m.unitId).map((m) => m.unitId!));
  const bad = unitIds.map((id, i) => (members.has(id) ? null : fieldError(`unitIds.${i}`, 'coproject.not_member'))).filter((x) => x !== null);
  if (bad.length) throw invalid(bad, 'COPROJECT_NOT_MEMBER');
  if (new Set(unitIds).size !== unitIds.length) throw invalid([fieldError('unitIds', 'coproject.unit_twice')]);
  return unitIds;
}

export async function createCoproject(ctx: Ctx, actor: Actor, input: z.infer<typeof CoprojectCreate>) {
  const p = actor.principal!;
  return ctx.db.transaction(async (tx) => {
    const a = await findAlliance(tx, p, input.allianceId);
    officeOnly(a);
    const errors = [];
    if (!input.needId && !input.agendaItemId) errors.push(fieldError('needId', 'coproject.source_required'));
    if (input.resourceId && !input.needId) errors.push(fieldError('resourceId', 'coproject.resource_without_need'));
    if (input.endOn < input.startOn) errors.push(fieldError('endOn', 'coproject.dates'));
    if (errors.length) throw invalid(errors);

    let category = '联席会议议定';
    if (input.needId) {
      const [n] = await tx.select().from(needs).where(and(eq(needs.regionId, a.regionId), eq(needs.id, input.needId), eq(needs.allianceId, a.allianceId)));
      if (!n) throw invalid([fieldError('needId', 'coproject.need_unknown')]);
      if (!PROJECTABLE.includes(n.status)) throw invalid([fieldError('needId', 'coproject.need_not_open')], 'COPROJECT_NEED_NOT_OPEN');
      category = '需求对接';
      if (input.resourceId) {
        const [link] = await tx.select().from(needResources)
          .where(and(eq(needResources.regionId, a.regionId), eq(needResources.needId, n.id), eq(needResources.resourceId, input.resourceId)));
        if (!link) throw invalid([fieldError('resourceId', 'coproject.resource_not_linked')], 'COPROJECT_RESOURCE_NOT_LINKED');
      }
    }
    if (input.agendaItemId) {
      const [i] = await tx.select({ i: agendaItems }).from(agendaItems)
        .innerJoin(meetings, and(eq(meetings.regionId, agendaItems.regionId), eq(meetings.id, agendaItems.meetingId)))
        .where(and(eq(agendaItems.regionId, a.regionId), eq(agendaItems.id, input.agendaItemId), eq(meetings.allianceId, a.allianceId)));
      if (!i) throw invalid([fieldError('agendaItemId', 'coproject.item_unknown')]);
      if (!i.i.decision) throw invalid([fieldError('agendaItemId', 'coproject.item_not_decided')], 'COPROJECT_ITEM_NOT_DECIDED');
    }
    const unitIds = memberUnits(a, input.unitIds);

    // the owner: a member org, or the joint meeting's lead org (the default)
    const [al] = await tx.select({ leadOrgId: alliances.leadOrgId }).from(alliances).where(and(eq(alliances.regionId, a.regionId), eq(alliances.id, a.allianceId)));
    const ownerOrgId = input.ownerOrgId ?? al?.leadOrgId ?? null;
    const owners = new Set([...(al?.leadOrgId ? [al.leadOrgId] : []), ...a.members.filter((m) => m.orgId).map((m) => m.orgId!)]);
    if (!ownerOrgId || !owners.has(ownerOrgId)) throw invalid([fieldError('ownerOrgId', ownerOrgId ? 'coproject.owner_not_member' : 'coproject.owner_required')]);

    if (input.needId && await exists(tx, and(eq(coprojects.regionId, a.regionId), eq(coprojects.needId, input.needId))!)) throw new AppError(409, 'COPROJECT_EXISTS');
    if (input.agendaItemId && await exists(tx, and(eq(coprojects.regionId, a.regionId), eq(coprojects.agendaItemId, input.agendaItemId))!)) throw new AppError(409, 'COPROJECT_EXISTS');

    const project = await insertProject(tx, a.regionId, {
      title: input.title, level: 'cobuild', orgId: ownerOrgId, allianceId: a.allianceId, category, goals: input.goals,
      startOn: input.startOn, endOn: input.endOn, people: [], status: 'planned',
    }, input.milestones);
    const row = {
      regionId: a.regionId, projectId: project.id, allianceId: a.allianceId, needId: input.needId ?? null, resourceId: input.resourceId ?? null,
      agendaItemId: input.agendaItemId ?? null, unitIds, createdBy: p.id, createdByName: p.displayName || p.username,
    };
    try {
      await tx.insert(coprojects).values(row);
    } catch (err) {
      // two offices making the same need's project at once: the unique index decides
      if (isUniqueViolation(err, 'coprojects_need_uq') || isUniqueViolation(err, 'coprojects_item_uq')) throw new AppError(409, 'COPROJECT_EXISTS');
      throw err;
    }
    await audit(tx, actor, { regionId: a.regionId, action: 'coproject.create', entityType: 'project', entityId: project.id, after: { ...row, project, milestones: input.milestones } });
    const [out] = await listRows(tx, p, a, eq(coprojects.projectId, project.id));
    return out;
  });
}

async function exists(db: DbOrTx, where: SQL): Promise<boolean> {
  const [x] = await db.select({ one: sql<number>`1` }).from(coprojects).where(where).limit(1);
  return !!x;
}

export async function updateCoproject(ctx: Ctx, actor: Actor, projectId: string, input: z.infer<typeof CoprojectUpdate>) {
  const p = actor.principal!;
  return ctx.db.transaction(async (tx) => {
    const [c] = await tx.select().from(coprojects).where(eq(coprojects.projectId, projectId)).limit(1);
    if (!c) throw notFound();
    const a = await findAlliance(tx, p, c.allianceId);
    officeOnly(a);
    const patch: Partial<typeof coprojects.$inferInsert> = {};
    if (input.unitIds) patch.unitIds = memberUnits(a, input.unitIds);
    if (input.outcome !== undefined) patch.outcome = input.outcome;
    if (Object.keys(patch).length) {
      const [after] = await tx.update(coprojects).set(patch).where(and(eq(coprojects.regionId, c.regionId), eq(coprojects.projectId, projectId))).returning();
      await audit(tx, actor, { regionId: c.regionId, action: 'coproject.update', entityType: 'project', entityId: projectId, before: c, after });
    }
    const [out] = await listRows(tx, p, a, eq(coprojects.projectId, projectId));
    return out;
  });
}

/** The projects list of one joint meeting or grid, newest first. */
export async function listCoprojects(ctx: Pick<Ctx, 'db'>, p: Principal, q: z.infer<typeof CoprojectListQuery>) {
  const filters: SQL[] = [];
  if (q.needId) filters.push(eq(coprojects.needId, q.needId));
  if (q.agendaItemId) filters.push(eq(coprojects.agendaItemId, q.agendaItemId));
  return listRows(ctx.db, p, await findAlliance(ctx.db, p, q.allianceId), ...filters);
}

async function listRows(db: DbOrTx, p: Principal, a: AllianceAccess, ...filters: SQL[]) {
  const rows = await db.select({
    c: coprojects, x: projects, ownerOrgName: orgs.name, needTitle: needs.title, resourceTitle: resources.title,
    itemTitle: agendaItems.title, itemMeetingId: agendaItems.meetingId,
    milestones: sql<number>`(select count(*)::int from ${projectMilestones} m where m.region_id = ${projects.regionId} and m.project_id = ${projects.id})`,
    milestonesDone: sql<number>`(select count(*)::int from ${projectMilestones} m where m.region_id = ${projects.regionId} and m.project_id = ${projects.id} and m.done_on is not null)`,
  }).from(coprojects)
    .innerJoin(projects, and(eq(projects.regionId, coprojects.regionId), eq(projects.id, coprojects.projectId)))
    .innerJoin(orgs, and(eq(orgs.regionId, projects.regionId), eq(orgs.id, projects.orgId)))
    .leftJoin(needs, and(eq(needs.regionId, coprojects.regionId), eq(needs.id, coprojects.needId)))
    .leftJoin(resources, and(eq(resources.regionId, coprojects.regionId), eq(resources.id, coprojects.resourceId)))
    .leftJoin(agendaItems, and(eq(agendaItems.regionId, coprojects.regionId), eq(agendaItems.id, coprojects.agendaItemId)))
    .where(and(eq(coprojects.regionId, a.regionId), eq(coprojects.allianceId, a.allianceId), ...filters))
    .orderBy(desc(coprojects.createdAt), asc(coprojects.projectId));
  const unitIds = [...new Set(rows.flatMap((r) => r.c.unitIds))];
  const names = new Map(unitIds.length
    ? (await db.select({ id: units.id, name: units.name }).from(units).where(and(eq(units.regionId, a.regionId), inArray(units.id, unitIds)))).map((u) => [u.id, u.name])
    : []);
  return rows.map((r) => ({
    projectId: r.x.id, regionId: r.x.regionId, allianceId: r.c.allianceId, title: r.x.title, status: r.x.status, progress: r.x.progress,
    startOn: r.x.startOn, endOn: r.x.endOn, ownerOrgId: r.x.orgId, ownerOrgName: r.ownerOrgName,
    units: r.c.unitIds.map((id) => ({ id, name: names.get(id) ?? '—' })),
    need: r.c.needId ? { id: r.c.needId, title: r.needTitle ?? '' } : null,
    resource: r.c.resourceId ? { id: r.c.resourceId, title: r.resourceTitle ?? '' } : null,
    item: r.c.agendaItemId ? { id: r.c.agendaItemId, title: r.itemTitle ?? '', meetingId: r.itemMeetingId ?? '' } : null,
    milestones: r.milestones, milestonesDone: r.milestonesDone, outcome: r.c.outcome,
    createdByName: r.c.createdByName, createdAt: r.c.createdAt.toISOString(), mayUpdate: a.manage,
  }));
}
