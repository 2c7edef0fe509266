import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { LIMIT_KINDS, StageLimitsIn, StageLimitsQuery } from '../../../shared/chamber.ts';
import { audit, type Actor } from '../../platform/audit.ts';
import type { CaseFlow } from '../../platform/cases/engine.ts';
import { caseStageLimits } from '../../platform/cases/schema.ts';
import type { Ctx } from '../../platform/context.ts';
import { fieldError, invalid, notFound } from '../../platform/errors.ts';
import type { Permission } from '../../../shared/capabilities/index.ts';
import { holdsIn, type Principal } from '../../platform/scope.ts';
import { MEDIATION_FLOW } from './mediation.ts';
import { REQUEST_FLOW } from './services.ts';

type Kind = (typeof LIMIT_KINDS)[number];

/** Each flow with the permission whose region-wide holder (the region admin, the street) sets its limits. */
const FLOWS: Record<Kind, { flow: CaseFlow; perm: Permission }> = {
  mediation: { flow: MEDIATION_FLOW, perm: 'mediation.manage' },
  service_request: { flow: REQUEST_FLOW, perm: 'services.dispatch' },
};

const mayRead = (p: Principal, regionId: string) => Object.values(FLOWS).some((f) => holdsIn(p, f.perm, regionId));

/**
 * The region's limits per flow: for each stage that has a clock, the limit in force, the flow's default and whether
 * the region set its own. Readable by whoever works the flow in the region; `may.edit` only region-wide.
 */
export async function stageLimits(ctx: Ctx, p: Principal, q: z.infer<typeof StageLimitsQuery>) {
  if (!mayRead(p, q.regionId)) throw notFound();
  const rows = await ctx.db.select().from(caseStageLimits).where(eq(caseStageLimits.regionId, q.regionId));
  return (Object.keys(FLOWS) as Kind[]).filter((k) => holdsIn(p, FLOWS[k].perm, q.regionId)).map((kind) => {
    const { flow, perm } = FLOWS[kind];
    const stages = Object.entries(flow.limits).map(([stage, l]) => {
      const set = rows.find((r) => r.kind === flow.kind && r.stage === stage);
      return {
        stage, days: set?.days ?? l!.days, workingDays: set?.workingDays ?? !!l!.workingDays,
        defaultDays: l!.days, defaultWorkingDays: !!l!.workingDays, configured: !!set,
      };
    });
    return { kind, stages, may: { edit: holdsIn(p, perm, q.regionId, { regionWide: true }) } };
  });
}

/**
 * Sets a flow's limits for the region as a whole (a stage left out goes back to the flow's default); only stages
 * with a clock, each once. Applies to stages entered from now on: an open case keeps the due time it has.
 */
export async function setStageLimits(ctx: Ctx, actor: Actor, input: z.infer<typeof StageLimitsIn>) {
  const p = actor.principal!;
  const { flow, perm } = FLOWS[input.kind];
  if (!holdsIn(p, perm, input.regionId, { regionWide: true })) throw notFound();
  const clocked = Object.keys(flow.limits);
  const seen = new Set<string>();
  const problems = input.limits.flatMap((l, i) => {
    if (!clocked.includes(l.stage)) return [fieldError(`limits.${i}.stage`, 'limits.no_clock')];
    if (seen.has(l.stage)) return [fieldError(`limits.${i}.stage`, 'limits.twice')];
    seen.add(l.stage);
    return [];
  });
  if (problems.length) throw invalid(problems);
  await ctx.db.transaction(async (tx) => {
    const where = and(eq(caseStageLimits.regionId, input.regionId), eq(caseStageLimits.kind, flow.kind));
    const before = await tx.select().from(caseStageLimits).where(where);
    await tx.delete(caseStageLimits).where(where);
    const at = new Date(ctx.now());
    if (input.limits.length) {
      await tx.insert(caseStageLimits).values(input.limits.map((l) => ({ regionId: input.regionId, kind: flow.kind, stage: l.stage, days: l.days, workingDays: l.workingDays, updatedAt: at })));
    }
    await audit(tx, actor, {
      regionId: input.regionId, action: 'case_limits.edit', entityType: 'case_stage_limits', entityId: input.regionId,
      before: before.map((b) => ({ stage: b.stage, days: b.days, workingDays: b.workingDays })), after: { kind: input.kind, limits: input.limits },
    });
  });
  return (await stageLimits(ctx, p, { regionId: input.regionId })).find((x) => x.kind === input.kind)!;
}
