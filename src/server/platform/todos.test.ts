/**
 * GET /api/v1/todos on factories data: each source gives an item to the one who must act on it and not to someone
 * out of scope (another org's secretary, another region's admin, a plain member). The sources whose records have
 * no factory (contests, dispatches, meeting actions, bookings, mediation, service requests, loans) are checked on
 * the demo in todos-demo.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { json, testApp, type Client, type TestApp } from '../../../test/support/app.ts';
import { todayShanghai } from '../../shared/dates.ts';
import { member, memberUser, org, user, world, type World } from '../../../test/support/factories.ts';

interface Item { source: string; id: string; title: Record<string, string>; href: string; due: string | null; severity: string; regionId: string }

let t: TestApp;
let w: World;
let memberClient: Client;
let yjb2: string;
const todos = async (c: Client, source?: string): Promise<Item[]> => {
  const res = await c.get('/api/v1/todos');
  expect(res.statusCode).toBe(200);
  const items = json<{ items: Item[] }>(res).items;
  return source ? items.filter((i) => i.source === source) : items;
};

beforeAll(async () => {
  t = await testApp();
  w = await world(t);
  // 怡江第一支部: its term ended, a probationary member of a year and a half ago, and a pledge of last year in progress
  expect((await w.admin.patch(`/api/v1/orgs/${w.org.yjb1.id}`, { termStart: '2021-09-01', termEnd: '2026-09-01' })).statusCode).toBe(200);
  const pm = await member(t, w.org.yjb1.id, { stage: 'probationary', joinedOn: '2025-05-01', fullOn: null });
  expect((await w.admin.post('/api/v1/pledges', { memberId: pm.id, year: 2025, category: 'volunteer', content: '清理楼道杂物' })).statusCode).toBe(201);
  memberClient = (await memberUser(t, w.A.id, pm.id)).client;
  // 怡江第二支部: its term ends in January (due, not overdue)
  yjb2 = (await org(t, w.A.id, w.org.yj.id, '怡江第二支部')).id;
  expect((await w.admin.patch(`/api/v1/orgs/${yjb2}`, { termStart: '2022-01-15', termEnd: '2027-01-15' })).statusCode).toBe(200);
}, 120_000);

describe('GET /api/v1/todos', () => {
  it('lists 换届 due for the secretary above the branch and the region admin, not for another org or region', async () => {
    const mine = await todos(w.yjAdmin, 'directory.termDue');
    expect(mine.map((i) => i.id).sort()).toEqual([w.org.yjb1.id, yjb2].sort());
    expect(mine.find((i) => i.id === w.org.yjb1.id)).toMatchObject({ severity: 'overdue', due: '2026-09-01', regionId: w.A.id, href: `/orgs?regionId=${w.A.id}&tab=termDue` });
    expect(mine.find((i) => i.id === yjb2)).toMatchObject({ severity: 'due', due: '2027-01-15' });
    expect((await todos(w.admin, 'directory.termDue')).map((i) => i.id)).toContain(w.org.yjb1.id);
    expect((await todos(w.lmAdmin, 'directory.termDue')).map((i) => i.id)).not.toContain(w.org.yjb1.id);
    expect((await todos(w.bAdmin, 'directory.termDue')).map((i) => i.id)).not.toContain(w.org.yjb1.id);
  });

  it('lists a development step due for the one who may advance the member', async () => {
    const mine = await todos(w.yjAdmin, 'directory.stages');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ severity: 'overdue', due: '2026-05-01', href: expect.stringMatching(/^\/members\?tab=due&id=/) });
    expect(await todos(w.lmAdmin, 'directory.stages')).toHaveLength(0);
    // the coordinator reads members but does not advance them
    expect(await todos(w.coordinator, 'directory.stages')).toHaveLength(0);
  });

  it('lists a pledge of a past year still in progress for its reviewers', async () => {
    const mine = await todos(w.yjAdmin, 'cluster.pledgeReviews');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ id: `${w.org.yjb1.id}|2025`, severity: 'overdue', due: '2025-12-31', href: `/pledge-reviews?orgId=${w.org.yjb1.id}&year=2025` });
    expect(mine[0].title['zh-CN']).toContain('1 条承诺待评议');
    expect(await todos(w.lmAdmin, 'cluster.pledgeReviews')).toHaveLength(0);
    expect(await todos(w.bAdmin, 'cluster.pledgeReviews')).toHaveLength(0);
  });

  it('lists 三会一课 behind for the branches in scope', async () => {
    const mine = await todos(w.yjAdmin, 'activities.compliance');
    // one line per branch, all its kinds on it, linking to that branch on the board
    expect(mine.map((i) => i.id.split('|')[0]).sort()).toEqual([w.org.yjb1.id, yjb2].sort());
    expect(mine.map((i) => i.severity)).toContain('overdue');
    const first = mine.find((i) => i.id.startsWith(w.org.yjb1.id))!;
    expect(first.href).toBe(`/activities/compliance?regionId=${w.A.id}&q=${encodeURIComponent('怡江第一支部')}`);
    expect(first.title['zh-CN']).toMatch(/^怡江第一支部：.*党课.*；/);
    const lm = await todos(w.lmAdmin, 'activities.compliance');
    expect(lm.length).toBeGreaterThan(0);
    expect(new Set(lm.map((i) => i.id.split('|')[0]))).toEqual(new Set([w.org.lmb1.id]));
    expect((await todos(w.bAdmin, 'activities.compliance')).map((i) => i.regionId)).not.toContain(w.A.id);
  });

  it('lists dues in arrears for the branch\'s collectors', async () => {
    const mine = await todos(w.yjAdmin, 'money.dues');
    expect(mine).toHaveLength(1);
    // the branch's sheet of this month (the page reads orgId and ym)
    expect(mine[0]).toMatchObject({ id: `${w.org.yjb1.id}|2026`, severity: 'overdue', href: `/dues?orgId=${w.org.yjb1.id}&ym=${todayShanghai(t.clock.now()).slice(0, 7)}` });
    expect(mine[0].title['zh-CN']).toContain('1 名党员');
    expect(await todos(w.lmAdmin, 'money.dues')).toHaveLength(0);
    expect(await todos(w.coordinator, 'money.dues')).toHaveLength(0);
  });

  it('gives a plain member and a platform admin without grants no to-dos, and tells every source with its count', async () => {
    expect(await todos(memberClient)).toEqual([]);
    expect(await todos((await user(t, { platformAdmin: true })).client)).toEqual([]);
    const res = await w.yjAdmin.get('/api/v1/todos');
    const body = json<{ items: Item[]; sources: { key: string; count: number }[] }>(res);
    expect(body.sources.map((s) => s.key)).toEqual(expect.arrayContaining([
      'activities.compliance', 'directory.termDue', 'directory.stages', 'cluster.pledgeReviews', 'cluster.scores', 'cobuild.dispatches',
      'cobuild.actions', 'venues.approvals', 'chamber.mediation', 'chamber.services', 'money.loans', 'money.dues',
    ]));
    expect(body.sources.find((s) => s.key === 'directory.termDue')!.count).toBe(body.items.filter((i) => i.source === 'directory.termDue').length);
    // overdue first
    const firstDue = body.items.findIndex((i) => i.severity !== 'overdue');
    expect(firstDue).toBeGreaterThan(0);
    expect(body.items.slice(firstDue).map((i) => i.severity)).not.toContain('overdue');
  });

  it('GET /api/v1/me/dues answers the member\'s own months, nothing for a user who is no member', async () => {
    const mine = json(await memberClient.get('/api/v1/me/dues'));
    expect(mine).toMatchObject({ year: 2026, throughMonth: 11, paidMonths: [], monthlyFen: null });
    expect(mine.unpaidMonths).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(json(await w.yjAdmin.get('/api/v1/me/dues'))).toMatchObject({ paidMonths: [], unpaidMonths: [] });
  });

  it('rolls more than ten branches behind into one line per region, linking to the due list (runs last: adds branches)', async () => {
    for (let i = 3; i <= 11; i++) await org(t, w.A.id, w.org.yj.id, `怡江第${i}支部`);
    const mine = await todos(w.yjAdmin, 'activities.compliance');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ id: `region|${w.A.id}`, severity: 'overdue', href: `/activities/compliance?regionId=${w.A.id}&tab=due` });
    expect(mine[0].title['zh-CN']).toMatch(/^11 个支部三会一课未完成/);
    // the community next door still sees its one branch
    expect((await todos(w.lmAdmin, 'activities.compliance')).map((i) => i.id.split('|')[0])).toEqual([w.org.lmb1.id]);
  });

  it('answers 401 without a session', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/todos' });
    expect(res.statusCode).toBe(401);
  });
});
