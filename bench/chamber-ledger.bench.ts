/**
 * The committee's secretary-ledger view (issue 14 §1): GET /api/v1/duty-overview for 52 branches in 9 grids × a
 * template of 20 items, every item's evidence counted live (三会一课 through the compliance board, development stages,
 * pledges, needs, uploaded evidence), as the committee's org admin, on PostgreSQL. Goal: p99 < 200 ms.
 *
 * PostgreSQL: BENCH_DATABASE_URL, else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test (database
 * lj_bench_ledger, dropped after). Knobs: BENCH_DURATION_MS (default 6000), BENCH_CONNECTIONS (default 4).
 */
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { migrate, openDatabase } from '../src/server/db/client.ts';
import { uuidv7 } from '../src/server/platform/ids.ts';
import { createUser, grantRole } from '../src/server/platform/users.ts';
import { measure } from './lib/load.ts';
import { withDatabase } from './lib/pg.ts';
import type { BenchResult } from './lib/report.ts';

const num = (name: string, dflt: number) => { const n = Number(process.env[name]); return Number.isFinite(n) && n > 0 ? n : dflt; };
const log = (s: string) => process.stderr.write(`  chamber-ledger: ${s}\n`);
const YEAR = 2026;

export function run(): Promise<BenchResult[]> {
  return withDatabase('lj_bench_ledger', async (url) => {
    const database = await openDatabase({ databaseUrl: url, poolMax: 20 });
    try {
      await migrate(database);
      const q = (s: string, v: unknown[] = []) => database.query(s, v);
      const regionId = uuidv7();
      const root = uuidv7();
      const chamber = uuidv7();
      await q(`insert into regions (id, code, name) values ($1, 'bench', '骆驼街道')`, [regionId]);
      await q(`insert into orgs (region_id, id, parent_id, kind, name, path, depth) values ($1, $2, null, 'committee', '街道党工委', $4, 0), ($1, $3, $2, 'committee', '商会党委', $5, 1)`,
        [regionId, root, chamber, `/${root}/`, `/${root}/${chamber}/`]);
      const sizes = [7, 6, 5, 6, 5, 6, 5, 6, 6];
      const branches: string[] = [];
      for (const [g, size] of sizes.entries()) {
        const grid = uuidv7();
        await q(`insert into alliances (region_id, id, kind, name, lead_org_id) values ($1, $2, 'grid', $3, $4)`, [regionId, grid, `第${g + 1}网格`, chamber]);
        for (let b = 0; b < size; b++) {
          const id = uuidv7();
          branches.push(id);
          await q(`insert into orgs (region_id, id, parent_id, kind, name, path, depth, secretary_name) values ($1, $2, $3, 'branch', $4, $5, 2, '书记')`,
            [regionId, id, chamber, `网格${g + 1}支部${b + 1}`, `/${root}/${chamber}/${id}/`]);
          await q(`insert into alliance_orgs (region_id, alliance_id, org_id) values ($1, $2, $3)`, [regionId, grid, id]);
        }
      }
      // 20 items of weight 5: 1 meetings, 3 development stages, 2 pledges, 2 needs, 12 uploaded
      const items: { id: string; source: string; stage: string | null }[] = [
        { source: 'activities', stage: null }, { source: 'development', stage: 'activist' }, { source: 'development', stage: 'candidate' },
        { source: 'development', stage: 'probationary' }, { source: 'pledges', stage: null }, { source: 'pledges', stage: null },
        { source: 'needs', stage: null }, { source: 'needs', stage: null }, ...Array.from({ length: 12 }, () => ({ source: 'manual', stage: null })),
      ].map((i) => ({ ...i, id: uuidv7() }));
      for (const [n, i] of items.entries()) {
        await q(`insert into duty_items (region_id, id, committee_id, year, scope, code, name, weight, indicator, target, source, stage, sort) values ($1, $2, $3, $4, 'template', $5, $6, 5, 'count', 10, $7, $8, $9)`,
          [regionId, i.id, chamber, YEAR, `item${n}`, `事项${n + 1}`, i.source, i.stage, n]);
      }
      const t0 = performance.now();
      const grid1 = (await q(`select id from alliances where region_id = $1 limit 1`, [regionId]))[0] as { id: string };
      // per branch: 60 meetings this year, 30 members (stage dates this year), 40 pledges, 6 needs, 36 uploads
      await q(`insert into activities (region_id, id, kind, org_id, title, starts_at, ends_at, held_on, checkin_opens_at, checkin_closes_at, checkin_code, status)
        select $1, gen_random_uuid(), (array['committee_meeting','group_meeting','theme_day','general_meeting','party_lesson'])[1 + i % 5], b, '会议',
               d + time '14:00', d + time '16:00', d, d + time '13:00', d + time '17:00', 'x', 'held'
          from unnest($2::uuid[]) b, generate_series(1, 60) i, lateral (select date '2026-01-03' + (i * 3) as d) x`, [regionId, branches]);
      await q(`insert into members (region_id, id, org_id, name, gender, birth_date, id_number, stage, activist_on, candidate_on, joined_on)
        select $1, gen_random_uuid(), b, '党员' || i, 'M', date '1990-01-01', md5(b::text || i), 'probationary', date '2026-02-01', date '2026-04-01', date '2026-06-01'
          from unnest($2::uuid[]) b, generate_series(1, 30) i`, [regionId, branches]);
      await q(`insert into pledges (region_id, id, member_id, org_id, year, category, content, status)
        select $1, gen_random_uuid(), m.id, m.org_id, ${YEAR}, '志愿服务', '承诺', case when random() < 0.6 then 'fulfilled' else 'in_progress' end
          from members m, generate_series(1, 2) where m.region_id = $1 and substr(m.name, 3)::int <= 20`, [regionId]);
      await q(`insert into needs (region_id, id, alliance_id, category, title, quantity, status, org_id, raised_as, confirmed_at)
        select $1, gen_random_uuid(), $3, 'labour', '需求', 1, 'confirmed', b, 'org', timestamptz '2026-05-01 10:00+08' from unnest($2::uuid[]) b, generate_series(1, 6)`, [regionId, branches, grid1.id]);
      await q(`insert into duty_evidence (region_id, id, item_id, org_id, year, value, file_key, file_name, content_type, size, created_at)
        select $1, gen_random_uuid(), it, b, ${YEAR}, 1, 'bench/x.pdf', 'x.pdf', 'pdf', 1, now() from unnest($2::uuid[]) b, unnest($3::uuid[]) it, generate_series(1, 3)`,
        [regionId, branches, items.filter((i) => i.source === 'manual').map((i) => i.id)]);
      await q('analyze');
      log(`generated 52 branches × 20 items with their records in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

      const sys = { principal: null };
      const userId = await createUser(database.db, sys, { username: 'bench', displayName: 'bench', password: 'bench-password-1' });
      await grantRole(database.db, sys, { userId, role: 'org_admin', scopeKind: 'org', scopeId: chamber, regionId });
      const now = Date.parse('2026-07-10T10:00:00+08:00');
      const app = await buildApp({ database, config: loadConfig({}, { loginRatePerMinute: 100_000, logLevel: 'warn' }), logger: false, now: () => now });
      await app.listen({ host: '127.0.0.1', port: 0 });
      try {
        const appUrl = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
        const login = await fetch(`${appUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-requested-with': 'x' }, body: JSON.stringify({ username: 'bench', password: 'bench-password-1' }) });
        const sid = /lj_sid=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')?.[1];
        if (!sid) throw new Error(`sign-in failed: ${login.status}`);
        const viewUrl = `${appUrl}/api/v1/duty-overview?orgId=${chamber}&year=${YEAR}`;
        const check = await (await fetch(viewUrl, { headers: { cookie: `lj_sid=${sid}` } })).json() as { items: unknown[]; grids: { ranking: { done: number[] }[] }[] };
        const rows = check.grids.flatMap((g) => g.ranking);
        log(`  the view: ${check.grids.length} grids, ${rows.length} branches × ${check.items.length} items; first branch done ${JSON.stringify(rows[0]?.done)}`);
        const opts = { connections: num('BENCH_CONNECTIONS', 4), durationMs: num('BENCH_DURATION_MS', 6000), warmupMs: 1000 };
        const res = await measure({ ...opts, url: viewUrl, headers: { cookie: `lj_sid=${sid}` } });
        log(`  GET /api/v1/duty-overview: ${res.rps.toFixed(0)} req/s, p50 ${res.p50Ms.toFixed(1)} ms, p99 ${res.p99Ms.toFixed(1)} ms (goal < 200 ms), errors ${res.errors}${res.firstError ? ` (${res.firstError})` : ''}`);
        return [
          { name: `ledger view 52 branches × 20 items, ${opts.connections} connections: p99`, value: res.p99Ms, unit: 'ms', goal: '< 200 ms', pass: res.p99Ms < 200 && res.errors === 0 },
          { name: 'ledger view 52 × 20: throughput', value: res.rps, unit: 'req/s' },
        ];
      } finally {
        await app.close();
      }
    } finally {
      await database.close();
    }
  });
}
