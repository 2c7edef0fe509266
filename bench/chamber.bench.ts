/**
 * Chamber figures (issue 14): the mediation register (登记簿) of 10,000 cases with filters (year + dispute type,
 * 20 rows and the total), as the committee's org admin, on PostgreSQL: p99 (goal < 100 ms) and throughput beside a
 * bare Fastify route sending equivalent SQL through `pg` with no session, scope, validation or serialization
 * layer (the ceiling; goal ≥ 0.6 of its throughput).
 *
 * PostgreSQL: BENCH_DATABASE_URL, else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test (a database
 * lj_bench_chamber is created there and dropped after). Knobs: BENCH_DURATION_MS (default 6000),
 * BENCH_CONNECTIONS (default 10), BENCH_CASES (default 10000).
 */
import Fastify from 'fastify';
import pg from 'pg';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { migrate, openDatabase } from '../src/server/db/client.ts';
import { uuidv7 } from '../src/server/platform/ids.ts';
import { createUser, grantRole } from '../src/server/platform/users.ts';
import { measure } from './lib/load.ts';
import type { BenchResult } from './lib/report.ts';

const num = (name: string, dflt: number) => { const n = Number(process.env[name]); return Number.isFinite(n) && n > 0 ? n : dflt; };
const log = (s: string) => process.stderr.write(`  chamber: ${s}\n`);
const SERVER = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export async function run(): Promise<BenchResult[]> {
  const N = num('BENCH_CASES', 10_000);
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  await admin.query('drop database if exists lj_bench_chamber with (force)');
  await admin.query('create database lj_bench_chamber');
  const u = new URL(SERVER);
  u.pathname = '/lj_bench_chamber';
  const url = u.toString();
  const database = await openDatabase({ databaseUrl: url, poolMax: 20 });
  const pool = new pg.Pool({ connectionString: url, max: 20 });
  pool.on('error', () => {});
  try {
    await migrate(database);
    const regionId = uuidv7();
    const root = uuidv7();
    const chamber = uuidv7();
    const other = uuidv7();
    await database.query(`insert into regions (id, code, name) values ($1, 'bench', '骆驼街道')`, [regionId]);
    await database.query(`insert into orgs (region_id, id, parent_id, kind, name, path, depth) values
      ($1, $2, null, 'committee', '街道党工委', $5, 0),
      ($1, $3, $2, 'committee', '商会党委', $6, 1),
      ($1, $4, $2, 'committee', '其他党委', $7, 1)`, [regionId, root, chamber, other, `/${root}/`, `/${root}/${chamber}/`, `/${root}/${other}/`]);
    log(`generating ${N.toLocaleString()} mediation cases (9 in 10 of the committee's, over ten years)…`);
    const t0 = performance.now();
    await database.query(`create temporary table g as
      select i, gen_random_uuid() as id, 2017 + (i % 10) as year, (array['labour','contract','debt','injury','neighbourhood','other'])[1 + i % 6] as type,
             (array['accepted','mediating','agreed','failed','closed','closed','closed','closed'])[1 + i % 8] as stage,
             case when i % 10 = 0 then $1::uuid else $2::uuid end as org_id,
             timestamptz '2017-01-05 09:00+08' + ((i % 10) * interval '365 days') + ((i / 10) * interval '5 minutes') as at
        from generate_series(1, ${N}) i`, [other, chamber]);
    await database.query(`insert into cases (region_id, id, kind, org_id, year, seq, title, stage, stage_since, clock_from, due_at, opened_at, closed_at, updated_at)
      select $1, id, 'mediation', org_id, year, row_number() over (partition by year order by i), type, stage, at, at,
             case when stage in ('accepted', 'mediating') then at + interval '30 days' end, at,
             case when stage = 'closed' then at + interval '20 days' end, at from g`, [regionId]);
    await database.query(`insert into mediation_cases (region_id, id, org_id, year, source, dispute_type, amount_fen, facts, outcome, party_count)
      select $1, id, org_id, year, (array['application','proactive','police','court','government'])[1 + i % 5], type, (i % 997) * 10000,
             '双方就工资数额发生争议。', case when stage in ('agreed', 'closed') then 'agreement' when stage = 'failed' then 'failed' end, 2 from g`, [regionId]);
    await database.query(`insert into case_assignments (region_id, id, case_id, role, name, assigned_at)
      select $1, gen_random_uuid(), id, 'mediator', '调解员' || (i % 7), at from g`, [regionId]);
    await database.query('analyze');
    log(`  generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const sys = { principal: null };
    const userId = await createUser(database.db, sys, { username: 'bench', displayName: 'bench', password: 'bench-password-1' });
    await grantRole(database.db, sys, { userId, role: 'org_admin', scopeKind: 'org', scopeId: chamber, regionId });
    const app = await buildApp({ database, config: loadConfig({}, { loginRatePerMinute: 100_000, logLevel: 'warn' }), logger: false });
    await app.listen({ host: '127.0.0.1', port: 0 });
    // the ceiling: the same rows and count by hand, the scope reduced to the committee's subtree
    const where = `m.region_id = $1 and m.org_id in (select so.id from orgs so where so.region_id = $1 and so.path like $2) and m.year = $3 and m.dispute_type = $4`;
    const chamberPath = `/${root}/${chamber}/`;
    const values = [regionId, `${chamberPath}%`, 2025, 'labour'];
    const rowsSql = `select c.*, m.*, o.name as org_name, array(select a.name from case_assignments a where a.region_id = c.region_id and a.case_id = c.id
        and a.role = 'mediator' and a.ended_at is null order by a.assigned_at, a.id) as mediators
      from mediation_cases m join cases c on c.region_id = m.region_id and c.id = m.id join orgs o on o.region_id = m.region_id and o.id = m.org_id
      where ${where} order by c.year desc, c.seq desc, c.id asc limit 20 offset 0`;
    const countSql = `select count(*)::int as n from mediation_cases m join cases c on c.region_id = m.region_id and c.id = m.id where ${where}`;
    const ceiling = Fastify({ logger: false });
    ceiling.get('/ceiling', async () => {
      const [rows, count] = await Promise.all([pool.query(rowsSql, values), pool.query(countSql, values)]);
      return JSON.stringify({ items: rows.rows, total: count.rows[0].n });
    });
    await ceiling.listen({ host: '127.0.0.1', port: 0 });
    try {
      const appUrl = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
      const login = await fetch(`${appUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-requested-with': 'x' }, body: JSON.stringify({ username: 'bench', password: 'bench-password-1' }) });
      const sid = /lj_sid=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')?.[1];
      if (!sid) throw new Error(`sign-in failed: ${login.status}`);
      const listUrl = `${appUrl}/api/v1/mediation-cases?year=2025&disputeType=labour&pageSize=20`;
      const check = await (await fetch(listUrl, { headers: { cookie: `lj_sid=${sid}` } })).json() as { total: number; items: unknown[] };
      log(`  the query: the committee's register, 2025, labour disputes: ${check.total} matches, ${check.items.length} rows per page`);
      const opts = { connections: num('BENCH_CONNECTIONS', 10), durationMs: num('BENCH_DURATION_MS', 6000), warmupMs: 1500 };
      const ceil = await measure({ ...opts, url: `http://127.0.0.1:${(ceiling.server.address() as { port: number }).port}/ceiling` });
      const res = await measure({ ...opts, url: listUrl, headers: { cookie: `lj_sid=${sid}` } });
      for (const [what, r] of [['ceiling (pg only)', ceil], ['GET /api/v1/mediation-cases', res]] as const) {
        log(`  ${what}: ${r.rps.toFixed(0)} req/s, p50 ${r.p50Ms.toFixed(1)} ms, p99 ${r.p99Ms.toFixed(1)} ms, errors ${r.errors}${r.firstError ? ` (${r.firstError})` : ''}`);
      }
      const ratio = res.rps / ceil.rps;
      const k = `${N / 1000}k`;
      return [
        { name: `mediation register @${k}, ${opts.connections} connections: p99`, value: res.p99Ms, unit: 'ms', goal: '< 100 ms', pass: res.p99Ms < 100 },
        { name: `mediation register @${k}: throughput`, value: res.rps, unit: 'req/s' },
        { name: `mediation register @${k}: ceiling (pg only) p99`, value: ceil.p99Ms, unit: 'ms' },
        { name: `mediation register @${k}: ceiling (pg only) throughput`, value: ceil.rps, unit: 'req/s' },
        { name: `mediation register @${k}: share of ceiling`, value: ratio, unit: '', goal: '≥ 0.6', pass: ratio >= 0.6 },
      ];
    } finally {
      await app.close();
      await ceiling.close();
    }
  } finally {
    await pool.end();
    await database.close();
    await admin.query('drop database if exists lj_bench_chamber with (force)').catch(() => {});
    await admin.end();
  }
}
