import { beforeAll, describe, expect, it } from 'vitest';
import { json, type Client, type TestApp, testApp } from '../../../../test/support/app.ts';
import * as make from '../../../../test/support/factories.ts';
import { expectRefused, snapshot } from '../../../../test/support/refused.ts';
import { ctxOf } from '../../platform/context.ts';
import { findCjkFonts } from '../../platform/cjk-pdf.ts';
import { verifyClean, verifyLedger } from '../../platform/ledger/ledger.ts';
import { sendDailyReminders } from '../../platform/notify/reminders.ts';
import { balanceSheetLines } from './fund-statement.ts';
import { moneyTodos } from './todos.ts';

/** The bridge-loan fund: contributions, application with caps, maker-checker, disbursement once, repayment with the tiered fee, overdue, write-off. */
let t: TestApp;
let regionId: string;
let chamberId: string;
let A: string; // member enterprise with a liaison
let B: string; // member enterprise
let C: string; // an enterprise not in the fund
let officer: Client;
let approver: Client;
let both: Client; // holds both roles: may prepare or approve, never both on one loan (nor approve one they filed)
let bothName = '';
let liaisonA: Client;
let liaisonC: Client;
const names: Record<string, string> = {};
/** moving the clock by days ends the sessions: sign in again */
async function advanceDays(n: number) {
  t.clock.advance(n * DAY);
  [officer, approver, liaisonA, liaisonC, both] = await Promise.all([t.login(names.officer), t.login(names.approver), t.login(names.liaisonA), t.login(names.liaisonC), t.login(bothName)]);
}
let fundId: string;
const MADE_UP = '0190b6a0-0000-7000-8000-00000000beef';
const DAY = 86_400_000;
const RULES = {
  maxLoanFen: 1_500_000, maxRenewalShareBp: 9_500, maxOutstandingFen: 1_800_000, termDays: 10,
  feeTiers: [{ fromDay: 1, ppm: 200 }, { fromDay: 6, ppm: 400 }], haltOverdueShareBp: 1_000,
};

let keyN = 0;
const key = () => ({ 'idempotency-key': `fund-${++keyN}-${Math.random().toString(36).slice(2)}` });
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

async function upload(c: Client, unitId: string) {
  const boundary = 'XyZfund';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="续贷承诺.pdf"\r\nContent-Type: application/pdf\r\n\r\n`), PDF,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return c.post(`/api/v1/funds/${fundId}/commitments?unitId=${unitId}`, body.toString('binary'), { 'content-type': `multipart/form-data; boundary=${boundary}` });
}
const application = (commitmentId: string | null, over: Record<string, unknown> = {}) => ({
  fundId, unitId: A, bank: '宁波银行骆驼支行', bankLoanFen: 2_000_000, bankDueOn: '2026-11-30', renewalFen: 2_000_000, commitmentId, amountFen: 1_000_000, ...over,
});
async function applied(amountFen = 1_000_000) {
  const c = make.created<{ id: string }>(await upload(liaisonA, A), 'commitment');
  return make.created<{ id: string; status: string }>(await liaisonA.post('/api/v1/loans', application(c.id, { amountFen })), 'loan');
}
async function approved(amountFen?: number) {
  const l = await applied(amountFen);
  expect((await officer.post(`/api/v1/loans/${l.id}/prepare`)).statusCode).toBe(200);
  expect((await approver.post(`/api/v1/loans/${l.id}/approve`)).statusCode).toBe(200);
  return l.id;
}
const fund = async () => json(await officer.get(`/api/v1/funds/${fundId}`));

beforeAll(async () => {
  t = await testApp();
  const r = await make.region(t, '骆驼测试');
  regionId = r.id;
  chamberId = (await make.org(t, regionId, r.rootOrgId, '商会党委', 'committee')).id;
  const admin = await make.regionAdmin(t, regionId);
  const unit = async (name: string) => make.created<{ id: string }>(await admin.client.post('/api/v1/units', { regionId, kind: 'enterprise', name, orgId: null }), name).id;
  [A, B, C] = [await unit('甲企业有限公司'), await unit('乙企业有限公司'), await unit('丙企业有限公司')];
  const g = (role: 'fund_officer' | 'fund_approver') => ({ role, scopeKind: 'org' as const, scopeId: chamberId, regionId });
  const o = await make.user(t, { grants: [g('fund_officer')] });
  const a = await make.user(t, { grants: [g('fund_approver')] });
  const la = await make.user(t, { grants: [{ role: 'unit_liaison', scopeKind: 'unit', scopeId: A, regionId }] });
  [officer, approver, liaisonA] = [o.client, a.client, la.client];
  Object.assign(names, { officer: o.username, approver: a.username, liaisonA: la.username });
  const b = await make.user(t, { grants: [g('fund_officer'), g('fund_approver')] });
  [both, bothName] = [b.client, b.username];
  const lc = await make.user(t, { grants: [{ role: 'unit_liaison', scopeKind: 'unit', scopeId: C, regionId }] });
  liaisonC = lc.client;
  names.liaisonC = lc.username;
  fundId = make.created<{ id: string }>(await officer.post('/api/v1/funds', { orgId: chamberId, name: '转贷互助资金', rules: RULES }), 'fund').id;
});

describe('bridge-loan fund', () => {
  it('members contribute capital on the ledger; each sees its share; a retry answers the first, another body under the key is a 409', async () => {
    const k = key();
    const first = await officer.post(`/api/v1/funds/${fundId}/contributions`, { unitId: A, amountFen: 1_000_000 }, k);
    expect(first.statusCode, first.body).toBe(201);
    const again = await officer.post(`/api/v1/funds/${fundId}/contributions`, { unitId: A, amountFen: 1_000_000 }, k);
    expect(again.statusCode).toBe(200);
    expect(json(again).replayed).toBe(true);
    await expectRefused(() => officer.post(`/api/v1/funds/${fundId}/contributions`, { unitId: A, amountFen: 2_000_000 }, k), 409, 'IDEMPOTENCY_KEY_REUSED', () => snapshot(t));
    expect((await officer.post(`/api/v1/funds/${fundId}/contributions`, { unitId: B, amountFen: 1_000_000 }, key())).statusCode).toBe(201);
    for (const amountFen of [-100, 0, 10.5]) {
      await expectRefused(() => officer.post(`/api/v1/funds/${fundId}/contributions`, { unitId: B, amountFen }, key()), 400, 'VALIDATION_FAILED', () => snapshot(t));
    }
    await expectRefused(() => officer.post(`/api/v1/funds/${fundId}/contributions`, { unitId: B, amountFen: 5 }), 400, 'IDEMPOTENCY_KEY_REQUIRED', () => snapshot(t));
    const members = json<{ unitId: string; capitalFen: number; shareBp: number }[]>(await officer.get(`/api/v1/funds/${fundId}/members`));
    expect(members.map((m) => [m.capitalFen, m.shareBp])).toEqual([[1_000_000, 5_000], [1_000_000, 5_000]]);
    const mine = json<{ unitId: string }[]>(await liaisonA.get(`/api/v1/funds/${fundId}/members`));
    expect(mine.map((m) => m.unitId)).toEqual([A]);
    expect((await fund()).balanceSheet).toMatchObject({ cashFen: 2_000_000, capitalFen: 2_000_000, availableFen: 2_000_000, balanced: true });
  });

  it('an application with its uploaded commitment; every broken cap listed at once; bad amounts and outsiders refused', async () => {
    const l = await applied();
    expect(l.status).toBe('applied');
    const c = make.created<{ id: string }>(await upload(liaisonA, A), 'commitment');
    const res = await expectRefused(() => liaisonA.post('/api/v1/loans', application(c.id, { amountFen: 1_900_000, renewalFen: 1_000_000 })), 422, 'FUND_LOAN_REFUSED', () => snapshot(t));
    expect(res.details!.map((d) => d.message)).toEqual([
      'over the cap per loan of ¥15000.00', 'over 95% of the bank\'s committed renewal (¥9500.00)',
      'with ¥10000.00 outstanding this goes over the cap per enterprise of ¥18000.00',
    ]);
    const absurd = await expectRefused(() => liaisonA.post('/api/v1/loans', application(c.id, { amountFen: 3_000_000, renewalFen: 4_000_000 })), 422, 'FUND_LOAN_REFUSED', () => snapshot(t));
    expect(absurd.details!.map((d) => d.message)).toContain('more than the fund\'s capital of ¥20000.00');
    const none = await expectRefused(() => liaisonA.post('/api/v1/loans', application(null, { amountFen: 100 })), 422, 'FUND_LOAN_REFUSED', () => snapshot(t));
    expect(none.details![0]).toMatchObject({ field: 'commitmentId' });
    for (const amountFen of [-1, 0, 99.5]) {
      await expectRefused(() => liaisonA.post('/api/v1/loans', application(c.id, { amountFen })), 400, 'VALIDATION_FAILED', () => snapshot(t));
    }
    // out of scope: another enterprise's liaison, a unit not in the fund, a made-up fund — all one 404
    await expectRefused(() => liaisonC.post('/api/v1/loans', application(c.id)), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => liaisonC.post('/api/v1/loans', application(c.id, { unitId: C })), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => liaisonA.post('/api/v1/loans', application(c.id, { fundId: MADE_UP })), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => upload(liaisonC, A), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => liaisonC.get(`/api/v1/loans/${l.id}`), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => liaisonC.get(`/api/v1/loans/${MADE_UP}`), 404, 'NOT_FOUND', () => snapshot(t));
  });

  it('maker-checker: the one who prepared cannot approve; then disbursement once (a second refused, a retry replayed)', async () => {
    const l = await applied(200_000);
    await expectRefused(() => approver.post(`/api/v1/loans/${l.id}/approve`), 409, 'FUND_LOAN_STATUS', () => snapshot(t));
    await expectRefused(() => liaisonA.post(`/api/v1/loans/${l.id}/prepare`), 404, 'NOT_FOUND', () => snapshot(t));
    expect(json(await both.post(`/api/v1/loans/${l.id}/prepare`)).status).toBe('prepared');
    await expectRefused(() => both.post(`/api/v1/loans/${l.id}/approve`), 409, 'FUND_MAKER_CHECKER', () => snapshot(t));
    await expectRefused(() => officer.post(`/api/v1/loans/${l.id}/approve`), 404, 'NOT_FOUND', () => snapshot(t));
    const ok = json(await approver.post(`/api/v1/loans/${l.id}/approve`));
    expect(ok.status).toBe('approved');
    expect(ok.approvedBy).not.toBe(ok.preparedBy);

    await expectRefused(() => officer.post(`/api/v1/loans/${l.id}/disburse`), 400, 'IDEMPOTENCY_KEY_REQUIRED', () => snapshot(t));
    const k = key();
    const d = await officer.post(`/api/v1/loans/${l.id}/disburse`, {}, k);
    expect(d.statusCode, d.body).toBe(200);
    expect(json(d)).toMatchObject({ status: 'disbursed', disbursedOn: '2026-11-25', dueOn: '2026-12-05', owedFen: 200_040 });
    expect(json(await officer.post(`/api/v1/loans/${l.id}/disburse`, {}, k)).replayed).toBe(true);
    await expectRefused(() => officer.post(`/api/v1/loans/${l.id}/disburse`, {}, key()), 409, 'FUND_LOAN_DISBURSED', () => snapshot(t));
    expect((await fund()).balanceSheet).toMatchObject({ cashFen: 2_000_000, outstandingFen: 200_000, availableFen: 1_800_000 });
  });

  it('two disbursements of one loan at once: one pending transfer', async () => {
    const id = await approved(100_000);
    const res = await Promise.all([officer.post(`/api/v1/loans/${id}/disburse`, {}, key()), officer.post(`/api/v1/loans/${id}/disburse`, {}, key())]);
    expect(res.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const [{ n }] = await t.database.query<{ n: number }>(`select count(*)::int as n from ledger_transfers where ref_id = $1 and flow = 'pending'`, [id]);
    expect(n).toBe(1);
    expect(verifyClean(await verifyLedger(t.database.db, regionId))).toBe(true);
  });

  it('repayment after 7 days: the disbursement posted and the tiered fee charged as its own transfer; more than owed refused', async () => {
    const [first] = json<{ items: { id: string; status: string }[] }>(await officer.get(`/api/v1/loans?fundId=${fundId}&status=applied`)).items;
    expect((await officer.post(`/api/v1/loans/${first.id}/prepare`)).statusCode).toBe(200);
    expect((await approver.post(`/api/v1/loans/${first.id}/approve`)).statusCode).toBe(200);
    expect((await officer.post(`/api/v1/loans/${first.id}/disburse`, {}, key())).statusCode).toBe(200);
    await advanceDays(7);
    // 7 days: 5 × 0.02% + 2 × 0.04% = 0.18% of ¥10,000 = ¥18.00
    expect(json(await officer.get(`/api/v1/loans/${first.id}`)).owedFen).toBe(1_001_800);
    await expectRefused(() => officer.post(`/api/v1/loans/${first.id}/repay`, { amountFen: 1_001_801 }, key()), 422, 'FUND_REPAY_EXCEEDS', () => snapshot(t));
    await expectRefused(() => officer.post(`/api/v1/loans/${first.id}/repay`, { amountFen: 0 }, key()), 400, 'VALIDATION_FAILED', () => snapshot(t));
    await expectRefused(() => liaisonA.post(`/api/v1/loans/${first.id}/repay`, { amountFen: 1_001_800 }, key()), 404, 'NOT_FOUND', () => snapshot(t));
    const k = key();
    const r = json(await officer.post(`/api/v1/loans/${first.id}/repay`, { amountFen: 1_001_800 }, k));
    expect(r).toMatchObject({ status: 'repaid', days: 7, feeFen: 1_800, repaidOn: '2026-12-02' });
    await expectRefused(() => officer.post(`/api/v1/loans/${first.id}/repay`, { amountFen: 1_001_801 }, k), 409, 'IDEMPOTENCY_KEY_REUSED', () => snapshot(t));
    await expectRefused(() => officer.post(`/api/v1/loans/${first.id}/repay`, { amountFen: 1_001_800 }, key()), 409, 'FUND_LOAN_STATUS', () => snapshot(t));
    const legs = await t.database.query<{ code: string; flow: string; amount: string }>(
      `select code, flow, amount::text from ledger_transfers where ref_id = $1 order by created_at, leg`, [first.id]);
    expect(legs.map((x) => `${x.code}/${x.flow}/${x.amount}`)).toEqual([
      'fund.loan.disburse/pending/1000000', 'fund.loan.disburse/post/1000000', 'fund.loan.repay/posted/1000000', 'fund.loan.fee/posted/1800']);
    const f = await fund();
    expect(f.balanceSheet).toMatchObject({ cashFen: 2_001_800, feesFen: 1_800, outstandingFen: 300_000, balanced: true });
    expect(f.figures).toMatchObject({ loans: 3, bridgedFen: 1_300_000, enterprisesHelped: 1, feesFen: 1_800, averageDays: 7, badDebts: 0 });
    expect(verifyClean(await verifyLedger(t.database.db, regionId))).toBe(true);
  });

  it('overdue loans are listed and halt new loans past the share; a write-off only by an approver with a recorded decision', async () => {
    await advanceDays(4); // 2026-12-06: the loans disbursed on 11-25 were due on 12-05
    const overdue = json<{ items: { id: string; overdue: boolean }[] }>(await officer.get(`/api/v1/loans?fundId=${fundId}&status=overdue`)).items;
    expect(overdue).toHaveLength(2);
    expect(overdue.every((x) => x.overdue)).toBe(true);
    const f = await fund();
    expect(f.halted).toBe(true); // ¥3,000 overdue > 10% of ¥20,018
    const c = make.created<{ id: string }>(await upload(liaisonA, A), 'commitment');
    const res = await expectRefused(() => liaisonA.post('/api/v1/loans', application(c.id, { amountFen: 1_000, bankDueOn: '2026-12-20' })), 422, 'FUND_LOAN_REFUSED', () => snapshot(t));
    expect(res.details!.map((d) => d.field)).toEqual(['fundId']);

    const id = overdue[0].id;
    await expectRefused(() => officer.post(`/api/v1/loans/${id}/write-off`, { decision: '理事会决议核销', decidedOn: '2026-12-06' }, key()), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => approver.post(`/api/v1/loans/${id}/write-off`, { decidedOn: '2026-12-06' }, key()), 400, 'VALIDATION_FAILED', () => snapshot(t));
    const w = json(await approver.post(`/api/v1/loans/${id}/write-off`, { decision: '2026年第3次理事会决议核销', decidedOn: '2026-12-06' }, key()));
    expect(w).toMatchObject({ status: 'written_off', writeOffDecision: '2026-12-06 2026年第3次理事会决议核销' });
    const after = await fund();
    expect(after.figures).toMatchObject({ badDebts: 1, overdueLoans: 1 });
    expect(after.balanceSheet.balanced).toBe(true);
    expect(verifyClean(await verifyLedger(t.database.db, regionId))).toBe(true);
  });

  it('statements: an xlsx for the enterprise\'s liaison or an officer, 404 for others', async () => {
    const res = await liaisonA.get(`/api/v1/funds/${fundId}/statement?unitId=${A}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect((await officer.get(`/api/v1/funds/${fundId}/statement?unitId=${B}`)).statusCode).toBe(200);
    await expectRefused(() => liaisonA.get(`/api/v1/funds/${fundId}/statement?unitId=${B}`), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => liaisonC.get(`/api/v1/funds/${fundId}`), 404, 'NOT_FOUND', () => snapshot(t));
  });

  it('the funds one may open; an officer takes in an application for a member; filing or preparing bars approving; due soon', async () => {
    // the fund halted on the overdue loan left: write it off by decision first
    for (const o of json<{ items: { id: string }[] }>(await officer.get(`/api/v1/loans?fundId=${fundId}&status=overdue`)).items) {
      expect((await approver.post(`/api/v1/loans/${o.id}/write-off`, { decision: '2026年第4次理事会决议核销', decidedOn: '2026-12-06' }, key())).statusCode).toBe(200);
    }
    expect(json(await officer.get('/api/v1/funds'))).toEqual([{ id: fundId, name: '转贷互助资金', orgId: chamberId, regionId, role: 'officer' }]);
    expect(json<{ role: string }[]>(await liaisonA.get('/api/v1/funds')).map((f) => f.role)).toEqual(['member']);
    expect(json(await liaisonC.get('/api/v1/funds'))).toEqual([]);

    // the officer files for B (受理), with B's commitment; the approver is refused nothing of it
    const c = make.created<{ id: string }>(await upload(officer, B), 'commitment');
    const l = make.created<{ id: string; appliedBy: string; commitment: { stored: boolean } }>(
      await officer.post('/api/v1/loans', application(c.id, { unitId: B, amountFen: 100_000, bankDueOn: '2026-12-20' })), 'loan');
    expect(l.commitment.stored).toBe(true);
    // a user who filed it (holding both roles) prepares nothing and approves nothing of it
    const c2 = make.created<{ id: string }>(await upload(both, B), 'commitment');
    const mine = make.created<{ id: string }>(await both.post('/api/v1/loans', application(c2.id, { unitId: B, amountFen: 50_000, bankDueOn: '2026-12-20' })), 'loan');
    expect((await officer.post(`/api/v1/loans/${mine.id}/prepare`)).statusCode).toBe(200);
    await expectRefused(() => both.post(`/api/v1/loans/${mine.id}/approve`), 409, 'FUND_MAKER_CHECKER', () => snapshot(t));
    // the database refuses it too (loans_maker_checker_ck), whatever code writes the row
    await expect(t.database.query(`update loans set approved_by = applied_by where id = $1`, [mine.id])).rejects.toThrow(/loans_maker_checker_ck/);
    expect(json(await approver.post(`/api/v1/loans/${mine.id}/approve`)).status).toBe('approved');

    expect((await officer.post(`/api/v1/loans/${l.id}/prepare`)).statusCode).toBe(200);
    expect((await approver.post(`/api/v1/loans/${l.id}/approve`)).statusCode).toBe(200);
    expect((await officer.post(`/api/v1/loans/${l.id}/disburse`, {}, key())).statusCode).toBe(200);
    const soon = async () => json<{ items: { id: string }[] }>(await officer.get(`/api/v1/loans?fundId=${fundId}&status=due_soon`)).items.map((x) => x.id);
    expect(await soon()).toEqual([]);
    await advanceDays(8); // due 12-16, today 12-14
    expect(await soon()).toEqual([l.id]);
    const out = json<{ accruedDays: number; accruedFeeFen: number; owedFen: number }>(await officer.get(`/api/v1/loans/${l.id}`));
    expect(out).toMatchObject({ accruedDays: 8, accruedFeeFen: 220, owedFen: 100_220 }); // 5 × 0.02% + 3 × 0.04% of ¥1,000
  });

  it('the caps are checked again at approval: rules lowered since the application refuse it, nothing changed', async () => {
    const c = make.created<{ id: string }>(await upload(liaisonA, A), 'commitment');
    const l = make.created<{ id: string }>(await liaisonA.post('/api/v1/loans', application(c.id, { amountFen: 500_000, bankDueOn: '2026-12-30' })), 'loan');
    expect((await officer.post(`/api/v1/loans/${l.id}/prepare`)).statusCode).toBe(200);
    expect((await approver.put(`/api/v1/funds/${fundId}/rules`, { ...RULES, maxLoanFen: 400_000 })).statusCode).toBe(200);
    const res = await expectRefused(() => approver.post(`/api/v1/loans/${l.id}/approve`), 422, 'FUND_LOAN_REFUSED', () => snapshot(t));
    expect(res.details!.map((d) => d.message)).toEqual(['over the cap per loan of ¥4000.00']);
    expect(json(await officer.get(`/api/v1/loans/${l.id}`))).toMatchObject({ status: 'prepared', approvedBy: null });
    expect((await approver.put(`/api/v1/funds/${fundId}/rules`, RULES)).statusCode).toBe(200);
    expect(json(await approver.post(`/api/v1/loans/${l.id}/approve`)).status).toBe('approved');
  });

  it('a renewal commitment downloads for the fund\'s readers and the enterprise\'s liaison, 404 for anyone else', async () => {
    const c = make.created<{ id: string }>(await upload(liaisonA, A), 'commitment');
    for (const who of [liaisonA, officer, approver]) {
      const res = await who.get(`/api/v1/funds/${fundId}/commitments/${c.id}`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('application/pdf');
      expect(res.body).toContain('%PDF-1.4');
    }
    await expectRefused(() => liaisonC.get(`/api/v1/funds/${fundId}/commitments/${c.id}`), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => liaisonA.get(`/api/v1/funds/${fundId}/commitments/${MADE_UP}`), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => liaisonA.get(`/api/v1/funds/${MADE_UP}/commitments/${c.id}`), 404, 'NOT_FOUND', () => snapshot(t));
  });
  it.skipIf(!findCjkFonts({ cjkFont: process.env.CJK_FONT, cjkFontFamily: process.env.CJK_FONT_FAMILY }))('statements as PDF: for the enterprise\'s liaison or an officer, 404 for another enterprise\'s liaison or a made-up fund', async () => {
    for (const [who, unit] of [[liaisonA, A], [officer, B], [approver, A]] as const) {
      const res = await who.get(`/api/v1/funds/${fundId}/statement.pdf?unitId=${unit}`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('application/pdf');
      expect(res.headers['content-disposition']).toContain(encodeURIComponent('对账单.pdf'));
      expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    }
    await expectRefused(() => liaisonA.get(`/api/v1/funds/${fundId}/statement.pdf?unitId=${B}`), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => liaisonC.get(`/api/v1/funds/${fundId}/statement.pdf?unitId=${C}`), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => officer.get(`/api/v1/funds/${MADE_UP}/statement.pdf?unitId=${A}`), 404, 'NOT_FOUND', () => snapshot(t));
  });

  it('the balance sheet from the ledger: both sides balance; as PDF for the fund\'s readers, 404 for a liaison or a made-up fund', async () => {
    const f = (await fund()) as Parameters<typeof balanceSheetLines>[0];
    const l = balanceSheetLines(f);
    expect(l.assetsFen).toBe(f.balanceSheet.cashFen);
    expect(l.sourcesFen).toBe(f.balanceSheet.capitalFen + f.balanceSheet.feesFen - f.balanceSheet.badDebtFen);
    expect(l.balanced).toBe(true);
    expect(l.assets).toEqual([['可用资金', f.balanceSheet.availableFen], ['转贷在外', f.balanceSheet.outstandingFen]]);
    expect(l.figures.map((x) => x[0])).toEqual(['受助企业', '转贷笔数', '转贷总额', '平均使用天数', '使用费', '逾期', '坏账']);
    expect(balanceSheetLines({ ...f, balanceSheet: { ...f.balanceSheet, feesFen: f.balanceSheet.feesFen + 1 } }).balanced).toBe(false);
    if (findCjkFonts({ cjkFont: process.env.CJK_FONT, cjkFontFamily: process.env.CJK_FONT_FAMILY })) {
      for (const who of [officer, approver]) {
        const res = await who.get(`/api/v1/funds/${fundId}/balance-sheet.pdf`);
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-type']).toContain('application/pdf');
        expect(res.headers['content-disposition']).toContain(encodeURIComponent('资产负债表'));
        expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      }
    }
    const madeUp = await officer.get(`/api/v1/funds/${MADE_UP}/balance-sheet.pdf`);
    await expectRefused(() => liaisonA.get(`/api/v1/funds/${fundId}/balance-sheet.pdf`), 404, 'NOT_FOUND', () => snapshot(t));
    expect(json(await liaisonA.get(`/api/v1/funds/${fundId}/balance-sheet.pdf`))).toEqual(json(madeUp));
    await expectRefused(() => officer.get(`/api/v1/funds/${MADE_UP}/balance-sheet.pdf`), 404, 'NOT_FOUND', () => snapshot(t));
  });

  it('overdue: reminded daily (to-dos → messages, once a day), the penalty rule accrued per day past due and charged as its own transfer', async () => {
    // a penalty of 0.1% a day past due (1,000 ppm); an officer may not change the rules, an approver may
    await expectRefused(() => officer.put(`/api/v1/funds/${fundId}/rules`, { ...RULES, penaltyPpm: 1_000 }), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => approver.put(`/api/v1/funds/${fundId}/rules`, { ...RULES, penaltyPpm: -1 }), 400, 'VALIDATION_FAILED', () => snapshot(t));
    expect(json(await approver.put(`/api/v1/funds/${fundId}/rules`, { ...RULES, penaltyPpm: 1_000 })).rules.penaltyPpm).toBe(1_000);
    const c = make.created<{ id: string }>(await upload(liaisonA, A), 'commitment');
    const l = make.created<{ id: string }>(await liaisonA.post('/api/v1/loans', application(c.id, { amountFen: 100_000, bankDueOn: '2026-12-30' })), 'loan');
    expect((await officer.post(`/api/v1/loans/${l.id}/prepare`)).statusCode).toBe(200);
    expect((await approver.post(`/api/v1/loans/${l.id}/approve`)).statusCode).toBe(200);
    const d = json<{ dueOn: string; overdueDays: number; accruedPenaltyFen: number }>(await officer.post(`/api/v1/loans/${l.id}/disburse`, {}, key()));
    expect(d).toMatchObject({ dueOn: '2026-12-24', overdueDays: 0, accruedPenaltyFen: 0 });
    await advanceDays(13); // 12-27: 3 days past the due date, 13 days out
    const out = json<{ overdue: boolean; accruedDays: number; accruedFeeFen: number; overdueDays: number; accruedPenaltyFen: number; owedFen: number }>(await officer.get(`/api/v1/loans/${l.id}`));
    // fee: 5 × 0.02% + 8 × 0.04% = 0.42% of ¥1,000 = ¥4.20; penalty: 3 × 0.1% = ¥3.00
    expect(out).toMatchObject({ overdue: true, accruedDays: 13, accruedFeeFen: 420, overdueDays: 3, accruedPenaltyFen: 300, owedFen: 100_720 });

    // the daily reminder: the officer's and the liaison's to-do items become messages, once a day
    const ctx = ctxOf(t.app.deps);
    const first = await sendDailyReminders(ctx, moneyTodos);
    expect(first.messages).toBeGreaterThan(0);
    const titles = async (c: typeof officer) => json<{ items: { kind: string; title: string; href: string }[] }>(await c.get('/api/v1/messages')).items
      .filter((m) => m.kind === 'reminder' && m.title.includes('甲企业有限公司') && m.title.includes('2026-12-24'));
    expect((await titles(officer)).map((m) => m.href)).toEqual(['/fund']);
    expect((await titles(liaisonA)).map((m) => m.href)).toEqual(['/my-fund']);
    expect((await titles(officer))[0].title).toContain('已逾期');
    expect((await sendDailyReminders(ctx, moneyTodos)).messages).toBe(0);

    await expectRefused(() => officer.post(`/api/v1/loans/${l.id}/repay`, { amountFen: 100_420 }, key()), 422, 'FUND_REPAY_SHORT', () => snapshot(t));
    const r = json(await officer.post(`/api/v1/loans/${l.id}/repay`, { amountFen: 100_720 }, key()));
    expect(r).toMatchObject({ status: 'repaid', days: 13, feeFen: 420, penaltyFen: 300 });
    const legs = await t.database.query<{ code: string; flow: string; amount: string }>(
      `select code, flow, amount::text from ledger_transfers where ref_id = $1 order by created_at, leg`, [l.id]);
    expect(legs.map((x) => `${x.code}/${x.flow}/${x.amount}`)).toEqual([
      'fund.loan.disburse/pending/100000', 'fund.loan.disburse/post/100000', 'fund.loan.repay/posted/100000', 'fund.loan.fee/posted/420', 'fund.loan.penalty/posted/300']);
    expect((await fund()).balanceSheet.balanced).toBe(true);
    expect(verifyClean(await verifyLedger(t.database.db, regionId))).toBe(true);
  });

  it('a posted entry of the fund cannot be edited or deleted, even by raw SQL (the ledger\'s trigger)', async () => {
    const [{ id }] = await t.database.query<{ id: string }>(`select id from ledger_transfers where code = 'fund.loan.fee' and region_id = $1 limit 1`, [regionId]);
    await expect(t.database.query(`update ledger_transfers set amount = amount + 1 where id = $1`, [id])).rejects.toThrow();
    await expect(t.database.query(`delete from ledger_transfers where id = $1`, [id])).rejects.toThrow();
    expect(verifyClean(await verifyLedger(t.database.db, regionId))).toBe(true);
  });

  it('where one may create a fund: an officer\'s org with its funds; an approver or a liaison none', async () => {
    expect(json(await officer.get('/api/v1/fund-orgs'))).toEqual([{ orgId: chamberId, name: '商会党委', regionId, funds: 1 }]);
    expect(json(await approver.get('/api/v1/fund-orgs'))).toEqual([]);
    expect(json(await liaisonA.get('/api/v1/fund-orgs'))).toEqual([]);
    await expectRefused(() => approver.post('/api/v1/funds', { orgId: chamberId, name: '第二个资金', rules: RULES }), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => officer.post('/api/v1/funds', { orgId: chamberId, name: '第二个资金', rules: { ...RULES, termDays: 30 } }), 400, 'VALIDATION_FAILED', () => snapshot(t));
  });
});
