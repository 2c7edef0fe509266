/**
 * Directory figures (issue 3):
 *  - Member list (20 rows, subtree filter + name search, with total) on PostgreSQL at 10k and 100k members:
 *    requests/s and p99 at 50 connections, beside a bare Fastify route that sends the same SQL through `pg`
 *    with no session, scope, validation or serialization layer (the ceiling). Goals: ≥ 60% of the ceiling's
 *    throughput; p99 at 100k within 1.5× of p99 at 10k.
 *  - Import of 10,000 and 100,000 roster rows into PostgreSQL: seconds and peak memory of the importing
 *    process (a child process each). Goal: 100k rows < 30 s and < 500 MB. Also 10k rows into the embedded PGlite,
 *    for information (that process also holds PGlite's own ~700 MB).
 *
 * PostgreSQL: BENCH_DATABASE_URL, else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test
 * (a database lj_bench_directory is created on that server and dropped after).
 * Knobs: BENCH_DURATION_MS (recorded time per scenario, default 6000), BENCH_CONNECTIONS (50),
 * BENCH_LIST_SIZES ("10000,100000"), BENCH_IMPORT_SIZES ("10000,100000").
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import pg from 'pg';
import { withDatabase } from './lib/pg.ts';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { migrate, openDatabase } from '../src/server/db/client.ts';
import { createUser, grantRole } from '../src/server/platform/users.ts';
import { generateRegion } from './lib/members-gen.ts';
import { measure, type LoadResult } from './lib/load.ts';
import { ROOT } from './lib/process.ts';
import type { BenchResult } from './lib/report.ts';

const num = (name: string, dflt: number) => { const n = Number(process.env[name]); return Number.isFinite(n) && n > 0 ? n : dflt; };
const sizes = (name: string, dflt: string) => (process.env[name] ?? dflt).split(',').map(Number).filter((n) => n > 0);
const log = (s: string) => process.stderr.write(`  directory: ${s}\n`);

/** The SQL the member list sends for an org admin of `committee` searching `q` in the committee's subtree. */
function ceilingSql(regionId: string, committee: string, committeePath: string, q: string) {
  const where = `((members.region_id = $1 and (members.org_id in (select o.id from orgs o where o.region_id = $1 and (o.path like $2)))))
    and members.org_id in (select o.id from orgs o join orgs s on s.region_id = o.region_id
      and o.path like replace(replace(replace(s.path, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%'
      where s.id = $4)
    and members.status <> 'transferred_out' and members.name like $3`;
  const values = [regionId, `${committeePath}%`, `${q}%`, committee];
  return {
    rows: { text: `select members.*, orgs.name as org_name, orgs.path as org_path from members inner join orgs on orgs.region_id = members.region_id and orgs.id = members.org_id where ${where} order by members.name_pinyin asc, members.id asc limit 20 offset 0`, values },
    count: { text: `select count(*)::int as n from members where ${where}`, values },
  };
}

async function listAt(size: number): Promise<{ app: LoadResult; ceiling: LoadResult }> {
  return withDatabase(`lj_bench_directory`, async (url) => {
    const database = await openDatabase({ databaseUrl: url, poolMax: 20 });
    const pool = new pg.Pool({ connectionString: url, max: 20 });
    pool.on('error', () => {});
    try {
      await migrate(database);
      log(`generating ${size.toLocaleString()} members on PostgreSQL…`);
      const t0 = performance.now();
      const gen = await generateRegion(database, size);
      log(`  generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      const committee = gen.committees[3];
      const [c] = await database.query<{ path: string }>('select path from orgs where id = $1', [committee]);
      const config = loadConfig({}, { loginRatePerMinute: 100_000, logLevel: 'warn' });
      const sys = { principal: null };
      const userId = await createUser(database.db, sys, { username: 'bench', displayName: 'bench', password: 'bench-password-1' });
      await grantRole(database.db, sys, { userId, role: 'org_admin', scopeKind: 'org', scopeId: committee, regionId: gen.regionId });
      const app = await buildApp({ database, config, logger: false });
      await app.listen({ host: '127.0.0.1', port: 0 });
      const ceiling = Fastify({ logger: false });
      const q = ceilingSql(gen.regionId, committee, c.path, '王');
      ceiling.get('/ceiling', async () => {
        const [rows, count] = await Promise.all([pool.query(q.rows), pool.query(q.count)]);
        return JSON.stringify({ n: rows.rowCount, total: count.rows[0].n });
      });
      await ceiling.listen({ host: '127.0.0.1', port: 0 });
      try {
        const appUrl = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
        const login = await fetch(`${appUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-requested-with': 'x' }, body: JSON.stringify({ username: 'bench', password: 'bench-password-1' }) });
        const sid = /lj_sid=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')?.[1];
        if (!sid) throw new Error(`sign-in failed: ${login.status}`);
        const listUrl = `${appUrl}/api/v1/members?orgId=${committee}&q=${encodeURIComponent('王')}&pageSize=20`;
        const check = await (await fetch(listUrl, { headers: { cookie: `lj_sid=${sid}` } })).json() as { total: number; items: unknown[] };
        log(`  the query: org admin of one committee (1/20 of the members), search 王: ${check.total} matches, ${check.items.length} rows per page`);
        const opts = { connections: num('BENCH_CONNECTIONS', 50), durationMs: num('BENCH_DURATION_MS', 6000), warmupMs: 1500 };
        const ceil = await measure({ ...opts, url: `http://127.0.0.1:${(ceiling.server.address() as { port: number }).port}/ceiling` });
        const res = await measure({ ...opts, url: listUrl, headers: { cookie: `lj_sid=${sid}` } });
        for (const [what, r] of [['ceiling (pg only)', ceil], ['GET /api/v1/members', res]] as const) {
          log(`  ${size.toLocaleString()} members, ${what}: ${r.rps.toFixed(0)} req/s, p50 ${r.p50Ms.toFixed(1)} ms, p99 ${r.p99Ms.toFixed(1)} ms, errors ${r.errors}${r.firstError ? ` (${r.firstError})` : ''}`);
        }
        return { app: res, ceiling: ceil };
      } finally {
        await app.close();
        await ceiling.close();
      }
    } finally {
      await pool.end();
      await database.close();
    }
  });
}

/** One import in a child process (so its peak memory is its own): seconds and max RSS. `dbUrl`: PostgreSQL, else PGlite. */
function importOnce(rows: number, dbUrl?: string): Promise<{ seconds: number; maxRssMb: number; baselineMb: number; created: number }> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, ...(dbUrl ? { BENCH_IMPORT_DB: dbUrl } : {}) };
    if (!dbUrl) delete env.BENCH_IMPORT_DB;
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', 'lib', 'import-child.ts'), String(rows)], { stdio: ['ignore', 'pipe', 'inherit'], env });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`import child exited ${code}`));
      resolve(JSON.parse(out.trim().split('\n').pop()!));
    });
  });
}

export async function run(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  const listSizes = sizes('BENCH_LIST_SIZES', '10000,100000');
  const p99: Record<number, number> = {};
  for (const size of listSizes) {
    const { app, ceiling } = await listAt(size);
    const ratio = app.rps / ceiling.rps;
    p99[size] = app.p99Ms;
    out.push(
      { name: `member list @${size / 1000}k: throughput`, value: app.rps, unit: 'req/s' },
      { name: `member list @${size / 1000}k: p99`, value: app.p99Ms, unit: 'ms' },
      { name: `member list @${size / 1000}k: ceiling (pg only) throughput`, value: ceiling.rps, unit: 'req/s' },
      { name: `member list @${size / 1000}k: share of ceiling`, value: ratio, unit: '', goal: '≥ 0.6', pass: ratio >= 0.6 },
    );
  }
  if (p99[10000] && p99[100000]) {
    const growth = p99[100000] / p99[10000];
    out.push({ name: 'member list p99 @100k ÷ @10k', value: growth, unit: '', goal: '≤ 1.5', pass: growth <= 1.5 });
  }
  // The import goals are for the application process, so they are measured with PostgreSQL holding the data;
  // with the embedded PGlite the same process also holds PGlite's WASM heap (~700 MB before any import).
  for (const rows of sizes('BENCH_IMPORT_SIZES', '10000,100000')) {
    const big = rows >= 100_000;
    const r = await withDatabase('lj_bench_import', async (url) => {
      const db = await openDatabase({ databaseUrl: url, poolMax: 2 });
      await migrate(db);
      await db.close();
      log(`import of ${rows.toLocaleString()} rows (PostgreSQL, child process)…`);
      return importOnce(rows, url);
    });
    log(`  ${r.created} created in ${r.seconds.toFixed(1)} s, peak RSS ${r.maxRssMb.toFixed(0)} MB (${r.baselineMb.toFixed(0)} MB before the import)`);
    out.push(
      { name: `import ${rows / 1000}k rows (PostgreSQL): time`, value: r.seconds, unit: 's', ...(big ? { goal: '< 30 s', pass: r.seconds < 30 } : {}) },
      { name: `import ${rows / 1000}k rows (PostgreSQL): peak memory`, value: r.maxRssMb, unit: 'MB', ...(big ? { goal: '< 500 MB', pass: r.maxRssMb < 500 } : {}) },
    );
  }
  if (process.env.BENCH_IMPORT_PGLITE !== '0') {
    log('import of 10,000 rows (embedded PGlite, child process)…');
    const r = await importOnce(10_000);
    log(`  ${r.created} created in ${r.seconds.toFixed(1)} s, peak RSS ${r.maxRssMb.toFixed(0)} MB (${r.baselineMb.toFixed(0)} MB with PGlite open, before the import)`);
    out.push(
      { name: 'import 10k rows (PGlite): time', value: r.seconds, unit: 's' },
      { name: 'import 10k rows (PGlite): peak memory, PGlite included', value: r.maxRssMb, unit: 'MB' },
    );
  }
  void fs; void os;
  return out;
}
