import { createHash, randomBytes } from 'node:crypto';
import { eq, lt, or } from 'drizzle-orm';
import type { Config } from '../../config.ts';
import type { Database, DbOrTx } from '../../db/client.ts';
import { broadcast, busLive, notifyIn, subscribe, type Sent } from '../bus.ts';
import { sessions } from '../schema.ts';
import { resolveGrantsFor, type Principal } from '../scope.ts';

export interface SessionInfo {
  id: string;
  userId: string;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
}

interface SessionRow {
  id: string; created_at: Date | string; last_seen_at: Date | string; expires_at: Date | string; user_id: string; username: string;
  display_name: string; is_platform_admin: boolean; member_id: string | null; member_region_id: string | null; locale: string | null; disabled: boolean;
  must_change_password: boolean;
}

interface CacheEntry { session: SessionInfo; principal: Principal; loadedAt: number; persistedSeenAt: number }

/** How long a resolved session and its grants are reused before being read again from the database. */
const CACHE_MS = 5_000;
/** Up to this age a cached session is still served while it is read again in the background. */
const STALE_MS = 30_000;
/** last_seen_at is written back at most this often (idle expiry is exact to within this). */
const TOUCH_MS = 60_000;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** The stores of this process (one per app; tests build several): a grant change reaches every cache. */
const stores = new Set<WeakRef<SessionStore>>();

function eachStore(fn: (s: SessionStore) => void) {
  for (const ref of stores) {
    const s = ref.deref();
    if (s) fn(s); else stores.delete(ref);
  }
}

/** Drops cached sessions of `userId` (or all) in every store of the process; see platform/transaction.ts. */
export function invalidateSessions(userId?: string): void {
  eachStore((s) => s.invalidate(userId));
}

/*
 * Across processes (platform/bus.ts): a grant change is announced inside its transaction (`announceSessionsIn`,
 * delivered with the commit), a sign-out once its row is deleted; every process drops the sessions named.
 */
subscribe('sessions', (d) => {
  const ids = Array.isArray(d.userIds) ? d.userIds as string[] : null;
  if (!ids) invalidateSessions(); else for (const u of ids) invalidateSessions(u);
});
subscribe('session.end', (d) => {
  const ids = Array.isArray(d.ids) ? d.ids as string[] : [];
  eachStore((s) => s.forget(ids));
});
subscribe('reset', () => invalidateSessions());

/** Inside the transaction that changed them: the other processes drop these users' sessions (null: everyone's) at its commit. */
export async function announceSessionsIn(tx: DbOrTx, userIds: ReadonlySet<string | null>): Promise<Sent | undefined> {
  if (!userIds.size) return undefined;
  return notifyIn(tx, 'sessions', userIds.has(null) ? {} : { userIds: [...userIds] });
}

/** Database-backed sessions with a short in-process cache, so an authenticated request costs no query. */
export class SessionStore {
  private cache = new Map<string, CacheEntry>();
  /** Bumped by every invalidation: a read that started before one does not put what it read into the cache. */
  private generation = 0;

  constructor(private database: Database, private cfg: Config, private now: () => number) {
    stores.add(new WeakRef(this));
  }

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
    // while this process cannot hear the others (platform/bus.ts), nothing cached is trusted
    let entry = busLive() ? this.cache.get(id) : undefined;
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
      this.touch(id, t);
    }
    return { session: s, principal: entry.principal };
  }

  private touching = new Map<string, number>();
  private touchTimer: NodeJS.Immediate | null = null;

  /** Writes last_seen_at back, for all the sessions seen in this turn of the event loop in one statement. */
  private touch(id: string, t: number) {
    this.touching.set(id, t);
    this.touchTimer ??= setImmediate(() => {
      this.touchTimer = null;
      const batch = [...this.touching];
      this.touching.clear();
      void this.database.prepared('sessions_touch', `update sessions s set last_seen_at = v.t
          from unnest($1::text[], $2::timestamptz[]) as v(id, t) where s.id = v.id and s.last_seen_at < v.t`,
      [`{${batch.map(([k]) => k).join(',')}}`, `{${batch.map(([, x]) => `"${new Date(x).toISOString()}"`).join(',')}}`]).catch(() => {
        // the next touch writes it; idle expiry is exact to within TOUCH_MS either way
      });
    });
  }

  private reloading = new Map<string, Promise<CacheEntry | null>>();

  /** Reads the session again (once, however many requests ask at the same time) and updates the cache. */
  private reload(id: string, previous?: CacheEntry): Promise<CacheEntry | null> {
    let p = this.reloading.get(id);
    if (!p) {
      const generation = this.generation;
      p = this.load(id, previous).then((loaded) => {
        // only replace what this reload started from: a session signed out (or invalidated) meanwhile stays out
        if (generation === this.generation && this.cache.get(id) === previous) {
          if (loaded) this.cache.set(id, loaded); else this.cache.delete(id);
        }
        return loaded;
      }).finally(() => this.reloading.delete(id));
      this.reloading.set(id, p);
    }
    return p;
  }

  private loading = new Map<string, { previous?: CacheEntry; done: (e: CacheEntry | null) => void; fail: (e: unknown) => void }>();
  private loadTimer: NodeJS.Immediate | null = null;

  /**
   * Reads a session, its user and the user's grants. The sessions asked for in the same turn of the event loop
   * are read together — two statements however many — so a burst of members whose cached sessions aged at
   * the same time costs a couple of queries, not three per member.
   */
  private load(id: string, previous?: CacheEntry): Promise<CacheEntry | null> {
    return new Promise((done, fail) => {
      this.loading.set(id, { previous, done, fail });
      this.loadTimer ??= setImmediate(() => { this.loadTimer = null; void this.loadBatch(); });
    });
  }

  private async loadBatch() {
    const batch = new Map(this.loading);
    this.loading.clear();
    try {
      const rows = await this.database.prepared<SessionRow>('sessions_load', `select s.id, s.created_at, s.last_seen_at, s.expires_at,
          u.id as user_id, u.username, u.display_name, u.is_platform_admin, u.member_id, u.member_region_id, u.locale, u.disabled, u.must_change_password
          from sessions s join users u on u.id = s.user_id where s.id = any($1::text[])`, [`{${[...batch.keys()].join(',')}}`]);
      const live = rows.filter((r) => !r.disabled);
      const grants = await resolveGrantsFor(this.database, live.map((r) => r.user_id));
      const byId = new Map(live.map((r) => [r.id, r]));
      for (const [id, { previous, done }] of batch) {
        const row = byId.get(id);
        if (!row) { done(null); continue; }
        const lastSeenDb = new Date(row.last_seen_at).getTime();
        const session: SessionInfo = {
          id, userId: row.user_id, createdAt: new Date(row.created_at).getTime(),
          // another request in this process may have seen it more recently than the database knows
          lastSeenAt: Math.max(lastSeenDb, previous?.session.lastSeenAt ?? 0),
          expiresAt: new Date(row.expires_at).getTime(),
        };
        const principal: Principal = {
          id: row.user_id, username: row.username, displayName: row.display_name, isPlatformAdmin: row.is_platform_admin,
          memberId: row.member_id, memberRegionId: row.member_region_id, locale: row.locale as Principal['locale'], mustChangePassword: row.must_change_password,
          grants: grants.get(row.user_id) ?? [],
        };
        done({ session, principal, loadedAt: this.now(), persistedSeenAt: previous?.persistedSeenAt ?? lastSeenDb });
      }
    } catch (e) {
      for (const { fail } of batch.values()) fail(e);
    }
  }

  /** Signs out: the row goes, then every process drops the session (awaited, so the answer comes after). */
  async destroy(token: string): Promise<void> {
    const id = hashToken(token);
    await this.destroyById(id);
    await broadcast('session.end', { ids: [id] });
  }

  private async destroyById(id: string): Promise<void> {
    this.forget([id]);
    await this.database.db.delete(sessions).where(eq(sessions.id, id));
  }

  /** Ends every session of a user except, optionally, one (after a password change), in every process. */
  async destroyUserSessions(userId: string, keepId?: string): Promise<void> {
    for (const [id, e] of this.cache) if (e.session.userId === userId && id !== keepId) this.cache.delete(id);
    const rows = await this.database.db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, userId));
    const ended = rows.map((r) => r.id).filter((id) => id !== keepId);
    for (const id of ended) await this.database.db.delete(sessions).where(eq(sessions.id, id));
    if (ended.length) await broadcast('session.end', { ids: ended });
  }

  /** Drops these sessions from the cache (signed out here or in another process). */
  forget(ids: string[]): void {
    this.generation++;
    this.reloading.clear();
    for (const id of ids) this.cache.delete(id);
  }

  /** Forget cached principals (after grants or the org tree change) so the next request reloads them. */
  invalidate(userId?: string): void {
    this.generation++;
    this.reloading.clear();
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
