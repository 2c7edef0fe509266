/**
 * Platform figures (issue 2):
 *  - requests/s and p99 of an authenticated `GET /api/v1/me` and of a bare route in the same app
 *    (same process, same hooks), and their ratio — goal ≥ 0.5;
 *  - the start time of `lianjian start` on an existing data directory (median of 3) — goal < 3 s.
 *
 * Knobs: BENCH_DURATION_MS (recorded time per route, default 6000, split over BENCH_ROUNDS = 3 interleaved
 * rounds), BENCH_WARMUP_MS (warm-up before each round, 1000), BENCH_CONNECTIONS (16), BENCH_STARTS (3).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { migrate, openDatabase } from '../src/server/db/client.ts';
import { seedIfEmpty } from '../src/server/seed.ts';
import { combine, measure, type LoadResult } from './lib/load.ts';
import { startCli } from './lib/process.ts';
import { median, type BenchResult } from './lib/report.ts';

const num = (name: string, dflt: number) => {
  const n = Number(process.env[name]);
  return Number.isFinite(n) && n > 0 ? n : dflt;
};
const log = (s: string) => process.stderr.write(`  platform: ${s}\n`);

async function requestThroughput(): Promise<BenchResult[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lj-bench-app-'));
  const password = `bench-${randomBytes(9).toString('base64url')}`;
  const config = loadConfig(process.env, {
    dataDir, databaseUrl: undefined, logLevel: 'warn', adminPassword: password, loginRatePerMinute: 1000,
    host: '127.0.0.1', port: 0,
  });
  const database = await openDatabase({ dataDir });
  try {
    await migrate(database);
    await seedIfEmpty(database, config);
    const app = await buildApp({ database, config });
    // The baseline: a trivial route in the same instance, behind the same global hooks.
    app.get('/bench/bare', async () => ({ ok: true, at: 'bare' }));
    await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const { port } = app.server.address() as { port: number };
      const base = `http://127.0.0.1:${port}`;
      const login = await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-requested-with': 'XMLHttpRequest' },
        body: JSON.stringify({ username: 'admin', password }),
      });
      if (login.status !== 200) throw new Error(`sign-in failed: ${login.status} ${await login.text()}`);
      const sid = /lj_sid=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')?.[1];
      if (!sid) throw new Error('sign-in set no lj_sid cookie');

      const rounds = num('BENCH_ROUNDS', 3);
      const opts = {
        connections: num('BENCH_CONNECTIONS', 16),
        durationMs: Math.ceil(num('BENCH_DURATION_MS', 6000) / rounds),
        warmupMs: num('BENCH_WARMUP_MS', 1000),
      };
      log(`load: ${opts.connections} keep-alive connections; ${rounds} interleaved rounds per route, ` +
        `each ${opts.warmupMs} ms warm-up + ${opts.durationMs} ms recorded`);
      const show = (what: string, r: LoadResult) =>
        log(`${what}: ${r.requests} requests in ${(r.elapsedMs / 1000).toFixed(1)} s, ${r.rps.toFixed(0)} req/s, ` +
          `p50 ${r.p50Ms.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms, max ${r.maxMs.toFixed(1)} ms, errors ${r.errors}` +
          (r.firstError ? ` (first: ${r.firstError})` : ''));
      // Interleaved rounds, so a burst of load from elsewhere on the machine hits both routes alike.
      const bareRounds: LoadResult[] = [];
      const meRounds: LoadResult[] = [];
      // The server's own cost: time its event loop (this thread) was busy, per request. Less sensitive than
      // req/s to other processes competing for the CPU, so it is printed alongside.
      const busy = { bare: 0, me: 0 };
      const timed = async (which: 'bare' | 'me', o: Parameters<typeof measure>[0]) => {
        await measure({ ...o, durationMs: o.warmupMs, warmupMs: 0 }); // warm-up, not recorded
        const e0 = performance.eventLoopUtilization();
        const r = await measure({ ...o, warmupMs: 0 });
        busy[which] += performance.eventLoopUtilization(e0).active;
        return r;
      };
      for (let i = 0; i < rounds; i++) {
        bareRounds.push(await timed('bare', { ...opts, url: `${base}/bench/bare` }));
        meRounds.push(await timed('me', { ...opts, url: `${base}/api/v1/me`, headers: { cookie: `lj_sid=${sid}` } }));
        log(`round ${i + 1}: bare ${bareRounds[i].rps.toFixed(0)} req/s, /me ${meRounds[i].rps.toFixed(0)} req/s`);
      }
      const bare = combine(bareRounds);
      const me = combine(meRounds);
      show('GET /bench/bare', bare);
      show('GET /api/v1/me', me);
      const bareUs = (busy.bare * 1000) / bare.requests;
      const meUs = (busy.me * 1000) / me.requests;
      log(`server event-loop time per request: bare ${bareUs.toFixed(1)} µs, /me ${meUs.toFixed(1)} µs (ratio ${(bareUs / meUs).toFixed(2)})`);
      if (bare.errors || me.errors) throw new Error(`requests failed: bare ${bare.errors}, me ${me.errors}`);

      const ratio = me.rps / bare.rps;
      return [
        { name: 'GET /api/v1/me (signed in) throughput', value: me.rps, unit: 'req/s' },
        { name: 'GET /api/v1/me p99', value: me.p99Ms, unit: 'ms' },
        { name: 'bare route throughput', value: bare.rps, unit: 'req/s' },
        { name: 'bare route p99', value: bare.p99Ms, unit: 'ms' },
        { name: '/me ÷ bare throughput', value: ratio, unit: '', goal: '≥ 0.5', pass: ratio >= 0.5 },
        { name: 'server time per request, bare ÷ /me (info)', value: bareUs / meUs, unit: '' },
      ];
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function startTime(): Promise<BenchResult[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lj-bench-start-'));
  const env = { DATA_DIR: dataDir, LIANJIAN_ADMIN_PASSWORD: `bench-${randomBytes(9).toString('base64url')}` };
  try {
    // The first start creates, migrates and seeds the data directory; it is not counted.
    const first = await startCli(env);
    log(`first start (creates and seeds ${dataDir}): ${(first.readyMs / 1000).toFixed(2)} s`);
    await first.stop();
    const times: number[] = [];
    for (let i = 0; i < num('BENCH_STARTS', 3); i++) {
      const s = await startCli(env);
      times.push(s.readyMs);
      const said = /ready in (\d+) ms/.exec(s.output())?.[1];
      log(`start on the existing data directory #${i + 1}: ${(s.readyMs / 1000).toFixed(2)} s` +
        (said ? ` (the server's own "ready in" ${said} ms)` : ''));
      await s.stop();
    }
    const m = median(times) / 1000;
    return [{ name: '`lianjian start` on an existing data dir (median)', value: m, unit: 's', goal: '< 3 s', pass: m < 3 }];
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function run(): Promise<BenchResult[]> {
  return [...(await requestThroughput()), ...(await startTime())];
}
