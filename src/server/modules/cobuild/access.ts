import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { can, grantedRegions, holdsIn, regionsWith, scopeWhere, type Principal, type Target } from '../../platform/scope.ts';
import { allianceOrgs, alliances, allianceUnits, orgs, units } from '../directory/schema.ts';
import './messages.ts';
import { needDispatches, needs } from './schema.ts';

/**
 * Who may see and do what with a need. The office is whoever holds cobuild.write on the need's alliance (its
 * coordinator, the region admin); the party is the unit or org the need is for (its liaison or secretary raises,
 * confirms and rates); a dispatch's recipient is whoever holds cobuild.claim on the recipient org or unit.
 */

export type NeedRow = typeof needs.$inferSelect;
export type DispatchRow = typeof needDispatches.$inferSelect;

export const OPEN_STATUSES = ['published', 'confirmed', 'rated'];

export const officeTarget = (n: { regionId: string; allianceId: string }): Target => ({ regionId: n.regionId, allianceId: n.allianceId });
export const partyTarget = (n: { regionId: string; unitId: string | null }, partyPath: string | null): Target =>
  ({ regionId: n.regionId, unitId: n.unitId, orgPath: partyPath });
export const dispatchTarget = (d: { regionId: string; unitId: string | null }, orgPath: string | null): Target =>
  ({ regionId: d.regionId, unitId: d.unitId, orgPath });

export async function orgPathOf(db: DbOrTx, regionId: string, orgId: string | null): Promise<string | null> {
  if (!orgId) return null;
  const [o] = await db.select({ path: orgs.path }).from(orgs).where(and(eq(orgs.regionId, regionId), eq(orgs.id, orgId)));
  return o?.path ?? null;
}

/** The need's dispatches (or only those of `ids`) with their recipient's name and org path. */
export async function dispatchesOf(db: DbOrTx, regionId: string, needId: string, ids?: string[]) {
  return db.select({ d: needDispatches, orgName: orgs.name, orgPath: orgs.path, unitName: units.name }).from(needDispatches)
    .leftJoin(orgs, and(eq(orgs.regionId, needDispatches.regionId), eq(orgs.id, needDispatches.orgId)))
    .leftJoin(units, and(eq(units.regionId, needDispatches.regionId), eq(units.id, needDispatches.unitId)))
    .where(and(eq(needDispatches.regionId, regionId), eq(needDispatches.needId, needId), ids ? inArray(needDispatches.id, ids) : undefined))
    .orderBy(needDispatches.createdAt, needDispatches.id);
}

/** May the principal answer for one of the alliance's member orgs or units (for needs shown to the alliance)? */
async function claimsForAllianceMember(db: DbOrTx, p: Principal, regionId: string, allianceId: string): Promise<boolean> {
  const paths = await db.select({ path: orgs.path }).from(allianceOrgs)
    .innerJoin(orgs, and(eq(orgs.regionId, allianceOrgs.regionId), eq(orgs.id, allianceOrgs.orgId)))
    .where(and(eq(allianceOrgs.regionId, regionId), eq(allianceOrgs.allianceId, allianceId)));
  if (paths.some((x) => can(p, 'cobuild.claim', { regionId, orgPath: x.path }))) return true;
  const us = await db.select({ unitId: allianceUnits.unitId }).from(allianceUnits)
    .where(and(eq(allianceUnits.regionId, regionId), eq(allianceUnits.allianceId, allianceId)));
  return us.some((x) => can(p, 'cobuild.claim', { regionId, unitId: x.unitId }));
}

export interface NeedAccess {
  n: NeedRow;
  partyPath: string | null;
  allianceName: string;
  /** the party's name (its unit's, else its org's) */
  partyName: string;
  /** how many dispatches the need has (all of them, whoever reads) */
  dispatchCount: number;
  office: boolean;
  party: boolean;
  /** dispatches whose recipient the principal answers for */
  myDispatchIds: string[];
  /** may claim it for an org or unit without a dispatch (the need is shown to the alliance or region) */
  openToMe: boolean;
}

/**
 * What the principal may do with the need; null when it may not even see it (or there is no such need). One
 * statement: the need, its alliance's and party's names, the party's org path, the dispatch count and — in SQL, by
 * the same rule as `can` (scopeWhere) — the dispatches whose recipient the principal answers for, so a need
 * dispatched to 200 villages is not read 200 rows at a time to find one's own.
 */
export async function needAccess(db: DbOrTx, p: Principal, id: string): Promise<NeedAccess | null> {
  const [row] = await db.select({
    n: needs, allianceName: alliances.name,
    partyPath: sql<string | null>`(select po.path from orgs po where po.region_id = ${needs.regionId} and po.id = ${needs.orgId})`,
    partyName: sql<string>`coalesce((select pu.name from units pu where pu.region_id = ${needs.regionId} and pu.id = ${needs.unitId}),
      (select po.name from orgs po where po.region_id = ${needs.regionId} and po.id = ${needs.orgId}), '')`,
    dispatchCount: sql<number>`(select count(*)::int from need_dispatches x where x.region_id = ${needs.regionId} and x.need_id = ${needs.id})`,
    mine: sql<string[]>`array(select d.id::text from need_dispatches d where d.region_id = ${needs.regionId} and d.need_id = ${needs.id}
      and ${scopeWhere(p, 'cobuild.claim', { regionId: sql`d.region_id`, orgId: sql`d.org_id`, unitId: sql`d.unit_id` })} order by d.created_at, d.id)`,
  }).from(needs)
    .innerJoin(alliances, and(eq(alliances.regionId, needs.regionId), eq(alliances.id, needs.allianceId)))
    .where(eq(needs.id, id)).limit(1);
  if (!row) return null;
  const { n, partyPath } = row;
  const office = can(p, 'cobuild.write', officeTarget(n)) || can(p, 'cobuild.read', officeTarget(n));
  const pt = partyTarget(n, partyPath);
  const party = can(p, 'cobuild.raise', pt) || can(p, 'cobuild.rate', pt);
  const myDispatchIds = row.mine ?? [];
  let openToMe = false;
  if (OPEN_STATUSES.includes(n.status)) {
    if (n.visibility === 'region') openToMe = holdsIn(p, 'cobuild.claim', n.regionId);
    else if (n.visibility === 'alliance') openToMe = await claimsForAllianceMember(db, p, n.regionId, n.allianceId);
  }
  if (!office && !party && !myDispatchIds.length && !openToMe) return null;
  return {
    n, partyPath, allianceName: row.allianceName, partyName: row.partyName, dispatchCount: Number(row.dispatchCount),
    office, party, myDispatchIds, openToMe,
  };
}

/** The need when the principal may see it; 404 otherwise (as for a made-up id). */
export async function findNeed(db: DbOrTx, p: Principal, id: string): Promise<NeedAccess> {
  const a = await needAccess(db, p, id);
  if (!a) throw notFound();
  return a;
}

/** The need when the principal is its office (cobuild.write on its alliance); 404 when it may not see it, 403 when it only may. */
export async function findNeedAsOffice(db: DbOrTx, p: Principal, id: string): Promise<NeedAccess> {
  const a = await findNeed(db, p, id);
  if (!can(p, 'cobuild.write', officeTarget(a.n))) throw new AppError(403, 'NEED_OFFICE_ONLY');
  return a;
}

/** The list condition: the needs the principal may see, in SQL (the same rules as needAccess). */
export function needsVisible(p: Principal): SQL {
  const claimRegions = regionsWith(p, 'cobuild.claim');
  const parts: SQL[] = [
    scopeWhere(p, 'cobuild.read', { regionId: needs.regionId, allianceId: needs.allianceId }),
    scopeWhere(p, 'cobuild.raise', { regionId: needs.regionId, orgId: needs.orgId, unitId: needs.unitId }),
    scopeWhere(p, 'cobuild.rate', { regionId: needs.regionId, orgId: needs.orgId, unitId: needs.unitId }),
    sql`exists (select 1 from need_dispatches d where d.region_id = ${needs.regionId} and d.need_id = ${needs.id}
      and ${scopeWhere(p, 'cobuild.claim', { regionId: sql`d.region_id`, orgId: sql`d.org_id`, unitId: sql`d.unit_id` })})`,
  ];
  if (claimRegions.length || p.isPlatformAdmin) {
    const open = sql`${needs.status} in ('published', 'confirmed', 'rated')`;
    parts.push(sql`(${open} and ${needs.visibility} = 'region' and ${p.isPlatformAdmin ? sql`true` : sql`${needs.regionId} in (${sql.join(claimRegions.map((r) => sql`${r}::uuid`), sql`, `)})`})`);
    parts.push(sql`(${open} and ${needs.visibility} = 'alliance' and (
      exists (select 1 from alliance_orgs ao join orgs mo on mo.region_id = ao.region_id and mo.id = ao.org_id
               where ao.region_id = ${needs.regionId} and ao.alliance_id = ${needs.allianceId}
                 and ${scopeWhere(p, 'cobuild.claim', { regionId: sql`mo.region_id`, orgPath: sql`mo.path` })})
      or exists (select 1 from alliance_units au where au.region_id = ${needs.regionId} and au.alliance_id = ${needs.allianceId}
                 and ${scopeWhere(p, 'cobuild.claim', { regionId: sql`au.region_id`, unitId: sql`au.unit_id` })})))`);
  }
  // every part above lies in a region the principal holds a grant in: said once more at the top, so the planner
  // can use the (region_id, …) indexes instead of reading every need to test the or-ed parts
  if (p.isPlatformAdmin) return sql`(${sql.join(parts, sql` or `)})`;
  const regions = grantedRegions(p);
  if (!regions.length) return sql`false`;
  return sql`(${inArray(needs.regionId, regions)} and (${sql.join(parts, sql` or `)}))`;
}
