import { beforeAll, describe, expect, it } from 'vitest';
import { json, testApp, type Client, type TestApp } from '../../../../test/support/app.ts';
import { addProject, count, world, type World } from './test-helper.ts';

let t: TestApp;
let w: World;
let yjProject: string;
let lmProject: string;
let contestId: string;
let crit: { id: string; maxPoints: number }[];
let entryYj: string;
let entryLm: string;
let veteran: { id: string; client: Client };
let resident: { id: string; username: string; client: Client };
let outsider: { id: string; client: Client };

const body = (over: Record<string, unknown> = {}) => ({
  allianceId: w.allianceId, title: '2026年第四季度项目赛花会', quarter: '2026Q4',
  categoryWeights: { veteran: 40, resident: 30, department: 30 },
  criteria: [{ name: '项目成效', maxPoints: 40, weight: 50 }, { name: '群众满意', maxPoints: 30, weight: 30 }, { name: '创新特色', maxPoints: 30, weight: 20 }],
  projectIds: [yjProject, lmProject],
  ...over,
});

beforeAll(async () => {
  t = await testApp();
  w = await world(t);
  yjProject = await addProject(t, w.A.id, w.org.yjb1.id, w.allianceId, '风中百合应急志愿服务');
  lmProject = await addProject(t, w.A.id, w.org.lm.id, w.allianceId, '党建助力区域整治');
  veteran = await t.user({});
  resident = await t.user({});
  outsider = await t.user({});
});

describe('opening a contest', () => {
  it('refuses criteria weights that do not add up to 100%, and creates nothing', async () => {
    const before = await count(t, 'contests');
    const res = await w.coordinator.post('/api/v1/contests', body({ criteria: [{ name: 'a', maxPoints: 10, weight: 60 }, { name: 'b', maxPoints: 10, weight: 30 }] }));
    expect(res.statusCode).toBe(422);
    expect(json(res).error.code).toBe('WEIGHTS_NOT_100');
    expect(json(res).error.details).toEqual([expect.objectContaining({ field: 'criteria', message: 'the weights add up to 90%, not 100%' })]);
    expect(await count(t, 'contests')).toBe(before);
    expect(await count(t, 'contest_criteria')).toBe(0);
  });

  it('refuses category weights that do not add up to 100%', async () => {
    const res = await w.coordinator.post('/api/v1/contests', body({ categoryWeights: { veteran: 50, resident: 30, department: 30 } }));
    expect(res.statusCode).toBe(422);
    expect(json(res).error.details[0]).toMatchObject({ field: 'categoryWeights', message: 'the weights add up to 110%, not 100%' });
    expect(await count(t, 'contests')).toBe(0);
  });

  it('is refused (404) to another region\'s admin and to an org admin', async () => {
    expect((await w.bAdmin.post('/api/v1/contests', body())).statusCode).toBe(404);
    expect((await w.yjAdmin.post('/api/v1/contests', body())).statusCode).toBe(404);
    expect(await count(t, 'contests')).toBe(0);
  });

  it('refuses a project from outside the alliance', async () => {
    const foreign = await addProject(t, w.A.id, w.org.other.id, null, '其他项目');
    const res = await w.coordinator.post('/api/v1/contests', body({ projectIds: [yjProject, foreign] }));
    expect(res.statusCode).toBe(422);
    expect(json(res).error.details[0].field).toBe('projectIds.1');
    expect(await count(t, 'contests')).toBe(0);
  });

  it('opens with rubric, entries and category weights', async () => {
    const res = await w.coordinator.post('/api/v1/contests', body());
    expect(res.statusCode).toBe(201);
    const c = json(res);
    contestId = c.id;
    crit = c.criteria;
    expect(c.status).toBe('open');
    expect(c.entries.map((e: { title: string }) => e.title)).toEqual(['风中百合应急志愿服务', '党建助力区域整治']);
    entryYj = c.entries[0].id;
    entryLm = c.entries[1].id;
  });

  it('adds judges with a category; a judge from 怡江 is recused from 怡江\'s entries', async () => {
    let res = await w.coordinator.post(`/api/v1/contests/${contestId}/judges`, { userId: veteran.id, name: '曹阿姨', category: 'veteran', orgId: w.org.yj.id });
    expect(res.statusCode).toBe(201);
    res = await w.coordinator.post(`/api/v1/contests/${contestId}/judges`, { userId: resident.id, name: '居民代表王', category: 'resident' });
    expect(res.statusCode).toBe(201);
    res = await w.coordinator.post(`/api/v1/contests/${contestId}/judges`, { userId: resident.id, name: '重复', category: 'resident' });
    expect(res.statusCode).toBe(409);
    // by username too (case-insensitive); an unknown username is a field error, and nothing is added
    res = await w.coordinator.post(`/api/v1/contests/${contestId}/judges`, { username: resident.username.toUpperCase(), name: '重复', category: 'resident' });
    expect(res.statusCode).toBe(409);
    const before = (await t.database.query<{ n: number }>('select count(*)::int as n from contest_judges')).at(0)!.n;
    res = await w.coordinator.post(`/api/v1/contests/${contestId}/judges`, { username: 'no-such-user', name: '无此人', category: 'resident' });
    expect(res.statusCode).toBe(422);
    expect(json(res).error.details[0]).toMatchObject({ field: 'username', message: 'no such user' });
    expect((await t.database.query<{ n: number }>('select count(*)::int as n from contest_judges')).at(0)!.n).toBe(before);
    const sheet = json(await veteran.client.get(`/api/v1/contests/${contestId}/my-sheet`));
    expect(sheet.judge).toMatchObject({ name: '曹阿姨', category: 'veteran' });
    expect(sheet.entries.map((e: { title: string; recused: boolean }) => [e.title, e.recused])).toEqual([['风中百合应急志愿服务', true], ['党建助力区域整治', false]]);
  });
});

describe('scoring', () => {
  const scoresOf = async () => (await t.database.query<{ judge_id: string; criterion_id: string; points: string }>('select * from contest_scores order by criterion_id')).map((r) => Number(r.points));

  it('refuses a score outside a criterion\'s range, storing and auditing nothing', async () => {
    const audits = await count(t, 'audit_log', `entity_type = 'contest_score'`);
    const res = await veteran.client.put(`/api/v1/contests/${contestId}/entries/${entryLm}/scores`, {
      scores: [{ criterionId: crit[0].id, points: 35 }, { criterionId: crit[1].id, points: 31 }],
    });
    expect(res.statusCode).toBe(422);
    expect(json(res).error.code).toBe('SCORE_OUT_OF_RANGE');
    expect(json(res).error.details).toEqual([expect.objectContaining({ field: 'scores.1.points', message: 'must be between 0 and 30' })]);
    const neg = await veteran.client.put(`/api/v1/contests/${contestId}/entries/${entryLm}/scores`, { scores: [{ criterionId: crit[0].id, points: -1 }] });
    expect(neg.statusCode).toBe(400);
    expect(await scoresOf()).toEqual([]);
    expect(await count(t, 'audit_log', `entity_type = 'contest_score'`)).toBe(audits);
  });

  it('refuses an entry the judge is recused from (shown as recused), storing nothing', async () => {
    const res = await veteran.client.put(`/api/v1/contests/${contestId}/entries/${entryYj}/scores`, { scores: [{ criterionId: crit[0].id, points: 30 }] });
    expect(res.statusCode).toBe(409);
    expect(json(res).error.code).toBe('JUDGE_RECUSED');
    expect(json(res).error.message).toMatch(/recused/);
    expect(await scoresOf()).toEqual([]);
  });

  it('refuses (404) someone who is not a judge of this contest, even an admin of the region', async () => {
    for (const c of [outsider.client, w.yjAdmin, w.bAdmin]) {
      const res = await c.put(`/api/v1/contests/${contestId}/entries/${entryLm}/scores`, { scores: [{ criterionId: crit[0].id, points: 30 }] });
      expect(res.statusCode).toBe(404);
      expect((await c.get(`/api/v1/contests/${contestId}/my-sheet`)).statusCode).toBe(404);
    }
    expect(await scoresOf()).toEqual([]);
  });

  it('stores a score, lets the judge change it, and audits both with before/after', async () => {
    let res = await veteran.client.put(`/api/v1/contests/${contestId}/entries/${entryLm}/scores`, {
      scores: [{ criterionId: crit[0].id, points: 35 }, { criterionId: crit[1].id, points: 25.5 }, { criterionId: crit[2].id, points: 20 }],
    });
    expect(res.statusCode).toBe(200);
    res = await veteran.client.put(`/api/v1/contests/${contestId}/entries/${entryLm}/scores`, { scores: [{ criterionId: crit[0].id, points: 38 }] });
    expect(json(res).scores).toEqual({ [crit[0].id]: 38, [crit[1].id]: 25.5, [crit[2].id]: 20 });
    const audits = await t.database.query<{ action: string; before: Record<string, number> | null; after: Record<string, number> }>(
      `select action, before, after from audit_log where entity_type = 'contest_score' order by id`);
    expect(audits.map((a) => a.action)).toEqual(['contest.score.create', 'contest.score.update']);
    expect(audits[1].before![crit[0].id]).toBe(35);
    expect(audits[1].after[crit[0].id]).toBe(38);
    await resident.client.put(`/api/v1/contests/${contestId}/entries/${entryYj}/scores`, {
      scores: [{ criterionId: crit[0].id, points: 40 }, { criterionId: crit[1].id, points: 30 }, { criterionId: crit[2].id, points: 30 }],
    });
    await resident.client.put(`/api/v1/contests/${contestId}/entries/${entryLm}/scores`, {
      scores: [{ criterionId: crit[0].id, points: 20 }, { criterionId: crit[1].id, points: 15 }, { criterionId: crit[2].id, points: 15 }],
    });
  });

  it('the rubric cannot change once scored', async () => {
    const res = await w.coordinator.put(`/api/v1/contests/${contestId}/rubric`, { criteria: [{ name: 'x', maxPoints: 10, weight: 100 }], categoryWeights: { veteran: 40, resident: 30, department: 30 } });
    expect(res.statusCode).toBe(409);
  });

  it('shows live results to the coordinator, not to the public before publishing', async () => {
    const res = await w.coordinator.get(`/api/v1/contests/${contestId}/results`);
    expect(res.statusCode).toBe(200);
    const r = json(res);
    // 怡江: only the resident scored (veteran recused): 100 on every criterion → 100.
    // 绿梅: veteran 38/40, 25.5/30, 20/30; resident 20/40, 15/30, 15/30; categories 40:30 (department empty)
    //   c1 (40·38+30·20)/70 = 30.2857 → /40 ·50 = 37.857; c2 (40·25.5+30·15)/70 = 21 → /30 ·30 = 21;
    //   c3 (40·20+30·15)/70 = 17.857 → /30 ·20 = 11.905; total 70.76
    expect(r.ranking.map((x: { title: string; rank: number; total: number }) => [x.rank, x.title, x.total]))
      .toEqual([[1, '风中百合应急志愿服务', 100], [2, '党建助力区域整治', 70.76]]);
    expect(r.formula).toMatch(/highest and lowest/);
    expect((await t.anon.get(`/api/v1/public/contests/${contestId}/results`)).statusCode).toBe(404);
    expect((await t.anon.get(`/c/${contestId}`)).statusCode).toBe(404);
    expect((await w.bAdmin.get(`/api/v1/contests/${contestId}/results`)).statusCode).toBe(404);
  });

  it('exports the full score sheet to the coordinator only', async () => {
    const res = await w.coordinator.get(`/api/v1/contests/${contestId}/score-sheet.xlsx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/spreadsheetml/);
    expect(res.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect((await veteran.client.get(`/api/v1/contests/${contestId}/score-sheet.xlsx`)).statusCode).toBe(404);
  });

  it('a judge lists only his/her contest; another region sees none', async () => {
    const mine = json(await veteran.client.get('/api/v1/contests'));
    expect(mine.items.map((c: { id: string }) => c.id)).toEqual([contestId]);
    expect(json(await w.bAdmin.get('/api/v1/contests')).total).toBe(0);
    expect(json(await outsider.client.get('/api/v1/contests')).total).toBe(0);
  });
});

describe('closing and publishing', () => {
  it('publishing before closing is refused', async () => {
    const res = await w.coordinator.post(`/api/v1/contests/${contestId}/publish`);
    expect(res.statusCode).toBe(409);
    expect(json(res).error.code).toBe('CONTEST_NOT_CLOSED');
  });

  it('closing locks the scores: a change is refused and nothing changes', async () => {
    expect((await w.coordinator.post(`/api/v1/contests/${contestId}/close`)).statusCode).toBe(200);
    const res = await veteran.client.put(`/api/v1/contests/${contestId}/entries/${entryLm}/scores`, { scores: [{ criterionId: crit[0].id, points: 1 }] });
    expect(res.statusCode).toBe(409);
    expect(json(res).error.code).toBe('CONTEST_CLOSED');
    const [row] = await t.database.query<{ points: string }>('select points from contest_scores where criterion_id = $1 and entry_id = $2 and judge_id = (select id from contest_judges where user_id = $3)', [crit[0].id, entryLm, veteran.id]);
    expect(Number(row.points)).toBe(38);
  });

  it('publishing shows the ranking on the public page', async () => {
    expect((await w.coordinator.post(`/api/v1/contests/${contestId}/publish`)).statusCode).toBe(200);
    const res = await t.anon.get(`/api/v1/public/contests/${contestId}/results`);
    expect(res.statusCode).toBe(200);
    expect(json(res).ranking.map((x: { rank: number; total: number }) => [x.rank, x.total])).toEqual([[1, 100], [2, 70.76]]);
    expect(json(res).contest.status).toBe('published');
    expect((await t.anon.get('/api/v1/public/contests/01900000-0000-7000-8000-000000000000/results')).statusCode).toBe(404);
    const page = await t.anon.get(`/c/${contestId}`, { 'accept-language': 'zh-CN' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('风中百合应急志愿服务');
    expect(page.body).toContain('70.76');
    expect(page.body).toContain('去掉一个最高分和一个最低分');
  });
});
