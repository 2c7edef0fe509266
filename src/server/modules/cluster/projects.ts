import { and, asc, desc, eq, ilike, inArray, type SQL } from 'drizzle-orm';
import { workbookBuffer } from '../../platform/xlsx.ts';
import type { z } from 'zod';
import type { ProjectCreate, ProjectReportCreate, ProjectUpdate } from '../../../shared/cluster.ts';
import type { DbOrTx } from '../../db/client.ts';
import type { Ctx } from '../../platform/context.ts';
import { countAll, emptyPage, paginate } from '../../platform/pagination.ts';
import { audit, type Actor } from '../../platform/audit.ts';
import { fieldError, invalid } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { assertCan, orgInSubtree, scopeWhere, type Principal, type Target } from '../../platform/scope.ts';
import { allianceOrgs, orgs } from '../directory/schema.ts';
import { allianceById, findAlliance, findOrg, orgById } from './common.ts';
import { clusterAttachments, projectMilestones, projectReports, projects } from './schema.ts';
import { escapeLike } from '../../platform/like.ts';

type ProjectRow = typeof projects.$inferSelect;

export const LEVEL_NAMES: Record<string, string> = { secretary: '书记向前冲', branch: '支部打头阵', member: '党员作表率', cobuild: '联建项目' };
export const STATUS_NAMES: Record<string, string> = { planned: '计划中', in_progress: '进行中', done: '已完成', suspended: '已暂停' };

export const projectTarget = (x: ProjectRow, orgPath: string): Target => ({ regionId: x.regionId, orgPath, allianceId: x.allianceId });

const toProject = (x: ProjectRow, orgName: string) => ({
  id: x.id, regionId: x.regionId, title: x.title, level: x.level as 'branch', orgId: x.orgId, orgName, allianceId: x.allianceId,
  category: x.category, goals: x.goals, startOn: x.startOn, endOn: x.endOn, people: x.people, status: x.status as 'planned', progress: x.progress,
});

export async function findProject(db: DbOrTx, p: Principal | null, id: string, perm: 'cluster.read' | 'cluster.write') {
  const [row] = await db.select({ x: projects, orgName: orgs.name, path: orgs.path }).from(projects)
    .innerJoin(orgs, and(eq(orgs.regionId, projects.regionId), eq(orgs.id, projects.orgId)))
    .where(eq(projects.id, id)).limit(1);
  assertCan(p, perm, row ? projectTarget(row.x, row.path) : null);
  return row!;
}

/** A project with milestones and progress reports, for those who may read it. */
export async function projectView(ctx: Ctx, p: Principal, id: string) {
  return projectDetail(ctx.db, p, id);
}

export async function projectDetail(db: DbOrTx, p: Principal, id: string) {
  const { x, orgName } = await findProject(db, p, id, 'cluster.read');
  const milestones = await db.select().from(projectMilestones).where(and(eq(projectMilestones.regionId, x.regionId), eq(projectMilestones.projectId, x.id))).orderBy(asc(projectMilestones.sort), asc(projectMilestones.dueOn));
  const reports = await db.select().from(projectReports).where(and(eq(projectReports.regionId, x.regionId), eq(projectReports.projectId, x.id))).orderBy(desc(projectReports.reportedOn), desc(projectReports.id));
  const atts = reports.length ? await db.select().from(clusterAttachments).where(and(eq(clusterAttachments.regionId, x.regionId), eq(clusterAttachments.ownerKind, 'report'), inArray(clusterAttachments.ownerId, reports.map((r) => r.id)))).orderBy(asc(clusterAttachments.id)) : [];
  return {
    ...toProject(x, orgName),
    milestones: milestones.map((m) => ({ id: m.id, title: m.title, dueOn: m.dueOn, doneOn: m.doneOn, sort: m.sort })),
    reports: reports.map((r) => ({
      id: r.id, milestoneId: r.milestoneId, reportedOn: r.reportedOn, text: r.text, progress: r.progress,
      attachments: atts.filter((a) => a.ownerId === r.id).map((a) => ({ id: a.id, fileName: a.fileName, contentType: a.contentType, size: a.size })),
    })),
  };
}

export async function createProject(ctx: Ctx, actor: Actor, input: z.infer<typeof ProjectCreate>) {
  const p = actor.principal!;
  if (input.endOn < input.startOn) throw invalid([fieldError('endOn', 'project.dates')]);
  return ctx.db.transaction(async (tx) => {
    const o = await findOrg(tx, p, input.orgId, 'cluster.write');
    if (input.allianceId) {
      const a = await allianceById(tx, input.allianceId);
      if (!a || a.regionId !== o.regionId) throw invalid([fieldError('allianceId', 'project.alliance_region')]);
    }
    const { milestones, ...rest } = input;
    const row = await insertProject(tx, o.regionId, { ...rest, allianceId: input.allianceId ?? null }, milestones);
    await audit(tx, actor, { regionId: o.regionId, action: 'project.create', entityType: 'project', entityId: row.id, after: { ...row, milestones } });
    return projectDetail(tx, p, row.id);
  });
}

/**
 * Writes a project and its milestones (no checks, no audit: the caller has done both). The co-building capability
 * makes its joint meetings' projects (level `cobuild`) with it.
 */
export async function insertProject(
  tx: DbOrTx, regionId: string, values: Omit<typeof projects.$inferInsert, 'regionId' | 'id'>,
  milestones: { title: string; dueOn: string; doneOn?: string | null }[],
): Promise<ProjectRow> {
  const id = uuidv7();
  const [row] = await tx.insert(projects).values({ ...values, regionId, id }).returning();
  if (milestones.length) {
    await tx.insert(projectMilestones).values(milestones.map((m, i) => ({ regionId, id: uuidv7(), projectId: id, title: m.title, dueOn: m.dueOn, doneOn: m.doneOn ?? null, sort: i })));
  }
  return row;
}

export async function updateProject(ctx: Ctx, actor: Actor, id: string, input: z.infer<typeof ProjectUpdate>) {
  return ctx.db.transaction(async (tx) => {
    const { x } = await findProject(tx, actor.principal, id, 'cluster.write');
    const next = { ...x, ...input };
    if (next.endOn < next.startOn) throw invalid([fieldError('endOn', 'project.dates')]);
    const [row] = await tx.update(projects).set({ ...input, updatedAt: new Date(ctx.now()) }).where(and(eq(projects.regionId, x.regionId), eq(projects.id, id))).returning();
    await audit(tx, actor, { regionId: x.regionId, action: 'project.update', entityType: 'project', entityId: id, before: x, after: row });
    return projectDetail(tx, actor.principal!, id);
  });
}

export async function addMilestone(ctx: Ctx, actor: Actor, id: string, input: { title: string; dueOn: string }) {
  return ctx.db.transaction(async (tx) => {
    const { x } = await findProject(tx, actor.principal, id, 'cluster.write');
    const [{ n }] = await tx.select({ n: countAll }).from(projectMilestones).where(and(eq(projectMilestones.regionId, x.regionId), eq(projectMilestones.projectId, id)));
    const [m] = await tx.insert(projectMilestones).values({ regionId: x.regionId, id: uuidv7(), projectId: id, title: input.title, dueOn: input.dueOn, sort: Number(n) }).returning();
    await audit(tx, actor, { regionId: x.regionId, action: 'project.milestone.create', entityType: 'project_milestone', entityId: m.id, after: m });
    return projectDetail(tx, actor.principal!, id);
  });
}

/** A progress report; may complete a milestone and move the project's progress (and status). */
export async function addReport(ctx: Ctx, actor: Actor, id: string, input: z.infer<typeof ProjectReportCreate>) {
  return ctx.db.transaction(async (tx) => {
    const { x } = await findProject(tx, actor.principal, id, 'cluster.write');
    if (input.milestoneId) {
      const [m] = await tx.select().from(projectMilestones).where(and(eq(projectMilestones.regionId, x.regionId), eq(projectMilestones.id, input.milestoneId), eq(projectMilestones.projectId, id)));
      if (!m) throw invalid([fieldError('milestoneId', 'project.milestone')]);
      if (input.milestoneDone) await tx.update(projectMilestones).set({ doneOn: input.reportedOn }).where(and(eq(projectMilestones.regionId, x.regionId), eq(projectMilestones.id, m.id)));
    }
    const [r] = await tx.insert(projectReports).values({
      regionId: x.regionId, id: uuidv7(), projectId: id, milestoneId: input.milestoneId ?? null, reportedOn: input.reportedOn,
      text: input.text, progress: input.progress ?? null, createdBy: actor.principal!.id,
    }).returning();
    const patch: Partial<ProjectRow> = {};
    if (input.progress !== undefined && input.progress !== null) patch.progress = input.progress;
    if (x.status === 'planned') patch.status = 'in_progress';
    if (patch.progress === 100) patch.status = 'done';
    if (Object.keys(patch).length) await tx.update(projects).set({ ...patch, updatedAt: new Date(ctx.now()) }).where(and(eq(projects.regionId, x.regionId), eq(projects.id, id)));
    await audit(tx, actor, { regionId: x.regionId, action: 'project.report', entityType: 'project_report', entityId: r.id, after: { ...r, projectPatch: patch } });
    return { id: r.id, projectId: id };
  });
}

export interface ProjectListQ { page: number; pageSize: number; level?: string; orgId?: string; allianceId?: string; status?: string; q?: string }

async function listWhere(db: DbOrTx, p: Principal, q: ProjectListQ): Promise<SQL | null> {
  const conds: SQL[] = [scopeWhere(p, 'cluster.read', { regionId: projects.regionId, orgId: projects.orgId, allianceId: projects.allianceId })];
  if (q.level) conds.push(eq(projects.level, q.level));
  if (q.status) conds.push(eq(projects.status, q.status));
  if (q.allianceId) conds.push(eq(projects.allianceId, q.allianceId));
  if (q.q) conds.push(ilike(projects.title, `%${escapeLike(q.q)}%`));
  if (q.orgId) {
    const o = await orgById(db, q.orgId);
    if (!o) return null;
    conds.push(orgInSubtree(projects.orgId, o.regionId, o.path));
  }
  return and(...conds)!;
}

export async function listProjects(ctx: Pick<Ctx, 'db'>, p: Principal, q: ProjectListQ) {
  const { db } = ctx;
  const where = await listWhere(db, p, q);
  if (!where) return emptyPage<ReturnType<typeof toProject>>(q);
  return paginate(q,
    db.select({ x: projects, orgName: orgs.name }).from(projects)
      .innerJoin(orgs, and(eq(orgs.regionId, projects.regionId), eq(orgs.id, projects.orgId)))
      .where(where).orderBy(asc(projects.level), asc(orgs.path), asc(projects.title)),
    db.select({ n: countAll }).from(projects).where(where),
    (r) => toProject(r.x, r.orgName));
}

export async function projectsXlsx(ctx: Ctx, p: Principal, q: ProjectListQ): Promise<Buffer> {
  const all = await listProjects(ctx, p, { ...q, page: 1, pageSize: 5000 });
  return workbookBuffer([{
    name: '党建项目', boldHeader: true,
    header: [
      { title: '项目名称', width: 30 }, { title: '层级', width: 12 }, { title: '责任组织', width: 20 }, { title: '类别', width: 12 }, { title: '目标', width: 40 },
      { title: '开始', width: 12 }, { title: '结束', width: 12 }, { title: '参与人员', width: 24 }, { title: '状态', width: 10 }, { title: '进度%', width: 8 },
    ],
    rows: all.items.map((x) => [x.title, LEVEL_NAMES[x.level] ?? x.level, x.orgName, x.category, x.goals, x.startOn, x.endOn, x.people.join('、'), STATUS_NAMES[x.status] ?? x.status, x.progress]),
  }]);
}

/** Counts by level × community (the alliance's member org that contains the project's org). */
export async function projectSummary(ctx: Ctx, p: Principal, allianceId: string) {
  const { db } = ctx;
  const a = await findAlliance(db, p, allianceId, 'cluster.read');
  const communities = await db.select({ id: orgs.id, name: orgs.name, path: orgs.path }).from(allianceOrgs)
    .innerJoin(orgs, and(eq(orgs.regionId, allianceOrgs.regionId), eq(orgs.id, allianceOrgs.orgId)))
    .where(and(eq(allianceOrgs.regionId, a.regionId), eq(allianceOrgs.allianceId, a.id))).orderBy(asc(orgs.sort), asc(orgs.name));
  const rows = await db.select({ level: projects.level, status: projects.status, path: orgs.path }).from(projects)
    .innerJoin(orgs, and(eq(orgs.regionId, projects.regionId), eq(orgs.id, projects.orgId)))
    .where(and(eq(projects.regionId, a.regionId), eq(projects.allianceId, a.id)));
  const levels = ['secretary', 'branch', 'member'];
  const blank = () => ({ secretary: 0, branch: 0, member: 0, total: 0, done: 0 });
  const by = new Map(communities.map((c) => [c.id, blank()]));
  const other = blank();
  const total = blank();
  for (const r of rows) {
    const c = communities.find((x) => r.path.startsWith(x.path));
    const cell = c ? by.get(c.id)! : other;
    for (const b of [cell, total]) {
      if (levels.includes(r.level)) b[r.level as 'branch']++;
      b.total++;
      if (r.status === 'done') b.done++;
    }
  }
  return {
    total,
    byCommunity: [...communities.map((c) => ({ orgId: c.id as string | null, orgName: c.name, ...by.get(c.id)! })), ...(other.total ? [{ orgId: null, orgName: '—', ...other }] : [])],
  };
}
