import { sql, type SQL } from 'drizzle-orm';
import type { Permission } from '../../../shared/roles.ts';
import { PERMISSIONS } from '../../../shared/roles.ts';
import type { Ctx } from '../context.ts';
import { canReadFigure, resolveLevel, type FigureLevel, type LevelKind } from '../figures/engine.ts';
import type { FigureDef } from '../figures/types.ts';
import { orgInSubtree, type Principal, type ResolvedGrant } from '../scope.ts';

export type { FigureLevel, LevelKind };

/** The level named by a query (the figures engine's `resolveLevel`: the same level the figures count), or 404. */
export const findLevel = (ctx: Ctx, q: { regionId: string; scopeKind: LevelKind; scopeId?: string }): Promise<FigureLevel> =>
  resolveLevel(ctx, { regionId: q.regionId, scopeKind: q.scopeKind, scopeId: q.scopeKind === 'region' ? undefined : q.scopeId });

/** May the principal do `perm` on the whole level? The figures' own rule (`canReadFigure`), for any permission. */
export const canOnLevel = (p: Principal, perm: Permission, l: FigureLevel): boolean => canReadFigure(p, { permission: perm } as FigureDef, l);

/** The permissions the principal holds on the level: what a kiosk link made by them may read. */
export const permissionsOnLevel = (p: Principal, l: FigureLevel): Permission[] => PERMISSIONS.filter((perm) => canOnLevel(p, perm, l));

/** The principal a kiosk link reads as: one grant on its level with the permissions its creator held there. */
export function kioskPrincipal(linkId: string, l: FigureLevel, permissions: readonly string[]): Principal {
  const known = new Set<string>(PERMISSIONS);
  const grant: ResolvedGrant = {
    id: linkId, role: 'region_admin', scopeKind: l.kind, scopeId: l.id, scopeName: l.name, regionId: l.regionId, regionName: null,
    permissions: new Set(permissions.filter((x): x is Permission => known.has(x))),
    regionWide: l.kind === 'region', orgPaths: l.kind === 'org' && l.ownerPath ? [l.ownerPath] : [],
    unitIds: l.kind === 'unit' ? [l.id] : [], allianceIds: l.kind === 'alliance' ? [l.id] : [],
  };
  return { id: `kiosk:${linkId}`, username: 'kiosk', displayName: 'kiosk', isPlatformAdmin: false, memberId: null, memberRegionId: null, locale: null, grants: [grant] };
}

/**
 * SQL: a record hanging on `cols` lies in the level — the figures engine's `levelWhere` for other aliases: the
 * region; else an org of the level's subtrees, one of its units, or the alliance itself.
 */
export function inLevel(l: FigureLevel, cols: { orgId: SQL; unitId?: SQL; allianceId?: SQL }): SQL {
  if (l.kind === 'region') return sql`true`;
  const parts: SQL[] = [];
  if (l.orgPaths.length) parts.push(orgInSubtree(cols.orgId, l.regionId, l.orgPaths));
  if (cols.unitId && l.unitIds.length) parts.push(sql`${cols.unitId} in (${sql.join(l.unitIds.map((x) => sql`${x}::uuid`), sql`, `)})`);
  if (cols.allianceId && l.allianceId) parts.push(sql`${cols.allianceId} = ${l.allianceId}::uuid`);
  return parts.length ? sql`(${sql.join(parts, sql` or `)})` : sql`false`;
}
