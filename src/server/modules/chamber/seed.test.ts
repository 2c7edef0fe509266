import { beforeAll, describe, expect, it } from 'vitest';
import { demoApp, json, PASSWORD, type TestApp } from '../../../../test/support/app.ts';
import { expectUnchanged, snapshot } from '../../../../test/support/refused.ts';
import { seedChamber } from './seed.ts';

let t: TestApp;
let logins: string[] = [];

beforeAll(async () => {
  const demo = await demoApp();
  t = demo;
  logins = demo.logins;
}, 600_000);

interface Figures { cases: number; settled: number; failed: number; open: number; amountFen: number; ratings: number; satisfied: number; satisfaction: number; byYear: { year: number; cases: number }[] }

describe('seedChamber', () => {
  it('the committee\'s register gives the article\'s figures: 74 cases in three years, 72 settled, ¥2.364M, 98% satisfied', async () => {
    expect(logins).toContain('tiaojie');
    const committee = await t.login('shanghui');
    const f = json<Figures>(await committee.get('/api/v1/mediation-figures'));
    expect(f).toMatchObject({ cases: 74, settled: 72, failed: 1, open: 1, amountFen: 236_400_000 });
    expect(Math.round(f.satisfaction * 100)).toBe(98);
    expect(f.byYear.map((y) => y.cases)).toEqual([25, 25, 24]);
    // every closed case has its follow-up; every settled one its agreement and sessions
    const [x] = await t.database.query<{ closed: number; followed: number; agreements: number; sessions: number }>(`
      select (select count(*)::int from cases where kind = 'mediation' and closed_at is not null) as closed,
             (select count(*)::int from mediation_follow_ups) as followed, (select count(*)::int from mediation_agreements) as agreements,
             (select count(distinct case_id)::int from mediation_sessions) as sessions`);
    expect(x).toEqual({ closed: 73, followed: 73, agreements: 72, sessions: 74 });
  });

  it('growth: 25 pairs of which 17 took over, 300+ students and 200+ technicians a year, 76 / 19 / 12, 11 owners and 62 technicians from the roster', async () => {
    const committee = await t.login('shanghui');
    const [{ id, regionId }] = await t.database.query<{ id: string; regionId: string }>(`select id, region_id as "regionId" from orgs where name = '镇海骆驼商会党委'`);
    const res = await committee.get(`/api/v1/growth-figures?orgId=${id}`);
    expect(res.statusCode, res.body).toBe(200);
    const f = json(res);
    expect(f).toMatchObject({ pairs: 25, tookOver: 17, investments: { introduced: 76, joint_venture: 19, branch: 12 }, owners: 11, technicians: 62 });
    // the six partner schools, all in agreement; three mentees joined the party and are linked to their member record
    expect(f).toMatchObject({ schoolPartners: 6, schoolPartnersActive: 6, menteesJoined: 3 });
    const schools = json(await committee.get(`/api/v1/school-partners?orgId=${id}`));
    expect(schools.items.reduce((n: number, x: { students: number }) => n + x.students, 0)).toBe(312 + 318 + 326);
    const linked = json(await committee.get(`/api/v1/mentoring-pairs?orgId=${id}&pageSize=100`)).items.filter((p: { menteeMember: unknown }) => p.menteeMember);
    expect(linked).toHaveLength(3);
    for (const p of linked) expect(p.menteeName).toBe(p.menteeMember.name);
    expect(f.placements).toHaveLength(3);
    for (const y of f.placements) { expect(y.students).toBeGreaterThan(300); expect(y.technicians).toBeGreaterThan(200); }
    // 近年来，先后吸引10余名企业出资人、62名企业技术骨干入党: the roster's entrepreneurs and technicians are those very members
    const [tagged] = await t.database.query<{ e: number; er: number; eo: number; tn: number; tr: number; tt: number }>(`
      select count(*) filter (where 'entrepreneur' = any(tags))::int as e, count(*) filter (where 'entrepreneur' = any(tags) and joined_on >= $1)::int as er,
             count(*) filter (where 'entrepreneur' = any(tags) and '企业主' = any(tags))::int as eo,
             count(*) filter (where 'technician' = any(tags))::int as tn, count(*) filter (where 'technician' = any(tags) and joined_on >= $1)::int as tr,
             count(*) filter (where 'technician' = any(tags) and '技术骨干' = any(tags))::int as tt
        from members where region_id = $2`, [f.since, regionId]);
    expect(tagged).toEqual({ e: 11, er: 11, eo: 11, tn: 62, tr: 62, tt: 62 });
    const pairs = json(await committee.get(`/api/v1/mentoring-pairs?orgId=${id}&outcome=took_over`));
    expect(pairs.total).toBe(17);
    expect(pairs.items[0].activities.length).toBeGreaterThan(0);
    const w = json(await committee.get(`/api/v1/workflows?regionId=${pairs.items[0].regionId}`));
    expect(w.items.find((x: { code: string }) => x.code === 'development')).toMatchObject({ steps: 25 });
    expect(w.items[0].stages).toHaveLength(5);
  });

  it('the demo mediator sees this year\'s cases only, one of them still being mediated', async () => {
    const m = await t.login('tiaojie');
    const list = json<{ total: number; items: { stage: string; year: number }[] }>(await m.get('/api/v1/mediation-cases?pageSize=100'));
    expect(list.total).toBe(24);
    expect(new Set(list.items.map((i) => i.year)).size).toBe(1);
    expect(list.items.filter((i) => i.stage === 'mediating')).toHaveLength(1);
  });

  it('the service alliance: 9 agencies with catalogues, a year of requests, some overdue, one handed back; its sign-ins', async () => {
    expect(logins).toEqual(expect.arrayContaining(['fuwu', 'qiye', 'wangge']));
    const committee = await t.login('shanghui');
    const agencies = json<{ name: string; services: unknown[]; overdue: number }[]>(await committee.get('/api/v1/agencies'));
    expect(agencies).toHaveLength(9);
    expect(agencies.every((a) => a.services.length > 0)).toBe(true);
    const all = json<{ total: number; items: { stage: string; handedBack: number; rating: number | null }[] }>(await committee.get('/api/v1/service-requests?box=dispatch&pageSize=500'));
    expect(all.total).toBe(60);
    expect(all.items.filter((x) => x.handedBack > 0)).toHaveLength(1);
    expect(all.items.filter((x) => x.stage === 'closed').every((x) => x.rating !== null)).toBe(true);
    const overdue = json<{ total: number }>(await committee.get('/api/v1/service-requests?box=dispatch&overdue=1'));
    expect(overdue.total).toBeGreaterThanOrEqual(2);
    const fuwu = await t.login('fuwu');
    expect(json<{ total: number }>(await fuwu.get('/api/v1/service-requests?box=inbox')).total).toBeGreaterThan(0);
    const qiye = await t.login('qiye');
    expect(json<{ total: number }>(await qiye.get('/api/v1/service-requests?box=mine')).total).toBeGreaterThan(0);
  });

  it('runs once: a second run changes nothing', async () => {
    const before = await snapshot(t);
    expect(await seedChamber(t.database.db, { password: PASSWORD, now: t.clock.now() })).toEqual({ users: [] });
    await expectUnchanged(before);
  });

  it('this year\'s responsibility lists: 9 grids, 52 secretaries\' ledgers, the list published, some items behind; the grid leader sees the grid', async () => {
    const committee = await t.login('shanghui');
    const [c] = await t.database.query<{ id: string }>(`select id from orgs where name = '镇海骆驼商会党委'`);
    const year = Number(new Date(t.clock.now() + 8 * 3_600_000).toISOString().slice(0, 4));
    const o = json<{ items: unknown[]; grids: { branches: number; behind: number; published: { start: number }; ranking: { orgId: string }[] }[] }>(await committee.get(`/api/v1/duty-overview?orgId=${c.id}&year=${year}`));
    expect(o.items).toHaveLength(10);
    expect(o.grids).toHaveLength(9);
    expect(o.grids.reduce((s, g) => s + g.branches, 0)).toBe(52);
    expect(o.grids.reduce((s, g) => s + g.published.start, 0)).toBe(52);
    expect(o.grids.reduce((s, g) => s + g.behind, 0)).toBeGreaterThan(0);
    const leader = await t.login('wangge');
    const mine = json<{ grids: { branches: number }[] }>(await leader.get(`/api/v1/duty-overview?orgId=${c.id}&year=${year}`));
    expect(mine.grids).toHaveLength(1);
    const l = await leader.get(`/api/v1/duty-ledgers/${o.grids[0].ranking[0].orgId}?year=${year}`);
    expect(l.statusCode, l.body).toBe(200);
  });
});
