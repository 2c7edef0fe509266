import type { Permission } from '../../shared/roles.ts';
import type { Principal } from './scope.ts';

/**
 * Grants held on a unit itself (a unit liaison's), as opposed to covering it from above (a region admin): what
 * acting *as* the unit needs — an enterprise rating its own service request, an agency signing for one
 * dispatched to it. The platform admin holds none.
 */
export function unitsHeld(p: Principal, perm: Permission): { regionId: string; unitId: string }[] {
  return p.grants.filter((g) => g.scopeKind === 'unit' && g.permissions.has(perm)).map((g) => ({ regionId: g.regionId, unitId: g.scopeId }));
}

export function holdsOnUnit(p: Principal | null | undefined, perm: Permission, regionId: string, unitId: string | null | undefined): boolean {
  if (!p || !unitId) return false;
  return unitsHeld(p, perm).some((u) => u.regionId === regionId && u.unitId === unitId);
}
