/**
 * Service record certificates (issue 13 §2), on PostgreSQL: a volunteer with 500 approved services over the past
 * ~500 days. Issuing a certificate for the whole period (POST /volunteers/:id/certificates: the ledger read as of now,
 * the totals, the number, the audit row) and its PDF (GET /volunteer-certificates/:id/pdf: the 500 lines rebuilt from
 * the ledger as it stood at issue, pdfkit with the CJK font, ~12 pages). Goal (the issue): a certificate PDF for a
 * volunteer with 500 services < 1 s; measured 10 times after 2 warm-up rounds, the slowest compared.
 * `npx tsx bench/run.ts venues-certificates`. PostgreSQL as bench/lib/pg.ts (a database lj_bench_vcert, dropped after).
 */
import { addDays, todayShanghai } from '../src/shared/dates.ts';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { migrate, openDatabase } from '../src/server/db/client.ts';
import { orgs, regions } from '../src/server/modules/directory/schema.ts';
import { volunteerHours, volunteers, volunteerTeamMembers, volunteerTeams } from '../src/server/modules/venues/schema.ts';
import { uuidv7 } from '../src/server/platform/ids.ts';
import { grants, users } from '../src/server/platform/schema.ts';
import { withDatabase } from './lib/pg.ts';
import { percentile, type BenchResult } from './lib/report.ts';

const log = (s: string) => process.stderr.write(`  venues-certificates: ${s}\n`);
const SERVICES = 500;
const ROUNDS = 10;

export async function run(): Promise<BenchResult[]> {
  return withDatabase('lj_bench_vcert', async (url) => {
    const database = await openDatabase({ databaseUrl: url, poolMax: 5 });
    try {
      await migrate(database);
      const db = database.db;
      const now = Date.now();
      const today = todayShanghai(now);
      const regionId = uuidv7();
      const orgId = uuidv7();
      await db.insert(regions).values({ id: regionId, code: 'bench', name: '压测镇' });
      await db.insert(orgs).values({ regionId, id: orgId, kind: 'committee', name: '压测镇党员义工服务队党支部', path: `/${orgId}/`, depth: 0 });
      const userId = uuidv7();
      await db.insert(users).values({ id: userId, username: 'vcert_bench', displayName: '经办人', passwordHash: 'x' });
      await db.insert(grants).values({ regionId, id: uuidv7(), userId, role: 'org_admin', scopeKind: 'org', scopeId: orgId });
      const teamId = uuidv7();
      await db.insert(volunteerTeams).values({ regionId, id: teamId, name: '党员义工服务队', interest: '为老服务', ownerOrgId: orgId });
      const volunteerId = uuidv7();
      await db.insert(volunteers).values({ regionId, id: volunteerId, teamId, name: '林小雨', phone: '13900000002', politicalStatus: 'league_member', volunteerNo: 'BF-0001', joinedOn: addDays(today, -600) });
      await db.insert(volunteerTeamMembers).values({ regionId, teamId, volunteerId, joinedOn: addDays(today, -600) });
      const kinds = ['志愿服务技能培训', '园区垃圾分类督导', '环保宣传进社区', '光大环保教育基地讲解', '海岸线净滩行动', '峰南社区居家养老服务中心助老服务'];
      const recordedAt = new Date(now - 60_000);
      const entries = Array.from({ length: SERVICES }, (_, i) => ({
        regionId, id: uuidv7(), volunteerId, description: `${kinds[i % kinds.length]}（第 ${i + 1} 次）`, servedOn: addDays(today, -(i + 1)),
        minutes: 60 + (i % 7) * 30, source: 'manual', status: 'approved', recordedBy: userId, recordedAt, approvedBy: userId, approvedAt: recordedAt,
      }));
      for (let i = 0; i < entries.length; i += 250) await db.insert(volunteerHours).values(entries.slice(i, i + 250));
      const from = addDays(today, -SERVICES - 1);

      const app = await buildApp({ database, config: loadConfig({}, { logLevel: 'warn' }), now: () => Date.now(), logger: false });
      await app.ready();
      const cookie = `lj_sid=${(await app.deps.sessions.create(userId)).token}`;
      const headers = { cookie, 'x-requested-with': 'x', 'content-type': 'application/json' };
      const issueTimes: number[] = [];
      const pdfTimes: number[] = [];
      const both: number[] = [];
      let services = 0;
      let pages = 0;
      let bytes = 0;
      for (let round = -2; round < ROUNDS; round++) {
        const t0 = performance.now();
        const issued = await app.inject({
          method: 'POST', url: `/api/v1/volunteers/${volunteerId}/certificates`, headers,
          payload: JSON.stringify({ from, to: today, issuerName: '王书记', issuerContact: '0574-86000000' }),
        });
        const t1 = performance.now();
        if (issued.statusCode !== 201) throw new Error(`issue: ${issued.statusCode} ${issued.body}`);
        const c = JSON.parse(issued.body) as { id: string; services: number };
        const pdf = await app.inject({ method: 'GET', url: `/api/v1/volunteer-certificates/${c.id}/pdf`, headers: { cookie } });
        const t2 = performance.now();
        if (pdf.statusCode !== 200) throw new Error(`pdf: ${pdf.statusCode} ${pdf.body}`);
        if (round < 0) continue;
        services = c.services;
        bytes = pdf.rawPayload.length;
        pages = (pdf.rawPayload.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
        issueTimes.push(t1 - t0);
        pdfTimes.push(t2 - t1);
        both.push(t2 - t0);
      }
      await app.close();
      for (const xs of [issueTimes, pdfTimes, both]) xs.sort((a, b) => a - b);
      log(`${services} services, ${pages} pages, ${(bytes / 1024).toFixed(0)} KiB; issue ${issueTimes.map((x) => x.toFixed(0)).join(' ')} ms; pdf ${pdfTimes.map((x) => x.toFixed(0)).join(' ')} ms`);
      const pdfMax = pdfTimes[pdfTimes.length - 1];
      const bothMax = both[both.length - 1];
      return [
        { name: `certificate of a volunteer with ${SERVICES} services: services listed`, value: services, unit: '', goal: `= ${SERVICES}`, pass: services === SERVICES },
        { name: '… issue (POST certificates) p50', value: percentile(issueTimes, 50), unit: 'ms' },
        { name: '… PDF p50', value: percentile(pdfTimes, 50), unit: 'ms' },
        { name: `… PDF slowest of ${ROUNDS}`, value: pdfMax, unit: 'ms', goal: '< 1000 ms', pass: pdfMax < 1000 },
        { name: `… issue + PDF slowest of ${ROUNDS}`, value: bothMax, unit: 'ms', goal: '< 1000 ms', pass: bothMax < 1000 },
        { name: '… PDF pages', value: pages, unit: '' },
      ];
    } finally {
      await database.close();
    }
  });
}
