/**
 * Co-building figures (issue 12), on PostgreSQL:
 *  - 200 village secretaries claim the last slots of one need within one second (each its own session and
 *    dispatch, 1 slot each, 50 slots left): every claim answered (200 or 409 NO_SLOTS_LEFT), the need never over its
 *    quantity, p99 < 200 ms.
 *  - The office's list of 10,000 needs with filters (status + category, 50 a page, with total) at 50 connections,
 *    beside a bare Fastify route sending the same SQL through `pg` (the ceiling the directory bench uses):
 *    p99 < 100 ms and ≥ 0.6 of the ceiling's throughput.
 *
 * PostgreSQL: BENCH_DATABASE_URL, else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test (a database
 * lj_bench_cobuild is created there and dropped after). Knobs: BENCH_DURATION_MS (6000), BENCH_CONNECTIONS (50).
 */
import Fastify from 'fastify';
import pg from 'pg';
import { withDatabase } from './lib/pg.ts';
import { hash } from '@node-rs/argon2';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { migrate, openDatabase, type Database } from '../src/server/db/client.ts';
import { uuidv7 } from '../src/server/platform/ids.ts';
import { createUser, grantRole } from '../src/server/platform/users.ts';
import { percentile, type BenchResult } from './lib/report.ts';
import { measure } from './lib/load.ts';

const num = (name: string, dflt: number) => { const n = Number(process.env[name]); return Number.isFinite(n) && n > 0 ? n : dflt; };
const log = (s: string) => process.stderr.write(`  cobuild: ${s}\n`);
const PASSWORD = 'bench-password-1';
const CLAIMERS = 200;
const LEFT = 50;
const LIST_SIZE = 10_000;

/** A town with a joint meeting, a canteen unit, `villages` village units (each with its committee) and the office. */
async function town(database: Database, villages: number) {
  const regionId = uuidv7();
  const rootId = uuidv7();
  const allianceId = uuidv7();
  const canteenOrg = uuidv7();
  const canteen = uuidv7();
  await database.query(`insert into regions (id, code, name) values ($1, 'bench', '白峰镇')`, [regionId]);
  await database.query(`insert into orgs (region_id, id, kind, name, path, depth) values ($1, $2, 'committee', '白峰镇党委', $3, 0)`, [regionId, rootId, `/${rootId}/`]);
  await database.query(`insert into orgs (region_id, id, parent_id, kind, name, path, depth) values ($1, $2, $3, 'branch', '光明码头党支部', $4, 1)`, [regionId, canteenOrg, rootId, `/${rootId}/${canteenOrg}/`]);
  await database.query(`insert into units (region_id, id, kind, name, org_id) values ($1, $2, 'enterprise', '宁波港光明码头有限公司', $3)`, [regionId, canteen, canteenOrg]);
  await database.query(`insert into alliances (region_id, id, kind, name, lead_org_id) values ($1, $2, 'joint_meeting', '临港联席会议', $3)`, [regionId, allianceId, rootId]);
  await database.query(`insert into alliance_units (region_id, alliance_id, unit_id) values ($1, $2, $3)`, [regionId, allianceId, canteen]);
  const village: { orgId: string; unitId: string }[] = [];
  for (let i = 0; i < villages; i++) {
    const orgId = uuidv7();
    const unitId = uuidv7();
    village.push({ orgId, unitId });
    await database.query(`insert into orgs (region_id, id, parent_id, kind, name, path, depth) values ($1, $2, $3, 'committee', $4, $5, 1)`, [regionId, orgId, rootId, `村${i}党委`, `/${rootId}/${orgId}/`]);
    await database.query(`insert into units (region_id, id, kind, name, org_id) values ($1, $2, 'village', $3, $4)`, [regionId, unitId, `村${i}`, orgId]);
  }
  return { regionId, rootId, allianceId, canteen, canteenOrg, village };
}

async function signIn(baseUrl: string, username: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-requested-with': 'x' }, body: JSON.stringify({ username, password: PASSWORD }) });
  const sid = /lj_sid=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
  if (!sid) throw new Error(`sign-in ${username} failed: ${res.status}`);
  return `lj_sid=${sid}`;
}

async function claims(): Promise<BenchResult[]> {
  return withDatabase('lj_bench_cobuild', async (url) => {
    const database = await openDatabase({ databaseUrl: url, poolMax: 20 });
    try {
      await migrate(database);
      const w = await town(database, CLAIMERS);
      const quantity = LEFT + 10;
      const needId = uuidv7();
      // a published need of 60 slots, 10 already claimed, dispatched to every village
      await database.query(`insert into needs (region_id, id, alliance_id, category, title, quantity, claimed, slot_seq, status, unit_id, org_id, raised_as)
        values ($1, $2, $3, 'jobs', '码头装卸工', $4, 10, 10, 'published', $5, $6, 'office')`, [w.regionId, needId, w.allianceId, quantity, w.canteen, w.canteenOrg]);
      const dispatchIds: string[] = [];
      for (const v of w.village) {
        const id = uuidv7();
        dispatchIds.push(id);
        await database.query(`insert into need_dispatches (region_id, id, need_id, recipient, org_id, unit_id) values ($1, $2, $3, $4, $5, $6)`,
          [w.regionId, id, needId, `unit:${v.unitId}`, v.orgId, v.unitId]);
      }
      const passwordHash = await hash(PASSWORD, { algorithm: 2, memoryCost: 64, timeCost: 1, parallelism: 1 });
      const sys = { principal: null };
      for (const [i, v] of w.village.entries()) {
        const userId = await createUser(database.db, sys, { username: `sec${i}`, displayName: `村${i}书记`, password: PASSWORD, passwordHash });
        await grantRole(database.db, sys, { userId, role: 'org_admin', scopeKind: 'org', scopeId: v.orgId, regionId: w.regionId });
      }
      const app = await buildApp({ database, config: loadConfig({}, { loginRatePerMinute: 100_000, logLevel: 'warn' }), logger: false });
      await app.listen({ host: '127.0.0.1', port: 0 });
      try {
        const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
        const cookies: string[] = [];
        for (let i = 0; i < CLAIMERS; i++) cookies.push(await signIn(base, `sec${i}`));
        log(`${CLAIMERS} secretaries signed in; ${LEFT} of ${quantity} slots left; all claim 1 within one second…`);
        const latencies: number[] = [];
        const statuses: string[] = [];
        await Promise.all(cookies.map((cookie, i) => new Promise<void>((resolve) => {
          setTimeout(() => {
            const t0 = performance.now();
            void fetch(`${base}/api/v1/need-dispatches/${dispatchIds[i]}/claim`, {
              method: 'POST', headers: { cookie, 'content-type': 'application/json', 'x-requested-with': 'x' }, body: JSON.stringify({ slots: 1 }),
            }).then(async (r) => {
              latencies.push(performance.now() - t0);
              const body = await r.json() as { error?: { code: string } };
              statuses.push(r.status === 200 ? 'claimed' : `${r.status} ${body.error?.code}`);
            }, (e: unknown) => { latencies.push(performance.now() - t0); statuses.push(`network ${String(e)}`); }).finally(resolve);
          }, (i * 1000) / CLAIMERS);
        })));
        const sorted = [...latencies].sort((a, b) => a - b);
        const ok = statuses.filter((s) => s === 'claimed').length;
        const full = statuses.filter((s) => s === '409 NO_SLOTS_LEFT').length;
        const [n] = await database.query<{ claimed: number; slots: number }>(
          'select claimed, (select coalesce(sum(slots), 0)::int from need_claims where need_id = $1) as slots from needs where id = $1', [needId]);
        log(`  ${ok} claimed, ${full} no slots left, ${CLAIMERS - ok - full} other; need claimed ${n.claimed}/${quantity} (claims sum ${Number(n.slots) + 10}); p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms`);
        const p99 = percentile(sorted, 99);
        const exact = Number(n.claimed) === quantity && Number(n.slots) + 10 === quantity && ok === LEFT && full === CLAIMERS - LEFT;
        return [
          { name: `${CLAIMERS} claims on the last ${LEFT} slots: p99`, value: p99, unit: 'ms', goal: '< 200 ms', pass: p99 < 200 },
          { name: `${CLAIMERS} claims: answered claimed or NO_SLOTS_LEFT, never over quantity`, value: ok + full, unit: 'answers', goal: `= ${CLAIMERS}, ${LEFT} claimed`, pass: exact },
        ];
      } finally {
        await app.close();
      }
    } finally {
      await database.close();
    }
  });
}

/** The SQL the office's filtered list sends (rows and total), for the ceiling. */
function ceilingSql(regionId: string, allianceId: string) {
  const where = `needs.region_id = $1 and needs.alliance_id = $2 and needs.status = $3 and needs.category = $4`;
  const values = [regionId, allianceId, 'published', 'jobs'];
  return {
    rows: {
      text: `select needs.*, alliances.name as alliance_name, units.name as unit_name, orgs.name as org_name,
        (select count(*)::int from need_dispatches x where x.region_id = needs.region_id and x.need_id = needs.id) as dispatches
        from needs join alliances on alliances.region_id = needs.region_id and alliances.id = needs.alliance_id
        left join units on units.region_id = needs.region_id and units.id = needs.unit_id
        left join orgs on orgs.region_id = needs.region_id and orgs.id = needs.org_id
        where ${where} order by needs.created_at desc, needs.id desc limit 50 offset 0`, values,
    },
    count: { text: `select count(*)::int as n from needs where ${where}`, values },
  };
}

async function list(): Promise<BenchResult[]> {
  return withDatabase('lj_bench_cobuild', async (url) => {
    const database = await openDatabase({ databaseUrl: url, poolMax: 20 });
    const pool = new pg.Pool({ connectionString: url, max: 20 });
    pool.on('error', () => {});
    try {
      await migrate(database);
      const w = await town(database, 20);
      log(`generating ${LIST_SIZE.toLocaleString()} needs…`);
      await database.query(`insert into needs (region_id, id, alliance_id, category, title, quantity, claimed, status, unit_id, org_id, raised_as, created_at)
        select $1, gen_random_uuid(), $2, (array['jobs','transport','venue','training','volunteers','funds','other'])[1 + i % 7], '需求' || i, 1 + i % 5, 0,
               (array['submitted','accepted','published','published','confirmed','rated'])[1 + i % 6], $3, $4, 'liaison', now() - (i || ' minutes')::interval
          from generate_series(1, $5) i`, [w.regionId, w.allianceId, w.canteen, w.canteenOrg, LIST_SIZE]);
      await database.query('analyze needs');
      const sys = { principal: null };
      const userId = await createUser(database.db, sys, { username: 'office', displayName: '联席会议办公室', password: PASSWORD });
      await grantRole(database.db, sys, { userId, role: 'alliance_coordinator', scopeKind: 'alliance', scopeId: w.allianceId, regionId: w.regionId });
      const app = await buildApp({ database, config: loadConfig({}, { loginRatePerMinute: 100_000, logLevel: 'warn' }), logger: false });
      await app.listen({ host: '127.0.0.1', port: 0 });
      const ceiling = Fastify({ logger: false });
      const q = ceilingSql(w.regionId, w.allianceId);
      ceiling.get('/ceiling', async () => {
        const [rows, count] = await Promise.all([pool.query(q.rows), pool.query(q.count)]);
        return JSON.stringify({ items: rows.rows, total: count.rows[0].n });
      });
      await ceiling.listen({ host: '127.0.0.1', port: 0 });
      try {
        const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
        const cookie = await signIn(base, 'office');
        const listUrl = `${base}/api/v1/needs?allianceId=${w.allianceId}&status=published&category=jobs&pageSize=50`;
        const check = await (await fetch(listUrl, { headers: { cookie } })).json() as { total: number; items: unknown[] };
        log(`  the query: the office, published jobs needs: ${check.total} of ${LIST_SIZE}, ${check.items.length} rows a page`);
        const opts = { connections: num('BENCH_CONNECTIONS', 50), durationMs: num('BENCH_DURATION_MS', 6000), warmupMs: 1500 };
        const ceil = await measure({ ...opts, url: `http://127.0.0.1:${(ceiling.server.address() as { port: number }).port}/ceiling` });
        const res = await measure({ ...opts, url: listUrl, headers: { cookie } });
        for (const [what, r] of [['ceiling (pg only)', ceil], ['GET /api/v1/needs', res]] as const) {
          log(`  ${what}: ${r.rps.toFixed(0)} req/s, p50 ${r.p50Ms.toFixed(1)} ms, p99 ${r.p99Ms.toFixed(1)} ms, errors ${r.errors}${r.firstError ? ` (${r.firstError})` : ''}`);
        }
        const ratio = res.rps / ceil.rps;
        return [
          { name: 'office list of 10k needs (filtered): p99', value: res.p99Ms, unit: 'ms', goal: '< 100 ms', pass: res.p99Ms < 100 && res.errors === 0 },
          { name: 'office list of 10k needs: throughput', value: res.rps, unit: 'req/s' },
          { name: 'office list of 10k needs: ceiling (pg only) throughput', value: ceil.rps, unit: 'req/s' },
          { name: 'office list of 10k needs: ceiling p99', value: ceil.p99Ms, unit: 'ms' },
          { name: 'office list of 10k needs: share of ceiling', value: ratio, unit: '', goal: '≥ 0.6', pass: ratio >= 0.6 },
        ];
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

export async function run(): Promise<BenchResult[]> {
  return [...await claims(), ...await list()];
}
