/**
 * Cluster work benchmarks (issue 4):
 *  - contest results for 40 entries × 30 judges × 6 criteria: < 100 ms (the pure formula, and the whole
 *    results request on the embedded database);
 *  - 1,000 plaques as one PDF: < 20 s and < 300 MB peak RSS (in a child process);
 *  - the public plaque page at ≥ 60% of a bare route's throughput (same server, same hooks, keep-alive clients).
 *
 * `npm run bench -- cluster` (bench/run.ts discovers *.bench.ts), or directly:
 * `node --import tsx bench/cluster-work.bench.ts`.
 */
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { migrate, openDatabase, type Database } from '../src/server/db/client.ts';
import { allianceOrgs, alliances, members, orgs, regions } from '../src/server/modules/directory/schema.ts';
import { contestResults } from '../src/server/modules/cluster/contests.ts';
import { setPublicCacheMs } from '../src/server/modules/cluster/plaques.ts';
import { newPublicToken } from '../src/server/platform/public-links.ts';
import {
  contestCriteria, contestEntries, contestJudges, contests, contestScores, plaqueHouseholdMembers, plaqueHouseholds, pledges, projects,
} from '../src/server/modules/cluster/schema.ts';
import { computeResults, type ScoringScore } from '../src/server/modules/cluster/scoring.ts';
import { uuidv7 } from '../src/server/platform/ids.ts';
import type { BenchResult } from './lib/report.ts';


const HERE = path.dirname(fileURLToPath(import.meta.url));
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1]; };

function contestInput() {
  const criteria = Array.from({ length: 6 }, (_, i) => ({ id: `c${i}`, maxPoints: 20, weight: i < 4 ? 17 : 16 }));
  const judges = Array.from({ length: 30 }, (_, i) => ({ id: `j${i}`, category: i < 12 ? 'veteran' : i < 22 ? 'resident' : 'department' }));
  const entryIds = Array.from({ length: 40 }, (_, i) => `e${i}`);
  const scores: ScoringScore[] = [];
  for (const j of judges) for (const e of entryIds) {
    if ((Number(j.id.slice(1)) + Number(e.slice(1))) % 17 === 0) continue; // some recusals
    for (const c of criteria) scores.push({ judgeId: j.id, entryId: e, criterionId: c.id, points: Math.round(Math.random() * 40) / 2 });
  }
  return { criteria, categoryWeights: { veteran: 40, resident: 30, department: 30 }, judges, entryIds, scores };
}

export async function seedContest(database: Database) {
  const db = database.db;
  const regionId = uuidv7();
  await db.insert(regions).values({ id: regionId, code: `b${regionId.slice(-8)}`, name: '基准区域' });
  const rootId = uuidv7();
  await db.insert(orgs).values({ regionId, id: rootId, kind: 'committee', name: '基准党工委', path: `/${rootId}/` });
  const allianceId = uuidv7();
  await db.insert(alliances).values({ regionId, id: allianceId, kind: 'cluster', name: '基准集群' });
  await db.insert(allianceOrgs).values({ regionId, allianceId, orgId: rootId });
  const input = contestInput();
  const contestId = uuidv7();
  await db.insert(contests).values({ regionId, id: contestId, allianceId, title: 'bench', quarter: '2026Q4', categoryWeights: input.categoryWeights });
  const cid = new Map(input.criteria.map((c, i) => [c.id, { ...c, id: uuidv7(), sort: i }]));
  await db.insert(contestCriteria).values([...cid.values()].map((c) => ({ regionId, contestId, id: c.id, name: c.id, maxPoints: c.maxPoints, weight: c.weight, sort: c.sort })));
  const eid = new Map<string, string>();
  for (const e of input.entryIds) {
    const pid = uuidv7();
    await db.insert(projects).values({ regionId, id: pid, title: e, level: 'branch', orgId: rootId, allianceId, category: 'x', startOn: '2026-01-01', endOn: '2026-12-31' });
    const id = uuidv7();
    eid.set(e, id);
    await db.insert(contestEntries).values({ regionId, contestId, id, projectId: pid, orgId: rootId });
  }
  const jid = new Map(input.judges.map((j) => [j.id, uuidv7()]));
  await db.insert(contestJudges).values(input.judges.map((j) => ({ regionId, contestId, id: jid.get(j.id)!, userId: uuidv7(), name: j.id, category: j.category })));
  const rows = input.scores.map((s) => ({ regionId, contestId, judgeId: jid.get(s.judgeId)!, entryId: eid.get(s.entryId)!, criterionId: cid.get(s.criterionId)!.id, points: s.points }));
  for (let i = 0; i < rows.length; i += 1000) await db.insert(contestScores).values(rows.slice(i, i + 1000));
  await db.update(contests).set({ status: 'published' });
  return { contestId, regionId, rootId };
}

async function seedPlaque(database: Database, regionId: string, orgId: string) {
  const db = database.db;
  const ids = [uuidv7(), uuidv7()];
  await db.insert(members).values(ids.map((id, i) => ({ regionId, id, orgId, name: i ? '曹伯伯' : '曹阿姨', gender: 'F', birthDate: '1950-01-01', idNumber: `B${id}`, stage: 'full' })));
  await db.insert(pledges).values(ids.map((memberId) => ({ regionId, id: uuidv7(), memberId, orgId, year: 2026, category: 'volunteer', content: '每周参加一次楼道清洁' })));
  const token = newPublicToken();
  const hid = uuidv7();
  await db.insert(plaqueHouseholds).values({ regionId, id: hid, orgId, building: '怡江春色 3幢', room: '408室', token });
  await db.insert(plaqueHouseholdMembers).values(ids.map((memberId, sort) => ({ regionId, householdId: hid, memberId, sort })));
  return token;
}

async function throughput(port: number, url: string, seconds: number, concurrency = 16): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const end = performance.now() + seconds * 1000;
  let done = 0;
  let bad = 0;
  const one = () => new Promise<void>((resolve) => {
    http.get({ host: '127.0.0.1', port, path: url, agent }, (res) => {
      if (res.statusCode !== 200) bad++;
      res.resume();
      res.on('end', () => resolve());
    }).on('error', () => { bad++; resolve(); });
  });
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => { while (performance.now() < end) { await one(); done++; } }));
  agent.destroy();
  if (bad) throw new Error(`${bad} non-200 answers from ${url}`);
  return done / ((performance.now() - t0) / 1000);
}

export async function run(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];

  // 1. the formula alone
  const input = contestInput();
  const times: number[] = [];
  for (let i = 0; i < 30; i++) { const t0 = performance.now(); computeResults(input); times.push(performance.now() - t0); }
  out.push({ name: 'contest results 40×30×6, formula (median of 30)', value: median(times), unit: 'ms', goal: '< 100 ms', pass: median(times) < 100 });

  // 2. the whole results request on the embedded database
  process.env.PUBLIC_RATE_PER_MINUTE = '100000000';
  const database = await openDatabase({ noLock: true });
  await migrate(database);
  const { contestId, regionId, rootId } = await seedContest(database);
  const dbTimes: number[] = [];
  for (let i = 0; i < 15; i++) { const t0 = performance.now(); await contestResults(database, null, contestId, false); dbTimes.push(performance.now() - t0); }
  out.push({ name: 'contest results 40×30×6, from the database (median of 15)', value: median(dbTimes), unit: 'ms', goal: '< 100 ms', pass: median(dbTimes) < 100 });

  if (process.env.BENCH_ONLY_CONTEST) return out;
  // 3. the public plaque page vs a bare route, over HTTP with keep-alive
  const token = await seedPlaque(database, regionId, rootId);
  const app = await buildApp({ database, config: loadConfig({}, {}), logger: false });
  app.get('/bench/bare', { config: { public: true } }, async () => 'ok');
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as AddressInfo).port;
  await throughput(port, '/bench/bare', 1);
  await throughput(port, `/p/${token}`, 1);
  // alternate 1-second rounds so that load from other processes hits both alike
  let bare = 0;
  let page = 0;
  for (let i = 0; i < 4; i++) {
    bare += await throughput(port, '/bench/bare', 1) / 4;
    page += await throughput(port, `/p/${token}`, 1) / 4;
  }
  const api = await throughput(port, `/api/v1/public/plaques/${token}`, 2);
  setPublicCacheMs(0);
  const uncached = await throughput(port, `/p/${token}`, 2);
  setPublicCacheMs(10_000);
  await app.close();
  await database.close();
  out.push({ name: 'bare route', value: bare, unit: 'req/s' });
  out.push({ name: 'public plaque page /p/:token', value: page, unit: 'req/s' });
  out.push({ name: 'public plaque JSON', value: api, unit: 'req/s' });
  out.push({ name: 'public plaque page, 10 s cache off', value: uncached, unit: 'req/s' });
  out.push({ name: 'plaque page / bare route', value: page / bare, unit: '', goal: '≥ 0.6', pass: page / bare >= 0.6 });
  out.push({ name: 'plaque page without cache / bare route', value: uncached / bare, unit: '' });

  // 4. 1,000 plaques in one PDF, in a child process
  const raw = execFileSync(process.execPath, ['--import', 'tsx', path.join(HERE, 'cluster-pdf-child.ts'), '1000'], { encoding: 'utf8', maxBuffer: 1 << 20 });
  const pdf = JSON.parse(raw.trim().split('\n').pop()!) as { ms: number; bytes: number; maxRssMb: number; error?: string };
  if (pdf.error) throw new Error(pdf.error);
  out.push({ name: '1,000 plaques PDF: time', value: pdf.ms / 1000, unit: 's', goal: '< 20 s', pass: pdf.ms < 20_000 });
  out.push({ name: '1,000 plaques PDF: peak RSS (whole process)', value: pdf.maxRssMb, unit: 'MB', goal: '< 300 MB', pass: pdf.maxRssMb < 300 });
  out.push({ name: '1,000 plaques PDF: size', value: pdf.bytes / 1e6, unit: 'MB' });
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  run().then((rows) => {
    for (const r of rows) console.log(`${r.name.padEnd(60)} ${r.value.toFixed(2).padStart(10)} ${r.unit.padEnd(6)} ${r.goal ?? ''} ${r.pass === undefined ? '' : r.pass ? 'PASS' : 'FAIL'}`);
    process.exit(0);
  }, (e: unknown) => { console.error(e); process.exit(1); });
}
