import { sql, type SQL } from 'drizzle-orm';
import type { Permission } from '../../../shared/roles.ts';
import { PERMISSIONS } from '../../../shared/roles.ts';
import type { DbOrTx } from '../../db/client.ts';
import { notFound } from '../errors.ts';
import { can, holdsIn, pathUnder, type Principal, type ResolvedGrant } from '../scope.ts';

export type LevelKind = 'region' | 'org' | 'alliance' | 'unit';

/** A level of the big screen: the region, an org subtree (with its path), an alliance or a unit. */
export interface KioskLevel { regionId: string; kind: LevelKind; id: string; name: string; path: string | null }

export async function rowsOf<T>(db: DbOrTx, q: SQL): Promise<T[]> {
  const res = await db.execute(q);
  return (res as unknown as { rows: T[] }).rows;
}

/** The level named by a query, or 404 (a made-up id and another region's id answer alike). */
export async function findLevel(db: DbOrTx, q: { regionId: string; scopeKind: LevelKind; scopeId?: string }): Promise<KioskLevel> {
  const id = q.scopeKind === 'region' ? q.regionId : q.scopeId;
  if (!id) throw notFound();
  const r = q.regionId;
  const query = {
    region: sql`select name, null::text as path from regions where id = ${r}`,
    org: sql`select name, path from orgs where region_id = ${r} and id = ${id}`,
    alliance: sql`select name, null::text as path from alliances where region_id = ${r} and id = ${id}`,
    unit: sql`select name, null::text as path from units where region_id = ${r} and id = ${id}`,
  }[q.scopeKind];
  const [row] = await rowsOf<{ name: string; path: string | null }>(db, query);
  if (!row) throw notFound();
  return { regionId: r, kind: q.scopeKind, id, name: row.name, path: row.path };
}

/** May the principal do `perm` on the whole level (region-wide for the region, the subtree for an org…)? */
export function canOnLevel(p: Principal, perm: Permission, l: KioskLevel): boolean {
  switch (l.kind) {
    case 'region': return holdsIn(p, perm, l.regionId, { regionWide: true });
    case 'org': return can(p, perm, { regionId: l.regionId, orgPath: l.path });
    case 'alliance': return can(p, perm, { regionId: l.regionId, allianceId: l.id });
    case 'unit': return can(p, perm, { regionId: l.regionId, unitId: l.id });
  }
}

/** The permissions the principal holds on the level: what a kiosk link made by them may read. */
export const permissionsOnLevel = (p: Principal, l: KioskLevel): Permission[] => PERMISSIONS.filter((perm) => canOnLevel(p, perm, l));

/** The principal a kiosk link reads as: one grant on its level with the permissions its creator held there. */
export function kioskPrincipal(linkId: string, l: KioskLevel, permissions: readonly string[]): Principal {
  const known = new Set<string>(PERMISSIONS);
  const grant: ResolvedGrant = {
    id: linkId, role: 'region_admin', scopeKind: l.kind, scopeId: l.id, scopeName: l.name, regionId: l.regionId, regionName: null,
    permissions: new Set(permissions.filter((x): x is Permission => known.has(x))),
    regionWide: l.kind === 'region', orgPaths: l.kind === 'org' && l.path ? [l.path] : [],
    unitIds: l.kind === 'unit' ? [l.id] : [], allianceIds: l.kind === 'alliance' ? [l.id] : [],
  };
  return { id: `kiosk:${linkId}`, username: 'kiosk', displayName: 'kiosk', isPlatformAdmin: false, memberId: null, memberRegionId: null, locale: null, grants: [grant] };
}

/** SQL: the org id column lies in the level (the region; the org's subtree; an alliance's or a unit's org subtrees). */
export function orgInLevel(orgId: SQL, l: KioskLevel): SQL {
  switch (l.kind) {
    case 'region': return sql`true`;
    case 'org': return sql`${orgId} in (select so.id from orgs so where so.region_id = ${l.regionId} and ${pathUnder(sql`so.path`, l.path ?? '/')})`;
    case 'alliance': return sql`${orgId} in (select so.id from alliance_orgs ao
        join orgs ro on ro.region_id = ao.region_id and ro.id = ao.org_id
        join orgs so on so.region_id = ro.region_id and ${pathUnder(sql`so.path`, sql`ro.path`)}
       where ao.region_id = ${l.regionId} and ao.alliance_id = ${l.id})`;
    case 'unit': return sql`${orgId} in (select so.id from orgs ro
        join orgs so on so.region_id = ro.region_id and ${pathUnder(sql`so.path`, sql`ro.path`)}
       where ro.region_id = ${l.regionId} and ro.unit_id = ${l.id})`;
  }
}
