import ExcelJS from '../../platform/exceljs.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { json, testApp, type TestApp } from '../../../../test/support/app.ts';
import { allianceOrgs, alliances } from '../directory/schema.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { questionWorkbook } from './question-import.ts';
import * as make from '../../../../test/support/factories.ts';

let t: TestApp;
let A: { id: string; rootOrgId: string };
let B: { id: string; rootOrgId: string };
const o: Record<string, { id: string; path: string }> = {};
const m: Record<string, string[]> = {};
let admin: make.TestUser;
const q: string[] = [];
let allianceId: string;

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const upload = (c: { cookie: string | null }, url: string, payload: Buffer | string) => t.app.inject({
  method: 'POST', url, payload,
  headers: { 'x-requested-with': 'XMLHttpRequest', 'accept-language': 'en-US', 'content-type': XLSX, ...(c.cookie ? { cookie: c.cookie } : {}) },
});
const count = async (sql: string, params: unknown[] = []) => (await t.database.query<{ n: number }>(sql, params))[0].n;
/** The bank's options of each question added below. */
const bankOptions: Record<string, string[]> = {};
type View = Record<string, any>;
/** Choices given as the bank's option indexes, as `view` shows the options (each attempt shuffles them). */
const asShown = (view: View, bank: Record<string, number[]>) => Object.fromEntries(Object.entries(bank).map(([qid, idx]) => {
  const shown: string[] = view.questions.find((x: { id: string }) => x.id === qid)?.options ?? [];
  return [qid, idx.map((i) => shown.indexOf(bankOptions[qid][i])).sort((a, b) => a - b)];
}));
const pick = (view: View, qid: string, bank: number[]) => asShown(view, { [qid]: bank })[qid];

beforeAll(async () => {
  t = await testApp();
  A = await t.region('孔浦街道');
  B = await t.region('白峰镇');
  o.baihe = await t.org(A.id, A.rootOrgId, '百合社区党委', 'committee');
  o.b1 = await t.org(A.id, o.baihe.id, '百合青年支部');
  o.b2 = await t.org(A.id, o.baihe.id, '百合第二支部');
  o.wenzhu = await t.org(A.id, A.rootOrgId, '文竹社区党委', 'committee');
  o.bB = await t.org(B.id, B.rootOrgId, '白峰支部');
  m.b1 = await make.members(t, o.b1.id, 4);
  m.b2 = await make.members(t, o.b2.id, 2);
  m.wenzhu = await make.members(t, o.wenzhu.id, 2);
  m.bB = await make.members(t, o.bB.id, 1);
  allianceId = uuidv7();
  await t.database.db.insert(alliances).values({ regionId: A.id, id: allianceId, kind: 'cluster', name: '五朵金花', leadOrgId: A.rootOrgId });
  await t.database.db.insert(allianceOrgs).values([{ regionId: A.id, allianceId, orgId: o.baihe.id }, { regionId: A.id, allianceId, orgId: o.wenzhu.id }]);
  admin = await make.regionAdmin(t, A.id);
  const add = async (body: Record<string, unknown>) => {
    const res = await admin.client.post('/api/v1/questions', { orgId: A.rootOrgId, tags: ['党章'], ...body });
    if (res.statusCode !== 201) throw new Error(res.body);
    q.push(json(res).id);
    bankOptions[json(res).id] = json(res).options;
  };
  await add({ kind: 'single', stem: '党的最高领导机关是？', options: ['党的全国代表大会和它所产生的中央委员会', '中央政治局', '中央书记处'], answer: [0] });
  await add({ kind: 'multiple', stem: '“三会一课”中的“三会”包括？', options: ['支部党员大会', '支部委员会', '党小组会', '职工代表大会'], answer: [0, 1, 2] });
  await add({ kind: 'truefalse', stem: '预备党员的预备期为一年。', options: ['正确', '错误'], answer: [0] });
});

describe('question bank', () => {
  it('refuses a correct answer that is not among the options, and other bad questions', async () => {
    const before = await count('select count(*)::int as n from questions');
    const res = await admin.client.post('/api/v1/questions', { orgId: A.rootOrgId, kind: 'single', stem: '错题', options: ['甲', '乙'], answer: [2] });
    expect(res.statusCode).toBe(422);
    expect(json(res).error.details).toEqual([{ field: 'answer', message: 'the correct answer is not among the options' }]);
    const two = await admin.client.post('/api/v1/questions', { orgId: A.rootOrgId, kind: 'single', stem: '错题2', options: ['甲', '乙'], answer: [0, 1] });
    expect(json(two).error.details[0].field).toBe('answer');
    const tf = await admin.client.post('/api/v1/questions', { orgId: A.rootOrgId, kind: 'truefalse', stem: '错题3', options: ['是', '否'], answer: [0] });
    expect(json(tf).error.details[0].field).toBe('options');
    const dup = await admin.client.post('/api/v1/questions', { orgId: A.rootOrgId, kind: 'single', stem: '党的最高领导机关是？', options: ['甲', '乙'], answer: [0] });
    expect(json(dup).error.details[0].field).toBe('stem');
    expect(await count('select count(*)::int as n from questions')).toBe(before);
  });

  it('imports from xlsx, all or nothing, with a row-by-row report', async () => {
    const before = await count('select count(*)::int as n from questions');
    const bad = await questionWorkbook([
      ['单选', '入党誓词中要求党员做到？', '永不叛党', '随时退党', '', '', '', '', '', '', 'A', '', '党章'],
      ['单选', '党员的党龄从何时算起？', '预备期满转为正式党员之日', '递交入党申请书之日', '确定为积极分子之日', '', '', '', '', '', 'E', '', '党章'],
      ['判断', '党员可以不参加党的组织生活。', '', '', '', '', '', '', '', '', '也许', '', ''],
      ['问答', '什么是党性？', '', '', '', '', '', '', '', '', 'A', '', ''],
    ]);
    const res = await upload(admin.client, `/api/v1/questions/import?orgId=${A.rootOrgId}`, bad);
    expect(res.statusCode).toBe(422);
    const err = json(res).error;
    expect(err.code).toBe('IMPORT_FAILED');
    expect(err.message).toBe('The file has 3 errors; nothing was imported.');
    expect(err.details.map((d: any) => [d.row, d.column, d.message])).toEqual([
      [3, 'K 答案', 'the correct answer is not among the options'],
      [4, 'K 答案', 'the answer must be option letters (e.g. A or ACD), or 对/错 for true/false'],
      [5, 'A 题型', 'the type must be 单选, 多选 or 判断'],
    ]);
    expect(await count('select count(*)::int as n from questions')).toBe(before);
    const good = await questionWorkbook([
      ['单选', '入党誓词中要求党员做到？', '永不叛党', '随时退党', '', '', '', '', '', '', 'A', '入党誓词', '党章,誓词'],
      ['多选', '党员的权利包括？', '参加党的有关会议', '在党的会议上参加讨论', '对党的工作提出建议', '', '', '', '', '', 'A,B,C', '', '党章'],
      ['判断', '党员可以不参加党的组织生活。', '', '', '', '', '', '', '', '', '错', '', '党规'],
    ]);
    const ok = await upload(admin.client, `/api/v1/questions/import?orgId=${A.rootOrgId}`, good);
    expect(ok.statusCode).toBe(201);
    expect(json(ok)).toEqual({ imported: 3 });
    const [tf] = await t.database.query<{ options: string[]; answer: number[] }>(`select options, answer from questions where stem = '党员可以不参加党的组织生活。'`);
    expect(tf).toEqual({ options: ['正确', '错误'], answer: [1] });
    // the same file again: every stem is already in the bank
    const again = await upload(admin.client, `/api/v1/questions/import?orgId=${A.rootOrgId}`, good);
    expect(json(again).error.details).toHaveLength(3);
    const junk = await upload(admin.client, `/api/v1/questions/import?orgId=${A.rootOrgId}`, 'not a workbook');
    expect(junk.statusCode).toBe(400);
    const adminB = await make.regionAdmin(t, B.id);
    expect((await upload(adminB.client, `/api/v1/questions/import?orgId=${A.rootOrgId}`, good)).statusCode).toBe(404);
    expect(json(await adminB.client.get('/api/v1/questions')).total).toBe(0);
  });
});

async function quiz(extra: Record<string, unknown> = {}) {
  const res = await admin.client.post('/api/v1/quizzes', {
    orgId: o.baihe.id, title: '党规知识竞赛', opensAt: make.at(t, -10), closesAt: make.at(t, 24 * 60), mode: 'fixed', questionIds: q,
    timeLimitSeconds: 600, attemptsAllowed: 1, ...extra,
  });
  if (res.statusCode !== 201) throw new Error(res.body);
  return json(res);
}

describe('quiz competitions', () => {
  it('the client never receives the answers before submitting; scoring on submit; one submit', async () => {
    const z = await quiz();
    const me = await make.memberUser(t, A.id, m.b1[0]);
    const start = await me.client.post(`/api/v1/me/quizzes/${z.id}/attempts`);
    expect(start.statusCode).toBe(201);
    const view = json(start);
    expect(view.questions).toHaveLength(3);
    expect(start.body).not.toMatch(/"answer"|"explanation"|"review"/);
    const resume = await me.client.post(`/api/v1/me/quizzes/${z.id}/attempts`);
    expect(resume.statusCode).toBe(200);
    expect(json(resume).id).toBe(view.id);
    expect(resume.body).not.toMatch(/"answer"|"review"/);
    expect((await me.client.put(`/api/v1/me/attempts/${view.id}/answers`, { questionId: q[0], choice: pick(view, q[0], [0]) })).statusCode).toBe(200);
    const outOfRange = await me.client.put(`/api/v1/me/attempts/${view.id}/answers`, { questionId: q[0], choice: [5] });
    expect(outOfRange.statusCode).toBe(422);
    const sub = await me.client.post(`/api/v1/me/attempts/${view.id}/submit`, { answers: asShown(view, { [q[1]]: [2, 0, 1], [q[2]]: [1] }) });
    expect(sub.statusCode).toBe(200);
    expect(json(sub)).toMatchObject({ correctCount: 2, score: 67 });
    expect(json(sub).review.map((r: { correct: boolean }) => r.correct)).toEqual([true, true, false]);
    const second = await me.client.post(`/api/v1/me/attempts/${view.id}/submit`, { answers: { [q[2]]: [0] } });
    expect(second.statusCode).toBe(409);
    expect(json(second).error.code).toBe('ATTEMPT_CLOSED');
    const after = await me.client.put(`/api/v1/me/attempts/${view.id}/answers`, { questionId: q[2], choice: [0] });
    expect(after.statusCode).toBe(409);
    expect(json(after).error.message).toBe('This attempt is closed; no more answers are accepted.');
    const [row] = await t.database.query<{ score: number; answers: Record<string, number[]> }>('select score, answers from quiz_attempts where id = $1', [view.id]);
    expect(row.score).toBe(67);
    expect(row.answers[q[2]]).toEqual([1]);
    const audits = await t.database.query<{ action: string; actor_id: string; after: { score?: number } }>('select action, actor_id, after from audit_log where entity_id = $1 order by at, id', [view.id]);
    expect(audits.map((x) => x.action)).toEqual(['quiz.start', 'quiz.submit']);
    expect(audits[0].actor_id).toBe(me.id);
    expect(audits[1].after.score).toBe(67);
    const noMore = await me.client.post(`/api/v1/me/quizzes/${z.id}/attempts`);
    expect(noMore.statusCode).toBe(409);
    expect(json(noMore).error.code).toBe('NO_ATTEMPTS_LEFT');
  });

  it('answers to someone else’s attempt are refused and change nothing', async () => {
    const z = await quiz({ title: '他人答卷' });
    const owner = await make.memberUser(t, A.id, m.b1[1]);
    const other = await make.memberUser(t, A.id, m.b1[2]);
    const view = json(await owner.client.post(`/api/v1/me/quizzes/${z.id}/attempts`));
    const res = await other.client.put(`/api/v1/me/attempts/${view.id}/answers`, { questionId: q[0], choice: [1] });
    expect(res.statusCode).toBe(404);
    expect((await other.client.post(`/api/v1/me/attempts/${view.id}/submit`, {})).statusCode).toBe(404);
    expect((await other.client.get(`/api/v1/me/attempts/${view.id}`)).statusCode).toBe(404);
    expect((await admin.client.put(`/api/v1/me/attempts/${view.id}/answers`, { questionId: q[0], choice: [1] })).statusCode).toBe(404);
    const [row] = await t.database.query<{ answers: object; submitted_at: Date | null }>('select answers, submitted_at from quiz_attempts where id = $1', [view.id]);
    expect(row).toEqual({ answers: {}, submitted_at: null });
  });

  it('the server keeps the clock: after the limit plus grace answers are refused and the attempt scores as at the limit', async () => {
    const z = await quiz({ title: '限时赛', timeLimitSeconds: 60 });
    const me = await make.memberUser(t, A.id, m.b2[0]);
    const view = json(await me.client.post(`/api/v1/me/quizzes/${z.id}/attempts`));
    t.clock.advance(30_000);
    await me.client.put(`/api/v1/me/attempts/${view.id}/answers`, { questionId: q[0], choice: pick(view, q[0], [0]) });
    t.clock.advance(35_000); // 65 s: past the limit, within the grace
    expect((await me.client.put(`/api/v1/me/attempts/${view.id}/answers`, { questionId: q[2], choice: [0] })).statusCode).toBe(200);
    t.clock.advance(15_000); // 80 s: past the grace
    const late = await me.client.put(`/api/v1/me/attempts/${view.id}/answers`, { questionId: q[1], choice: [0, 1, 2] });
    expect(late.statusCode).toBe(409);
    const sub = json(await me.client.post(`/api/v1/me/attempts/${view.id}/submit`, { answers: { [q[1]]: [0, 1, 2] } }));
    expect(sub.submittedAt).toBe(view.deadlineAt);
    expect(sub).toMatchObject({ correctCount: 2, score: 67 });
    expect(sub.answers[q[1]]).toBeUndefined();
    // an attempt never submitted is closed (at its limit) when next read
    const z2 = await quiz({ title: '无人交卷', timeLimitSeconds: 60 });
    const v2 = json(await me.client.post(`/api/v1/me/quizzes/${z2.id}/attempts`));
    t.clock.advance(120_000);
    const read = json(await me.client.get(`/api/v1/me/attempts/${v2.id}`));
    expect(read).toMatchObject({ submittedAt: v2.deadlineAt, score: 0 });
  });

  it('only eligible members, only while open; two starts at once store one attempt', async () => {
    const later = await quiz({ title: '未开始', opensAt: make.at(t, 60), closesAt: make.at(t, 120) });
    const me = await make.memberUser(t, A.id, m.b1[3]);
    const early = await me.client.post(`/api/v1/me/quizzes/${later.id}/attempts`);
    expect(early.statusCode).toBe(422);
    expect(json(early).error.code).toBe('QUIZ_NOT_OPEN');
    const z = await quiz({ title: '并发开始', mode: 'random', questionIds: undefined, tags: ['党章'], questionCount: 3, attemptsAllowed: 3 });
    const starts = await Promise.all(Array.from({ length: 5 }, () => me.client.post(`/api/v1/me/quizzes/${z.id}/attempts`)));
    expect(new Set(starts.map((s) => json(s).id)).size).toBe(1);
    expect(await count('select count(*)::int as n from quiz_attempts where quiz_id = $1', [z.id])).toBe(1);
    const outsider = await make.memberUser(t, A.id, m.wenzhu[0]);
    expect((await outsider.client.post(`/api/v1/me/quizzes/${z.id}/attempts`)).statusCode).toBe(404);
    const fromB = await make.memberUser(t, B.id, m.bB[0]);
    expect((await fromB.client.post(`/api/v1/me/quizzes/${z.id}/attempts`)).statusCode).toBe(404);
    expect(await count('select count(*)::int as n from quiz_attempts where quiz_id = $1', [z.id])).toBe(1);
    const notEnough = await admin.client.post('/api/v1/quizzes', { orgId: o.baihe.id, title: 'x', opensAt: make.at(t, 0), closesAt: make.at(t, 10), mode: 'random', tags: ['无此标签'], questionCount: 5, timeLimitSeconds: 60 });
    expect(notEnough.statusCode).toBe(422);
    expect(json(notEnough).error.details[0].message).toMatch(/only 0 matching questions/);
  });

  it('a burst of starts and submits (written a batch at a time) stores each attempt once, with its own score and audit rows', async () => {
    const z = await quiz({ title: '集中开赛' });
    const people = await Promise.all([...m.b1, ...m.b2].map((id) => make.memberUser(t, A.id, id)));
    const outsider = await make.memberUser(t, A.id, m.wenzhu[1]);
    // everyone at once, one member twice, and one who is not eligible in the same moment
    const [starts, again, refused] = await Promise.all([
      Promise.all(people.map((p) => p.client.post(`/api/v1/me/quizzes/${z.id}/attempts`))),
      people[0].client.post(`/api/v1/me/quizzes/${z.id}/attempts`),
      outsider.client.post(`/api/v1/me/quizzes/${z.id}/attempts`),
    ]);
    expect(starts.every((r) => r.statusCode === 201 || r.statusCode === 200)).toBe(true);
    expect(refused.statusCode).toBe(404);
    const views = starts.map((r) => json(r));
    expect(json(again).id).toBe(views[0].id);
    expect(new Set(views.map((v) => v.id)).size).toBe(people.length);
    // even-numbered members answer everything right, the others everything wrong
    const right: Record<string, number[]> = { [q[0]]: [0], [q[1]]: [0, 1, 2], [q[2]]: [0] };
    const wrong: Record<string, number[]> = { [q[0]]: [1], [q[1]]: [3], [q[2]]: [1] };
    const subs = await Promise.all(people.map((p, i) => p.client.post(`/api/v1/me/attempts/${views[i].id}/submit`, { answers: asShown(views[i], i % 2 ? wrong : right) })));
    subs.forEach((r, i) => {
      expect(r.statusCode).toBe(200);
      expect(json(r)).toMatchObject({ id: views[i].id, score: i % 2 ? 0 : 100 });
    });
    const rows = await t.database.query<{ member_id: string; score: number; answers: Record<string, number[]> }>(
      'select member_id, score, answers from quiz_attempts where quiz_id = $1', [z.id]);
    expect(rows).toHaveLength(people.length);
    for (const [i, id] of [...m.b1, ...m.b2].entries()) {
      const row = rows.find((x) => x.member_id === id)!;
      expect(row.score).toBe(i % 2 ? 0 : 100);
      expect(row.answers).toEqual(i % 2 ? wrong : right);
    }
    const audits = await t.database.query<{ action: string; actor_id: string; entity_id: string }>(
      `select action, actor_id, entity_id from audit_log where entity_id = any($1::text[])`, [`{${views.map((v) => v.id).join(',')}}`]);
    expect(audits).toHaveLength(people.length * 2);
    for (const [i, v] of views.entries()) {
      expect(audits.filter((x) => x.entity_id === v.id).map((x) => [x.action, x.actor_id]).sort()).toEqual([['quiz.start', people[i].id], ['quiz.submit', people[i].id]]);
    }
  });

  it('leaderboards by member, organisation and alliance; results export to xlsx', async () => {
    const z = await quiz({ title: '五朵金花党规竞赛', orgId: A.rootOrgId, allianceId, attemptsAllowed: 2 });
    const play = async (memberId: string, choices: number[][]) => {
      const u = await make.memberUser(t, A.id, memberId);
      const v = json(await u.client.post(`/api/v1/me/quizzes/${z.id}/attempts`));
      const answers = asShown(v, Object.fromEntries(v.questions.map((x: { id: string }) => [x.id, choices[q.indexOf(x.id)]])));
      return json(await u.client.post(`/api/v1/me/attempts/${v.id}/submit`, { answers }));
    };
    expect((await play(m.b1[0], [[0], [0, 1, 2], [0]])).score).toBe(100);
    expect((await play(m.b2[0], [[0], [0], [1]])).score).toBe(33);
    expect((await play(m.wenzhu[0], [[0], [0, 1, 2], [1]])).score).toBe(67);
    const byMember = json(await admin.client.get(`/api/v1/quizzes/${z.id}/leaderboard?by=member`));
    expect(byMember.items.map((x: { id: string }) => x.id)).toEqual([m.b1[0], m.wenzhu[0], m.b2[0]]);
    const byOrg = json(await admin.client.get(`/api/v1/quizzes/${z.id}/leaderboard?by=org`));
    expect(byOrg.items.find((x: { id: string }) => x.id === o.b1.id)).toMatchObject({ averageBestScore: 100, participants: 1, eligible: 4, participationRate: 0.25 });
    const byAlliance = json(await admin.client.get(`/api/v1/quizzes/${z.id}/leaderboard?by=alliance`));
    expect(byAlliance.items).toEqual([expect.objectContaining({ id: allianceId, participants: 3, eligible: 8, averageBestScore: 66.7 })]);
    // an eligible member sees the board too; another region does not
    const member = await make.memberUser(t, A.id, m.b1[1]);
    expect((await member.client.get(`/api/v1/quizzes/${z.id}/leaderboard`)).statusCode).toBe(200);
    expect((await member.client.get(`/api/v1/quizzes/${z.id}/results.xlsx`)).statusCode).toBe(404);
    const adminB = await make.regionAdmin(t, B.id);
    expect((await adminB.client.get(`/api/v1/quizzes/${z.id}/leaderboard`)).statusCode).toBe(404);
    expect((await adminB.client.get(`/api/v1/quizzes/${z.id}`)).statusCode).toBe(404);
    const xlsx = await admin.client.get(`/api/v1/quizzes/${z.id}/results.xlsx`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const rows = wb.worksheets[0].getSheetValues().filter(Boolean) as unknown[][];
    expect(rows).toHaveLength(1 + 8);
    expect(rows[1][4]).toBe(100);
  });
});

describe('a street-wide competition is shared down', () => {
  it('a secretary below the organising org reads it and its leaderboard, but cannot change it; others see nothing', async () => {
    const street = await quiz({ orgId: A.rootOrgId, title: '街道党规竞赛' });
    const b1Admin = await t.user({ grants: [{ role: 'org_admin', scopeKind: 'org', scopeId: o.b1.id, regionId: A.id }] });
    const list = json(await b1Admin.client.get('/api/v1/quizzes'));
    const titles = (Array.isArray(list) ? list : list.items).map((x: { title: string }) => x.title);
    expect(titles).toContain('街道党规竞赛');
    expect((await b1Admin.client.get(`/api/v1/quizzes/${street.id}`)).statusCode).toBe(200);
    expect((await b1Admin.client.get(`/api/v1/quizzes/${street.id}/leaderboard?by=org`)).statusCode).toBe(200);
    // a competition of a sibling community is not shared sideways
    const wz = await quiz({ orgId: o.wenzhu.id, title: '文竹竞赛' });
    expect((await b1Admin.client.get(`/api/v1/quizzes/${wz.id}`)).statusCode).toBe(404);
    // reading is not writing
    const adminB = await make.regionAdmin(t, B.id);
    expect((await adminB.client.get(`/api/v1/quizzes/${street.id}`)).statusCode).toBe(404);
    const b1Quiz = await b1Admin.client.post('/api/v1/quizzes', { orgId: A.rootOrgId, title: 'x', opensAt: make.at(t, 0), closesAt: make.at(t, 10), mode: 'fixed', questionIds: q, timeLimitSeconds: 60 });
    expect([404, 422]).toContain(b1Quiz.statusCode);
  });
});

describe('editing, closing and deleting a competition', () => {
  const row = async (id: string) => (await t.database.query<{ title: string; mode: string; time_limit_seconds: number; closes_at: Date; question_ids: string[] }>(
    'select title, mode, time_limit_seconds, closes_at, question_ids from quizzes where id = $1', [id]))[0];
  const audits = (id: string) => t.database.query<{ action: string; actor_id: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null }>(
    `select action, actor_id, before, after from audit_log where entity_type = 'quiz' and entity_id = $1 order by at, id`, [id]);

  it('before anyone starts everything may change, checked as on create', async () => {
    const z = await quiz({ title: '待修改', opensAt: make.at(t, 60), closesAt: make.at(t, 120) });
    const url = `/api/v1/quizzes/${z.id}`;
    const order = await admin.client.patch(url, { closesAt: make.at(t, 30) });
    expect(order.statusCode).toBe(422);
    expect(json(order).error.details).toEqual([{ field: 'closesAt', message: 'must be after the opening time' }]);
    const unknown = await admin.client.patch(url, { questionIds: [q[0], uuidv7()] });
    expect(unknown.statusCode).toBe(422);
    expect(json(unknown).error.details).toEqual([{ field: 'questionIds.1', message: 'no such question in this region' }]);
    const few = await admin.client.patch(url, { mode: 'random', tags: ['无此标签'], questionCount: 5 });
    expect(few.statusCode).toBe(422);
    expect(json(few).error.details).toEqual([{ field: 'questionCount', message: 'only 0 matching questions, fewer than 5' }]);
    const noCount = await admin.client.patch(url, { mode: 'random' });
    expect(json(noCount).error.details[0].field).toBe('questionCount');
    const toFixed = await admin.client.patch(url, { mode: 'fixed', questionIds: [] });
    expect(json(toFixed).error.details[0].field).toBe('questionIds');
    expect((await admin.client.patch(url, { orgId: A.rootOrgId })).statusCode).toBe(400);
    expect(await row(z.id)).toMatchObject({ title: '待修改', mode: 'fixed', time_limit_seconds: 600 });
    expect(await audits(z.id)).toHaveLength(1); // the create
    const ok = await admin.client.patch(url, {
      title: '已修改', description: '改为随机抽题', opensAt: make.at(t, -1), closesAt: make.at(t, 60), timeLimitSeconds: 120, attemptsAllowed: 2,
      mode: 'random', tags: ['党章'], questionCount: 2,
    });
    expect(ok.statusCode).toBe(200);
    expect(json(ok)).toMatchObject({
      title: '已修改', description: '改为随机抽题', closesAt: make.at(t, 60), timeLimitSeconds: 120, attemptsAllowed: 2, mode: 'random', tags: ['党章'],
      questionCount: 2, questionIds: [], started: false, editable: true,
    });
    const [, update] = await audits(z.id);
    expect(update).toMatchObject({ action: 'quiz.update', actor_id: admin.id, before: { title: '待修改', mode: 'fixed', timeLimitSeconds: 600 }, after: { title: '已修改', mode: 'random', timeLimitSeconds: 120 } });
    // a member starts the edited competition: two questions drawn, the new limit
    const me = await make.memberUser(t, A.id, m.b2[1]);
    const view = json(await me.client.post(`/api/v1/me/quizzes/${z.id}/attempts`));
    expect(view.questions).toHaveLength(2);
    expect(Date.parse(view.deadlineAt) - Date.parse(view.startedAt)).toBe(120_000);
  });

  it('once a member has started only title, description and closing time may change; it cannot be deleted', async () => {
    const z = await quiz({ title: '已开赛' });
    const url = `/api/v1/quizzes/${z.id}`;
    const first = await make.memberUser(t, A.id, m.b1[2]);
    expect((await first.client.post(`/api/v1/me/quizzes/${z.id}/attempts`)).statusCode).toBe(201);
    const limit = await admin.client.patch(url, { title: '已开赛（改）', timeLimitSeconds: 60 });
    expect(limit.statusCode).toBe(409);
    expect(json(limit).error.code).toBe('QUIZ_STARTED');
    expect(json(limit).error.details).toEqual([{ field: 'timeLimitSeconds', message: 'cannot change once members have started' }]);
    const many = await admin.client.patch(url, { questionIds: [q[0]], attemptsAllowed: 3, opensAt: make.at(t, -30) });
    expect(json(many).error.details.map((d: { field: string }) => d.field)).toEqual(['opensAt', 'questionIds', 'attemptsAllowed']);
    expect(await row(z.id)).toMatchObject({ title: '已开赛', time_limit_seconds: 600, question_ids: q });
    const past = await admin.client.patch(url, { closesAt: make.at(t, -1) });
    expect(past.statusCode).toBe(422);
    expect(json(past).error.details).toEqual([{ field: 'closesAt', message: 'cannot be earlier than now' }]);
    const beforeOpen = await admin.client.patch(url, { closesAt: make.at(t, -20) });
    expect(json(beforeOpen).error.details).toEqual([{ field: 'closesAt', message: 'must be after the opening time' }]);
    expect((await row(z.id)).closes_at.toISOString()).toBe(z.closesAt);
    const gone = await admin.client.delete(url);
    expect(gone.statusCode).toBe(409);
    expect(json(gone).error.code).toBe('QUIZ_STARTED');
    expect(await count('select count(*)::int as n from quizzes where id = $1', [z.id])).toBe(1);
    expect(await audits(z.id)).toHaveLength(1);
    // unchanged values are no change; the three fields are
    const ok = await admin.client.patch(url, { title: '已开赛（更正）', description: '延长至两分钟后', closesAt: make.at(t, 2), timeLimitSeconds: 600, mode: 'fixed', questionIds: q });
    expect(ok.statusCode).toBe(200);
    expect(json(ok)).toMatchObject({ title: '已开赛（更正）', description: '延长至两分钟后', closesAt: make.at(t, 2), started: true, editable: true });
    const listed = json(await admin.client.get('/api/v1/quizzes')).find((x: { id: string }) => x.id === z.id);
    expect(listed).toMatchObject({ started: true, editable: true });
    const [, update] = await audits(z.id);
    expect(update).toMatchObject({ action: 'quiz.update', before: { title: '已开赛', closesAt: z.closesAt }, after: { title: '已开赛（更正）', closesAt: make.at(t, 2) } });
    // the new closing time holds at once in this process (its cached copy was dropped)
    t.clock.advance(3 * 60_000);
    const late = await (await make.memberUser(t, A.id, m.b1[3])).client.post(`/api/v1/me/quizzes/${z.id}/attempts`);
    expect(late.statusCode).toBe(422);
    expect(json(late).error.code).toBe('QUIZ_NOT_OPEN');
  });

  it('close ends an open competition now; attempts already running keep their deadline', async () => {
    const z = await quiz({ title: '提前结束' });
    const url = `/api/v1/quizzes/${z.id}`;
    const me = await make.memberUser(t, A.id, m.b1[0]);
    const view = json(await me.client.post(`/api/v1/me/quizzes/${z.id}/attempts`));
    const closed = await admin.client.post(`${url}/close`);
    expect(closed.statusCode).toBe(200);
    const now = new Date(t.clock.now()).toISOString();
    expect(json(closed)).toMatchObject({ closesAt: now, started: true });
    expect((await row(z.id)).closes_at.toISOString()).toBe(now);
    // a start after the close is refused (this process's cached copy was dropped)
    const other = await make.memberUser(t, A.id, m.b1[1]);
    const refused = await other.client.post(`/api/v1/me/quizzes/${z.id}/attempts`);
    expect(refused.statusCode).toBe(422);
    expect(json(refused).error.code).toBe('QUIZ_NOT_OPEN');
    expect(await count('select count(*)::int as n from quiz_attempts where quiz_id = $1', [z.id])).toBe(1);
    // the running attempt keeps its own deadline
    t.clock.advance(60_000);
    expect((await me.client.put(`/api/v1/me/attempts/${view.id}/answers`, { questionId: q[0], choice: pick(view, q[0], [0]) })).statusCode).toBe(200);
    const sub = await me.client.post(`/api/v1/me/attempts/${view.id}/submit`, {});
    expect(json(sub)).toMatchObject({ correctCount: 1, submittedAt: new Date(t.clock.now()).toISOString() });
    const twice = await admin.client.post(`${url}/close`);
    expect(twice.statusCode).toBe(409);
    expect(json(twice).error.code).toBe('QUIZ_CLOSED');
    const upcoming = await quiz({ title: '尚未开始', opensAt: make.at(t, 60), closesAt: make.at(t, 120) });
    const early = await admin.client.post(`/api/v1/quizzes/${upcoming.id}/close`);
    expect(early.statusCode).toBe(409);
    expect(json(early).error.code).toBe('QUIZ_NOT_OPEN_YET');
    expect((await row(upcoming.id)).closes_at.toISOString()).toBe(upcoming.closesAt);
    const log = await audits(z.id);
    expect(log.map((x) => x.action)).toEqual(['quiz.create', 'quiz.close']);
    expect(log[1]).toMatchObject({ actor_id: admin.id, before: { closesAt: z.closesAt }, after: { closesAt: now } });
  });

  it('a competition closed or deleted by another server process takes no more starts, though this process cached it', async () => {
    const z = await quiz({ title: '他处关闭' });
    const first = await make.memberUser(t, A.id, m.b1[0]);
    expect((await first.client.post(`/api/v1/me/quizzes/${z.id}/attempts`)).statusCode).toBe(201); // now cached here
    // another process closes it: this process's cache still says open
    await t.database.query('update quizzes set closes_at = $2 where id = $1', [z.id, new Date(t.clock.now() - 1000)]);
    const second = await make.memberUser(t, A.id, m.b1[1]);
    const late = await second.client.post(`/api/v1/me/quizzes/${z.id}/attempts`);
    expect(late.statusCode).toBe(422);
    expect(json(late).error.code).toBe('QUIZ_NOT_OPEN');
    const z2 = await quiz({ title: '他处删除' });
    expect((await first.client.post(`/api/v1/me/quizzes/${z2.id}/attempts`)).statusCode).toBe(201);
    await t.database.query('delete from quiz_attempts where quiz_id = $1', [z2.id]);
    await t.database.query('delete from quizzes where id = $1', [z2.id]);
    expect((await second.client.post(`/api/v1/me/quizzes/${z2.id}/attempts`)).statusCode).toBe(404);
    expect(await count('select count(*)::int as n from quiz_attempts where quiz_id = any($1::uuid[])', [`{${z.id},${z2.id}}`])).toBe(1);
  });

  it('deletes a competition nobody has started', async () => {
    const z = await quiz({ title: '建错了' });
    const res = await admin.client.delete(`/api/v1/quizzes/${z.id}`);
    expect(res.statusCode).toBe(200);
    expect(json(res)).toEqual({ ok: true });
    expect(await count('select count(*)::int as n from quizzes where id = $1', [z.id])).toBe(0);
    expect((await admin.client.get(`/api/v1/quizzes/${z.id}`)).statusCode).toBe(404);
    expect((await admin.client.delete(`/api/v1/quizzes/${z.id}`)).statusCode).toBe(404);
    const log = await audits(z.id);
    expect(log.map((x) => x.action)).toEqual(['quiz.create', 'quiz.delete']);
    expect(log[1]).toMatchObject({ actor_id: admin.id, before: { title: '建错了' }, after: null });
  });

  it('another region’s admin, a secretary below the organising org and a member get 404 and change nothing', async () => {
    const z = await quiz({ title: '别人的竞赛', orgId: A.rootOrgId });
    const url = `/api/v1/quizzes/${z.id}`;
    const adminB = await make.regionAdmin(t, B.id);
    const b1Admin = await t.user({ grants: [{ role: 'org_admin', scopeKind: 'org', scopeId: o.b1.id, regionId: A.id }] });
    const member = await make.memberUser(t, A.id, m.b1[0]);
    for (const who of [adminB, b1Admin, member]) {
      expect((await who.client.patch(url, { title: '改掉' })).statusCode).toBe(404);
      expect((await who.client.post(`${url}/close`)).statusCode).toBe(404);
      expect((await who.client.delete(url)).statusCode).toBe(404);
    }
    // the secretary below reads it, but may not change it
    expect(json(await b1Admin.client.get(url))).toMatchObject({ started: false, editable: false });
    expect(await row(z.id)).toMatchObject({ title: '别人的竞赛' });
    expect((await row(z.id)).closes_at.toISOString()).toBe(z.closesAt);
    expect((await audits(z.id)).map((x) => x.action)).toEqual(['quiz.create']);
  });

  it('a question import can be checked only: the same report, nothing written', async () => {
    const questionsNow = () => count('select count(*)::int as n from questions');
    const auditsNow = () => count(`select count(*)::int as n from audit_log where action like 'question.%'`);
    const [qBefore, aBefore] = [await questionsNow(), await auditsNow()];
    const good = await questionWorkbook([
      ['单选', '党的基层组织每届任期几年？（仅检查）', '三年或五年', '十年', '', '', '', '', '', '', 'A', '', '党章'],
      ['判断', '党员必须缴纳党费。（仅检查）', '', '', '', '', '', '', '', '', '对', '', '党章'],
    ]);
    const checked = await upload(admin.client, `/api/v1/questions/import?orgId=${A.rootOrgId}&dryRun=true`, good);
    expect(checked.statusCode).toBe(200);
    expect(json(checked)).toEqual({ imported: 0, checked: 2, dryRun: true });
    const bad = await questionWorkbook([
      ['单选', '党的基层组织每届任期几年？（仅检查）', '三年或五年', '十年', '', '', '', '', '', '', 'C', '', ''],
      ['问答', '什么是党性？（仅检查）', '', '', '', '', '', '', '', '', 'A', '', ''],
    ]);
    const report = await upload(admin.client, `/api/v1/questions/import?orgId=${A.rootOrgId}&dryRun=true`, bad);
    expect(report.statusCode).toBe(422);
    expect(json(report).error.code).toBe('IMPORT_FAILED');
    expect(json(report).error.details.map((d: any) => [d.row, d.column])).toEqual([[2, 'K 答案'], [3, 'A 题型']]);
    // stems already in the bank are reported too
    const dup = await questionWorkbook([['判断', '预备党员的预备期为一年。', '', '', '', '', '', '', '', '', '对', '', '']]);
    const dupReport = await upload(admin.client, `/api/v1/questions/import?orgId=${A.rootOrgId}&dryRun=true`, dup);
    expect(json(dupReport).error.details).toEqual([expect.objectContaining({ row: 2, column: 'B 题干', message: 'the bank already has a question with this stem' })]);
    expect((await upload(admin.client, `/api/v1/questions/import?orgId=${A.rootOrgId}&dryRun=maybe`, good)).statusCode).toBe(400);
    const adminB = await make.regionAdmin(t, B.id);
    expect((await upload(adminB.client, `/api/v1/questions/import?orgId=${A.rootOrgId}&dryRun=true`, good)).statusCode).toBe(404);
    expect(await questionsNow()).toBe(qBefore);
    expect(await auditsNow()).toBe(aBefore);
    // dryRun=false is the real import
    const real = await upload(admin.client, `/api/v1/questions/import?orgId=${A.rootOrgId}&dryRun=false`, good);
    expect(real.statusCode).toBe(201);
    expect(json(real)).toEqual({ imported: 2 });
    expect(await questionsNow()).toBe(qBefore + 2);
    expect(await auditsNow()).toBe(aBefore + 1);
  });
});
