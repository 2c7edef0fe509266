/**
 * Quiz under load (issue 5): 500 members start the same competition within one second and submit.
 * Every attempt must be stored exactly once and none lost; p99 of the requests must stay under 200 ms on
 * PostgreSQL. Run: DATABASE_URL=postgres://… npx tsx bench/activities-quiz.ts (TEST_DATABASE_URL works too;
 * a database lj_bench_activities_quiz is created on that server and dropped after).
 * Knobs: BENCH_MEMBERS (500), BENCH_SPREAD_MS (1000), BENCH_POOL (20), BENCH_COLD=1 (members have not opened the
 * competition page first, so every start also loads its session). The load runs in a child process; a first burst
 * against a route that does nothing gives the machine's baseline for the same connection pattern.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { questions, quizzes } from '../src/server/modules/activities/schema.ts';
import { uuidv7 } from '../src/server/platform/ids.ts';
import { benchApp, fmt, insertMany, region, sessionsFor, summary } from './activities-lib.ts';

const num = (name: string, dflt: number) => { const n = Number(process.env[name]); return Number.isFinite(n) && n > 0 ? n : dflt; };
const MEMBERS = num('BENCH_MEMBERS', 500);
const SPREAD = num('BENCH_SPREAD_MS', 1000);
const CEILING_MS = 200;

const agent = new http.Agent({ keepAlive: true, maxSockets: 1000 });

function call(base: string, method: string, path: string, cookie: string, body?: unknown): Promise<{ status: number; body: any; ms: number }> {
  const t0 = performance.now();
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${path}`, {
      method, agent,
      headers: { cookie, 'x-requested-with': 'bench', ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}) },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null, ms: performance.now() - t0 });
      });
    });
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

interface BurstInput { base: string; quizId: string; cookies: string[]; spread: number }
interface BurstOutput { startMs: number[]; submitMs: number[]; errors: string[]; wall: number; pageMs: number[] }

/** The members' phones: every member starts within `spread` ms, then submits at once. */
async function burst({ base, quizId, cookies, spread }: BurstInput): Promise<BurstOutput> {
  const startMs: number[] = [];
  const submitMs: number[] = [];
  const errors: string[] = [];
  const pageMs: number[] = [];
  if (!process.env.BENCH_COLD) {
    // the members open the competition page in the 3 s before it opens (their phones show the countdown)
    await Promise.all(cookies.map(async (cookie, i) => {
      await new Promise((r) => setTimeout(r, (i / cookies.length) * 3000));
      pageMs.push((await call(base, 'GET', '/api/v1/me/quizzes', cookie)).ms);
    }));
  }
  const t0 = performance.now();
  await Promise.all(cookies.map(async (cookie, i) => {
    await new Promise((r) => setTimeout(r, (i / cookies.length) * spread));
    if (process.env.BENCH_PROBE) {
      // the same burst against the health route: what the machine and the HTTP stack cost without the quiz
      const h = await call(base, 'GET', process.env.BENCH_PROBE === 'db' ? '/api/health' : '/api/nope', process.env.BENCH_PROBE === 'anon' ? '' : cookie);
      startMs.push(h.ms);
      return;
    }
    const s = await call(base, 'POST', `/api/v1/me/quizzes/${quizId}/attempts`, cookie);
    startMs.push(s.ms);
    if (s.status !== 201) { errors.push(`start ${s.status} ${JSON.stringify(s.body).slice(0, 200)}`); return; }
    const answers = Object.fromEntries((s.body.questions as { id: string }[]).map((q, k) => [q.id, [k % 4]]));
    const sub = await call(base, 'POST', `/api/v1/me/attempts/${s.body.id}/submit`, cookie, { answers });
    submitMs.push(sub.ms);
    if (sub.status !== 200) errors.push(`submit ${sub.status} ${JSON.stringify(sub.body).slice(0, 200)}`);
  }));
  return { startMs, submitMs, errors, wall: performance.now() - t0, pageMs };
}

/** Runs the burst in a child process so the load generator does not share the server's event loop. */
function runClientProcess(input: BurstInput, env: Record<string, string> = {}): Promise<BurstOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
      env: { ...process.env, ...env, BENCH_ROLE: 'client' }, stdio: ['pipe', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => { out += c.toString('utf8'); });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as BurstOutput) : reject(new Error(`load process exited ${code}`))));
    child.stdin.end(JSON.stringify(input));
  });
}

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
    const cookies = await sessionsFor(b, people.map((m) => ({ regionId: reg.regionId, memberId: m.id, role: 'member' as const, scopeKind: 'member' as const, scopeId: m.id })));
    // warm-up: compile routes and fill the pool; with BENCH_WARM=1 every member has just opened the quiz list
    await call(b.base, 'GET', '/api/health', '');
    if (process.env.BENCH_WARM) for (const c of cookies) await call(b.base, 'GET', '/api/v1/me/quizzes', c);

    process.stderr.write(`  activities-quiz: ${people.length} members start within ${SPREAD} ms and submit (${database.kind}; load from a separate process)\n`);
    // the machine's own baseline: the same burst of new connections to a route that does nothing
    const cpu0 = process.cpuUsage();
    const probe = await runClientProcess({ base: b.base, quizId, cookies, spread: SPREAD }, { BENCH_PROBE: 'anon', BENCH_COLD: '1' });
    const cpu1 = process.cpuUsage();
    const { startMs, submitMs, errors, wall, pageMs } = await runClientProcess({ base: b.base, quizId, cookies, spread: SPREAD });
    const cpu2 = process.cpuUsage();
    const cpuMs = (a: NodeJS.CpuUsage, z: NodeJS.CpuUsage) => (z.user - a.user + z.system - a.system) / 1000;
    const [{ n, submitted, distinct }] = await database.query<{ n: number; submitted: number; distinct: number }>(
      `select count(*)::int as n, count(submitted_at)::int as submitted, count(distinct member_id)::int as distinct
         from quiz_attempts where region_id = $1 and quiz_id = $2`, [reg.regionId, quizId]);
    const all = summary([...startMs, ...submitMs]);
    const st = summary(startMs);
    const su = summary(submitMs);
    console.log(`activities-quiz (${database.kind}, ${people.length} members, start spread ${SPREAD} ms, wall ${fmt(wall)})`);
    const pb = summary(probe.startMs);
    console.log(`  baseline: the same burst to a route without any work (no session, no database): p50 ${fmt(pb.p50)}  p99 ${fmt(pb.p99)}; load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} on ${os.cpus().length} cores`);
    const requests = cookies.length * (pageMs.length ? 3 : 2);
    console.log(`  server CPU (user+system) per request: ${(cpuMs(cpu1, cpu2) / requests).toFixed(2)} ms with the quiz, ${(cpuMs(cpu0, cpu1) / cookies.length).toFixed(2)} ms for the empty route`);
    if (pageMs.length) { const pg_ = summary(pageMs); console.log(`  page  : n=${pg_.n} p50 ${fmt(pg_.p50)}  p99 ${fmt(pg_.p99)}  (members open the competition page in the 3 s before; not counted below)`); }
    else console.log('  (BENCH_COLD: no page view first — every start also loads its session from the database)');
    console.log(`  start : n=${st.n} p50 ${fmt(st.p50)}  p90 ${fmt(st.p90)}  p99 ${fmt(st.p99)}  max ${fmt(st.max)}`);
    console.log(`  submit: n=${su.n} p50 ${fmt(su.p50)}  p90 ${fmt(su.p90)}  p99 ${fmt(su.p99)}  max ${fmt(su.max)}`);
    console.log(`  all   : n=${all.n} p50 ${fmt(all.p50)}  p99 ${fmt(all.p99)}  (ceiling ${CEILING_MS} ms)`);
    console.log(`  stored: ${n} attempts, ${submitted} submitted, ${distinct} members; errors: ${errors.length}${errors.length ? ` (first: ${errors[0]})` : ''}`);
    const stored = n === people.length && submitted === people.length && distinct === people.length && !errors.length;
    console.log(`  every attempt stored once, none lost: ${stored ? 'PASS' : 'FAIL'}`);
    console.log(`  p99 ${fmt(all.p99)} < ${CEILING_MS} ms: ${all.p99 < CEILING_MS ? 'PASS' : 'FAIL'}`);
    process.exitCode = stored && all.p99 < CEILING_MS ? 0 : 1;
  } finally {
    agent.destroy();
    await b.close();
  }
}

if (process.env.BENCH_ROLE === 'client') {
  let input = '';
  process.stdin.on('data', (c: Buffer) => { input += c.toString('utf8'); });
  process.stdin.on('end', () => {
    burst(JSON.parse(input) as BurstInput)
      .then((r) => { agent.destroy(); process.stdout.write(JSON.stringify(r)); })
      .catch((e) => { console.error(e); process.exit(2); });
  });
} else {
  main().catch((e) => { console.error(e); process.exit(2); });
}
