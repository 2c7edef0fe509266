import { beforeAll, describe, expect, it } from 'vitest';
import { demoApp, json, type TestApp } from '../../../../test/support/app.ts';

let t: TestApp;
let logins: string[] = [];

/** The demo data: the directory's 白峰 (the joint meeting of 16 units), then the needs list of a year. */
beforeAll(async () => {
  const demo = await demoApp();
  t = demo;
  logins = demo.logins;
}, 600_000);

describe('seedCobuild', () => {
  it('a year of placements (50+), the canteen filled within two days, sign-ins for its liaison and a village secretary', async () => {
    expect(logins).toEqual(expect.arrayContaining(['guangming', 'shangyang', 'lingang', 'guangda']));
    const office = await t.login('lingang');
    const f = json(await office.get('/api/v1/needs/figures'));
    expect(f.placements).toBeGreaterThanOrEqual(50);
    expect(f.settled).toBeGreaterThanOrEqual(19);
    expect(f.satisfaction).toBeGreaterThanOrEqual(4);
    const list = json(await office.get('/api/v1/needs?q=食堂'));
    expect(list.items).toHaveLength(1);
    const canteen = json(await office.get(`/api/v1/needs/${list.items[0].id}`));
    expect(canteen).toMatchObject({ quantity: 2, claimed: 2, filled: 2, status: 'rated', rating: 5, partyName: '宁波港光明码头有限公司' });
    expect(Date.parse(canteen.confirmedAt) - Date.parse(canteen.createdAt)).toBeLessThanOrEqual(2 * 86_400_000);
    expect(canteen.dispatches.map((d: { recipientName: string }) => d.recipientName)).toEqual(expect.arrayContaining(['上阳村', '峰南社区']));
    // every slot of every settled need has exactly one result, and no need is over-claimed
    const [bad] = await t.database.query<{ n: number }>(`select count(*)::int as n from needs n where n.claimed > n.quantity
      or (n.status = 'rated' and n.filled <> (select count(*) from need_results r where r.region_id = n.region_id and r.need_id = n.id))`);
    expect(bad.n).toBe(0);
    // the village secretary has the bus-link need in the inbox; the liaison sees the canteen's own needs
    const secretary = await t.login('shangyang');
    const inbox = json(await secretary.get('/api/v1/need-dispatches?open=1'));
    expect(inbox.items.map((d: { need: { title: string } }) => d.need.title)).toContain('园区公交线路延伸至上阳村');
    const liaison = await t.login('guangming');
    const mine = json(await liaison.get('/api/v1/needs?mine=1&pageSize=100'));
    expect(mine.items.map((n: { title: string }) => n.title)).toContain('光明码头食堂招聘帮厨');
    expect(mine.items.every((n: { partyName: string }) => n.partyName === '宁波港光明码头有限公司')).toBe(true);
  });

  it('a year of quarterly joint meetings: decisions and actions (done, open, one overdue), the next meeting open for items with the open actions carried', async () => {
    const office = await t.login('lingang');
    const joint = json(await office.get('/api/v1/joint-meetings'))[0];
    const list = json(await office.get(`/api/v1/meetings?allianceId=${joint.id}`));
    expect(list.map((m: { title: string }) => m.title)).toEqual(['第一季度联席会议', '第二季度联席会议', '第三季度联席会议', '第四季度联席会议', '明年第一季度联席会议']);
    const overdue = json(await office.get('/api/v1/meeting-actions?overdue=1'));
    expect(overdue.map((a: { title: string }) => a.title)).toEqual(['补设园区主要路口道路指示牌 12 块']);
    const next = json(await office.get(`/api/v1/meetings/${list[4].id}`));
    expect(next.may.agendaOpen).toBe(true);
    expect(next.carried).toHaveLength(3);
    const liaison = await t.login('guangda');
    const mine = json(await liaison.get('/api/v1/meeting-actions?mine=1'));
    expect(mine.some((a: { overdue: boolean }) => a.overdue)).toBe(true);
    const res = await liaison.post(`/api/v1/meetings/${list[4].id}/agenda-items`, { unitId: mine[0].unitId, title: '园区职工子女暑期托管' });
    expect(res.statusCode, res.body).toBe(201);
  });

  it('the projects list: the bus link and the road signs, made from the second quarter\'s decisions, with milestones on their project pages', async () => {
    const office = await t.login('lingang');
    const joint = json(await office.get('/api/v1/joint-meetings'))[0];
    const ps = json(await office.get(`/api/v1/cobuild-projects?allianceId=${joint.id}`));
    expect(ps.map((p: { title: string; status: string; progress: number; milestonesDone: number; milestones: number; item: { title: string } }) =>
      [p.title, p.status, p.progress, `${p.milestonesDone}/${p.milestones}`, p.item.title]).sort()).toEqual([
      ['园区早晚通勤专线', 'done', 100, '3/3', '园区公交接驳'],
      ['园区道路指示牌补设', 'in_progress', 60, '2/3', '园区道路指示牌缺失'],
    ]);
    expect(ps[0].units).toHaveLength(2);
    const page = json(await office.get(`/api/v1/projects/${ps[0].projectId}`));
    expect(page).toMatchObject({ level: 'cobuild', allianceId: joint.id });
  });
});
