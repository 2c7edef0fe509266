/**
 * Party dues (issue 15): a branch's collection sheet (GET /api/v1/dues/sheet) for a branch of 50 members with a
 * year of dues (amounts, quarterly payments, some arrears: the demo's seedDues) in a region of 20 branches of 50.
 * Goal: p99 < 50 ms over BENCH_RUNS (200) sequential requests. PostgreSQL with DATABASE_URL / TEST_DATABASE_URL,
 * else in-memory PGlite.
 */
import http from 'node:http';
import { eq } from 'drizzle-orm';
import { orgs } from '../src/server/modules/directory/schema.ts';
import { seedDues } from '../src/server/modules/money/seed-dues.ts';
import { benchApp, region, sessionsFor, summary } from './activities-lib.ts';
import type { BenchResult } from './lib/report.ts';

const RUNS = Number(process.env.BENCH_RUNS) > 0 ? Number(process.env.BENCH_RUNS) : 200;
const log = (s: string) => process.stderr.write(`  dues: ${s}\n`);
const agent = new http.Agent({ keepAlive: true });

function get(url: string, cookie: string): Promise<{ status: number; ms: number }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    http.get(url, { agent, headers: { cookie } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - t0 }));
    }).on('error', reject);
  });
}

export async function run(): Promise<BenchResult[]> {
  const b = await benchApp('lj_bench_dues');
  try {
    const reg = await region(b.database, 20, 50);
    const branch = reg.branches[0];
    await b.database.db.update(orgs).set({ name: '百合社区第一党支部' }).where(eq(orgs.id, branch.id));
    const t0 = performance.now();
    await seedDues(b.database.db, { now: Date.now() });
    log(`a year of dues for 50 members seeded in ${(performance.now() - t0).toFixed(0)} ms`);
    // a live database has statistics (autovacuum); right after a bulk insert the planner has none and picks nested loops
    if (process.env.BENCH_NO_ANALYZE !== '1') await b.database.query('analyze');
    const [cookie] = await sessionsFor(b, [{ regionId: reg.regionId, role: 'dues_collector', scopeKind: 'org', scopeId: branch.id }]);
    const now = new Date(Date.now() + 8 * 3_600_000);
    const url = `${b.base}/api/v1/dues/sheet?orgId=${branch.id}&year=${now.getUTCFullYear()}&month=${now.getUTCMonth() + 1}`;
    for (let i = 0; i < 10; i++) { const r = await get(url, cookie); if (r.status !== 200) throw new Error(`sheet answered ${r.status}`); }
    const ms: number[] = [];
    for (let i = 0; i < RUNS; i++) ms.push((await get(url, cookie)).ms);
    const s = summary(ms);
    // the same session's cheapest route, to read the figure against on a loaded machine
    const base: number[] = [];
    for (let i = 0; i < RUNS; i++) base.push((await get(`${b.base}/api/v1/me`, cookie)).ms);
    const m = summary(base);
    log(`sheet of 50: p50 ${s.p50.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms over ${s.n}`);
    return [
      { name: 'branch sheet (50 members, a year of dues) p50', value: s.p50, unit: 'ms' },
      { name: 'branch sheet (50 members, a year of dues) p99', value: s.p99, unit: 'ms', goal: '< 50', pass: s.p99 < 50 },
      { name: 'baseline GET /api/v1/me p50 (same session)', value: m.p50, unit: 'ms' },
    ];
  } finally {
    agent.destroy();
    await b.close();
  }
}
