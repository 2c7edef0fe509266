import { PERMISSION_LABELS, type Permission } from './capabilities/index.ts';

/** Roles a user can be granted on a scope (region, org, alliance, unit or a single record). */
export const ROLES = [
  'region_admin', 'alliance_coordinator', 'org_admin', 'member', 'unit_liaison', 'judge', 'mediator', 'fund_officer', 'fund_approver',
  'dues_collector',
] as const;
export type Role = (typeof ROLES)[number];

export const SCOPE_KINDS = ['region', 'org', 'alliance', 'unit', 'member', 'contest', 'mediation', 'fund'] as const;
export type ScopeKind = (typeof SCOPE_KINDS)[number];

/**
 * Permissions are what routes ask for; roles are bundles of them. Each capability declares its own, with
 * labels, in src/shared/capabilities/<cap>.ts; this is their union.
 */
export const PERMISSIONS = Object.keys(PERMISSION_LABELS) as [Permission, ...Permission[]];
export type { Permission };

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  region_admin: ['directory.read', 'directory.write', 'members.read', 'members.write', 'members.pii', 'audit.read', 'users.manage',
    'cluster.read', 'cluster.write', 'contests.manage', 'activities.read', 'activities.write', 'mediation.manage', 'mediation.handle',
    'cobuild.read', 'cobuild.write', 'cobuild.claim', 'venues.manage', 'venues.book', 'services.dispatch', 'services.request', 'dues.read', 'dues.collect', 'fund.read',
    'duty.read', 'duty.manage', 'duty.review', 'duty.fill', 'growth.read', 'growth.manage', 'workflow.manage',
    'notify.send', 'notify.manage',
    'kiosk.manage'],
  alliance_coordinator: ['directory.read', 'members.read', 'cluster.read', 'cluster.write', 'contests.manage', 'activities.read', 'activities.write',
    'cobuild.read', 'cobuild.write', 'venues.book', 'duty.read', 'duty.review',
    'kiosk.manage'],
  org_admin: ['directory.read', 'directory.write', 'members.read', 'members.write', 'members.pii', 'cluster.read', 'cluster.write',
    'activities.read', 'activities.write', 'mediation.manage', 'mediation.handle',
    'cobuild.raise', 'cobuild.claim', 'cobuild.rate', 'venues.manage', 'venues.book', 'services.dispatch', 'services.request', 'dues.read', 'dues.collect',
    'duty.read', 'duty.manage', 'duty.fill', 'growth.read', 'growth.manage',
    'notify.send',
    'kiosk.manage'],
  member: ['pledges.self', 'activities.self', 'venues.book', 'dues.self'],
  unit_liaison: ['directory.read', 'cobuild.raise', 'cobuild.claim', 'cobuild.rate', 'venues.manage', 'venues.book', 'services.request', 'services.handle', 'fund.apply'],
  judge: ['contests.score'],
  mediator: ['mediation.handle'],
  fund_officer: ['fund.read', 'fund.prepare', 'charity.read', 'charity.prepare'],
  fund_approver: ['fund.read', 'fund.approve', 'charity.read', 'charity.approve'],
  dues_collector: ['dues.read', 'dues.collect'],
};
