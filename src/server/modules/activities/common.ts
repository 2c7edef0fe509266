import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { AppError, notFound, type ErrorDetail } from '../../platform/errors.ts';
import './messages.ts';
import type { Principal } from '../../platform/scope.ts';
import { alliances, members, orgs } from '../directory/schema.ts';

/** What every service of the module needs: the database and the server's clock. */
/** The platform's service context (db, database for prepared statements, the clock, the config). */
export type { Ctx } from '../../platform/context.ts';

const SHANGHAI_OFFSET_MS = 8 * 3600_000;
/** The date of record (Asia/Shanghai) of an instant. */
export const shanghaiDate = (ms: number) => new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
export const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** The member a signed-in user is: their own records only; 404 for users not linked to a member. */
export function selfOf(p: Principal): { regionId: string; memberId: string } {
  if (!p.memberId || !p.memberRegionId) throw notFound();
  return { regionId: p.memberRegionId, memberId: p.memberId };
}

export async function orgById(db: DbOrTx, regionId: string | null, orgId: string) {
  const [o] = await db.select().from(orgs)
    .where(regionId ? and(eq(orgs.regionId, regionId), eq(orgs.id, orgId)) : eq(orgs.id, orgId)).limit(1);
  return o ?? null;
}

export async function allianceById(db: DbOrTx, allianceId: string) {
  const [a] = await db.select().from(alliances).where(eq(alliances.id, allianceId)).limit(1);
  return a ?? null;
}

export async function memberById(db: DbOrTx, regionId: string, memberId: string) {
  const [m] = await db.select({ id: members.id, name: members.name, orgId: members.orgId, regionId: members.regionId, path: orgs.path })
    .from(members).innerJoin(orgs, and(eq(orgs.regionId, members.regionId), eq(orgs.id, members.orgId)))
    .where(and(eq(members.regionId, regionId), eq(members.id, memberId))).limit(1);
  return m ?? null;
}

export const conflictError = (code: string, vars: Record<string, unknown> = {}, details?: ErrorDetail[]) =>
  new AppError(409, code, vars, details);

