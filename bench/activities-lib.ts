/** Shared setup for the activities benchmarks: a throw-away database, the app listening on a port, fixtures. */
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { migrate, openDatabase, type Database } from '../src/server/db/client.ts';
import { members, orgs, regions } from '../src/server/modules/directory/schema.ts';
import { uuidv7 } from '../src/server/platform/ids.ts';
import { grants, users } from '../src/server/platform/schema.ts';
import type { Role, ScopeKind } from '../src/shared/roles.ts';

export const SERVER_URL = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? '';

export interface Bench {
  database: Database;
  app: FastifyInstance;
  base: string;
  close(): Promise<void>;
}

/** A fresh PostgreSQL database (dropped afterwards), or in-memory PGlite when no server is configured. */
export async function benchApp(name: string, opts: { poolMax?: number; requirePostgres?: boolean } = {}): Promise<Bench> {
  let database: Database;
  let drop: (() => Promise<void>) | null = null;
  if (SERVER_URL) {
    const admin = new pg.Client({ connectionString: SERVER_URL });
    await admin.connect();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name}`);
    const u = new URL(SERVER_URL);
    u.pathname = `/${name}`;
    database = await openDatabase({ databaseUrl: u.toString(), poolMax: opts.poolMax ?? 20 });
    // BENCH_KEEP=1 leaves the database behind, to look at afterwards
    drop = async () => { if (!process.env.BENCH_KEEP) await admin.query(`drop database if exists ${name} with (force)`).catch(() => {}); await admin.end(); };
  } else {
    if (opts.requirePostgres) throw new Error('Set DATABASE_URL or TEST_DATABASE_URL to a PostgreSQL server (e.g. postgres://postgres@127.0.0.1:5432/test).');
    database = await openDatabase({ noLock: true });
  }
  await migrate(database);
  const app = await buildApp({ database, config: loadConfig({}, { loginRatePerMinute: 100000 }), logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  return {
    database, app, base,
    async close() { await app.close(); await database.close(); await drop?.(); },
  };
}

export async function insertMany(database: Database, table: Parameters<Database['db']['insert']>[0], rows: unknown[], size = 1000) {
  for (let i = 0; i < rows.length; i += size) await database.db.insert(table).values(rows.slice(i, i + size) as never);
}

/** A region with a root committee and `branchCount` branches of `perBranch` members each. */
export async function region(database: Database, branchCount: number, perBranch: number) {
  const regionId = uuidv7();
  await database.db.insert(regions).values({ id: regionId, code: `bench${regionId.slice(-6)}`, name: '基准区域' });
  const rootId = uuidv7();
  const rootPath = `/${rootId}/`;
  const orgRows: (typeof orgs.$inferInsert)[] = [{ regionId, id: rootId, parentId: null, kind: 'committee', name: '基准党工委', path: rootPath, depth: 0 }];
  const branches: { id: string; path: string }[] = [];
  for (let i = 0; i < branchCount; i++) {
    const id = uuidv7();
    branches.push({ id, path: `${rootPath}${id}/` });
    orgRows.push({ regionId, id, parentId: rootId, kind: 'branch', name: `第${i + 1}党支部`, path: `${rootPath}${id}/`, depth: 1 });
  }
  await insertMany(database, orgs, orgRows);
  const memberRows = branches.flatMap((b, bi) => Array.from({ length: perBranch }, (_, k) => ({
    regionId, id: uuidv7(), orgId: b.id, name: `党员${bi}-${k}`, namePinyin: `dangyuan${String(bi).padStart(3, '0')}${String(k).padStart(3, '0')}`,
    gender: k % 2 ? 'M' : 'F', birthDate: '1980-01-01', idNumber: `B${bi}-${k}-${regionId.slice(-6)}`, stage: 'full', joinedOn: '2005-07-01',
  })));
  await insertMany(database, members, memberRows);
  return { regionId, rootId, branches, members: memberRows };
}

/** Users with grants and a session each (no password hashing: sessions are created directly). */
export async function sessionsFor(b: Bench, people: { regionId: string; memberId?: string; role: Role; scopeKind: ScopeKind; scopeId: string }[]) {
  const userRows = people.map((p, i) => ({ id: uuidv7(), username: `bench_${i}_${Math.random().toString(36).slice(2, 8)}`, displayName: `bench ${i}`, passwordHash: 'x', memberId: p.memberId ?? null, memberRegionId: p.memberId ? p.regionId : null }));
  await insertMany(b.database, users, userRows);
  await insertMany(b.database, grants, people.map((p, i) => ({ regionId: p.regionId, id: uuidv7(), userId: userRows[i].id, role: p.role, scopeKind: p.scopeKind, scopeId: p.scopeId })));
  const cookies: string[] = [];
  for (const u of userRows) cookies.push(`lj_sid=${(await b.app.deps.sessions.create(u.id)).token}`);
  return cookies;
}

export function percentile(sorted: number[], p: number) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export function summary(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p90: percentile(s, 90), p99: percentile(s, 99), max: s[s.length - 1], mean: s.reduce((a, x) => a + x, 0) / (s.length || 1) };
}

export const fmt = (x: number) => `${x.toFixed(1)} ms`;
