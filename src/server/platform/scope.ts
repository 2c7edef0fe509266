import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Permission, Role, ScopeKind } from '../../shared/roles.ts';
import { ROLE_PERMISSIONS } from '../../shared/roles.ts';
import type { Database } from '../db/client.ts';
import { notFound } from './errors.ts';
import { escapeLike } from './like.ts';

/** A grant with what it covers worked out: the region, org subtrees (by path), units and records. */
export interface ResolvedGrant {
  id: string;
  role: Role;
  scopeKind: ScopeKind;
  scopeId: string;
  scopeName: string | null;
  regionId: string;
  regionName: string | null;
  permissions: ReadonlySet<Permission>;
  regionWide: boolean;
  /** org subtrees covered, as path prefixes ('/a/b/') */
  orgPaths: string[];
  unitIds: string[];
  allianceIds: string[];
}

export interface Principal {
  id: string;
  username: string;
  displayName: string;
  isPlatformAdmin: boolean;
  memberId: string | null;
  memberRegionId: string | null;
  locale: string | null;
  /** signed in with a first or reset password: only changing it is allowed until then */
  mustChangePassword?: boolean;
  grants: ResolvedGrant[];
}

/** What a record is, for a scope decision: its region and where it hangs in the tree. */
export interface Target {
  regionId: string;
  /** path of the org the record belongs to (or of the org itself) */
  orgPath?: string | null;
  unitId?: string | null;
  allianceId?: string | null;
  memberId?: string | null;
  /** a record granted on directly (a contest to a judge, a case to a mediator) */
  record?: { kind: ScopeKind; id: string } | null;
  /**
   * The record is shared down its org's subtree (a street-wide competition): a grant anywhere below the
   * record's org covers it too. Only for reading.
   */
  sharedDown?: boolean;
}

function covers(g: ResolvedGrant, t: Target): boolean {
  if (g.regionId !== t.regionId) return false;
  if (g.regionWide) return true;
  if (t.orgPath && g.orgPaths.some((p) => t.orgPath!.startsWith(p))) return true;
  if (t.sharedDown && t.orgPath && g.orgPaths.some((p) => p.startsWith(t.orgPath!))) return true;
  if (t.unitId && g.unitIds.includes(t.unitId)) return true;
  if (t.allianceId && g.allianceIds.includes(t.allianceId)) return true;
  if (t.memberId && g.scopeKind === 'member' && g.scopeId === t.memberId) return true;
  if (t.record && g.scopeKind === t.record.kind && g.scopeId === t.record.id) return true;
  return false;
}

/** The one decision: may this principal do `perm` on this record? */
export function can(p: Principal | null | undefined, perm: Permission, t: Target): boolean {
  if (!p) return false;
  if (p.isPlatformAdmin) return true;
  return p.grants.some((g) => g.permissions.has(perm) && covers(g, t));
}

/** Throws 404 (never 403: do not reveal that the record exists) when `can` says no. */
export function assertCan(p: Principal | null | undefined, perm: Permission, t: Target | null | undefined): void {
  if (!t || !can(p, perm, t)) throw notFound();
}

/** Does the principal hold `perm` anywhere (for menus and for routes that list)? */
export function holdsAnywhere(p: Principal | null | undefined, perm: Permission): boolean {
  if (!p) return false;
  return p.isPlatformAdmin || p.grants.some((g) => g.permissions.has(perm));
}

export function regionsWith(p: Principal, perm: Permission): string[] {
  return [...new Set(p.grants.filter((g) => g.permissions.has(perm)).map((g) => g.regionId))];
}

/** The regions where the principal holds `perm` anywhere, or null for every region (the platform admin). */
export function readableRegions(p: Principal, perm: Permission): string[] | null {
  return p.isPlatformAdmin ? null : regionsWith(p, perm);
}

/**
 * Does the principal hold `perm` in region R — anywhere in it, or with `regionWide` on the region itself (what
 * creating a top-level org, unit or alliance and changing region-wide rules need)? `perm` null: any grant in R.
 */
export function holdsIn(p: Principal | null | undefined, perm: Permission | null, regionId: string, opts: { regionWide?: boolean } = {}): boolean {
  if (!p) return false;
  if (p.isPlatformAdmin) return true;
  return p.grants.some((g) => g.regionId === regionId && (perm === null || g.permissions.has(perm)) && (!opts.regionWide || g.regionWide));
}

/** `holdsIn`, or 404 (as for a record out of scope). */
export function assertHoldsIn(p: Principal | null | undefined, perm: Permission | null, regionId: string, opts: { regionWide?: boolean } = {}): void {
  if (!holdsIn(p, perm, regionId, opts)) throw notFound();
}

/** The regions the principal holds any grant in (a first region to show, a region picker). */
export function grantedRegions(p: Principal): string[] {
  return [...new Set(p.grants.map((g) => g.regionId))];
}

// ── the org subtree in SQL ──────────────────────────────────────────────────
// An org's subtree is every org whose materialised path starts with its path ('/root/…/id/'). These are the one
// way to write that condition: `like` on an escaped prefix (an index can serve a literal prefix).

const escapedPrefix = (ancestor: string | SQLWrapper) => (typeof ancestor === 'string'
  ? sql`${escapeLike(ancestor) + '%'}`
  : sql`replace(replace(replace(${ancestor}, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%'`);

/** SQL: the path column `path` lies in the subtree of `ancestor` (a path, or a path column of the query). */
export function pathUnder(path: SQLWrapper, ancestor: string | SQLWrapper): SQL {
  return sql`${path} like ${escapedPrefix(ancestor)}`;
}

/** SQL: the org id column `orgId` names an org in the subtree of one of `paths` (orgs of region `regionId`). */
export function orgInSubtree(orgId: SQLWrapper, regionId: string | SQLWrapper, paths: string | string[]): SQL {
  const list = typeof paths === 'string' ? [paths] : paths;
  if (!list.length) return sql`false`;
  return sql`${orgId} in (select so.id from orgs so where so.region_id = ${regionId} and (${sql.join(list.map((x) => pathUnder(sql`so.path`, x)), sql` or `)}))`;
}

/** The same condition as text, for prepared statements written as SQL strings: `path` and `ancestor` are SQL expressions. */
export const pathUnderText = (path: string, ancestor: string) =>
  `${path} like replace(replace(replace(${ancestor}, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%'`;

export interface ScopeColumns {
  regionId: SQLWrapper;
  /** the record's org id column: covered when the org lies in a granted subtree */
  orgId?: SQLWrapper;
  /** the record's org path column (for the orgs table itself) */
  orgPath?: SQLWrapper;
  unitId?: SQLWrapper;
  allianceId?: SQLWrapper;
  memberId?: SQLWrapper;
  record?: { kind: ScopeKind; id: SQLWrapper };
  /** as Target.sharedDown: rows of orgs above a granted org are covered too (reading only) */
  sharedDown?: boolean;
}

/**
 * The same decision as `can`, as a SQL condition for list queries: rows outside the caller's scope
 * are never fetched.
 */
export function scopeWhere(p: Principal, perm: Permission, cols: ScopeColumns): SQL {
  if (p.isPlatformAdmin) return sql`true`;
  const ors: SQL[] = [];
  for (const g of p.grants) {
    if (!g.permissions.has(perm)) continue;
    const inRegion = sql`${cols.regionId} = ${g.regionId}`;
    if (g.regionWide) { ors.push(inRegion); continue; }
    const parts: SQL[] = [];
    if (g.orgPaths.length) {
      if (cols.orgPath) parts.push(sql`(${sql.join(g.orgPaths.map((path) => pathUnder(cols.orgPath!, path)), sql` or `)})`);
      else if (cols.orgId) parts.push(orgInSubtree(cols.orgId, g.regionId, g.orgPaths));
    }
    if (cols.sharedDown && cols.orgId && g.orgPaths.length) {
      // the ancestors of a granted org are the ids in its path
      const above = [...new Set(g.orgPaths.flatMap((path) => path.split('/').filter(Boolean)))];
      parts.push(sql`${cols.orgId} in (${sql.join(above.map((id) => sql`${id}::uuid`), sql`, `)})`);
    }
    if (g.unitIds.length && cols.unitId) parts.push(sql`${cols.unitId} in (${sql.join(g.unitIds.map((u) => sql`${u}::uuid`), sql`, `)})`);
    if (g.allianceIds.length && cols.allianceId) parts.push(sql`${cols.allianceId} in (${sql.join(g.allianceIds.map((u) => sql`${u}::uuid`), sql`, `)})`);
    if (g.scopeKind === 'member' && cols.memberId) parts.push(sql`${cols.memberId} = ${g.scopeId}::uuid`);
    if (cols.record && g.scopeKind === cols.record.kind) parts.push(sql`${cols.record.id} = ${g.scopeId}::uuid`);
    if (parts.length) ors.push(sql`(${inRegion} and (${sql.join(parts, sql` or `)}))`);
  }
  if (!ors.length) return sql`false`;
  return sql`(${sql.join(ors, sql` or `)})`;
}

interface GrantRow {
  user_id: string; id: string; role: Role; scope_kind: ScopeKind; scope_id: string; region_id: string; region_name: string | null;
  scope_name: string | null; found: boolean; org_paths: string[] | null; unit_ids: string[] | null;
}

/**
 * What every grant of the given users covers, in one statement however many users: the scope's name, the org
 * subtrees (an org; an alliance's member orgs; a unit's org) and units (a unit; an alliance's units).
 */
/**
 * The name of a grant's scope, as SQL over `grants g` and `regions r` (the session's grants and the accounts page
 * both show it): one expression, so the two never differ on a kind.
 */
export const GRANT_SCOPE_NAME_SQL = `case g.scope_kind
           when 'region' then r.name
           when 'org' then (select o.name from orgs o where o.region_id = g.region_id and o.id = g.scope_id)
           when 'alliance' then (select a.name from alliances a where a.region_id = g.region_id and a.id = g.scope_id)
           when 'unit' then (select u.name from units u where u.region_id = g.region_id and u.id = g.scope_id)
           when 'member' then (select m.name from members m where m.region_id = g.region_id and m.id = g.scope_id)
           when 'contest' then (select c.title from contests c where c.region_id = g.region_id and c.id = g.scope_id)
         end`;

const GRANTS_SQL = `
  select g.user_id, g.id, g.role, g.scope_kind, g.scope_id, g.region_id, r.name as region_name,
         ${GRANT_SCOPE_NAME_SQL} as scope_name,
         case g.scope_kind
           when 'alliance' then exists (select 1 from alliances a where a.region_id = g.region_id and a.id = g.scope_id)
           when 'unit' then exists (select 1 from units u where u.region_id = g.region_id and u.id = g.scope_id)
           else true
         end as found,
         case g.scope_kind
           when 'org' then array(select o.path from orgs o where o.region_id = g.region_id and o.id = g.scope_id)
           when 'alliance' then array(select o.path from alliance_orgs ao join orgs o on o.region_id = ao.region_id and o.id = ao.org_id
                                       where ao.region_id = g.region_id and ao.alliance_id = g.scope_id)
           when 'unit' then array(select o.path from units u join orgs o on o.region_id = u.region_id and o.id = u.org_id
                                   where u.region_id = g.region_id and u.id = g.scope_id)
         end as org_paths,
         case g.scope_kind
           when 'alliance' then array(select au.unit_id::text from alliance_units au where au.region_id = g.region_id and au.alliance_id = g.scope_id)
         end as unit_ids
    -- no lateral subquery without FROM: Citus cannot push those down to the shards (the scalar subqueries are
    -- correlated on region_id, so each shard answers its own grants)
    from grants g left join regions r on r.id = g.region_id
   where g.user_id = any($1::uuid[])
   order by g.user_id, g.created_at, g.id`;

function toGrant(r: GrantRow): ResolvedGrant {
  const g: ResolvedGrant = {
    id: r.id, role: r.role, scopeKind: r.scope_kind, scopeId: r.scope_id, scopeName: null,
    regionId: r.region_id, regionName: r.region_name,
    permissions: new Set(ROLE_PERMISSIONS[r.role] ?? []),
    regionWide: false, orgPaths: [], unitIds: [], allianceIds: [],
  };
  if (!r.found) return g; // an alliance or unit that no longer exists covers nothing
  g.scopeName = r.scope_name;
  switch (r.scope_kind) {
    case 'region': g.regionWide = true; break;
    case 'org': g.orgPaths = r.org_paths ?? []; break;
    case 'alliance': g.allianceIds = [r.scope_id]; g.orgPaths = r.org_paths ?? []; g.unitIds = r.unit_ids ?? []; break;
    case 'unit': g.unitIds = [r.scope_id]; g.orgPaths = r.org_paths ?? []; break;
    default: break;
  }
  return g;
}

/** Loads the grants of several users at once (one query) and works out what each covers. */
export async function resolveGrantsFor(database: Database, userIds: string[]): Promise<Map<string, ResolvedGrant[]>> {
  const out = new Map<string, ResolvedGrant[]>(userIds.map((id) => [id, []]));
  if (!userIds.length) return out;
  const rows = await database.prepared<GrantRow>('grants_of_users', GRANTS_SQL, [`{${[...new Set(userIds)].join(',')}}`]);
  for (const r of rows) out.get(r.user_id)?.push(toGrant(r));
  return out;
}

/** Loads a user's grants and works out what each covers. */
export async function resolveGrants(database: Database, userId: string): Promise<ResolvedGrant[]> {
  return (await resolveGrantsFor(database, [userId])).get(userId) ?? [];
}
