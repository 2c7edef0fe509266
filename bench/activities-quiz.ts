/**
 * Quiz under load (issue 5): 500 members start the same competition within one second and submit.
 * Every attempt must be stored exactly once and none lost; p99 of the requests must stay under 200 ms on
 * PostgreSQL. Run: DATABASE_URL=postgres://… npx tsx bench/activities-quiz.ts (TEST_DATABASE_URL works too;
 * a database lj_bench_activities_quiz is created on that server and dropped after).
 * Each member is a phone with its own keep-alive connection (bench/quiz-phones.ts, a child process on raw sockets so
 * the load generator takes as little of the shared CPU as it can): it opens the competition page in the 3 s before,
 * starts within the 1 s burst, and submits at once (or BENCH_THINK_MS later). A first burst against a route that
 * does nothing gives the machine's baseline for the same pattern. CPU per request is printed for the server, the
 * load generator and (local server only) PostgreSQL.
 * Knobs: BENCH_MEMBERS (500), BENCH_SPREAD_MS (1000), BENCH_THINK_MS (0), BENCH_POOL (20), BENCH_COLD=1 (no page
 * view first: every start also opens its connection and loads its session), BENCH_KEEP=1 (keep the database).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { questions, quizzes } from '../src/server/modules/activities/schema.ts';
import { uuidv7 } from '../src/server/platform/ids.ts';
import { benchApp, fmt, insertMany, region, sessionsFor, summary } from './activities-lib.ts';
import type { PhonesInput, PhonesOutput } from './quiz-phones.ts';

const num = (name: string, dflt: number) => { const v = process.env[name]; const n = Number(v); return v !== undefined && v !== '' && Number.isFinite(n) && n >= 0 ? n : dflt; };
const MEMBERS = num('BENCH_MEMBERS', 500);
const SPREAD = num('BENCH_SPREAD_MS', 1000);
const THINK = num('BENCH_THINK_MS', 0);
const CEILING_MS = 200;

/**
 * The phones run in a child process (bench/quiz-phones.ts) so the load generator has its own event loop.
 * `atBurst` runs after the page views, just before the burst (to read CPU counters for the burst alone).
 */
function runPhones(input: PhonesInput, atBurst: () => void = () => {}): Promise<PhonesOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./quiz-phones.ts', import.meta.url))], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      if (out.startsWith('READY\n')) { out = out.slice(6); atBurst(); child.stdin.end('GO\n'); }
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as PhonesOutput) : reject(new Error(`load process exited ${code}`))));
    child.stdin.write(JSON.stringify(input) + '\n');
  });
}

/** CPU ticks of every PostgreSQL process on this machine by pid (Linux /proc), or null elsewhere. */
function postgresTicks(): Map<string, number> | null {
  try {
    const out = new Map<string, number>();
    for (const pid of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        const st = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
        if (!st.includes('(postgres)')) continue;
        const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
        out.set(pid, Number(f[11]) + Number(f[12]));
      } catch { /* the process ended */ }
    }
    return out;
  } catch { return null; }
}
/** CPU ms PostgreSQL spent between two snapshots (processes that ended in between are not counted). */
const postgresCpuMs = (a: Map<string, number> | null, z: Map<string, number> | null) =>
  a && z ? [...z].reduce((sum, [pid, t]) => sum + t - (a.get(pid) ?? 0), 0) * 10 : null; // USER_HZ = 100

async function main() {
  const b = await benchApp('lj_bench_activities_quiz', { poolMax: num('BENCH_POOL', 20), requirePostgres: true });
  try {
    const { database } = b;
    const reg = await region(database, 20, Math.ceil(MEMBERS / 20));
    const people = reg.members.slice(0, MEMBERS);
    const bank = Array.from({ length: 120 }, (_, i) => ({
      regionId: reg.regionId, id: uuidv7(), orgId: reg.rootId, kind: i % 3 === 0 ? 'multiple' : 'single', stem: `第${i + 1}题：党章知识`,
      options: ['甲', '乙', '丙', '丁'], answer: i % 3 === 0 ? [0, 2] : [i % 4], explanation: null, tags: ['党章'],
    }));
    await insertMany(database, questions, bank);
    const quizId = uuidv7();
    const now = Date.now();
    await database.db.insert(quizzes).values({
      regionId: reg.regionId, id: quizId, orgId: reg.rootId, title: '基准竞赛', opensAt: new Date(now - 60_000), closesAt: new Date(now + 3600_000),
      mode: 'random', tags: ['党章'], questionCount: 20, timeLimitSeconds: 600, attemptsAllowed: 1,
    });
    await database.query('analyze'); // a live database has statistics; a freshly loaded one must be told
    const cookies = await sessionsFor(b, people.map((m) => ({ regionId: reg.regionId, memberId: m.id, role: 'member' as const, scopeKind: 'member' as const, scopeId: m.id })));
    const u = new URL(b.base);
    const base = { host: u.hostname, port: Number(u.port), quizId, cookies, spread: SPREAD, thinkMs: THINK };
    const cold = !!process.env.BENCH_COLD;

    process.stderr.write(`  activities-quiz: ${people.length} members start within ${SPREAD} ms and submit ${THINK ? `${THINK} ms later` : 'at once'} (${database.kind}; load from a separate process)\n`);
    // the machine's own baseline: the same burst from the same phones to a route that does nothing
    const probe = await runPhones({ ...base, pageFirst: !cold, probePath: '/api/nope' });
    let cpu0 = process.cpuUsage();
    let pg0 = postgresTicks();
    const r = await runPhones({ ...base, pageFirst: !cold }, () => { cpu0 = process.cpuUsage(); pg0 = postgresTicks(); });
    const cpu = process.cpuUsage(cpu0);
    const pgMs = postgresCpuMs(pg0, postgresTicks());
    const [{ n, submitted, distinct }] = await database.query<{ n: number; submitted: number; distinct: number }>(
      `select count(*)::int as n, count(submitted_at)::int as submitted, count(distinct member_id)::int as distinct
         from quiz_attempts where region_id = $1 and quiz_id = $2`, [reg.regionId, quizId]);
    const all = summary([...r.startMs, ...r.submitMs]);
    const st = summary(r.startMs);
    const su = summary(r.submitMs);
    const pb = summary(probe.startMs);
    const requests = people.length * 2;
    console.log(`activities-quiz (${database.kind}, ${people.length} members, starts spread over ${SPREAD} ms, submits ${THINK ? `${THINK} ms after each start` : 'at once'}, wall ${fmt(r.wall)})`);
    console.log(`  baseline: the same burst to a route without any work: p50 ${fmt(pb.p50)}  p99 ${fmt(pb.p99)}; load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} on ${os.cpus().length} cores`);
    console.log(`  CPU per request during the burst: server ${((cpu.user + cpu.system) / 1000 / requests).toFixed(2)} ms, load generator ${(r.cpuMs / (people.length * 2)).toFixed(2)} ms`
      + (pgMs !== null ? `, PostgreSQL ${(pgMs / requests).toFixed(2)} ms` : ''));
    if (r.pageMs.length) { const pg_ = summary(r.pageMs); console.log(`  page  : n=${pg_.n} p50 ${fmt(pg_.p50)}  p99 ${fmt(pg_.p99)}  (each phone opens the competition page — and its connection — in the 3 s before; not counted below)`); }
    else console.log('  (BENCH_COLD: no page view first — every start also opens a connection and loads its session from the database)');
    console.log(`  start : n=${st.n} p50 ${fmt(st.p50)}  p90 ${fmt(st.p90)}  p99 ${fmt(st.p99)}  max ${fmt(st.max)}`);
    console.log(`  submit: n=${su.n} p50 ${fmt(su.p50)}  p90 ${fmt(su.p90)}  p99 ${fmt(su.p99)}  max ${fmt(su.max)}`);
    console.log(`  all   : n=${all.n} p50 ${fmt(all.p50)}  p99 ${fmt(all.p99)}  (ceiling ${CEILING_MS} ms)`);
    console.log(`  stored: ${n} attempts, ${submitted} submitted, ${distinct} members; errors: ${r.errors.length}${r.errors.length ? ` (first: ${r.errors[0]})` : ''}`);
    const stored = n === people.length && submitted === people.length && distinct === people.length && !r.errors.length;
    console.log(`  every attempt stored once, none lost: ${stored ? 'PASS' : 'FAIL'}`);
    console.log(`  p99 ${fmt(all.p99)} < ${CEILING_MS} ms: ${all.p99 < CEILING_MS ? 'PASS' : 'FAIL'}`);
    process.exitCode = stored && all.p99 < CEILING_MS ? 0 : 1;
  } finally {
    await b.close();
  }
}

main().catch((e) => { console.error(e); process.exit(2); });
