import { beforeAll, describe, expect, it } from 'vitest';
import { json, testApp, type TestApp } from '../../../../test/support/app.ts';
import { hashPassword } from '../../platform/auth/passwords.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { users } from '../../platform/schema.ts';
import { allianceOrgs, alliances, members, regions } from '../directory/schema.ts';
import { seedCluster } from './seed.ts';
import { count } from './test-helper.ts';

let t: TestApp;
let regionId: string;

/** A stand-in for the directory's demo data: 孔浦, 五朵金花 with 5 communities × 4 branches × 41 members. */
beforeAll(async () => {
  t = await testApp();
  const db = t.database.db;
  regionId = uuidv7();
  await db.insert(regions).values({ id: regionId, code: 'kongpu', name: '江北区孔浦街道' });
  const root = await t.org(regionId, null, '孔浦街道党工委', 'committee');
  const allianceId = uuidv7();
  await db.insert(alliances).values({ regionId, id: allianceId, kind: 'cluster', name: '五朵金花', leadOrgId: root.id });
  let n = 0;
  for (const c of ['怡江', '绿梅', '红梅', '白杨', '文竹']) {
    const committee = await t.org(regionId, root.id, `${c}社区党委`, 'committee');
    await db.insert(allianceOrgs).values({ regionId, allianceId, orgId: committee.id });
    for (const b of ['第一', '第二', '第三', '第四']) {
      const branch = await t.org(regionId, committee.id, `${c}社区${b}党支部`);
      const rows = Array.from({ length: 41 }, (_, k) => ({
        regionId, id: uuidv7(), orgId: branch.id, name: `${c}党员${++n}`, gender: 'F', birthDate: '1950-01-01', idNumber: `ID${n}`, stage: 'full',
        address: `${c === '怡江' ? (k % 2 ? '怡江春色' : '怡江小区') : `${c}小区`} ${1 + (k % 12)} 幢 ${1 + (k % 6)}0${1 + (k % 4)} 室`,
      }));
      await db.insert(members).values(rows);
    }
  }
  await db.insert(users).values({ id: uuidv7(), username: 'admin', displayName: 'admin', passwordHash: await hashPassword('correct-horse-battery'), isPlatformAdmin: true });
}, 120_000);

describe('seedCluster', () => {
  it('creates the cluster\'s demo data', async () => {
    const res = await seedCluster(t.database.db, { now: t.clock.now() });
    expect(res.created).toBe(true);
    expect(res.users.map((u) => u.username)).toEqual(['judge']);
    const levels = await t.database.query<{ level: string; n: number }>('select level, count(*)::int as n from projects group by level order by level');
    expect(levels).toEqual([{ level: 'branch', n: 15 }, { level: 'member', n: 14 }, { level: 'secretary', n: 5 }]);
    const [{ m }] = await t.database.query<{ m: number }>('select count(distinct member_id)::int as m from pledges');
    expect(m).toBeGreaterThanOrEqual(800);
    const [p] = await t.database.query<{ n: number; door: number; board: number; stair: number }>(
      `select count(*)::int as n, count(*) filter (where door_state = 'done')::int as door, count(*) filter (where board_state = 'done')::int as board,
              count(*) filter (where stair_state = 'done')::int as stair from plaque_households`);
    expect(p).toEqual({ n: 100, door: 100, board: 40, stair: 20 });
    const cs = await t.database.query<{ status: string }>('select status from contests order by quarter');
    expect(cs.map((c) => c.status)).toEqual(['published', 'open']);
  });

  it('the published results are public; the demo judge can sign in and score the open contest', async () => {
    const [pub] = await t.database.query<{ id: string }>(`select id from contests where status = 'published'`);
    const res = await t.anon.get(`/api/v1/public/contests/${pub.id}/results`);
    expect(res.statusCode).toBe(200);
    expect(json(res).ranking).toHaveLength(12);
    expect(json(res).ranking[0].rank).toBe(1);
    const [open] = await t.database.query<{ id: string }>(`select id from contests where status = 'open'`);
    const judge = await t.login('judge', 'correct-horse-battery');
    const sheet = json(await judge.get(`/api/v1/contests/${open.id}/my-sheet`));
    expect(sheet.entries).toHaveLength(10);
    const entry = sheet.entries.find((e: { recused: boolean }) => !e.recused);
    expect(sheet.entries.some((e: { recused: boolean }) => e.recused)).toBe(true);
    const put = await judge.put(`/api/v1/contests/${open.id}/entries/${entry.id}/scores`, { scores: [{ criterionId: sheet.criteria[0].id, points: 35 }] });
    expect(put.statusCode).toBe(200);
  });

  it('runs only once', async () => {
    const before = await count(t, 'projects');
    expect((await seedCluster(t.database.db, { now: t.clock.now() })).created).toBe(false);
    expect(await count(t, 'projects')).toBe(before);
  });
});
