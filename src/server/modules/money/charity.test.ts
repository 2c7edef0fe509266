import { beforeAll, describe, expect, it } from 'vitest';
import { demoApp, json, type Client, type TestApp, testApp } from '../../../../test/support/app.ts';
import * as make from '../../../../test/support/factories.ts';
import { expectRefused, snapshot } from '../../../../test/support/refused.ts';
import { verifyClean, verifyLedger } from '../../platform/ledger/ledger.ts';
import { transaction } from '../../platform/transaction.ts';
import { postDonation } from './charity.ts';

/** Charity funds: donations with receipts, pledges paid in parts, income, disbursements by maker-checker, kept principal, the public disclosure. */
let t: TestApp;
let regionId: string;
let chamberId: string;
let unitId: string;
let officer: Client;
let approver: Client;
let both: Client; // holds both roles: never approves what they prepared
let outsider: Client; // an officer of another org
let endowment: string; // 留本捐息
let spend: string; // 捐本捐息
const MADE_UP = '0190b6a0-0000-7000-8000-00000000beef';
let keyN = 0;
const key = () => ({ 'idempotency-key': `charity-${++keyN}-${Math.random().toString(36).slice(2)}` });
const view = async (id: string) => json<{ balance: Record<string, number>; publicPath: string | null }>(await officer.get(`/api/v1/charity-funds/${id}`));
const donate = (c: Client, fundId: string, body: Record<string, unknown>, k = key()) => c.post(`/api/v1/charity-funds/${fundId}/donations`, { donorKind: 'unit', donorName: '甲企业有限公司', ...body }, k);

beforeAll(async () => {
  t = await testApp();
  const r = await make.region(t, '慈善测试');
  regionId = r.id;
  chamberId = (await make.org(t, regionId, r.rootOrgId, '商会党委', 'committee')).id;
  const otherOrg = (await make.org(t, regionId, r.rootOrgId, '另一党委', 'committee')).id;
  const admin = await make.regionAdmin(t, regionId);
  unitId = make.created<{ id: string }>(await admin.client.post('/api/v1/units', { regionId, kind: 'enterprise', name: '甲企业有限公司', orgId: null }), 'unit').id;
  const g = (role: 'fund_officer' | 'fund_approver', scopeId = chamberId) => ({ role, scopeKind: 'org' as const, scopeId, regionId });
  officer = (await make.user(t, { grants: [g('fund_officer')] })).client;
  approver = (await make.user(t, { grants: [g('fund_approver')] })).client;
  both = (await make.user(t, { grants: [g('fund_officer'), g('fund_approver')] })).client;
  outsider = (await make.user(t, { grants: [g('fund_officer', otherOrg), g('fund_approver', otherOrg)] })).client;
  endowment = make.created<{ id: string }>(await officer.post('/api/v1/charity-funds', { orgId: chamberId, name: '红色慈善爱心基金', kind: 'endowment' }), 'fund').id;
  spend = make.created<{ id: string }>(await officer.post('/api/v1/charity-funds', { orgId: chamberId, name: '博爱智慧基金', kind: 'spend' }), 'fund').id;
});

describe('charity funds', () => {
  it('donations get numbered receipts and land on principal (留本) or spendable (捐本); a retry answers the first; a PDF receipt', async () => {
    const k = key();
    const first = await donate(officer, endowment, { unitId, amountFen: 100_000_000 }, k);
    expect(first.statusCode, first.body).toBe(201);
    const d = json<{ id: string; receiptNo: string; year: number }>(first);
    expect(d.receiptNo).toMatch(/^\d{4}-00001$/);
    const again = await donate(officer, endowment, { unitId, amountFen: 100_000_000 }, k);
    expect(again.statusCode).toBe(200);
    expect(json<{ replayed: boolean; id: string }>(again)).toMatchObject({ replayed: true, id: d.id });
    expect(json<{ receiptNo: string }>(await donate(officer, endowment, { donorKind: 'person', donorName: '王女士', anonymous: true, amountFen: 50_000 })).receiptNo).toMatch(/-00002$/);
    expect((await donate(officer, spend, { amountFen: 2_000_000, receiptNo: 'BA-001' })).statusCode).toBe(201);
    expect((await view(endowment)).balance).toMatchObject({ principalFen: 100_050_000, spendableFen: 0, donatedFen: 100_050_000, balanced: true });
    expect((await view(spend)).balance).toMatchObject({ principalFen: 0, spendableFen: 2_000_000, donatedFen: 2_000_000 });
    const list = json<{ total: number; items: { anonymous: boolean }[] }>(await officer.get(`/api/v1/charity-funds/${endowment}/donations`));
    expect(list.total).toBe(2);
    const pdf = await officer.get(`/api/v1/charity-funds/${endowment}/donations/${d.id}/receipt.pdf`);
    if (pdf.statusCode !== 503) {
      expect(pdf.statusCode).toBe(200);
      expect(pdf.headers['content-type']).toContain('application/pdf');
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    }
    expect((await outsider.get(`/api/v1/charity-funds/${endowment}/donations/${d.id}/receipt.pdf`)).statusCode).toBe(404);
    expect(verifyClean(await verifyLedger(t.database, regionId))).toBe(true);
  });

  it('refuses bad amounts, a reused receipt, a reused key with another body, an outsider — nothing changed', async () => {
    for (const amountFen of [-100, 0, 10.5, 1e15]) {
      await expectRefused(() => donate(officer, spend, { amountFen }), 400, 'VALIDATION_FAILED', () => snapshot(t));
    }
    await expectRefused(() => donate(officer, spend, { amountFen: 100, receiptNo: 'BA-001' }), 409, 'CHARITY_RECEIPT_USED', () => snapshot(t));
    const k = key();
    expect((await donate(officer, spend, { amountFen: 300 }, k)).statusCode).toBe(201);
    await expectRefused(() => donate(officer, spend, { amountFen: 301 }, k), 409, 'IDEMPOTENCY_KEY_REUSED', () => snapshot(t));
    await expectRefused(() => officer.post(`/api/v1/charity-funds/${spend}/donations`, { donorKind: 'unit', donorName: 'x', amountFen: 5 }), 400, 'IDEMPOTENCY_KEY_REQUIRED', () => snapshot(t));
    await expectRefused(() => donate(outsider, spend, { amountFen: 100 }), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => donate(officer, MADE_UP, { amountFen: 100 }), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => donate(approver, spend, { amountFen: 100 }), 404, 'NOT_FOUND', () => snapshot(t));
    expect((await outsider.get(`/api/v1/charity-funds/${spend}`)).statusCode).toBe(404);
  });

  it('a pledge is paid in parts: remaining shown, an overpayment refused', async () => {
    const pl = make.created<{ id: string; remainingFen: number }>(await officer.post(`/api/v1/charity-funds/${spend}/pledges`, { donorKind: 'unit', unitId, donorName: '甲企业有限公司', totalFen: 1_000_000 }), 'pledge');
    expect(pl.remainingFen).toBe(1_000_000);
    expect((await donate(officer, spend, { unitId, amountFen: 400_000, pledgeId: pl.id })).statusCode).toBe(201);
    await expectRefused(() => donate(officer, spend, { unitId, amountFen: 600_001, pledgeId: pl.id }), 422, 'CHARITY_PLEDGE_EXCEEDS', () => snapshot(t));
    expect((await donate(officer, spend, { unitId, amountFen: 600_000, pledgeId: pl.id })).statusCode).toBe(201);
    const [p] = json<{ paidFen: number; remainingFen: number; payments: number }[]>(await officer.get(`/api/v1/charity-funds/${spend}/pledges`));
    expect(p).toMatchObject({ paidFen: 1_000_000, remainingFen: 0, payments: 2 });
  });

  it('a 留本捐息 fund spends only its income: a disbursement from kept principal is refused, nothing changed', async () => {
    const dis = (c: Client, fundId: string, amountFen: number, k = key()) => c.post(`/api/v1/charity-funds/${fundId}/disbursements`, { beneficiary: '骆驼街道困难家庭', purpose: 'poverty', amountFen }, k);
    await expectRefused(() => dis(officer, endowment, 1_000), 422, 'CHARITY_PRINCIPAL_KEPT', () => snapshot(t));
    expect((await officer.post(`/api/v1/charity-funds/${endowment}/income`, { amountFen: 300_000, memo: '2026 年第三季度存款利息' }, key())).statusCode).toBe(201);
    await expectRefused(() => dis(officer, endowment, 300_001), 422, 'CHARITY_PRINCIPAL_KEPT', () => snapshot(t));
    for (const amountFen of [-1, 0, 0.5]) await expectRefused(() => dis(officer, endowment, amountFen), 400, 'VALIDATION_FAILED', () => snapshot(t));
    const d = make.created<{ id: string; status: string }>(await dis(both, endowment, 200_000), 'disbursement');
    expect(d.status).toBe('prepared');
    expect((await view(endowment)).balance).toMatchObject({ principalFen: 100_050_000, spendableFen: 100_000, reservedFen: 200_000 });
    // reserved money is not spendable twice
    await expectRefused(() => dis(officer, endowment, 100_001), 422, 'CHARITY_PRINCIPAL_KEPT', () => snapshot(t));
    // maker-checker
    await expectRefused(() => both.post(`/api/v1/charity-disbursements/${d.id}/approve`, undefined, key()), 409, 'CHARITY_MAKER_CHECKER', () => snapshot(t));
    await expectRefused(() => officer.post(`/api/v1/charity-disbursements/${d.id}/approve`, undefined, key()), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => outsider.post(`/api/v1/charity-disbursements/${d.id}/approve`, undefined, key()), 404, 'NOT_FOUND', () => snapshot(t));
    const k = key();
    const ok = await approver.post(`/api/v1/charity-disbursements/${d.id}/approve`, undefined, k);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(json<{ status: string }>(ok).status).toBe('approved');
    expect(json<{ replayed: boolean }>(await approver.post(`/api/v1/charity-disbursements/${d.id}/approve`, undefined, k)).replayed).toBe(true);
    await expectRefused(() => approver.post(`/api/v1/charity-disbursements/${d.id}/approve`, undefined, key()), 409, 'CHARITY_DISBURSEMENT_STATUS', () => snapshot(t));
    expect((await view(endowment)).balance).toMatchObject({ principalFen: 100_050_000, spendableFen: 100_000, reservedFen: 0, disbursedFen: 200_000, incomeFen: 300_000, balanced: true });
    // a rejection releases the reservation
    const r = make.created<{ id: string }>(await dis(officer, endowment, 100_000), 'disbursement');
    expect((await approver.post(`/api/v1/charity-disbursements/${r.id}/reject`, undefined, key())).statusCode).toBe(200);
    expect((await view(endowment)).balance.spendableFen).toBe(100_000);
    // the database refuses an approval by the preparer even past the code
    await expect(t.database.query(`update charity_disbursements set approved_by = prepared_by where id = '${d.id}'`)).rejects.toThrow(/maker_checker/);
    // a 捐本捐息 fund spends its donations
    expect((await dis(officer, spend, 1_000_000)).statusCode).toBe(201);
    await expectRefused(() => dis(officer, spend, 100_000_000), 422, 'CHARITY_FUNDS_SHORT', () => snapshot(t));
    expect(verifyClean(await verifyLedger(t.database, regionId))).toBe(true);
  });

  it('the public disclosure: names unless anonymous, approved disbursements by purpose, totals; a revoked link answers 404', async () => {
    const f = await view(endowment);
    const token = f.publicPath!.split('/').pop()!;
    const pub = await t.app.inject({ method: 'GET', url: `/api/v1/public/charity/${token}` });
    expect(pub.statusCode, pub.body).toBe(200);
    const d = json<{ totals: Record<string, number>; donations: { donor: string | null }[]; byPurpose: { purpose: string; amountFen: number }[]; disbursements: unknown[] }>(pub);
    expect(d.totals).toMatchObject({ donatedFen: 100_050_000, donations: 2, disbursedFen: 200_000, disbursements: 1, incomeFen: 300_000 });
    expect(d.donations.map((x) => x.donor).sort()).toEqual(['甲企业有限公司', null].sort());
    expect(d.byPurpose).toEqual([{ purpose: 'poverty', count: 1, amountFen: 200_000 }]);
    expect(JSON.stringify(d)).not.toContain('王女士');
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/public/charity/not-a-token-${'x'.repeat(20)}` })).statusCode).toBe(404);
    await expectRefused(() => outsider.post(`/api/v1/charity-funds/${endowment}/link/revoke`), 404, 'NOT_FOUND', () => snapshot(t));
    expect((await officer.post(`/api/v1/charity-funds/${endowment}/link/revoke`)).statusCode).toBe(200);
    const gone = await t.app.inject({ method: 'GET', url: `/api/v1/public/charity/${token}` });
    expect(gone.statusCode).toBe(404);
    expect(json<{ error: { code: string } }>(gone).error.code).toBe('NOT_FOUND');
    const again = json<{ publicPath: string }>(await officer.post(`/api/v1/charity-funds/${endowment}/link/reissue`));
    expect(again.publicPath).not.toContain(token);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/public/charity/${token}` })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/public/charity/${again.publicPath.split('/').pop()}` })).statusCode).toBe(200);
  });

  it('postDonation posts an event\'s takings once (the venues\' charity sale)', async () => {
    const input = { fundId: spend, donorKind: 'person' as const, donorName: '白峰玫瑰义卖', anonymous: false, amountFen: 123_400, source: 'event' as const, sourceRef: 'venues-event:test-1', recordedBy: null };
    const d = await transaction(t.database.db, (tx) => postDonation(tx, t.clock.now(), input));
    expect(d).toMatchObject({ source: 'event', amountFen: 123_400 });
    await expect(transaction(t.database.db, (tx) => postDonation(tx, t.clock.now(), input))).rejects.toMatchObject({ code: 'CHARITY_SOURCE_POSTED' });
    expect(verifyClean(await verifyLedger(t.database, regionId))).toBe(true);
  });
});

describe('charity demo', () => {
  let d: TestApp;
  beforeAll(async () => { d = await demoApp(); }, 600_000);
  it('the 骆驼 chamber\'s two funds: over ¥150M donated, disbursements approved by another, two waiting, the ledger clean', async () => {
    const zijin = await d.login('zijin');
    const shenpi = await d.login('shenpi');
    const funds = json<{ id: string; name: string; kind: string }[]>(await zijin.get('/api/v1/charity-funds'));
    expect(funds.map((f) => [f.name, f.kind])).toEqual([['红色慈善爱心基金', 'endowment'], ['博爱智慧基金', 'spend']]);
    let donated = 0;
    for (const f of funds) {
      const v = json<{ balance: { donatedFen: number; principalFen: number; spendableFen: number; disbursedFen: number; balanced: boolean } }>(await shenpi.get(`/api/v1/charity-funds/${f.id}`));
      donated += v.balance.donatedFen;
      expect(v.balance.balanced).toBe(true);
      expect(v.balance.disbursedFen).toBeGreaterThan(0);
      expect(v.balance.spendableFen).toBeGreaterThanOrEqual(0);
      if (f.kind === 'endowment') expect(v.balance.principalFen).toBe(v.balance.donatedFen);
    }
    expect(donated).toBeGreaterThan(15_000_000_000);
    const waiting = json<unknown[]>(await shenpi.get(`/api/v1/charity-funds/${funds[0].id}/disbursements?status=prepared`));
    expect(waiting.length).toBeGreaterThan(0);
    expect(verifyClean(await verifyLedger(d.database))).toBe(true);
    await d.app.close();
  });
});

describe('creating a charity fund', () => {
  it('the orgs one may create a fund in; a new fund gets its own ledger with its five accounts, audited; out of scope like a made-up org', async () => {
    const mine = json<{ orgId: string; funds: number }[]>(await officer.get('/api/v1/charity-orgs'));
    expect(mine).toEqual([expect.objectContaining({ orgId: chamberId, name: '商会党委', funds: 2 })]);
    expect(json(await approver.get('/api/v1/charity-orgs'))).toEqual([]);
    const res = await officer.post('/api/v1/charity-funds', { orgId: chamberId, name: '助学基金', kind: 'spend' });
    expect(res.statusCode).toBe(201);
    const f = json<{ id: string; ledgerId: string; kind: string; balance: Record<string, unknown>; can: { prepare: boolean } }>(res);
    expect(f).toMatchObject({ kind: 'spend', can: { prepare: true }, balance: { donatedFen: 0, disbursedFen: 0, balanced: true } });
    const accounts = await t.database.query<{ code: string }>('select code from ledger_accounts where ledger_id = $1 order by code', [f.ledgerId]);
    expect(accounts.map((a) => a.code)).toEqual(['beneficiaries', 'donors', 'income_src', 'principal', 'spendable']);
    const [a] = await t.database.query<{ n: number }>(`select count(*)::int n from audit_log where action = 'charity.fund.create' and entity_id = $1`, [f.id]);
    expect(a.n).toBe(1);
    expect(json<{ funds: number }[]>(await officer.get('/api/v1/charity-orgs'))[0].funds).toBe(3);
    expect(json<{ id: string }[]>(await officer.get('/api/v1/charity-funds')).map((x) => x.id)).toContain(f.id);

    const madeUp = await outsider.post('/api/v1/charity-funds', { orgId: MADE_UP, name: '外来基金', kind: 'spend' });
    expect(madeUp.statusCode).toBe(404);
    const foreign = await expectRefused(() => outsider.post('/api/v1/charity-funds', { orgId: chamberId, name: '外来基金', kind: 'spend' }), 404, 'NOT_FOUND', () => snapshot(t));
    expect(foreign).toEqual(json(madeUp).error);
    await expectRefused(() => approver.post('/api/v1/charity-funds', { orgId: chamberId, name: '审批人基金', kind: 'spend' }), 404, 'NOT_FOUND', () => snapshot(t));
    for (const body of [{ orgId: chamberId, name: '  ', kind: 'spend' }, { orgId: chamberId, name: '某基金', kind: 'other' }, { orgId: chamberId, name: 'x'.repeat(101), kind: 'spend' }]) {
      await expectRefused(() => officer.post('/api/v1/charity-funds', body), 400, 'VALIDATION_FAILED', () => snapshot(t));
    }
  });
});
