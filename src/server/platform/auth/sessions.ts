import { createHash, randomBytes } from 'node:crypto';
import { eq, lt, or } from 'drizzle-orm';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import { sessions, users } from '../schema.ts';
import { resolveGrants, type Principal } from '../scope.ts';

export interface SessionInfo {
  id: string;
  userId: string;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
}

interface CacheEntry { session: SessionInfo; principal: Principal; loadedAt: number; persistedSeenAt: number }

/** How long a resolved session and its grants are reused before being read again from the database. */
const CACHE_MS = 5_000;
/** Up to this age a cached session is still served while it is read again in the background. */
const STALE_MS = 30_000;
/** last_seen_at is written back at most this often (idle expiry is exact to within this). */
const TOUCH_MS = 60_000;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Database-backed sessions with a short in-process cache, so an authenticated request costs no query. */
export class SessionStore {
  private cache = new Map<string, CacheEntry>();

  constructor(private database: Database, private cfg: Config, private now: () => number) {}

  get idleMs() { return this.cfg.sessionIdleMinutes * 60_000; }
  get absoluteMs() { return this.cfg.sessionAbsoluteMinutes * 60_000; }

  async create(userId: string, ip?: string, userAgent?: string): Promise<{ token: string; session: SessionInfo }> {
    const token = randomBytes(32).toString('base64url');
    const id = hashToken(token);
    const t = this.now();
    const session: SessionInfo = { id, userId, createdAt: t, lastSeenAt: t, expiresAt: t + this.absoluteMs };
    await this.database.db.insert(sessions).values({
      id, userId, createdAt: new Date(t), lastSeenAt: new Date(t), expiresAt: new Date(session.expiresAt),
      ip: ip ?? null, userAgent: userAgent?.slice(0, 300) ?? null,
    });
    return { token, session };
  }

  /** The session and principal behind a cookie token, or null when unknown, expired or idle too long. */
  async resolve(token: string): Promise<{ session: SessionInfo; principal: Principal } | null> {
    const id = hashToken(token);
    const t = this.now();
    let entry = this.cache.get(id);
    if (!entry || t - entry.loadedAt > STALE_MS) {
      entry = (await this.reload(id, entry)) ?? undefined;
      if (!entry) return null;
    } else if (t - entry.loadedAt > CACHE_MS) {
      // serve what we have and refresh it in the background: a burst of requests whose cached sessions
      // just aged does not turn into a burst of session queries
      void this.reload(id, entry).catch(() => {});
    }
    const s = entry.session;
    if (t >= s.expiresAt || t - s.lastSeenAt >= this.idleMs) {
      await this.destroyById(id);
      return null;
    }
    s.lastSeenAt = t;
    if (t - entry.persistedSeenAt >= TOUCH_MS) {
      entry.persistedSeenAt = t;
      await this.database.db.update(sessions).set({ lastSeenAt: new Date(t) }).where(eq(sessions.id, id));
    }
    return { session: s, principal: entry.principal };
  }

  private reloading = new Map<string, Promise<CacheEntry | null>>();

  /** Reads the session again (once, however many requests ask at the same time) and updates the cache. */
  private reload(id: string, previous?: CacheEntry): Promise<CacheEntry | null> {
    let p = this.reloading.get(id);
    if (!p) {
      p = this.load(id, previous).then((loaded) => {
        // only replace what this reload started from: a session signed out (or invalidated) meanwhile stays out
        if (this.cache.get(id) === previous) {
          if (loaded) this.cache.set(id, loaded); else this.cache.delete(id);
        }
        return loaded;
      }).finally(() => this.reloading.delete(id));
      this.reloading.set(id, p);
    }
    return p;
  }

  private async load(id: string, previous?: CacheEntry): Promise<CacheEntry | null> {
    const rows = await this.database.db.select().from(sessions).innerJoin(users, eq(users.id, sessions.userId))
      .where(eq(sessions.id, id)).limit(1);
    const row = rows[0];
    if (!row || row.users.disabled) return null;
    const lastSeenDb = row.sessions.lastSeenAt.getTime();
    const session: SessionInfo = {
      id, userId: row.users.id, createdAt: row.sessions.createdAt.getTime(),
      // another request in this process may have seen it more recently than the database knows
      lastSeenAt: Math.max(lastSeenDb, previous?.session.lastSeenAt ?? 0),
      expiresAt: row.sessions.expiresAt.getTime(),
    };
    const u = row.users;
    const principal: Principal = {
      id: u.id, username: u.username, displayName: u.displayName, isPlatformAdmin: u.isPlatformAdmin,
      memberId: u.memberId, memberRegionId: u.memberRegionId, locale: u.locale,
      grants: await resolveGrants(this.database, u.id),
    };
    return { session, principal, loadedAt: this.now(), persistedSeenAt: previous?.persistedSeenAt ?? lastSeenDb };
  }

  async destroy(token: string): Promise<void> { await this.destroyById(hashToken(token)); }

  private async destroyById(id: string): Promise<void> {
    this.cache.delete(id);
    await this.database.db.delete(sessions).where(eq(sessions.id, id));
  }

  /** Ends every session of a user except, optionally, one (after a password change). */
  async destroyUserSessions(userId: string, keepId?: string): Promise<void> {
    for (const [id, e] of this.cache) if (e.session.userId === userId && id !== keepId) this.cache.delete(id);
    const rows = await this.database.db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, userId));
    for (const r of rows) if (r.id !== keepId) await this.database.db.delete(sessions).where(eq(sessions.id, r.id));
  }

  /** Forget cached principals (after grants or the org tree change) so the next request reloads them. */
  invalidate(userId?: string): void {
    if (!userId) { this.cache.clear(); return; }
    for (const [id, e] of this.cache) if (e.session.userId === userId) this.cache.delete(id);
  }

  /** Deletes expired sessions; run at start and periodically. */
  async purgeExpired(): Promise<void> {
    const t = this.now();
    await this.database.db.delete(sessions).where(or(
      lt(sessions.expiresAt, new Date(t)), lt(sessions.lastSeenAt, new Date(t - this.idleMs))));
  }
}
