import { beforeAll, describe, expect, it } from 'vitest';
import { json, testApp, type TestApp } from '../../../../test/support/app.ts';
import { DB_KIND } from '../../../../test/support/db.ts';
import * as make from '../../../../test/support/factories.ts';
import { expectRefused, snapshot } from '../../../../test/support/refused.ts';
import { uuidv7 } from '../../platform/ids.ts';

/**
 * Events open to units' staff (联谊, 义卖): a 联谊 activity of 怡江社区党委 (yjAdmin) opens a public registration page;
 * people without an account register through the link (t.anon). The test clock is 2026-11-25 10:00 in Shanghai;
 * the activity's check-in window is open from 09:00.
 */
let t: TestApp;
let w: make.World;

beforeAll(async () => {
  t = await testApp();
  w = await make.world(t);
}, 180_000);

async function socialActivity(kind = 'social') {
  const r = await w.yjAdmin.post('/api/v1/activities', {
    orgId: w.org.yj.id, kind, title: '青年联谊会', place: '白峰公园', startsAt: '2026-11-28T06:00:00.000Z', endsAt: '2026-11-28T09:00:00.000Z',
    checkinOpensAt: '2026-11-25T01:00:00.000Z',
  });
  expect(r.statusCode, r.body).toBe(201);
  return json(r).id as string;
}

async function openEvent(body: Record<string, unknown>) {
  const activityId = await socialActivity();
  const r = await w.yjAdmin.put(`/api/v1/activities/${activityId}/event`, body);
  expect(r.statusCode, r.body).toBe(200);
  return json(r) as { id: string; token: string; activityId: string };
}

const register = (token: string, body: Record<string, unknown>) => t.anon.post(`/api/v1/public/events/${token}/registrations`, body);
const person = (i: number, unit = '中海浙江LNG') => ({ name: `青年${i}`, unit, phone: `1390000${String(i).padStart(4, '0')}`, gender: i % 2 ? 'M' : 'F', ageBand: '26-30' });

describe('the organiser opens a public registration page', () => {
  it('only on a 联谊 activity in scope; the public page shows the form, no personal data', async () => {
    const meeting = await socialActivity('party_lesson');
    await expectRefused(() => w.yjAdmin.put(`/api/v1/activities/${meeting}/event`, { fields: [], capacity: 10 }), 422, 'EVENT_NOT_SOCIAL', () => snapshot(t));
    const activityId = await socialActivity();
    await expectRefused(() => w.lmAdmin.put(`/api/v1/activities/${activityId}/event`, { fields: [], capacity: 10 }), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => w.yjAdmin.put(`/api/v1/activities/${uuidv7()}/event`, { fields: [], capacity: 10 }), 404, 'NOT_FOUND', () => snapshot(t));
    const bad = await expectRefused(() => w.yjAdmin.put(`/api/v1/activities/${activityId}/event`, {
      fields: ['unit'], capacity: 10, units: [{ name: '光大环保', quota: 20 }, { name: '光大环保', quota: null }],
    }), 422, 'VALIDATION_FAILED', () => snapshot(t));
    expect(bad.details?.map((d) => d.field)).toEqual(['units.0.quota', 'units.1.name']);
    expect(json(await w.yjAdmin.get(`/api/v1/activities/${activityId}/event`)).event).toBeNull();

    const r = await w.yjAdmin.put(`/api/v1/activities/${activityId}/event`, { fields: ['unit', 'phone', 'gender'], capacity: 74, units: [{ name: '中海浙江LNG', quota: 10 }, { name: '光大环保', quota: null }], fundName: '白峰慈善基金' });
    expect(r.statusCode, r.body).toBe(200);
    const ev = json(r);
    expect(ev).toMatchObject({ capacity: 74, fundName: '白峰慈善基金', canManage: true, counts: { confirmed: 0, waitlisted: 0 } });
    expect(ev.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(json(await w.yjAdmin.get(`/api/v1/activities/${activityId}/event`)).event.id).toBe(ev.id);
    await expectRefused(() => w.lmAdmin.get(`/api/v1/activities/${activityId}/event`), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => w.lmAdmin.get(`/api/v1/event-pages/${ev.id}/registrations`), 404, 'NOT_FOUND', () => snapshot(t));

    const pub = await t.anon.get(`/api/v1/public/events/${ev.token}`);
    expect(pub.statusCode, pub.body).toBe(200);
    expect(json(pub)).toEqual({
      title: '青年联谊会', startsAt: '2026-11-28T06:00:00.000Z', endsAt: '2026-11-28T09:00:00.000Z', place: '白峰公园', organiser: '怡江社区党委',
      fields: ['unit', 'phone', 'gender'], units: [{ name: '中海浙江LNG', full: false }, { name: '光大环保', full: false }], full: false, open: true,
    });
  });
});

describe('registrations through the public link', () => {
  it('places up to the capacity and the unit quota, then the waiting list; the same phone twice and missing fields are refused', async () => {
    const ev = await openEvent({ fields: ['unit', 'phone', 'gender', 'ageBand'], capacity: 3, units: [{ name: '中海浙江LNG', quota: 2 }, { name: '光大环保', quota: null }] });
    const answers = [];
    for (const [i, unit] of [[1, '中海浙江LNG'], [2, '中海浙江LNG'], [3, '中海浙江LNG'], [4, '光大环保'], [5, '光大环保']] as const) {
      const r = await register(ev.token, person(i, unit));
      expect(r.statusCode, r.body).toBe(201);
      expect(r.body).not.toContain(person(i).phone);
      expect(r.body).not.toContain('0000');
      answers.push(json(r));
    }
    expect(answers.map((a) => [a.status, a.position])).toEqual([['confirmed', null], ['confirmed', null], ['waitlisted', 1], ['confirmed', null], ['waitlisted', 2]]);
    expect(answers[0].code).toMatch(/^[2-9A-Z]{6}$/);
    expect(new Set(answers.map((a) => a.code)).size).toBe(5);

    // past the capacity: the waiting list, never over
    const six = await register(ev.token, person(6, '光大环保'));
    expect(json(six)).toMatchObject({ status: 'waitlisted', position: 3 });
    const rows = await t.database.query<{ n: number }>(`select count(*)::int as n from event_registrations where page_id = $1 and status = 'confirmed'`, [ev.id]);
    expect(rows[0].n).toBe(3);

    // the same phone twice, missing fields, a unit not listed: refused, nothing written
    const dup = await expectRefused(() => register(ev.token, { ...person(1), name: '另一个人' }), 409, 'EVENT_ALREADY_REGISTERED', () => snapshot(t));
    expect(dup.details?.map((d) => d.field)).toEqual(['phone']);
    const missing = await expectRefused(() => register(ev.token, { name: '没填全' }), 422, 'VALIDATION_FAILED', () => snapshot(t));
    expect(missing.details?.map((d) => d.field)).toEqual(['unit', 'phone', 'gender', 'ageBand']);
    const unit = await expectRefused(() => register(ev.token, { ...person(7), unit: '不存在的单位' }), 422, 'VALIDATION_FAILED', () => snapshot(t));
    expect(unit.details?.map((d) => d.field)).toEqual(['unit']);
    await expectRefused(() => register(ev.token, { ...person(8), phone: '12345' }), 400, 'VALIDATION_FAILED', () => snapshot(t));

    // the organiser's list: places, then the waiting list in order; phones masked for those without members.pii
    const list = json(await w.yjAdmin.get(`/api/v1/event-pages/${ev.id}/registrations`)).items as { name: string; status: string; position: number | null; phone: string; code: string; id: string }[];
    expect(list.map((r) => [r.name, r.status, r.position])).toEqual([
      ['青年1', 'confirmed', null], ['青年2', 'confirmed', null], ['青年4', 'confirmed', null], ['青年3', 'waitlisted', 1], ['青年5', 'waitlisted', 2], ['青年6', 'waitlisted', 3],
    ]);
    expect(json(await w.coordinator.get(`/api/v1/event-pages/${ev.id}/registrations`)).items[0].phone).toBe('139****0001');

    // the capacity cannot go under the places given; raising it moves the waiting list up (青年3 stays: LNG's quota is full)
    const low = await expectRefused(() => w.yjAdmin.put(`/api/v1/activities/${ev.activityId}/event`, { fields: ['unit', 'phone', 'gender', 'ageBand'], capacity: 2, units: [{ name: '中海浙江LNG', quota: 2 }, { name: '光大环保', quota: null }] }), 422, 'VALIDATION_FAILED', () => snapshot(t));
    expect(low.details?.map((d) => d.field)).toEqual(['capacity']);
    const raised = json(await w.yjAdmin.put(`/api/v1/activities/${ev.activityId}/event`, { fields: ['unit', 'phone', 'gender', 'ageBand'], capacity: 4, units: [{ name: '中海浙江LNG', quota: 2 }, { name: '光大环保', quota: null }] }));
    expect(raised.counts).toMatchObject({ confirmed: 4, waitlisted: 2 });
    const after = json(await w.yjAdmin.get(`/api/v1/event-pages/${ev.id}/registrations`)).items as typeof list;
    expect(after.filter((r) => r.status === 'confirmed').map((r) => r.name)).toEqual(['青年1', '青年2', '青年4', '青年5']);
    // a place freed: the first waiting of a unit with room moves up
    const first = after.find((r) => r.name === '青年1')!;
    expect(json(await w.yjAdmin.post(`/api/v1/event-registrations/${first.id}/cancel`)).status).toBe('cancelled');
    const moved = json(await w.yjAdmin.get(`/api/v1/event-pages/${ev.id}/registrations`)).items as typeof list;
    expect(moved.filter((r) => r.status === 'confirmed').map((r) => r.name)).toEqual(['青年2', '青年3', '青年4', '青年5']);
    await expectRefused(() => w.yjAdmin.post(`/api/v1/event-registrations/${first.id}/cancel`), 409, 'EVENT_REGISTRATION_CANCELLED', () => snapshot(t));
    await expectRefused(() => w.lmAdmin.post(`/api/v1/event-registrations/${moved[0].id}/cancel`), 404, 'NOT_FOUND', () => snapshot(t));
    // a cancelled phone may register again
    expect(json(await register(ev.token, person(1))).status).toBe('waitlisted');
  });

  it('a revoked link answers 404 (page and registration), nothing written; turned on again it is a new link', async () => {
    const ev = await openEvent({ fields: ['phone'], capacity: 10 });
    expect((await register(ev.token, { name: '早到的', phone: '13700000001' })).statusCode).toBe(201);
    const off = json(await w.yjAdmin.post(`/api/v1/event-pages/${ev.id}/link`, { on: false }));
    expect(off.token).toBeNull();
    await expectRefused(() => t.anon.get(`/api/v1/public/events/${ev.token}`), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => register(ev.token, { name: '晚到的', phone: '13700000002' }), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => register('not-a-token', { name: '乱猜的', phone: '13700000003' }), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => w.lmAdmin.post(`/api/v1/event-pages/${ev.id}/link`, { on: true }), 404, 'NOT_FOUND', () => snapshot(t));
    const on = json(await w.yjAdmin.post(`/api/v1/event-pages/${ev.id}/link`, { on: true }));
    expect(on.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(on.token).not.toBe(ev.token);
    await expectRefused(() => register(ev.token, { name: '晚到的', phone: '13700000002' }), 404, 'NOT_FOUND', () => snapshot(t));
    expect((await register(on.token, { name: '晚到的', phone: '13700000002' })).statusCode).toBe(201);
  });

  it('a registrant cancels by their code from the public page: the place goes to the waiting list; a wrong code answers as an unknown one', async () => {
    const ev = await openEvent({ fields: ['phone'], capacity: 1 });
    const a = json(await register(ev.token, { name: '先报名', phone: '13700000021' }));
    const b = json(await register(ev.token, { name: '候补者', phone: '13700000022' }));
    const other = await openEvent({ fields: ['phone'], capacity: 5 });
    const c = json(await register(other.token, { name: '别的活动', phone: '13700000023' }));
    const cancel = (token: string, code: string) => t.anon.post(`/api/v1/public/events/${token}/cancel`, { code });
    // a made-up code, another page's code: the same answer, nothing changed
    const unknown = await expectRefused(() => cancel(ev.token, 'ZZZZZZ'), 422, 'EVENT_CODE_UNKNOWN', () => snapshot(t));
    const foreign = await expectRefused(() => cancel(ev.token, c.code), 422, 'EVENT_CODE_UNKNOWN', () => snapshot(t));
    expect(foreign).toEqual(unknown);
    await expectRefused(() => cancel('not-a-token', a.code), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => t.anon.post(`/api/v1/public/events/${ev.token}/cancel`, { code: '' }), 400, 'VALIDATION_FAILED', () => snapshot(t));

    const r = await cancel(ev.token, a.code.toLowerCase());
    expect(r.statusCode, r.body).toBe(200);
    expect(json(r)).toEqual({ status: 'cancelled', name: '先报名' });
    const list = json(await w.yjAdmin.get(`/api/v1/event-pages/${ev.id}/registrations`)).items as { name: string; status: string }[];
    expect(list.map((x) => [x.name, x.status])).toEqual([['候补者', 'confirmed'], ['先报名', 'cancelled']]);
    const [audit] = await t.database.query<{ action: string; actor_id: string | null }>(`select action, actor_id from audit_log where entity_id = (select id::text from event_registrations where code = $1) order by at desc limit 1`, [a.code]);
    expect(audit.action).toBe('event.registration_self_cancel');
    // cancelled once: the code is now as unknown as a made-up one
    expect(await expectRefused(() => cancel(ev.token, a.code), 422, 'EVENT_CODE_UNKNOWN', () => snapshot(t))).toEqual(unknown);
    // checked in at the door: no longer cancellable; a revoked link: 404
    expect((await w.yjAdmin.post(`/api/v1/event-pages/${ev.id}/checkin`, { code: b.code })).statusCode).toBe(200);
    await expectRefused(() => cancel(ev.token, b.code), 409, 'EVENT_ALREADY_CHECKED_IN', () => snapshot(t));
    await w.yjAdmin.post(`/api/v1/event-pages/${other.id}/link`, { on: false });
    await expectRefused(() => cancel(other.token, c.code), 404, 'NOT_FOUND', () => snapshot(t));
  });

  it('concurrent registrations never go over the capacity; one phone at once gets one registration', async () => {
    const ev = await openEvent({ fields: ['phone'], capacity: 5 });
    const n = DB_KIND === 'pg' ? 30 : 12;
    const answers = await Promise.all(Array.from({ length: n }, (_, i) => register(ev.token, { name: `并发${i}`, phone: `1360000${String(i).padStart(4, '0')}` })));
    expect(answers.map((r) => r.statusCode)).toEqual(Array(n).fill(201));
    const statuses = answers.map((r) => json(r).status as string);
    expect(statuses.filter((s) => s === 'confirmed')).toHaveLength(5);
    expect(json(answers[0]).position ?? 0).toBeGreaterThanOrEqual(0);
    const positions = answers.map((r) => json(r).position).filter((p) => p !== null).sort((a, b) => a - b);
    expect(positions).toEqual(Array.from({ length: n - 5 }, (_, i) => i + 1));
    const [{ c }] = await t.database.query<{ c: number }>(`select count(*)::int as c from event_registrations where page_id = $1 and status = 'confirmed'`, [ev.id]);
    expect(c).toBe(5);
    const same = await Promise.all(Array.from({ length: 4 }, (_, i) => register(ev.token, { name: `同号${i}`, phone: '13500000000' })));
    expect(same.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409]);
    expect(same.filter((r) => r.statusCode === 409).map((r) => json(r).error.code)).toEqual(Array(3).fill('EVENT_ALREADY_REGISTERED'));
  });
});

describe('at the door and the charity sale', () => {
  it('checks in by code once; the waiting list and unknown codes are refused; takings in fen, ready to post', async () => {
    const ev = await openEvent({ fields: ['phone'], capacity: 1, fundName: '白峰慈善基金' });
    const a = json(await register(ev.token, { name: '有名额', phone: '13800000011' }));
    const b = json(await register(ev.token, { name: '候补', phone: '13800000012' }));
    const ok = await w.yjAdmin.post(`/api/v1/event-pages/${ev.id}/checkin`, { code: a.code.toLowerCase() });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(json(ok)).toMatchObject({ name: '有名额', status: 'confirmed' });
    expect(json(ok).checkedInAt).toBeTruthy();
    await expectRefused(() => w.yjAdmin.post(`/api/v1/event-pages/${ev.id}/checkin`, { code: a.code }), 409, 'EVENT_ALREADY_CHECKED_IN', () => snapshot(t));
    await expectRefused(() => w.yjAdmin.post(`/api/v1/event-pages/${ev.id}/checkin`, { code: b.code }), 422, 'EVENT_NOT_CONFIRMED', () => snapshot(t));
    await expectRefused(() => w.yjAdmin.post(`/api/v1/event-pages/${ev.id}/checkin`, { code: 'ZZZZZZ' }), 422, 'EVENT_CODE_UNKNOWN', () => snapshot(t));
    await expectRefused(() => w.lmAdmin.post(`/api/v1/event-pages/${ev.id}/checkin`, { code: a.code }), 404, 'NOT_FOUND', () => snapshot(t));

    const r1 = await w.yjAdmin.post(`/api/v1/event-pages/${ev.id}/takings`, { payer: '中海浙江LNG 团支部', amountFen: 52000, note: '玫瑰 26 支' });
    expect(r1.statusCode, r1.body).toBe(201);
    expect(json(r1)).toMatchObject({ amountFen: 52000, status: 'ready' });
    expect((await w.yjAdmin.post(`/api/v1/event-pages/${ev.id}/takings`, { payer: '散客', amountFen: 2000 })).statusCode).toBe(201);
    await expectRefused(() => w.yjAdmin.post(`/api/v1/event-pages/${ev.id}/takings`, { payer: '零元', amountFen: 0 }), 400, 'VALIDATION_FAILED', () => snapshot(t));
    await expectRefused(() => w.yjAdmin.post(`/api/v1/event-pages/${ev.id}/takings`, { payer: '小数', amountFen: 12.5 }), 400, 'VALIDATION_FAILED', () => snapshot(t));
    await expectRefused(() => w.lmAdmin.post(`/api/v1/event-pages/${ev.id}/takings`, { payer: '越权', amountFen: 100 }), 404, 'NOT_FOUND', () => snapshot(t));
    const list = json(await w.yjAdmin.get(`/api/v1/event-pages/${ev.id}/takings`));
    expect(list).toMatchObject({ totalFen: 54000, fundName: '白峰慈善基金' });
    expect(list.items.map((x: { payer: string }) => x.payer)).toEqual(['中海浙江LNG 团支部', '散客']);
    expect(json(await w.yjAdmin.get(`/api/v1/activities/${ev.activityId}/event`)).event.counts).toEqual({ confirmed: 1, waitlisted: 1, checkedIn: 1, takingsFen: 54000 });
    // the audit keeps no full phone
    const audits = await t.database.query<{ after: { phone?: string } }>(`select after from audit_log where action = 'event.register' and entity_id = (select id::text from event_registrations where code = $1)`, [a.code]);
    expect(audits[0].after.phone).toBe('138****0011');
  });

  it('posts the ready takings into a charity fund, one donation each, once; the organiser must also prepare for the fund', async () => {
    const ev = await openEvent({ fields: [], capacity: 10, fundName: '怡江爱心基金' });
    // an organiser of 怡江 who is also the fund's officer; the fund belongs to 怡江's committee
    const g = (role: 'org_admin' | 'fund_officer') => ({ role, scopeKind: 'org' as const, scopeId: w.org.yj.id, regionId: w.A.id });
    const organiser = (await make.user(t, { grants: [g('org_admin'), g('fund_officer')] })).client;
    const fundId = make.created<{ id: string }>(await organiser.post('/api/v1/charity-funds', { orgId: w.org.yj.id, name: '怡江爱心基金', kind: 'spend' }), 'fund').id;
    for (const [payer, amountFen] of [['玫瑰义卖 张女士', 52000], ['玫瑰义卖 散客', 2000]] as const) {
      expect((await organiser.post(`/api/v1/event-pages/${ev.id}/takings`, { payer, amountFen })).statusCode).toBe(201);
    }
    const key = { 'idempotency-key': `takings-${Math.random().toString(36).slice(2)}` };
    const url = `/api/v1/event-pages/${ev.id}/takings/post`;
    // without a key, by the organiser who is no officer of the fund, to a made-up fund: nothing moves
    await expectRefused(() => organiser.post(url, { fundId }), 400, 'IDEMPOTENCY_KEY_REQUIRED', () => snapshot(t));
    await expectRefused(() => w.yjAdmin.post(url, { fundId }, key), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => organiser.post(url, { fundId: uuidv7() }, key), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => w.lmAdmin.post(url, { fundId }, key), 404, 'NOT_FOUND', () => snapshot(t));

    const r = await organiser.post(url, { fundId }, key);
    expect(r.statusCode, r.body).toBe(200);
    expect(json(r)).toMatchObject({ posted: 2, totalFen: 54000, fundName: '怡江爱心基金', replayed: false });
    expect(json(r).receiptNos).toHaveLength(2);
    const donations = json(await organiser.get(`/api/v1/charity-funds/${fundId}/donations`));
    expect(donations.items.map((d: { donorName: string; amountFen: number; source: string }) => [d.donorName, d.amountFen, d.source]).sort())
      .toEqual([['玫瑰义卖 张女士', 52000, 'event'], ['玫瑰义卖 散客', 2000, 'event']]);
    expect(json(await organiser.get(`/api/v1/event-pages/${ev.id}/takings`)).items.map((x: { status: string }) => x.status)).toEqual(['posted', 'posted']);
    // the retry answers the first answer and moves nothing; a new request finds nothing ready
    const again = await organiser.post(url, { fundId }, key);
    expect(json(again)).toMatchObject({ posted: 2, replayed: true });
    expect(json(await organiser.get(`/api/v1/charity-funds/${fundId}/donations`)).items).toHaveLength(2);
    await expectRefused(() => organiser.post(url, { fundId }, { 'idempotency-key': `takings-${Math.random().toString(36).slice(2)}` }), 409, 'EVENT_NOTHING_TO_POST', () => snapshot(t));
  });
});
