import { beforeAll, describe, expect, it } from 'vitest';
import { json, testApp, type Client, type TestApp } from '../../../../test/support/app.ts';
import { seedIfEmpty } from '../../seed.ts';
import { expectUnchanged, snapshot } from '../../../../test/support/refused.ts';
import { seedActivities } from './seed.ts';

let t: TestApp;
let kongpu: Client;
let baifeng: Client;
const region: Record<string, string> = {};
const one = async <T = Record<string, any>>(sql: string, params: unknown[] = []) => (await t.database.query<T>(sql, params))[0];

beforeAll(async () => {
  t = await testApp();
  // the whole demo seed (directory, cluster, activities); a second run of ours must do nothing
  await seedIfEmpty(t.database, { ...t.config, adminPassword: 'demo-password-123' }, { now: t.clock.t });
  kongpu = await t.login('kongpu', 'demo-password-123');
  baifeng = await t.login('baifeng', 'demo-password-123');
  for (const r of await t.database.query<{ id: string; code: string }>('select id, code from regions')) region[r.code] = r.id;
}, 180_000);

describe('activities demo data', () => {
  it('孔浦: 50+ party lessons over the past year and the 10-lesson series', async () => {
    const { n } = await one<{ n: number }>(`select count(*)::int as n from activities where region_id = $1 and kind = 'party_lesson' and series_id is null
      and held_on > ($2::date - 366) and starts_at <= $3::timestamptz`, [region.kongpu, new Date(t.clock.t).toISOString().slice(0, 10), new Date(t.clock.t).toISOString()]);
    expect(n).toBeGreaterThanOrEqual(50);
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
    expect(board.branches.length).toBeGreaterThanOrEqual(20);
    const due = json<any[]>(await kongpu.get(`/api/v1/compliance/due?regionId=${region.kongpu}`));
    expect(due.some((d) => d.status === 'missing')).toBe(true);
  });

  it('runs only once: a second run changes no table', async () => {
    const before = await snapshot(t);
    expect((await seedActivities(t.database.db, { now: t.clock.t })).created).toBe(false);
    await expectUnchanged(before);
  });
});
