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

let dave: string; // employed ¥8,000: table ¥120.00, reduced to ¥60.00
let erin: string; // exempt
const erin_ = () => erin;
describe('party dues: reductions, 代交, voluntary extra, corrections', () => {
  beforeAll(async () => { [dave, erin] = await make.members(t, branch.id, 2, '减免'); });
  const reduction = { reductionDecision: '支委会 2026-01-05 决定', reductionApproval: '街道党工委 2026-01-12 批准' };

  it('an amount below the table needs the branch\'s decision and the committee\'s approval; above the table never', async () => {
    const base = { memberId: dave, category: 'employed', baseFen: 800_000, monthlyFen: 6_000 };
    await expectRefused(() => setAmount(collector, base), 422, 'DUES_OUTSIDE_TABLE', () => snapshot(t));
    await expectRefused(() => setAmount(collector, { ...base, reductionDecision: reduction.reductionDecision }), 422, 'DUES_OUTSIDE_TABLE', () => snapshot(t));
    await expectRefused(() => setAmount(collector, { ...base, reductionApproval: '  ', reductionDecision: reduction.reductionDecision }), 422, 'DUES_OUTSIDE_TABLE', () => snapshot(t));
    await expectRefused(() => setAmount(collector, { ...base, monthlyFen: 12_001, ...reduction }), 422, 'DUES_ABOVE_TABLE', () => snapshot(t));
    await expectRefused(() => setAmount(collector, { ...base, monthlyFen: -1, ...reduction }), 400, 'VALIDATION_FAILED', () => snapshot(t));
    const set = json(await setAmount(collector, { ...base, ...reduction }));
    expect(set).toMatchObject({ monthlyFen: 6_000, tableFen: 12_000, ...reduction });
    const [a] = await t.database.query<{ after: { reductionApproval: string } }>(`select after from audit_log where action = 'dues.amount.set' and entity_id = $1`, [dave]);
    expect(a.after.reductionApproval).toBe(reduction.reductionApproval);
    expect(json(await setAmount(collector, { memberId: erin, category: 'employed', baseFen: 300_000, monthlyFen: 0, ...reduction }))).toMatchObject({ monthlyFen: 0, tableFen: 1_500 });
    const s = await sheet(11);
    expect(s.rows.find((r: { memberId: string }) => r.memberId === dave)).toMatchObject({ monthlyFen: 6_000, reduced: true, warned: true });
    // an exempt member owes nothing: no arrears
    expect(s.rows.find((r: { memberId: string }) => r.memberId === erin)).toMatchObject({ monthlyFen: 0, reduced: true, unpaidMonths: [], flagged: false });
  });

  it('代交 records who paid; a voluntary extra is part of the amount; ≥ ¥1,000 is flagged for forwarding', async () => {
    const res = await pay({ memberId: dave, months: [1], amountFen: 6_000 + 100_000, extraFen: 100_000, paidBy: '家属 王某（代交）', receiptNo: 'DF-2026-0101' });
    expect(res.statusCode).toBe(201);
    expect(json(res)).toMatchObject({ extraFen: 100_000, paidBy: '家属 王某（代交）', forwardUp: true, months: [1] });
    const oneOff = json(await pay({ memberId: carol, months: [], amountFen: 5_000, extraFen: 5_000, receiptNo: 'DF-2026-0102' }));
    expect(oneOff).toMatchObject({ months: [], extraFen: 5_000, forwardUp: false, paidBy: null });
    const [p] = await t.database.query<{ forward_up: boolean; paid_by: string }>(`select forward_up, paid_by from dues_payments where receipt_no = 'DF-2026-0101'`);
    expect(p).toEqual({ forward_up: true, paid_by: '家属 王某（代交）' });
    expect(verifyClean(await verifyLedger(t.database.db, regionId))).toBe(true);
  });

  it('refuses a payment without months nor extra, an extra above the amount, an empty payer, an amount not matching', async () => {
    await expectRefused(() => pay({ memberId: dave, months: [], amountFen: 100, receiptNo: 'DF-X-10' }), 422, 'VALIDATION_FAILED', () => snapshot(t));
    await expectRefused(() => pay({ memberId: dave, months: [], amountFen: 100, extraFen: 200, receiptNo: 'DF-X-10' }), 422, 'VALIDATION_FAILED', () => snapshot(t));
    await expectRefused(() => pay({ memberId: dave, months: [2], amountFen: 6_000, paidBy: '', receiptNo: 'DF-X-10' }), 400, 'VALIDATION_FAILED', () => snapshot(t));
    await expectRefused(() => pay({ memberId: dave, months: [2], amountFen: 6_000, extraFen: -5, receiptNo: 'DF-X-10' }), 400, 'VALIDATION_FAILED', () => snapshot(t));
    await expectRefused(() => pay({ memberId: dave, months: [2], amountFen: 6_100, extraFen: 50, receiptNo: 'DF-X-10' }), 422, 'VALIDATION_FAILED', () => snapshot(t));
  });

  it('a correction reverses the posting (naming it), frees the months, keeps the payment and its receipt; once only', async () => {
    const paid = json(await pay({ memberId: dave, months: [2, 3], amountFen: 12_000, receiptNo: 'DF-2026-0103' }));
    const balance = (await sheet(11)).balanceFen;
    const h = key();
    const correct = (body: Record<string, unknown> = { reason: '月份登记错误' }, headers: Record<string, string> = h, c: Client = collector, id = paid.id) =>
      c.post(`/api/v1/dues/payments/${id}/corrections`, body, headers);
    const res = await correct();
    expect(res.statusCode).toBe(201);
    expect(json(res)).toMatchObject({ paymentId: paid.id, freedMonths: [2, 3], reason: '月份登记错误' });
    expect((await correct()).statusCode).toBe(200); // the retry answers the first
    const [rev] = await t.database.query<{ n: number }>(`select count(*)::int as n from ledger_transfers r join ledger_transfers o on o.region_id = r.region_id and o.id = r.reverses_id
      where o.posting_id = $1 and r.posting_id = $2`, [paid.postingId, json(res).reversalPostingId]);
    expect(rev.n).toBe(1);
    expect(verifyClean(await verifyLedger(t.database.db, regionId))).toBe(true);
    const s = await sheet(11);
    expect(s.balanceFen).toBe(balance - 12_000);
    expect(s.rows.find((r: { memberId: string }) => r.memberId === dave).unpaidMonths.slice(0, 3)).toEqual([2, 3, 4]);
    const [row] = await t.database.query<{ months: number[]; amount_fen: string }>(`select months, amount_fen from dues_payments where id = $1`, [paid.id]);
    expect(row.months).toEqual([2, 3]);
    const listed = json(await collector.get(`/api/v1/dues/payments?orgId=${branch.id}&year=${YEAR}&memberId=${dave}`));
    expect(listed.find((p: { id: string }) => p.id === paid.id).corrected).toMatchObject({ reason: '月份登记错误' });

    await expectRefused(() => correct({ reason: '再次' }, key()), 409, 'DUES_PAYMENT_CORRECTED', () => snapshot(t));
    await expectRefused(() => correct({ reason: '' }, key()), 400, 'VALIDATION_FAILED', () => snapshot(t));
    await expectRefused(() => correct({ reason: 'x' }, {}), 400, 'IDEMPOTENCY_KEY_REQUIRED', () => snapshot(t));
    await expectRefused(() => correct({ reason: 'x' }, key(), outsider), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => correct({ reason: 'x' }, key(), collector, MADE_UP), 404, 'NOT_FOUND', () => snapshot(t));
    // the receipt number stays used; the right months are recorded as a new payment
    await expectRefused(() => pay({ memberId: dave, months: [2], amountFen: 6_000, receiptNo: 'DF-2026-0103' }), 409, 'DUES_RECEIPT_USED', () => snapshot(t));
    expect((await pay({ memberId: dave, months: [2], amountFen: 6_000, receiptNo: 'DF-2026-0104' })).statusCode).toBe(201);
  });
});

describe('party dues: arrears across branches, my dues, the disclosure, the collector role', () => {
  it('the arrears of a committee list its branches\' members 3+ months behind, warned at 5; out of scope 404', async () => {
    const admin = (await make.regionAdmin(t, regionId)).client;
    const root = (await t.database.query<{ id: string }>(`select id from orgs where region_id = $1 and parent_id is null`, [regionId]))[0].id;
    const a = json(await admin.get(`/api/v1/dues/arrears?orgId=${root}&year=${YEAR}`));
    const orgsSeen = new Set(a.rows.map((r: { orgId: string }) => r.orgId));
    expect(orgsSeen.has(branch.id) && orgsSeen.has(other.id)).toBe(true);
    const s = a.rows.find((r: { memberId: string }) => r.memberId === stranger);
    expect(s).toMatchObject({ monthlyFen: null, warned: true });
    expect(s.unpaidMonths).toHaveLength(11);
    expect(a.rows.some((r: { memberId: string }) => r.memberId === erin_())).toBe(false);
    expect(a.warned).toBe(a.rows.filter((r: { unpaidMonths: number[] }) => r.unpaidMonths.length >= 5).length);
    // the branch's collector sees its own branch only, even asked for the committee
    expect((await collector.get(`/api/v1/dues/arrears?orgId=${root}&year=${YEAR}`)).statusCode).toBe(404);
    const mine = json(await collector.get(`/api/v1/dues/arrears?orgId=${branch.id}&year=${YEAR}`));
    expect(mine.rows.every((r: { orgId: string }) => r.orgId === branch.id)).toBe(true);
    // the warning at 5 months is a to-do of the branch's collectors (bob: 10 months unpaid), none of another branch's
    const todo = async (c: Client) => (json(await c.get('/api/v1/todos')).items as { source: string; id: string; title: Record<string, string> }[]).filter((i) => i.source === 'money.duesWarn');
    const w = await todo(collector);
    expect(w.map((i) => i.id)).toEqual([`${branch.id}|${YEAR}|warn`]);
    expect(w[0].title['zh-CN']).toContain('满 6 个月');
    expect((await todo(outsider)).map((i) => i.id)).toEqual([`${other.id}|${YEAR}|warn`]);
    const answers = [];
    for (const orgId of [branch.id, MADE_UP]) answers.push((await outsider.get(`/api/v1/dues/arrears?orgId=${orgId}&year=${YEAR}`)).body.replace(/"requestId":"[^"]*"/, ''));
    expect(answers[0]).toBe(answers[1]);
  });

  it('a member sees their own dues and receipts, and their branch\'s disclosure; not another branch\'s', async () => {
    const me = (await make.memberUser(t, regionId, alice)).client;
    const mine = json(await me.get(`/api/v1/dues/mine?year=${YEAR}`));
    expect(mine).toMatchObject({ member: true, orgId: branch.id, monthlyFen: 24_000, unpaidMonths: [11], owedFen: 24_000 });
    expect(mine.paidMonths).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(mine.payments.map((p: { receiptNo: string }) => p.receiptNo)).toEqual(['DF-2026-0001']);
    expect(json(await collector.get('/api/v1/dues/mine'))).toMatchObject({ member: false, payments: [] });

    const d = json(await me.get(`/api/v1/dues/disclosure?orgId=${branch.id}&year=${YEAR}`));
    const aliceRow = d.rows.find((r: { monthsPaid: number[]; paidFen: number }) => r.paidFen === 240_000);
    expect(aliceRow.monthsPaid).toHaveLength(10);
    // dave: ¥1,060 (with the extra) + ¥60 after the correction; the corrected ¥120 is left out
    expect(d.rows.some((r: { paidFen: number }) => r.paidFen === 106_000 + 6_000)).toBe(true);
    expect(d.paidFen).toBe(d.rows.reduce((s: number, r: { paidFen: number }) => s + r.paidFen, 0));
    expect(d.extraFen).toBe(105_000);
    const foreign = (await make.memberUser(t, regionId, stranger)).client;
    const answers = [];
    for (const orgId of [branch.id, MADE_UP]) {
      const res = await foreign.get(`/api/v1/dues/disclosure?orgId=${orgId}&year=${YEAR}`);
      expect(res.statusCode).toBe(404);
      answers.push(res.body.replace(/"requestId":"[^"]*"/, ''));
    }
    expect(answers[0]).toBe(answers[1]);
  });

  it('a dues collector collects for its branch and nothing more', async () => {
    const c = (await make.user(t, { grants: [{ role: 'dues_collector', scopeKind: 'org', scopeId: branch.id, regionId }] })).client;
    expect(json(await c.get('/api/v1/dues/branches')).map((b: { id: string; collect: boolean }) => [b.id, b.collect])).toEqual([[branch.id, true]]);
    expect((await c.get(`/api/v1/dues/sheet?orgId=${branch.id}&year=${YEAR}&month=11`)).statusCode).toBe(200);
    expect((await pay({ memberId: carol, months: [11], amountFen: 20, receiptNo: 'DF-2026-0201' }, key(), c)).statusCode).toBe(201);
    await expectRefused(() => pay({ memberId: stranger, months: [1], amountFen: 20, receiptNo: 'DF-X-20' }, key(), c), 404, 'NOT_FOUND', () => snapshot(t));
    expect((await c.get(`/api/v1/dues/sheet?orgId=${other.id}&year=${YEAR}&month=11`)).statusCode).toBe(404);
    // nothing of the directory, nor of other capabilities
    for (const url of [`/api/v1/members?orgId=${branch.id}`, `/api/v1/members/${alice}`, '/api/v1/audit', '/api/v1/funds']) {
      const res = await c.get(url);
      expect([403, 404].includes(res.statusCode) || (res.statusCode === 200 && JSON.stringify(json(res)).match(/^\[\]$|"items":\[\]/) !== null), url).toBe(true);
    }
    await expectRefused(() => c.post('/api/v1/members', make.memberBody(branch.id)), 422, 'VALIDATION_FAILED', () => snapshot(t));
  });
});

describe('party dues: the demo', () => {
  it('seeds a year of dues for a demo branch, some members behind, the ledger clean', async () => {
    const { seedDues } = await import('./seed-dues.ts');
    const demo = await make.org(t, regionId, (await t.database.query<{ id: string }>(`select id from orgs where region_id = $1 and parent_id is null`, [regionId]))[0].id, '峰南社区第一党支部');
    await make.members(t, demo.id, 8, '示例');
    await seedDues(t.database.db, { now: t.clock.now() });
    const [n] = await t.database.query<{ a: number; p: number }>(`select (select count(*)::int from dues_amounts where org_id = $1) as a, (select count(*)::int from dues_payments where org_id = $1) as p`, [demo.id]);
    expect(n.a).toBe(8);
    expect(n.p).toBeGreaterThan(8);
    const admin = (await make.regionAdmin(t, regionId)).client;
    const a = json(await admin.get(`/api/v1/dues/arrears?orgId=${demo.id}&year=${YEAR}`));
    expect(a.rows.length).toBeGreaterThan(0);
    const s = json(await admin.get(`/api/v1/dues/sheet?orgId=${demo.id}&year=${YEAR}&month=1`));
    expect(s.balanceFen).toBeGreaterThan(0);
    expect(verifyClean(await verifyLedger(t.database.db, regionId))).toBe(true);
  });
});
