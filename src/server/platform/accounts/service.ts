/**
 * Accounts and roles: what a region admin (users.manage) does to the users of their region. Every decision is
 * taken on the target — the scope a role is granted on, the region an account belongs to — never "anywhere";
 * a target out of the caller's scope answers exactly like one that does not exist (404).
 */
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { ROLE_SCOPES } from '../../../shared/accounts.ts';
import type { Role, ScopeKind } from '../../../shared/roles.ts';
import type { Db, DbOrTx } from '../../db/client.ts';
import { audit, type Actor } from '../audit.ts';
import { generatePassword, hashPassword } from '../auth/passwords.ts';
import { AppError, conflict, notFound } from '../errors.ts';
import { escapeLike } from '../like.ts';
import { countAll, paginate, type PageParams } from '../pagination.ts';
import { rowsOf } from '../rows.ts';
import { grants, PLATFORM_REGION_ID, sessions, users } from '../schema.ts';
import { assertCan, GRANT_SCOPE_NAME_SQL, holdsIn, pathUnder, type Principal, type Target } from '../scope.ts';
import { transaction, sessionsChanged } from '../transaction.ts';
import { createUser, grantRole } from '../users.ts';

/** What a scope is, for the decision and the display: its region, place in the tree and name; null when unknown. */
export async function scopeTarget(db: DbOrTx, kind: ScopeKind, regionId: string, id: string): Promise<{ target: Target; name: string } | null> {
  const one = async (q: SQL) => rowsOf<{ name: string; path: string | null; alliance_id?: string | null }>(await db.execute(q))[0];
  switch (kind) {
    case 'region': {
      const r = await one(sql`select name, null as path from regions where id = ${id}::uuid`);
      return r && id === regionId ? { target: { regionId }, name: r.name } : null;
    }
    case 'org': {
      const r = await one(sql`select name, path from orgs where region_id = ${regionId}::uuid and id = ${id}::uuid`);
      return r ? { target: { regionId, orgPath: r.path }, name: r.name } : null;
    }
    case 'alliance': {
      const r = await one(sql`select name, null as path from alliances where region_id = ${regionId}::uuid and id = ${id}::uuid`);
      return r ? { target: { regionId, allianceId: id }, name: r.name } : null;
    }
    case 'unit': {
      const r = await one(sql`select u.name, o.path from units u left join orgs o on o.region_id = u.region_id and o.id = u.org_id
                               where u.region_id = ${regionId}::uuid and u.id = ${id}::uuid`);
      return r ? { target: { regionId, unitId: id, orgPath: r.path }, name: r.name } : null;
    }
    case 'member': {
      const r = await one(sql`select m.name, o.path from members m join orgs o on o.region_id = m.region_id and o.id = m.org_id
                               where m.region_id = ${regionId}::uuid and m.id = ${id}::uuid`);
      return r ? { target: { regionId, orgPath: r.path, memberId: id }, name: r.name } : null;
    }
    case 'contest': {
      const r = await one(sql`select title as name, null as path, alliance_id from contests where region_id = ${regionId}::uuid and id = ${id}::uuid`);
      return r ? { target: { regionId, allianceId: r.alliance_id ?? null, record: { kind, id } }, name: r.name } : null;
    }
    default: return null;
  }
}

/** The regions whose accounts the caller manages: where they hold users.manage on the whole region. */
function managedRegions(p: Principal): string[] | null {
  if (p.isPlatformAdmin) return null;
  return [...new Set(p.grants.filter((g) => g.regionWide && g.permissions.has('users.manage')).map((g) => g.regionId))];
}

/**
 * SQL: the users the caller manages — not platform admins; belonging to one of the caller's regions, or (older
 * accounts without one) holding grants only there, at least one.
 */
function managedWhere(p: Principal): SQL {
  const rs = managedRegions(p);
  if (rs === null) return sql`true`;
  if (!rs.length) return sql`false`;
  const list = sql.join(rs.map((r) => sql`${r}::uuid`), sql`, `);
  return sql`(not ${users.isPlatformAdmin} and (${users.homeRegionId} in (${list}) or (${users.homeRegionId} is null
    and exists (select 1 from grants g where g.user_id = ${users.id})
    and not exists (select 1 from grants g where g.user_id = ${users.id} and g.region_id not in (${list})))))`;
}

/** The account, when the caller manages it; 404 otherwise (as for an id that does not exist). */
async function managedUser(db: DbOrTx, p: Principal, userId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(userId)) throw notFound();
  const [u] = await db.select().from(users).where(and(eq(users.id, userId), managedWhere(p)));
  if (!u) throw notFound();
  return u;
}

export interface AccountQuery extends PageParams {
  q?: string;
  regionId?: string;
  role?: Role;
  scopeKind?: ScopeKind;
  scopeId?: string;
  disabled?: boolean;
}

/** Who holds which role where: the accounts the caller manages, each with its grants in the caller's regions. */
export async function listAccounts(db: Db, p: Principal, q: AccountQuery) {
  const conds: SQL[] = [managedWhere(p)];
  if (q.q) {
    const like = `%${escapeLike(q.q.trim().toLowerCase())}%`;
    conds.push(sql`(lower(${users.username}) like ${like} or lower(${users.displayName}) like ${like})`);
  }
  if (q.disabled !== undefined) conds.push(eq(users.disabled, q.disabled));
  if (q.regionId) {
    // the region's accounts: created there, or holding a role there
    conds.push(sql`(${users.homeRegionId} = ${q.regionId}::uuid or exists (select 1 from grants g where g.user_id = ${users.id} and g.region_id = ${q.regionId}::uuid))`);
  }
  if (q.role || q.scopeKind || q.scopeId) {
    const g: SQL[] = [sql`g.user_id = ${users.id}`];
    if (q.regionId) g.push(sql`g.region_id = ${q.regionId}::uuid`);
    if (q.role) g.push(sql`g.role = ${q.role}`);
    if (q.scopeKind) g.push(sql`g.scope_kind = ${q.scopeKind}`);
    if (q.scopeId) g.push(sql`g.scope_id = ${q.scopeId}::uuid`);
    conds.push(sql`exists (select 1 from grants g where ${sql.join(g, sql` and `)})`);
  }
  const where = and(...conds);
  const page = await paginate(q,
    db.select({
      id: users.id, username: users.username, displayName: users.displayName, disabled: users.disabled,
      mustChangePassword: users.mustChangePassword, homeRegionId: users.homeRegionId, memberId: users.memberId, createdAt: users.createdAt,
    }).from(users).where(where).orderBy(users.username),
    db.select({ n: countAll }).from(users).where(where));
  const ids = page.items.map((u) => u.id);
  const rs = managedRegions(p);
  const gs = ids.length ? rowsOf<GrantView>(await db.execute(sql`${GRANT_VIEW} where g.user_id in (${sql.join(ids.map((i) => sql`${i}::uuid`), sql`, `)})
      ${rs === null ? sql`` : rs.length ? sql`and g.region_id in (${sql.join(rs.map((r) => sql`${r}::uuid`), sql`, `)})` : sql`and false`}
      order by g.created_at, g.id`)) : [];
  return {
    ...page,
    items: page.items.map((u) => ({
      ...u, createdAt: u.createdAt.toISOString(),
      grants: gs.filter((g) => g.userId === u.id).map(({ userId: _u, ...g }) => g),
    })),
  };
}

interface GrantView { id: string; userId: string; role: Role; scopeKind: ScopeKind; scopeId: string; regionId: string; regionName: string | null; scopeName: string | null }

const GRANT_VIEW = sql`select g.id, g.user_id as "userId", g.role, g.scope_kind as "scopeKind", g.scope_id as "scopeId", g.region_id as "regionId",
    r.name as "regionName", ${sql.raw(GRANT_SCOPE_NAME_SQL)} as "scopeName"
  from grants g left join regions r on r.id = g.region_id`;

export interface GrantInput { role: Role; scopeKind: ScopeKind; scopeId: string; regionId: string }

/** May the caller grant (or revoke) this role on this scope? 404 for a scope unknown or outside theirs. */
async function assertMayGrant(db: DbOrTx, p: Principal, g: GrantInput): Promise<Target> {
  const s = await scopeTarget(db, g.scopeKind, g.regionId, g.scopeId);
  assertCan(p, 'users.manage', s?.target);
  if (!ROLE_SCOPES[g.role].includes(g.scopeKind)) {
    throw new AppError(400, 'ROLE_SCOPE_MISMATCH', {}, [{ field: 'scopeKind', message: 'ROLE_SCOPE_MISMATCH' }]);
  }
  return s!.target;
}

export interface NewAccount { username: string; displayName: string; regionId: string; memberId?: string | null; grant?: Omit<GrantInput, 'regionId'> | null }

/** Creates an account in a region with a first password (shown once) that must be changed at first sign-in. */
export async function createAccount(db: Db, actor: Actor & { principal: Principal }, a: NewAccount): Promise<{ id: string; username: string; password: string }> {
  const p = actor.principal;
  if (!p.isPlatformAdmin && !holdsIn(p, 'users.manage', a.regionId, { regionWide: true })) throw notFound();
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  const id = await transaction(db, async (tx) => {
    let memberRegionId: string | null = null;
    if (a.memberId) {
      const m = await scopeTarget(tx, 'member', a.regionId, a.memberId);
      assertCan(p, 'users.manage', m?.target);
      memberRegionId = a.regionId;
    }
    const uid = await createUser(tx, actor, {
      username: a.username, displayName: a.displayName, password, passwordHash, memberId: a.memberId ?? null, memberRegionId,
    });
    await tx.update(users).set({ mustChangePassword: true, homeRegionId: a.regionId }).where(eq(users.id, uid));
    if (a.grant) {
      const g = { ...a.grant, regionId: a.regionId };
      await assertMayGrant(tx, p, g);
      await grantRole(tx, actor, { userId: uid, ...g });
    }
    return uid;
  });
  return { id, username: a.username, password };
}

/** Grants a role on a scope of the caller's; the user's sessions see it at their next request. */
export async function grantAccountRole(db: Db, actor: Actor & { principal: Principal }, userId: string, g: GrantInput): Promise<string> {
  return transaction(db, async (tx) => {
    const u = await managedUser(tx, actor.principal, userId);
    await assertMayGrant(tx, actor.principal, g);
    const [dup] = await tx.select({ id: grants.id }).from(grants).where(and(eq(grants.regionId, g.regionId), eq(grants.userId, userId),
      eq(grants.role, g.role), eq(grants.scopeKind, g.scopeKind), eq(grants.scopeId, g.scopeId)));
    if (dup) throw conflict('GRANT_EXISTS');
    if (g.role === 'member' && !u.memberId) {
      // the member role speaks for a roster record: the account becomes that member's
      await tx.update(users).set({ memberId: g.scopeId, memberRegionId: g.regionId }).where(eq(users.id, userId));
    }
    return grantRole(tx, actor, { userId, ...g });
  });
}

/** Revokes one grant; 404 when the grant is not the user's or its scope is not the caller's. */
export async function revokeAccountRole(db: Db, actor: Actor & { principal: Principal }, userId: string, grantId: string): Promise<void> {
  if (!/^[0-9a-f-]{36}$/i.test(grantId)) throw notFound();
  await transaction(db, async (tx) => {
    await managedUser(tx, actor.principal, userId);
    const [g] = await tx.select().from(grants).where(and(eq(grants.userId, userId), eq(grants.id, grantId)));
    if (!g) throw notFound();
    const s = await scopeTarget(tx, g.scopeKind as ScopeKind, g.regionId, g.scopeId);
    // a grant on a scope since deleted is still revocable by whoever manages its region
    if (s) assertCan(actor.principal, 'users.manage', s.target);
    else if (!holdsIn(actor.principal, 'users.manage', g.regionId, { regionWide: true })) throw notFound();
    await tx.delete(grants).where(and(eq(grants.regionId, g.regionId), eq(grants.id, g.id)));
    await audit(tx, actor, { regionId: g.regionId, action: 'grant.revoke', entityType: 'grant', entityId: g.id, before: { userId, role: g.role, scopeKind: g.scopeKind, scopeId: g.scopeId } });
    sessionsChanged(tx, userId);
  });
}

/** A new first password (shown once, must be changed); the user's sessions end. */
export async function resetAccountPassword(db: Db, actor: Actor & { principal: Principal }, userId: string): Promise<{ password: string }> {
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  await transaction(db, async (tx) => {
    const u = await managedUser(tx, actor.principal, userId);
    await tx.update(users).set({ passwordHash, mustChangePassword: true, failedAttempts: 0, lockedUntil: null }).where(eq(users.id, u.id));
    await tx.delete(sessions).where(eq(sessions.userId, u.id));
    await audit(tx, actor, { regionId: u.homeRegionId ?? PLATFORM_REGION_ID, action: 'user.password_reset', entityType: 'user', entityId: u.id, after: { username: u.username } });
    sessionsChanged(tx, u.id);
  });
  return { password };
}

/** Disables (sessions dropped, sign-in refused) or enables an account. */
export async function setAccountDisabled(db: Db, actor: Actor & { principal: Principal }, userId: string, disabled: boolean): Promise<void> {
  if (userId === actor.principal.id) throw new AppError(400, 'CANNOT_DISABLE_SELF');
  await transaction(db, async (tx) => {
    const u = await managedUser(tx, actor.principal, userId);
    if (u.disabled === disabled) return;
    await tx.update(users).set({ disabled }).where(eq(users.id, u.id));
    if (disabled) await tx.delete(sessions).where(eq(sessions.userId, u.id));
    await audit(tx, actor, {
      regionId: u.homeRegionId ?? PLATFORM_REGION_ID, action: disabled ? 'user.disable' : 'user.enable', entityType: 'user', entityId: u.id,
      before: { disabled: u.disabled }, after: { disabled },
    });
    sessionsChanged(tx, u.id);
  });
}

/** A username from a name's pinyin: letters only, lowercase, with a number when taken ('wangfang', 'wangfang2'). */
export function usernameBase(pinyin: string, fallback: string): string {
  const base = pinyin.toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 40);
  return base.length >= 2 ? base : fallback;
}

/**
 * Accounts for the members of a branch (an org and, optionally, its subtree) who have none: one per member,
 * username from the pinyin of the name, role `member` on the member, a first password each (returned once).
 */
export async function batchMemberAccounts(db: Db, actor: Actor & { principal: Principal }, regionId: string, orgId: string, subtree: boolean) {
  const org = await scopeTarget(db, 'org', regionId, orgId);
  assertCan(actor.principal, 'users.manage', org?.target);
  const path = org!.target.orgPath!;
  const todo = rowsOf<{ id: string; name: string; name_pinyin: string; org_name: string }>(await db.execute(sql`
    select m.id, m.name, m.name_pinyin, o.name as org_name from members m join orgs o on o.region_id = m.region_id and o.id = m.org_id
     where m.region_id = ${regionId}::uuid and m.status = 'normal'
       and ${subtree ? pathUnder(sql`o.path`, path) : sql`o.id = ${orgId}::uuid`}
       and not exists (select 1 from users u where u.member_id = m.id and u.member_region_id = m.region_id)
     order by o.path, m.name limit 500`));
  if (!todo.length) return { created: [] as { memberId: string; name: string; orgName: string; username: string; password: string }[] };
  const taken = new Set(rowsOf<{ u: string }>(await db.execute(sql`select lower(username) as u from users`)).map((r) => r.u));
  const out: { memberId: string; name: string; orgName: string; username: string; password: string }[] = [];
  await transaction(db, async (tx) => {
    for (const m of todo) {
      const base = usernameBase(m.name_pinyin, `m${m.id.slice(-8)}`);
      let username = base;
      for (let i = 2; taken.has(username); i++) username = `${base}${i}`;
      taken.add(username);
      const password = generatePassword();
      // one hash per account: each first password is its own
      const uid = await createUser(tx, actor, { username, displayName: m.name, password, memberId: m.id, memberRegionId: regionId });
      await tx.update(users).set({ mustChangePassword: true, homeRegionId: regionId }).where(eq(users.id, uid));
      await grantRole(tx, actor, { userId: uid, role: 'member', scopeKind: 'member', scopeId: m.id, regionId });
      out.push({ memberId: m.id, name: m.name, orgName: m.org_name, username, password });
    }
  });
  return { created: out };
}

