import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { json, testApp, type Client, type TestApp } from '../../../../test/support/app.ts';
import * as make from '../../../../test/support/factories.ts';
import { expectRefused, snapshot } from '../../../../test/support/refused.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { activities } from '../activities/schema.ts';
import { pledges } from '../cluster/schema.ts';
import { needs } from '../cobuild/schema.ts';
import { orgs } from '../directory/schema.ts';

/**
 * Responsibility lists and the secretary performance ledger: the committee's template (weights 100), items per grid
 * or branch, evidence counted from the platform's records or uploaded, 晒清单 / 晒进度 / 晒实绩 frozen, review by the
 * grid then the committee, sign-off (not by the assessed secretary), a signed-off year immutable, corrections as versions.
 */
let t: TestApp;
let R: make.Region;
let C: make.Org;
let B1: make.Org;
let B2: make.Org;
let B3: make.Org;
let G: string;
let committee: Client;
let secretary: Client;
let selfSecretary: Client;
let gridLeader: Client;
let secretary2: Client;
let outsider: Client;
const YEAR = 2026;
const MADE_UP = '0190b6a0-0000-7000-8000-00000000beef';

const TEMPLATE = [
  { code: 'meetings', name: '三会一课', weight: 40, indicator: 'count', target: 20, source: 'activities' },
  { code: 'develop', name: '发展党员', weight: 20, indicator: 'count', target: 2, source: 'development', stage: 'probationary' },
  { code: 'pledges', name: '承诺践诺', weight: 20, indicator: 'count', target: 4, source: 'pledges' },
  { code: 'needs', name: '需求办结', weight: 10, indicator: 'count', target: 2, source: 'needs' },
  { code: 'dues', name: '党费按时收缴', weight: 10, indicator: 'yesno', target: 1, source: 'manual' },
];
const putTemplate = (c: Client, items: unknown[] = TEMPLATE, orgId = C.id) => c.put('/api/v1/duty-templates', { orgId, year: YEAR, items });
const ledger = async (c: Client = committee, org = B1.id) => {
  const res = await c.get(`/api/v1/duty-ledgers/${org}?year=${YEAR}`);
  expect(res.statusCode, res.body).toBe(200);
  return json(res);
};
const line = (l: Record<string, any>, code: string) => (l.lines as { code: string }[]).find((x) => x.code === code) as Record<string, any>;

function upload(c: Client, orgId: string, itemId: string, extra = '') {
  const boundary = 'XyZ';
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="dues.pdf"\r\nContent-Type: application/pdf\r\n\r\n`), pdf,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return c.post(`/api/v1/duty-ledgers/${orgId}/evidence?year=${YEAR}&itemId=${itemId}${extra}`, body.toString('binary'), { 'content-type': `multipart/form-data; boundary=${boundary}` });
}
const submit = (c: Client, org = B1.id, note?: string) => c.post(`/api/v1/duty-ledgers/${org}/submit`, { year: YEAR, ...(note ? { note } : {}) });
const review = (c: Client, level: 'grid' | 'committee', decision: 'accept' | 'return', comment?: string, org = B1.id) =>
  c.post(`/api/v1/duty-ledgers/${org}/review`, { year: YEAR, level, decision, ...(comment ? { comment } : {}) });

beforeAll(async () => {
  t = await testApp();
  t.clock.t = Date.parse('2026-07-10T10:00:00+08:00');
  R = await make.region(t, '骆驼街道');
  C = await make.org(t, R.id, R.rootOrgId, '商会党委', 'committee');
  B1 = await make.org(t, R.id, C.id, '机电01党支部');
  B2 = await make.org(t, R.id, C.id, '机电02党支部');
  const C2 = await make.org(t, R.id, R.rootOrgId, '社区党委', 'committee');
  B3 = await make.org(t, R.id, C2.id, '社区党支部');
  G = await make.alliance(t, R.id, { kind: 'grid', name: '第一网格', leadOrgId: C.id, orgIds: [B1.id, B2.id] });
  const sec = await make.member(t, B1.id, { name: '王书记' });
  await t.database.db.update(orgs).set({ secretaryMemberId: sec.id, secretaryName: '王书记' }).where(eq(orgs.id, B1.id));
  committee = (await make.orgAdmin(t, R.id, C.id)).client;
  secretary = (await make.user(t, { memberId: sec.id, memberRegionId: R.id, grants: [{ role: 'org_admin', scopeKind: 'org', scopeId: B1.id, regionId: R.id }] })).client;
  // the assessed secretary also holding the committee's role: still may not sign off their own ledger
  selfSecretary = (await make.user(t, { memberId: sec.id, memberRegionId: R.id, grants: [{ role: 'org_admin', scopeKind: 'org', scopeId: C.id, regionId: R.id }] })).client;
  gridLeader = (await make.coordinator(t, R.id, G)).client;
  secretary2 = (await make.orgAdmin(t, R.id, B2.id)).client;
  outsider = (await make.orgAdmin(t, R.id, C2.id)).client;

  // what the platform knows for B1: 12 theme days (Jan–Jun, two a month), a member joined, 3 fulfilled pledges, a settled need
  const db = t.database.db;
  const acts = [];
  for (let m = 1; m <= 6; m++) {
    for (const d of [5, 20]) {
      const day = `2026-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
      const at = new Date(`${day}T09:00:00+08:00`);
      acts.push({ regionId: R.id, id: uuidv7(), kind: 'theme_day', orgId: B1.id, title: `主题党日 ${day}`, startsAt: at, endsAt: at, heldOn: day, checkinOpensAt: at, checkinClosesAt: at, checkinCode: 'x', status: 'held' });
    }
  }
  await db.insert(activities).values(acts);
  const joined = await make.member(t, B1.id, { stage: 'probationary', joinedOn: '2026-05-01', fullOn: null });
  for (let i = 0; i < 4; i++) {
    await db.insert(pledges).values({ regionId: R.id, id: uuidv7(), memberId: joined.id, orgId: B1.id, year: YEAR, category: '志愿服务', content: `承诺 ${i}`, status: i < 3 ? 'fulfilled' : 'in_progress' });
  }
  await db.insert(needs).values({ regionId: R.id, id: uuidv7(), allianceId: G, category: 'labour', title: '招聘两名厨师', quantity: 2, status: 'confirmed', orgId: B1.id, raisedAs: 'org', confirmedAt: new Date('2026-06-01T10:00:00+08:00') });
});

describe('the yearly template', () => {
  it('weights not summing to 100 are refused with the total, nothing changed; a made-up or out-of-scope committee is 404', async () => {
    const heavy = TEMPLATE.map((i, n) => (n === 0 ? { ...i, weight: 45 } : i));
    await expectRefused(() => putTemplate(committee, heavy), 422, 'DUTY_WEIGHTS_NOT_100', () => snapshot(t));
    const res = await putTemplate(committee, heavy);
    expect(json(res).error.message).toContain('105');
    await expectRefused(() => putTemplate(committee, TEMPLATE, MADE_UP), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => putTemplate(outsider), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => putTemplate(secretary), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => putTemplate(committee, [{ ...TEMPLATE[4], weight: 100, target: 3 }]), 422, 'VALIDATION_FAILED', () => snapshot(t));
  });

  it('the committee sets it; items are added per grid and per branch', async () => {
    const res = await putTemplate(committee);
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res).weightTotal).toBe(100);
    const grid = await committee.post('/api/v1/duty-items', { orgId: C.id, year: YEAR, allianceId: G, code: 'grid-meeting', name: '网格联席会议', weight: 10, indicator: 'yesno', target: 1, source: 'manual' });
    expect(grid.statusCode, grid.body).toBe(201);
    const b2 = await committee.post('/api/v1/duty-items', { orgId: C.id, year: YEAR, branchId: B2.id, code: 'b2-extra', name: '支部特色项目', weight: 10, indicator: 'yesno', target: 1, source: 'manual' });
    expect(b2.statusCode, b2.body).toBe(201);
    await expectRefused(() => committee.post('/api/v1/duty-items', { orgId: C.id, year: YEAR, branchId: B3.id, code: 'x', name: 'x', weight: 5, indicator: 'yesno', target: 1, source: 'manual' }), 422, 'VALIDATION_FAILED', () => snapshot(t));
    const tpl = json(await committee.get(`/api/v1/duty-templates?orgId=${C.id}&year=${YEAR}`));
    expect(tpl.items.map((i: { code: string }) => i.code)).toEqual(['meetings', 'develop', 'pledges', 'needs', 'dues', 'grid-meeting', 'b2-extra']);
  });

  it('an added item is edited and removed by the committee (audited); a template item, another committee, a made-up id and a bad indicator are refused, nothing changed', async () => {
    const tpl = json(await committee.get(`/api/v1/duty-templates?orgId=${C.id}&year=${YEAR}`));
    const id = (code: string) => tpl.items.find((i: { code: string }) => i.code === code).id as string;
    const body = { name: '支部特色品牌项目', weight: 8, indicator: 'count', target: 2, source: 'manual' };
    const v = json(await committee.put(`/api/v1/duty-items/${id('b2-extra')}`, body));
    expect(v).toMatchObject({ code: 'b2-extra', scope: 'branch', branchId: B2.id, ...body, stage: null });
    expect(await make.count(t, 'audit_log', `entity_id = $1 and action = 'duty.item_edit'`, [id('b2-extra')])).toBe(1);
    await expectRefused(() => committee.put(`/api/v1/duty-items/${id('meetings')}`, body), 409, 'DUTY_ITEM_TEMPLATE', () => snapshot(t));
    await expectRefused(() => committee.delete(`/api/v1/duty-items/${id('meetings')}`), 409, 'DUTY_ITEM_TEMPLATE', () => snapshot(t));
    await expectRefused(() => outsider.put(`/api/v1/duty-items/${id('b2-extra')}`, body), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => secretary2.delete(`/api/v1/duty-items/${id('b2-extra')}`), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => committee.put(`/api/v1/duty-items/${MADE_UP}`, body), 404, 'NOT_FOUND', () => snapshot(t));
    const e = await expectRefused(() => committee.put(`/api/v1/duty-items/${id('b2-extra')}`, { ...body, indicator: 'yesno', target: 2 }), 422, 'VALIDATION_FAILED', () => snapshot(t));
    expect(e.details?.[0].field).toBe('target');
    await expectRefused(() => committee.put(`/api/v1/duty-items/${id('b2-extra')}`, { ...body, code: 'renamed' }), 400, 'VALIDATION_FAILED', () => snapshot(t));
    const extra = json(await committee.post('/api/v1/duty-items', { orgId: C.id, year: YEAR, branchId: B2.id, code: 'b2-typo', name: '录错的事项', weight: 5, indicator: 'yesno', target: 1, source: 'manual' }));
    expect((await committee.delete(`/api/v1/duty-items/${extra.id}`)).statusCode).toBe(200);
    expect(await make.count(t, 'duty_items', 'id = $1', [extra.id])).toBe(0);
    expect(await make.count(t, 'audit_log', `entity_id = $1 and action = 'duty.item_remove'`, [extra.id])).toBe(1);
  });
});

describe('a branch\'s list: evidence counted from the platform, uploads for the rest', () => {
  it('counts 三会一课 (the compliance board), development, pledges and needs, each with its records and links', async () => {
    const l = await ledger(secretary);
    expect(l.gridName).toBe('第一网格');
    expect(l.lines.map((x: { code: string }) => x.code)).toEqual(['meetings', 'develop', 'pledges', 'needs', 'dues', 'grid-meeting']);
    const meetings = line(l, 'meetings');
    expect(meetings.done).toBe(6); // theme days met in Jan–Jun (the compliance board's ok periods)
    expect(meetings.records).toHaveLength(12);
    expect(meetings.records[0].link).toMatch(/^\/activities\?id=/);
    expect(line(l, 'develop')).toMatchObject({ done: 1, records: [expect.objectContaining({ link: expect.stringMatching(/^\/members\?id=/) })] });
    expect(line(l, 'pledges').done).toBe(3);
    expect(line(l, 'needs')).toMatchObject({ done: 1, records: [expect.objectContaining({ label: '招聘两名厨师' })] });
    expect(line(l, 'dues').done).toBe(0);
    // 40·6/20 + 20·1/2 + 20·3/4 + 10·1/2 = 12 + 10 + 15 + 5 = 42 of 110 weights → 38.2
    expect(l.score).toBe(38.2);
    expect(line(l, 'meetings').behind).toBe(true);
    await expectRefused(() => outsider.get(`/api/v1/duty-ledgers/${B1.id}?year=${YEAR}`), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => committee.get(`/api/v1/duty-ledgers/${MADE_UP}?year=${YEAR}`), 404, 'NOT_FOUND', () => snapshot(t));
  });

  it('uploads count for a manual item; an item of another branch, an automatic item and another branch are refused', async () => {
    const tpl = json(await committee.get(`/api/v1/duty-templates?orgId=${C.id}&year=${YEAR}`));
    const id = (code: string) => tpl.items.find((i: { code: string }) => i.code === code).id;
    await expectRefused(() => upload(secretary, B1.id, id('b2-extra')), 422, 'DUTY_ITEM_NOT_IN_LIST', () => snapshot(t));
    await expectRefused(() => upload(secretary, B1.id, id('meetings')), 422, 'DUTY_ITEM_AUTOMATIC', () => snapshot(t));
    await expectRefused(() => upload(secretary, B2.id, id('b2-extra')), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => upload(secretary, B1.id, MADE_UP), 422, 'DUTY_ITEM_NOT_IN_LIST', () => snapshot(t));
    const res = await upload(secretary, B1.id, id('dues'), `&note=${encodeURIComponent('1-6月')}`);
    expect(res.statusCode, res.body).toBe(201);
    const l = await ledger(gridLeader);
    expect(line(l, 'dues')).toMatchObject({ done: 1, records: [expect.objectContaining({ label: 'dues.pdf（1-6月）' })] });
    const file = await gridLeader.get(line(l, 'dues').records[0].link);
    expect(file.statusCode).toBe(200);
    expect((await outsider.get(line(l, 'dues').records[0].link)).statusCode).toBe(404);
  });

  it('三个节点: in order, once each, the list and its figures frozen at each', async () => {
    const pub = (point: string, c: Client = secretary) => c.post(`/api/v1/duty-ledgers/${B1.id}/publications`, { year: YEAR, point });
    await expectRefused(() => pub('mid'), 409, 'DUTY_PUBLISH_ORDER', () => snapshot(t));
    const start = await pub('start');
    expect(start.statusCode, start.body).toBe(201);
    await expectRefused(() => pub('start'), 409, 'DUTY_PUBLISHED', () => snapshot(t));
    await expectRefused(() => pub('start', outsider), 404, 'NOT_FOUND', () => snapshot(t));
    const mid = await pub('mid');
    expect(mid.statusCode, mid.body).toBe(201);
    const frozenScore = json(mid).ledger.score;
    // a later record changes the live figures, not the publication
    await t.database.db.insert(needs).values({ regionId: R.id, id: uuidv7(), allianceId: G, category: 'labour', title: '仓管一名', quantity: 1, status: 'rated', orgId: B1.id, raisedAs: 'org', confirmedAt: new Date('2026-07-01T10:00:00+08:00') });
    expect((await ledger()).score).toBeGreaterThan(frozenScore);
    const again = json(await committee.get(`/api/v1/duty-publications/${json(mid).id}`));
    expect(again.ledger.score).toBe(frozenScore);
    expect((await ledger()).publications.map((p: { point: string }) => p.point)).toEqual(['start', 'mid']);
  });

  it('once a branch of its grid has published, the grid item is frozen: neither edited nor removed', async () => {
    const tpl = json(await committee.get(`/api/v1/duty-templates?orgId=${C.id}&year=${YEAR}`));
    const grid = tpl.items.find((i: { code: string }) => i.code === 'grid-meeting').id as string;
    await expectRefused(() => committee.put(`/api/v1/duty-items/${grid}`, { name: '网格联席会议（改）', weight: 10, indicator: 'yesno', target: 1, source: 'manual' }), 409, 'DUTY_ITEM_FROZEN', () => snapshot(t));
    await expectRefused(() => committee.delete(`/api/v1/duty-items/${grid}`), 409, 'DUTY_ITEM_FROZEN', () => snapshot(t));
  });
});

describe('the secretary performance ledger: review, sign-off, versions', () => {
  it('the secretary submits, the grid reviews, then the committee; a return needs a comment and a new submission; submitting twice is refused', async () => {
    // nothing is reviewed before the secretary submits it
    await expectRefused(() => review(gridLeader, 'grid', 'accept'), 409, 'DUTY_STATUS', () => snapshot(t));
    await expectRefused(() => review(committee, 'committee', 'accept'), 409, 'DUTY_STATUS', () => snapshot(t));
    // only who fills the branch's list submits it: not the grid leader, not another branch's secretary, not another committee
    await expectRefused(() => submit(gridLeader), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => submit(secretary2), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => submit(outsider), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => secretary.post(`/api/v1/duty-ledgers/${B1.id}/submit`, { year: YEAR, extra: 1 }), 400, 'VALIDATION_FAILED', () => snapshot(t));
    const s = await submit(secretary, B1.id, '上半年材料已齐');
    expect(s.statusCode, s.body).toBe(200);
    expect(json(s).report).toMatchObject({ status: 'submitted' });
    expect(json(s).report.reviews.at(-1)).toMatchObject({ level: 'secretary', decision: 'submit', comment: '上半年材料已齐' });
    // twice: refused with nothing changed
    await expectRefused(() => submit(secretary), 409, 'DUTY_SUBMITTED', () => snapshot(t));
    await expectRefused(() => review(gridLeader, 'grid', 'return'), 422, 'VALIDATION_FAILED', () => snapshot(t));
    await expectRefused(() => review(secretary2, 'grid', 'accept'), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => review(gridLeader, 'committee', 'accept'), 404, 'NOT_FOUND', () => snapshot(t));
    expect(json(await review(gridLeader, 'grid', 'return', '三会一课记录不全')).report.status).toBe('returned');
    // returned: the grid cannot accept it until the secretary submits again
    await expectRefused(() => review(gridLeader, 'grid', 'accept'), 409, 'DUTY_STATUS', () => snapshot(t));
    expect(json(await submit(secretary)).report.status).toBe('submitted');
    expect(json(await review(gridLeader, 'grid', 'accept')).report.status).toBe('grid_accepted');
    // under the committee's review: not submitted again
    await expectRefused(() => submit(secretary), 409, 'DUTY_SUBMITTED', () => snapshot(t));
    await expectRefused(() => committee.post(`/api/v1/duty-ledgers/${B1.id}/sign-off`, { year: YEAR }), 409, 'DUTY_STATUS', () => snapshot(t));
    const l = json(await review(committee, 'committee', 'accept'));
    expect(l.report).toMatchObject({ status: 'committee_accepted', version: 1 });
    expect(l.report.reviews.map((r: { decision: string }) => r.decision)).toEqual(['submit', 'return', 'submit', 'accept', 'accept']);
    expect(await make.count(t, 'audit_log', `action = 'duty.submit'`)).toBe(2);
  });

  it('the assessed secretary cannot sign off; after the sign-off the year is frozen and edits are refused', async () => {
    await expectRefused(() => selfSecretary.post(`/api/v1/duty-ledgers/${B1.id}/sign-off`, { year: YEAR }), 403, 'DUTY_OWN_LEDGER', () => snapshot(t));
    await expectRefused(() => gridLeader.post(`/api/v1/duty-ledgers/${B1.id}/sign-off`, { year: YEAR }), 404, 'NOT_FOUND', () => snapshot(t));
    const res = await committee.post(`/api/v1/duty-ledgers/${B1.id}/sign-off`, { year: YEAR });
    expect(res.statusCode, res.body).toBe(200);
    const signed = json(res);
    expect(signed).toMatchObject({ frozen: true, report: { status: 'signed_off' } });
    // a new record after the sign-off leaves the signed-off figures alone
    await t.database.db.insert(needs).values({ regionId: R.id, id: uuidv7(), allianceId: G, category: 'labour', title: '保洁一名', quantity: 1, status: 'rated', orgId: B1.id, raisedAs: 'org', confirmedAt: new Date('2026-07-05T10:00:00+08:00') });
    expect((await ledger()).score).toBe(signed.score);
    const tpl = json(await committee.get(`/api/v1/duty-templates?orgId=${C.id}&year=${YEAR}`));
    const dues = tpl.items.find((i: { code: string }) => i.code === 'dues').id;
    await expectRefused(() => upload(secretary, B1.id, dues), 409, 'DUTY_SIGNED_OFF', () => snapshot(t));
    await expectRefused(() => putTemplate(committee), 409, 'DUTY_SIGNED_OFF', () => snapshot(t));
    await expectRefused(() => review(gridLeader, 'grid', 'accept'), 409, 'DUTY_SIGNED_OFF', () => snapshot(t));
    await expectRefused(() => submit(secretary), 409, 'DUTY_SIGNED_OFF', () => snapshot(t));
    await expectRefused(() => committee.post(`/api/v1/duty-ledgers/${B1.id}/publications`, { year: YEAR, point: 'end' }), 409, 'DUTY_SIGNED_OFF', () => snapshot(t));
    await expectRefused(() => committee.post(`/api/v1/duty-items`, { orgId: C.id, year: YEAR, branchId: B1.id, code: 'late', name: '补充', weight: 5, indicator: 'yesno', target: 1, source: 'manual' }), 409, 'DUTY_SIGNED_OFF', () => snapshot(t));
    await expectRefused(() => committee.post(`/api/v1/duty-ledgers/${B1.id}/sign-off`, { year: YEAR }), 409, 'DUTY_SIGNED_OFF', () => snapshot(t));
  });

  it('a correction is a new version with a reason; the signed-off one stays readable', async () => {
    await expectRefused(() => committee.post(`/api/v1/duty-ledgers/${B1.id}/corrections`, { year: YEAR }), 400, 'VALIDATION_FAILED', () => snapshot(t));
    await expectRefused(() => committee.post(`/api/v1/duty-ledgers/${B2.id}/corrections`, { year: YEAR, reason: '漏报' }), 409, 'DUTY_NOT_SIGNED_OFF', () => snapshot(t));
    await expectRefused(() => secretary.post(`/api/v1/duty-ledgers/${B1.id}/corrections`, { year: YEAR, reason: '漏报' }), 404, 'NOT_FOUND', () => snapshot(t));
    const before = await ledger();
    const res = await committee.post(`/api/v1/duty-ledgers/${B1.id}/corrections`, { year: YEAR, reason: '漏报两项需求办结' });
    expect(res.statusCode, res.body).toBe(200);
    const l = json(res);
    expect(l).toMatchObject({ frozen: false, report: { version: 2, status: 'open', reason: '漏报两项需求办结' } });
    expect(line(l, 'needs').done).toBe(line(before, 'needs').done + 1);
    expect(l.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const old = json(await committee.get(`/api/v1/duty-reports/${l.versions[1].id}`));
    expect(old).toMatchObject({ frozen: true, score: before.score, report: { status: 'signed_off', version: 1 } });
    expect((await upload(secretary, B1.id, line(l, 'dues').id)).statusCode).toBe(201);
  });
});

describe('grid figures and the committee\'s overview', () => {
  it('the committee sees its grids side by side with branches ranked; a grid leader, the grid; others 404', async () => {
    const o = json(await committee.get(`/api/v1/duty-overview?orgId=${C.id}&year=${YEAR}`));
    expect(o.items.map((i: { code: string }) => i.code)).toEqual(['meetings', 'develop', 'pledges', 'needs', 'dues']);
    expect(o.grids).toHaveLength(1);
    const g = o.grids[0];
    expect(g).toMatchObject({ id: G, branches: 2, published: { start: 1, mid: 1, end: 0 } });
    expect(g.ranking.map((r: { orgName: string; rank: number }) => [r.orgName, r.rank])).toEqual([['机电01党支部', 1], ['机电02党支部', 2]]);
    expect(g.ranking[0].done).toEqual([6, 1, 3, 3, 2]);
    const mine = json(await gridLeader.get(`/api/v1/duty-overview?orgId=${C.id}&year=${YEAR}`));
    expect(mine.grids[0].branches).toBe(2);
    const own = json(await secretary2.get(`/api/v1/duty-overview?orgId=${C.id}&year=${YEAR}`));
    expect(own.grids[0].ranking.map((r: { orgName: string }) => r.orgName)).toEqual(['机电02党支部']);
    await expectRefused(() => outsider.get(`/api/v1/duty-overview?orgId=${C.id}&year=${YEAR}`), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => committee.get(`/api/v1/duty-overview?orgId=${MADE_UP}&year=${YEAR}`), 404, 'NOT_FOUND', () => snapshot(t));
  });

  it('counts 三会一课 for every branch at once exactly as the compliance board does (quarters, cancelled, not started yet, other years)', async () => {
    const at = (day: string, h = 9) => new Date(`${day}T${String(h).padStart(2, '0')}:00:00+08:00`);
    const act = (kind: string, day: string, status = 'held', h = 9) => ({
      regionId: R.id, id: uuidv7(), kind, orgId: B2.id, title: `${kind} ${day}`, startsAt: at(day, h), endsAt: at(day, h), heldOn: day,
      checkinOpensAt: at(day, h), checkinClosesAt: at(day, h), checkinCode: 'x', status,
    });
    await t.database.db.insert(activities).values([
      act('general_meeting', '2026-02-10'), act('general_meeting', '2026-03-10'), act('general_meeting', '2026-05-10', 'cancelled'),
      act('committee_meeting', '2026-01-08'), act('committee_meeting', '2026-02-08'), act('committee_meeting', '2026-03-08', 'cancelled'),
      act('committee_meeting', '2026-07-10', 'planned', 15), // later today: not started, does not count
      act('party_lesson', '2026-04-02'), act('party_lesson', '2025-12-30'), act('group_meeting', '2026-06-30'), act('theme_day', '2027-01-05', 'planned'),
    ]);
    const o = json(await committee.get(`/api/v1/duty-overview?orgId=${C.id}&year=${YEAR}`));
    const board = json(await committee.get(`/api/v1/compliance/board?regionId=${R.id}&orgId=${C.id}&year=${YEAR}&pageSize=100`));
    const ok = new Map((board.items as { orgId: string; ok: number }[]).map((b) => [b.orgId, b.ok]));
    const rows = (o.grids as { ranking: { orgId: string; done: number[] }[] }[]).flatMap((g) => g.ranking);
    expect(ok.get(B2.id)).toBe(5); // Q1 general meeting, Jan + Feb committee meetings, Q2 lesson, June group meeting
    for (const r of rows) expect([r.orgId, r.done[0]]).toEqual([r.orgId, ok.get(r.orgId) ?? 0]);
    expect(line(await ledger(committee, B2.id), 'meetings').done).toBe(ok.get(B2.id));
  });
});
