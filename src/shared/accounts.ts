/** Accounts and roles: the bodies and answers of /api/v1/accounts (the server's and the web's one definition). */
import { z } from 'zod';
import { PageQuery, pageOf } from './api.ts';
import { ROLES, SCOPE_KINDS, type Role, type ScopeKind } from './roles.ts';

/** The scope kinds each role may be granted on (a judge scores a contest, a liaison speaks for a unit…). */
export const ROLE_SCOPES: Record<Role, readonly ScopeKind[]> = {
  region_admin: ['region'],
  alliance_coordinator: ['alliance'],
  org_admin: ['org'],
  member: ['member'],
  unit_liaison: ['unit'],
  judge: ['contest'],
  mediator: ['region', 'org'],
  fund_officer: ['region', 'org'],
  fund_approver: ['region', 'org'],
  dues_collector: ['org'],
};


export const USERNAME = z.string().trim().min(2).max(64).regex(/^[A-Za-z0-9_.-]+$/);

export const GrantBody = z.strictObject({
  role: z.enum(ROLES),
  scopeKind: z.enum(SCOPE_KINDS),
  scopeId: z.uuid(),
  regionId: z.uuid(),
});
export type GrantBody = z.infer<typeof GrantBody>;

export const CreateAccountBody = z.strictObject({
  username: USERNAME,
  displayName: z.string().trim().min(1).max(64),
  regionId: z.uuid(),
  memberId: z.uuid().nullish(),
  grant: GrantBody.omit({ regionId: true }).nullish(),
});
export type CreateAccountBody = z.infer<typeof CreateAccountBody>;

/** A first password, shown once: the user must change it at first sign-in. */
export const FirstPassword = z.object({ id: z.string(), username: z.string(), password: z.string() });

export const AccountGrant = z.object({
  id: z.string(), role: z.enum(ROLES), scopeKind: z.enum(SCOPE_KINDS), scopeId: z.string(),
  regionId: z.string(), regionName: z.string().nullable(), scopeName: z.string().nullable(),
});
export type AccountGrant = z.infer<typeof AccountGrant>;

export const Account = z.object({
  id: z.string(), username: z.string(), displayName: z.string(), disabled: z.boolean(), mustChangePassword: z.boolean(),
  homeRegionId: z.string().nullable(), memberId: z.string().nullable(), createdAt: z.string(),
  grants: z.array(AccountGrant),
});
export type Account = z.infer<typeof Account>;
export const AccountPage = pageOf(Account);
export type AccountPage = z.infer<typeof AccountPage>;

export const AccountQuery = PageQuery.extend({
  regionId: z.uuid().optional(),
  role: z.enum(ROLES).optional(),
  scopeKind: z.enum(SCOPE_KINDS).optional(),
  scopeId: z.uuid().optional(),
  disabled: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
}).strict();

export const DisableBody = z.strictObject({ disabled: z.boolean() });

export const BatchAccountsBody = z.strictObject({ regionId: z.uuid(), orgId: z.uuid(), subtree: z.boolean().default(false) });
export const BatchAccounts = z.object({
  created: z.array(z.object({ memberId: z.string(), name: z.string(), orgName: z.string(), username: z.string(), password: z.string() })),
});
export type BatchAccounts = z.infer<typeof BatchAccounts>;

/** The first passwords the page was just shown, sent back to be written as xlsx (nothing is stored or looked up). */
export const FirstPasswordsSheetBody = z.strictObject({
  rows: z.array(z.strictObject({
    name: z.string().max(100), org: z.string().max(200).optional(), username: z.string().max(64), password: z.string().max(128),
  })).min(1).max(2000),
});
