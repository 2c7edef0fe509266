import { sendXlsx } from '../../platform/xlsx.ts';
import { z } from 'zod';
import { pageOf } from '../../../shared/api.ts';
import { Project, ProjectCreate, ProjectDetail, ProjectListQuery, ProjectReportCreate, ProjectUpdate } from '../../../shared/cluster.ts';
import { isoDate } from '../../../shared/dates.ts';
import { actorOf, principalOf, typed, type App, type Ctx } from '../../platform/context.ts';
import { addMilestone, addReport, createProject, listProjects, projectsXlsx, projectSummary, projectView, updateProject } from './projects.ts';

const IdParams = z.object({ id: z.uuid() });
const Counts = z.object({ secretary: z.number().int(), branch: z.number().int(), member: z.number().int(), total: z.number().int(), done: z.number().int() });

export async function projectRoutes(app: App, ctx: Ctx): Promise<void> {
  const r = typed(app);
  const tags = ['cluster'];

  r.get('/api/v1/projects', {
    schema: { tags, summary: 'Projects in my scope, filtered by level, organisation (subtree), alliance, status, title', querystring: ProjectListQuery, response: { 200: pageOf(Project) } },
  }, async (req) => listProjects(ctx, principalOf(req), req.query));

  r.get('/api/v1/projects/export.xlsx', {
    schema: { tags, summary: 'The filtered project list as xlsx', querystring: ProjectListQuery },
  }, async (req, reply) => sendXlsx(reply, await projectsXlsx(ctx, principalOf(req), req.query), 'projects.xlsx'));

  r.get('/api/v1/projects/summary', {
    schema: {
      tags, summary: 'An alliance\'s projects by level and community', querystring: z.strictObject({ allianceId: z.uuid() }),
      response: { 200: z.object({ total: Counts, byCommunity: z.array(Counts.extend({ orgId: z.string().nullable(), orgName: z.string() })) }) },
    },
  }, async (req) => projectSummary(ctx, principalOf(req), req.query.allianceId));

  r.get('/api/v1/projects/:id', {
    schema: { tags, summary: 'A project with milestones and progress reports', params: IdParams, response: { 200: ProjectDetail } },
  }, async (req) => projectView(ctx, principalOf(req), req.params.id));

  r.post('/api/v1/projects', {
    schema: { tags, summary: 'Create a project', body: ProjectCreate, response: { 201: ProjectDetail } },
  }, async (req, reply) => reply.status(201).send(await createProject(ctx, actorOf(req), req.body)));

  r.patch('/api/v1/projects/:id', {
    schema: { tags, summary: 'Update a project', params: IdParams, body: ProjectUpdate, response: { 200: ProjectDetail } },
  }, async (req) => updateProject(ctx, actorOf(req), req.params.id, req.body));

  r.post('/api/v1/projects/:id/milestones', {
    schema: { tags, summary: 'Add a milestone', params: IdParams, body: z.strictObject({ title: z.string().trim().min(1).max(100), dueOn: isoDate }), response: { 201: ProjectDetail } },
  }, async (req, reply) => reply.status(201).send(await addMilestone(ctx, actorOf(req), req.params.id, req.body)));

  r.post('/api/v1/projects/:id/reports', {
    schema: { tags, summary: 'Report progress (photos are attached to the report afterwards)', params: IdParams, body: ProjectReportCreate, response: { 201: z.object({ id: z.string(), projectId: z.string() }) } },
  }, async (req, reply) => reply.status(201).send(await addReport(ctx, actorOf(req), req.params.id, req.body)));
}
