import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { json, testApp, type TestApp } from '../../../../test/support/app.ts';
import { uuidv7 } from '../../platform/ids.ts';
import * as make from '../../../../test/support/factories.ts';
import ExcelJS from '../../platform/exceljs.ts';
import { expectRefused, snapshot } from '../../../../test/support/refused.ts';

/** The rows of an xlsx response's first sheet, as text. */
async function sheetRows(body: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  const rows: string[][] = [];
  wb.worksheets[0].eachRow((r) => rows.push((r.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));
  return rows;
}

/**
 * Region A: root ─┬─ community ─┬─ branch1 (5 members)
 *                 │             └─ branch2 (3 members)
 *                 └─ other branch (2 members)
 * Region B: root ── branchB (2 members)
 */
let t: TestApp;
let A: { id: string; rootOrgId: string };
let B: { id: string; rootOrgId: string };
const o: Record<string, { id: string; path: string }> = {};
const m: Record<string, string[]> = {};
let adminA: make.TestUser;

beforeAll(async () => {
  t = await testApp();
  A = await t.region('孔浦街道');
  B = await t.region('白峰镇');
  o.community = await t.org(A.id, A.rootOrgId, '百合社区党委', 'committee');
  o.b1 = await t.org(A.id, o.community.id, '百合第一支部');
  o.b2 = await t.org(A.id, o.community.id, '百合第二支部');
  o.other = await t.org(A.id, A.rootOrgId, '文竹支部');
  o.bB = await t.org(B.id, B.rootOrgId, '白峰支部');
  m.b1 = await make.members(t, o.b1.id, 5);
  m.b2 = await make.members(t, o.b2.id, 3);
  m.other = await make.members(t, o.other.id, 2);
  m.bB = await make.members(t, o.bB.id, 2);
  adminA = await make.regionAdmin(t, A.id);
});

// tests move the clock by hours: sign in again so the session has not idled out
beforeEach(async () => { adminA = { ...adminA, client: await t.login(adminA.username) }; });

const count = async (table: string, where = 'true', params: unknown[] = []) =>
  (await t.database.query<{ n: number }>(`select count(*)::int as n from ${table} where ${where}`, params))[0].n;

async function lesson(extra: Record<string, unknown> = {}, client = adminA.client) {
  const res = await client.post('/api/v1/activities', {
    orgId: o.b1.id, kind: 'party_lesson', title: '两学一做党课', place: '百合社区会议室', speaker: '朱晶晶',
    startsAt: make.at(t, 60), endsAt: make.at(t, 150), ...extra,
  });
  if (res.statusCode !== 201) throw new Error(res.body);
  return json(res);
}

describe('activities', () => {
  it('are created for an org with its members expected, and listed by scope', async () => {
    const a = await lesson();
    expect(a.counts).toEqual({ expected: 5, signedUp: 0, waitlisted: 0, checkedIn: 0 });
    expect(a.heldOn).toBe('2026-11-25');
    const onCommittee = await lesson({ orgId: o.community.id, kind: 'theme_day', title: '主题党日' });
    expect(onCommittee.counts.expected).toBe(8);
    const attendees = json<any[]>(await adminA.client.get(`/api/v1/activities/${a.id}/attendees`));
    expect(attendees.map((x) => x.memberId).sort()).toEqual([...m.b1].sort());
    expect(attendees[0]).not.toHaveProperty('checkinCode');
    expect(json(await adminA.client.get(`/api/v1/activities/${a.id}`))).not.toHaveProperty('checkinCode');
  });

  it('a user of another region or org sees nothing and changes nothing (404)', async () => {
    const a = await lesson();
    const adminB = await make.regionAdmin(t, B.id);
    const otherAdmin = await make.orgAdmin(t, A.id, o.other.id);
    for (const c of [adminB.client, otherAdmin.client]) {
      expect((await c.get(`/api/v1/activities/${a.id}`)).statusCode).toBe(404);
      expect((await c.get(`/api/v1/activities/${a.id}/attendees`)).statusCode).toBe(404);
      expect((await c.get(`/api/v1/activities/${a.id}/checkin-code`)).statusCode).toBe(404);
      expect((await c.patch(`/api/v1/activities/${a.id}`, { title: '改名' })).statusCode).toBe(404);
      expect((await c.post(`/api/v1/activities/${a.id}/checkins`, { memberIds: [m.b1[0]] })).statusCode).toBe(404);
      const list = json(await c.get('/api/v1/activities?pageSize=500'));
      expect(list.items.map((x: { id: string }) => x.id)).not.toContain(a.id);
    }
    expect((await adminB.client.post('/api/v1/activities', { orgId: o.b1.id, kind: 'party_lesson', title: 'x', startsAt: make.at(t, 1), endsAt: make.at(t, 2) })).statusCode).toBe(404);
    expect(json(await adminA.client.get(`/api/v1/activities/${a.id}`)).title).toBe('两学一做党课');
    expect(await count('activity_checkins', 'activity_id = $1', [a.id])).toBe(0);
    // the branch's own admin does see it; so does the community's
    const b1Admin = await make.orgAdmin(t, A.id, o.community.id);
    expect((await b1Admin.client.get(`/api/v1/activities/${a.id}`)).statusCode).toBe(200);
  });

  it('refuses an end before the start, and a capacity without sign-up, creating nothing', async () => {
    const before = await count('activities');
    const res = await adminA.client.post('/api/v1/activities', { orgId: o.b1.id, kind: 'party_lesson', title: 'x', startsAt: make.at(t, 60), endsAt: make.at(t, 30), capacity: 3 });
    expect(res.statusCode).toBe(422);
    expect(json(res).error.details.map((d: { field: string }) => d.field).sort()).toEqual(['capacity', 'endsAt']);
    const bad = await adminA.client.post('/api/v1/activities', { orgId: o.b1.id, kind: 'meeting', title: 'x', startsAt: 'tomorrow', endsAt: make.at(t, 30) });
    expect(bad.statusCode).toBe(400);
    expect(await count('activities')).toBe(before);
  });

  it('an end well before the start is one error on endsAt, not also one on a check-in window nobody gave', async () => {
    const before = await count('activities');
    const fields = (res: Parameters<typeof json>[0]) => json(res).error.details.map((d: { field: string }) => d.field).sort();
    // ends 2 h before it starts: the derived window (start − 30 min … end + 30 min) would be reversed too
    const res = await adminA.client.post('/api/v1/activities', { orgId: o.b1.id, kind: 'party_lesson', title: 'x', startsAt: make.at(t, 180), endsAt: make.at(t, 60) });
    expect(res.statusCode).toBe(422);
    expect(json(res).error.details).toEqual([expect.objectContaining({ field: 'endsAt', message: 'must be after the start' })]);
    // a closing time the caller did give is still checked
    const given = await adminA.client.post('/api/v1/activities', {
      orgId: o.b1.id, kind: 'party_lesson', title: 'x', startsAt: make.at(t, 180), endsAt: make.at(t, 60), checkinClosesAt: make.at(t, 100),
    });
    expect(fields(given)).toEqual(['checkinClosesAt', 'endsAt']);
    // a good end with a reversed window is still the window's error
    const window = await adminA.client.post('/api/v1/activities', {
      orgId: o.b1.id, kind: 'party_lesson', title: 'x', startsAt: make.at(t, 60), endsAt: make.at(t, 120), checkinOpensAt: make.at(t, 200),
    });
    expect(fields(window)).toEqual(['checkinClosesAt']);
    expect(await count('activities')).toBe(before);
    // the same when an update moves the end before the start
    const a = await lesson();
    const upd = await adminA.client.patch(`/api/v1/activities/${a.id}`, { endsAt: make.at(t, -120) });
    expect(upd.statusCode).toBe(422);
    expect(fields(upd)).toEqual(['endsAt']);
    expect(json(await adminA.client.get(`/api/v1/activities/${a.id}`)).endsAt).toBe(a.endsAt);
  });
});

describe('xlsx export', () => {
  it('exports what the list shows for its filters, with attendance; scope and bad filters as the list', async () => {
    const a = await lesson({ title: '导出测试党课', orgId: o.b2.id, startsAt: make.at(t, -60), endsAt: make.at(t, 30) });
    expect((await adminA.client.post(`/api/v1/activities/${a.id}/checkins`, { memberIds: [m.b2[0]] })).statusCode).toBe(201);
    const list = json(await adminA.client.get(`/api/v1/activities?orgId=${o.b2.id}&pageSize=500`));
    const res = await adminA.client.get(`/api/v1/activities.xlsx?orgId=${o.b2.id}`, { 'accept-language': 'zh-CN' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/spreadsheetml/);
    const rows = await sheetRows(res.rawPayload);
    expect(rows[0]).toEqual(['标题', '类型', '组织', '开始', '结束', '地点', '状态', '应到', '实到', '出勤率']);
    expect(rows).toHaveLength(list.total + 1);
    const mine = rows.filter((r) => r[0] === '导出测试党课');
    expect(mine).toHaveLength(1);
    expect(mine[0].slice(1, 3)).toEqual(['党课', '百合第二支部']);
    expect(mine[0].slice(6)).toEqual(['已开展', '3', '1', '33.3%']);
    expect(mine[0][3]).toBe(a.startsAt.slice(0, 10) + ' ' + new Date(Date.parse(a.startsAt) + 8 * 3600_000).toISOString().slice(11, 16));
    // another region's admin exports nothing of region A; a bad filter is refused and changes nothing
    const adminB = await make.regionAdmin(t, B.id);
    expect((await sheetRows((await adminB.client.get(`/api/v1/activities.xlsx?orgId=${o.b2.id}`)).rawPayload))).toHaveLength(1);
    const bad = await expectRefused(() => adminA.client.get('/api/v1/activities.xlsx?kind=bogus'), 400, 'VALIDATION_FAILED', () => snapshot(t));
    expect(bad.details?.map((d) => d.field)).toEqual(['query.kind']);
    // the selected rows only (ids): still inside the filters and the scope, a made-up id adds nothing
    const two = list.items.slice(0, 2).map((x: { id: string }) => x.id);
    const sel = await sheetRows((await adminA.client.get(`/api/v1/activities.xlsx?orgId=${o.b2.id}&ids=${[...two, uuidv7()].join(',')}`)).rawPayload);
    expect(sel.slice(1).map((r) => r[0]).sort()).toEqual(list.items.slice(0, 2).map((x: { title: string }) => x.title).sort());
    expect(await sheetRows((await adminB.client.get(`/api/v1/activities.xlsx?ids=${two.join(',')}`)).rawPayload)).toHaveLength(1);
    const badIds = await expectRefused(() => adminA.client.get('/api/v1/activities.xlsx?ids=1,2'), 400, 'VALIDATION_FAILED', () => snapshot(t));
    expect(badIds.details?.[0].field).toMatch(/^query\.ids/);
    // its sign-in sheet (签到表): one numbered row per attendee, the check-in time, a column to sign
    const sheet = await adminA.client.get(`/api/v1/activities/${a.id}/sign-in-sheet.xlsx`, { 'accept-language': 'zh-CN' });
    expect(sheet.statusCode).toBe(200);
    const srows = await sheetRows(sheet.rawPayload);
    expect(srows[0][0]).toBe('导出测试党课 签到表');
    expect(srows[2]).toEqual(['序号', '姓名', '组织', '签到时间', '本人签名']);
    expect(srows.slice(3).map((r) => r[0])).toEqual(['1', '2', '3']);
    expect(srows.slice(3).filter((r) => r[3] !== '')).toHaveLength(1);
    const other = await make.orgAdmin(t, A.id, o.other.id);
    const outside = await expectRefused(() => other.client.get(`/api/v1/activities/${a.id}/sign-in-sheet.xlsx`), 404, 'NOT_FOUND', () => snapshot(t));
    const madeUp = await expectRefused(() => other.client.get(`/api/v1/activities/${uuidv7()}/sign-in-sheet.xlsx`), 404, 'NOT_FOUND', () => snapshot(t));
    expect(outside).toEqual(madeUp);
  });
});

describe('status', () => {
  it('follows the clock and check-ins: planned until it starts or someone checks in, then held; cancelled stays cancelled', async () => {
    const status = async (id: string) => json(await adminA.client.get(`/api/v1/activities/${id}`)).status;
    const listed = async (id: string) => json(await adminA.client.get(`/api/v1/activities?orgId=${o.b1.id}&pageSize=500`)).items.find((x: { id: string }) => x.id === id)?.status;
    const early = await lesson({ title: '提前签到的党课' });
    const later = await lesson({ title: '按时开始的党课', startsAt: make.at(t, 90), endsAt: make.at(t, 150) });
    const off = await lesson({ title: '取消的党课' });
    expect((await adminA.client.patch(`/api/v1/activities/${off.id}`, { status: 'cancelled' })).statusCode).toBe(200);
    expect([await status(early.id), await status(later.id), await listed(early.id)]).toEqual(['planned', 'planned', 'planned']);
    // 35 min on: the first one's check-in window is open and a member checks in
    t.clock.advance(35 * 60_000);
    const { code } = json(await adminA.client.get(`/api/v1/activities/${early.id}/checkin-code`));
    const me = await make.memberUser(t, A.id, m.b1[0]);
    expect((await me.client.post(`/api/v1/me/activities/${early.id}/checkin`, { code })).statusCode).toBe(201);
    expect([await status(early.id), await listed(early.id), await status(later.id)]).toEqual(['held', 'held', 'planned']);
    expect(json(await me.client.get(`/api/v1/me/activities/${early.id}`)).status).toBe('held');
    // past the second one's start (nobody checked in yet): held by the clock
    t.clock.advance(60 * 60_000);
    expect([await status(later.id), await listed(later.id), await status(off.id)]).toEqual(['held', 'held', 'cancelled']);
  });
});

describe('check-in', () => {
  it('by QR code: only in the window, only with the right code, only once', async () => {
    const a = await lesson();
    const { code } = json(await adminA.client.get(`/api/v1/activities/${a.id}/checkin-code`));
    const me = await make.memberUser(t, A.id, m.b1[0]);
    // the activity starts in 60 min; check-in opens 30 min before
    const early = await me.client.post(`/api/v1/me/activities/${a.id}/checkin`, { code });
    expect(early.statusCode).toBe(422);
    expect(json(early).error.code).toBe('CHECKIN_CLOSED');
    expect(json(early).error.message).toMatch(/Check-in is open from/);
    t.clock.advance(40 * 60_000);
    const wrong = await me.client.post(`/api/v1/me/activities/${a.id}/checkin`, { code: 'nope' });
    expect(json(wrong).error.code).toBe('CHECKIN_CODE_WRONG');
    expect(await count('activity_checkins', 'activity_id = $1', [a.id])).toBe(0);
    const ok = await me.client.post(`/api/v1/me/activities/${a.id}/checkin`, { code });
    expect(ok.statusCode).toBe(201);
    expect(json(ok).method).toBe('qr');
    const twice = await me.client.post(`/api/v1/me/activities/${a.id}/checkin`, { code });
    expect(twice.statusCode).toBe(409);
    expect(json(twice).error.code).toBe('ALREADY_CHECKED_IN');
    expect(json(twice).error.message).toBe('Already checked in; a second check-in is refused.');
    expect(await count('activity_checkins', 'activity_id = $1', [a.id])).toBe(1);
    // after the window closes
    t.clock.advance(3 * 3600_000);
    const late = await make.memberUser(t, A.id, m.b1[1]);
    const res = await late.client.post(`/api/v1/me/activities/${a.id}/checkin`, { code });
    expect(json(res).error.code).toBe('CHECKIN_CLOSED');
    expect(await count('activity_checkins', 'activity_id = $1', [a.id])).toBe(1);
  });

  it('refuses people who are not expected (unless sign-up is open); other regions get 404', async () => {
    const a = await lesson({ startsAt: make.at(t, 10), endsAt: make.at(t, 60) });
    const { code } = json(await adminA.client.get(`/api/v1/activities/${a.id}/checkin-code`));
    const stranger = await make.memberUser(t, A.id, m.other[0]);
    const res = await stranger.client.post(`/api/v1/me/activities/${a.id}/checkin`, { code });
    expect(res.statusCode).toBe(422);
    expect(json(res).error.code).toBe('CHECKIN_NOT_EXPECTED');
    expect((await stranger.client.post(`/api/v1/me/activities/${a.id}/checkin`, { code: 'guess' })).statusCode).toBe(404);
    const fromB = await make.memberUser(t, B.id, m.bB[0]);
    expect((await fromB.client.post(`/api/v1/me/activities/${a.id}/checkin`, { code })).statusCode).toBe(404);
    expect(await count('activity_checkins', 'activity_id = $1', [a.id])).toBe(0);
    // an open activity without a cap takes walk-ins
    const open = await lesson({ kind: 'social', title: '联谊会', signupOpen: true, startsAt: make.at(t, 10), endsAt: make.at(t, 60) });
    const c2 = json(await adminA.client.get(`/api/v1/activities/${open.id}/checkin-code`)).code;
    expect((await stranger.client.post(`/api/v1/me/activities/${open.id}/checkin`, { code: c2 })).statusCode).toBe(201);
  });

  it('staff tick names: all or nothing, duplicates and strangers refused', async () => {
    const a = await lesson({ startsAt: make.at(t, 10), endsAt: make.at(t, 60) });
    const ok = await adminA.client.post(`/api/v1/activities/${a.id}/checkins`, { memberIds: [m.b1[0], m.b1[1]] });
    expect(ok.statusCode).toBe(201);
    const dup = await adminA.client.post(`/api/v1/activities/${a.id}/checkins`, { memberIds: [m.b1[2], m.b1[1]] });
    expect(dup.statusCode).toBe(409);
    expect(json(dup).error.code).toBe('ALREADY_CHECKED_IN');
    expect(json(dup).error.details[0].field).toBe('memberIds.1');
    const stranger = await adminA.client.post(`/api/v1/activities/${a.id}/checkins`, { memberIds: [m.b1[3], m.other[0]] });
    expect(stranger.statusCode).toBe(422);
    expect(json(stranger).error.code).toBe('CHECKIN_NOT_EXPECTED');
    const foreign = await adminA.client.post(`/api/v1/activities/${a.id}/checkins`, { memberIds: [m.bB[0]] });
    expect(foreign.statusCode).toBe(422);
    const rows = await t.database.query<{ member_id: string }>('select member_id from activity_checkins where activity_id = $1', [a.id]);
    expect(rows.map((r) => r.member_id).sort()).toEqual([m.b1[0], m.b1[1]].sort());
    const attendees = json<any[]>(await adminA.client.get(`/api/v1/activities/${a.id}/attendees`));
    expect(attendees.filter((x) => x.checkedInAt).length).toBe(2);
  });
});

describe('sign-up with capacity and a waiting list', () => {
  it('beyond capacity goes to the waiting list; cancelling moves it up', async () => {
    const a = await lesson({ orgId: o.other.id, kind: 'volunteer', title: '志愿服务', signupOpen: true, capacity: 2, expectedMemberIds: [] });
    const users = await Promise.all([m.b1[0], m.b1[1], m.b1[2]].map((id) => make.memberUser(t, A.id, id)));
    const r1 = json(await users[0].client.post(`/api/v1/me/activities/${a.id}/signup`));
    const r2 = json(await users[1].client.post(`/api/v1/me/activities/${a.id}/signup`));
    const r3 = await users[2].client.post(`/api/v1/me/activities/${a.id}/signup`);
    expect([r1.signup, r2.signup]).toEqual(['signed_up', 'signed_up']);
    expect(r3.statusCode).toBe(201);
    expect(json(r3)).toEqual({ signup: 'waitlisted', position: 1 });
    const again = await users[0].client.post(`/api/v1/me/activities/${a.id}/signup`);
    expect(again.statusCode).toBe(409);
    expect(json(again).error.code).toBe('ALREADY_SIGNED_UP');
    let got = json(await adminA.client.get(`/api/v1/activities/${a.id}`));
    expect(got.counts).toMatchObject({ signedUp: 2, waitlisted: 1 });
    expect((await users[0].client.delete(`/api/v1/me/activities/${a.id}/signup`)).statusCode).toBe(200);
    got = json(await adminA.client.get(`/api/v1/activities/${a.id}`));
    expect(got.counts).toMatchObject({ signedUp: 2, waitlisted: 0 });
    const mine = json(await users[2].client.get(`/api/v1/me/activities/${a.id}`));
    expect(mine.id).toBe(a.id);
  });

  it('holds under concurrency: 12 at once for 5 places → 5 signed up, 7 waiting', async () => {
    const people = await make.members(t, o.b2.id, 12, '并发');
    const a = await lesson({ orgId: o.b2.id, kind: 'social', title: '联谊会', signupOpen: true, capacity: 5, expectedMemberIds: [] });
    const users = await Promise.all(people.map((id) => make.memberUser(t, A.id, id)));
    const results = await Promise.all(users.map((u) => u.client.post(`/api/v1/me/activities/${a.id}/signup`)));
    expect(results.every((r) => r.statusCode === 201)).toBe(true);
    expect(await count('activity_attendees', `activity_id = $1 and signup = 'signed_up'`, [a.id])).toBe(5);
    expect(await count('activity_attendees', `activity_id = $1 and signup = 'waitlisted'`, [a.id])).toBe(7);
    // the list carries the same counts as the detail
    const listed = json(await adminA.client.get(`/api/v1/activities?orgId=${o.b2.id}&pageSize=500`)).items.find((x: { id: string }) => x.id === a.id);
    expect(listed.counts).toMatchObject({ signedUp: 5, waitlisted: 7, checkedIn: 0 });
  });

  it('refuses sign-up for a closed activity; another region sees 404', async () => {
    const a = await lesson();
    const me = await make.memberUser(t, A.id, m.b1[4]);
    const res = await me.client.post(`/api/v1/me/activities/${a.id}/signup`);
    expect(res.statusCode).toBe(422);
    expect(json(res).error.code).toBe('SIGNUP_CLOSED');
    const open = await lesson({ signupOpen: true, capacity: 10 });
    const fromB = await make.memberUser(t, B.id, m.bB[1]);
    expect((await fromB.client.post(`/api/v1/me/activities/${open.id}/signup`)).statusCode).toBe(404);
    expect((await fromB.client.get(`/api/v1/me/activities/${open.id}`)).statusCode).toBe(404);
    expect(await count('activity_attendees', `activity_id = $1 and signup is not null`, [open.id])).toBe(0);
    // a staff user who is not a member has no "me"
    expect((await adminA.client.post(`/api/v1/me/activities/${open.id}/signup`)).statusCode).toBe(404);
  });
});

describe('service hours', () => {
  it('negative, over 24 h or over 24 h in one day are refused, nothing changed', async () => {
    const day1 = await lesson({ orgId: o.b2.id, kind: 'volunteer', title: '养老中心服务', startsAt: make.at(t, 24 * 60), endsAt: make.at(t, 25 * 60) });
    const day1b = await lesson({ orgId: o.b2.id, kind: 'volunteer', title: '垃圾分类宣传', startsAt: make.at(t, 26 * 60), endsAt: make.at(t, 27 * 60) });
    const who = m.b2[0];
    const put = (id: string, body: Record<string, unknown>) => adminA.client.put(`/api/v1/activities/${id}/attendees/${who}`, body);
    const neg = await put(day1.id, { serviceHours: -1 });
    expect(neg.statusCode).toBe(422);
    expect(json(neg).error.details[0]).toMatchObject({ field: 'serviceHours', message: 'service hours cannot be negative' });
    const absurd = await put(day1.id, { serviceHours: 30 });
    expect(absurd.statusCode).toBe(422);
    expect(json(absurd).error.details[0].message).toMatch(/more than 24 h in a day/);
    expect((await put(day1.id, { serviceHours: 20 })).statusCode).toBe(200);
    const overDay = await put(day1b.id, { serviceHours: 5 });
    expect(overDay.statusCode).toBe(422);
    expect(json(overDay).error.details[0].message).toMatch(/25 h/);
    expect((await put(day1b.id, { serviceHours: 3.5 })).statusCode).toBe(200);
    const rows = await t.database.query<{ h: string }>('select service_hours::text as h from activity_attendees where member_id = $1 and service_hours is not null order by service_hours', [who]);
    expect(rows.map((r) => Number(r.h))).toEqual([3.5, 20]);
    const lessonA = await lesson();
    const notService = await adminA.client.put(`/api/v1/activities/${lessonA.id}/attendees/${m.b1[0]}`, { serviceHours: 2 });
    expect(json(notService).error.details[0].field).toBe('serviceHours');
    expect((await adminA.client.put(`/api/v1/activities/${lessonA.id}/attendees/${m.b1[0]}`, { absenceReason: '出差' })).statusCode).toBe(200);
    expect((await adminA.client.put(`/api/v1/activities/${lessonA.id}/attendees/${uuidv7()}`, { expected: true })).statusCode).toBe(404);
  });
});

describe('series', () => {
  it('counts its activities', async () => {
    const s = json(await adminA.client.post('/api/v1/activity-series', { orgId: A.rootOrgId, name: '我和党章的故事' }));
    for (let i = 0; i < 3; i++) await lesson({ seriesId: s.id, title: `我和党章的故事（${i + 1}）` });
    const list = json<any[]>(await adminA.client.get(`/api/v1/activity-series?regionId=${A.id}`));
    expect(list.find((x) => x.id === s.id)).toMatchObject({ count: 3, heldCount: 0 });
    const adminB = await make.regionAdmin(t, B.id);
    expect(json<any[]>(await adminB.client.get('/api/v1/activity-series')).length).toBe(0);
    const badSeries = await adminA.client.post('/api/v1/activities', { orgId: o.b1.id, kind: 'party_lesson', title: 'x', startsAt: make.at(t, 1), endsAt: make.at(t, 2), seriesId: uuidv7() });
    expect(json(badSeries).error.details[0].field).toBe('seriesId');
  });
});
