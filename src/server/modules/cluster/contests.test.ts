import { beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from '../../platform/exceljs.ts';
import { json, testApp, type TestApp } from '../../../../test/support/app.ts';
import * as make from '../../../../test/support/factories.ts';
import { expectRefused, snapshot } from '../../../../test/support/refused.ts';

/**
 * Each test opens its own contest (and its own judges) from the two projects of the alliance made once below, so
 * no test depends on what another one did.
 */
let t: TestApp;
let w: make.World;
let yjProject: string;
let lmProject: string;

const body = (over: Record<string, unknown> = {}) => ({
  allianceId: w.allianceId, title: '2026年第四季度项目赛花会', quarter: '2026Q4',
  categoryWeights: { veteran: 40, resident: 30, department: 30 },
  criteria: [{ name: '项目成效', maxPoints: 40, weight: 50 }, { name: '群众满意', maxPoints: 30, weight: 30 }, { name: '创新特色', maxPoints: 30, weight: 20 }],
  projectIds: [yjProject, lmProject],
  ...over,
});

beforeAll(async () => {
  t = await testApp();
  w = await make.world(t);
  yjProject = await make.project(t, w.org.yjb1.id, w.allianceId, '风中百合应急志愿服务');
  lmProject = await make.project(t, w.org.lm.id, w.allianceId, '党建助力区域整治');
});

/** An open contest of both projects. */
async function openContest() {
  const res = await w.coordinator.post('/api/v1/contests', body());
  expect(res.statusCode).toBe(201);
  const c = json(res);
  return {
    id: c.id as string, crit: c.criteria as { id: string; maxPoints: number }[],
    entryYj: c.entries[0].id as string, entryLm: c.entries[1].id as string,
  };
}
type Contest = Awaited<ReturnType<typeof openContest>>;

/** Two judges: 曹阿姨 (veteran, from 怡江, so recused from 怡江's entry) and a resident representative. */
async function addJudges(c: Contest) {
  const veteran = await make.user(t);
  const resident = await make.user(t);
  expect((await w.coordinator.post(`/api/v1/contests/${c.id}/judges`, { userId: veteran.id, name: '曹阿姨', category: 'veteran', orgId: w.org.yj.id })).statusCode).toBe(201);
  expect((await w.coordinator.post(`/api/v1/contests/${c.id}/judges`, { userId: resident.id, name: '居民代表王', category: 'resident' })).statusCode).toBe(201);
  return { veteran, resident };
}

const put = (client: make.TestUser['client'], c: Contest, entryId: string, scores: [number, number][]) =>
  client.put(`/api/v1/contests/${c.id}/entries/${entryId}/scores`, { scores: scores.map(([i, points]) => ({ criterionId: c.crit[i].id, points })) });

/** A contest scored by both judges (the figures of the results test). */
async function scoredContest() {
  const c = await openContest();
  const j = await addJudges(c);
  for (const [client, entry, scores] of [
    [j.veteran.client, c.entryLm, [[0, 38], [1, 25.5], [2, 20]]],
    [j.resident.client, c.entryYj, [[0, 40], [1, 30], [2, 30]]],
    [j.resident.client, c.entryLm, [[0, 20], [1, 15], [2, 15]]],
  ] as const) expect((await put(client, c, entry, scores as unknown as [number, number][])).statusCode).toBe(200);
  return { ...c, ...j };
}

const scoresOf = async (c: Contest) => (await t.database.query<{ points: string }>(
  'select points from contest_scores where contest_id = $1 order by criterion_id', [c.id])).map((r) => Number(r.points));

describe('opening a contest', () => {
  it('refuses criteria weights that do not add up to 100%, and creates nothing', async () => {
    const err = await expectRefused(() => w.coordinator.post('/api/v1/contests', body({ criteria: [{ name: 'a', maxPoints: 10, weight: 60 }, { name: 'b', maxPoints: 10, weight: 30 }] })),
      422, 'WEIGHTS_NOT_100', () => snapshot(t));
    expect(err.details).toEqual([expect.objectContaining({ field: 'criteria', message: 'the weights add up to 90%, not 100%' })]);
  });

  it('refuses category weights that do not add up to 100%, and creates nothing', async () => {
    const err = await expectRefused(() => w.coordinator.post('/api/v1/contests', body({ categoryWeights: { veteran: 50, resident: 30, department: 30 } })),
      422, 'WEIGHTS_NOT_100', () => snapshot(t));
    expect(err.details?.[0]).toMatchObject({ field: 'categoryWeights', message: 'the weights add up to 110%, not 100%' });
  });

  it('is refused (404) to another region\'s admin and to an org admin', async () => {
    for (const c of [w.bAdmin, w.yjAdmin]) {
      await expectRefused(() => c.post('/api/v1/contests', body()), 404, 'NOT_FOUND', () => snapshot(t));
    }
  });

  it('refuses a project from outside the alliance', async () => {
    const foreign = await make.project(t, w.org.other.id, null, '其他项目');
    const err = await expectRefused(() => w.coordinator.post('/api/v1/contests', body({ projectIds: [yjProject, foreign] })),
      422, 'VALIDATION_FAILED', () => snapshot(t));
    expect(err.details?.[0].field).toBe('projectIds.1');
  });

  it('opens with rubric, entries and category weights', async () => {
    const res = await w.coordinator.post('/api/v1/contests', body());
    expect(res.statusCode).toBe(201);
    const c = json(res);
    expect(c.status).toBe('open');
    expect(c.criteria.map((x: { name: string; maxPoints: number; weight: number }) => [x.name, x.maxPoints, x.weight]))
      .toEqual([['项目成效', 40, 50], ['群众满意', 30, 30], ['创新特色', 30, 20]]);
    expect(c.entries.map((e: { title: string }) => e.title)).toEqual(['风中百合应急志愿服务', '党建助力区域整治']);
    expect(json(await w.coordinator.get(`/api/v1/contests/${c.id}`)).categoryWeights).toEqual({ veteran: 40, resident: 30, department: 30 });
  });

  it('adds judges with a category; a judge from 怡江 is recused from 怡江\'s entries', async () => {
    const c = await openContest();
    const { veteran, resident } = await addJudges(c);
    await expectRefused(() => w.coordinator.post(`/api/v1/contests/${c.id}/judges`, { userId: resident.id, name: '重复', category: 'resident' }),
      409, 'JUDGE_EXISTS', () => snapshot(t));
    // by username too (case-insensitive); an unknown username is a field error, and nothing is added
    await expectRefused(() => w.coordinator.post(`/api/v1/contests/${c.id}/judges`, { username: resident.username.toUpperCase(), name: '重复', category: 'resident' }),
      409, 'JUDGE_EXISTS', () => snapshot(t));
    const err = await expectRefused(() => w.coordinator.post(`/api/v1/contests/${c.id}/judges`, { username: 'no-such-user', name: '无此人', category: 'resident' }),
      422, 'VALIDATION_FAILED', () => snapshot(t));
    expect(err.details?.[0]).toMatchObject({ field: 'username', message: 'no such user' });
    const sheet = json(await veteran.client.get(`/api/v1/contests/${c.id}/my-sheet`));
    expect(sheet.judge).toMatchObject({ name: '曹阿姨', category: 'veteran' });
    expect(sheet.entries.map((e: { title: string; recused: boolean }) => [e.title, e.recused])).toEqual([['风中百合应急志愿服务', true], ['党建助力区域整治', false]]);
  });
});

describe('scoring', () => {
  it('refuses a score outside a criterion\'s range, storing and auditing nothing', async () => {
    const c = await openContest();
    const { veteran } = await addJudges(c);
    const err = await expectRefused(() => put(veteran.client, c, c.entryLm, [[0, 35], [1, 31]]), 422, 'SCORE_OUT_OF_RANGE', () => snapshot(t));
    expect(err.details).toEqual([expect.objectContaining({ field: 'scores.1.points', message: 'must be between 0 and 30' })]);
    await expectRefused(() => put(veteran.client, c, c.entryLm, [[0, -1]]), 400, 'VALIDATION_FAILED', () => snapshot(t));
    expect(await scoresOf(c)).toEqual([]);
  });

  it('refuses an entry the judge is recused from (shown as recused), storing nothing', async () => {
    const c = await openContest();
    const { veteran } = await addJudges(c);
    const err = await expectRefused(() => put(veteran.client, c, c.entryYj, [[0, 30]]), 409, 'JUDGE_RECUSED', () => snapshot(t));
    expect(err.message).toMatch(/recused/);
    expect(await scoresOf(c)).toEqual([]);
  });

  it('refuses (404) someone who is not a judge of this contest, even an admin of the region', async () => {
    const c = await openContest();
    await addJudges(c);
    const outsider = await make.user(t);
    for (const client of [outsider.client, w.yjAdmin, w.bAdmin, w.admin]) {
      await expectRefused(() => put(client, c, c.entryLm, [[0, 30]]), 404, 'NOT_FOUND', () => snapshot(t));
      expect((await client.get(`/api/v1/contests/${c.id}/my-sheet`)).statusCode).toBe(404);
    }
    expect(await scoresOf(c)).toEqual([]);
  });

  it('stores a score, lets the judge change it, and audits both with before/after', async () => {
    const c = await openContest();
    const { veteran } = await addJudges(c);
    expect((await put(veteran.client, c, c.entryLm, [[0, 35], [1, 25.5], [2, 20]])).statusCode).toBe(200);
    const res = await put(veteran.client, c, c.entryLm, [[0, 38]]);
    expect(res.statusCode).toBe(200);
    expect(json(res).scores).toEqual({ [c.crit[0].id]: 38, [c.crit[1].id]: 25.5, [c.crit[2].id]: 20 });
    expect((await scoresOf(c)).sort()).toEqual([20, 25.5, 38].sort());
    const audits = await t.database.query<{ action: string; before: Record<string, number> | null; after: Record<string, number> }>(
      `select action, before, after from audit_log where entity_type = 'contest_score' and entity_id like $1 order by id`, [`${c.id}:%`]);
    expect(audits.map((a) => a.action)).toEqual(['contest.score.create', 'contest.score.update']);
    expect(audits[1].before![c.crit[0].id]).toBe(35);
    expect(audits[1].after[c.crit[0].id]).toBe(38);
    // the audit page finds the score's history by its own entity id (contest:judge:entry, 110 characters)
    const [{ entity_id: scoreEntity }] = await t.database.query<{ entity_id: string }>(`select entity_id from audit_log where entity_type = 'contest_score' and entity_id like $1 limit 1`, [`${c.id}:%`]);
    expect(scoreEntity).toMatch(new RegExp(`^${c.id}:[0-9a-f-]{36}:${c.entryLm}$`));
    const history = await w.admin.get(`/api/v1/audit?entityType=contest_score&entityId=${encodeURIComponent(scoreEntity)}`);
    expect(history.statusCode).toBe(200);
    expect(json(history).items.map((i: { action: string }) => i.action)).toEqual(['contest.score.update', 'contest.score.create']);
  });

  it('the rubric may change before anyone scores, and not after: 409, rubric unchanged', async () => {
    const c = await openContest();
    const rubric = { criteria: [{ name: '综合', maxPoints: 100, weight: 100 }], categoryWeights: { veteran: 50, resident: 50, department: 0 } };
    const changed = await w.coordinator.put(`/api/v1/contests/${c.id}/rubric`, rubric);
    expect(changed.statusCode).toBe(200);
    expect(json(changed).criteria.map((x: { name: string }) => x.name)).toEqual(['综合']);

    const s = await scoredContest();
    const before = json(await w.coordinator.get(`/api/v1/contests/${s.id}`));
    const snap = await snapshot(t);
    const res = await w.coordinator.put(`/api/v1/contests/${s.id}/rubric`, rubric);
    await expectRefused(res, 409, 'CONTEST_HAS_SCORES', snap);
    const after = json(await w.coordinator.get(`/api/v1/contests/${s.id}`));
    expect(after.criteria).toEqual(before.criteria);
    expect(after.categoryWeights).toEqual({ veteran: 40, resident: 30, department: 30 });
  });

  it('shows live results to the coordinator, not to the public before publishing', async () => {
    const c = await scoredContest();
    const res = await w.coordinator.get(`/api/v1/contests/${c.id}/results`);
    expect(res.statusCode).toBe(200);
    const r = json(res);
    // 怡江: only the resident scored (veteran recused): 100 on every criterion → 100.
    // 绿梅: veteran 38/40, 25.5/30, 20/30; resident 20/40, 15/30, 15/30; categories 40:30 (department empty)
    //   c1 (40·38+30·20)/70 = 30.2857 → /40 ·50 = 37.857; c2 (40·25.5+30·15)/70 = 21 → /30 ·30 = 21;
    //   c3 (40·20+30·15)/70 = 17.857 → /30 ·20 = 11.905; total 70.76
    expect(r.ranking.map((x: { title: string; rank: number; total: number }) => [x.rank, x.title, x.total]))
      .toEqual([[1, '风中百合应急志愿服务', 100], [2, '党建助力区域整治', 70.76]]);
    expect(r.formula).toMatch(/highest and lowest/);
    expect((await t.anon.get(`/api/v1/public/contests/${c.id}/results`)).statusCode).toBe(404);
    expect((await t.anon.get(`/c/${c.id}`)).statusCode).toBe(404);
    expect((await w.bAdmin.get(`/api/v1/contests/${c.id}/results`)).statusCode).toBe(404);
  });

  it('exports the full score sheet to the coordinator only', async () => {
    const c = await scoredContest();
    const res = await w.coordinator.get(`/api/v1/contests/${c.id}/score-sheet.xlsx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/spreadsheetml/);
    expect(res.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect((await c.veteran.client.get(`/api/v1/contests/${c.id}/score-sheet.xlsx`)).statusCode).toBe(404);
  });

  it('a judge lists only his/her contest; another region sees none', async () => {
    await openContest();
    const c = await openContest();
    const { veteran } = await addJudges(c);
    const mine = json(await veteran.client.get('/api/v1/contests'));
    expect(mine.items.map((x: { id: string }) => x.id)).toEqual([c.id]);
    expect(json(await w.coordinator.get('/api/v1/contests')).items.map((x: { id: string }) => x.id)).toContain(c.id);
    expect(json(await w.bAdmin.get('/api/v1/contests')).total).toBe(0);
    expect(json(await (await make.user(t)).client.get('/api/v1/contests')).total).toBe(0);
  });
});

describe('closing and publishing', () => {
  it('publishing before closing is refused, nothing changes', async () => {
    const c = await scoredContest();
    await expectRefused(() => w.coordinator.post(`/api/v1/contests/${c.id}/publish`), 409, 'CONTEST_NOT_CLOSED', () => snapshot(t));
    expect(json(await w.coordinator.get(`/api/v1/contests/${c.id}`)).status).toBe('open');
  });

  it('closing locks the scores: a change is refused and nothing changes', async () => {
    const c = await scoredContest();
    expect((await w.coordinator.post(`/api/v1/contests/${c.id}/close`, { confirmed: true })).statusCode).toBe(200);
    await expectRefused(() => put(c.veteran.client, c, c.entryLm, [[0, 1]]), 409, 'CONTEST_CLOSED', () => snapshot(t));
    const [row] = await t.database.query<{ points: string }>(
      'select points from contest_scores where criterion_id = $1 and entry_id = $2 and judge_id = (select id from contest_judges where contest_id = $3 and user_id = $4)',
      [c.crit[0].id, c.entryLm, c.id, c.veteran.id]);
    expect(Number(row.points)).toBe(38);
  });

  it('publishing shows the ranking on the public page', async () => {
    const c = await scoredContest();
    expect((await w.coordinator.post(`/api/v1/contests/${c.id}/close`, { confirmed: true })).statusCode).toBe(200);
    expect((await w.coordinator.post(`/api/v1/contests/${c.id}/publish`, { confirmed: true })).statusCode).toBe(200);
    const res = await t.anon.get(`/api/v1/public/contests/${c.id}/results`);
    expect(res.statusCode).toBe(200);
    expect(json(res).ranking.map((x: { rank: number; total: number }) => [x.rank, x.total])).toEqual([[1, 100], [2, 70.76]]);
    expect(json(res).contest.status).toBe('published');
    expect((await t.anon.get('/api/v1/public/contests/01900000-0000-7000-8000-000000000000/results')).statusCode).toBe(404);
    const page = await t.anon.get(`/c/${c.id}`, { 'accept-language': 'zh-CN' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('风中百合应急志愿服务');
    expect(page.body).toContain('70.76');
    expect(page.body).toContain('去掉一个最高分和一个最低分');
  });
});

describe('the judge panel (issue 11 item 5)', () => {
  it('lists each judge with the entries scored and still to score (recused entries are not to score)', async () => {
    const c = await openContest();
    await addJudges(c);
    const before = json(await w.coordinator.get(`/api/v1/contests/${c.id}`)).judges;
    expect(before.map((j: { name: string; scored: number; toScore: number }) => [j.name, j.scored, j.toScore])).toEqual([['曹阿姨', 0, 1], ['居民代表王', 0, 2]]);
    const s = await scoredContest();
    const after = json(await w.coordinator.get(`/api/v1/contests/${s.id}`)).judges;
    expect(after.map((j: { name: string; scored: number; toScore: number }) => [j.name, j.scored, j.toScore])).toEqual([['曹阿姨', 1, 0], ['居民代表王', 2, 0]]);
  });

  it('removes a judge who has not scored: the judge row and the judge role go, audited', async () => {
    const c = await openContest();
    const { resident } = await addJudges(c);
    const judgeId = json(await w.coordinator.get(`/api/v1/contests/${c.id}`)).judges[1].id as string;
    expect((await resident.client.get(`/api/v1/contests/${c.id}/my-sheet`)).statusCode).toBe(200);
    const res = await w.coordinator.delete(`/api/v1/contests/${c.id}/judges/${judgeId}`);
    expect(res.statusCode).toBe(200);
    expect(json(res).judges.map((j: { name: string }) => j.name)).toEqual(['曹阿姨']);
    expect(await t.database.query('select id from contest_judges where id = $1', [judgeId])).toEqual([]);
    expect(await t.database.query("select id from grants where user_id = $1 and role = 'judge'", [resident.id])).toEqual([]);
    expect((await resident.client.get(`/api/v1/contests/${c.id}/my-sheet`)).statusCode).toBe(404);
    const audits = await t.database.query<{ action: string }>("select action from audit_log where entity_id in ($1, $2) or (action = 'grant.revoke' and before->>'userId' = $3) order by id", [judgeId, c.id, resident.id]);
    expect(audits.map((a) => a.action)).toEqual(expect.arrayContaining(['contest.judge.add', 'grant.revoke', 'contest.judge.remove']));
  });

  it('refuses to remove a judge who has scored (409 JUDGE_HAS_SCORES), a made-up judge and a judge out of scope (the same 404); nothing changes', async () => {
    const c = await scoredContest();
    const judges = json(await w.coordinator.get(`/api/v1/contests/${c.id}`)).judges as { id: string }[];
    const err = await expectRefused(() => w.coordinator.delete(`/api/v1/contests/${c.id}/judges/${judges[0].id}`), 409, 'JUDGE_HAS_SCORES', () => snapshot(t));
    expect(err.message).toBe('This judge has already given 3 scores and cannot be removed.');
    const madeUp = await expectRefused(() => w.coordinator.delete(`/api/v1/contests/${c.id}/judges/01900000-0000-7000-8000-000000000000`), 404, 'NOT_FOUND', () => snapshot(t));
    const outOfScope = await expectRefused(() => w.bAdmin.delete(`/api/v1/contests/${c.id}/judges/${judges[0].id}`), 404, 'NOT_FOUND', () => snapshot(t));
    expect(outOfScope).toEqual(madeUp);
    const other = await openContest();
    await expectRefused(() => w.coordinator.delete(`/api/v1/contests/${other.id}/judges/${judges[0].id}`), 404, 'NOT_FOUND', () => snapshot(t));
    expect(json(await w.coordinator.get(`/api/v1/contests/${c.id}`)).judges.length).toBe(2);
  });
});

describe('warnings before closing and publishing', () => {
  it('a weighted judge category without any score: close and publish answer the warning list and change nothing; confirmed, they go ahead', async () => {
    const c = await scoredContest();
    const err = await expectRefused(() => w.coordinator.post(`/api/v1/contests/${c.id}/close`), 409, 'CONTEST_WARNINGS', () => snapshot(t));
    expect(err.details).toEqual([expect.objectContaining({ field: 'categoryWeights.department', message: 'department heads (weight 30%) have not scored anything', category: 'department', weight: 30 })]);
    const zh = await expectRefused(() => w.coordinator.post(`/api/v1/contests/${c.id}/close`, {}, { 'accept-language': 'zh-CN' }), 409, 'CONTEST_WARNINGS', () => snapshot(t));
    expect(zh.details?.map((d) => d.message)).toEqual(['职能部门负责人（权重 30%）还没有任何评分']);
    expect(json(await w.coordinator.get(`/api/v1/contests/${c.id}`)).status).toBe('open');
    expect((await w.coordinator.post(`/api/v1/contests/${c.id}/close`, { confirmed: true })).statusCode).toBe(200);
    await expectRefused(() => w.coordinator.post(`/api/v1/contests/${c.id}/publish`, { confirmed: false }), 409, 'CONTEST_WARNINGS', () => snapshot(t));
    expect((await w.coordinator.post(`/api/v1/contests/${c.id}/publish`, { confirmed: true })).statusCode).toBe(200);
    // the published results show the weights as applied (department 0, its 30% shared 40:30), not the nominal 40/30/30
    const pub = json(await t.anon.get(`/api/v1/public/contests/${c.id}/results`));
    expect(pub.categoryWeights).toEqual({ veteran: 40, resident: 30, department: 30 });
    expect(pub.appliedWeights).toEqual({ veteran: 57.14, resident: 42.86, department: 0 });
    expect(pub.unscoredCategories).toEqual(['department']);
    const html = (await t.anon.get(`/c/${c.id}`, { 'accept-language': 'zh-CN' })).body;
    expect(html).toContain('老党员 57.14%，居民代表 42.86%，职能部门负责人 0%（职能部门负责人未评分，其权重 30% 按比例计入其他类别）');
    expect(html).not.toContain('老党员 40%');
    await expectRefused(() => w.coordinator.post(`/api/v1/contests/${c.id}/close`, { confirmed: 'yes' }), 400, 'VALIDATION_FAILED', () => snapshot(t));
  });

  it('no warning when every weighted category has scores', async () => {
    const c = await scoredContest();
    const head = await make.user(t);
    expect((await w.coordinator.post(`/api/v1/contests/${c.id}/judges`, { userId: head.id, name: '部门负责人李', category: 'department' })).statusCode).toBe(201);
    expect((await put(head.client, c, c.entryLm, [[0, 30], [1, 20], [2, 20]])).statusCode).toBe(200);
    expect((await w.coordinator.post(`/api/v1/contests/${c.id}/close`)).statusCode).toBe(200);
    const live = json(await w.coordinator.get(`/api/v1/contests/${c.id}/results`));
    expect(live.appliedWeights).toEqual({ veteran: 40, resident: 30, department: 30 });
    expect(live.unscoredCategories).toEqual([]);
  });
});

describe('scores out of range and the score sheet', () => {
  it('a judge\'s 15 where the maximum is 10 is refused with the field named; nothing is stored (not clamped to 10)', async () => {
    const res = await w.coordinator.post('/api/v1/contests', body({ criteria: [{ name: '资料规范', maxPoints: 10, weight: 100 }] }));
    expect(res.statusCode).toBe(201);
    const cc = json(res);
    const c = { id: cc.id as string, crit: cc.criteria, entryYj: cc.entries[0].id as string, entryLm: cc.entries[1].id as string };
    const { resident } = await addJudges(c);
    const err = await expectRefused(() => put(resident.client, c, c.entryLm, [[0, 15]]), 422, 'SCORE_OUT_OF_RANGE', () => snapshot(t));
    expect(err.details).toEqual([expect.objectContaining({ field: 'scores.0.points', message: 'must be between 0 and 10' })]);
    expect(await scoresOf(c)).toEqual([]);
    expect(json(await resident.client.get(`/api/v1/contests/${c.id}/my-sheet`)).entries[1].scores).toEqual({});
  });

  it('the score sheet speaks one language, with judge categories by their labels', async () => {
    const c = await scoredContest();
    const sheetOf = async (lang: string) => {
      const res = await w.coordinator.get(`/api/v1/contests/${c.id}/score-sheet.xlsx`, { 'accept-language': lang });
      expect(res.statusCode).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const ws = wb.worksheets[0];
      return { name: ws.name, header: (ws.getRow(1).values as unknown[]).slice(1), categories: [ws.getRow(2).getCell(2).value, ws.getRow(4).getCell(2).value], rank: (wb.worksheets[1].getRow(1).values as unknown[]).slice(1) };
    };
    expect(await sheetOf('zh-CN')).toEqual({
      name: '评分表', header: ['评委', '评委类别', '项目', '组织', '项目成效（满分 40，权重 50%）', '群众满意（满分 30，权重 30%）', '创新特色（满分 30，权重 20%）'],
      categories: ['老党员', '居民代表'], rank: ['名次', '项目', '组织', '总分', '第一名票数', '离散度'],
    });
    expect(await sheetOf('en-US')).toEqual({
      name: 'Scores', header: ['Judge', 'Judge category', 'Entry', 'Organisation', '项目成效 (max 40, 50%)', '群众满意 (max 30, 30%)', '创新特色 (max 30, 20%)'],
      categories: ['Veteran member', 'Resident representative'], rank: ['Rank', 'Entry', 'Organisation', 'Total', 'First places', 'Spread'],
    });
  });
});
