import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../../../test/support/app.ts';
import { DB_KIND } from '../../../../test/support/db.ts';
import { AppError } from '../errors.ts';
import {
  closePeriod, createLedger, expirePending, post, resolvePending, reverse, verifyClean, verifyLedger, type Posting,
} from './ledger.ts';

let t: TestApp;
let regionId: string;
let orgId: string;

beforeAll(async () => {
  t = await testApp();
  const r = await t.region('账本区');
  regionId = r.id;
  orgId = r.rootOrgId;
});
afterAll(async () => { await t.app.close(); });

const db = () => t.database.db;
const now = () => t.clock.now();

async function book(code: string, noNegative = true) {
  return createLedger(db(), { regionId, orgId, code, name: code, purpose: 'test' }, [
    { code: 'outside', name: '外部', kind: 'external' },
    { code: 'cash', name: '现金', kind: 'asset', noNegative },
    { code: 'loans', name: '借出', kind: 'asset', noNegative },
  ]);
}

async function balances(ledgerId: string) {
  const rows = await t.database.query<{ code: string; balance: string; pending_debits: string; pending_credits: string }>(
    'select code, balance::text, pending_debits::text, pending_credits::text from ledger_accounts where region_id = $1 and ledger_id = $2 order by code', [regionId, ledgerId]);
  return Object.fromEntries(rows.map((r) => [r.code, { b: BigInt(r.balance), pd: BigInt(r.pending_debits), pc: BigInt(r.pending_credits) }]));
}

async function refusedWith(p: Promise<unknown>, status: number, code: string) {
  const e = await p.then(() => null, (x: unknown) => x);
  expect(e, 'refused').toBeInstanceOf(AppError);
  expect({ status: (e as AppError).status, code: (e as AppError).code }).toEqual({ status, code });
}

async function counts() {
  const [r] = await t.database.query<{ t: number; i: number }>(
    'select (select count(*) from ledger_transfers)::int as t, (select count(*) from ledger_idempotency)::int as i');
  return r;
}

describe('postings', () => {
  it('moves the amount from the debit account to the credit account; the ledger sums to zero', async () => {
    const l = await book('basic');
    const p = await post(db(), now(), { regionId, ledgerId: l.id, code: 'test', legs: [{ debit: l.accounts.outside, credit: l.accounts.cash, amount: 10_000n }] });
    expect(p.transfers).toHaveLength(1);
    const b = await balances(l.id);
    expect([b.outside.b, b.cash.b, b.loans.b]).toEqual([-10_000n, 10_000n, 0n]);
    expect(verifyClean(await verifyLedger(db(), regionId))).toBe(true);
  });

  it('a posting of several legs is one atomic set: one overdrawn leg and none is written', async () => {
    const l = await book('multi');
    await post(db(), now(), { regionId, ledgerId: l.id, code: 'test', legs: [{ debit: l.accounts.outside, credit: l.accounts.cash, amount: 500n }] });
    const before = await counts();
    await refusedWith(post(db(), now(), {
      regionId, ledgerId: l.id, code: 'test', legs: [
        { debit: l.accounts.outside, credit: l.accounts.cash, amount: 100n },
        { debit: l.accounts.cash, credit: l.accounts.loans, amount: 601n },
      ],
    }), 409, 'LEDGER_INSUFFICIENT_FUNDS');
    expect(await counts()).toEqual(before);
    const b = await balances(l.id);
    expect([b.outside.b, b.cash.b, b.loans.b]).toEqual([-500n, 500n, 0n]);
    // both legs pass: netted per account within the posting
    await post(db(), now(), {
      regionId, ledgerId: l.id, code: 'test', legs: [
        { debit: l.accounts.outside, credit: l.accounts.cash, amount: 100n },
        { debit: l.accounts.cash, credit: l.accounts.loans, amount: 600n },
      ],
    });
    const a = await balances(l.id);
    expect([a.outside.b, a.cash.b, a.loans.b]).toEqual([-600n, 0n, 600n]);
  });

  it('refuses zero, negative and absurd amounts, one account on both sides, and accounts of another ledger', async () => {
    const l = await book('bad');
    const other = await book('bad-other');
    const before = await counts();
    const leg = (amount: bigint) => ({ regionId, ledgerId: l.id, code: 'test', legs: [{ debit: l.accounts.outside, credit: l.accounts.cash, amount }] });
    await refusedWith(post(db(), now(), leg(0n)), 422, 'LEDGER_AMOUNT_INVALID');
    await refusedWith(post(db(), now(), leg(-5n)), 422, 'LEDGER_AMOUNT_INVALID');
    await refusedWith(post(db(), now(), leg(10n ** 15n)), 422, 'LEDGER_AMOUNT_INVALID');
    await refusedWith(post(db(), now(), { regionId, ledgerId: l.id, code: 'x', legs: [{ debit: l.accounts.cash, credit: l.accounts.cash, amount: 1n }] }), 422, 'LEDGER_SAME_ACCOUNT');
    await refusedWith(post(db(), now(), { regionId, ledgerId: l.id, code: 'x', legs: [{ debit: l.accounts.outside, credit: other.accounts.cash, amount: 1n }] }), 404, 'NOT_FOUND');
    expect(await counts()).toEqual(before);
  });
});

describe('append-only, in the database', () => {
  it('an UPDATE or DELETE of a written leg is refused by the trigger, whoever runs it', async () => {
    const l = await book('append');
    const p = await post(db(), now(), { regionId, ledgerId: l.id, code: 'test', legs: [{ debit: l.accounts.outside, credit: l.accounts.cash, amount: 77n }] });
    const id = p.transfers[0].id;
    await expect(t.database.query('update ledger_transfers set amount = 1 where region_id = $1 and id = $2', [regionId, id])).rejects.toThrow(/append-only/);
    await expect(t.database.query('update ledger_transfers set memo = $3 where region_id = $1 and id = $2', [regionId, id, 'x'])).rejects.toThrow(/append-only/);
    await expect(t.database.query('delete from ledger_transfers where region_id = $1 and id = $2', [regionId, id])).rejects.toThrow(/append-only/);
    const [r] = await t.database.query<{ amount: string; memo: string }>('select amount::text, memo from ledger_transfers where region_id = $1 and id = $2', [regionId, id]);
    expect(r).toEqual({ amount: '77', memo: '' });
  });

  it('the amount must be positive and the two accounts differ, also for raw SQL', async () => {
    const l = await book('raw');
    const ins = (amount: number, credit: string) => t.database.query(`insert into ledger_transfers (region_id, id, ledger_id, org_id, posting_id, leg, flow,
      debit_account_id, credit_account_id, amount, booked_on, code, created_at) values ($1, gen_random_uuid(), $2, $3, gen_random_uuid(), 1, 'posted', $4, $5, $6, '2026-11-25', 'x', now())`,
    [regionId, l.id, orgId, l.accounts.outside, credit, amount]);
    await expect(ins(0, l.accounts.cash)).rejects.toThrow(/ledger_transfers_amount_positive/);
    await expect(ins(-3, l.accounts.cash)).rejects.toThrow(/ledger_transfers_amount_positive/);
    await expect(ins(3, l.accounts.outside)).rejects.toThrow(/ledger_transfers_two_accounts/);
    await expect(t.database.query('update ledger_accounts set balance = -1 where region_id = $1 and id = $2', [regionId, l.accounts.cash])).rejects.toThrow(/ledger_accounts_no_negative/);
  });
});

describe('corrections and periods', () => {
  it('a reversal swaps the accounts of every leg and names the leg it corrects; only once', async () => {
    const l = await book('reverse');
    const p = await post(db(), now(), { regionId, ledgerId: l.id, code: 'test', legs: [{ debit: l.accounts.outside, credit: l.accounts.cash, amount: 900n }] });
    const r = await reverse(db(), now(), { regionId, ledgerId: l.id, postingId: p.postingId, memo: '录错金额' });
    expect(r.transfers[0]).toMatchObject({ debitAccountId: l.accounts.cash, creditAccountId: l.accounts.outside, amount: '900', reversesId: p.transfers[0].id });
    const b = await balances(l.id);
    expect([b.outside.b, b.cash.b]).toEqual([0n, 0n]);
    await refusedWith(reverse(db(), now(), { regionId, ledgerId: l.id, postingId: p.postingId }), 409, 'LEDGER_ALREADY_REVERSED');
    await refusedWith(reverse(db(), now(), { regionId, ledgerId: l.id, postingId: r.postingId }), 409, 'LEDGER_REVERSAL_OF_REVERSAL');
    // the original is still there, unchanged
    const [o] = await t.database.query<{ n: number }>('select count(*)::int as n from ledger_transfers where region_id = $1 and ledger_id = $2', [regionId, l.id]);
    expect(o.n).toBe(2);
  });

  it('nothing is booked into a closed period; only past days close, and a close never reopens', async () => {
    const l = await book('period');
    await closePeriod(db(), now(), regionId, l.id, '2026-10-31');
    const before = await counts();
    await refusedWith(post(db(), now(), { regionId, ledgerId: l.id, code: 'x', bookedOn: '2026-10-31', legs: [{ debit: l.accounts.outside, credit: l.accounts.cash, amount: 1n }] }), 409, 'LEDGER_PERIOD_CLOSED');
    expect(await counts()).toEqual(before);
    await post(db(), now(), { regionId, ledgerId: l.id, code: 'x', bookedOn: '2026-11-01', legs: [{ debit: l.accounts.outside, credit: l.accounts.cash, amount: 1n }] });
    await refusedWith(closePeriod(db(), now(), regionId, l.id, '2026-09-30'), 409, 'LEDGER_ALREADY_CLOSED');
    await refusedWith(closePeriod(db(), now(), regionId, l.id, '2026-11-25'), 422, 'VALIDATION_FAILED');
  });
});

describe('pending transfers', () => {
  it('reserve, then post: the reservation counts against a no-negative account until it is resolved', async () => {
    const l = await book('pending');
    await post(db(), now(), { regionId, ledgerId: l.id, code: 'in', legs: [{ debit: l.accounts.outside, credit: l.accounts.cash, amount: 1_000n }] });
    const p = await post(db(), now(), { regionId, ledgerId: l.id, code: 'loan', pending: { timeoutMs: 86_400_000 }, legs: [{ debit: l.accounts.cash, credit: l.accounts.loans, amount: 800n }] });
    let b = await balances(l.id);
    expect([b.cash.b, b.cash.pd, b.loans.pc]).toEqual([1_000n, 800n, 800n]);
    // 200 left to spend while 800 are reserved
    await refusedWith(post(db(), now(), { regionId, ledgerId: l.id, code: 'x', legs: [{ debit: l.accounts.cash, credit: l.accounts.outside, amount: 201n }] }), 409, 'LEDGER_INSUFFICIENT_FUNDS');
    await resolvePending(db(), now(), { regionId, ledgerId: l.id, pendingId: p.transfers[0].id, action: 'post' });
    b = await balances(l.id);
    expect([b.cash.b, b.cash.pd, b.loans.b, b.loans.pc]).toEqual([200n, 0n, 800n, 0n]);
    const before = await counts();
    await refusedWith(resolvePending(db(), now(), { regionId, ledgerId: l.id, pendingId: p.transfers[0].id, action: 'post' }), 409, 'LEDGER_PENDING_RESOLVED');
    await refusedWith(resolvePending(db(), now(), { regionId, ledgerId: l.id, pendingId: p.transfers[0].id, action: 'void' }), 409, 'LEDGER_PENDING_RESOLVED');
    expect(await counts()).toEqual(before);
    expect(verifyClean(await verifyLedger(db(), regionId))).toBe(true);
  });

  it('two resolutions at once: exactly one wins', async () => {
    const l = await book('pending-race');
    await post(db(), now(), { regionId, ledgerId: l.id, code: 'in', legs: [{ debit: l.accounts.outside, credit: l.accounts.cash, amount: 1_000n }] });
    const p = await post(db(), now(), { regionId, ledgerId: l.id, code: 'loan', pending: { timeoutMs: 60_000 }, legs: [{ debit: l.accounts.cash, credit: l.accounts.loans, amount: 1_000n }] });
    // each in its own transaction, so both pass the first checks on PostgreSQL; the unique index decides
    const outcomes = await Promise.allSettled([0, 1, 2].map(() => t.database.db.transaction((tx) =>
      resolvePending(tx, now(), { regionId, ledgerId: l.id, pendingId: p.transfers[0].id, action: 'post' }))));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const o of outcomes) if (o.status === 'rejected') expect((o.reason as AppError).code).toBe('LEDGER_PENDING_RESOLVED');
    const b = await balances(l.id);
    expect([b.cash.b, b.loans.b, b.cash.pd]).toEqual([0n, 1_000n, 0n]);
  });

  it('a lapsed reservation cannot be posted; the sweep voids it and releases the amount', async () => {
    const l = await book('pending-lapse');
    await post(db(), now(), { regionId, ledgerId: l.id, code: 'in', legs: [{ debit: l.accounts.outside, credit: l.accounts.cash, amount: 300n }] });
    const p = await post(db(), now(), { regionId, ledgerId: l.id, code: 'loan', pending: { timeoutMs: 1_000 }, legs: [{ debit: l.accounts.cash, credit: l.accounts.loans, amount: 300n }] });
    t.clock.advance(1_000);
    await refusedWith(resolvePending(db(), now(), { regionId, ledgerId: l.id, pendingId: p.transfers[0].id, action: 'post' }), 409, 'LEDGER_PENDING_EXPIRED');
    expect(await expirePending(db(), now(), regionId)).toBeGreaterThanOrEqual(1);
    const b = await balances(l.id);
    expect([b.cash.b, b.cash.pd, b.loans.pc, b.loans.b]).toEqual([300n, 0n, 0n, 0n]);
    expect(await expirePending(db(), now(), regionId)).toBe(0);
  });
});

describe('idempotency keys', () => {
  it('a retry answers the first posting and moves nothing; another body under the key is a 409', async () => {
    const l = await book('idem');
    const input = (amount: bigint) => ({
      regionId, ledgerId: l.id, code: 'in', legs: [{ debit: l.accounts.outside, credit: l.accounts.cash, amount }],
      idempotency: { scope: 'tester', key: 'k-1', request: { op: 'in', amount } },
    });
    const first = await post(db(), now(), input(250n));
    const again = await post(db(), now(), input(250n));
    expect(again.replayed).toBe(true);
    expect({ ...again, replayed: undefined }).toEqual({ ...first, replayed: undefined });
    const before = await counts();
    await refusedWith(post(db(), now(), input(251n)), 409, 'IDEMPOTENCY_KEY_REUSED');
    expect(await counts()).toEqual(before);
    expect((await balances(l.id)).cash.b).toBe(250n);
  });

  it('the same key sent ten times at once moves the money once', async () => {
    const l = await book('idem-race');
    const results = await Promise.all(Array.from({ length: 10 }, () => post(db(), now(), {
      regionId, ledgerId: l.id, code: 'in', legs: [{ debit: l.accounts.outside, credit: l.accounts.cash, amount: 5n }],
      idempotency: { scope: 'tester', key: 'k-race', request: { amount: 5 } },
    })));
    expect(new Set(results.map((r: Posting) => r.postingId)).size).toBe(1);
    expect((await balances(l.id)).cash.b).toBe(5n);
  });
});

describe('concurrency (no deadlock, no lost update)', () => {
  it('200 transfers from 20 clients over 8 accounts, in both directions: balances equal the sum of the legs', async () => {
    const accounts = Array.from({ length: 8 }, (_, i) => ({ code: `a${i}`, name: `a${i}`, kind: 'asset' }));
    const l = await createLedger(db(), { regionId, orgId, code: 'race', name: 'race', purpose: 'test' }, accounts);
    const ids = Object.values(l.accounts);
    let seed = 42;
    const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed % n; };
    const jobs = Array.from({ length: 200 }, () => {
      const a = rnd(8); let b = rnd(8); if (b === a) b = (a + 1) % 8;
      return { debit: ids[a], credit: ids[b], amount: BigInt(1 + rnd(1000)) };
    });
    const expected = new Map(ids.map((id) => [id, 0n]));
    for (const j of jobs) { expected.set(j.debit, expected.get(j.debit)! - j.amount); expected.set(j.credit, expected.get(j.credit)! + j.amount); }
    let next = 0;
    await Promise.all(Array.from({ length: 20 }, async () => {
      while (next < jobs.length) {
        const j = jobs[next++];
        // two legs in opposite order: the fixed lock order keeps it deadlock-free
        await post(db(), now(), { regionId, ledgerId: l.id, code: 'race', legs: [j, { debit: j.credit, credit: j.debit, amount: 1n }, { debit: j.debit, credit: j.credit, amount: 1n }] });
      }
    }));
    const rows = await t.database.query<{ id: string; balance: string }>('select id, balance::text from ledger_accounts where region_id = $1 and ledger_id = $2', [regionId, l.id]);
    for (const r of rows) expect(BigInt(r.balance), r.id).toBe(expected.get(r.id));
    const report = await verifyLedger(db(), regionId);
    expect(report.differences).toEqual([]);
    expect(report.imbalances).toEqual([]);
    expect(DB_KIND === 'pg' ? 'postgres' : 'pglite').toBe(t.database.kind);
  });
});

describe('verify', () => {
  it('reports an account whose stored balance differs from its legs, and the ledger that no longer sums to zero', async () => {
    const l = await book('tamper', false);
    await post(db(), now(), { regionId, ledgerId: l.id, code: 'in', legs: [{ debit: l.accounts.outside, credit: l.accounts.cash, amount: 40n }] });
    expect(verifyClean(await verifyLedger(db(), regionId))).toBe(true);
    await t.database.query('update ledger_accounts set balance = balance + 1 where region_id = $1 and id = $2', [regionId, l.accounts.cash]);
    const r = await verifyLedger(db(), regionId);
    expect(r.differences).toEqual([expect.objectContaining({ accountId: l.accounts.cash, stored: expect.objectContaining({ balance: '41' }), recomputed: expect.objectContaining({ balance: '40' }) })]);
    expect(r.imbalances).toEqual([expect.objectContaining({ ledgerId: l.id, sum: '1' })]);
    await t.database.query('update ledger_accounts set balance = balance - 1 where region_id = $1 and id = $2', [regionId, l.accounts.cash]);
    expect(verifyClean(await verifyLedger(db(), regionId))).toBe(true);
  });
});
