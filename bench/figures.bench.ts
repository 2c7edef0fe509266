/**
 * Figures (issue 16), on PostgreSQL, with a synthetic region (bench/lib/figures-gen.ts, set-based generate_series):
 * 100k members, 1M activity attendances (and their ~860k check-ins), 1M volunteer hour entries.
 *  - a dashboard's figures: computeValues for every figure of the region (this year, with the previous period and
 *    last year), no cache anywhere — p99 < 300 ms;
 *  - the big screen (platform/kiosk): a level's first open, every block computed (for information); the refresh of
 *    a lone screen every REFRESH_SECONDS, served the blocks of its previous refresh while they are recomputed behind
 *    the answer (stale-while-revalidate, docs/bigscreen.md) — p99 < 100 ms; and within the TTL (several screens on
 *    one level) — p99 < 100 ms;
 *  - each figure alone (computeValues of that figure) beside the same aggregate over the figure's own `rows`
 *    written as bare SQL and sent through `pg` (the ceiling): ceiling time ÷ engine time ≥ 0.6.
 *
 * PostgreSQL: BENCH_DATABASE_URL, else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test (a database
 * lj_bench_figures is created there and dropped after). Knobs: BENCH_FIG_MEMBERS (100000), BENCH_FIG_ATTENDANCES
 * (1000000), BENCH_FIG_HOURS (1000000), BENCH_FIG_RUNS (30 runs of each measurement).
 */
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { loadConfig } from '../src/server/config.ts';
import { migrate, openDatabase } from '../src/server/db/client.ts';
import type { Ctx } from '../src/server/platform/context.ts';
import { computeValues, FIGURES, parsePeriod } from '../src/server/platform/figures/engine.ts';
import { freshSummaries, markAllDirty } from '../src/server/platform/figures/summary.ts';
import { figureClock, rowsAt, type FigureDef } from '../src/server/platform/figures/types.ts';
import { readableFigures } from '../src/server/platform/kiosk/figures.ts';
import { findLevel } from '../src/server/platform/kiosk/level.ts';
import { bigScreenOf, REFRESH_SECONDS, screenCacheSettled, setScreenCache } from '../src/server/platform/kiosk/screen.ts';
import type { Principal } from '../src/server/platform/scope.ts';
import { generateFiguresRegion } from './lib/figures-gen.ts';
import { withDatabase } from './lib/pg.ts';
import { median, percentile, type BenchResult } from './lib/report.ts';

const num = (name: string, dflt: number) => { const n = Number(process.env[name]); return Number.isFinite(n) && n > 0 ? n : dflt; };
const log = (s: string) => process.stderr.write(`  figures: ${s}\n`);
/** the server's clock during the bench: the figures count "this year" as of this day */
const NOW = Date.parse('2026-12-03T08:00:00Z');
/** the benchmark's clock: NOW, moved on by the big screen's refreshes */
let clock = NOW;

const ADMIN: Principal = { id: '00000000-0000-7000-8000-000000000001', username: 'bench', displayName: 'bench', isPlatformAdmin: true, memberId: null, memberRegionId: null, locale: null, grants: [] };

/** `runs` timings of `fn` after one warm-up; `between` (not timed) runs after each, e.g. to let background work end. */
async function times(runs: number, fn: () => Promise<unknown>, between?: () => Promise<unknown>): Promise<number[]> {
  await fn(); // one warm-up: connections open, statements planned once
  await between?.();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
    await between?.();
  }
  return out.sort((a, b) => a - b);
}

/** The figure's aggregate over its own `rows`, as one bare statement (the region, the period): the ceiling. */
function bareSql(def: FigureDef, regionId: string, from: string | null, to: string | null): { text: string; values: unknown[] } {
  const q = new PgDialect().sqlToQuery(rowsAt(def, figureClock(Date.now())));
  const n = q.params.length;
  const agg = def.aggregate === 'count' ? 'count(*)::float8' : def.aggregate === 'sum' ? 'coalesce(sum(r.value), 0)::float8' : 'coalesce(100 * avg(r.value), 0)::float8';
  const conds = [`r.region_id = $${n + 1}`];
  const values: unknown[] = [...q.params, regionId];
  if (to) { values.push(to); conds.push(def.stock ? `(r.at < $${values.length}::date or r.at is null)` : `r.at < $${values.length}::date`); }
  if (from && !def.stock) { values.push(from); conds.push(`r.at >= $${values.length}::date`); }
  return { text: `select ${agg} as v from (${q.sql}) r where ${conds.join(' and ')}`, values };
}

export async function run(): Promise<BenchResult[]> {
  const members = num('BENCH_FIG_MEMBERS', 100_000);
  const attendances = num('BENCH_FIG_ATTENDANCES', 1_000_000);
  const hourEntries = num('BENCH_FIG_HOURS', 1_000_000);
  const runs = num('BENCH_FIG_RUNS', 30);
  return withDatabase('lj_bench_figures', async (url) => {
    const database = await openDatabase({ databaseUrl: url, poolMax: 10 });
    // the same session settings as the app's pool (jit off: db/client.ts), so the ceiling is the same server's
    const pool = new pg.Pool({ connectionString: url, max: 4, options: '-c jit=off' });
    pool.on('error', () => {});
    const out: BenchResult[] = [];
    try {
      await migrate(database);
      log(`generating ${members.toLocaleString()} members, ${attendances.toLocaleString()} attendances, ${hourEntries.toLocaleString()} hour entries…`);
      const t0 = performance.now();
      const gen = await generateFiguresRegion(url, { members, attendances, hourEntries }, log);
      const genS = (performance.now() - t0) / 1000;
      log(`generated in ${genS.toFixed(1)} s: ${JSON.stringify(gen.counts)}`);
      out.push({ name: 'generate the region (set-based)', value: genS, unit: 's' });

      const ctx: Ctx = { database, db: database.db, now: () => clock, config: loadConfig({}, { logLevel: 'warn' }) };
      // the generator loads with triggers off: mark every day, and build the per-day summaries (platform/figures/summary.ts)
      const t1 = performance.now();
      await markAllDirty(ctx, FIGURES);
      await freshSummaries(ctx, gen.regionId, FIGURES);
      const buildS = (performance.now() - t1) / 1000;
      log(`summaries built in ${buildS.toFixed(1)} s`);
      out.push({ name: 'build the per-day summaries of the region (every day, once)', value: buildS, unit: 's' });
      const level = await findLevel(ctx, { regionId: gen.regionId, scopeKind: 'region' });
      const flevel = level;
      const defs = readableFigures(ADMIN, flevel, null);
      log(`${defs.length} figures in the catalogue`);
      const period = parsePeriod('2026');

      // a dashboard: every figure of the region, this year, with the comparisons
      const dash = await times(runs, () => computeValues(ctx, flevel, period, defs, { compare: true }));
      out.push({ name: `dashboard: ${defs.length} figures of the region, p99 (cold, no cache)`, value: percentile(dash, 99), unit: 'ms', goal: '< 300 ms', pass: percentile(dash, 99) < 300 });
      const committee = await findLevel(ctx, { regionId: gen.regionId, scopeKind: 'org', scopeId: gen.committees[3] });
      const dashC = await times(runs, () => computeValues(ctx, committee, period, readableFigures(ADMIN, committee, null), { compare: true }));
      out.push({ name: 'dashboard: a community committee (1/20 of it), p99', value: percentile(dashC, 99), unit: 'ms', goal: '< 300 ms', pass: percentile(dashC, 99) < 300 });

      // a check-in, then the dashboard: the summary recomputes the one day the check-in marked before it is read
      const free = (await pool.query<{ activity_id: string; member_id: string }>(`select e.activity_id, e.member_id from activity_attendees e
        where e.region_id = $1 and not exists (select 1 from activity_checkins c where c.region_id = e.region_id and c.activity_id = e.activity_id
          and c.member_id = e.member_id) limit $2`, [gen.regionId, runs + 1])).rows;
      let k = 0;
      const afterWrite = await times(runs, async () => {
        const f = free[k++ % free.length]!;
        await pool.query(`insert into activity_checkins (region_id, activity_id, member_id, at, method) values ($1, $2, $3, now(), 'qr')
          on conflict do nothing`, [gen.regionId, f.activity_id, f.member_id]);
        await computeValues(ctx, flevel, period, defs, { compare: true });
      });
      out.push({ name: 'a check-in, then the dashboard (its day recomputed), p99', value: percentile(afterWrite, 99), unit: 'ms', goal: '< 300 ms', pass: percentile(afterWrite, 99) < 300 });

      // the big screen: a level's first open computes every block; a screen's refresh every REFRESH_SECONDS is served
      // the blocks of its previous refresh (each with its age) while they are recomputed behind the answer
      setScreenCache(false);
      const first = await times(runs, () => bigScreenOf(ctx, ADMIN, level, null, 'zh-CN'));
      out.push({ name: 'big screen: a level\'s first open (every block computed), p99', value: percentile(first, 99), unit: 'ms' });
      setScreenCache(true);
      await bigScreenOf(ctx, ADMIN, level, null, 'zh-CN');
      const lone = await times(runs, async () => {
        clock += REFRESH_SECONDS * 1000;
        await bigScreenOf(ctx, ADMIN, level, null, 'zh-CN');
      }, screenCacheSettled);
      out.push({ name: `big screen refresh of a lone screen (every ${REFRESH_SECONDS} s), p99`, value: percentile(lone, 99), unit: 'ms', goal: '< 100 ms', pass: percentile(lone, 99) < 100 });
      const hit = await times(runs, () => bigScreenOf(ctx, ADMIN, level, null, 'zh-CN'));
      out.push({ name: 'big screen refresh, blocks within their TTL (screens sharing a level), p99', value: percentile(hit, 99), unit: 'ms', goal: '< 100 ms', pass: percentile(hit, 99) < 100 });
      setScreenCache(false);
      const feedsOnly = await times(runs, () => bigScreenOf(ctx, ADMIN, level, [], 'zh-CN').catch(() => null));
      out.push({ name: 'big screen: feeds and level alone, p99', value: percentile(feedsOnly, 99), unit: 'ms' });
      setScreenCache(true);

      // each figure beside its bare SQL
      const figRuns = Math.max(5, Math.floor(runs / 2));
      for (const def of defs) {
        const engine = await times(figRuns, () => computeValues(ctx, flevel, period, [def], { compare: false }));
        const bare = bareSql(def, gen.regionId, period.from, period.to);
        const ceiling = await times(figRuns, () => pool.query(bare));
        const ratio = median(ceiling) / median(engine);
        log(`${def.key}: engine ${median(engine).toFixed(1)} ms, bare ${median(ceiling).toFixed(1)} ms`);
        out.push({ name: `${def.key}${def.summary ? ' (per-day summary)' : ''}: engine ${median(engine).toFixed(1)} ms vs bare SQL over its rows ${median(ceiling).toFixed(1)} ms`, value: ratio, unit: '× ceiling', goal: '≥ 0.6', pass: ratio >= 0.6 });
      }
    } finally {
      setScreenCache(true);
      await pool.end().catch(() => {});
      await database.close();
    }
    return out;
  });
}
