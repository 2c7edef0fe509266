import { beforeAll, describe, expect, it } from 'vitest';
import { json, testApp, type Client, type TestApp } from '../../../../test/support/app.ts';
import * as make from '../../../../test/support/factories.ts';
import { expectRefused, snapshot } from '../../../../test/support/refused.ts';

/**
 * The chamber's grids (网格) hold meetings with the joint meetings' machinery: the grid leader (an alliance coordinator
 * on the grid, as `wangge` in the demo) is the office; the grid's branches are its members, whose secretaries propose
 * items and see the actions their branch owns. Another grid's leader or branch, and the region's joint meeting, stay
 * apart (404). An action's owner must be a member of the grid. The clock starts on 2026-11-25 (Beijing).
 */
let t: TestApp;
const snap = () => snapshot(t);
let grid1: string, grid2: string, joint: string;
let b1: make.Org, b2: make.Org, b3: make.Org;
let ent: string;
let leader: Client, leader2: Client, sec1: Client, sec2: Client, sec3: Client, jointOffice: Client;
let meetingId: string;
let sec1Id: string;

beforeAll(async () => {
  t = await testApp();
  const R = await make.region(t, '骆驼街道');
  const admin = (await make.regionAdmin(t, R.id)).client;
  const chamber = await make.org(t, R.id, R.rootOrgId, '骆驼商会党委', 'committee');
  b1 = await make.org(t, R.id, chamber.id, '甲企业党支部');
  b2 = await make.org(t, R.id, chamber.id, '乙企业党支部');
  b3 = await make.org(t, R.id, chamber.id, '丙企业党支部');
  const park = await make.org(t, R.id, R.rootOrgId, '园区党支部');
  ent = make.created<{ id: string }>(await admin.post('/api/v1/units', { regionId: R.id, kind: 'enterprise', name: '甲机械有限公司', orgId: b1.id }), 'unit').id;
  grid1 = await make.alliance(t, R.id, { kind: 'grid', name: '第一网格', leadOrgId: chamber.id, orgIds: [b1.id, b2.id], unitIds: [ent] });
  grid2 = await make.alliance(t, R.id, { kind: 'grid', name: '第二网格', leadOrgId: chamber.id, orgIds: [b3.id] });
  joint = await make.alliance(t, R.id, { kind: 'joint_meeting', name: '园区联席会议', leadOrgId: R.rootOrgId, orgIds: [park.id] });
  leader = (await make.user(t, { username: 'wangge', grants: [{ role: 'alliance_coordinator', scopeKind: 'alliance', scopeId: grid1, regionId: R.id }] })).client;
  leader2 = (await make.coordinator(t, R.id, grid2)).client;
  jointOffice = (await make.coordinator(t, R.id, joint)).client;
  const s1 = await make.orgAdmin(t, R.id, b1.id);
  sec1 = s1.client;
  sec1Id = s1.id;
  sec2 = (await make.orgAdmin(t, R.id, b2.id)).client;
  sec3 = (await make.orgAdmin(t, R.id, b3.id)).client;
});

describe('a grid holds meetings like a joint meeting', () => {
  it('lists the grid to its leader (the office) and to its branches\' secretaries (members), and no one else\'s', async () => {
    const mine = json(await leader.get('/api/v1/joint-meetings'));
    expect(mine.map((j: { id: string; kind: string; office: boolean }) => [j.id, j.kind, j.office])).toEqual([[grid1, 'grid', true]]);
    expect(json(await sec2.get('/api/v1/joint-meetings')).map((j: { id: string; office: boolean; myParties: { orgId: string }[] }) => [j.id, j.office, j.myParties.map((p) => p.orgId)]))
      .toEqual([[grid1, false, [b2.id]]]);
    expect(json(await sec3.get('/api/v1/joint-meetings')).map((j: { id: string }) => j.id)).toEqual([grid2]);
    expect(json(await jointOffice.get('/api/v1/joint-meetings')).map((j: { id: string }) => j.id)).toEqual([joint]);
  });

  it('the leader sets roles and the rotation, calls a meeting; a secretary proposes for its branch; decision and an action for a branch', async () => {
    const roles = await leader.put(`/api/v1/joint-meetings/${grid1}/members`, { members: [
      { orgId: b1.id, role: 'chair', liaisonUserId: sec1Id }, { orgId: b2.id, role: 'vice_chair' }, { unitId: ent, role: 'member' },
    ] });
    expect(roles.statusCode, roles.body).toBe(200);
    // the branch's secretary is offered (and accepted) as its liaison
    expect(json(roles).members[0]).toMatchObject({ liaisonUserId: sec1Id, liaisonCandidates: [{ userId: sec1Id }] });
    expect(json(roles).members.map((m: { partyName: string; role: string }) => `${m.partyName}:${m.role}`)).toEqual(['甲企业党支部:chair', '乙企业党支部:vice_chair', '甲机械有限公司:member']);
    const hosts = json(await leader.post(`/api/v1/joint-meetings/${grid1}/hosts`, { fromYear: 2026, years: 3 })).hosts;
    expect(hosts.map((h: { partyName: string }) => h.partyName)).toEqual(['甲企业党支部', '乙企业党支部', '甲机械有限公司']);

    const res = await leader.post('/api/v1/meetings', { allianceId: grid1, kind: 'liaison', title: '第一网格12月例会', heldOn: '2026-12-10', place: '商会三楼', agendaDays: 5 });
    expect(res.statusCode, res.body).toBe(201);
    const m = json(res);
    meetingId = m.id;
    expect(m).toMatchObject({ allianceName: '第一网格', hostName: '甲企业党支部', agendaDeadline: '2026-12-05', may: { manage: true } });
    expect(m.attendees).toHaveLength(3);

    const proposed = await sec2.post(`/api/v1/meetings/${meetingId}/agenda-items`, { orgId: b2.id, title: '书记绩效对账表填报进度', description: '乙企业党支部三会一课记录补录' });
    expect(proposed.statusCode, proposed.body).toBe(201);
    const item = json(proposed).agenda[0];
    expect(item).toMatchObject({ status: 'proposed', partyName: '乙企业党支部' });
    expect(json(await leader.post(`/api/v1/agenda-items/${item.id}/review`, { decision: 'accept' })).agenda[0].status).toBe('accepted');
    expect((await leader.put(`/api/v1/agenda-items/${item.id}/decision`, { decision: '乙企业党支部月底前补齐记录' })).statusCode).toBe(200);
    const act = await leader.post(`/api/v1/agenda-items/${item.id}/actions`, { orgId: b2.id, title: '补齐三会一课记录', dueOn: '2026-12-31' });
    expect(act.statusCode, act.body).toBe(201);

    // the owner's secretary sees it on the to-do list, the other branch does not
    const todo = json(await sec2.get('/api/v1/meeting-actions?mine=1'));
    expect(todo.map((a: { title: string; mayUpdate: boolean }) => [a.title, a.mayUpdate])).toEqual([['补齐三会一课记录', true]]);
    expect(json(await sec1.get('/api/v1/meeting-actions?mine=1'))).toEqual([]);
    expect(json(await sec2.patch(`/api/v1/meeting-actions/${todo[0].id}`, { status: 'done', evidence: '已补录 4 次' })).status).toBe('done');
  });

  it('refuses: an action owned by another grid\'s branch or by a made-up unit, a secretary proposing for another branch, changing nothing', async () => {
    const item = json(await leader.post(`/api/v1/meetings/${meetingId}/agenda-items`, { orgId: b1.id, title: '党建共建活动' })).agenda.at(-1);
    await leader.put(`/api/v1/agenda-items/${item.id}/decision`, { decision: '联合开展一次主题党日' });
    const url = `/api/v1/agenda-items/${item.id}/actions`;
    const e1 = await expectRefused(() => leader.post(url, { orgId: b3.id, title: '丙支部承办', dueOn: '2026-12-31' }), 422, 'MEETING_NOT_MEMBER', snap);
    expect(e1.details).toEqual([expect.objectContaining({ field: 'orgId' })]);
    await expectRefused(() => leader.post(url, { unitId: '0190b6a0-0000-7000-8000-00000000beef', title: '不存在的企业', dueOn: '2026-12-31' }), 422, 'MEETING_NOT_MEMBER', snap);
    await expectRefused(() => sec2.post(`/api/v1/meetings/${meetingId}/agenda-items`, { orgId: b1.id, title: '替甲支部提' }), 422, 'MEETING_NOT_MEMBER', snap);
    await expectRefused(() => sec2.post(`/api/v1/agenda-items/${item.id}/review`, { decision: 'defer' }), 403, 'MEETING_OFFICE_ONLY', snap);
  });

  it('another grid\'s leader or branch and the joint meeting\'s office get 404, as for a made-up id', async () => {
    for (const c of [leader2, sec3, jointOffice]) {
      await expectRefused(() => c.get(`/api/v1/meetings/${meetingId}`), 404, 'NOT_FOUND', snap);
      await expectRefused(() => c.get(`/api/v1/joint-meetings/${grid1}`), 404, 'NOT_FOUND', snap);
      await expectRefused(() => c.put(`/api/v1/joint-meetings/${grid1}/members`, { members: [] }), 404, 'NOT_FOUND', snap);
      await expectRefused(() => c.post('/api/v1/meetings', { allianceId: grid1, kind: 'ad_hoc', title: 'x', heldOn: '2026-12-20' }), 404, 'NOT_FOUND', snap);
    }
    await expectRefused(() => leader.get(`/api/v1/joint-meetings/${joint}`), 404, 'NOT_FOUND', snap);
    await expectRefused(() => leader.post('/api/v1/meetings', { allianceId: grid2, kind: 'ad_hoc', title: 'x', heldOn: '2026-12-20' }), 404, 'NOT_FOUND', snap);
    expect(json(await leader2.get(`/api/v1/meeting-actions?allianceId=${grid2}`))).toEqual([]);
  });
});

describe('a grid\'s needs list: raised, dispatched and claimed as a joint meeting\'s', () => {
  it('the leader raises for a branch (accepted at once) and dispatches to another branch, which claims; a branch raises for itself; the item names the need', async () => {
    const raised = await leader.post('/api/v1/needs', { allianceId: grid1, category: 'volunteers', title: '网格志愿服务队', quantity: 3, orgId: b1.id, visibility: 'named' });
    expect(raised.statusCode, raised.body).toBe(201);
    const need = json(raised);
    expect(need).toMatchObject({ status: 'accepted', raisedAs: 'office', allianceName: '第一网格', partyName: '甲企业党支部', may: { manage: true } });
    expect(json(await leader.post(`/api/v1/needs/${need.id}/publish`)).status).toBe('published');
    const d = json(await leader.post(`/api/v1/needs/${need.id}/dispatches`, { orgIds: [b2.id] }));
    expect(d.added).toBe(1);
    // the dispatched branch finds it in its inbox and claims two slots
    const inbox = json(await sec2.get('/api/v1/need-dispatches?open=1')).items;
    expect(inbox.map((x: { need: { id: string } }) => x.need.id)).toEqual([need.id]);
    expect(json(await sec2.post(`/api/v1/need-dispatches/${inbox[0].id}/claim`, { slots: 2 })).claimed).toBe(2);
    // the leader sees it in the grid's list and figures
    expect(json(await leader.get(`/api/v1/needs?allianceId=${grid1}`)).items.map((n: { id: string }) => n.id)).toContain(need.id);
    expect(json(await leader.get(`/api/v1/needs/figures?allianceId=${grid1}`))).toMatchObject({ raised: 1, claimedSlots: 2 });

    // a branch's secretary raises for its own branch: it waits for the leader's review
    const own = json(await sec1.post('/api/v1/needs', { allianceId: grid1, category: 'training', title: '发展对象培训场地', quantity: 1, orgId: b1.id }));
    expect(own).toMatchObject({ status: 'submitted', raisedAs: 'secretary' });
    expect(json(await leader.post(`/api/v1/needs/${own.id}/review`, { decision: 'accept' })).status).toBe('accepted');
    // an agenda item of the grid's meeting names the grid's need
    const item = json(await sec1.post(`/api/v1/meetings/${meetingId}/agenda-items`, { orgId: b1.id, title: '培训场地', needId: own.id })).agenda.at(-1);
    expect(item).toMatchObject({ needId: own.id, needTitle: '发展对象培训场地' });
  });

  it('another grid\'s leader and branch, and the joint meeting\'s office, neither see nor run the grid\'s needs', async () => {
    const id = json(await leader.post('/api/v1/needs', { allianceId: grid1, category: 'other', title: '网格内部需求', quantity: 1, orgId: b2.id, visibility: 'named' })).id;
    for (const c of [leader2, sec3, jointOffice]) {
      await expectRefused(() => c.get(`/api/v1/needs/${id}`), 404, 'NOT_FOUND', snap);
      await expectRefused(() => c.post(`/api/v1/needs/${id}/publish`), 404, 'NOT_FOUND', snap);
      expect(json(await c.get(`/api/v1/needs?allianceId=${grid1}`)).items).toEqual([]);
    }
    // another grid's leader cannot raise in this grid, nor a branch for another branch
    await expectRefused(() => leader2.post('/api/v1/needs', { allianceId: grid1, category: 'other', title: 'x', quantity: 1, orgId: b1.id }), 404, 'NOT_FOUND', snap);
    await expectRefused(() => sec2.post('/api/v1/needs', { allianceId: grid1, category: 'other', title: 'x', quantity: 1, orgId: b1.id }), 404, 'NOT_FOUND', snap);
  });
});
