/**
 * Shared venues figures (issue 13), on PostgreSQL:
 *  - 100 orgs booking the same popular slots within one second: each org's admin (100 sessions) asks, at a random
 *    moment of the same second, for one of 5 evening slots of one court; 5 rounds (500 requests). Goals: no overlap
 *    ever stored (the exclusion constraint), every request answered (201 or 409 BOOKING_CONFLICT, never a 5xx or
 *    a timeout), p99 < 200 ms.
 *  - A venue's month calendar with 2,000 bookings (GET /venue-resources/:id/calendar, one month): p99 < 50 ms
 *    over 200 sequential requests.
 * PostgreSQL: BENCH_DATABASE_URL, else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test (a database
 * lj_bench_venues is created there and dropped after).
 */
import pg from 'pg';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { migrate, openDatabase } from '../src/server/db/client.ts';
import { orgs, regions } from '../src/server/modules/directory/schema.ts';
import { venueBookings, venueResources } from '../src/server/modules/venues/schema.ts';
import { uuidv7 } from '../src/server/platform/ids.ts';
import { grants, users } from '../src/server/platform/schema.ts';
import { percentile, type BenchResult } from './lib/report.ts';

const SERVER = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const log = (s: string) => process.stderr.write(`  venues: ${s}\n`);
const DAY = 86_400_000;
const all = { open: '00:00', close: '24:00' };

export async function run(): Promise<BenchResult[]> {
  const name = 'lj_bench_venues';
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  const u = new URL(SERVER);
  u.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: u.toString(), poolMax: 20 });
  try {
    await migrate(database);
    const db = database.db;
    const regionId = uuidv7();
    const rootId = uuidv7();
    await db.insert(regions).values({ id: regionId, code: 'bench', name: '压测镇' });
    await db.insert(orgs).values({ regionId, id: rootId, kind: 'committee', name: '压测镇党委', path: `/${rootId}/`, depth: 0 });
    const orgIds = Array.from({ length: 100 }, () => uuidv7());
    await db.insert(orgs).values(orgIds.map((id, i) => ({ regionId, id, parentId: rootId, kind: 'branch', name: `企业支部${i}`, path: `/${rootId}/${id}/`, depth: 1 })));
    const userIds = orgIds.map(() => uuidv7());
    await db.insert(users).values(userIds.map((id, i) => ({ id, username: `venue_bench_${i}`, displayName: `书记${i}`, passwordHash: 'x' })));
    await db.insert(grants).values(userIds.map((userId, i) => ({ regionId, id: uuidv7(), userId, role: 'org_admin', scopeKind: 'org', scopeId: orgIds[i] })));
    const venue = (id: string, n: string) => ({
      regionId, id, name: n, kind: 'court', ownerOrgId: rootId, capacity: 30, openingHours: [all, all, all, all, all, all, all], bookableBy: 'region',
      minNoticeMinutes: 0, maxAdvanceDays: 366, minDurationMinutes: 15, maxDurationMinutes: 240, approvalRequired: true, weeklyQuota: null,
      cancelCutoffMinutes: 0, noShowLimit: 3, noShowWindowDays: 90, suspensionDays: 30,
    });
    const court = uuidv7();
    const hall = uuidv7();
    await db.insert(venueResources).values([venue(court, '篮球场'), venue(hall, '报告厅')]);

    const config = loadConfig({}, { logLevel: 'warn', loginRatePerMinute: 100_000 });
    const app = await buildApp({ database, config, now: () => Date.now(), logger: false });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const addr = app.server.address();
    const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    const cookies: string[] = [];
    for (const id of userIds) cookies.push(`lj_sid=${(await app.deps.sessions.create(id)).token}`);
    const headers = (i: number) => ({ cookie: cookies[i], 'content-type': 'application/json', 'x-requested-with': 'x' });

    // ── 100 orgs, the same 5 slots, one second ──
    const latencies: number[] = [];
    const outcomes = new Map<string, number>();
    const firstDay = Date.parse(new Date(Date.now() + 3 * DAY).toISOString().slice(0, 10) + 'T19:00:00+08:00');
    // warm-up: one booking per connection's first statements (not counted)
    await fetch(`${base}/api/v1/venue-resources/${court}`, { headers: headers(0) });
    for (let round = 0; round < 5; round++) {
      const slots = Array.from({ length: 5 }, (_, k) => firstDay + round * DAY + k * 60 * 60_000);
      const t0 = performance.now();
      await Promise.all(orgIds.map((orgId, i) => new Promise<void>((resolve) => {
        setTimeout(async () => {
          const s = slots[i % 5];
          const start = performance.now();
          let key: string;
          try {
            const res = await fetch(`${base}/api/v1/venue-bookings`, {
              method: 'POST', headers: headers(i), signal: AbortSignal.timeout(10_000),
              body: JSON.stringify({ venueResourceId: court, orgId, purpose: '篮球', startsAt: new Date(s).toISOString(), endsAt: new Date(s + 60 * 60_000).toISOString() }),
            });
            const body = await res.json() as { error?: { code: string } };
            key = res.status === 201 ? '201' : `${res.status} ${body.error?.code}`;
          } catch (e) {
            key = `no answer: ${(e as Error).name}`;
          }
          latencies.push(performance.now() - start);
          outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
          resolve();
        }, Math.random() * 1000);
      })));
      log(`round ${round + 1}: ${(performance.now() - t0).toFixed(0)} ms`);
    }
    latencies.sort((a, b) => a - b);
    const [{ n: overlaps }] = (await database.query<{ n: number }>(`select count(*)::int as n from venue_bookings a join venue_bookings b
      on a.region_id = b.region_id and a.resource_id = b.resource_id and a.id < b.id and a.during && b.during
      where a.status in ('pending','approved','checked_in') and b.status in ('pending','approved','checked_in')`));
    const [{ n: stored }] = await database.query<{ n: number }>(`select count(*)::int as n from venue_bookings where resource_id = $1`, [court]);
    const answered = (outcomes.get('201') ?? 0) + (outcomes.get('409 BOOKING_CONFLICT') ?? 0);
    log(`outcomes ${JSON.stringify(Object.fromEntries(outcomes))}; stored ${stored}`);

    // ── the month calendar with 2,000 bookings ──
    const monthStart = Date.parse('2027-03-01T00:00:00+08:00');
    const rows = Array.from({ length: 2000 }, (_, i) => ({
      regionId, id: uuidv7(), resourceId: hall, bookerOrgId: orgIds[i % 100], createdBy: userIds[i % 100], purpose: `活动${i}`,
      startsAt: new Date(monthStart + i * 20 * 60_000), endsAt: new Date(monthStart + (i + 1) * 20 * 60_000), status: i % 3 ? 'approved' : 'pending',
    }));
    for (let i = 0; i < rows.length; i += 500) await db.insert(venueBookings).values(rows.slice(i, i + 500));
    const calUrl = `${base}/api/v1/venue-resources/${hall}/calendar?from=${encodeURIComponent(new Date(monthStart).toISOString())}&to=${encodeURIComponent(new Date(monthStart + 31 * DAY).toISOString())}`;
    const check = await (await fetch(calUrl, { headers: headers(0) })).json() as { bookings: unknown[] };
    for (let i = 0; i < 20; i++) await (await fetch(calUrl, { headers: headers(i % 100) })).arrayBuffer();
    const cal: number[] = [];
    for (let i = 0; i < 200; i++) {
      const s = performance.now();
      const res = await fetch(calUrl, { headers: headers(i % 100) });
      await res.arrayBuffer();
      cal.push(performance.now() - s);
    }
    cal.sort((a, b) => a - b);
    log(`calendar answers ${check.bookings.length} bookings`);
    await app.close();

    const p99 = percentile(latencies, 99);
    const calP99 = percentile(cal, 99);
    return [
      { name: '100 orgs, same 5 slots within 1 s ×5: overlapping active bookings stored', value: overlaps, unit: '', goal: '= 0', pass: overlaps === 0 },
      { name: '… requests answered 201 or 409 BOOKING_CONFLICT', value: answered, unit: `/ ${latencies.length}`, goal: `= ${latencies.length}`, pass: answered === latencies.length },
      { name: '… bookings stored (one per slot)', value: stored, unit: '', goal: '= 25', pass: stored === 25 },
      { name: '… booking p50', value: percentile(latencies, 50), unit: 'ms' },
      { name: '… booking p99', value: p99, unit: 'ms', goal: '< 200 ms', pass: p99 < 200 },
      { name: 'month calendar, 2,000 bookings: bookings answered', value: check.bookings.length, unit: '', goal: '= 2000', pass: check.bookings.length === 2000 },
      { name: '… p50', value: percentile(cal, 50), unit: 'ms' },
      { name: '… p99', value: calP99, unit: 'ms', goal: '< 50 ms', pass: calP99 < 50 },
    ];
  } finally {
    await database.close();
    await admin.query(`drop database if exists ${name} with (force)`).catch(() => {});
    await admin.end();
  }
}
