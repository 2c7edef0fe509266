import { beforeAll, describe, expect, it } from 'vitest';
import { demoApp, json, type Client, type TestApp } from '../../../../test/support/app.ts';
import { expectUnchanged, snapshot } from '../../../../test/support/refused.ts';
import { seedActivities } from './seed.ts';

let t: TestApp;
let kongpu: Client;
let baifeng: Client;
const region: Record<string, string> = {};
const one = async <T = Record<string, any>>(sql: string, params: unknown[] = []) => (await t.database.query<T>(sql, params))[0];

beforeAll(async () => {
  // the whole demo (directory, cluster, activities…); a second run of ours must do nothing
  t = await demoApp();
  kongpu = await t.login('kongpu');
  baifeng = await t.login('baifeng');
  for (const r of await t.database.query<{ id: string; code: string }>('select id, code from regions')) region[r.code] = r.id;
}, 600_000);

describe('activities demo data', () => {
  it('孔浦: 50余 party lessons over the past year, the 10-lesson series among them', async () => {
    // 目前已组织开展各类主题党课50余次，“我和党章的故事”书记讲党课系列活动10次 (50余: more than 50, fewer than 60)
    const { n } = await one<{ n: number }>(`select count(*)::int as n from activities where region_id = $1 and kind = 'party_lesson'
      and held_on > ($2::date - 366) and starts_at <= $3::timestamptz`, [region.kongpu, new Date(t.clock.t).toISOString().slice(0, 10), new Date(t.clock.t).toISOString()]);
    expect(n).toBeGreaterThan(50);
    expect(n).toBeLessThan(60);
    const series = json<any[]>(await kongpu.get(`/api/v1/activity-series?regionId=${region.kongpu}`));
    expect(series).toEqual([expect.objectContaining({ name: '“我和党章的故事”书记讲党课', count: 10, heldCount: 10 })]);
  });

  it('the 12-member 青春微巡讲团 with lectures in 百合社区 and others, rated', async () => {
    const [team] = json<any[]>(await kongpu.get(`/api/v1/lecture-teams?regionId=${region.kongpu}`));
    expect(team.name).toBe('青春微巡讲团');
    expect(team.lecturers).toHaveLength(12);
    const figures = json(await kongpu.get(`/api/v1/lecture-teams/${team.id}/figures`));
    expect(figures.branches.some((b: { orgName: string }) => b.orgName.startsWith('百合'))).toBe(true);
    expect(figures.branches.length).toBeGreaterThan(3);
    expect(figures.lecturers).toHaveLength(12);
    expect(figures.lecturers.filter((l: { lectures: number }) => l.lectures < 1)).toEqual([]);
    expect(figures.lecturers.some((l: { rating: number | null }) => l.rating !== null && l.rating >= 4)).toBe(true);
  });

  it('a bank of 100+ valid questions, a finished and an open competition', async () => {
    expect((await one<{ n: number }>('select count(*)::int as n from questions where region_id = $1', [region.kongpu])).n).toBeGreaterThanOrEqual(100);
    const quizzes = json<any[]>(await kongpu.get(`/api/v1/quizzes?regionId=${region.kongpu}`));
    const now = t.clock.t;
    expect(quizzes.filter((q) => Date.parse(q.closesAt) < now)).toHaveLength(1);
    expect(quizzes.filter((q) => Date.parse(q.opensAt) <= now && Date.parse(q.closesAt) > now)).toHaveLength(1);
    const finished = quizzes.find((q) => Date.parse(q.closesAt) < now);
    const board = json(await kongpu.get(`/api/v1/quizzes/${finished.id}/leaderboard?by=org`));
    expect(board.items.length).toBe(20);
    expect(board.items[0].participationRate).toBeGreaterThan(0.4);
    const byAlliance = json(await kongpu.get(`/api/v1/quizzes/${finished.id}/leaderboard?by=alliance`));
    expect(byAlliance.items[0].name).toBe('五朵金花');
  });

  it('the demo bank cannot be passed by always choosing A: answers spread over the options, options shuffled per attempt', async () => {
    type Q = { id: string; kind: string; options: string[]; answer: number[] };
    const bank = json<{ items: Q[] }>(await kongpu.get(`/api/v1/questions?regionId=${region.kongpu}&pageSize=500`)).items;
    const single = bank.filter((q) => q.kind === 'single');
    expect(single.length).toBeGreaterThan(50);
    // the bank itself: no option position holds most of the answers
    for (let pos = 0; pos < 4; pos++) expect(single.filter((q) => q.answer[0] === pos).length, `answers at position ${pos}`).toBeLessThan(single.length / 2);
    const tf = bank.filter((q) => q.kind === 'truefalse');
    expect(tf.filter((q) => q.answer[0] === 0).length).toBeLessThan(tf.length * 0.7);
    const rootOrgId = (await one<{ id: string }>('select id from orgs where region_id = $1 and parent_id is null', [region.kongpu])).id;
    const now = t.clock.t;
    const created = await kongpu.post('/api/v1/quizzes', {
      orgId: rootOrgId, title: '总选A测试', opensAt: new Date(now - 60_000).toISOString(), closesAt: new Date(now + 3_600_000).toISOString(),
      mode: 'fixed', questionIds: single.map((q) => q.id), timeLimitSeconds: 3600, attemptsAllowed: 2,
    });
    expect(created.statusCode).toBe(201);
    const quizId = json(created).id;
    try {
      const member = await t.login('member');
      // always the first option shown: chance level (1 in 4 here), not the pass it was
      const first = await member.post(`/api/v1/me/quizzes/${quizId}/attempts`, {});
      expect(first.statusCode).toBe(201);
      const a1 = json<{ id: string; questions: { id: string; options: string[] }[] }>(first);
      const allA = json(await member.post(`/api/v1/me/attempts/${a1.id}/submit`, { answers: Object.fromEntries(a1.questions.map((q) => [q.id, [0]])) }));
      expect(allA.correctCount).toBeLessThan(single.length * 0.45);
      // the right option, picked where this attempt shows it, scores; the shown order is not the bank's
      const a2 = json<{ id: string; questions: { id: string; options: string[] }[] }>(await member.post(`/api/v1/me/quizzes/${quizId}/attempts`, {}));
      const byId = new Map(single.map((q) => [q.id, q]));
      const right = Object.fromEntries(a2.questions.map((q) => [q.id, [q.options.indexOf(byId.get(q.id)!.options[byId.get(q.id)!.answer[0]])]]));
      expect(Object.values(right).filter(([i]) => i < 0)).toEqual([]);
      expect(a2.questions.filter((q) => q.options.join('|') !== byId.get(q.id)!.options.join('|')).length).toBeGreaterThan(0);
      // saved one at a time too: the saved answer is in the shown order
      const [q0] = a2.questions;
      expect((await member.put(`/api/v1/me/attempts/${a2.id}/answers`, { questionId: q0.id, choice: right[q0.id] })).statusCode).toBe(200);
      expect(json(await member.get(`/api/v1/me/attempts/${a2.id}`)).answers[q0.id]).toEqual(right[q0.id]);
      const done = json(await member.post(`/api/v1/me/attempts/${a2.id}/submit`, { answers: right }));
      expect(done.score).toBe(100);
      expect(done.review.filter((r: { correct: boolean; questionId: string; answer: number[] }) => !r.correct || r.answer[0] !== right[r.questionId][0])).toEqual([]);
    } finally {
      // not left open: the other tests count the demo's open competitions
      await kongpu.post(`/api/v1/quizzes/${quizId}/close`, {});
    }
  });

  it('白峰: 37 volunteers at the elderly-care centre with their hours', async () => {
    const list = json(await baifeng.get(`/api/v1/activities?regionId=${region.baifeng}&kind=volunteer`));
    const day = list.items.find((a: { place: string }) => a.place === '峰南社区居家养老服务中心广场');
    expect(day, 'the volunteer day at the elderly-care centre').toBeDefined();
    expect(day.status).toBe('held');
    const attendees = json<any[]>(await baifeng.get(`/api/v1/activities/${day.id}/attendees`));
    expect(attendees).toHaveLength(37);
    expect(attendees.filter((a) => !(a.checkedInAt && a.serviceHours >= 2.5 && a.serviceHours <= 3))).toEqual([]);
  });

  it('the compliance board has content, with some branches falling behind', async () => {
    const board = json(await kongpu.get(`/api/v1/compliance/board?regionId=${region.kongpu}`));
    expect(board.total).toBeGreaterThanOrEqual(20);
    const due = json<any[]>(await kongpu.get(`/api/v1/compliance/due?regionId=${region.kongpu}`));
    expect(due.some((d) => d.status === 'missing')).toBe(true);
  });

  it('runs only once: a second run changes no table', async () => {
    const before = await snapshot(t);
    expect((await seedActivities(t.database.db, { now: t.clock.t })).created).toBe(false);
    await expectUnchanged(before);
  });
});
