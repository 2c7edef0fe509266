import { beforeAll, describe, expect, it } from 'vitest';
import { json, testApp, type Client, type TestApp } from '../../../../test/support/app.ts';
import { DB_KIND } from '../../../../test/support/db.ts';
import * as make from '../../../../test/support/factories.ts';
import { expectRefused, snapshot } from '../../../../test/support/refused.ts';

/**
 * The test clock starts on Wednesday 2026-11-25 10:00 in Shanghai. Each test opens its own venue of 怡江社区党委
 * (managed by yjAdmin) and books it as 绿梅 (lmAdmin) or the region admin for other orgs.
 */
let t: TestApp;
let w: make.World;

/** An instant given in Shanghai local time. */
const sh = (day: string, hhmm: string) => new Date(`${day}T${hhmm}:00+08:00`).toISOString();
const all = { open: '08:00', close: '22:00' };

async function venue(over: Record<string, unknown> = {}) {
  const res = await w.yjAdmin.post('/api/v1/venue-resources', {
    name: `活动室${Math.random().toString(36).slice(2, 7)}`, kind: 'activity_room', orgId: w.org.yj.id, capacity: 40,
    openingHours: [all, all, all, all, all, all, all], bookableBy: 'region', minNoticeMinutes: 60, maxAdvanceDays: 30,
    minDurationMinutes: 60, maxDurationMinutes: 180, approvalRequired: true, weeklyQuota: 2, cancelCutoffMinutes: 120, ...over,
  });
  expect(res.statusCode, res.body).toBe(201);
  return json(res).id as string;
}

const book = (c: Client, venueResourceId: string, orgId: string, day: string, from: string, to: string, over: Record<string, unknown> = {}) =>
  c.post('/api/v1/venue-bookings', { venueResourceId, orgId, purpose: '支部活动', startsAt: sh(day, from), endsAt: sh(day, to), ...over });

beforeAll(async () => {
  // the last test moves the clock by weeks: sessions outlive it
  t = await testApp({ sessionIdleMinutes: 60 * 24 * 90, sessionAbsoluteMinutes: 60 * 24 * 90 });
  w = await make.world(t);
});

describe('venues', () => {
  it('an org admin opens a venue; others of the region see it, only its owner changes it', async () => {
    const id = await venue();
    expect(json(await w.lmAdmin.get(`/api/v1/venue-resources/${id}`))).toMatchObject({ ownerName: '怡江社区党委', canManage: false, weeklyQuota: 2 });
    expect(json(await w.yjAdmin.get(`/api/v1/venue-resources/${id}`)).canManage).toBe(true);
    await expectRefused(() => w.lmAdmin.patch(`/api/v1/venue-resources/${id}`, { capacity: 10 }), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => w.bAdmin.get(`/api/v1/venue-resources/${id}`), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => w.lmAdmin.post('/api/v1/venue-resources', {
      name: '别人的活动室', kind: 'other', orgId: w.org.yj.id, capacity: 5, openingHours: [all, all, all, all, all, all, all], bookableBy: 'region',
    }), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => w.yjAdmin.post('/api/v1/venue-resources', {
      name: '时长颠倒', kind: 'other', orgId: w.org.yj.id, capacity: 5, openingHours: [all, all, all, all, all, all, all], bookableBy: 'region',
      minDurationMinutes: 120, maxDurationMinutes: 60,
    }), 422, 'VALIDATION_FAILED', () => snapshot(t));
    const closed = await expectRefused(() => w.yjAdmin.post('/api/v1/venue-resources', {
      name: '关门早于开门', kind: 'other', orgId: w.org.yj.id, capacity: 5, openingHours: [{ open: '20:00', close: '08:00' }, all, all, all, all, all, all], bookableBy: 'region',
    }), 422, 'VALIDATION_FAILED', () => snapshot(t));
    expect(closed.details?.map((d) => d.field)).toEqual(['openingHours.0.close']);
    const mine = json(await w.yjAdmin.get('/api/v1/venue-resources?managed=true&pageSize=100')).items.map((v: { id: string }) => v.id);
    expect(mine).toContain(id);
    expect(json(await w.lmAdmin.get('/api/v1/venue-resources?managed=true&pageSize=100')).items.map((v: { id: string }) => v.id)).not.toContain(id);
  });

  it('books a slot; an overlapping booking is refused by the database with BOOKING_CONFLICT; an adjacent one is fine', async () => {
    const id = await venue({ weeklyQuota: null });
    const first = await book(w.lmAdmin, id, w.org.lm.id, '2026-12-01', '19:00', '21:00');
    expect(first.statusCode, first.body).toBe(201);
    expect(json(first).bookings[0]).toMatchObject({ status: 'pending', bookerName: '绿梅社区党委', mine: true });
    await expectRefused(() => book(w.admin, id, w.org.other.id, '2026-12-01', '20:00', '21:30'), 409, 'BOOKING_CONFLICT', () => snapshot(t));
    await expectRefused(() => book(w.admin, id, w.org.other.id, '2026-12-01', '18:30', '20:30'), 409, 'BOOKING_CONFLICT', () => snapshot(t));
    expect((await book(w.admin, id, w.org.other.id, '2026-12-01', '21:00', '22:00')).statusCode).toBe(201);
    expect((await book(w.admin, id, w.org.other.id, '2026-12-01', '17:00', '19:00')).statusCode).toBe(201);
    // a rejected or cancelled booking frees the slot
    const bid = json(first).bookings[0].id;
    expect((await w.yjAdmin.post(`/api/v1/venue-bookings/${bid}/reject`, { reason: '场地另有安排' })).statusCode).toBe(200);
    const again = await book(w.admin, id, w.org.other.id, '2026-12-01', '19:00', '21:00');
    expect(again.statusCode, again.body).toBe(201);
    expect(json(await w.lmAdmin.get(`/api/v1/venue-bookings/${bid}`))).toMatchObject({ status: 'rejected', rejectReason: '场地另有安排' });
  });

  it('refuses a booking outside opening hours, in a closure, under the notice, too far ahead, of a wrong length or over the quota', async () => {
    const evening = { open: '18:00', close: '21:00' };
    const id = await venue({ openingHours: [evening, evening, evening, evening, evening, null, null] });
    const b = await w.yjAdmin.post(`/api/v1/venue-resources/${id}/blackouts`, { startsAt: sh('2026-12-02', '00:00'), endsAt: sh('2026-12-03', '00:00'), reason: '地坪维护' });
    expect(b.statusCode, b.body).toBe(201);
    const snap = () => snapshot(t);
    await expectRefused(() => book(w.lmAdmin, id, w.org.lm.id, '2026-12-01', '17:00', '19:00'), 422, 'OUTSIDE_OPENING_HOURS', snap);
    await expectRefused(() => book(w.lmAdmin, id, w.org.lm.id, '2026-12-05', '18:00', '20:00'), 422, 'OUTSIDE_OPENING_HOURS', snap);
    await expectRefused(() => book(w.lmAdmin, id, w.org.lm.id, '2026-12-02', '18:00', '20:00'), 422, 'IN_BLACKOUT', snap);
    // now is Wednesday 10:00: today 18:00 is 8 h ahead, under a 24 h notice
    await w.yjAdmin.patch(`/api/v1/venue-resources/${id}`, { minNoticeMinutes: 24 * 60 });
    await expectRefused(() => book(w.lmAdmin, id, w.org.lm.id, '2026-11-25', '18:00', '19:00'), 422, 'NOTICE_TOO_SHORT', snap);
    await expectRefused(() => book(w.lmAdmin, id, w.org.lm.id, '2027-01-12', '18:00', '19:00'), 422, 'TOO_FAR_AHEAD', snap);
    await expectRefused(() => book(w.lmAdmin, id, w.org.lm.id, '2026-12-01', '18:00', '18:30'), 422, 'DURATION_OUT_OF_RANGE', snap);
    const bad = await expectRefused(() => book(w.lmAdmin, id, w.org.lm.id, '2026-12-01', '19:00', '18:00'), 422, 'VALIDATION_FAILED', snap);
    expect(bad.details?.[0]?.field).toBe('endsAt');
    // two a week for 绿梅: the third in the same week is refused, the next week is fine
    expect((await book(w.lmAdmin, id, w.org.lm.id, '2026-11-30', '18:00', '19:00')).statusCode).toBe(201);
    expect((await book(w.lmAdmin, id, w.org.lm.id, '2026-12-01', '18:00', '19:00')).statusCode).toBe(201);
    await expectRefused(() => book(w.lmAdmin, id, w.org.lm.id, '2026-12-03', '18:00', '19:00'), 409, 'QUOTA_EXCEEDED', snap);
    expect((await book(w.admin, id, w.org.other.id, '2026-12-03', '18:00', '19:00')).statusCode).toBe(201);
    expect((await book(w.lmAdmin, id, w.org.lm.id, '2026-12-07', '18:00', '19:00')).statusCode).toBe(201);
    // an org the caller does not book for: as a made-up one
    await expectRefused(() => book(w.lmAdmin, id, w.org.yj.id, '2026-12-08', '18:00', '19:00'), 404, 'NOT_FOUND', snap);
    await expectRefused(() => book(w.lmAdmin, id, '0190b6a0-0000-7000-8000-00000000beef', '2026-12-08', '18:00', '19:00'), 404, 'NOT_FOUND', snap);
  });

  it('only the owner approves; someone else (or another region) gets 404 and nothing changes', async () => {
    const id = await venue();
    const bid = json(await book(w.lmAdmin, id, w.org.lm.id, '2026-12-04', '09:00', '11:00')).bookings[0].id;
    await expectRefused(() => w.lmAdmin.post(`/api/v1/venue-bookings/${bid}/approve`), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => w.bAdmin.post(`/api/v1/venue-bookings/${bid}/approve`), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => w.lmAdmin.post(`/api/v1/venue-bookings/${bid}/reject`, { reason: '不行' }), 404, 'NOT_FOUND', () => snapshot(t));
    const queue = json(await w.yjAdmin.get(`/api/v1/venue-bookings?view=approvals&status=pending&venueResourceId=${id}`));
    expect(queue.items.map((b: { id: string }) => b.id)).toEqual([bid]);
    expect(json(await w.lmAdmin.get(`/api/v1/venue-bookings?view=approvals&venueResourceId=${id}`)).total).toBe(0);
    const ok = await w.yjAdmin.post(`/api/v1/venue-bookings/${bid}/approve`);
    expect(json(ok)).toMatchObject({ status: 'approved', mine: false });
    await expectRefused(() => w.yjAdmin.post(`/api/v1/venue-bookings/${bid}/approve`), 409, 'BOOKING_STATE', () => snapshot(t));
    const mine = json(await w.lmAdmin.get(`/api/v1/venue-bookings?view=mine&venueResourceId=${id}`));
    expect(mine.items).toMatchObject([{ id: bid, status: 'approved', mine: true }]);
    const [{ n }] = await t.database.query<{ n: number }>(`select count(*)::int as n from audit_log where action = 'booking.approve' and entity_id = $1`, [bid]);
    expect(n).toBe(1);
  });

  it('a weekly request reports each conflicting occurrence and books nothing, or the rest when asked', async () => {
    const id = await venue({ weeklyQuota: null, approvalRequired: false });
    // 其他党委 holds Tuesday 8 Dec
    expect((await book(w.admin, id, w.org.other.id, '2026-12-08', '19:30', '20:30')).statusCode).toBe(201);
    const req = (over: Record<string, unknown> = {}) => book(w.lmAdmin, id, w.org.lm.id, '2026-12-01', '19:00', '21:00', { weeks: 4, ...over });
    const err = await expectRefused(() => req(), 409, 'SERIES_REFUSED', () => snapshot(t));
    expect(err.details).toMatchObject([{ field: 'occurrences.1', code: 'BOOKING_CONFLICT', startsAt: sh('2026-12-08', '19:00') }]);
    const res = await req({ bookAvailable: true });
    expect(res.statusCode, res.body).toBe(201);
    const out = json(res);
    expect(out.occurrences.map((o: { outcome: string }) => o.outcome)).toEqual(['booked', 'refused', 'booked', 'booked']);
    expect(out.bookings).toHaveLength(3);
    expect(out.bookings.every((b: { status: string; seriesId: string }) => b.status === 'approved' && b.seriesId === out.seriesId)).toBe(true);
    // move one occurrence: it becomes an exception, the others keep their times
    const [b0, b2, b3] = out.bookings as { id: string; startsAt: string }[];
    const moved = await w.lmAdmin.post(`/api/v1/venue-bookings/${b2.id}/move`, { startsAt: sh('2026-12-16', '19:00'), endsAt: sh('2026-12-16', '21:00') });
    expect(json(moved)).toMatchObject({ isException: true, startsAt: sh('2026-12-16', '19:00') });
    // moving onto another booking is refused by the database
    await expectRefused(() => w.lmAdmin.post(`/api/v1/venue-bookings/${b3.id}/move`, { startsAt: sh('2026-12-08', '20:00'), endsAt: sh('2026-12-08', '21:00') }), 409, 'BOOKING_CONFLICT', () => snapshot(t));
    // cancel one, then the rest of the series: the moved one is cancelled too, nothing reappears where it was
    expect(json(await w.lmAdmin.post(`/api/v1/venue-bookings/${b0.id}/cancel`)).status).toBe('cancelled');
    const cancelled = await w.lmAdmin.post(`/api/v1/venue-series/${out.seriesId}/cancel`);
    expect(json(cancelled).count).toBe(2);
    const cal = json(await w.lmAdmin.get(`/api/v1/venue-resources/${id}/calendar?from=${encodeURIComponent(sh('2026-11-30', '00:00'))}&to=${encodeURIComponent(sh('2026-12-28', '00:00'))}`));
    expect(cal.bookings.map((b: { bookerName: string }) => b.bookerName)).toEqual(['其他党委']);
    expect(cal.bookings[0].purpose).toBeNull();
    // the series' cancel is the booker's: someone else gets 404
    await expectRefused(() => w.yjAdmin.post(`/api/v1/venue-series/${out.seriesId}/cancel`), 404, 'NOT_FOUND', () => snapshot(t));
  });

  it('a change of the series (time of day, duration; all or from one occurrence on) keeps the exceptions and reports each conflicting occurrence', async () => {
    const id = await venue({ weeklyQuota: null, approvalRequired: false });
    const out = json(await book(w.lmAdmin, id, w.org.lm.id, '2026-12-01', '19:00', '21:00', { weeks: 4 }));
    const [b0, b1, b2, b3] = out.bookings as { id: string }[];
    // occurrence 1 moved to Wednesday, occurrence 3 cancelled: exceptions
    expect((await w.lmAdmin.post(`/api/v1/venue-bookings/${b1.id}/move`, { startsAt: sh('2026-12-09', '19:00'), endsAt: sh('2026-12-09', '21:00') })).statusCode).toBe(200);
    expect((await w.lmAdmin.post(`/api/v1/venue-bookings/${b3.id}/cancel`)).statusCode).toBe(200);
    // 其他党委 holds 15 Dec 17:00–18:30
    expect((await book(w.admin, id, w.org.other.id, '2026-12-15', '17:00', '18:30')).statusCode).toBe(201);
    const change = (c: Client, body: Record<string, unknown>, series = out.seriesId) => c.post(`/api/v1/venue-series/${series}/change`, body);
    const err = await expectRefused(() => change(w.lmAdmin, { startTime: '18:00', durationMinutes: 120 }), 409, 'SERIES_REFUSED', () => snapshot(t));
    expect(err.details).toMatchObject([{ field: 'occurrences.2', code: 'BOOKING_CONFLICT', bookingId: b2.id, startsAt: sh('2026-12-15', '18:00') }]);
    const late = await expectRefused(() => change(w.lmAdmin, { startTime: '21:00', durationMinutes: 120 }), 409, 'SERIES_REFUSED', () => snapshot(t));
    expect(late.details?.map((d) => [d.field, d.code])).toEqual([['occurrences.0', 'OUTSIDE_OPENING_HOURS'], ['occurrences.2', 'OUTSIDE_OPENING_HOURS']]);
    await expectRefused(() => change(w.yjAdmin, { startTime: '18:00', durationMinutes: 120 }), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => change(w.lmAdmin, { startTime: '18:00', durationMinutes: 120 }, '00000000-0000-7000-8000-000000000000'), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => change(w.lmAdmin, { startTime: '25:00', durationMinutes: 120 }), 400, 'VALIDATION_FAILED', () => snapshot(t));
    const foreign = json(await book(w.lmAdmin, id, w.org.lm.id, '2026-12-03', '09:00', '10:00')).bookings[0].id;
    const notIn = await expectRefused(() => change(w.lmAdmin, { startTime: '18:00', durationMinutes: 90, fromBookingId: foreign }), 422, 'VALIDATION_FAILED', () => snapshot(t));
    expect(notIn.details?.map((d) => d.field)).toEqual(['fromBookingId']);

    // the others when asked: occurrence 0 changes, 2 keeps its time, the exceptions are untouched
    const r = await change(w.lmAdmin, { startTime: '18:00', durationMinutes: 120, bookAvailable: true });
    expect(r.statusCode, r.body).toBe(200);
    expect(json(r).occurrences.map((o: { outcome: string; code: string | null }) => [o.outcome, o.code])).toEqual([['changed', null], ['kept', 'EXCEPTION'], ['refused', 'BOOKING_CONFLICT'], ['kept', 'EXCEPTION']]);
    const at = async (bid: string) => { const b = json(await w.lmAdmin.get(`/api/v1/venue-bookings/${bid}`)); return [b.startsAt, b.endsAt, b.status]; };
    expect(await at(b0.id)).toEqual([sh('2026-12-01', '18:00'), sh('2026-12-01', '20:00'), 'approved']);
    expect(await at(b1.id)).toEqual([sh('2026-12-09', '19:00'), sh('2026-12-09', '21:00'), 'approved']);
    expect(await at(b2.id)).toEqual([sh('2026-12-15', '19:00'), sh('2026-12-15', '21:00'), 'approved']);
    expect(await at(b3.id)).toEqual([sh('2026-12-22', '19:00'), sh('2026-12-22', '21:00'), 'cancelled']);
    // from occurrence 2 onward: only it changes (3 is an exception)
    const on = json(await change(w.lmAdmin, { startTime: '19:30', durationMinutes: 90, fromBookingId: b2.id }));
    expect(on.occurrences.map((o: { index: number; outcome: string }) => [o.index, o.outcome])).toEqual([[2, 'changed'], [3, 'kept']]);
    expect(await at(b2.id)).toEqual([sh('2026-12-15', '19:30'), sh('2026-12-15', '21:00'), 'approved']);
    expect(await at(b0.id)).toEqual([sh('2026-12-01', '18:00'), sh('2026-12-01', '20:00'), 'approved']);
    const [{ n }] = await t.database.query<{ n: number }>(`select count(*)::int as n from audit_log where action = 'booking.series.change' and entity_id = $1`, [out.seriesId]);
    expect(n).toBe(2);
  });

  it('an Idempotency-Key makes a retried booking answer the first answer; the key with another request is 409; a refusal stores nothing', async () => {
    const id = await venue({ approvalRequired: false, weeklyQuota: null });
    const key = { 'idempotency-key': `bk-${Math.random().toString(36).slice(2)}` };
    const body = { venueResourceId: id, orgId: w.org.lm.id, purpose: '支部活动', startsAt: sh('2026-12-01', '09:00'), endsAt: sh('2026-12-01', '10:00') };
    const first = await w.lmAdmin.post('/api/v1/venue-bookings', body, key);
    expect(first.statusCode, first.body).toBe(201);
    const before = await snapshot(t);
    const again = await w.lmAdmin.post('/api/v1/venue-bookings', body, key);
    expect(again.statusCode, again.body).toBe(200);
    expect(json(again).bookings[0].id).toBe(json(first).bookings[0].id);
    expect((await before.again()).tables).toEqual(before.tables);
    await expectRefused(() => w.lmAdmin.post('/api/v1/venue-bookings', { ...body, purpose: '换了内容' }, key), 409, 'IDEMPOTENCY_KEY_REUSED', () => snapshot(t));
    await expectRefused(() => w.lmAdmin.post('/api/v1/venue-bookings', body, { 'idempotency-key': 'bad key with spaces' }), 400, 'IDEMPOTENCY_KEY_REQUIRED', () => snapshot(t));
    // someone else's key space: the same key is new for another caller, and the slot is taken
    await expectRefused(() => w.yjAdmin.post('/api/v1/venue-bookings', { ...body, orgId: w.org.yj.id }, key), 409, 'BOOKING_CONFLICT', () => snapshot(t));
    // a refusal stored nothing under the key: once the slot is free, the same key books
    const k2 = { 'idempotency-key': `bk-${Math.random().toString(36).slice(2)}` };
    const clash = { ...body, startsAt: sh('2026-12-01', '09:30'), endsAt: sh('2026-12-01', '10:30') };
    await expectRefused(() => w.lmAdmin.post('/api/v1/venue-bookings', clash, k2), 409, 'BOOKING_CONFLICT', () => snapshot(t));
    expect((await w.lmAdmin.post(`/api/v1/venue-bookings/${json(first).bookings[0].id}/cancel`)).statusCode).toBe(200);
    expect((await w.lmAdmin.post('/api/v1/venue-bookings', clash, k2)).statusCode).toBe(201);
  });

  it('many bookers ask for the same slot at once: exactly one wins, every other gets BOOKING_CONFLICT, no overlap is stored', async () => {
    const id = await venue({ approvalRequired: false });
    const orgs = [];
    for (let i = 0; i < (DB_KIND === 'pg' ? 20 : 8); i++) orgs.push(await make.org(t, w.A.id, w.A.rootOrgId, `并发支部${i}`));
    const answers = await Promise.all(orgs.map((o) => book(w.admin, id, o.id, '2026-12-10', '19:00', '20:30')));
    const codes = answers.map((r) => (r.statusCode === 201 ? 'booked' : `${r.statusCode} ${JSON.parse(r.body).error.code}`));
    expect(codes.filter((c) => c === 'booked')).toHaveLength(1);
    expect(codes.filter((c) => c !== 'booked')).toEqual(Array(orgs.length - 1).fill('409 BOOKING_CONFLICT'));
    const [{ n }] = await t.database.query<{ n: number }>(`select count(*)::int as n from venue_bookings where resource_id = $1`, [id]);
    expect(n).toBe(1);
  });

  it('a closure over bookings is refused with each booking it hits, unless the owner cancels them (with a reason) in the same step: the bookers are told', async () => {
    const id = await venue({ weeklyQuota: null, minNoticeMinutes: 0 });
    const single = json(await book(w.lmAdmin, id, w.org.lm.id, '2026-12-05', '09:00', '11:00')).bookings[0].id as string;
    const series = json(await book(w.admin, id, w.org.other.id, '2026-12-01', '19:00', '21:00', { weeks: 3 }));
    expect((await w.yjAdmin.post(`/api/v1/venue-series/${series.seriesId}/approve`)).statusCode).toBe(200);
    const outside = json(await book(w.lmAdmin, id, w.org.lm.id, '2026-12-12', '09:00', '11:00')).bookings[0].id as string;
    const close = (c: Client, over: Record<string, unknown> = {}) =>
      c.post(`/api/v1/venue-resources/${id}/blackouts`, { startsAt: sh('2026-12-05', '00:00'), endsAt: sh('2026-12-09', '00:00'), reason: '场地维修', ...over });
    // not the owner: 404 as a made-up venue; the owner without cancelBookings: each hit named, nothing written
    await expectRefused(() => close(w.lmAdmin, { cancelBookings: true, cancelReason: '维修' }), 404, 'NOT_FOUND', () => snapshot(t));
    const hit = await expectRefused(() => close(w.yjAdmin), 409, 'BLACKOUT_HITS_BOOKINGS', () => snapshot(t));
    expect(hit.details).toMatchObject([
      { field: 'bookings.0', bookingId: single, bookerName: '绿梅社区党委', status: 'pending', startsAt: sh('2026-12-05', '09:00') },
      { field: 'bookings.1', bookingId: series.bookings[1].id, bookerName: '其他党委', status: 'approved', startsAt: sh('2026-12-08', '19:00') },
    ]);
    const noReason = await expectRefused(() => close(w.yjAdmin, { cancelBookings: true }), 422, 'VALIDATION_FAILED', () => snapshot(t));
    expect(noReason.details?.map((d) => d.field)).toEqual(['cancelReason']);
    // with the reason: closed, both cancelled (the occurrence an exception), the series' other weeks and the outside booking kept
    const r = await close(w.yjAdmin, { cancelBookings: true, cancelReason: '屋顶漏水需维修，请改约其他时间' });
    expect(r.statusCode, r.body).toBe(201);
    expect(json(r).cancelled.map((b: { id: string }) => b.id)).toEqual([single, series.bookings[1].id]);
    const mine = json(await w.lmAdmin.get(`/api/v1/venue-bookings/${single}`));
    expect(mine).toMatchObject({ status: 'cancelled', rejectReason: '屋顶漏水需维修，请改约其他时间' });
    expect(json(await w.admin.get(`/api/v1/venue-bookings/${series.bookings[1].id}`))).toMatchObject({ status: 'cancelled', isException: true });
    expect(json(await w.admin.get(`/api/v1/venue-bookings/${series.bookings[0].id}`)).status).toBe('approved');
    expect(json(await w.lmAdmin.get(`/api/v1/venue-bookings/${outside}`)).status).toBe('pending');
    const [{ n }] = await t.database.query<{ n: number }>(`select count(*)::int as n from audit_log where action = 'booking.owner_cancel' and entity_id = any($1)`, [[single, series.bookings[1].id]]);
    expect(n).toBe(2);
    // each booker has a message in the app
    const msgs = json(await w.lmAdmin.get('/api/v1/messages')).items as { title: string; body: string }[];
    expect(msgs.find((m) => m.body.includes('屋顶漏水'))?.title).toContain('2026-12-05 09:00');
    expect((json(await w.admin.get('/api/v1/messages')).items as { body: string }[]).some((m) => m.body.includes('屋顶漏水'))).toBe(true);
    // a booking in use (checked in) cannot be closed over, even when asked to cancel
    const now = json(await book(w.lmAdmin, id, w.org.lm.id, '2026-11-25', '10:30', '11:30')).bookings[0].id as string;
    await w.yjAdmin.post(`/api/v1/venue-bookings/${now}/approve`);
    expect(json(await w.yjAdmin.post(`/api/v1/venue-bookings/${now}/check-in`)).status).toBe('checked_in');
    const inUse = await expectRefused(() => close(w.yjAdmin, { startsAt: sh('2026-11-25', '11:00'), endsAt: sh('2026-11-25', '18:00'), cancelBookings: true, cancelReason: '临时' }), 409, 'BLACKOUT_BOOKING_IN_USE', () => snapshot(t));
    expect(inUse.details).toMatchObject([{ bookingId: now, status: 'checked_in' }]);
  });

  it('check-in, done with visitors (the figure), a no-show; three no-shows in 90 days suspend the booker', async () => {
    const id = await venue({ approvalRequired: false, weeklyQuota: null, minNoticeMinutes: 0 });
    const bookings: string[] = [];
    for (const d of ['2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29']) {
      const r = await book(w.lmAdmin, id, w.org.lm.id, d, '09:00', '10:00');
      expect(r.statusCode, r.body).toBe(201);
      bookings.push(json(r).bookings[0].id);
    }
    // too early for check-in or a no-show
    await expectRefused(() => w.yjAdmin.post(`/api/v1/venue-bookings/${bookings[0]}/check-in`), 409, 'CHECKIN_WINDOW', () => snapshot(t));
    await expectRefused(() => w.yjAdmin.post(`/api/v1/venue-bookings/${bookings[0]}/no-show`), 409, 'BOOKING_NOT_STARTED', () => snapshot(t));
    // within the cut-off the booker can no longer cancel: Thursday 08:00, an hour before the first
    t.clock.t = Date.parse(sh('2026-11-26', '08:00'));
    await expectRefused(() => w.lmAdmin.post(`/api/v1/venue-bookings/${bookings[0]}/cancel`), 409, 'CANCEL_CUTOFF_PASSED', () => snapshot(t));
    t.clock.t = Date.parse(sh('2026-11-26', '08:45'));
    expect(json(await w.yjAdmin.post(`/api/v1/venue-bookings/${bookings[0]}/check-in`)).status).toBe('checked_in');
    await expectRefused(() => w.lmAdmin.post(`/api/v1/venue-bookings/${bookings[0]}/check-in`), 404, 'NOT_FOUND', () => snapshot(t));
    expect(json(await w.yjAdmin.post(`/api/v1/venue-bookings/${bookings[0]}/done`, { visitors: 35 })).status).toBe('done');
    await w.yjAdmin.post(`/api/v1/venue-resources/${id}/visits`, { visitedOn: '2026-11-26', visitors: 12, groupName: '居民参观' });
    await expectRefused(() => w.yjAdmin.post(`/api/v1/venue-resources/${id}/visits`, { visitedOn: '2026-11-27', visitors: 5, groupName: '未来' }), 422, 'VALIDATION_FAILED', () => snapshot(t));
    const fig = json(await w.lmAdmin.get(`/api/v1/venue-resources/${id}/figures`));
    expect(fig).toMatchObject({ visits: 2, visitors: 47, byMonth: [{ month: '2026-11', visitors: 47 }] });
    // three no-shows: the next booking of 绿梅 is refused for 30 days
    for (const [i, d] of [[1, '2026-11-27'], [2, '2026-11-28'], [3, '2026-11-29']] as const) {
      t.clock.t = Date.parse(sh(d, '09:30'));
      expect(json(await w.yjAdmin.post(`/api/v1/venue-bookings/${bookings[i]}/no-show`)).status).toBe('no_show');
    }
    const refused = await expectRefused(() => book(w.lmAdmin, id, w.org.lm.id, '2026-12-05', '09:00', '10:00'), 409, 'BOOKER_SUSPENDED', () => snapshot(t));
    expect(refused.message).toContain('2026-12-29');
    expect((await book(w.admin, id, w.org.other.id, '2026-12-05', '09:00', '10:00')).statusCode).toBe(201);
    t.clock.t = Date.parse(sh('2026-12-29', '09:31'));
    expect((await book(w.lmAdmin, id, w.org.lm.id, '2027-01-05', '09:00', '10:00')).statusCode).toBe(201);
  });
});
