import { beforeAll, describe, expect, it } from 'vitest';
import { demoApp, json, type TestApp } from '../../../../test/support/app.ts';
import { seedCluster } from './seed.ts';
import { expectUnchanged, snapshot } from '../../../../test/support/refused.ts';

let t: TestApp;
let logins: string[] = [];

/** The whole demo data: the directory's (孔浦 with 五朵金花: 5 communities, 20 branches, 820 members), then ours. */
beforeAll(async () => {
  const demo = await demoApp();
  t = demo;
  logins = demo.logins;
}, 600_000);

describe('seedCluster', () => {
  it('creates the cluster\'s demo data (once)', async () => {
    expect(logins).toContain('judge');
    const levels = await t.database.query<{ level: string; n: number }>("select level, count(*)::int as n from projects where level <> 'cobuild' group by level order by level");
    expect(levels).toEqual([{ level: 'branch', n: 15 }, { level: 'member', n: 14 }, { level: 'secretary', n: 5 }]);
    const [{ m }] = await t.database.query<{ m: number }>('select count(distinct member_id)::int as m from pledges');
    expect(m).toBeGreaterThanOrEqual(800);
    const titles = (await t.database.query<{ title: string }>("select title from projects where level <> 'cobuild'")).map((x) => x.title);
    expect(new Set(titles).size).toBe(34);
    expect(titles).toContain('党建助力区域整治');
    // 一天之内，怡江春色和怡江小区内100个党员户标识全部张贴完毕; 绿梅、红梅、白杨、文竹四个社区的“党员亮牌活动”也如火如荼地进行着
    const plaques = await t.database.query<{ org: string; n: number; door: number; board: number; stair: number; days: number }>(
      `select replace(o.name, '社区党委', '') as org, count(*)::int as n, count(*) filter (where door_state = 'done')::int as door,
              count(*) filter (where board_state = 'done')::int as board, count(*) filter (where stair_state = 'done')::int as stair,
              count(distinct door_on)::int as days
         from plaque_households p join orgs o on o.region_id = p.region_id and o.id = p.org_id group by o.name order by o.name`);
    expect(plaques.map((p) => p.org).sort()).toEqual(['怡江', '文竹', '白杨', '红梅', '绿梅'].sort());
    expect(plaques.find((p) => p.org === '怡江')).toEqual({ org: '怡江', n: 100, door: 100, board: 40, stair: 20, days: 1 });
    expect(plaques.filter((p) => p.org !== '怡江' && !(p.door > 0 && p.door < p.n && p.days === 1))).toEqual([]);
    // 百合青年支部……开展了“风中百合”应急志愿服务
    const [fz] = await t.database.query<{ org: string }>(`select o.name as org from projects p join orgs o on o.region_id = p.region_id and o.id = p.org_id where p.title = '“风中百合”应急志愿服务'`);
    expect(fz).toEqual({ org: '百合青年支部' });
    // 组建由老党员、居民代表、职能部门负责人共同组成的评委团: both contests' panels have all three
    const panels = await t.database.query<{ quarter: string; cats: string[] }>(
      'select c.quarter, array_agg(distinct j.category order by j.category) as cats from contest_judges j join contests c on c.region_id = j.region_id and c.id = j.contest_id group by c.quarter order by c.quarter');
    expect(panels.map((p) => p.cats)).toEqual([['department', 'resident', 'veteran'], ['department', 'resident', 'veteran']]);
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
    const judge = await t.login('judge');
    const sheet = json(await judge.get(`/api/v1/contests/${open.id}/my-sheet`));
    expect(sheet.entries).toHaveLength(10);
    const entry = sheet.entries.find((e: { recused: boolean }) => !e.recused);
    expect(sheet.entries.some((e: { recused: boolean }) => e.recused)).toBe(true);
    const put = await judge.put(`/api/v1/contests/${open.id}/entries/${entry.id}/scores`, { scores: [{ criterionId: sheet.criteria[0].id, points: 35 }] });
    expect(put.statusCode).toBe(200);
  });

  it('runs only once: a second run changes no table', async () => {
    const before = await snapshot(t);
    expect(await seedCluster(t.database.db, { now: t.clock.now() })).toMatchObject({ created: false, reason: 'projects exist' });
    await expectUnchanged(before);
  });
});
