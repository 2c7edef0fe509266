/**
 * Multi-region load on PostgreSQL and on a 1+2 Citus cluster on the same machine (issue 18): R synthetic regions ×
 * N members (bench/lib/members-gen.ts) plus a competition with a question bank in region A. Then, in region A, the
 * member list (an org admin of one committee, searching a name) alone, and again while region B imports a roster
 * (bench/lib/import-child.ts, another process) and Q members of region A run the quiz burst (start + submit,
 * bench/quiz-phones.ts). Printed per setup: throughput and p99; on Citus also how many of the statements the
 * coordinator ran were router (single-shard) queries (citus_stat_counters) during each phase.
 *
 * PostgreSQL: BENCH_DATABASE_URL, else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test.
 * Citus: BENCH_CITUS_URL, else TEST_CITUS_URL, else postgres://postgres@127.0.0.1:9700/lianjian (a coordinator with
 * its workers; `../shared/citus/cluster.sh start /tmp/citus 9700 lianjian`). A database lj_bench_citus is made on
 * each (on every Citus node) and dropped after.
 * Knobs: BENCH_CITUS_REGIONS (10), BENCH_CITUS_MEMBERS (50000 per region), BENCH_CITUS_QUIZ (200 members),
 * BENCH_CITUS_IMPORT (10000 roster rows), BENCH_DURATION_MS (6000), BENCH_CONNECTIONS (10), BENCH_CITUS_ONLY=1.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { distribute } from '../src/server/db/citus.ts';
import { migrate, openDatabase, type Database } from '../src/server/db/client.ts';
import { questions, quizzes } from '../src/server/modules/activities/schema.ts';
import { uuidv7 } from '../src/server/platform/ids.ts';
import { citusNodes, onEveryNode, urlFor, withClient } from '../test/support/citus.ts';
import { insertMany, sessionsFor, summary } from './activities-lib.ts';
import { generateRegion } from './lib/members-gen.ts';
import { measure, type LoadResult } from './lib/load.ts';
import { ROOT } from './lib/process.ts';
import type { BenchResult } from './lib/report.ts';
import type { PhonesInput, PhonesOutput } from './quiz-phones.ts';

const num = (name: string, dflt: number) => { const n = Number(process.env[name]); return Number.isFinite(n) && n > 0 ? n : dflt; };
const log = (s: string) => process.stderr.write(`  citus: ${s}\n`);
const REGIONS = num('BENCH_CITUS_REGIONS', 10);
const MEMBERS = num('BENCH_CITUS_MEMBERS', 50_000);
const QUIZ = num('BENCH_CITUS_QUIZ', 200);
const IMPORT = num('BENCH_CITUS_IMPORT', 10_000);
const PG_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const CITUS_URL = process.env.BENCH_CITUS_URL ?? process.env.TEST_CITUS_URL ?? 'postgres://postgres@127.0.0.1:9700/lianjian';
const DB = 'lj_bench_citus';

/** A fresh database: on PostgreSQL one, on Citus one per node with the extension and the node list, distributed. */
export async function freshDb(kind: 'postgres' | 'citus'): Promise<{ url: string; drop: () => Promise<void> }> {
  if (kind === 'postgres') {
    const admin = urlFor(PG_URL, { host: new URL(PG_URL).hostname, port: Number(new URL(PG_URL).port || 5432), coordinator: true }, 'postgres');
    await withClient(admin, async (c) => { await c.query(`drop database if exists ${DB} with (force)`); await c.query(`create database ${DB}`); });
    const u = new URL(PG_URL); u.pathname = `/${DB}`;
    return { url: u.toString(), drop: () => withClient(admin, (c) => c.query(`drop database if exists ${DB} with (force)`)).then(() => {}) };
  }
  const nodes = await citusNodes(CITUS_URL);
  const coordinator = nodes.find((n) => n.coordinator)!;
  await onEveryNode(CITUS_URL, nodes, () => [`drop database if exists ${DB} with (force)`, `create database ${DB}`,
    `alter database ${DB} set citus.enable_stat_counters = on`]);
  await Promise.all(nodes.map((n) => withClient(urlFor(CITUS_URL, n, DB), (c) => c.query('set client_min_messages = warning; create extension citus'))));
  await withClient(urlFor(CITUS_URL, coordinator, DB), async (c) => {
    await c.query(`select citus_set_coordinator_host($1, $2)`, [coordinator.host, coordinator.port]);
    for (const n of nodes) if (!n.coordinator) await c.query(`select citus_add_node($1, $2)`, [n.host, n.port]);
  });
  return { url: urlFor(CITUS_URL, coordinator, DB), drop: () => onEveryNode(CITUS_URL, nodes, () => [`drop database if exists ${DB} with (force)`]) };
}

/** The quiz burst from a separate process (bench/quiz-phones.ts). */
function runPhones(input: PhonesInput): Promise<PhonesOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./quiz-phones.ts', import.meta.url))], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      if (out.startsWith('READY\n')) { out = out.slice(6); child.stdin.end('GO\n'); }
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as PhonesOutput) : reject(new Error(`load process exited ${code}`))));
    child.stdin.write(JSON.stringify(input) + '\n');
  });
}

/** The roster import of another region, in a child process (its figures are its own). */
function importRoster(url: string): Promise<{ seconds: number; created: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', 'lib', 'import-child.ts'), String(IMPORT)],
      { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, BENCH_IMPORT_DB: url } });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`import child exited ${code}`))));
  });
}

async function counters(database: Database): Promise<{ single: number; multi: number } | null> {
  if (!(await database.query(`select 1 from pg_extension where extname = 'citus'`)).length) return null;
  const [r] = await database.query<{ single: string; multi: string }>(
    `select query_execution_single_shard as single, query_execution_multi_shard as multi from citus_stat_counters where name = current_database()`);
  return { single: Number(r.single), multi: Number(r.multi) };
}
const delta = (a: { single: number; multi: number } | null, z: { single: number; multi: number } | null) =>
  a && z ? { single: z.single - a.single, multi: z.multi - a.multi } : null;

interface Figures { alone: LoadResult; during: LoadResult; quiz: ReturnType<typeof summary>; quizRps: number; quizErrors: number; importS: number;
  routerAlone: { single: number; multi: number } | null; routerDuring: { single: number; multi: number } | null }

async function runOn(kind: 'postgres' | 'citus'): Promise<Figures> {
  const { url, drop } = await freshDb(kind);
  const database = await openDatabase({ databaseUrl: url, poolMax: 20 });
  try {
    await migrate(database);
    if (kind === 'citus') await distribute(database);
    log(`${kind}: generating ${REGIONS} regions × ${MEMBERS.toLocaleString()} members…`);
    const t0 = performance.now();
    const regs = [];
    for (let r = 0; r < REGIONS; r++) regs.push(await generateRegion(database, MEMBERS, 110000 + r * 100)); // ID numbers unlike the import's (3302xx)
    const a = regs[0];
    const bank = Array.from({ length: 120 }, (_, i) => ({
      regionId: a.regionId, id: uuidv7(), orgId: a.rootId, kind: i % 3 === 0 ? 'multiple' : 'single', stem: `第${i + 1}题：党章知识`,
      options: ['甲', '乙', '丙', '丁'], answer: i % 3 === 0 ? [0, 2] : [i % 4], explanation: null, tags: ['党章'],
    }));
    await insertMany(database, questions, bank);
    const quizId = uuidv7();
    const now = Date.now();
    await database.db.insert(quizzes).values({
      regionId: a.regionId, id: quizId, orgId: a.rootId, title: '基准竞赛', opensAt: new Date(now - 60_000), closesAt: new Date(now + 3600_000),
      mode: 'random', tags: ['党章'], questionCount: 20, timeLimitSeconds: 600, attemptsAllowed: 1,
    });
    await database.query('analyze');
    log(`  generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const app = await buildApp({ database, config: loadConfig({}, { loginRatePerMinute: 1_000_000, logLevel: 'warn' }), logger: false });
    await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
      const b = { database, app, base, close: async () => {} };
      const committee = a.committees[3];
      const [admin] = await sessionsFor(b, [{ regionId: a.regionId, role: 'org_admin', scopeKind: 'org', scopeId: committee }]);
      const takers = await database.query<{ id: string }>(`select id from members where region_id = $1 order by id limit ${QUIZ}`, [a.regionId]);
      const cookies = await sessionsFor(b, takers.map((m) => ({ regionId: a.regionId, memberId: m.id, role: 'member' as const, scopeKind: 'member' as const, scopeId: m.id })));
      const listUrl = `${base}/api/v1/members?orgId=${committee}&q=${encodeURIComponent('王')}&pageSize=20`;
      const probe = await fetch(listUrl, { headers: { cookie: admin } });
      if (probe.status !== 200) throw new Error(`member list answered ${probe.status}: ${(await probe.text()).slice(0, 200)}`);
      const opts = { url: listUrl, headers: { cookie: admin }, connections: num('BENCH_CONNECTIONS', 10), durationMs: num('BENCH_DURATION_MS', 6000), warmupMs: 1000, expectStatus: 200 };

      let c0 = await counters(database);
      const alone = await measure(opts);
      const routerAlone = delta(c0, await counters(database));
      log(`  ${kind}, member list in region A alone: ${alone.rps.toFixed(0)} req/s, p99 ${alone.p99Ms.toFixed(1)} ms, errors ${alone.errors}`);

      c0 = await counters(database);
      const u = new URL(base);
      const importing = importRoster(url);
      const listing = measure(opts);
      const quiz = await runPhones({ host: u.hostname, port: Number(u.port), quizId, cookies, spread: 1000, thinkMs: 0, pageFirst: true });
      const [during, imported] = await Promise.all([listing, importing]);
      const routerDuring = delta(c0, await counters(database));
      const q = summary([...quiz.startMs, ...quiz.submitMs]);
      log(`  ${kind}, while region B imports ${imported.created} rows (${imported.seconds.toFixed(1)} s) and ${QUIZ} members of A take the quiz:`);
      log(`    member list ${during.rps.toFixed(0)} req/s, p99 ${during.p99Ms.toFixed(1)} ms, errors ${during.errors}`);
      log(`    quiz start+submit p50 ${q.p50.toFixed(1)} ms, p99 ${q.p99.toFixed(1)} ms, errors ${quiz.errors.length}${quiz.errors.length ? ` (${quiz.errors[0]})` : ''}`);
      if (routerAlone && routerDuring) {
        log(`    router (single-shard) statements: list alone ${routerAlone.single} of ${routerAlone.single + routerAlone.multi}; ` +
          `during the mix ${routerDuring.single} of ${routerDuring.single + routerDuring.multi}`);
      }
      return { alone, during, quiz: q, quizRps: (quiz.startMs.length + quiz.submitMs.length) / (quiz.wall / 1000), quizErrors: quiz.errors.length,
        importS: imported.seconds, routerAlone, routerDuring };
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
    if (!process.env.BENCH_KEEP) await drop();
  }
}

export async function run(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  const kinds: ('postgres' | 'citus')[] = process.env.BENCH_CITUS_ONLY ? ['citus'] : ['postgres', 'citus'];
  for (const kind of kinds) {
    const f = await runOn(kind);
    const k = `${kind} ${REGIONS}×${MEMBERS / 1000}k`;
    out.push(
      { name: `${k}: member list alone, throughput`, value: f.alone.rps, unit: 'req/s' },
      { name: `${k}: member list alone, p99`, value: f.alone.p99Ms, unit: 'ms' },
      { name: `${k}: member list during import + quiz, throughput`, value: f.during.rps, unit: 'req/s' },
      { name: `${k}: member list during import + quiz, p99`, value: f.during.p99Ms, unit: 'ms' },
      { name: `${k}: quiz start+submit, p99`, value: f.quiz.p99, unit: 'ms' },
      { name: `${k}: quiz requests/s (burst)`, value: f.quizRps, unit: 'req/s' },
      { name: `${k}: import ${IMPORT / 1000}k rows in another region`, value: f.importS, unit: 's' },
      { name: `${k}: errors`, value: f.alone.errors + f.during.errors + f.quizErrors, unit: '', goal: '0', pass: f.alone.errors + f.during.errors + f.quizErrors === 0 },
    );
    for (const [what, r] of [['list alone', f.routerAlone], ['mix', f.routerDuring]] as const) {
      if (!r) continue;
      const share = r.single / Math.max(1, r.single + r.multi);
      out.push({ name: `${k}: router (single-shard) share of statements, ${what}`, value: share, unit: '' });
      // the list itself is single-shard; its one session's grants load is not (a user's grants may be in any region)
      out.push({ name: `${k}: multi-shard statements, ${what}`, value: r.multi, unit: '',
        ...(what === 'list alone' ? { goal: '≤ 1 (the session load)', pass: r.multi <= 1 } : {}) });
    }
  }
  return out;
}
