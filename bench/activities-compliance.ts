/**
 * Compliance board (issue 5): a region of 100 branches with a year of 三会一课, theme days and lessons
 * (≈4,400 activities, ≈80,000 attendance rows): the board must answer in < 200 ms. Also times the due list and
 * the attendance report. Run: DATABASE_URL=postgres://… npx tsx bench/activities-compliance.ts (TEST_DATABASE_URL
 * works too; without either it runs on in-memory PGlite). Knobs: BENCH_BRANCHES (100), BENCH_PER_BRANCH (30),
 * BENCH_RUNS (30).
 */
import http from 'node:http';
import os from 'node:os';
import { activities, activityAttendees, activityCheckins } from '../src/server/modules/activities/schema.ts';
import { uuidv7 } from '../src/server/platform/ids.ts';
import { benchApp, fmt, insertMany, region, sessionsFor, summary } from './activities-lib.ts';

const num = (name: string, dflt: number) => { const n = Number(process.env[name]); return Number.isFinite(n) && n > 0 ? n : dflt; };
const BRANCHES = num('BENCH_BRANCHES', 100);
const PER_BRANCH = num('BENCH_PER_BRANCH', 30);
const RUNS = num('BENCH_RUNS', 30);
const CEILING_MS = 200;
const agent = new http.Agent({ keepAlive: true });

function get(url: string, cookie: string): Promise<{ status: number; ms: number; bytes: number }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    http.get(url, { agent, headers: { cookie } }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => { bytes += c.length; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - t0, bytes }));
    }).on('error', reject);
  });
}

async function main() {
  const b = await benchApp('lj_bench_activities_compliance');
  try {
    const { database } = b;
    const t0 = performance.now();
    const reg = await region(database, BRANCHES, PER_BRANCH);
    const year = new Date().getUTCFullYear() - 1; // a whole past year: every period is decided
    const acts: (typeof activities.$inferInsert)[] = [];
    const atts: (typeof activityAttendees.$inferInsert)[] = [];
    const cis: (typeof activityCheckins.$inferInsert)[] = [];
    const byBranch = new Map<string, string[]>();
    for (const m of reg.members) byBranch.set(m.orgId, [...(byBranch.get(m.orgId) ?? []), m.id]);
    reg.branches.forEach((br, bi) => {
      const people = byBranch.get(br.id) ?? [];
      const add = (kind: string, month: number, day: number, who: string[]) => {
        const d = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
        const startsAt = new Date(`${d}T19:00:00+08:00`);
        const id = uuidv7();
        acts.push({
          regionId: reg.regionId, id, kind, orgId: br.id, title: `${kind} ${d}`, startsAt, endsAt: new Date(startsAt.getTime() + 5400_000), heldOn: d,
          checkinOpensAt: new Date(startsAt.getTime() - 1800_000), checkinClosesAt: new Date(startsAt.getTime() + 7200_000), checkinCode: id.slice(-12), status: 'held',
        });
        who.forEach((memberId, k) => {
          atts.push({ regionId: reg.regionId, activityId: id, memberId, expected: true });
          if ((k + bi + month) % 7 !== 0) cis.push({ regionId: reg.regionId, activityId: id, memberId, at: startsAt, method: 'qr' });
        });
      };
      for (let month = 1; month <= 12; month++) {
        if (bi % 10 === 9 && month > 9) continue; // one branch in ten falls behind in Q4
        add('committee_meeting', month, 5, people.slice(0, 5));
        add('group_meeting', month, 12, people.slice(0, 10));
        add('theme_day', month, 20, people);
        if (month % 3 === 0) { add('general_meeting', month, 25, people); add('party_lesson', month, 26, people); }
      }
    });
    await insertMany(database, activities, acts);
    await insertMany(database, activityAttendees, atts, 2000);
    await insertMany(database, activityCheckins, cis, 2000);
    await database.query('analyze');
    const [cookie] = await sessionsFor(b, [{ regionId: reg.regionId, role: 'region_admin', scopeKind: 'region', scopeId: reg.regionId }]);
    process.stderr.write(`  activities-compliance: ${BRANCHES} branches, ${acts.length} activities, ${atts.length} attendance rows, ${cis.length} check-ins (${database.kind}, set up in ${fmt(performance.now() - t0)})\n`);

    const time = async (url: string) => {
      for (let i = 0; i < 3; i++) await get(url, cookie); // warm-up (session, plans)
      const ms: number[] = [];
      let last = { status: 0, bytes: 0 };
      for (let i = 0; i < RUNS; i++) { const r = await get(url, cookie); ms.push(r.ms); last = r; }
      return { ...summary(ms), status: last.status, bytes: last.bytes };
    };
    const board = await time(`${b.base}/api/v1/compliance/board?regionId=${reg.regionId}&year=${year}`);
    const due = await time(`${b.base}/api/v1/compliance/due?regionId=${reg.regionId}`);
    const att = await time(`${b.base}/api/v1/compliance/attendance?regionId=${reg.regionId}&from=${year}-01-01&to=${year}-12-31`);
    console.log(`activities-compliance (${database.kind}, ${BRANCHES} branches, ${acts.length} activities over ${year}, ${RUNS} runs each; load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores)`);
    console.log(`  board      : p50 ${fmt(board.p50)}  p99 ${fmt(board.p99)}  max ${fmt(board.max)}  (${board.status}, ${(board.bytes / 1024).toFixed(0)} KiB)`);
    console.log(`  due list   : p50 ${fmt(due.p50)}  p99 ${fmt(due.p99)}  (${due.status})`);
    console.log(`  attendance : p50 ${fmt(att.p50)}  p99 ${fmt(att.p99)}  (${att.status}, ${(att.bytes / 1024).toFixed(0)} KiB; per branch and per member, not in the ceiling)`);
    const ok = board.status === 200 && board.p99 < CEILING_MS;
    console.log(`  board p99 ${fmt(board.p99)} < ${CEILING_MS} ms: ${ok ? 'PASS' : 'FAIL'}`);
    process.exitCode = ok ? 0 : 1;
  } finally {
    agent.destroy();
    await b.close();
  }
}

main().catch((e) => { console.error(e); process.exit(2); });
