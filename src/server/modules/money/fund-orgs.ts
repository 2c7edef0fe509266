/** Where the caller may create a fund of a kind (the web's 新建资金 / 新建基金): shared by the loan fund and the charity funds. */
import { and, asc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Ctx } from '../../platform/context.ts';
import { holdsAnywhere, scopeWhere, type Principal } from '../../platform/scope.ts';
import type { Permission } from '../../../shared/roles.ts';
import { orgs } from '../directory/schema.ts';
import type { charityFunds, loanFunds } from './schema.ts';

export interface FundOrg { orgId: string; name: string; regionId: string; funds: number }

/**
 * The tops of the caller's `permission` scope (an org in it whose parent is not; a region-wide grant gives the root
 * org), each with how many funds of `funds` it already has.
 */
export async function orgsForNewFund(ctx: Ctx, p: Principal, permission: Permission, funds: typeof loanFunds | typeof charityFunds): Promise<FundOrg[]> {
  if (!holdsAnywhere(p, permission)) return [];
  const parent = alias(orgs, 'parent_org');
  const rows = await ctx.db.select({ orgId: orgs.id, name: orgs.name, regionId: orgs.regionId,
    count: sql<number>`(select count(*)::int from ${funds} f where f.region_id = orgs.region_id and f.org_id = orgs.id)` }).from(orgs)
    .leftJoin(parent, and(eq(parent.regionId, orgs.regionId), eq(parent.id, orgs.parentId)))
    .where(and(
      scopeWhere(p, permission, { regionId: orgs.regionId, orgPath: orgs.path }),
      sql`(${parent.id} is null or not ${scopeWhere(p, permission, { regionId: parent.regionId, orgPath: parent.path })})`,
    ))
    .orderBy(asc(orgs.path)).limit(100);
  return rows.map(({ count, ...o }) => ({ ...o, funds: Number(count) }));
}
