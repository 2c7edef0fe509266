import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Permission } from '../../../shared/roles.ts';
import type { DbOrTx } from '../../db/client.ts';
import './messages.ts';
import { assertCan, scopeWhere, type Principal, type ScopeColumns } from '../../platform/scope.ts';
import { alliances, orgs } from '../directory/schema.ts';

/** Scope condition for a list readable under any of several permissions. */
export function scopeAny(p: Principal, perms: Permission[], cols: ScopeColumns): SQL {
  return sql`(${sql.join(perms.map((perm) => scopeWhere(p, perm, cols)), sql` or `)})`;
}

/** An alliance by id, unscoped (the caller decides what it may do with it); null when there is none. */
export async function allianceById(db: DbOrTx, id: string) {
  const [a] = await db.select().from(alliances).where(eq(alliances.id, id)).limit(1);
  return a ?? null;
}

/** An org by id (in one region, or any), unscoped; null when there is none. */
export async function orgById(db: DbOrTx, id: string, regionId?: string) {
  const [o] = await db.select().from(orgs)
    .where(regionId ? and(eq(orgs.regionId, regionId), eq(orgs.id, id)) : eq(orgs.id, id)).limit(1);
  return o ?? null;
}

/** The org when the caller holds `perm` on its subtree; 404 otherwise (a made-up id answers the same). */
export async function findOrg(db: DbOrTx, p: Principal | null, id: string, perm: Permission) {
  const o = await orgById(db, id);
  assertCan(p, perm, o ? { regionId: o.regionId, orgPath: o.path } : null);
  return o!;
}

/** The alliance when the caller holds `perm` on it; 404 otherwise. */
export async function findAlliance(db: DbOrTx, p: Principal | null, id: string, perm: Permission) {
  const a = await allianceById(db, id);
  assertCan(p, perm, a ? { regionId: a.regionId, allianceId: a.id } : null);
  return a!;
}

export async function orgMap(db: DbOrTx, regionId: string, ids: string[]) {
  const uniq = [...new Set(ids.filter(Boolean))];
  if (!uniq.length) return new Map<string, { name: string; path: string }>();
  const rows = await db.select({ id: orgs.id, name: orgs.name, path: orgs.path }).from(orgs)
    .where(and(eq(orgs.regionId, regionId), inArray(orgs.id, uniq)));
  return new Map(rows.map((r) => [r.id, { name: r.name, path: r.path }]));
}

export const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
