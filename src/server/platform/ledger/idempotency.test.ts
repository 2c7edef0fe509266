import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../../../test/support/app.ts';
import { AppError } from '../errors.ts';
import { withIdempotency } from './idempotency.ts';
import { createLedger, post } from './ledger.ts';

let t: TestApp;
let regionId: string;
let l: { id: string; accounts: Record<string, string> };
beforeAll(async () => {
  t = await testApp();
  const r = await t.region('幂等区');
  regionId = r.id;
  l = await createLedger(t.database.db, { regionId, orgId: r.rootOrgId, code: 'idem', name: 'idem', purpose: 'test' }, [
    { code: 'outside', name: '外部', kind: 'external' }, { code: 'cash', name: '现金', kind: 'asset', noNegative: true },
  ]);
});
afterAll(async () => { await t.app.close(); });

const cash = async () => BigInt((await t.database.query<{ b: string }>('select balance::text as b from ledger_accounts where region_id = $1 and id = $2', [regionId, l.accounts.cash]))[0].b);

/** A request that posts `amount` and answers the posting id; counts how often it really ran. */
let runs = 0;
const pay = (key: string, amount: bigint, fail = false) => withIdempotency(t.database.db, t.clock.now(), regionId, { scope: 'collector', key, request: { amount } },
  async (tx) => {
    runs++;
    const p = await post(tx, t.clock.now(), { regionId, ledgerId: l.id, code: 'dues.payment', legs: [{ debit: l.accounts.outside, credit: l.accounts.cash, amount }] });
    if (fail) throw new AppError(422, 'LATER_STEP_FAILED');
    return { status: 201, body: { postingId: p.postingId } };
  });

describe('withIdempotency', () => {
  it('a retry answers the stored answer without running again; another body under the key is a 409', async () => {
    runs = 0;
    const first = await pay('k1', 100n);
    const again = await pay('k1', 100n);
    expect(first.replayed).toBe(false);
    expect(again).toEqual({ status: 201, body: first.body, replayed: true });
    expect(runs).toBe(1);
    await expect(pay('k1', 101n)).rejects.toMatchObject({ status: 409, code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await cash()).toBe(100n);
  });

  it('a request that fails stores nothing and moves nothing: its retry runs again', async () => {
    const before = await cash();
    await expect(pay('k2', 50n, true)).rejects.toMatchObject({ code: 'LATER_STEP_FAILED' });
    expect(await cash()).toBe(before);
    const [n] = await t.database.query<{ n: number }>(`select count(*)::int as n from ledger_idempotency where key = 'k2'`);
    expect(n.n).toBe(0);
    expect((await pay('k2', 50n)).replayed).toBe(false);
    expect(await cash()).toBe(before + 50n);
  });

  it('five retries at once: it runs once, all answer the same', async () => {
    runs = 0;
    const before = await cash();
    const all = await Promise.all(Array.from({ length: 5 }, () => pay('k3', 7n)));
    expect(new Set(all.map((a) => JSON.stringify(a.body))).size).toBe(1);
    expect(all.filter((a) => !a.replayed)).toHaveLength(1);
    expect(runs).toBe(1);
    expect(await cash()).toBe(before + 7n);
  });
});
