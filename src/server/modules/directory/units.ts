import { and, asc, eq, ilike, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { UnitInput, UnitListQuery, UnitUpdate } from '../../../shared/directory.ts';
import type { DbOrTx } from '../../db/client.ts';
import { audit, type Actor } from '../../platform/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { conflict, fieldError, invalid, notFound } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { maskPhone } from '../../platform/mask.ts';
import { countAll, paginate } from '../../platform/pagination.ts';
import { assertCan, can, holdsIn, scopeWhere, type Principal } from '../../platform/scope.ts';
import { allianceUnits, orgs, units } from './schema.ts';
import { escapeLike } from '../../platform/like.ts';

type UnitRow = typeof units.$inferSelect;

async function unitTarget(db: DbOrTx, u: UnitRow) {
  let orgPath: string | null = null;
  if (u.orgId) {
    const [o] = await db.select({ path: orgs.path }).from(orgs).where(and(eq(orgs.regionId, u.regionId), eq(orgs.id, u.orgId)));
    orgPath = o?.path ?? null;
  }
  return { regionId: u.regionId, unitId: u.id, orgPath };
}

export function toUnit(u: UnitRow, p: Principal, target: { regionId: string; unitId: string; orgPath?: string | null }) {
  const pii = can(p, 'directory.write', target);
  return {
    id: u.id, regionId: u.regionId, kind: u.kind as 'enterprise', name: u.name, industry: u.industry, staffCount: u.staffCount,
    aboveScale: u.aboveScale, address: u.address, liaisonName: u.liaisonName,
    liaisonPhone: pii ? u.liaisonPhone : maskPhone(u.liaisonPhone), orgId: u.orgId,
  };
}

export async function findUnit(db: DbOrTx, p: Principal, id: string, perm: 'directory.read' | 'directory.write' = 'directory.read') {
  const [u] = await db.select().from(units).where(eq(units.id, id)).limit(1);
  const target = u ? await unitTarget(db, u) : null;
  assertCan(p, perm, target);
  return { u: u!, target: target! };
}

/** One unit the caller may read (404 as for a made-up id otherwise); the liaison's phone masked unless they may write it. */
export async function unitDetail(ctx: Ctx, p: Principal, id: string) {
  const { u, target } = await findUnit(ctx.db, p, id);
  return toUnit(u, p, target);
}

/** The conditions of the unit list: scope first, then the filters. */
export function unitConditions(p: Principal, q: Omit<z.infer<typeof UnitListQuery>, 'page' | 'pageSize'>) {
  const conds: SQL[] = [scopeWhere(p, 'directory.read', { regionId: units.regionId, unitId: units.id, orgId: units.orgId })];
  if (q.regionId) conds.push(eq(units.regionId, q.regionId));
  if (q.kind) conds.push(eq(units.kind, q.kind));
  if (q.aboveScale) conds.push(eq(units.aboveScale, q.aboveScale === 'true'));
  if (q.allianceId) {
    conds.push(sql`exists (select 1 from ${allianceUnits} au where au.region_id = ${units.regionId} and au.unit_id = ${units.id} and au.alliance_id = ${q.allianceId})`);
  }
  if (q.q) conds.push(ilike(units.name, `%${escapeLike(q.q)}%`));
  return and(...conds);
}

/** Units with the path of their org (what the liaison phone's masking decides on), in list order. */
export const unitRows = (db: DbOrTx) => db.select({ u: units, path: orgs.path }).from(units)
  .leftJoin(orgs, and(eq(orgs.regionId, units.regionId), eq(orgs.id, units.orgId))).$dynamic();

export async function listUnits(ctx: Ctx, p: Principal, q: z.infer<typeof UnitListQuery>) {
  const where = unitConditions(p, q);
  return paginate(q, unitRows(ctx.db).where(where).orderBy(asc(units.name)),
    ctx.db.select({ n: countAll }).from(units).where(where),
    (r) => toUnit(r.u, p, { regionId: r.u.regionId, unitId: r.u.id, orgPath: r.path }));
}

async function checkOrg(db: DbOrTx, p: Principal, regionId: string, orgId: string | null | undefined) {
  if (!orgId) return;
  const [o] = await db.select().from(orgs).where(and(eq(orgs.regionId, regionId), eq(orgs.id, orgId)));
  if (!o || !can(p, 'directory.read', { regionId, orgPath: o.path })) throw invalid([fieldError('orgId', 'org.not_found')]);
}

export async function createUnit(ctx: Ctx, actor: Actor, input: z.infer<typeof UnitInput>) {
  const p = actor.principal!;
  return ctx.db.transaction(async (tx) => {
    // units hang off the region: creating one needs write on the region (or on the unit's own org)
    let orgPath: string | null = null;
    if (input.orgId) {
      await checkOrg(tx, p, input.regionId, input.orgId);
      const [o] = await tx.select({ path: orgs.path }).from(orgs).where(and(eq(orgs.regionId, input.regionId), eq(orgs.id, input.orgId)));
      orgPath = o.path;
    }
    const target = { regionId: input.regionId, orgPath };
    // a unit of no org hangs off the region itself: only a whole-region grant covers it
    if (!can(p, 'directory.write', target) || (!orgPath && !holdsIn(p, 'directory.write', input.regionId, { regionWide: true }))) throw notFound();
    const [dupe] = await tx.select({ id: units.id }).from(units).where(and(eq(units.regionId, input.regionId), eq(units.name, input.name)));
    if (dupe) throw conflict('UNIT_DUPLICATE_NAME', {}, [fieldError('name', 'unit.duplicate_name')]);
    const [row] = await tx.insert(units).values({
      ...input, id: uuidv7(), aboveScale: input.aboveScale ?? false,
      industry: input.industry ?? null, staffCount: input.staffCount ?? null, address: input.address ?? null,
      liaisonName: input.liaisonName ?? null, liaisonPhone: input.liaisonPhone ?? null, orgId: input.orgId ?? null,
    }).returning();
    await audit(tx, actor, { regionId: row.regionId, action: 'unit.create', entityType: 'unit', entityId: row.id, after: row });
    return toUnit(row, p, { regionId: row.regionId, unitId: row.id, orgPath });
  });
}

export async function updateUnit(ctx: Ctx, actor: Actor, id: string, input: z.infer<typeof UnitUpdate>) {
  const p = actor.principal!;
  return ctx.db.transaction(async (tx) => {
    const { u: before } = await findUnit(tx, p, id, 'directory.write');
    await checkOrg(tx, p, before.regionId, input.orgId);
    if (input.name && input.name !== before.name) {
      const [dupe] = await tx.select({ id: units.id }).from(units).where(and(eq(units.regionId, before.regionId), eq(units.name, input.name)));
      if (dupe) throw conflict('UNIT_DUPLICATE_NAME', {}, [fieldError('name', 'unit.duplicate_name')]);
    }
    const [row] = await tx.update(units).set({ ...input, updatedAt: new Date(ctx.now()) })
      .where(and(eq(units.regionId, before.regionId), eq(units.id, id))).returning();
    await audit(tx, actor, { regionId: row.regionId, action: 'unit.update', entityType: 'unit', entityId: id, before, after: row });
    return toUnit(row, p, await unitTarget(tx, row));
  });
}
