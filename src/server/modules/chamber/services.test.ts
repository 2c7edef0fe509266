import { beforeAll, describe, expect, it } from 'vitest';
import { json, testApp, type Client, type TestApp } from '../../../../test/support/app.ts';
import * as make from '../../../../test/support/factories.ts';
import { expectRefused, snapshot } from '../../../../test/support/refused.ts';
import { ctxOf } from '../../platform/context.ts';
import { sendDailyReminders } from '../../platform/notify/reminders.ts';
import { chamberTodos } from './todos.ts';

/**
 * The one-stop service alliance on the case engine: an enterprise submits, the committee dispatches to an agency
 * that offers the service, the agency signs, replies or hands back (with a reason), the enterprise rates and the
 * request closes; clocks in working days from the dispatch; each bad input refused with nothing changed.
 */
let t: TestApp;
let R: make.Region;
let chamber: make.Org;
let dispatcher: Client;
let regionAdmin: Client;
let enterprise: Client;
let otherEnterprise: Client;
let agencyA: Client;
let agencyB: Client;
let E1: string;
let E2: string;
let A1: string;
let A2: string;
let bAdmin: Client;

const MADE_UP = '0190b6a0-0000-7000-8000-00000000beef';

async function unit(regionId: string, kind: string, name: string, orgId: string | null = null) {
  const admin = await make.regionAdmin(t, regionId);
  return make.created<{ id: string }>(await admin.client.post('/api/v1/units', { regionId, kind, name, orgId }), name).id;
}
const liaison = async (unitId: string) => (await make.user(t, { grants: [{ role: 'unit_liaison', scopeKind: 'unit', scopeId: unitId, regionId: R.id }] })).client;
const submit = async (c: Client = enterprise, over: Record<string, unknown> = {}) =>
  make.created<{ id: string; number: string; stage: string }>(await c.post('/api/v1/service-requests', { unitId: E1, service: 'legal', title: '劳动合同审查', detail: '请审查新版劳动合同文本', ...over }), 'request');
async function dispatched(agency = A1) {
  const r = await submit();
  const res = await dispatcher.post(`/api/v1/service-requests/${r.id}/dispatch`, { unitId: agency });
  expect(res.statusCode, res.body).toBe(200);
  return r;
}

beforeAll(async () => {
  t = await testApp();
  // Monday 2026-11-23 10:00 in Beijing
  t.clock.t = Date.parse('2026-11-23T10:00:00+08:00');
  R = await make.region(t, '骆驼街道');
  chamber = await make.org(t, R.id, R.rootOrgId, '商会党委', 'committee');
  const branch = await make.org(t, R.id, chamber.id, '机电01党支部');
  E1 = await unit(R.id, 'enterprise', '机电01有限公司', branch.id);
  E2 = await unit(R.id, 'enterprise', '机电02有限公司');
  A1 = await unit(R.id, 'agency', '律师事务所');
  A2 = await unit(R.id, 'agency', '专利代理所');
  await make.alliance(t, R.id, { kind: 'grid', name: '第一网格', leadOrgId: chamber.id, orgIds: [branch.id], unitIds: [E1, E2] });
  regionAdmin = (await make.regionAdmin(t, R.id)).client;
  for (const [u, s] of [[A1, 'legal'], [A2, 'patent']] as const) {
    const res = await regionAdmin.put(`/api/v1/units/${u}/services`, { services: [{ service: s }] });
    expect(res.statusCode, res.body).toBe(200);
  }
  dispatcher = (await make.orgAdmin(t, R.id, chamber.id)).client;
  enterprise = await liaison(E1);
  otherEnterprise = await liaison(E2);
  agencyA = await liaison(A1);
  agencyB = await liaison(A2);
  const B = await make.region(t, '白峰镇');
  bAdmin = (await make.regionAdmin(t, B.id)).client;
});

describe('service requests: the whole way', () => {
  it('submitted by the enterprise, dispatched, signed, replied, rated and closed, with clocks and a timeline', async () => {
    const r = await submit();
    expect(r.stage).toBe('accepted');
    expect(json<{ items: { id: string }[] }>(await dispatcher.get('/api/v1/service-requests?box=dispatch')).items.map((x) => x.id)).toContain(r.id);
    let v = json(await dispatcher.post(`/api/v1/service-requests/${r.id}/dispatch`, { unitId: A1 }));
    // sign within 1 working day of the dispatch (Monday 10:00 → Tuesday 10:00)
    expect(v).toMatchObject({ stage: 'dispatched', agencyName: '律师事务所', dueAt: new Date('2026-11-24T10:00:00+08:00').toISOString(), overdue: false });
    const inbox = json<{ items: { id: string; dueAt: string }[] }>(await agencyA.get('/api/v1/service-requests?box=inbox'));
    expect(inbox.items.map((x) => x.id)).toEqual([r.id]);
    expect(json<{ total: number }>(await agencyB.get('/api/v1/service-requests?box=inbox')).total).toBe(0);
    v = json(await agencyA.post(`/api/v1/service-requests/${r.id}/sign`));
    // done within 10 working days of the dispatch: two weeks later
    expect(v).toMatchObject({ stage: 'handling', dueAt: new Date('2026-12-07T10:00:00+08:00').toISOString() });
    v = json(await agencyA.post(`/api/v1/service-requests/${r.id}/reply`, { result: '已出具审查意见书' }));
    expect(v).toMatchObject({ stage: 'replied', result: '已出具审查意见书', may: { rate: false } });
    const mine = json(await enterprise.get(`/api/v1/service-requests/${r.id}`));
    expect(mine.may).toEqual({ dispatch: false, handle: false, rate: true });
    v = json(await enterprise.post(`/api/v1/service-requests/${r.id}/rate`, { value: 5, comment: '专业及时' }));
    expect(v).toMatchObject({ stage: 'closed', rating: 5, overdue: false, dueAt: null });
    expect(v.timeline.map((e: { kind: string }) => e.kind)).toEqual(['open', 'assign', 'stage', 'stage', 'stage', 'rate', 'stage']);
    expect(await make.count(t, 'audit_log', `entity_id = $1 and action like 'service_request.%'`, [r.id])).toBe(5);
  });

  it('the enterprise sends an unsatisfactory result back with a reason: the same agency handles it again, with a fresh clock, then it closes', async () => {
    const r = await dispatched();
    await agencyA.post(`/api/v1/service-requests/${r.id}/sign`);
    await agencyA.post(`/api/v1/service-requests/${r.id}/reply`, { result: '已口头答复' });
    let v = json(await enterprise.post(`/api/v1/service-requests/${r.id}/send-back`, { reason: '需要书面审查意见' }));
    // the result clock restarts at the send-back: 10 working days from Monday 10:00
    expect(v).toMatchObject({ stage: 'handling', agencyId: A1, lastSendBack: '需要书面审查意见', dueAt: new Date('2026-12-07T10:00:00+08:00').toISOString(), may: { rate: true } });
    expect(json<{ items: { id: string }[] }>(await agencyA.get('/api/v1/service-requests?box=inbox')).items.map((x) => x.id)).toContain(r.id);
    expect(await make.count(t, 'audit_log', `entity_id = $1 and action = 'service_request.send_back'`, [r.id])).toBe(1);
    await agencyA.post(`/api/v1/service-requests/${r.id}/reply`, { result: '已出具书面意见' });
    v = json(await enterprise.post(`/api/v1/service-requests/${r.id}/rate`, { value: 4 }));
    expect(v).toMatchObject({ stage: 'closed', result: '已出具书面意见', lastSendBack: '需要书面审查意见' });
  });

  it('a hand-back with a reason returns it to the dispatcher; the agency no longer sees it; it can be dispatched again', async () => {
    const r = await dispatched();
    const res = await agencyA.post(`/api/v1/service-requests/${r.id}/hand-back`, { reason: '不属于本所业务范围' });
    expect(res.statusCode, res.body).toBe(200);
    expect((await agencyA.get(`/api/v1/service-requests/${r.id}`)).statusCode).toBe(404);
    const v = json(await dispatcher.get(`/api/v1/service-requests/${r.id}`));
    expect(v).toMatchObject({ stage: 'accepted', agencyId: null, handedBack: 1, lastHandBack: '不属于本所业务范围', dueAt: null });
    expect((await dispatcher.post(`/api/v1/service-requests/${r.id}/dispatch`, { unitId: A1 })).statusCode).toBe(200);
  });

  it('the dispatcher may submit for an enterprise of its grid; the boxes say who sees what', async () => {
    const r = await submit(dispatcher, { unitId: E2 });
    expect(json<{ items: { id: string }[] }>(await otherEnterprise.get('/api/v1/service-requests?box=mine')).items.map((x) => x.id)).toEqual([r.id]);
    expect((await enterprise.get(`/api/v1/service-requests/${r.id}`)).statusCode).toBe(404);
    expect(json(await agencyA.get('/api/v1/service-boxes'))).toMatchObject({ dispatch: false, inbox: [{ id: A1 }], mine: [] });
    expect(json(await enterprise.get('/api/v1/service-boxes'))).toMatchObject({ dispatch: false, inbox: [], mine: [{ id: E1 }] });
    expect(json(await dispatcher.get('/api/v1/service-boxes'))).toMatchObject({ dispatch: true });
    expect(json<{ total: number }>(await bAdmin.get('/api/v1/service-requests')).total).toBe(0);
    expect((await bAdmin.get(`/api/v1/service-requests/${r.id}`)).statusCode).toBe(404);
  });
});

describe('service requests: bad input, nothing changed', () => {
  it('a request dispatched to an agency that does not offer the service (or to something that is no agency)', async () => {
    const r = await submit();
    const e1 = await expectRefused(() => dispatcher.post(`/api/v1/service-requests/${r.id}/dispatch`, { unitId: A2 }), 422, 'VALIDATION_FAILED', () => snapshot(t));
    expect(e1.details).toEqual([expect.objectContaining({ field: 'unitId', message: 'this agency does not offer the service' })]);
    const e2 = await expectRefused(() => dispatcher.post(`/api/v1/service-requests/${r.id}/dispatch`, { unitId: E2 }), 422, 'VALIDATION_FAILED', () => snapshot(t));
    expect(e2.details?.[0].field).toBe('unitId');
    await expectRefused(() => dispatcher.post(`/api/v1/service-requests/${r.id}/dispatch`, { unitId: MADE_UP }), 422, 'VALIDATION_FAILED', () => snapshot(t));
  });

  it('退单 without a reason; a hand-back by another agency or by the dispatcher', async () => {
    const r = await dispatched();
    await expectRefused(() => agencyA.post(`/api/v1/service-requests/${r.id}/hand-back`, { reason: '' }), 400, 'VALIDATION_FAILED', () => snapshot(t));
    await expectRefused(() => agencyA.post(`/api/v1/service-requests/${r.id}/hand-back`, {}), 400, 'VALIDATION_FAILED', () => snapshot(t));
    await expectRefused(() => agencyB.post(`/api/v1/service-requests/${r.id}/hand-back`, { reason: '不是我们的' }), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => dispatcher.post(`/api/v1/service-requests/${r.id}/hand-back`, { reason: '调度退回' }), 404, 'NOT_FOUND', () => snapshot(t));
  });

  it('rating a request by anyone but its enterprise', async () => {
    const r = await dispatched();
    await agencyA.post(`/api/v1/service-requests/${r.id}/sign`);
    await agencyA.post(`/api/v1/service-requests/${r.id}/reply`, { result: '已办理' });
    for (const c of [dispatcher, regionAdmin, agencyA, otherEnterprise, bAdmin]) {
      await expectRefused(() => c.post(`/api/v1/service-requests/${r.id}/rate`, { value: 4 }), 404, 'NOT_FOUND', () => snapshot(t));
    }
    await expectRefused(() => enterprise.post(`/api/v1/service-requests/${r.id}/rate`, { value: 6 }), 400, 'VALIDATION_FAILED', () => snapshot(t));
    // before the agency's reply: too early
    const early = await dispatched();
    await expectRefused(() => enterprise.post(`/api/v1/service-requests/${early.id}/rate`, { value: 4 }), 409, 'REQUEST_STAGE', () => snapshot(t));
  });

  it('a submission for another unit, by an agency, or out of scope; a catalogue with a service twice or by a non-region-wide dispatcher', async () => {
    await expectRefused(() => enterprise.post('/api/v1/service-requests', { unitId: E2, service: 'legal', title: 'x', detail: 'y' }), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => bAdmin.post('/api/v1/service-requests', { unitId: E1, service: 'legal', title: 'x', detail: 'y' }), 404, 'NOT_FOUND', () => snapshot(t));
    const e = await expectRefused(() => agencyA.post('/api/v1/service-requests', { unitId: A1, service: 'legal', title: 'x', detail: 'y' }), 422, 'VALIDATION_FAILED', () => snapshot(t));
    expect(e.details?.[0].field).toBe('unitId');
    await expectRefused(() => regionAdmin.put(`/api/v1/units/${A1}/services`, { services: [{ service: 'legal' }, { service: 'legal' }] }), 422, 'VALIDATION_FAILED', () => snapshot(t));
    await expectRefused(() => dispatcher.put(`/api/v1/units/${A1}/services`, { services: [] }), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => regionAdmin.put(`/api/v1/units/${E1}/services`, { services: [] }), 404, 'NOT_FOUND', () => snapshot(t));
  });

  it('a send-back without a reason, by anyone but the enterprise, or before the reply', async () => {
    const r = await dispatched();
    await expectRefused(() => enterprise.post(`/api/v1/service-requests/${r.id}/send-back`, { reason: '不满意' }), 409, 'REQUEST_STAGE', () => snapshot(t));
    await agencyA.post(`/api/v1/service-requests/${r.id}/sign`);
    await agencyA.post(`/api/v1/service-requests/${r.id}/reply`, { result: '已办理' });
    await expectRefused(() => enterprise.post(`/api/v1/service-requests/${r.id}/send-back`, { reason: '' }), 400, 'VALIDATION_FAILED', () => snapshot(t));
    await expectRefused(() => enterprise.post(`/api/v1/service-requests/${r.id}/send-back`, {}), 400, 'VALIDATION_FAILED', () => snapshot(t));
    for (const c of [dispatcher, regionAdmin, agencyA, otherEnterprise, bAdmin]) {
      await expectRefused(() => c.post(`/api/v1/service-requests/${r.id}/send-back`, { reason: '不满意' }), 404, 'NOT_FOUND', () => snapshot(t));
    }
    await expectRefused(() => enterprise.post(`/api/v1/service-requests/${MADE_UP}/send-back`, { reason: '不满意' }), 404, 'NOT_FOUND', () => snapshot(t));
  });

  it('steps out of order: signing twice, replying before signing', async () => {
    const r = await dispatched();
    await expectRefused(() => agencyA.post(`/api/v1/service-requests/${r.id}/reply`, { result: '办好了' }), 409, 'REQUEST_STAGE', () => snapshot(t));
    await agencyA.post(`/api/v1/service-requests/${r.id}/sign`);
    await expectRefused(() => agencyA.post(`/api/v1/service-requests/${r.id}/sign`), 409, 'REQUEST_STAGE', () => snapshot(t));
    await expectRefused(() => dispatcher.post(`/api/v1/service-requests/${r.id}/dispatch`, { unitId: A1 }), 409, 'REQUEST_STAGE', () => snapshot(t));
  });
});

describe('a region\'s time limits (case_stage_limits)', () => {
  it('the region admin sets the service limits: a new dispatch counts with them; an empty list goes back to the defaults', async () => {
    const all = json<{ kind: string; stages: { stage: string; days: number; configured: boolean }[]; may: { edit: boolean } }[]>(await regionAdmin.get(`/api/v1/case-stage-limits?regionId=${R.id}`));
    expect(all.map((k) => k.kind)).toEqual(['mediation', 'service_request']);
    expect(all[1]).toMatchObject({ may: { edit: true }, stages: [{ stage: 'dispatched', days: 1, configured: false }, { stage: 'handling', days: 10, configured: false }] });
    expect(json<{ may: { edit: boolean } }[]>(await dispatcher.get(`/api/v1/case-stage-limits?regionId=${R.id}`)).every((k) => !k.may.edit)).toBe(true);
    const v = json(await regionAdmin.put('/api/v1/case-stage-limits', { regionId: R.id, kind: 'service_request', limits: [{ stage: 'dispatched', days: 2, workingDays: true }] }));
    expect(v.stages[0]).toMatchObject({ stage: 'dispatched', days: 2, workingDays: true, defaultDays: 1, configured: true });
    expect(await make.count(t, 'audit_log', `action = 'case_limits.edit' and region_id = $1`, [R.id])).toBe(1);
    const r = await dispatched();
    // Monday 10:00 + 2 working days
    expect(json(await dispatcher.get(`/api/v1/service-requests/${r.id}`)).dueAt).toBe(new Date('2026-11-25T10:00:00+08:00').toISOString());
    expect(json(await regionAdmin.put('/api/v1/case-stage-limits', { regionId: R.id, kind: 'service_request', limits: [] })).stages[0]).toMatchObject({ days: 1, configured: false });
  });

  it('refused with nothing changed: not region-wide, another region, a stage without a clock or twice, days out of range', async () => {
    const body = { regionId: R.id, kind: 'service_request', limits: [{ stage: 'dispatched', days: 3, workingDays: true }] };
    await expectRefused(() => dispatcher.put('/api/v1/case-stage-limits', body), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => agencyA.put('/api/v1/case-stage-limits', body), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => bAdmin.put('/api/v1/case-stage-limits', body), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => bAdmin.get(`/api/v1/case-stage-limits?regionId=${R.id}`), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => enterprise.get(`/api/v1/case-stage-limits?regionId=${R.id}`), 404, 'NOT_FOUND', () => snapshot(t));
    const e = await expectRefused(() => regionAdmin.put('/api/v1/case-stage-limits', { ...body, limits: [{ stage: 'closed', days: 3, workingDays: false }] }), 422, 'VALIDATION_FAILED', () => snapshot(t));
    expect(e.details).toEqual([expect.objectContaining({ field: 'limits.0.stage', message: 'this stage has no time limit' })]);
    const e2 = await expectRefused(() => regionAdmin.put('/api/v1/case-stage-limits', { ...body, limits: [body.limits[0], body.limits[0]] }), 422, 'VALIDATION_FAILED', () => snapshot(t));
    expect(e2.details?.[0].field).toBe('limits.1.stage');
    await expectRefused(() => regionAdmin.put('/api/v1/case-stage-limits', { ...body, limits: [{ stage: 'dispatched', days: 0, workingDays: true }] }), 400, 'VALIDATION_FAILED', () => snapshot(t));
    await expectRefused(() => regionAdmin.put('/api/v1/case-stage-limits', { ...body, kind: 'needs' }), 400, 'VALIDATION_FAILED', () => snapshot(t));
  });
});

describe('service requests: clocks', () => {
  // last: moving the clock three days on ends every session of the file
  it('overdue requests are listed, most overdue first, and counted per agency', async () => {
    const r = await dispatched();
    t.clock.advance(3 * 86_400_000);
    const d = (await make.orgAdmin(t, R.id, chamber.id)).client;
    const list = json<{ items: { id: string; overdue: boolean; dueAt: string }[] }>(await d.get('/api/v1/service-requests?box=dispatch&overdue=1'));
    expect(list.items.map((x) => x.id)).toContain(r.id);
    expect(list.items.every((x) => x.overdue)).toBe(true);
    expect(list.items.map((x) => x.dueAt)).toEqual([...list.items.map((x) => x.dueAt)].sort());
    const agencies = json<{ id: string; overdue: number }[]>(await d.get('/api/v1/agencies'));
    expect(agencies.find((a) => a.id === A1)!.overdue).toBeGreaterThanOrEqual(1);
    expect(agencies.find((a) => a.id === A2)!.overdue).toBe(0);
  });

  it('the daily reminders send an overdue request to the agency holding it and to the committee, once a day (fixed clock)', async () => {
    // the test before moved the clock past the sessions: fresh sign-ins
    [enterprise, agencyA, dispatcher] = [await liaison(E1), await liaison(A1), (await make.orgAdmin(t, R.id, chamber.id)).client];
    const r = await dispatched();
    t.clock.advance(2 * 86_400_000);
    const ctx = ctxOf(t.app.deps);
    const holders = async (scopeId: string, role: string) => (await t.database.query<{ user_id: string }>(`select user_id from grants where scope_id = $1 and role = $2`, [scopeId, role])).map((x) => x.user_id);
    // the dispatchers: the committee's admins and the street's (region) admins
    const [liaisonA, liaisonB, committee] = [await holders(A1, 'unit_liaison'), await holders(A2, 'unit_liaison'), [...await holders(chamber.id, 'org_admin'), ...await holders(R.id, 'region_admin')]];
    const sent = async () => (await t.database.query<{ user_id: string; item_key: string; href: string }>(
      `select user_id, item_key, href from notify_messages where item_key like $1 order by item_key, user_id`, [`chamber.services:${r.id}:%`]));
    await sendDailyReminders(ctx, chamberTodos);
    const first = await sent();
    expect(new Set(first.map((m) => m.user_id))).toEqual(new Set([...liaisonA, ...committee]));
    expect(first.some((m) => liaisonB.includes(m.user_id))).toBe(false);
    expect(first.find((m) => liaisonA.includes(m.user_id))!.href).toBe(`/services?box=inbox&id=${r.id}`);
    await sendDailyReminders(ctx, chamberTodos);
    expect((await sent()).length).toBe(first.length);
    // signed for and replied: nothing is overdue any more, the next day brings nothing new
    expect((await (await liaison(A1)).post(`/api/v1/service-requests/${r.id}/sign`)).statusCode).toBe(200);
    t.clock.advance(86_400_000);
    await sendDailyReminders(ctx, chamberTodos);
    expect((await sent()).length).toBe(first.length);
  });
});
