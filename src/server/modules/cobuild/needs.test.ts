import { beforeAll, describe, expect, it } from 'vitest';
import { json, testApp, type Client, type TestApp } from '../../../../test/support/app.ts';
import { canteenNeed, cobuildWorld, dispatch, publishedNeed, type CobuildWorld } from '../../../../test/support/cobuild.ts';
import * as make from '../../../../test/support/factories.ts';
import { expectRefused, snapshot } from '../../../../test/support/refused.ts';

/** The needs list end to end: raise → review → publish → dispatch → claim → results → confirm → rate, and every refusal. */
let t: TestApp;
let cw: CobuildWorld;
const MADE_UP = '0190b6a0-0000-7000-8000-00000000beef';

beforeAll(async () => {
  t = await testApp();
  cw = await cobuildWorld(t);
});

const ids = (page: { items: { id: string }[] }) => page.items.map((x) => x.id);

describe('the canteen story', () => {
  it('a liaison raises, the office reviews, publishes and dispatches to every village and community; two secretaries fill the two slots; the canteen confirms and rates', async () => {
    const raised = await cw.liaison.post('/api/v1/needs', canteenNeed(cw));
    expect(raised.statusCode).toBe(201);
    const need = json(raised);
    expect(need).toMatchObject({ status: 'submitted', raisedAs: 'liaison', partyName: '宁波港光明码头有限公司', quantity: 2, claimed: 0, may: { manage: false, rate: true } });

    // the office sees it waiting for review, accepts and publishes it
    expect(ids(json(await cw.office.get(`/api/v1/needs?allianceId=${cw.allianceId}&status=submitted`)))).toContain(need.id);
    expect(json(await cw.office.post(`/api/v1/needs/${need.id}/review`, { decision: 'accept' })).status).toBe('accepted');
    expect(json(await cw.office.post(`/api/v1/needs/${need.id}/publish`)).status).toBe('published');

    // one action: every village and community of the town (not the school, not the canteen itself)
    const res = await cw.office.post(`/api/v1/needs/${need.id}/dispatches`, { villagesAndCommunities: true });
    expect(res.statusCode).toBe(200);
    const out = json(res);
    expect(out.added).toBe(3);
    expect(out.need.dispatches.map((d: { recipientName: string }) => d.recipientName).sort()).toEqual(['上阳村', '峰南社区', '白峰村'].sort());
    expect(out.need.dispatches.every((d: { status: string }) => d.status === 'sent')).toBe(true);
    // dispatching again adds nobody twice
    expect(json(await cw.office.post(`/api/v1/needs/${need.id}/dispatches`, { villagesAndCommunities: true })).added).toBe(0);

    // 上阳村's secretary finds it in the inbox, opens it (seen), claims one slot
    const inbox = json(await cw.shangyang.get('/api/v1/need-dispatches?open=1'));
    const mine = inbox.items.find((d: { need: { id: string } }) => d.need.id === need.id);
    expect(mine).toMatchObject({ recipientName: '上阳村', status: 'sent', need: { title: '光明码头食堂招聘帮厨', partyName: '宁波港光明码头有限公司' } });
    const seen = json(await cw.shangyang.post(`/api/v1/need-dispatches/${mine.id}/seen`));
    expect(seen.dispatches).toHaveLength(1); // a recipient sees its own dispatch only
    expect(seen.dispatches[0]).toMatchObject({ status: 'seen' });
    const c1 = await cw.shangyang.post(`/api/v1/need-dispatches/${mine.id}/claim`, { slots: 1 });
    expect(c1.statusCode).toBe(200);
    expect(json(c1)).toMatchObject({ claimed: 1, claims: [{ slotFrom: 1, slotTo: 1, recipientName: '上阳村' }] });

    // 峰南社区 takes the other one; 白峰村 declines (with a reason)
    const fengnanDispatch = json(await cw.fengnan.get('/api/v1/need-dispatches')).items.find((d: { need: { id: string } }) => d.need.id === need.id).id;
    expect(json(await cw.fengnan.post(`/api/v1/need-dispatches/${fengnanDispatch}/claim`, { slots: 1 })).claimed).toBe(2);
    const bfDispatch = json(await cw.baifengcun.get('/api/v1/need-dispatches')).items[0].id;
    // no slot left: the third claim is refused, nothing written
    await expectRefused(() => cw.baifengcun.post(`/api/v1/need-dispatches/${bfDispatch}/claim`, { slots: 1 }), 409, 'NO_SLOTS_LEFT', () => snapshot(t));
    expect(json(await cw.baifengcun.post(`/api/v1/need-dispatches/${bfDispatch}/decline`, { reason: '本村暂无合适人选' })).dispatches[0])
      .toMatchObject({ status: 'declined', declineReason: '本村暂无合适人选' });
    // the open inbox no longer shows a full need to a village that did not claim
    expect(json(await cw.baifengcun.get('/api/v1/need-dispatches?open=1')).items.map((d: { need: { id: string } }) => d.need.id)).not.toContain(need.id);

    // placements, one per claimed slot, by the secretary who claimed it
    const r1 = await cw.shangyang.post(`/api/v1/needs/${need.id}/results`, { slotNo: 1, personName: '周海燕', startOn: '2026-11-26', employer: '宁波港光明码头有限公司' });
    expect(r1.statusCode).toBe(201);
    // slot 2 is 峰南's: 上阳村 cannot record it (404, as for a need it cannot see)
    await expectRefused(() => cw.shangyang.post(`/api/v1/needs/${need.id}/results`, { slotNo: 2, personName: '王芳', startOn: '2026-11-27' }), 404, 'NOT_FOUND', () => snapshot(t));
    expect(json(await cw.fengnan.post(`/api/v1/needs/${need.id}/results`, { slotNo: 2, personName: '王芳', startOn: '2026-11-27', employer: '宁波港光明码头有限公司' })).filled).toBe(2);
    await expectRefused(() => cw.fengnan.post(`/api/v1/needs/${need.id}/results`, { slotNo: 2, personName: '又一人', startOn: '2026-11-27' }), 409, 'RESULT_EXISTS', () => snapshot(t));

    // the office cannot rate (the organiser does not rate itself) nor confirm a need the canteen raised
    await expectRefused(() => cw.office.post(`/api/v1/needs/${need.id}/confirm`), 403, 'NOT_BENEFICIARY', () => snapshot(t));
    await expectRefused(() => cw.liaison.post(`/api/v1/needs/${need.id}/rating`, { score: 5 }), 409, 'NEED_NOT_CONFIRMED', () => snapshot(t));
    expect(json(await cw.liaison.post(`/api/v1/needs/${need.id}/confirm`)).status).toBe('confirmed');
    await expectRefused(() => cw.office.post(`/api/v1/needs/${need.id}/rating`, { score: 5 }), 403, 'NOT_BENEFICIARY', () => snapshot(t));
    await expectRefused(() => cw.shangyang.post(`/api/v1/needs/${need.id}/rating`, { score: 5 }), 403, 'NOT_BENEFICIARY', () => snapshot(t));
    const rated = json(await cw.liaison.post(`/api/v1/needs/${need.id}/rating`, { score: 5, comment: '两天就招满了' }));
    expect(rated).toMatchObject({ status: 'rated', rating: 5, ratingComment: '两天就招满了' });
    await expectRefused(() => cw.liaison.post(`/api/v1/needs/${need.id}/rating`, { score: 4 }), 409, 'NEED_RATED', () => snapshot(t));
    expect(rated.results.map((r: { slotNo: number; personName: string }) => [r.slotNo, r.personName])).toEqual([[1, '周海燕'], [2, '王芳']]);

    const related = await t.database.query<{ id: string }>(
      `select id::text as id from need_dispatches where need_id = $1 union all select id::text from need_claims where need_id = $1
       union all select id::text from need_results where need_id = $1`, [need.id]);
    const audits = await t.database.query<{ action: string }>('select action from audit_log where entity_id = any($1::text[])', [`{${[need.id, ...related.map((r) => r.id)].join(',')}}`]);
    expect(new Set(audits.map((a) => a.action))).toEqual(new Set(['need.create', 'need.review', 'need.publish', 'need.dispatch', 'need.dispatch.seen', 'need.claim',
      'need.dispatch.decline', 'need.result', 'need.confirm', 'need.rate']));
  });
});

describe('who sees which need (the permission table)', () => {
  it('office, liaison, a dispatched secretary (that need only), another secretary, the region admin, another region', async () => {
    const dispatched = await publishedNeed(cw, { title: '派单需求', visibility: 'named' });
    await dispatch(cw, dispatched, { unitIds: [cw.unit.shangyang] });
    const quiet = await publishedNeed(cw, { title: '未派单需求', visibility: 'named' });
    const table: [string, Client, { dispatched: boolean; quiet: boolean }][] = [
      ['office', cw.office, { dispatched: true, quiet: true }],
      ['liaison of the party', cw.liaison, { dispatched: true, quiet: true }],
      ['secretary dispatched to', cw.shangyang, { dispatched: true, quiet: false }],
      ['secretary not dispatched to', cw.baifengcun, { dispatched: false, quiet: false }],
      ['region admin', cw.regionAdmin, { dispatched: true, quiet: true }],
      ['admin of another region', cw.otherRegionAdmin, { dispatched: false, quiet: false }],
    ];
    for (const [who, c, sees] of table) {
      const listed = ids(json(await c.get('/api/v1/needs?pageSize=500')));
      for (const [name, id] of [['dispatched', dispatched], ['quiet', quiet]] as const) {
        expect({ who, name, listed: listed.includes(id) }).toEqual({ who, name, listed: sees[name] });
        const res = await c.get(`/api/v1/needs/${id}`);
        expect({ who, name, status: res.statusCode }).toEqual({ who, name, status: sees[name] ? 200 : 404 });
      }
      // out of scope answers as a made-up id
      expect((await c.get(`/api/v1/needs/${MADE_UP}`)).statusCode).toBe(404);
    }
    // the dispatched secretary sees no need but that one
    const shangyangList = json(await cw.shangyang.get('/api/v1/needs?pageSize=500'));
    expect(shangyangList.items.every((n: { dispatchCount: number; id: string }) => n.id !== quiet)).toBe(true);
    // a need shown to the whole region is seen by every secretary of the region, and claimable without a dispatch
    const open = await publishedNeed(cw, { title: '全镇可见需求', visibility: 'region', quantity: 3 });
    expect(json(await cw.baifengcun.get(`/api/v1/needs/${open}`)).may).toMatchObject({ claimOpen: true, edit: false, manage: false });
    expect(json(await cw.office.get(`/api/v1/needs/${open}`)).may).toMatchObject({ claimOpen: false, edit: true, manage: true });
    expect((await cw.otherRegionAdmin.get(`/api/v1/needs/${open}`)).statusCode).toBe(404);
    const claimable = async (c: typeof cw.office) => json(await c.get('/api/v1/needs?claimable=1&pageSize=100')).items.map((n: { id: string }) => n.id);
    expect(await claimable(cw.baifengcun)).toEqual([open]);
    expect(await claimable(cw.otherRegionAdmin)).toEqual([]);
    const claimed = await cw.baifengcun.post(`/api/v1/needs/${open}/claims`, { slots: 1, unitId: cw.unit.baifengcun });
    expect(json(claimed)).toMatchObject({ claimed: 1 });
    // once claimed it has its own dispatch (source self): further claims go through it
    expect(json(claimed).may.claimOpen).toBe(false);
    expect(json(claimed).myDispatchIds).toHaveLength(1);
    expect(await claimable(cw.baifengcun)).toEqual([]);
    expect(await claimable(cw.shangyang)).toContain(open);
    // but not for a unit it does not answer for, nor a need only dispatched to others
    await expectRefused(() => cw.baifengcun.post(`/api/v1/needs/${open}/claims`, { slots: 1, unitId: cw.unit.shangyang }), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => cw.baifengcun.post(`/api/v1/needs/${dispatched}/claims`, { slots: 1, unitId: cw.unit.baifengcun }), 404, 'NOT_FOUND', () => snapshot(t));
  });

  it('the office of another joint meeting and a secretary cannot manage; a liaison cannot raise for another unit', async () => {
    const id = await publishedNeed(cw, { title: '管理权限' });
    await expectRefused(() => cw.w.coordinator.post(`/api/v1/needs/${id}/dispatches`, { villagesAndCommunities: true }), 404, 'NOT_FOUND', () => snapshot(t));
    await dispatch(cw, id, { unitIds: [cw.unit.shangyang] });
    await expectRefused(() => cw.shangyang.post(`/api/v1/needs/${id}/dispatches`, { villagesAndCommunities: true }), 403, 'NEED_OFFICE_ONLY', () => snapshot(t));
    await expectRefused(() => cw.liaison.post('/api/v1/needs', canteenNeed(cw, { unitId: cw.unit.school })), 404, 'NOT_FOUND', () => snapshot(t));
    // the office raises for its joint meeting's members only; the region admin for any party of the region
    await expectRefused(() => cw.office.post('/api/v1/needs', canteenNeed(cw, { unitId: cw.unit.shangyang })), 404, 'NOT_FOUND', () => snapshot(t));
    expect(json(await cw.regionAdmin.post('/api/v1/needs', canteenNeed(cw, { unitId: cw.unit.shangyang }))).status).toBe('accepted');
    await expectRefused(() => cw.office.post('/api/v1/needs', canteenNeed(cw, { orgId: cw.org.shangyang })), 422, 'VALIDATION_FAILED', () => snapshot(t));
    await expectRefused(() => cw.liaison.post('/api/v1/needs', canteenNeed(cw, { unitId: MADE_UP })), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => cw.liaison.post('/api/v1/needs', canteenNeed(cw, { allianceId: cw.w.allianceId })), 404, 'NOT_FOUND', () => snapshot(t));
    // a secretary raises for its own village: waits for review
    const v = await cw.shangyang.post('/api/v1/needs', canteenNeed(cw, { unitId: null, orgId: cw.org.shangyang, title: '村道路标', category: 'transport', quantity: 1 }));
    expect(json(v)).toMatchObject({ status: 'submitted', raisedAs: 'secretary', partyName: '上阳村党委' });
  });
});

describe('review, merge, batch', () => {
  it('rejects with a reason only, merges a duplicate, accepts and publishes in a batch (all or none)', async () => {
    const raise = async (title: string) => json(await cw.liaison.post('/api/v1/needs', canteenNeed(cw, { title }))).id as string;
    const a = await raise('重复需求 A');
    const b = await raise('重复需求 B');
    const c = await raise('被退回的需求');
    await expectRefused(() => cw.office.post(`/api/v1/needs/${c}/review`, { decision: 'reject' }), 422, 'VALIDATION_FAILED', () => snapshot(t));
    expect(json(await cw.office.post(`/api/v1/needs/${c}/review`, { decision: 'reject', reason: '不属于联席会议事项' }))).toMatchObject({ status: 'rejected', rejectReason: '不属于联席会议事项' });
    await expectRefused(() => cw.office.post(`/api/v1/needs/${c}/review`, { decision: 'accept' }), 409, 'NEED_NOT_SUBMITTED', () => snapshot(t));
    await expectRefused(() => cw.office.post(`/api/v1/needs/${b}/merge`, { needId: b }), 422, 'VALIDATION_FAILED', () => snapshot(t));
    await expectRefused(() => cw.office.post(`/api/v1/needs/${b}/merge`, { needId: c }), 422, 'VALIDATION_FAILED', () => snapshot(t));
    await expectRefused(() => cw.office.post(`/api/v1/needs/${b}/merge`, { needId: MADE_UP }), 422, 'VALIDATION_FAILED', () => snapshot(t));
    expect(json(await cw.office.post(`/api/v1/needs/${b}/merge`, { needId: a }))).toMatchObject({ status: 'merged', mergedIntoId: a });
    // a batch with one need in the wrong state changes none
    const d = await raise('批量需求');
    const err = await expectRefused(() => cw.office.post('/api/v1/needs/batch', { ids: [a, d, c], action: 'accept' }), 409, 'NEED_BATCH_NOT_SUBMITTED', () => snapshot(t));
    expect(err.details?.map((x) => x.field)).toEqual(['ids.2']);
    await expectRefused(() => cw.office.post('/api/v1/needs/batch', { ids: [a, MADE_UP], action: 'accept' }), 404, 'NOT_FOUND', () => snapshot(t));
    expect(json(await cw.office.post('/api/v1/needs/batch', { ids: [a, d], action: 'accept' })).updated).toBe(2);
    expect(json(await cw.office.post('/api/v1/needs/batch', { ids: [a, d], action: 'publish' })).updated).toBe(2);
    expect(json(await cw.office.get(`/api/v1/needs/${d}`)).status).toBe('published');
    await expectRefused(() => cw.office.post(`/api/v1/needs/${d}/publish`), 409, 'NEED_NOT_ACCEPTED', () => snapshot(t));
  });
});

describe('bad input on claims, results and dispatches', () => {
  it('claiming more than remain, a result for an unclaimed slot, dispatching outside the region or before publishing', async () => {
    const id = await publishedNeed(cw, { title: '三个名额', quantity: 3 });
    const d = await dispatch(cw, id, { unitIds: [cw.unit.shangyang, cw.unit.baifengcun] });
    expect(json(await cw.shangyang.post(`/api/v1/need-dispatches/${d.get(cw.unit.shangyang)}/claim`, { slots: 2 })).claimed).toBe(2);
    const err = await expectRefused(() => cw.baifengcun.post(`/api/v1/need-dispatches/${d.get(cw.unit.baifengcun)}/claim`, { slots: 2 }), 409, 'NO_SLOTS_LEFT', () => snapshot(t));
    expect(err.message).toContain('1');
    // a result for slot 3, which nobody claimed
    await expectRefused(() => cw.office.post(`/api/v1/needs/${id}/results`, { slotNo: 3, personName: '李四', startOn: '2026-11-30' }), 422, 'SLOT_NOT_CLAIMED', () => snapshot(t));
    await expectRefused(() => cw.shangyang.post(`/api/v1/needs/${id}/results`, { slotNo: 3, personName: '李四', startOn: '2026-11-30' }), 422, 'SLOT_NOT_CLAIMED', () => snapshot(t));
    // no result yet: the party cannot confirm
    await expectRefused(() => cw.liaison.post(`/api/v1/needs/${id}/confirm`), 409, 'NEED_NO_RESULTS', () => snapshot(t));
    // the claimant cannot decline any more
    await expectRefused(() => cw.shangyang.post(`/api/v1/need-dispatches/${d.get(cw.unit.shangyang)}/decline`, { reason: '不干了' }), 409, 'DISPATCH_CLAIMED', () => snapshot(t));
    // a declined dispatch claims nothing
    await cw.baifengcun.post(`/api/v1/need-dispatches/${d.get(cw.unit.baifengcun)}/decline`, { reason: '无合适人选' });
    await expectRefused(() => cw.baifengcun.post(`/api/v1/need-dispatches/${d.get(cw.unit.baifengcun)}/claim`, { slots: 1 }), 409, 'DISPATCH_DECLINED', () => snapshot(t));
    // dispatching to an org of another region, or a made-up one: 404; to nobody: 422
    await expectRefused(() => cw.office.post(`/api/v1/needs/${id}/dispatches`, { orgIds: [cw.w.org.yj.id] }), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => cw.office.post(`/api/v1/needs/${id}/dispatches`, { orgIds: [MADE_UP] }), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => cw.office.post(`/api/v1/needs/${id}/dispatches`, { unitIds: [cw.unit.fengnan, MADE_UP] }), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => cw.office.post(`/api/v1/needs/${id}/dispatches`, {}), 422, 'VALIDATION_FAILED', () => snapshot(t));
    const draft = json(await cw.office.post('/api/v1/needs', canteenNeed(cw, { title: '尚未发布' }))).id;
    await expectRefused(() => cw.office.post(`/api/v1/needs/${draft}/dispatches`, { villagesAndCommunities: true }), 409, 'NEED_NOT_PUBLISHED', () => snapshot(t));
    // a quantity of 0, a claim of 0 slots, a rating of 6: the schema refuses them
    await expectRefused(() => cw.office.post('/api/v1/needs', canteenNeed(cw, { quantity: 0 })), 400, 'VALIDATION_FAILED', () => snapshot(t));
    await expectRefused(() => cw.shangyang.post(`/api/v1/need-dispatches/${d.get(cw.unit.shangyang)}/claim`, { slots: 0 }), 400, 'VALIDATION_FAILED', () => snapshot(t));
    await expectRefused(() => cw.liaison.post(`/api/v1/needs/${id}/rating`, { score: 6 }), 400, 'VALIDATION_FAILED', () => snapshot(t));
    // the quantity cannot drop below what is claimed
    await expectRefused(() => cw.office.patch(`/api/v1/needs/${id}`, { quantity: 1 }), 422, 'VALIDATION_FAILED', () => snapshot(t));
  });

  it('the database itself refuses more claimed slots than the quantity', async () => {
    const id = await publishedNeed(cw, { title: '约束', quantity: 1 });
    await expect(t.database.query('update needs set claimed = 2, slot_seq = 2 where id = $1', [id])).rejects.toThrow(/needs_slots_ck/);
    // and slot numbers handed out never fall behind the slots claimed (a withdrawn claim's numbers are not reused)
    await expect(t.database.query('update needs set claimed = 1 where id = $1', [id])).rejects.toThrow(/needs_slot_seq_ck/);
  });

  it('many claim the last slot at once: one gets it, every other answers NO_SLOTS_LEFT, never over the quantity', async () => {
    const id = await publishedNeed(cw, { title: '最后一个名额', quantity: 3 });
    // 12 village secretaries, each with a dispatch
    const villages: { client: Client; unitId: string }[] = [];
    for (let i = 0; i < 12; i++) {
      const o = await make.org(t, cw.regionId, cw.w.B.rootOrgId, `并发村${i}党委`, 'committee');
      const u = make.created<{ id: string }>(await cw.regionAdmin.post('/api/v1/units', { regionId: cw.regionId, kind: 'village', name: `并发村${i}`, orgId: o.id }), 'unit').id;
      villages.push({ client: (await make.orgAdmin(t, cw.regionId, o.id)).client, unitId: u });
    }
    const d = await dispatch(cw, id, { unitIds: villages.map((v) => v.unitId) });
    // two slots go first, then all twelve race for the last one
    expect((await villages[0].client.post(`/api/v1/need-dispatches/${d.get(villages[0].unitId)}/claim`, { slots: 2 })).statusCode).toBe(200);
    const answers = await Promise.all(villages.map((v) => v.client.post(`/api/v1/need-dispatches/${d.get(v.unitId)}/claim`, { slots: 1 })));
    const codes = answers.map((r) => (r.statusCode === 200 ? 'ok' : `${r.statusCode} ${json(r).error.code}`));
    expect(codes.filter((c) => c === 'ok')).toHaveLength(1);
    expect(codes.filter((c) => c !== 'ok')).toEqual(Array(11).fill('409 NO_SLOTS_LEFT'));
    const [row] = await t.database.query<{ claimed: number; quantity: number; slots: number }>(
      'select claimed, quantity, (select coalesce(sum(slots), 0)::int from need_claims where need_id = $1) as slots from needs where id = $1', [id]);
    expect(row).toEqual({ claimed: 3, quantity: 3, slots: 3 });
  });
});

describe('figures', () => {
  it('raised, settled, days to settle, satisfaction and placements, from the records of one joint meeting', async () => {
    const cw2 = await cobuildWorld(t);
    const id = await publishedNeed(cw2, { quantity: 2 });
    await publishedNeed(cw2, { title: '班车线路', category: 'transport', quantity: 1 });
    const d = await dispatch(cw2, id, { unitIds: [cw2.unit.shangyang] });
    await cw2.shangyang.post(`/api/v1/need-dispatches/${d.get(cw2.unit.shangyang)}/claim`, { slots: 2 });
    await cw2.shangyang.post(`/api/v1/needs/${id}/results`, { slotNo: 1, personName: '甲', startOn: '2026-11-26' });
    await cw2.shangyang.post(`/api/v1/needs/${id}/results`, { slotNo: 2, personName: '乙', startOn: '2026-11-26' });
    // raised two days before it is confirmed (the clock cannot move two days: sessions would expire)
    await t.database.query(`update needs set created_at = created_at - interval '2 days' where id = $1`, [id]);
    expect((await cw2.liaison.post(`/api/v1/needs/${id}/confirm`)).statusCode).toBe(200);
    await cw2.liaison.post(`/api/v1/needs/${id}/rating`, { score: 4 });
    const f = json(await cw2.office.get(`/api/v1/needs/figures?allianceId=${cw2.allianceId}`));
    expect(f).toMatchObject({ raised: 2, published: 2, settled: 1, avgDaysToSettle: 2, satisfaction: 4, rated: 1, placements: 2, slots: 3, claimedSlots: 2 });
    expect(f.byCategory).toEqual([{ category: 'jobs', raised: 1, settled: 1 }, { category: 'transport', raised: 1, settled: 0 }]);
    // another joint meeting's office sees none of it
    expect(json(await cw.office.get(`/api/v1/needs/figures?allianceId=${cw2.allianceId}`)).raised).toBe(0);
  });
});
