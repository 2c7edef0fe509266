import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { DEFAULT_WORKFLOWS, WORKFLOW_CODES, Workflow, WorkflowPut, WorkflowQuery, type WorkflowCode } from '../../../shared/chamber-workflow.ts';
import type { DbOrTx } from '../../db/client.ts';
import { audit, type Actor } from '../../platform/audit.ts';
import { actorOf, principalOf, typed, type App, type Ctx } from '../../platform/context.ts';
import { fieldError, invalid, notFound } from '../../platform/errors.ts';
import { holdsIn, type Principal } from '../../platform/scope.ts';
import { workflowProcedures } from './growth-schema.ts';

/*
 * Workflow charts (党务工作流程图): a region's procedures, read by anyone holding a grant in the region, edited by its
 * admin (workflow.manage region-wide). A region without its rows reads the defaults.
 */

type Row = typeof workflowProcedures.$inferSelect;
type Stages = z.infer<typeof WorkflowPut>['stages'];

function out(regionId: string, code: WorkflowCode, r: Pick<Row, 'name' | 'description' | 'stages'> & Partial<Row>, mayEdit: boolean) {
  const stages = r.stages as Stages;
  return {
    code, regionId, name: r.name, description: r.description, stages, steps: stages.reduce((n, st) => n + st.steps.length, 0),
    updatedAt: r.updatedAt ? r.updatedAt.toISOString() : null, updatedBy: r.updatedBy ?? null, mayEdit,
  };
}

function readable(p: Principal, regionId: string) {
  if (!holdsIn(p, null, regionId)) throw notFound();
}

async function rowsOf(db: DbOrTx, regionId: string) {
  return db.select().from(workflowProcedures).where(eq(workflowProcedures.regionId, regionId)).orderBy(asc(workflowProcedures.sort));
}

export async function listWorkflows(ctx: Ctx, p: Principal, regionId: string) {
  readable(p, regionId);
  const mayEdit = holdsIn(p, 'workflow.manage', regionId, { regionWide: true });
  const rows = new Map((await rowsOf(ctx.db, regionId)).map((r) => [r.code, r]));
  return { items: DEFAULT_WORKFLOWS.map((d) => out(regionId, d.code, rows.get(d.code) ?? d, mayEdit)) };
}

export async function putWorkflow(ctx: Ctx, actor: Actor, code: WorkflowCode, input: z.infer<typeof WorkflowPut>) {
  const p = actor.principal!;
  readable(p, input.regionId);
  if (!holdsIn(p, 'workflow.manage', input.regionId, { regionWide: true })) throw notFound();
  const errs = input.stages.flatMap((st, i) => [
    ...(st.steps.length ? [] : [fieldError(`stages.${i}.steps`, 'workflow.stage_empty')]),
    ...st.steps.flatMap((x, j) => (x.path && !/^\/[\w\-/?=&.]*$/.test(x.path) ? [fieldError(`stages.${i}.steps.${j}.path`, 'workflow.path')] : [])),
  ]);
  if (errs.length) throw invalid(errs);
  return ctx.db.transaction(async (tx) => {
    const def = DEFAULT_WORKFLOWS.find((d) => d.code === code)!;
    const [old] = await tx.select().from(workflowProcedures).where(and(eq(workflowProcedures.regionId, input.regionId), eq(workflowProcedures.code, code)));
    const before = out(input.regionId, code, old ?? def, true);
    const values = { name: input.name, description: input.description, stages: input.stages, updatedAt: new Date(ctx.now()), updatedBy: p.displayName ?? null };
    await tx.insert(workflowProcedures).values({ regionId: input.regionId, code, sort: WORKFLOW_CODES.indexOf(code), ...values })
      .onConflictDoUpdate({ target: [workflowProcedures.regionId, workflowProcedures.code], set: values });
    const after = out(input.regionId, code, { ...values, description: input.description }, true);
    await audit(tx, actor, { regionId: input.regionId, action: 'workflow.edit', entityType: 'workflow_procedure', entityId: code, before, after });
    return after;
  });
}

/** The defaults as a region's rows (the seed, for every region). */
export async function seedWorkflows(db: DbOrTx, regionId: string, now: number) {
  await db.insert(workflowProcedures).values(DEFAULT_WORKFLOWS.map((d, i) => ({ regionId, code: d.code, name: d.name, description: d.description, stages: d.stages, sort: i, updatedAt: new Date(now) })))
    .onConflictDoNothing();
}

export async function workflowRoutes(app: App, ctx: Ctx): Promise<void> {
  const r = typed(app);
  const tags = ['chamber'];
  r.get('/api/v1/workflows', {
    schema: { tags, summary: '党务工作流程图: the region\'s procedures as stages of steps, each linked to its page', querystring: WorkflowQuery, response: { 200: z.object({ items: z.array(Workflow) }) } },
  }, async (req) => listWorkflows(ctx, principalOf(req), req.query.regionId));
  r.put('/api/v1/workflows/:code', {
    schema: { tags, summary: 'Set a procedure\'s text and steps for the region (its admin)', params: z.object({ code: z.enum(WORKFLOW_CODES) }), body: WorkflowPut, response: { 200: Workflow } },
  }, async (req) => putWorkflow(ctx, actorOf(req), req.params.code, req.body));
}
