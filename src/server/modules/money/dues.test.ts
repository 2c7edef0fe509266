import { beforeAll, describe, expect, it } from 'vitest';
import { json, testApp, type Client, type TestApp } from '../../../../test/support/app.ts';
import * as make from '../../../../test/support/factories.ts';
import { expectRefused, snapshot } from '../../../../test/support/refused.ts';
import { verifyClean, verifyLedger } from '../../platform/ledger/ledger.ts';

/** Party dues: amounts from the official table, the branch's monthly sheet, payments on the ledger, arrears, refusals. */
let t: TestApp;
let regionId: string;
let branch: make.Org;
let other: make.Org;
let collector: Client;
let outsider: Client;
let alice: string; // employed, ¥8,000 → 1.5% = ¥120.00
let bob: string; // retired, ¥4,000 → 0.5% = ¥20.00
let carol: string; // student → ¥0.20
let stranger: string; // a member of another branch
const MADE_UP = '0190b6a0-0000-7000-8000-00000000beef';
const YEAR = 2026; // the test clock is 2026-11-25

let keyN = 0;
const key = () => ({ 'idempotency-key': `pay-${++keyN}-${Math.random().toString(36).slice(2)}` });

beforeAll(async () => {
  t = await testApp();
  const r = await make.region(t, '党费区');
  regionId = r.id;
  branch = await make.org(t, regionId, r.rootOrgId, '第一党支部');
  other = await make.org(t, regionId, r.rootOrgId, '第二党支部');
  [alice, bob, carol] = await make.members(t, branch.id, 3, '党员');
  [stranger] = await make.members(t, other.id, 1, '外支部');
  collector = (await make.orgAdmin(t, regionId, branch.id)).client;
  outsider = (await make.orgAdmin(t, regionId, other.id)).client;
});

const setAmount = (c: Client, body: Record<string, unknown>) => c.post('/api/v1/dues/amounts', { year: YEAR, ...body });
const pay = (body: Record<string, unknown>, headers: Record<string, string> = key(), c: Client = collector) =>
  c.post('/api/v1/dues/payments', { year: YEAR, method: 'cash', ...body }, headers);
const sheet = async (month: number) => json(await collector.get(`/api/v1/dues/sheet?orgId=${branch.id}&year=${YEAR}&month=${month}`));

describe('party dues', () => {
  it('sets monthly amounts from the official table; a set amount is locked: a change needs a reason and is audited', async () => {
    expect(json(await setAmount(collector, { memberId: alice, category: 'employed', baseFen: 800_000 }))).toMatchObject({ monthlyFen: 12_000, baseFen: 800_000 });
    expect(json(await setAmount(collector, { memberId: bob, category: 'retired', baseFen: 400_000 })).monthlyFen).toBe(2_000);
    expect(json(await setAmount(collector, { memberId: carol, category: 'student', baseFen: 0 })).monthlyFen).toBe(20);

    await expectRefused(() => setAmount(collector, { memberId: alice, category: 'employed', baseFen: 1_200_000 }), 422, 'VALIDATION_FAILED', () => snapshot(t));
    const changed = await setAmount(collector, { memberId: alice, category: 'employed', baseFen: 1_200_000, reason: '年中调薪，支部会议决定' });
    expect(json(changed)).toMatchObject({ monthlyFen: 24_000, reason: '年中调薪，支部会议决定' });
    const [row] = await t.database.query<{ before: { monthlyFen: number }; after: { monthlyFen: number } }>(
      `select before, after from audit_log where action = 'dues.amount.change' and entity_id = $1`, [alice]);
    expect(row.before.monthlyFen).toBe(12_000);
    expect(row.after.monthlyFen).toBe(24_000);
  });

  it('refuses a base that is negative or fractional, and a member out of scope like a made-up id', async () => {
    for (const baseFen of [-1, 100.5]) {
      await expectRefused(() => setAmount(collector, { memberId: bob, category: 'retired', baseFen, reason: 'x' }), 400, 'VALIDATION_FAILED', () => snapshot(t));
    }
    await expectRefused(() => setAmount(collector, { memberId: stranger, category: 'employed', baseFen: 1 }), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => setAmount(collector, { memberId: MADE_UP, category: 'employed', baseFen: 1 }), 404, 'NOT_FOUND', () => snapshot(t));
  });

  it('the sheet lists the branch with amounts; a payment posts on the ledger, marks its months paid; a retry answers the first payment', async () => {
    const before = await sheet(11);
    expect(before.rows.map((r: { name: string }) => r.name)).toHaveLength(3);
    const a0 = before.rows.find((r: { memberId: string }) => r.memberId === alice);
    expect(a0).toMatchObject({ monthlyFen: 24_000, paid: false, flagged: true });
    expect(a0.unpaidMonths).toHaveLength(11);
    expect(before.dueFen).toBe(24_000 + 2_000 + 20);

    const headers = key();
    const body = { memberId: alice, months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], amountFen: 240_000, receiptNo: 'DF-2026-0001' };
    const first = await pay(body, headers);
    expect(first.statusCode).toBe(201);
    const again = await pay(body, headers);
    expect(again.statusCode).toBe(200);
    expect(json(again)).toMatchObject({ id: json(first).id, postingId: json(first).postingId, replayed: true });
    await expectRefused(() => pay({ ...body, amountFen: 24_000, months: [11] }, headers), 409, 'IDEMPOTENCY_KEY_REUSED', () => snapshot(t));

    const s = await sheet(10);
    const a = s.rows.find((r: { memberId: string }) => r.memberId === alice);
    expect(a).toMatchObject({ paid: true, receiptNo: 'DF-2026-0001', unpaidMonths: [11], flagged: false });
    expect(s.balanceFen).toBe(240_000);
    const [n] = await t.database.query<{ n: number }>(`select count(*)::int as n from ledger_transfers where region_id = $1 and code = 'dues.payment'`, [regionId]);
    expect(n.n).toBe(1);
    expect(verifyClean(await verifyLedger(t.database.db, regionId))).toBe(true);

    // bob pays November only: 10 months unpaid before, flagged
    expect((await pay({ memberId: bob, months: [11], amountFen: 2_000, receiptNo: 'DF-2026-0002', method: 'transfer' })).statusCode).toBe(201);
    const b = (await sheet(11)).rows.find((r: { memberId: string }) => r.memberId === bob);
    expect(b).toMatchObject({ paid: true, flagged: true });
    expect(b.unpaidMonths).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('refuses a zero, negative or fractional amount, an amount other than the months due, a reused receipt, a month paid twice', async () => {
    for (const amountFen of [0, -20, 20.5]) {
      await expectRefused(() => pay({ memberId: carol, months: [1], amountFen, receiptNo: 'DF-X-1' }), 400, 'VALIDATION_FAILED', () => snapshot(t));
    }
    await expectRefused(() => pay({ memberId: carol, months: [1, 2], amountFen: 20, receiptNo: 'DF-X-1' }), 422, 'VALIDATION_FAILED', () => snapshot(t));
    await expectRefused(() => pay({ memberId: carol, months: [1], amountFen: 20, receiptNo: 'DF-2026-0001' }), 409, 'DUES_RECEIPT_USED', () => snapshot(t));
    await expectRefused(() => pay({ memberId: alice, months: [10, 11], amountFen: 48_000, receiptNo: 'DF-X-2' }), 409, 'DUES_MONTH_PAID', () => snapshot(t));
    await expectRefused(() => pay({ memberId: carol, months: [1] , amountFen: 20, receiptNo: 'DF-X-3' }, {}), 400, 'IDEMPOTENCY_KEY_REQUIRED', () => snapshot(t));
  });

  it('a member or a branch out of scope answers like a made-up id', async () => {
    await expectRefused(() => pay({ memberId: stranger, months: [1], amountFen: 20, receiptNo: 'DF-X-4' }), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => pay({ memberId: MADE_UP, months: [1], amountFen: 20, receiptNo: 'DF-X-4' }), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => pay({ memberId: alice, months: [11], amountFen: 24_000, receiptNo: 'DF-X-5' }, key(), outsider), 404, 'NOT_FOUND', () => snapshot(t));
    const answers = [];
    for (const orgId of [branch.id, MADE_UP]) {
      const res = await outsider.get(`/api/v1/dues/sheet?orgId=${orgId}&year=${YEAR}&month=11`);
      expect(res.statusCode).toBe(404);
      answers.push(res.body.replace(/"requestId":"[^"]*"/, ''));
    }
    expect(answers[0]).toBe(answers[1]);
    expect(answers[0]).toContain('NOT_FOUND');
  });
});
