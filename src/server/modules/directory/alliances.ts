import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { AllianceInput, AllianceListQuery, AllianceMembersBody, AllianceUpdate } from '../../../shared/directory.ts';
import type { DbOrTx } from '../../db/client.ts';
import { audit, type Actor } from '../../platform/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { conflict, fieldError, invalid } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { countAll, paginate } from '../../platform/pagination.ts';
import { grants, users } from '../../platform/schema.ts';
import { assertCan, assertHoldsIn, can, scopeWhere, type Principal } from '../../platform/scope.ts';
import { sessionsChanged, transaction } from '../../platform/transaction.ts';
import { grantRole } from '../../platform/users.ts';
import { findOrg } from './orgs.ts';
import { allianceOrgs, alliances, allianceUnits, orgs, units } from './schema.ts';
import { findUnit } from './units.ts';

type AllianceRow = typeof alliances.$inferSelect;

const target = (a: AllianceRow) => ({ regionId: a.regionId, allianceId: a.id });

/** An alliance is visible to its coordinators and to whoever can read its lead org (region admins). */
async function allianceTarget(db: DbOrTx, a: AllianceRow) {
  let orgPath: string | null = null;
  if (a.leadOrgId) {
    const [o] = await db.select({ path: orgs.path }).from(orgs).where(and(eq(orgs.regionId, a.regionId), eq(orgs.id, a.leadOrgId)));
    orgPath = o?.path ?? null;
  }
  return { ...target(a), orgPath };
}

/**
 * Reading an alliance: its coordinators, whoever can read its lead org, and whoever can read one of its
 * member orgs (a member org's secretary sees the alliance it belongs to) or units (a member unit's liaison
 * sees the alliances its unit belongs to). Writing: coordinators' and lead org's writers only.
 */
export async function findAlliance(db: DbOrTx, p: Principal, id: string, perm: 'directory.read' | 'directory.write' = 'directory.read') {
  const [a] = await db.select().from(alliances).where(eq(alliances.id, id)).limit(1);
  const t = a ? await allianceTarget(db, a) : null;
  if (a && t && !can(p, perm, t) && perm === 'directory.read') {
    const memberPaths = await db.select({ path: orgs.path }).from(allianceOrgs)
      .innerJoin(orgs, and(eq(orgs.regionId, allianceOrgs.regionId), eq(orgs.id, allianceOrgs.orgId)))
      .where(and(eq(allianceOrgs.regionId, a.regionId), eq(allianceOrgs.allianceId, a.id)));
    if (memberPaths.some((m) => can(p, perm, { regionId: a.regionId, orgPath: m.path }))) return a;
    const memberUnits = await db.select({ unitId: allianceUnits.unitId }).from(allianceUnits)
      .where(and(eq(allianceUnits.regionId, a.regionId), eq(allianceUnits.allianceId, a.id)));
    if (memberUnits.some((m) => can(p, perm, { regionId: a.regionId, unitId: m.unitId }))) return a;
  }
  assertCan(p, perm, t);
  return a!;
}

const counts = sql<number>`(select count(*)::int from alliance_orgs x where x.region_id = ${alliances.regionId} and x.alliance_id = ${alliances.id})`;
const unitCounts = sql<number>`(select count(*)::int from alliance_units x where x.region_id = ${alliances.regionId} and x.alliance_id = ${alliances.id})`;

export async function listAlliances(ctx: Ctx, p: Principal, q: z.infer<typeof AllianceListQuery>) {
  const db = ctx.db;
  const leadPath = sql`(select o.path from orgs o where o.region_id = ${alliances.regionId} and o.id = ${alliances.leadOrgId})`;
  const memberOrgVisible = sql`exists (select 1 from alliance_orgs ao join orgs mo on mo.region_id = ao.region_id and mo.id = ao.org_id
    where ao.region_id = ${alliances.regionId} and ao.alliance_id = ${alliances.id}
      and ${scopeWhere(p, 'directory.read', { regionId: sql`mo.region_id`, orgPath: sql`mo.path` })})`;
  const memberUnitVisible = sql`exists (select 1 from alliance_units au
    where au.region_id = ${alliances.regionId} and au.alliance_id = ${alliances.id}
      and ${scopeWhere(p, 'directory.read', { regionId: sql`au.region_id`, unitId: sql`au.unit_id` })})`;
  const conds: SQL[] = [sql`(${scopeWhere(p, 'directory.read', { regionId: alliances.regionId, allianceId: alliances.id, orgPath: leadPath })} or ${memberOrgVisible} or ${memberUnitVisible})`];
  if (q.regionId) conds.push(eq(alliances.regionId, q.regionId));
  if (q.kind) conds.push(eq(alliances.kind, q.kind));
  const where = and(...conds);
  return paginate(q,
    db.select({ a: alliances, leadOrgName: orgs.name, orgCount: counts, unitCount: unitCounts }).from(alliances)
      .leftJoin(orgs, and(eq(orgs.regionId, alliances.regionId), eq(orgs.id, alliances.leadOrgId)))
      .where(where).orderBy(asc(alliances.kind), asc(alliances.name)),
    db.select({ n: countAll }).from(alliances).where(where),
    (r) => toAlliance(r.a, r.leadOrgName, r.orgCount, r.unitCount));
}

const allianceRef = { id: alliances.id, name: alliances.name, kind: alliances.kind };
const toRef = (x: { id: string; name: string; kind: string }) => ({ ...x, kind: x.kind as 'cluster' });

/** The alliances an org the caller may read belongs to. */
export async function alliancesOfOrg(ctx: Ctx, p: Principal, orgId: string) {
  const o = await findOrg(ctx.db, p, orgId);
  const rows = await ctx.db.select(allianceRef).from(allianceOrgs)
    .innerJoin(alliances, and(eq(alliances.regionId, allianceOrgs.regionId), eq(alliances.id, allianceOrgs.allianceId)))
    .where(and(eq(allianceOrgs.regionId, o.regionId), eq(allianceOrgs.orgId, o.id)));
  return rows.map(toRef);
}

/** The alliances a unit the caller may read belongs to. */
export async function alliancesOfUnit(ctx: Ctx, p: Principal, unitId: string) {
  const { u } = await findUnit(ctx.db, p, unitId);
  const rows = await ctx.db.select(allianceRef).from(allianceUnits)
    .innerJoin(alliances, and(eq(alliances.regionId, allianceUnits.regionId), eq(alliances.id, allianceUnits.allianceId)))
    .where(and(eq(allianceUnits.regionId, u.regionId), eq(allianceUnits.unitId, u.id)));
  return rows.map(toRef);
}

function toAlliance(a: AllianceRow, leadOrgName: string | null, orgCount: number, unitCount: number) {
  return {
    id: a.id, regionId: a.regionId, kind: a.kind as 'cluster', name: a.name, leadOrgId: a.leadOrgId, leadOrgName,
    description: a.description, foundedOn: a.foundedOn, orgCount: Number(orgCount), unitCount: Number(unitCount),
  };
}

export async function allianceDetail(db: DbOrTx, p: Principal, id: string) {
  const a = await findAlliance(db, p, id);
  const [lead] = a.leadOrgId ? await db.select({ name: orgs.name }).from(orgs).where(and(eq(orgs.regionId, a.regionId), eq(orgs.id, a.leadOrgId))) : [];
  const memberOrgs = await db.select({ id: orgs.id, name: orgs.name, kind: orgs.kind }).from(allianceOrgs)
    .innerJoin(orgs, and(eq(orgs.regionId, allianceOrgs.regionId), eq(orgs.id, allianceOrgs.orgId)))
    .where(and(eq(allianceOrgs.regionId, a.regionId), eq(allianceOrgs.allianceId, id))).orderBy(asc(orgs.name));
  const memberUnits = await db.select({ id: units.id, name: units.name, kind: units.kind }).from(allianceUnits)
    .innerJoin(units, and(eq(units.regionId, allianceUnits.regionId), eq(units.id, allianceUnits.unitId)))
    .where(and(eq(allianceUnits.regionId, a.regionId), eq(allianceUnits.allianceId, id))).orderBy(asc(units.name));
  const coordinators = await db.select({ userId: users.id, username: users.username, displayName: users.displayName }).from(grants)
    .innerJoin(users, eq(users.id, grants.userId))
    .where(and(eq(grants.regionId, a.regionId), eq(grants.scopeKind, 'alliance'), eq(grants.scopeId, id), eq(grants.role, 'alliance_coordinator')))
    .orderBy(asc(users.username));
  return {
    ...toAlliance(a, lead?.name ?? null, memberOrgs.length, memberUnits.length),
    orgs: memberOrgs.map((o) => ({ ...o, kind: o.kind as 'branch' })),
    units: memberUnits.map((u) => ({ ...u, kind: u.kind as 'enterprise' })),
    coordinators,
  };
}

export async function createAlliance(ctx: Ctx, actor: Actor, input: z.infer<typeof AllianceInput>) {
  const p = actor.principal!;
  // an alliance spans the region's orgs: only a whole-region grant creates one
  assertHoldsIn(p, 'directory.write', input.regionId, { regionWide: true });
  return ctx.db.transaction(async (tx) => {
    if (input.leadOrgId) {
      const [o] = await tx.select({ id: orgs.id }).from(orgs).where(and(eq(orgs.regionId, input.regionId), eq(orgs.id, input.leadOrgId)));
      if (!o) throw invalid([fieldError('leadOrgId', 'org.not_found')]);
    }
    const [dupe] = await tx.select({ id: alliances.id }).from(alliances).where(and(eq(alliances.regionId, input.regionId), eq(alliances.name, input.name)));
    if (dupe) throw conflict('ALLIANCE_DUPLICATE_NAME', {}, [fieldError('name', 'alliance.duplicate_name')]);
    const [row] = await tx.insert(alliances).values({
      ...input, id: uuidv7(), leadOrgId: input.leadOrgId ?? null, description: input.description ?? null, foundedOn: input.foundedOn ?? null,
    }).returning();
    await audit(tx, actor, { regionId: row.regionId, action: 'alliance.create', entityType: 'alliance', entityId: row.id, after: row });
    return allianceDetail(tx, p, row.id);
  });
}

export async function updateAlliance(ctx: Ctx, actor: Actor, id: string, input: z.infer<typeof AllianceUpdate>) {
  const p = actor.principal!;
  return ctx.db.transaction(async (tx) => {
    const before = await findAlliance(tx, p, id, 'directory.write');
    if (input.leadOrgId) {
      const [o] = await tx.select({ id: orgs.id }).from(orgs).where(and(eq(orgs.regionId, before.regionId), eq(orgs.id, input.leadOrgId)));
      if (!o) throw invalid([fieldError('leadOrgId', 'org.not_found')]);
    }
    if (input.name && input.name !== before.name) {
      const [dupe] = await tx.select({ id: alliances.id }).from(alliances).where(and(eq(alliances.regionId, before.regionId), eq(alliances.name, input.name)));
      if (dupe) throw conflict('ALLIANCE_DUPLICATE_NAME', {}, [fieldError('name', 'alliance.duplicate_name')]);
    }
    const [row] = await tx.update(alliances).set({ ...input, updatedAt: new Date(ctx.now()) })
      .where(and(eq(alliances.regionId, before.regionId), eq(alliances.id, id))).returning();
    await audit(tx, actor, { regionId: row.regionId, action: 'alliance.update', entityType: 'alliance', entityId: id, before, after: row });
    return allianceDetail(tx, p, id);
  });
}

/** Adds (or with `remove`, removes) member orgs and units; all must be in the alliance's region and the caller's scope. */
export async function changeAllianceMembers(ctx: Ctx, actor: Actor, id: string, body: z.infer<typeof AllianceMembersBody>, remove: boolean) {
  const p = actor.principal!;
  return transaction(ctx.db, async (tx) => {
    const a = await findAlliance(tx, p, id, 'directory.write');
    const orgIds = [...new Set(body.orgIds ?? [])];
    const unitIds = [...new Set(body.unitIds ?? [])];
    if (orgIds.length) {
      const found = await tx.select().from(orgs).where(and(eq(orgs.regionId, a.regionId), inArray(orgs.id, orgIds)));
      const ok = new Set(found.filter((o) => can(p, 'directory.read', { regionId: o.regionId, orgPath: o.path })).map((o) => o.id));
      const bad = orgIds.map((x, i) => (ok.has(x) ? null : fieldError(`orgIds.${i}`, 'org.not_found'))).filter(Boolean);
      if (bad.length) throw invalid(bad as never);
      if (remove) await tx.delete(allianceOrgs).where(and(eq(allianceOrgs.regionId, a.regionId), eq(allianceOrgs.allianceId, id), inArray(allianceOrgs.orgId, orgIds)));
      else await tx.insert(allianceOrgs).values(orgIds.map((orgId) => ({ regionId: a.regionId, allianceId: id, orgId }))).onConflictDoNothing();
    }
    if (unitIds.length) {
      const found = await tx.select({ id: units.id }).from(units).where(and(eq(units.regionId, a.regionId), inArray(units.id, unitIds)));
      const ok = new Set(found.map((u) => u.id));
      const bad = unitIds.map((x, i) => (ok.has(x) ? null : fieldError(`unitIds.${i}`, 'unit.not_found'))).filter(Boolean);
      if (bad.length) throw invalid(bad as never);
      if (remove) await tx.delete(allianceUnits).where(and(eq(allianceUnits.regionId, a.regionId), eq(allianceUnits.allianceId, id), inArray(allianceUnits.unitId, unitIds)));
      else await tx.insert(allianceUnits).values(unitIds.map((unitId) => ({ regionId: a.regionId, allianceId: id, unitId }))).onConflictDoNothing();
    }
    sessionsChanged(tx); // coordinators' grants cover the alliance's member orgs and units
    await audit(tx, actor, { regionId: a.regionId, action: remove ? 'alliance.remove_members' : 'alliance.add_members', entityType: 'alliance', entityId: id, after: { orgIds, unitIds } });
    return allianceDetail(tx, p, id);
  });
}

export async function addCoordinator(ctx: Ctx, actor: Actor, id: string, username: string) {
  const p = actor.principal!;
  return transaction(ctx.db, async (tx) => {
    const a = await findAlliance(tx, p, id, 'directory.write');
    const [u] = await tx.select({ id: users.id }).from(users).where(sql`lower(${users.username}) = ${username.toLowerCase()}`);
    if (!u) throw invalid([fieldError('username', 'user.not_found')]);
    await grantRole(tx, actor, { userId: u.id, role: 'alliance_coordinator', scopeKind: 'alliance', scopeId: id, regionId: a.regionId });
    return { ok: true as const };
  });
}
