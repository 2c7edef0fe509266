import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { MIGRATIONS_DIR } from '../paths.ts';
import * as schema from './schema.ts';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export interface Database {
  kind: 'pglite' | 'postgres';
  db: Db;
  /** Raw SQL with $1.. parameters; rows come back as plain objects. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /**
   * A hot-path statement by name: on PostgreSQL it is parsed and planned once per connection (a named prepared
   * statement) instead of at every call; PGlite runs it as a plain query. `text` must be the same for a name.
   */
  prepared<T = Record<string, unknown>>(name: string, text: string, params: unknown[]): Promise<T[]>;
  close(): Promise<void>;
  /** PGlite: a tarball of the whole data directory (for `loadDataDir`); PostgreSQL has CREATE DATABASE … TEMPLATE. */
  dump?: () => Promise<Blob>;
}

export { MIGRATIONS_DIR };

export class DataDirLockedError extends Error {
  constructor(dir: string, pid: number) {
    super(`The data directory ${dir} is in use by another Lianjian process (pid ${pid}). ` +
      'Stop that process first, or start this one with a different DATA_DIR. ' +
      '(The embedded database cannot be shared by two processes.)');
  }
}

function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try { process.kill(pid, 0); return true; } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM'; }
}

/**
 * Takes an exclusive lock on the data directory: a lock file created with O_EXCL holding our pid.
 * A lock left by a dead process is taken over; a live one makes this call fail at once.
 */
export function lockDataDir(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'lianjian.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx');
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try { if (fs.readFileSync(file, 'utf8') === String(process.pid)) fs.unlinkSync(file); } catch { /* gone */ }
      };
      process.once('exit', release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number(fs.readFileSync(file, 'utf8').trim());
      if (pidAlive(pid) && pid !== process.pid) throw new DataDirLockedError(dir, pid);
      if (pid === process.pid) throw new DataDirLockedError(dir, pid);
      fs.rmSync(file, { force: true }); // stale lock from a process that died
    }
  }
  throw new Error(`Could not lock ${dir}`);
}

export interface OpenOptions {
  databaseUrl?: string;
  /** PGlite data directory; undefined means in memory (tests). */
  dataDir?: string;
  poolMax?: number;
  /** Skip the DATA_DIR lock (only for in-memory databases). */
  noLock?: boolean;
  /** PGlite in memory: start from this dump of a data directory (`dumpDataDir()`; the tests' seeded demo). */
  loadDataDir?: Blob;
  /**
   * PostgreSQL: longest a statement may run (ms, default 60 s; 0 = no limit), so that a request never hangs on an
   * unreachable Citus worker past it (answered 503). Connecting to the server itself gives up after 10 s.
   */
  statementTimeoutMs?: number;
}

/**
 * A pg client that closes its connection after a statement timed out (server `statement_timeout`, 57014, or the
 * driver's `query_timeout`). On Citus, a coordinator whose statement was cancelled while a worker was frozen
 * (SIGSTOP: the TCP connection open, nothing answering) then hangs on the transaction's ROLLBACK until the worker
 * returns (docs/scaling.md): with the connection closed, the ROLLBACK fails at once ("Connection terminated", 503),
 * the pool drops the client, and the server aborts the transaction when it notices the closed socket — nothing of
 * the request is committed.
 */
type PgClientClass = typeof import('pg').default.Client;
export const isStatementTimeout = (e: unknown) => {
  const err = e as { code?: unknown; message?: unknown } | null;
  return err?.code === '57014' || err?.message === 'Query read timeout';
};
function guardedClient(Base: PgClientClass): PgClientClass {
  class Guarded extends Base {
    constructor(...a: ConstructorParameters<PgClientClass>) {
      super(...a);
      // the connection this client closed itself ends with an 'error' event while the client is checked out: the
      // query that timed out has already failed, so it must not crash the process
      this.on('error', () => {});
    }
    // pg's query() has promise and callback forms; both are watched
    query(...args: unknown[]): any {
      const drop = (e: unknown) => {
        if (isStatementTimeout(e)) (this as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
      };
      const last = args.length - 1;
      if (typeof args[last] === 'function') {
        const cb = args[last] as (e: unknown, r: unknown) => void;
        args[last] = (e: unknown, r: unknown) => { if (e) drop(e); cb(e, r); };
        return (super.query as (...a: unknown[]) => unknown)(...args);
      }
      const cbInConfig = args[0] && typeof args[0] === 'object' && typeof (args[0] as { callback?: unknown }).callback === 'function';
      const r = (super.query as (...a: unknown[]) => unknown)(...args);
      if (!cbInConfig && r && typeof (r as Promise<unknown>).then === 'function') {
        return (r as Promise<unknown>).catch((e: unknown) => { drop(e); throw e; });
      }
      return r;
    }
  }
  return Guarded as unknown as PgClientClass;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const pg = await import('pg');
    const { drizzle } = await import('drizzle-orm/node-postgres');
    // dates of record stay strings ('YYYY-MM-DD'), like drizzle does for `date` columns
    pg.default.types.setTypeParser(1082, (v: string) => v);
    const statementTimeoutMs = opts.statementTimeoutMs ?? 60_000;
    const pool = new pg.default.Pool({
      connectionString: opts.databaseUrl, max: opts.poolMax ?? 20, connectionTimeoutMillis: 10_000,
      // jit off: the app's statements are short, and on a big estimate (a figure over a million rows, 三会一课's
      // slots) PostgreSQL spent seconds compiling a query that runs in a few hundred ms (docs/scaling.md)
      options: `-c timezone=UTC -c statement_timeout=${statementTimeoutMs} -c jit=off`,
      // the driver's own deadline, a little after the server's: a query the server never answers still ends
      ...(statementTimeoutMs > 0 ? { query_timeout: statementTimeoutMs + 5_000 } : {}),
      Client: guardedClient(pg.default.Client),
    });
    pool.on('error', () => { /* a dropped idle connection is replaced on next use */ });
    const db = drizzle(pool, { schema }) as unknown as Db;
    return {
      kind: 'postgres',
      db,
      async query(text, params) { return (await pool.query(text, params as unknown[])).rows; },
      async prepared(name, text, params) { return (await pool.query({ name, text, values: params })).rows; },
      async close() { await pool.end(); },
    };
  }
  let release: (() => void) | undefined;
  if (opts.dataDir && !opts.noLock) release = lockDataDir(opts.dataDir);
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    const { drizzle } = await import('drizzle-orm/pglite');
    // btree_gist: the venue bookings' exclusion constraint (no double booking) needs it; PostgreSQL has it built in
    const { btree_gist } = await import('@electric-sql/pglite/contrib/btree_gist');
    const dir = opts.dataDir ? path.join(opts.dataDir, 'pgdata') : undefined;
    const client = await PGlite.create({
      ...(dir ? { dataDir: dir } : {}), ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}), extensions: { btree_gist } });
    await client.exec(`set timezone = 'UTC'`);
    const db = drizzle(client, { schema }) as unknown as Db;
    return {
      kind: 'pglite',
      db,
      async query(text, params) { return (await client.query(text, params as unknown[])).rows as never; },
      async prepared(_name, text, params) { return (await client.query(text, params)).rows as never; },
      async close() { await client.close(); release?.(); },
      dump: () => client.dumpDataDir('none'),
    };
  } catch (e) {
    release?.();
    throw e;
  }
}

export async function migrate(database: Database): Promise<void> {
  if (database.kind === 'postgres') {
    const { migrate: m } = await import('drizzle-orm/node-postgres/migrator');
    await m(database.db as never, { migrationsFolder: MIGRATIONS_DIR });
  } else {
    const { migrate: m } = await import('drizzle-orm/pglite/migrator');
    await m(database.db as never, { migrationsFolder: MIGRATIONS_DIR });
  }
}

/** The applied migration version: the tag of the newest migration recorded in the database. */
export async function migrationVersion(database: Database): Promise<{ applied: number; latest: string | null }> {
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as {
    entries: { idx: number; when: number; tag: string }[];
  };
  let applied: number;
  try {
    const rows = await database.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
    applied = Number((rows as unknown as { rows: { n: number }[] }).rows[0]?.n ?? 0);
  } catch { applied = 0; }
  const entry = journal.entries[applied - 1];
  return { applied, latest: entry ? entry.tag : null };
}
