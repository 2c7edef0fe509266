import { and, eq, gte, isNull, lte, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { RatingBody, ResultCreate } from '../../../shared/cobuild.ts';
import { audit, type Actor } from '../../platform/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError, conflict, fieldError, invalid, notFound } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { can } from '../../platform/scope.ts';
import { dispatchTarget, findNeed, officeTarget, orgPathOf, partyTarget } from './access.ts';
import { needDetail } from './needs.ts';
import { needClaims, needDispatches, needResults, needs } from './schema.ts';

/**
 * The result of one claimed slot (a placement: the person, the start date, the employer), recorded by the
 * recipient that claimed it or by the office. A slot nobody claimed has no result: 422 SLOT_NOT_CLAIMED.
 */
export async function recordResult(ctx: Ctx, actor: Actor, needId: string, input: z.infer<typeof ResultCreate>) {
  const p = actor.principal!;
  return ctx.db.transaction(async (tx) => {
    const a = await findNeed(tx, p, needId);
    const n = a.n;
    const [c] = await tx.select({ c: needClaims, d: needDispatches }).from(needClaims)
      .innerJoin(needDispatches, and(eq(needDispatches.regionId, needClaims.regionId), eq(needDispatches.id, needClaims.dispatchId)))
      .where(and(eq(needClaims.regionId, n.regionId), eq(needClaims.needId, n.id), lte(needClaims.slotFrom, input.slotNo), gte(needClaims.slotTo, input.slotNo),
        isNull(needClaims.withdrawnAt)))
      // held until the commit: a withdrawal of the claim (which locks it for update) waits, then finds the result
      .for('share', { of: needClaims });
    const office = can(p, 'cobuild.write', officeTarget(n));
    if (c && !office && !can(p, 'cobuild.claim', dispatchTarget(c.d, await orgPathOf(tx, c.d.regionId, c.d.orgId)))) throw notFound();
    if (!c) {
      if (!office && !a.myDispatchIds.length) throw notFound();
      throw invalid([fieldError('slotNo', 'need.slot_not_claimed', { slot: input.slotNo })], 'SLOT_NOT_CLAIMED');
    }
    if (n.status !== 'published') throw conflict('NEED_SETTLED');
    const [dupe] = await tx.select({ id: needResults.id }).from(needResults)
      .where(and(eq(needResults.regionId, n.regionId), eq(needResults.needId, n.id), eq(needResults.slotNo, input.slotNo)));
    if (dupe) throw conflict('RESULT_EXISTS', { slot: input.slotNo });
    const now = new Date(ctx.now());
    const [r] = await tx.insert(needResults).values({
      regionId: n.regionId, id: uuidv7(), needId: n.id, claimId: c.c.id, slotNo: input.slotNo, personName: input.personName, startOn: input.startOn,
      employer: input.employer ?? null, note: input.note ?? null, recordedBy: p.id, recordedByName: p.displayName, createdAt: now,
    }).returning();
    await tx.update(needs).set({ filled: sql`${needs.filled} + 1`, updatedAt: now }).where(and(eq(needs.regionId, n.regionId), eq(needs.id, n.id)));
    await audit(tx, actor, { regionId: n.regionId, action: 'need.result', entityType: 'need_result', entityId: r.id, after: r });
    return needDetail(tx, p, n.id);
  });
}

/** The beneficiary (or, for a need the office raised, the office) confirms the results: the need is settled (办结). */
export async function confirmNeed(ctx: Ctx, actor: Actor, needId: string) {
  const p = actor.principal!;
  return ctx.db.transaction(async (tx) => {
    const a = await findNeed(tx, p, needId);
    const n = a.n;
    const mayConfirm = can(p, 'cobuild.rate', partyTarget(n, a.partyPath)) || (n.raisedAs === 'office' && can(p, 'cobuild.write', officeTarget(n)));
    if (!mayConfirm) throw new AppError(403, 'NOT_BENEFICIARY');
    if (n.status !== 'published') throw conflict('NEED_NOT_PUBLISHED');
    if (n.filled < 1) throw conflict('NEED_NO_RESULTS');
    const now = new Date(ctx.now());
    const [row] = await tx.update(needs).set({ status: 'confirmed', confirmedAt: now, updatedAt: now })
      .where(and(eq(needs.regionId, n.regionId), eq(needs.id, n.id))).returning();
    await audit(tx, actor, { regionId: n.regionId, action: 'need.confirm', entityType: 'need', entityId: n.id, before: n, after: row });
    return needDetail(tx, p, n.id);
  });
}

/** The beneficiary rates the settled need 1–5 (once); the office that organised it never rates itself. */
export async function rateNeed(ctx: Ctx, actor: Actor, needId: string, input: z.infer<typeof RatingBody>) {
  const p = actor.principal!;
  return ctx.db.transaction(async (tx) => {
    const a = await findNeed(tx, p, needId);
    const n = a.n;
    if (!can(p, 'cobuild.rate', partyTarget(n, a.partyPath))) throw new AppError(403, 'NOT_BENEFICIARY');
    if (n.status === 'rated') throw conflict('NEED_RATED');
    if (n.status !== 'confirmed') throw conflict('NEED_NOT_CONFIRMED');
    const now = new Date(ctx.now());
    const [row] = await tx.update(needs).set({ status: 'rated', rating: input.score, ratingComment: input.comment ?? null, ratedBy: p.id, ratedAt: now, updatedAt: now })
      .where(and(eq(needs.regionId, n.regionId), eq(needs.id, n.id))).returning();
    await audit(tx, actor, { regionId: n.regionId, action: 'need.rate', entityType: 'need', entityId: n.id, before: n, after: row });
    return needDetail(tx, p, n.id);
  });
}
