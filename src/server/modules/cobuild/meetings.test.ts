import { beforeAll, describe, expect, it } from 'vitest';
import { json, testApp, type TestApp } from '../../../../test/support/app.ts';
import { cobuildWorld, publishedNeed, type CobuildWorld } from '../../../../test/support/cobuild.ts';
import { expectRefused, snapshot } from '../../../../test/support/refused.ts';
import { findCjkFonts } from '../cluster/plaque-pdf.ts';

/**
 * Joint meetings: members' roles and liaisons, the rotating host, a meeting's agenda proposed before the deadline,
 * decisions, follow-up actions carried onto the next meeting (闭环), my actions, the overdue list, the bulletin PDF,
 * and every refusal (nothing changed). The clock starts on 2026-11-25 (Beijing).
 */
let t: TestApp;
let cw: CobuildWorld;
const MADE_UP = '0190b6a0-0000-7000-8000-00000000beef';
const snap = () => snapshot(t);
let meetingId: string;
let itemId: string;
let liaisonUserId: string;

beforeAll(async () => {
  t = await testApp();
  cw = await cobuildWorld(t);
  liaisonUserId = json(await cw.liaison.get('/api/v1/me')).user.id;
});

describe('members, roles and the rotating host', () => {
  it('the office sets the order, one chair and vice-chairs, liaisons; the rotation follows the member order and can be edited', async () => {
    const res = await cw.office.put(`/api/v1/joint-meetings/${cw.allianceId}/members`, { members: [
      { unitId: cw.unit.canteen, role: 'chair', liaisonUserId },
      { orgId: cw.w.org.b1.id, role: 'vice_chair' },
      { unitId: cw.unit.school, role: 'vice_chair' },
    ] });
    expect(res.statusCode, res.body).toBe(200);
    const d = json(res);
    expect(d.members.map((m: { partyName: string; role: string; position: number }) => [m.position, m.partyName, m.role])).toEqual([
      [1, '宁波港光明码头有限公司', 'chair'], [2, '白峰支部', 'vice_chair'], [3, '白峰镇中心学校', 'vice_chair'],
    ]);
    expect(d.members[0].liaisonName).toBeTruthy();
    const hosts = json(await cw.office.post(`/api/v1/joint-meetings/${cw.allianceId}/hosts`, { fromYear: 2026, years: 4 })).hosts;
    expect(hosts.map((h: { year: number; partyName: string }) => `${h.year}:${h.partyName}`)).toEqual([
      '2026:宁波港光明码头有限公司', '2027:白峰支部', '2028:白峰镇中心学校', '2029:宁波港光明码头有限公司',
    ]);
    const edited = json(await cw.office.put(`/api/v1/joint-meetings/${cw.allianceId}/hosts/2029`, { unitId: cw.unit.school })).hosts;
    expect(edited.at(-1)).toMatchObject({ year: 2029, partyName: '白峰镇中心学校' });
    // the office is offered, per member, the users answering for it: the canteen's liaison for the canteen only
    expect(d.members.map((m: { liaisonCandidates: { userId: string }[] }) => m.liaisonCandidates.map((c) => c.userId))).toEqual([[liaisonUserId], [], []]);
    // the liaison reads it and sees which member it answers for (and no list of users)
    const seen = json(await cw.liaison.get(`/api/v1/joint-meetings/${cw.allianceId}`));
    expect(seen).toMatchObject({ office: false, myParties: [{ unitId: cw.unit.canteen }] });
    expect(seen.members.flatMap((m: { liaisonCandidates: unknown[] }) => m.liaisonCandidates)).toEqual([]);
  });

  it('refuses two chairs, a non-member, a liaison changing roles, and another region (404), changing nothing', async () => {
    const url = `/api/v1/joint-meetings/${cw.allianceId}/members`;
    const two = { members: [{ unitId: cw.unit.canteen, role: 'chair' }, { unitId: cw.unit.school, role: 'chair' }] };
    await expectRefused(() => cw.office.put(url, two), 422, 'VALIDATION_FAILED', snap);
    await expectRefused(() => cw.office.put(url, { members: [{ unitId: cw.unit.fengnan }] }), 422, 'MEETING_NOT_MEMBER', snap);
    // a liaison answers for its member: the canteen's liaison cannot be named the school's
    const wrong = await expectRefused(() => cw.office.put(url, { members: [{ unitId: cw.unit.canteen }, { unitId: cw.unit.school, liaisonUserId }] }), 422, 'MEETING_LIAISON_NOT_THEIRS', snap);
    expect(wrong.details).toEqual([expect.objectContaining({ field: 'members.1.liaisonUserId' })]);
    await expectRefused(() => cw.liaison.put(url, { members: [] }), 403, 'MEETING_OFFICE_ONLY', snap);
    await expectRefused(() => cw.otherRegionAdmin.put(url, { members: [] }), 404, 'NOT_FOUND', snap);
    await expectRefused(() => cw.fengnan.get(`/api/v1/joint-meetings/${cw.allianceId}`), 404, 'NOT_FOUND', snap);
    await expectRefused(() => cw.office.get(`/api/v1/joint-meetings/${cw.w.allianceId}`), 404, 'NOT_FOUND', snap);
  });
});

describe('a meeting: agenda before the deadline, decisions, actions, 闭环', () => {
  it('the office calls a meeting (host: the year\'s rotating host, every member invited)', async () => {
    const res = await cw.office.post('/api/v1/meetings', { allianceId: cw.allianceId, kind: 'plenary', title: '第四季度联席会议', heldOn: '2026-12-10', place: '光明码头会议室', agendaDays: 7 });
    expect(res.statusCode, res.body).toBe(201);
    const m = json(res);
    meetingId = m.id;
    expect(m).toMatchObject({ hostName: '宁波港光明码头有限公司', agendaDeadline: '2026-12-03', may: { manage: true, agendaOpen: true } });
    expect(m.attendees).toHaveLength(3);
    const checked = json(await cw.liaison.post(`/api/v1/meetings/${meetingId}/check-in`, { unitId: cw.unit.canteen, attendeeName: '周海燕' }));
    expect(checked.attendees.find((a: { unitId: string }) => a.unitId === cw.unit.canteen).checkedInAt).toBeTruthy();
  });

  it('a member\'s liaison proposes an item about a need; the office accepts it, records the decision and actions', async () => {
    const needId = await publishedNeed(cw, { title: '公交线路延伸到园区' , category: 'transport', quantity: 1 });
    const res = await cw.liaison.post(`/api/v1/meetings/${meetingId}/agenda-items`, { unitId: cw.unit.canteen, title: '开通园区公交专线', description: '职工上下班不便', needId });
    expect(res.statusCode, res.body).toBe(201);
    const item = json(res).agenda[0];
    itemId = item.id;
    expect(item).toMatchObject({ status: 'proposed', partyName: '宁波港光明码头有限公司', needTitle: '公交线路延伸到园区' });
    expect(json(await cw.office.post(`/api/v1/agenda-items/${itemId}/review`, { decision: 'accept' })).agenda[0].status).toBe('accepted');
    await expectRefused(() => cw.office.post(`/api/v1/agenda-items/${itemId}/actions`, { unitId: cw.unit.canteen, title: 'x', dueOn: '2026-12-31' }), 409, 'MEETING_ITEM_NO_DECISION', snap);
    const decided = await cw.office.put(`/api/v1/agenda-items/${itemId}/decision`, { decision: '由光明码头牵头，镇交通办协调开通早晚专线' });
    expect(decided.statusCode, decided.body).toBe(200);
    const a1 = await cw.office.post(`/api/v1/agenda-items/${itemId}/actions`, { unitId: cw.unit.canteen, title: '报送职工通勤人数与站点', dueOn: '2026-12-20' });
    expect(a1.statusCode, a1.body).toBe(201);
    const a2 = json(await cw.office.post(`/api/v1/agenda-items/${itemId}/actions`, { orgId: cw.w.org.b1.id, title: '协调公交公司试运行', dueOn: '2026-12-31' }));
    expect(a2.agenda[0].actions.map((a: { title: string; status: string; overdue: boolean }) => [a.title, a.status, a.overdue])).toEqual([
      ['报送职工通勤人数与站点', 'open', false], ['协调公交公司试运行', 'open', false],
    ]);
  });

  it('refuses: an item after the deadline, for a non-member or another member, by a non-member\'s secretary; an action due before its meeting or owned by a non-member', async () => {
    const late = json(await cw.office.post('/api/v1/meetings', { allianceId: cw.allianceId, kind: 'ad_hoc', title: '道路标识专题会', heldOn: '2026-11-30', agendaDays: 7 }));
    expect(late.may.agendaOpen).toBe(false);
    const body = { unitId: cw.unit.canteen, title: '增设道路指示牌' };
    const e = await expectRefused(() => cw.liaison.post(`/api/v1/meetings/${late.id}/agenda-items`, body), 422, 'MEETING_AGENDA_CLOSED', snap);
    expect(e.message).toContain('2026-11-23');
    await expectRefused(() => cw.liaison.post(`/api/v1/meetings/${meetingId}/agenda-items`, { ...body, unitId: cw.unit.school }), 422, 'MEETING_NOT_MEMBER', snap);
    await expectRefused(() => cw.office.post(`/api/v1/meetings/${meetingId}/agenda-items`, { ...body, unitId: cw.unit.fengnan }), 422, 'MEETING_NOT_MEMBER', snap);
    await expectRefused(() => cw.fengnan.post(`/api/v1/meetings/${meetingId}/agenda-items`, { ...body, orgId: cw.org.fengnan, unitId: undefined }), 404, 'NOT_FOUND', snap);
    await expectRefused(() => cw.liaison.post(`/api/v1/agenda-items/${itemId}/review`, { decision: 'defer' }), 403, 'MEETING_OFFICE_ONLY', snap);
    await expectRefused(() => cw.office.post(`/api/v1/agenda-items/${itemId}/actions`, { unitId: cw.unit.canteen, title: '提前', dueOn: '2026-12-09' }), 422, 'MEETING_ACTION_DUE_BEFORE', snap);
    // an action's owner is a member of the joint meeting: 峰南社区 is a unit of the region, not a member
    const owner = await expectRefused(() => cw.office.post(`/api/v1/agenda-items/${itemId}/actions`, { unitId: cw.unit.fengnan, title: '社区协助', dueOn: '2026-12-20' }), 422, 'MEETING_NOT_MEMBER', snap);
    expect(owner.details).toEqual([expect.objectContaining({ field: 'unitId' })]);
    await expectRefused(() => cw.office.post(`/api/v1/agenda-items/${itemId}/actions`, { orgId: cw.org.shangyang, title: '村里协助', dueOn: '2026-12-20' }), 422, 'MEETING_NOT_MEMBER', snap);
    // the office may still add an item to the late meeting
    expect((await cw.office.post(`/api/v1/meetings/${late.id}/agenda-items`, body)).statusCode).toBe(201);
  });

  it('out of scope is 404 like a made-up id; the region admin sees all', async () => {
    for (const c of [cw.otherRegionAdmin, cw.fengnan, cw.w.coordinator]) {
      await expectRefused(() => c.get(`/api/v1/meetings/${meetingId}`), 404, 'NOT_FOUND', snap);
      await expectRefused(() => c.post(`/api/v1/meetings/${meetingId}/agenda-items`, { unitId: cw.unit.canteen, title: 'x' }), 404, 'NOT_FOUND', snap);
    }
    await expectRefused(() => cw.office.get(`/api/v1/meetings/${MADE_UP}`), 404, 'NOT_FOUND', snap);
    await expectRefused(() => cw.office.post(`/api/v1/agenda-items/${MADE_UP}/review`, { decision: 'accept' }), 404, 'NOT_FOUND', snap);
    await expectRefused(() => cw.otherRegionAdmin.post(`/api/v1/agenda-items/${itemId}/review`, { decision: 'accept' }), 404, 'NOT_FOUND', snap);
    expect(json(await cw.otherRegionAdmin.get('/api/v1/meetings'))).toEqual([]);
    expect(json(await cw.regionAdmin.get(`/api/v1/meetings/${meetingId}`)).may.manage).toBe(true);
  });

  it('withdrawing an item (its liaison while proposed, the office until decided) and deleting a meeting without decisions', async () => {
    const m = json(await cw.office.post('/api/v1/meetings', { allianceId: cw.allianceId, kind: 'liaison', title: '联络员会议', heldOn: '2026-12-20', agendaDays: 7 }));
    const withItem = (d: Record<string, any>, title: string) => (d.agenda as { id: string; title: string }[]).find((i) => i.title === title)!.id;
    const d1 = json(await cw.liaison.post(`/api/v1/meetings/${m.id}/agenda-items`, { unitId: cw.unit.canteen, title: '撤回的议题' }));
    const mine = withItem(d1, '撤回的议题');
    const d2 = json(await cw.office.post(`/api/v1/meetings/${m.id}/agenda-items`, { unitId: cw.unit.school, title: '学校的议题' }));
    const school = withItem(d2, '学校的议题');
    // the liaison may not withdraw another member's item, nor one the office has reviewed
    await expectRefused(() => cw.liaison.delete(`/api/v1/agenda-items/${school}`), 403, 'MEETING_ITEM_NOT_YOURS', snap);
    const d3 = json(await cw.liaison.post(`/api/v1/meetings/${m.id}/agenda-items`, { unitId: cw.unit.canteen, title: '已审定的议题' }));
    const reviewed = withItem(d3, '已审定的议题');
    json(await cw.office.post(`/api/v1/agenda-items/${reviewed}/review`, { decision: 'accept' }));
    await expectRefused(() => cw.liaison.delete(`/api/v1/agenda-items/${reviewed}`), 409, 'MEETING_ITEM_REVIEWED', snap);
    await expectRefused(() => cw.shangyang.delete(`/api/v1/agenda-items/${mine}`), 404, 'NOT_FOUND', snap);
    await expectRefused(() => cw.office.delete(`/api/v1/agenda-items/${MADE_UP}`), 404, 'NOT_FOUND', snap);
    const after = await cw.liaison.delete(`/api/v1/agenda-items/${mine}`);
    expect(after.statusCode, after.body).toBe(200);
    expect(json(after).agenda.map((i: { title: string }) => i.title).sort()).toEqual(['学校的议题', '已审定的议题'].sort());
    const [a] = await t.database.query<{ action: string }>(`select action from audit_log where entity_id = $1 order by at desc limit 1`, [mine]);
    expect(a.action).toBe('meeting.item.withdraw');
    // a decided item stays, and its meeting can no longer be deleted
    json(await cw.office.put(`/api/v1/agenda-items/${reviewed}/decision`, { decision: '照办' }));
    await expectRefused(() => cw.office.delete(`/api/v1/agenda-items/${reviewed}`), 409, 'MEETING_ITEM_DECIDED', snap);
    await expectRefused(() => cw.office.delete(`/api/v1/meetings/${m.id}`), 409, 'MEETING_HAS_DECISIONS', snap);
    // a meeting called by mistake goes, with its items and attendees; only by the office
    const wrong = json(await cw.office.post('/api/v1/meetings', { allianceId: cw.allianceId, kind: 'ad_hoc', title: '误建的会议', heldOn: '2026-12-21', agendaDays: 7 }));
    json(await cw.liaison.post(`/api/v1/meetings/${wrong.id}/agenda-items`, { unitId: cw.unit.canteen, title: '议题' }));
    await expectRefused(() => cw.liaison.delete(`/api/v1/meetings/${wrong.id}`), 403, 'MEETING_OFFICE_ONLY', snap);
    await expectRefused(() => cw.otherRegionAdmin.delete(`/api/v1/meetings/${wrong.id}`), 404, 'NOT_FOUND', snap);
    expect((await cw.office.delete(`/api/v1/meetings/${wrong.id}`)).statusCode).toBe(200);
    expect((await cw.office.get(`/api/v1/meetings/${wrong.id}`)).statusCode).toBe(404);
    const [n] = await t.database.query<{ n: number }>('select count(*)::int as n from agenda_items where meeting_id = $1', [wrong.id]);
    expect(n.n).toBe(0);
  });

  it('my actions, progress by the owner, carried onto the next meeting until done, the overdue list', async () => {
    const mine = json(await cw.liaison.get('/api/v1/meeting-actions?mine=1'));
    expect(mine.map((a: { title: string }) => a.title)).toEqual(['报送职工通勤人数与站点']);
    expect(mine[0].mayUpdate).toBe(true);
    const b1Action = json(await cw.office.get(`/api/v1/meeting-actions?allianceId=${cw.allianceId}`)).find((a: { orgId: string | null }) => a.orgId);
    await expectRefused(() => cw.liaison.patch(`/api/v1/meeting-actions/${b1Action.id}`, { status: 'done' }), 404, 'NOT_FOUND', snap);
    const p = json(await cw.liaison.patch(`/api/v1/meeting-actions/${mine[0].id}`, { status: 'in_progress', evidence: '已统计通勤职工 86 人' }));
    expect(p).toMatchObject({ status: 'in_progress', evidence: '已统计通勤职工 86 人', doneOn: null });

    const next = json(await cw.office.post('/api/v1/meetings', { allianceId: cw.allianceId, kind: 'plenary', title: '2027年第一季度联席会议', heldOn: '2027-03-10' }));
    expect(next.hostName).toBe('白峰支部');
    expect(next.carried.map((a: { title: string }) => a.title)).toEqual(['报送职工通勤人数与站点', '协调公交公司试运行']);
    // computed, not copied: done before the next meeting → off its agenda
    await cw.liaison.patch(`/api/v1/meeting-actions/${mine[0].id}`, { status: 'done', evidence: '名单与站点已报镇交通办' });
    expect(json(await cw.office.get(`/api/v1/meetings/${next.id}`)).carried.map((a: { title: string }) => a.title)).toEqual(['协调公交公司试运行']);

    // a meeting held earlier this month whose action fell due last week and is not done: overdue
    const past = json(await cw.office.post('/api/v1/meetings', { allianceId: cw.allianceId, kind: 'liaison', title: '联络员会议', heldOn: '2026-11-10' }));
    const pastItem = json(await cw.office.post(`/api/v1/meetings/${past.id}/agenda-items`, { orgId: cw.w.org.b1.id, title: '道路标识' })).agenda[0].id;
    await cw.office.put(`/api/v1/agenda-items/${pastItem}/decision`, { decision: '补设园区道路指示牌' });
    await cw.office.post(`/api/v1/agenda-items/${pastItem}/actions`, { orgId: cw.w.org.b1.id, title: '补设指示牌 6 块', dueOn: '2026-11-20' });
    const overdue = json(await cw.office.get(`/api/v1/meeting-actions?allianceId=${cw.allianceId}&overdue=1`));
    expect(overdue.map((a: { title: string; overdue: boolean }) => [a.title, a.overdue])).toEqual([['补设指示牌 6 块', true]]);
    expect(json(await cw.liaison.get('/api/v1/meeting-actions?mine=1&overdue=1'))).toEqual([]);
  });

  it.skipIf(!findCjkFonts({ cjkFont: undefined, cjkFontFamily: undefined }))('prints the bulletin as a PDF for the office and a member\'s liaison', async () => {
    await cw.office.patch(`/api/v1/meetings/${meetingId}`, { minutes: '会议听取了各成员单位党建工作汇报，研究了园区公交专线问题。', recorderName: '陈静' });
    for (const c of [cw.office, cw.liaison]) {
      const res = await c.get(`/api/v1/meetings/${meetingId}/bulletin.pdf`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('application/pdf');
      expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    }
    await expectRefused(() => cw.fengnan.get(`/api/v1/meetings/${meetingId}/bulletin.pdf`), 404, 'NOT_FOUND', snap);
  });
});
