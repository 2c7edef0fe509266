import { and, eq, sql } from 'drizzle-orm';
import type { Role, ScopeKind } from '../../shared/roles.ts';
import type { DbOrTx } from '../db/client.ts';
import { audit, type Actor } from './audit.ts';
import { hashPassword } from './auth/passwords.ts';
import { conflict } from './errors.ts';
import { uuidv7 } from './ids.ts';
import { grants, PLATFORM_REGION_ID, users } from './schema.ts';
import { sessionsChanged } from './transaction.ts';

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  isPlatformAdmin?: boolean;
  memberId?: string | null;
  memberRegionId?: string | null;
  /** pass an already computed hash to create many users with one password quickly */
  passwordHash?: string;
}

export async function createUser(db: DbOrTx, actor: Actor, u: NewUser): Promise<string> {
  const [exists] = await db.select({ id: users.id }).from(users).where(sql`lower(${users.username}) = ${u.username.toLowerCase()}`);
  if (exists) throw conflict('USERNAME_TAKEN');
  const id = uuidv7();
  await db.insert(users).values({
    id, username: u.username, displayName: u.displayName,
    passwordHash: u.passwordHash ?? await hashPassword(u.password),
    isPlatformAdmin: u.isPlatformAdmin ?? false,
    memberId: u.memberId ?? null, memberRegionId: u.memberRegionId ?? null,
  });
  await audit(db, actor, {
    regionId: PLATFORM_REGION_ID, action: 'user.create', entityType: 'user', entityId: id,
    after: { username: u.username, displayName: u.displayName, isPlatformAdmin: u.isPlatformAdmin ?? false },
  });
  return id;
}

/**
 * Grants a role on a scope, audited. The user's cached sessions are dropped (after the commit, when `db` is a
 * `transaction()` of platform/transaction.ts), so the next request sees the new grant.
 */
export async function grantRole(db: DbOrTx, actor: Actor, g: { userId: string; role: Role; scopeKind: ScopeKind; scopeId: string; regionId: string }): Promise<string> {
  const id = uuidv7();
  await db.insert(grants).values({ id, ...g }).onConflictDoNothing();
  await audit(db, actor, { regionId: g.regionId, action: 'grant.create', entityType: 'grant', entityId: id, after: g });
  sessionsChanged(db, g.userId);
  return id;
}

/** Takes a role back (the grant named by user, role and scope); its sessions see it at their next request. */
export async function revokeRole(db: DbOrTx, actor: Actor, g: { userId: string; role: Role; scopeKind: ScopeKind; scopeId: string; regionId: string }): Promise<void> {
  const gone = await db.delete(grants).where(and(eq(grants.regionId, g.regionId), eq(grants.userId, g.userId), eq(grants.role, g.role),
    eq(grants.scopeKind, g.scopeKind), eq(grants.scopeId, g.scopeId))).returning({ id: grants.id });
  for (const x of gone) await audit(db, actor, { regionId: g.regionId, action: 'grant.revoke', entityType: 'grant', entityId: x.id, before: g });
  sessionsChanged(db, g.userId);
}
