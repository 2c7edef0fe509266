import { beforeAll, describe, expect, it } from 'vitest';
import { json, testApp, type Client, type TestApp } from '../../../../test/support/app.ts';
import { cobuildWorld, publishedNeed, type CobuildWorld } from '../../../../test/support/cobuild.ts';
import * as make from '../../../../test/support/factories.ts';
import { expectRefused, snapshot } from '../../../../test/support/refused.ts';
import { firstWorksheet } from '../../platform/xlsx.ts';

/**
 * The resources list (资源清单): members offer resources (the canteen's liaison for the canteen, the office for any
 * member), who sees them (the office, the alliance's members, region-wide ones for the region's claimers), matching
 * suggestions for a need (same category, available, the same joint meeting or shown to the region; ranked), and the
 * office linking one to the need. Every refusal changes nothing. The clock starts on 2026-11-25 (Beijing).
 */
let t: TestApp;
let cw: CobuildWorld;
const snap = () => snapshot(t);
const MADE_UP = '0190b6a0-0000-7000-8000-00000000beef';
let otherOffice: Client;
let otherAlliance: string;
const id: Record<string, string> = {};

const body = (over: Record<string, unknown>) => ({ allianceId: cw.allianceId, category: 'jobs', title: '资源', quantity: 1, ...over });
const created = (res: Awaited<ReturnType<Client['post']>>) => { expect(res.statusCode, res.body).toBe(201); return json(res); };

beforeAll(async () => {
  t = await testApp();
  cw = await cobuildWorld(t);
  otherAlliance = await make.alliance(t, cw.regionId, { kind: 'joint_meeting', name: '峰南共建联席会议', leadOrgId: cw.w.B.rootOrgId, orgIds: [cw.org.fengnan] });
  otherOffice = (await make.coordinator(t, cw.regionId, otherAlliance)).client;
}, 180_000);

describe('offering resources', () => {
  it('a liaison offers for its unit, the office for any member; who sees which', async () => {
    const r1 = created(await cw.liaison.post('/api/v1/resources', body({ unitId: cw.unit.canteen, title: '码头食堂帮厨岗位', quantity: 3, conditions: '需持健康证' })));
    expect(r1).toMatchObject({ partyName: '宁波港光明码头有限公司', category: 'jobs', available: true, visibility: 'alliance', offeredByName: expect.any(String), mayUpdate: true, needs: 0 });
    id.r1 = r1.id;
    id.r2 = created(await cw.office.post('/api/v1/resources', body({ unitId: cw.unit.school, title: '学校勤杂岗位', visibility: 'region' }))).id;
    id.venue = created(await cw.liaison.post('/api/v1/resources', body({ unitId: cw.unit.canteen, category: 'venue', title: '码头职工之家活动室', quantity: 40 }))).id;
    id.withdrawn = created(await cw.office.post('/api/v1/resources', body({ orgId: cw.w.org.b1.id, title: '已下架岗位', quantity: 5 }))).id;
    expect(json(await cw.office.patch(`/api/v1/resources/${id.withdrawn}`, { withdrawn: true }))).toMatchObject({ withdrawn: true, available: false });
    id.expired = created(await cw.office.post('/api/v1/resources', body({ orgId: cw.w.org.b1.id, title: '过期岗位', quantity: 5, availableUntil: '2026-11-24' }))).id;
    // another joint meeting of the region: one shown to the region, one to its own members only
    id.other = created(await otherOffice.post('/api/v1/resources', { ...body({ orgId: cw.org.fengnan, title: '社区公益性岗位', quantity: 2, visibility: 'region' }), allianceId: otherAlliance })).id;
    id.otherPrivate = created(await cw.fengnan.post('/api/v1/resources', { ...body({ orgId: cw.org.fengnan, title: '社区内部岗位', quantity: 9 }), allianceId: otherAlliance })).id;

    const titles = async (c: Client, q = '') => json(await c.get(`/api/v1/resources${q}`)).map((r: { title: string }) => r.title).sort();
    expect(await titles(cw.liaison, '?mine=1')).toEqual(['码头职工之家活动室', '码头食堂帮厨岗位'].sort());
    expect(await titles(cw.office, '?available=1&category=jobs')).toEqual(['学校勤杂岗位', '码头食堂帮厨岗位', '社区公益性岗位'].sort());
    // 上阳村's secretary is no member of either joint meeting: only what is shown to the region
    expect(await titles(cw.shangyang)).toEqual(['学校勤杂岗位', '社区公益性岗位'].sort());
    expect(await titles(cw.otherRegionAdmin)).toEqual([]);
    const seen = json(await cw.shangyang.get(`/api/v1/resources/${id.r2}`));
    expect(seen.mayUpdate).toBe(false);
  });

  it('refuses: a non-member, another member\'s unit, a non-member\'s secretary, another region, someone else\'s resource — nothing changed', async () => {
    const e = await expectRefused(() => cw.liaison.post('/api/v1/resources', body({ unitId: cw.unit.school })), 422, 'RESOURCE_NOT_MEMBER', snap);
    expect(e.details).toEqual([expect.objectContaining({ field: 'unitId' })]);
    await expectRefused(() => cw.office.post('/api/v1/resources', body({ unitId: cw.unit.fengnan })), 422, 'RESOURCE_NOT_MEMBER', snap);
    await expectRefused(() => cw.office.post('/api/v1/resources', body({ unitId: cw.unit.canteen, orgId: cw.w.org.b1.id })), 422, 'VALIDATION_FAILED', snap);
    await expectRefused(() => cw.office.post('/api/v1/resources', body({ unitId: cw.unit.canteen, quantity: 0 })), 400, 'VALIDATION_FAILED', snap);
    await expectRefused(() => cw.office.post('/api/v1/resources', body({ unitId: cw.unit.canteen, category: 'gold' })), 400, 'VALIDATION_FAILED', snap);
    await expectRefused(() => cw.shangyang.post('/api/v1/resources', body({ orgId: cw.org.shangyang })), 404, 'NOT_FOUND', snap);
    await expectRefused(() => cw.otherRegionAdmin.post('/api/v1/resources', body({ unitId: cw.unit.canteen })), 404, 'NOT_FOUND', snap);
    await expectRefused(() => cw.shangyang.patch(`/api/v1/resources/${id.r2}`, { quantity: 9 }), 404, 'NOT_FOUND', snap);
    await expectRefused(() => cw.shangyang.get(`/api/v1/resources/${id.r1}`), 404, 'NOT_FOUND', snap);
    await expectRefused(() => cw.liaison.patch(`/api/v1/resources/${id.r2}`, { quantity: 9 }), 404, 'NOT_FOUND', snap);
    await expectRefused(() => cw.office.get(`/api/v1/resources/${MADE_UP}`), 404, 'NOT_FOUND', snap);
  });
});

describe('matching a need', () => {
  let needId: string;
  it('suggests the available resources of the need\'s category, its joint meeting first, then by capacity; the office links one', async () => {
    needId = await publishedNeed(cw, { title: '食堂帮厨两名', quantity: 2 });
    const m = json(await cw.office.get(`/api/v1/needs/${needId}/resources`));
    expect(m.linked).toEqual([]);
    expect(m.suggestions.map((s: { title: string; score: number; reasons: string[] }) => [s.title, s.score, s.reasons])).toEqual([
      ['码头食堂帮厨岗位', 3, ['category', 'alliance', 'capacity']],
      ['学校勤杂岗位', 2, ['category', 'alliance']],
      ['社区公益性岗位', 1, ['category', 'region', 'capacity']],
    ]);
    const res = await cw.office.post(`/api/v1/needs/${needId}/resources`, { resourceId: id.r1 });
    expect(res.statusCode, res.body).toBe(200);
    const after = json(res);
    expect(after.linked.map((r: { title: string; needs: number }) => [r.title, r.needs])).toEqual([['码头食堂帮厨岗位', 1]]);
    expect(after.suggestions.map((s: { id: string }) => s.id)).not.toContain(id.r1);
    expect(json(await cw.liaison.get(`/api/v1/resources/${id.r1}`)).needs).toBe(1);
  });

  it('refuses: a second link, a resource that does not fit, a non-office reader, out of scope — nothing changed', async () => {
    const url = `/api/v1/needs/${needId}/resources`;
    await expectRefused(() => cw.office.post(url, { resourceId: id.r1 }), 409, 'RESOURCE_LINKED', snap);
    for (const r of [id.venue, id.withdrawn, id.expired, id.otherPrivate, MADE_UP]) {
      await expectRefused(() => cw.office.post(url, { resourceId: r }), 422, 'RESOURCE_NOT_SUITABLE', snap);
    }
    await expectRefused(() => cw.liaison.post(url, { resourceId: id.r2 }), 403, 'NEED_OFFICE_ONLY', snap);
    await expectRefused(() => cw.liaison.get(url), 403, 'NEED_OFFICE_ONLY', snap);
    await expectRefused(() => cw.shangyang.get(url), 404, 'NOT_FOUND', snap);
    await expectRefused(() => otherOffice.post(url, { resourceId: id.other }), 404, 'NOT_FOUND', snap);
    await expectRefused(() => cw.office.get(`/api/v1/needs/${MADE_UP}/resources`), 404, 'NOT_FOUND', snap);
  });

  it('from the resource\'s side: the needs it serves and the open needs of its category it could serve, best first', async () => {
    const open = await publishedNeed(cw, { title: '学校食堂帮厨一名', quantity: 1 });
    const big = await publishedNeed(cw, { title: '园区招聘保洁十名', quantity: 10 });
    await publishedNeed(cw, { category: 'venue', title: '活动场地', quantity: 1 });
    const r = json(await cw.office.get(`/api/v1/resources/${id.r1}/needs`));
    expect(r.linked.map((n: { title: string }) => n.title)).toEqual(['食堂帮厨两名']);
    // the canteen's 3 jobs cover one vacancy, not ten; the venue need is of another category; linked ones are not suggested
    expect(r.suggestions.map((n: { id: string; score: number; reasons: string[] }) => [n.id, n.score, n.reasons])).toEqual([
      [open, 3, ['category', 'alliance', 'capacity']],
      [big, 2, ['category', 'alliance']],
    ]);
    // the office links from this side through the need's link route; the suggestion moves to linked
    expect((await cw.office.post(`/api/v1/needs/${open}/resources`, { resourceId: id.r1 })).statusCode).toBe(200);
    const after = json(await cw.office.get(`/api/v1/resources/${id.r1}/needs`));
    expect(after.linked.map((n: { id: string }) => n.id)).toContain(open);
    expect(after.suggestions.map((n: { id: string }) => n.id)).toEqual([big]);
    // a withdrawn resource suggests nothing
    expect(json(await cw.office.get(`/api/v1/resources/${id.withdrawn}/needs`)).suggestions).toEqual([]);
    // its owner's liaison sees the resource but is not the office; others as for a made-up id
    await expectRefused(() => cw.liaison.get(`/api/v1/resources/${id.r1}/needs`), 403, 'RESOURCE_OFFICE_ONLY', snap);
    await expectRefused(() => cw.shangyang.get(`/api/v1/resources/${id.r1}/needs`), 404, 'NOT_FOUND', snap);
    await expectRefused(() => cw.office.get(`/api/v1/resources/${MADE_UP}/needs`), 404, 'NOT_FOUND', snap);
  });

  it('a tag shared by the need and the resource ranks it higher, both ways', async () => {
    const night = created(await cw.office.post('/api/v1/resources', body({ unitId: cw.unit.school, category: 'training', title: '夜校课堂', quantity: 1, tags: ['夜班', '持证'] })));
    const plain = created(await cw.office.post('/api/v1/resources', body({ unitId: cw.unit.school, category: 'training', title: '普通课堂', quantity: 1 })));
    expect(night.tags).toEqual(['夜班', '持证']);
    const needId = await publishedNeed(cw, { category: 'training', title: '夜班职工技能培训', quantity: 1, tags: ['夜班'] });
    const m = json(await cw.office.get(`/api/v1/needs/${needId}/resources`));
    expect(m.suggestions.map((x: { id: string; score: number; reasons: string[] }) => [x.id, x.score, x.reasons])).toEqual([
      [night.id, 4, ['category', 'alliance', 'capacity', 'tags']],
      [plain.id, 3, ['category', 'alliance', 'capacity']],
    ]);
    const r = json(await cw.office.get(`/api/v1/resources/${night.id}/needs`));
    expect(r.suggestions.map((x: { id: string; score: number; reasons: string[] }) => [x.id, x.score, x.reasons])).toEqual([[needId, 4, ['category', 'alliance', 'capacity', 'tags']]]);
    expect(json(await cw.office.patch(`/api/v1/resources/${plain.id}`, { tags: ['夜班'] })).tags).toEqual(['夜班']);
  });

  it('exports what the list shows, with the same filters, as xlsx', async () => {
    const res = await cw.office.get(`/api/v1/resources/export.xlsx?allianceId=${cw.allianceId}&category=jobs`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const ws = await firstWorksheet(res.rawPayload);
    const titles: string[] = [];
    ws!.eachRow((row, i) => { if (i > 1) titles.push(String(row.getCell(1).value)); });
    const listed = json(await cw.office.get(`/api/v1/resources?allianceId=${cw.allianceId}&category=jobs`)).map((r: { title: string }) => r.title);
    expect(listed.length).toBeGreaterThan(1);
    expect(titles).toEqual(listed);
    expect(String(ws!.getRow(2).getCell(2).value)).toBe('就业岗位');
    // another region sees none of them
    const other = await cw.otherRegionAdmin.get(`/api/v1/resources/export.xlsx?allianceId=${cw.allianceId}`);
    const ows = await firstWorksheet(other.rawPayload);
    expect(ows!.rowCount).toBe(1);
  });
});
