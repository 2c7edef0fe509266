import rateLimit from '@fastify/rate-limit';
import { subscribe, tellOthers } from '../bus.ts';
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { ChangePasswordBody, LoginBody, Me, Ok } from '../../../shared/api.ts';
import { PERMISSIONS, type Permission } from '../../../shared/roles.ts';
import { audit } from '../audit.ts';
import { actorOf, principalOf, typed, type App } from '../context.ts';
import { AppError } from '../errors.ts';
import { PLATFORM_REGION_ID, users } from '../schema.ts';
import type { Principal } from '../scope.ts';
import type { SessionInfo } from './sessions.ts';
import { hashPassword, verifyDummy, verifyPassword } from './passwords.ts';

export const SESSION_COOKIE = 'lj_sid';

export function meOf(p: Principal, s: SessionInfo, idleMs: number, now: number) {
  const perms = new Set<Permission>();
  for (const g of p.grants) for (const x of g.permissions) perms.add(x);
  return {
    user: {
      id: p.id, username: p.username, displayName: p.displayName, isPlatformAdmin: p.isPlatformAdmin,
      locale: p.locale, memberId: p.memberId, mustChangePassword: p.mustChangePassword ?? false,
    },
    grants: p.grants.map((g) => ({
      id: g.id, role: g.role, scopeKind: g.scopeKind, scopeId: g.scopeId, scopeName: g.scopeName,
      regionId: g.regionId, regionName: g.regionName,
    })),
    permissions: p.isPlatformAdmin ? [...PERMISSIONS] : PERMISSIONS.filter((x) => perms.has(x)),
    session: {
      expiresAt: new Date(s.expiresAt).toISOString(),
      idleExpiresAt: new Date(Math.min(s.expiresAt, s.lastSeenAt + idleMs)).toISOString(),
    },
    now: new Date(now).toISOString(),
  };
}

/** The phantom counts of this process's apps, for the counts the other server processes send (platform/bus.ts). */
const phantoms = new Set<WeakRef<PhantomFailures>>();
subscribe('login.phantom', (d) => {
  if (typeof d.u !== 'string' || typeof d.failures !== 'number' || typeof d.lockedUntil !== 'number') return;
  for (const ref of phantoms) ref.deref()?.set(d.u, { failures: d.failures, lockedUntil: d.lockedUntil });
});

/**
 * Failed sign-ins for usernames that do not exist, so they lock exactly like real ones — across server processes
 * too: each new count goes to the others (a username that locks in one process only would tell it is not real).
 */
class PhantomFailures {
  private m = new Map<string, { failures: number; lockedUntil: number }>();
  constructor() { phantoms.add(new WeakRef(this)); }
  get(u: string) { return this.m.get(u); }
  set(u: string, v: { failures: number; lockedUntil: number }) {
    if (this.m.size > 10_000) this.m.delete(this.m.keys().next().value!);
    this.m.set(u, v);
  }
  /** Sets the count here and in the other processes (awaited: the answer leaves once they have it). */
  async record(u: string, v: { failures: number; lockedUntil: number }) {
    this.set(u, v);
    await tellOthers('login.phantom', { u, ...v });
  }
}

export async function authRoutes(app: App): Promise<void> {
  const { database, config, sessions, now } = app.deps;
  const db = database.db;
  const phantom = new PhantomFailures();
  const lockMs = config.loginLockMinutes * 60_000;

  await app.register(rateLimit, { global: false });
  const r = typed(app);

  const cookieOpts = () => ({
    httpOnly: true, sameSite: 'lax' as const, path: '/', secure: config.secureCookies,
    maxAge: Math.floor(sessions.absoluteMs / 1000),
  });

  const locked = (until: number) =>
    new AppError(423, 'ACCOUNT_LOCKED', { minutes: Math.max(1, Math.ceil((until - now()) / 60_000)) });

  r.post('/api/v1/auth/login', {
    config: {
      public: true,
      rateLimit: { max: config.loginRatePerMinute, timeWindow: 60_000, keyGenerator: (req) => req.ip },
    },
    schema: { tags: ['auth'], summary: 'Sign in', body: LoginBody, response: { 200: Me } },
  }, async (req, reply) => {
    const { username, password } = req.body;
    const key = username.toLowerCase();
    const t = now();
    const [u] = await db.select().from(users).where(sql`lower(${users.username}) = ${key}`).limit(1);
    if (!u || u.disabled) {
      const f = phantom.get(key);
      if (f && f.lockedUntil > t) throw locked(f.lockedUntil);
      await verifyDummy(password);
      const failures = (f && f.lockedUntil <= t && f.lockedUntil > 0 ? 0 : f?.failures ?? 0) + 1;
      await phantom.record(key, failures >= config.loginMaxFailures ? { failures: 0, lockedUntil: t + lockMs } : { failures, lockedUntil: 0 });
      throw new AppError(401, 'INVALID_CREDENTIALS');
    }
    if (u.lockedUntil && u.lockedUntil.getTime() > t) throw locked(u.lockedUntil.getTime());
    if (!(await verifyPassword(u.passwordHash, password))) {
      const failures = u.failedAttempts + 1;
      const lock = failures >= config.loginMaxFailures;
      await db.transaction(async (tx) => {
        await tx.update(users).set(lock ? { failedAttempts: 0, lockedUntil: new Date(t + lockMs) } : { failedAttempts: failures })
          .where(eq(users.id, u.id));
        await audit(tx, { principal: null, requestId: req.id, ip: req.ip }, {
          regionId: PLATFORM_REGION_ID, action: lock ? 'auth.locked' : 'auth.login_failed', entityType: 'user', entityId: u.id,
          after: { username: u.username, failures },
        });
      });
      throw new AppError(401, 'INVALID_CREDENTIALS');
    }
    if (u.failedAttempts || u.lockedUntil) {
      await db.update(users).set({ failedAttempts: 0, lockedUntil: null }).where(eq(users.id, u.id));
    }
    const { token, session } = await sessions.create(u.id, req.ip, req.headers['user-agent']);
    const resolved = await sessions.resolve(token);
    if (!resolved) throw new AppError(401, 'UNAUTHENTICATED');
    await audit(db, { principal: resolved.principal, requestId: req.id, ip: req.ip }, {
      regionId: PLATFORM_REGION_ID, action: 'auth.login', entityType: 'user', entityId: u.id,
    });
    reply.setCookie(SESSION_COOKIE, token, cookieOpts());
    return meOf(resolved.principal, session, sessions.idleMs, now());
  });

  r.post('/api/v1/auth/logout', {
    config: { public: true },
    schema: { tags: ['auth'], summary: 'Sign out', response: { 200: Ok } },
  }, async (req, reply) => {
    if (req.sessionToken) {
      await sessions.destroy(req.sessionToken);
      if (req.principal) {
        await audit(db, actorOf(req), {
          regionId: PLATFORM_REGION_ID, action: 'auth.logout', entityType: 'user', entityId: req.principal.id,
        });
      }
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true as const };
  });

  r.get('/api/v1/me', {
    schema: { tags: ['auth'], summary: 'Who am I: user, grants, permissions', response: { 200: Me } },
  }, async (req) => meOf(principalOf(req), req.session!, sessions.idleMs, now()));

  r.post('/api/v1/me/password', {
    schema: { tags: ['auth'], summary: 'Change my password', body: ChangePasswordBody, response: { 200: Ok } },
  }, async (req) => {
    const p = principalOf(req);
    const [u] = await db.select().from(users).where(eq(users.id, p.id));
    if (!(await verifyPassword(u.passwordHash, req.body.currentPassword))) {
      throw new AppError(400, 'WRONG_PASSWORD', {}, [{ field: 'currentPassword', message: 'WRONG_PASSWORD' }]);
    }
    if (req.body.currentPassword === req.body.newPassword) {
      throw new AppError(400, 'PASSWORD_REUSED', {}, [{ field: 'newPassword', message: 'PASSWORD_REUSED' }]);
    }
    const passwordHash = await hashPassword(req.body.newPassword);
    await db.transaction(async (tx) => {
      await tx.update(users).set({ passwordHash, passwordChangedAt: new Date(now()), mustChangePassword: false }).where(eq(users.id, p.id));
      await audit(tx, actorOf(req), {
        regionId: PLATFORM_REGION_ID, action: 'user.password_changed', entityType: 'user', entityId: p.id,
      });
    });
    await sessions.destroyUserSessions(p.id, req.session!.id);
    sessions.invalidate(p.id);
    return { ok: true as const };
  });

  r.put('/api/v1/me/locale', {
    schema: {
      tags: ['auth'], summary: 'Remember my language',
      body: z.strictObject({ locale: z.enum(['zh-CN', 'en-US']) }), response: { 200: Ok },
    },
  }, async (req) => {
    const p = principalOf(req);
    await db.transaction(async (tx) => {
      await tx.update(users).set({ locale: req.body.locale }).where(eq(users.id, p.id));
      await audit(tx, actorOf(req), {
        regionId: PLATFORM_REGION_ID, action: 'user.locale', entityType: 'user', entityId: p.id,
        before: { locale: p.locale }, after: { locale: req.body.locale },
      });
    });
    sessions.invalidate(p.id);
    return { ok: true as const };
  });
}
