/**
 * GET /api/v1/todos on the demo (docs/home.md): the sources whose records have no factory, each for the one who
 * must act and not for someone out of scope, and the demo region admin's list.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { demoApp, json, type TestApp } from '../../../test/support/app.ts';

interface Item { source: string; id: string; title: Record<string, string>; href: string; due: string | null; severity: string; regionId: string }

let t: TestApp;
const lists = new Map<string, Item[]>();
const todos = async (username: string, source?: string) => {
  if (!lists.has(username)) {
    const res = await (await t.login(username)).get('/api/v1/todos');
    expect(res.statusCode).toBe(200);
    lists.set(username, json<{ items: Item[] }>(res).items);
  }
  const items = lists.get(username)!;
  return source ? items.filter((i) => i.source === source) : items;
};
const ids = (items: Item[]) => items.map((i) => i.id);

beforeAll(async () => { t = await demoApp(); }, 600_000);

describe('GET /api/v1/todos on the demo', () => {
  it('gives the demo region admin (孔浦) items from several sources, each a link, all in the region', async () => {
    const items = await todos('kongpu');
    expect(new Set(items.map((i) => i.source)).size).toBeGreaterThanOrEqual(3);
    expect(items.map((i) => i.href).filter((h) => !h.startsWith('/'))).toEqual([]);
    const [{ r }] = await t.database.query<{ r: string }>(`select region_id as r from grants g join users u on u.id = g.user_id where u.username = 'kongpu'`);
    expect(new Set(items.map((i) => i.regionId))).toEqual(new Set([r]));
    expect(items[0].severity).toBe('overdue');
  });

  it('lists scores to give for the contest\'s judge only', async () => {
    const mine = await todos('judge', 'cluster.scores');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ href: `/judging?contestId=${mine[0].id}`, severity: 'due' });
    expect(await todos('kongpu', 'cluster.scores')).toEqual([]);
    expect(await todos('wuduojinhua', 'cluster.scores')).toEqual([]);
  });

  it('lists a loan due for the fund\'s officer and approver, not for the region admin who only reads it', async () => {
    const officer = await todos('zijin', 'money.loans');
    expect(officer).toHaveLength(1);
    expect(officer[0].href).toBe('/fund');
    expect(ids(await todos('shenpi', 'money.loans'))).toEqual(ids(officer));
    expect(await todos('luotuo', 'money.loans')).toEqual([]);
  });

  it('lists overdue service requests for the dispatcher, not for another region', async () => {
    const mine = await todos('shanghui', 'chamber.services');
    expect(mine.length).toBeGreaterThan(0);
    expect(mine[0]).toMatchObject({ severity: 'overdue', href: expect.stringMatching(/^\/services\?box=dispatch&id=/) });
    expect(await todos('kongpu', 'chamber.services')).toEqual([]);
  });

  it('lists needs dispatched to the village that receives them, not to another region\'s admin', async () => {
    const mine = await todos('shangyang', 'cobuild.dispatches');
    expect(mine.length).toBeGreaterThan(0);
    expect(mine[0].href).toBe('/need-inbox');
    expect(ids(await todos('baifeng', 'cobuild.dispatches'))).toEqual(expect.arrayContaining(ids(mine)));
    expect(await todos('kongpu', 'cobuild.dispatches')).toEqual([]);
  });

  it('lists a joint meeting\'s overdue action for the office and the owner\'s liaison, not for another liaison', async () => {
    const office = await todos('lingang', 'cobuild.actions');
    expect(office.length).toBeGreaterThan(0);
    const owner = await todos('guangda', 'cobuild.actions');
    expect(owner.length).toBeGreaterThan(0);
    expect(ids(office)).toEqual(expect.arrayContaining(ids(owner)));
    expect(owner[0]).toMatchObject({ severity: 'overdue', href: '/meetings' });
    expect(ids(await todos('guangming', 'cobuild.actions'))).not.toContain(owner[0].id);
    expect(await todos('kongpu', 'cobuild.actions')).toEqual([]);
  });

  it('lists bookings to approve for the venue\'s manager', async () => {
    const mine = await todos('guangda', 'venues.approvals');
    expect(mine.length).toBeGreaterThan(0);
    expect(mine[0]).toMatchObject({ severity: 'due', href: '/venue-approvals' });
    expect(await todos('kongpu', 'venues.approvals')).toEqual([]);
    expect(await todos('member', 'venues.approvals')).toEqual([]);
  });

  it('gives a plain member no to-dos', async () => {
    expect(await todos('member')).toEqual([]);
  });

  // last: moves the clock
  it('lists the mediator\'s cases once their clock nears its limit', async () => {
    expect(await todos('tiaojie', 'chamber.mediation')).toEqual([]);
    t.clock.advance(120 * 86_400_000);
    lists.clear();
    const mine = await todos('tiaojie', 'chamber.mediation');
    expect(mine.length).toBeGreaterThan(0);
    expect(mine[0]).toMatchObject({ severity: 'overdue', href: `/mediation?id=${mine[0].id}` });
    expect(ids(await todos('luotuo', 'chamber.mediation'))).toEqual(expect.arrayContaining(ids(mine)));
    expect(await todos('kongpu', 'chamber.mediation')).toEqual([]);
  });
});
