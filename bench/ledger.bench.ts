/**
 * Ledger figures (issue 15, docs/ledger.md), on PostgreSQL:
 *  - transfers/s from 50 concurrent clients over 1,000 no-negative accounts, each a posting with an idempotency key
 *    through platform/ledger post() (lock both accounts in id order, update the balances, write the leg and the
 *    key: one statement), beside the same number of bare INSERTs of an entry row into a table shaped like
 *    ledger_transfers (same columns, checks and indexes; the ceiling). Goals: ≥ 2,000 transfers/s, ratio ≥ 0.5.
 *  - `ledger verify` afterwards: 0 differences.
 *  - `ledger verify` over 1,000,000 entries (bulk-written legs, balances set from them): seconds. Goal < 10 s.
 *
 * PostgreSQL: BENCH_DATABASE_URL, else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test (a database
 * lj_bench_ledger is created there and dropped after). Knobs: BENCH_CONNECTIONS (50), BENCH_LEDGER_TRANSFERS
 * (20000), BENCH_LEDGER_ACCOUNTS (1000), BENCH_LEDGER_VERIFY_ENTRIES (1000000).
 */
import { withDatabase } from './lib/pg.ts';
import { migrate, openDatabase, type Database } from '../src/server/db/client.ts';
import { uuidv7 } from '../src/server/platform/ids.ts';
import { createLedger, post, verifyClean, verifyLedger } from '../src/server/platform/ledger/ledger.ts';
import type { BenchResult } from './lib/report.ts';

const num = (name: string, dflt: number) => { const n = Number(process.env[name]); return Number.isFinite(n) && n > 0 ? n : dflt; };
const log = (s: string) => process.stderr.write(`  ledger: ${s}\n`);
const CLIENTS = num('BENCH_CONNECTIONS', 50);
const TRANSFERS = num('BENCH_LEDGER_TRANSFERS', 20_000);
const ACCOUNTS = num('BENCH_LEDGER_ACCOUNTS', 1_000);
const VERIFY_ENTRIES = num('BENCH_LEDGER_VERIFY_ENTRIES', 1_000_000);

/** Runs `n` jobs on `clients` concurrent workers; answers jobs per second. */
async function rate(n: number, clients: number, job: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: clients }, async () => { for (let i = next++; i < n; i = next++) await job(i); }));
  return n / ((performance.now() - t0) / 1000);
}

async function setUp(database: Database) {
  const regionId = uuidv7();
  const orgId = uuidv7();
  await database.query(`insert into regions (id, code, name) values ($1, 'bench', '压测区')`, [regionId]);
  await database.query(`insert into orgs (region_id, id, kind, name, path) values ($1, $2, 'committee', '党委', $3)`, [regionId, orgId, `/${orgId}/`]);
  const accounts = [{ code: 'outside', name: '外部', kind: 'external' },
    ...Array.from({ length: ACCOUNTS }, (_, i) => ({ code: `m${i}`, name: `会员${i}`, kind: 'asset', noNegative: true }))];
  const l = await createLedger(database.db, { regionId, orgId, code: 'bench', name: 'bench', purpose: 'bench' }, accounts);
  const ids = accounts.slice(1).map((a) => l.accounts[a.code]);
  // every account starts with ¥1,000,000 from outside, in postings of 100 legs
  for (let i = 0; i < ids.length; i += 100) {
    await post(database.db, Date.now(), { regionId, ledgerId: l.id, code: 'open', legs: ids.slice(i, i + 100).map((id) => ({ debit: l.accounts.outside, credit: id, amount: 100_000_000n })) });
  }
  return { regionId, orgId, ledgerId: l.id, outside: l.accounts.outside, ids };
}

export async function run(): Promise<BenchResult[]> {
  return withDatabase('lj_bench_ledger', async (url) => {
    const database = await openDatabase({ databaseUrl: url, poolMax: CLIENTS, statementTimeoutMs: 0 });
    try {
      await migrate(database);
      const s = await setUp(database);
      let seed = 7;
      const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed % n; };
      const jobs = Array.from({ length: TRANSFERS }, () => {
        const a = rnd(s.ids.length);
        return { debit: s.ids[a], credit: s.ids[(a + 1 + rnd(s.ids.length - 1)) % s.ids.length], amount: BigInt(1 + rnd(100_000)) };
      });
      await database.query('analyze ledger_accounts');
      await database.query('analyze ledger_transfers');
      // warm the pool and the plans
      await rate(CLIENTS * 4, CLIENTS, (i) => database.query('select $1::int', [i]));

      log(`${TRANSFERS} transfers from ${CLIENTS} clients over ${ACCOUNTS} accounts…`);
      const transfers = await rate(TRANSFERS, CLIENTS, (i) => post(database, Date.now(), {
        regionId: s.regionId, ledgerId: s.ledgerId, code: 'bench', legs: [jobs[i]],
        idempotency: { scope: 'bench', key: `t-${i}`, request: { i, amount: jobs[i].amount } },
      }));

      log(`${transfers.toFixed(0)} transfers/s`);
      await database.query('create table bench_entries (like ledger_transfers including all)');
      log(`${TRANSFERS} bare INSERTs of an entry row…`);
      const inserts = await rate(TRANSFERS, CLIENTS, (i) => database.prepared('bench_insert', `insert into bench_entries (region_id, id, ledger_id, org_id,
        posting_id, leg, flow, debit_account_id, credit_account_id, amount, booked_on, code, created_at) values ($1, $2, $3, $4, $5, 1, 'posted', $6, $7, $8, $9, 'bench', $10)`,
      [s.regionId, uuidv7(), s.ledgerId, s.orgId, uuidv7(), jobs[i].debit, jobs[i].credit, String(jobs[i].amount), '2026-12-02', new Date()]));

      log(`${inserts.toFixed(0)} inserts/s`);
      const after = await verifyLedger(database.db);
      const differences = after.differences.length + after.imbalances.length + after.mismatchedResolutions.length;
      log(`verify after the stream: ${after.transfers} transfers, ${differences} differences`);

      // verify over 1M entries: bulk legs between the accounts, then the balances set from them (as posting would)
      const missing = Math.max(0, VERIFY_ENTRIES - after.transfers);
      log(`writing ${missing} more legs for the 1M-entry verify…`);
      await database.query(`insert into ledger_transfers (region_id, id, ledger_id, org_id, posting_id, leg, flow, debit_account_id, credit_account_id, amount, booked_on, code, created_at)
        select $1, g.id, $2, $3, g.id, 1, 'posted', a.ids[1 + (g.n % $5)], a.ids[1 + ((g.n * 7 + 1) % $5)], 1 + (g.n % 997), '2026-12-01', 'bulk', now()
        from (select gen_random_uuid() as id, n from generate_series(1, $4) n) g, (select array_agg(id order by id) as ids from ledger_accounts where region_id = $1 and code <> 'outside') a
        where (g.n % $5) <> ((g.n * 7 + 1) % $5)`, [s.regionId, s.ledgerId, s.orgId, missing, s.ids.length]);
      await database.query(`update ledger_accounts a set balance = a.balance + d.delta from (
          select account, sum(delta)::bigint as delta from ledger_transfers t
          cross join lateral (values (t.debit_account_id, -t.amount), (t.credit_account_id, t.amount)) v(account, delta)
          where t.region_id = $1 and t.code = 'bulk' group by account) d
        where a.region_id = $1 and a.id = d.account`, [s.regionId]);
      await database.query('analyze ledger_transfers');
      const t0 = performance.now();
      const big = await verifyLedger(database.db);
      const verifySeconds = (performance.now() - t0) / 1000;
      log(`verify over ${big.transfers} entries: ${verifySeconds.toFixed(2)} s, clean: ${verifyClean(big)}`);

      return [
        { name: `transfers/s (${CLIENTS} clients, ${ACCOUNTS} accounts, idempotency key each)`, value: transfers, unit: '/s', goal: '≥ 2,000', pass: transfers >= 2000 },
        { name: `bare INSERTs of an entry row/s (ceiling, ${CLIENTS} clients)`, value: inserts, unit: '/s' },
        { name: 'transfers / bare INSERTs', value: transfers / inserts, unit: '', goal: '≥ 0.5', pass: transfers / inserts >= 0.5 },
        { name: 'ledger verify after the stream: differences', value: differences, unit: '', goal: '0', pass: differences === 0 },
        { name: `ledger verify over ${big.transfers.toLocaleString('en-US')} entries`, value: verifySeconds, unit: 's', goal: '< 10 s, 0 differences', pass: verifySeconds < 10 && verifyClean(big) },
      ];
    } finally {
      await database.close();
    }
  });
}
