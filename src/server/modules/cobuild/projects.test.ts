import { beforeAll, describe, expect, it } from 'vitest';
import { json, testApp, type Client, type TestApp } from '../../../../test/support/app.ts';
import { cobuildWorld, publishedNeed, type CobuildWorld } from '../../../../test/support/cobuild.ts';
import { expectRefused, snapshot } from '../../../../test/support/refused.ts';

/**
 * The projects list (项目清单): the office makes a co-building project from a need matched with a resource, or from a
 * decided agenda item; it is a cluster project (level cobuild) with milestones, run on the cluster's project page; the
 * office and the members read the list; every refusal changes nothing. The clock starts on 2026-11-25 (Beijing).
 */
let t: TestApp;
let cw: CobuildWorld;
const snap = () => snapshot(t);
const MADE_UP = '0190b6a0-0000-7000-8000-00000000beef';
let needId: string;
let resourceId: string;
let itemId: string;
let undecidedItemId: string;

const body = (over: Record<string, unknown>) => ({
  allianceId: cw.allianceId, title: '园区公交专线联建项目', startOn: '2026-12-01', endOn: '2027-03-31', unitIds: [cw.unit.canteen], ...over,
});
const ok = (res: Awaited<ReturnType<Client['post']>>, status = 201) => { expect(res.statusCode, res.body).toBe(status); return json(res); };

beforeAll(async () => {
  t = await testApp();
  cw = await cobuildWorld(t);
  needId = await publishedNeed(cw, { category: 'transport', title: '开通园区公交专线', quantity: 1 });
  resourceId = ok(await cw.liaison.post('/api/v1/resources', { allianceId: cw.allianceId, unitId: cw.unit.canteen, category: 'transport', title: '码头班车', quantity: 2 })).id;
  ok(await cw.office.post(`/api/v1/needs/${needId}/resources`, { resourceId }), 200);
  const m = ok(await cw.office.post('/api/v1/meetings', { allianceId: cw.allianceId, kind: 'plenary', title: '第四季度联席会议', heldOn: '2026-12-10', agendaDays: 7 }));
  const withItems = ok(await cw.liaison.post(`/api/v1/meetings/${m.id}/agenda-items`, { unitId: cw.unit.canteen, title: '完善道路标识' }));
  itemId = withItems.agenda[0].id;
  undecidedItemId = ok(await cw.liaison.post(`/api/v1/meetings/${m.id}/agenda-items`, { unitId: cw.unit.canteen, title: '职工子女托管' })).agenda.find((i: { id: string }) => i.id !== itemId).id;
  ok(await cw.office.post(`/api/v1/agenda-items/${itemId}/review`, { decision: 'accept' }), 200);
  ok(await cw.office.put(`/api/v1/agenda-items/${itemId}/decision`, { decision: '镇城建办牵头完善园区道路标识' }), 200);
}, 180_000);

describe('making co-building projects', () => {
  it('from a need and its linked resource, and from a decision: cluster projects with milestones, listed with their sources', async () => {
    const p1 = ok(await cw.office.post('/api/v1/cobuild-projects', body({
      needId, resourceId, unitIds: [cw.unit.canteen, cw.unit.school],
      milestones: [{ title: '线路勘察', dueOn: '2026-12-20' }, { title: '试运行', dueOn: '2027-01-15' }],
    })));
    expect(p1).toMatchObject({
      title: '园区公交专线联建项目', status: 'planned', progress: 0, ownerOrgId: cw.w.B.rootOrgId,
      need: { id: needId, title: '开通园区公交专线' }, resource: { id: resourceId, title: '码头班车' }, item: null,
      units: [{ id: cw.unit.canteen, name: '宁波港光明码头有限公司' }, { id: cw.unit.school, name: '白峰镇中心学校' }],
      milestones: 2, milestonesDone: 0, mayUpdate: true,
    });
    const p2 = ok(await cw.office.post('/api/v1/cobuild-projects', body({ title: '园区道路标识', agendaItemId: itemId, ownerOrgId: cw.w.org.b1.id })));
    expect(p2).toMatchObject({ item: { id: itemId, title: '完善道路标识' }, need: null, ownerOrgId: cw.w.org.b1.id });

    // the project is the cluster's: its page with milestones, level cobuild, in the joint meeting
    const page = json(await cw.office.get(`/api/v1/projects/${p1.projectId}`));
    expect(page).toMatchObject({ level: 'cobuild', allianceId: cw.allianceId, category: '需求对接' });
    expect(page.milestones.map((m: { title: string }) => m.title)).toEqual(['线路勘察', '试运行']);
    // the office reports progress there, and the list follows
    ok(await cw.office.post(`/api/v1/projects/${p1.projectId}/reports`, { reportedOn: '2026-12-20', text: '完成勘察', progress: 30, milestoneId: page.milestones[0].id, milestoneDone: true }));
    const list = json(await cw.office.get(`/api/v1/cobuild-projects?allianceId=${cw.allianceId}`));
    expect(list.map((p: { title: string; status: string; progress: number; milestonesDone: number }) => [p.title, p.status, p.progress, p.milestonesDone]))
      .toEqual([['园区道路标识', 'planned', 0, 0], ['园区公交专线联建项目', 'in_progress', 30, 1]]);
    expect(json(await cw.office.get(`/api/v1/cobuild-projects?allianceId=${cw.allianceId}&needId=${needId}`)).map((p: { projectId: string }) => p.projectId)).toEqual([p1.projectId]);

    // a member's liaison reads the list (not the office's rights); the outcome is the office's
    const seen = json(await cw.liaison.get(`/api/v1/cobuild-projects?allianceId=${cw.allianceId}`));
    expect(seen).toHaveLength(2);
    expect(seen[0].mayUpdate).toBe(false);
    const done = ok(await cw.office.patch(`/api/v1/cobuild-projects/${p1.projectId}`, { outcome: '早晚专线开通，日均乘客120人次', unitIds: [cw.unit.canteen] }), 200);
    expect(done).toMatchObject({ outcome: '早晚专线开通，日均乘客120人次', units: [{ id: cw.unit.canteen }] });
    const audit = json(await cw.regionAdmin.get(`/api/v1/audit?entityId=${p1.projectId}`));
    expect(audit.items.map((a: { action: string }) => a.action)).toEqual(expect.arrayContaining(['coproject.create', 'coproject.update']));

    // the joint meeting's figures count resources offered / used and projects / done, from the records
    const f = json(await cw.office.get(`/api/v1/needs/figures?allianceId=${cw.allianceId}`));
    expect(f).toMatchObject({ resourcesOffered: 1, resourcesUsed: 1, projects: 2, projectsDone: 0 });
    ok(await cw.office.post(`/api/v1/projects/${p1.projectId}/reports`, { reportedOn: '2027-01-20', text: '专线开通', progress: 100 }));
    expect(json(await cw.office.get(`/api/v1/needs/figures?allianceId=${cw.allianceId}`))).toMatchObject({ projects: 2, projectsDone: 1 });
    // a member's liaison is not the office: no resource or project figures of the joint meeting
    expect(json(await cw.liaison.get(`/api/v1/needs/figures?allianceId=${cw.allianceId}`))).toMatchObject({ resourcesOffered: 0, projects: 0 });
  });

  it('refuses, with nothing changed: no source, a need of another joint meeting or made up, a resource not linked, an undecided item, a non-member unit, a foreign owner, twice, not the office', async () => {
    const other = await publishedNeed(cw, { category: 'venue', title: '活动场地', quantity: 1 });
    let e = await expectRefused(() => cw.office.post('/api/v1/cobuild-projects', body({})), 422, 'VALIDATION_FAILED', snap);
    expect(e.details).toEqual([expect.objectContaining({ field: 'needId' })]);
    e = await expectRefused(() => cw.office.post('/api/v1/cobuild-projects', body({ needId: MADE_UP })), 422, 'VALIDATION_FAILED', snap);
    expect(e.details).toEqual([expect.objectContaining({ field: 'needId' })]);
    e = await expectRefused(() => cw.office.post('/api/v1/cobuild-projects', body({ needId: other, resourceId })), 422, 'COPROJECT_RESOURCE_NOT_LINKED', snap);
    expect(e.details).toEqual([expect.objectContaining({ field: 'resourceId' })]);
    await expectRefused(() => cw.office.post('/api/v1/cobuild-projects', body({ resourceId, agendaItemId: itemId })), 422, 'VALIDATION_FAILED', snap);
    e = await expectRefused(() => cw.office.post('/api/v1/cobuild-projects', body({ agendaItemId: undecidedItemId })), 422, 'COPROJECT_ITEM_NOT_DECIDED', snap);
    expect(e.details).toEqual([expect.objectContaining({ field: 'agendaItemId' })]);
    e = await expectRefused(() => cw.office.post('/api/v1/cobuild-projects', body({ needId: other, unitIds: [cw.unit.canteen, cw.unit.fengnan] })), 422, 'COPROJECT_NOT_MEMBER', snap);
    expect(e.details).toEqual([expect.objectContaining({ field: 'unitIds.1' })]);
    e = await expectRefused(() => cw.office.post('/api/v1/cobuild-projects', body({ needId: other, ownerOrgId: cw.org.fengnan })), 422, 'VALIDATION_FAILED', snap);
    expect(e.details).toEqual([expect.objectContaining({ field: 'ownerOrgId' })]);
    await expectRefused(() => cw.office.post('/api/v1/cobuild-projects', body({ needId: other, endOn: '2026-11-01' })), 422, 'VALIDATION_FAILED', snap);
    await expectRefused(() => cw.office.post('/api/v1/cobuild-projects', body({ needId })), 409, 'COPROJECT_EXISTS', snap);
    await expectRefused(() => cw.office.post('/api/v1/cobuild-projects', body({ agendaItemId: itemId })), 409, 'COPROJECT_EXISTS', snap);
    await expectRefused(() => cw.liaison.post('/api/v1/cobuild-projects', body({ needId: other })), 403, 'COPROJECT_OFFICE_ONLY', snap);
    // not a member nor the office, another region, a made-up joint meeting: what a made-up id answers
    await expectRefused(() => cw.shangyang.post('/api/v1/cobuild-projects', body({ needId: other })), 404, 'NOT_FOUND', snap);
    await expectRefused(() => cw.shangyang.get(`/api/v1/cobuild-projects?allianceId=${cw.allianceId}`), 404, 'NOT_FOUND', snap);
    await expectRefused(() => cw.otherRegionAdmin.post('/api/v1/cobuild-projects', body({ needId: other })), 404, 'NOT_FOUND', snap);
    await expectRefused(() => cw.office.post('/api/v1/cobuild-projects', body({ allianceId: MADE_UP, needId: other })), 404, 'NOT_FOUND', snap);
    await expectRefused(() => cw.office.patch(`/api/v1/cobuild-projects/${MADE_UP}`, { outcome: 'x' }), 404, 'NOT_FOUND', snap);
    const p = (json(await cw.office.get(`/api/v1/cobuild-projects?allianceId=${cw.allianceId}&needId=${needId}`)) as { projectId: string }[])[0];
    await expectRefused(() => cw.shangyang.patch(`/api/v1/cobuild-projects/${p.projectId}`, { outcome: 'x' }), 404, 'NOT_FOUND', snap);
    await expectRefused(() => cw.liaison.patch(`/api/v1/cobuild-projects/${p.projectId}`, { outcome: 'x' }), 403, 'COPROJECT_OFFICE_ONLY', snap);
  });
});
