import { beforeAll, describe, expect, it } from 'vitest';
import { json, testApp, type TestApp } from '../../../../test/support/app.ts';
import { cobuildWorld, dispatch, publishedNeed, type CobuildWorld } from '../../../../test/support/cobuild.ts';
import { expectRefused, snapshot } from '../../../../test/support/refused.ts';

/** Withdrawing a claim (撤回认领): the slots go back to the need, the office sees it on the dispatch, and every refusal. */
let t: TestApp;
let cw: CobuildWorld;
const MADE_UP = '0190b6a0-0000-7000-8000-00000000beef';

beforeAll(async () => {
  t = await testApp();
  cw = await cobuildWorld(t);
});

type Claim = { id: string; dispatchId: string; slotFrom: number; slotTo: number; withdrawnAt: string | null; withdrawReason: string | null; mayWithdraw: boolean };
const slotsOf = async (needId: string) => (await t.database.query<{ claimed: number; seq: number; active: number }>(
  `select claimed, slot_seq as seq, (select coalesce(sum(slots), 0)::int from need_claims where need_id = $1 and withdrawn_at is null) as active
     from needs where id = $1`, [needId]))[0];

describe('withdrawing a claim', () => {
  it('frees the slots for others (never reusing their numbers), shows on the dispatch tracking, and is audited', async () => {
    const id = await publishedNeed(cw, { title: '撤回认领', quantity: 3 });
    const d = await dispatch(cw, id, { unitIds: [cw.unit.shangyang, cw.unit.fengnan, cw.unit.baifengcun] });
    const mine = json(await cw.shangyang.post(`/api/v1/need-dispatches/${d.get(cw.unit.shangyang)}/claim`, { slots: 2 }));
    const claim: Claim = mine.claims[0];
    expect(claim).toMatchObject({ slotFrom: 1, slotTo: 2, withdrawnAt: null, mayWithdraw: true });
    await cw.fengnan.post(`/api/v1/need-dispatches/${d.get(cw.unit.fengnan)}/claim`, { slots: 1 });
    // full: 白峰村 is refused
    await expectRefused(() => cw.baifengcun.post(`/api/v1/need-dispatches/${d.get(cw.unit.baifengcun)}/claim`, { slots: 2 }), 409, 'NO_SLOTS_LEFT', () => snapshot(t));

    const res = await cw.shangyang.post(`/api/v1/need-claims/${claim.id}/withdraw`, { reason: '两名村民改去外地务工' });
    expect(res.statusCode).toBe(200);
    const out = json(res);
    expect(out.claimed).toBe(1);
    expect(out.claims.find((c: Claim) => c.id === claim.id)).toMatchObject({ withdrawReason: '两名村民改去外地务工', mayWithdraw: false });
    expect(out.dispatches[0]).toMatchObject({ status: 'withdrawn', claimedSlots: 0, withdrawReason: '两名村民改去外地务工' });
    expect(await slotsOf(id)).toEqual({ claimed: 1, seq: 3, active: 1 });

    // the office (and the party's liaison) see it on the dispatch tracking
    for (const c of [cw.office, cw.liaison]) {
      const seen = json(await c.get(`/api/v1/needs/${id}`));
      expect(seen.dispatches.find((x: { id: string }) => x.id === d.get(cw.unit.shangyang))).toMatchObject({ status: 'withdrawn', withdrawReason: '两名村民改去外地务工' });
      expect(seen.claims.find((x: Claim) => x.id === claim.id).withdrawnAt).not.toBeNull();
      expect(seen.claims.every((x: Claim) => !x.mayWithdraw)).toBe(true); // only the recipient withdraws
    }
    const [a] = await t.database.query<{ action: string; before: { slots: number }; after: { withdrawReason: string; dispatchStatus: string } }>(
      `select action, before, after from audit_log where entity_id = $1 and action = 'need.claim.withdraw'`, [claim.id]);
    expect(a).toMatchObject({ before: { slots: 2 }, after: { withdrawReason: '两名村民改去外地务工', dispatchStatus: 'withdrawn' } });

    // 白峰村 now takes the two freed slots: numbered 4–5, never 1–2 again
    const bf = json(await cw.baifengcun.post(`/api/v1/need-dispatches/${d.get(cw.unit.baifengcun)}/claim`, { slots: 2 }));
    expect(bf.claimed).toBe(3);
    expect(bf.claims.filter((c: Claim) => !c.withdrawnAt).map((c: Claim) => [c.slotFrom, c.slotTo])).toEqual([[3, 3], [4, 5]]);
    expect(await slotsOf(id)).toEqual({ claimed: 3, seq: 5, active: 3 });
    // a withdrawn claim's slot takes no result; the new ones do
    await expectRefused(() => cw.office.post(`/api/v1/needs/${id}/results`, { slotNo: 1, personName: '甲', startOn: '2026-11-26' }), 422, 'SLOT_NOT_CLAIMED', () => snapshot(t));
    expect((await cw.baifengcun.post(`/api/v1/needs/${id}/results`, { slotNo: 5, personName: '乙', startOn: '2026-11-26' })).statusCode).toBe(201);
    // 上阳村 may claim again through the same dispatch once a slot is free
    await expectRefused(() => cw.shangyang.post(`/api/v1/need-dispatches/${d.get(cw.unit.shangyang)}/claim`, { slots: 1 }), 409, 'NO_SLOTS_LEFT', () => snapshot(t));
  });

  it('refuses a claim with a result, someone else\'s claim, a second withdrawal, a settled need and no reason — nothing changed', async () => {
    const id = await publishedNeed(cw, { title: '撤回被拒', quantity: 4 });
    const d = await dispatch(cw, id, { unitIds: [cw.unit.shangyang, cw.unit.fengnan] });
    const a = json(await cw.shangyang.post(`/api/v1/need-dispatches/${d.get(cw.unit.shangyang)}/claim`, { slots: 2 })).claims[0] as Claim;
    const b = (json(await cw.fengnan.post(`/api/v1/need-dispatches/${d.get(cw.unit.fengnan)}/claim`, { slots: 1 })).claims as Claim[]).find((c) => c.id !== a.id)!;
    const url = (c: string) => `/api/v1/need-claims/${c}/withdraw`;
    const body = { reason: '人选变动' };

    // one slot of the claim has a result: the claim stays
    expect((await cw.shangyang.post(`/api/v1/needs/${id}/results`, { slotNo: 2, personName: '丙', startOn: '2026-11-26' })).statusCode).toBe(201);
    expect(json(await cw.shangyang.get(`/api/v1/needs/${id}`)).claims.find((c: Claim) => c.id === a.id).mayWithdraw).toBe(false);
    const e = await expectRefused(() => cw.shangyang.post(url(a.id), body), 409, 'CLAIM_HAS_RESULTS', () => snapshot(t));
    expect(e.message).toContain('2');
    // someone else's claim: whoever sees the need is told it is not theirs; anyone else, as a made-up id
    await expectRefused(() => cw.shangyang.post(url(b.id), body), 403, 'CLAIM_NOT_YOURS', () => snapshot(t));
    await expectRefused(() => cw.office.post(url(b.id), body), 403, 'CLAIM_NOT_YOURS', () => snapshot(t));
    await expectRefused(() => cw.liaison.post(url(b.id), body), 403, 'CLAIM_NOT_YOURS', () => snapshot(t));
    await expectRefused(() => cw.baifengcun.post(url(b.id), body), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => cw.otherRegionAdmin.post(url(b.id), body), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => cw.fengnan.post(url(MADE_UP), body), 404, 'NOT_FOUND', () => snapshot(t));
    // no reason
    await expectRefused(() => cw.fengnan.post(url(b.id), { reason: '  ' }), 400, 'VALIDATION_FAILED', () => snapshot(t));
    await expectRefused(() => cw.fengnan.post(url(b.id), {}), 400, 'VALIDATION_FAILED', () => snapshot(t));
    // withdrawn once, then again
    expect(json(await cw.fengnan.post(url(b.id), body)).claimed).toBe(2);
    await expectRefused(() => cw.fengnan.post(url(b.id), body), 409, 'CLAIM_WITHDRAWN', () => snapshot(t));
    expect(await slotsOf(id)).toEqual({ claimed: 2, seq: 3, active: 2 });

    // a settled need keeps its claims
    const s = await publishedNeed(cw, { title: '已办结', quantity: 3 });
    const ds = await dispatch(cw, s, { unitIds: [cw.unit.shangyang] });
    const [c1] = json(await cw.shangyang.post(`/api/v1/need-dispatches/${ds.get(cw.unit.shangyang)}/claim`, { slots: 1 })).claims as Claim[];
    const [c2] = (json(await cw.shangyang.post(`/api/v1/need-dispatches/${ds.get(cw.unit.shangyang)}/claim`, { slots: 1 })).claims as Claim[]).filter((c) => c.id !== c1.id);
    await cw.shangyang.post(`/api/v1/needs/${s}/results`, { slotNo: 1, personName: '丁', startOn: '2026-11-26' });
    expect((await cw.office.post(`/api/v1/needs/${s}/confirm`)).statusCode).toBe(200);
    await expectRefused(() => cw.shangyang.post(url(c2.id), body), 409, 'NEED_NOT_PUBLISHED', () => snapshot(t));
  });

  it('a withdrawal and a result on the same claim at once: one of them, never both', async () => {
    for (let i = 0; i < 3; i++) {
      const id = await publishedNeed(cw, { title: `并发撤回${i}`, quantity: 2 });
      const d = await dispatch(cw, id, { unitIds: [cw.unit.shangyang] });
      const [c] = json(await cw.shangyang.post(`/api/v1/need-dispatches/${d.get(cw.unit.shangyang)}/claim`, { slots: 2 })).claims as Claim[];
      const [w, r] = await Promise.all([
        cw.shangyang.post(`/api/v1/need-claims/${c.id}/withdraw`, { reason: '并发' }),
        cw.shangyang.post(`/api/v1/needs/${id}/results`, { slotNo: 1, personName: '戊', startOn: '2026-11-26' }),
      ]);
      const answers = [w.statusCode === 200 ? 'withdrawn' : `${w.statusCode} ${json(w).error.code}`, r.statusCode === 201 ? 'result' : `${r.statusCode} ${json(r).error.code}`];
      expect([['withdrawn', '422 SLOT_NOT_CLAIMED'], ['409 CLAIM_HAS_RESULTS', 'result']]).toContainEqual(answers);
      const [row] = await t.database.query<{ claimed: number; filled: number; results: number; withdrawn: boolean }>(
        `select n.claimed, n.filled, (select count(*)::int from need_results r where r.need_id = n.id) as results,
                (select withdrawn_at is not null from need_claims where id = $2) as withdrawn from needs n where n.id = $1`, [id, c.id]);
      expect(row).toEqual(answers[0] === 'withdrawn' ? { claimed: 0, filled: 0, results: 0, withdrawn: true } : { claimed: 2, filled: 1, results: 1, withdrawn: false });
    }
  });
});
