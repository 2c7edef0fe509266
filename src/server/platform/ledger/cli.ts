import type { Database } from '../../db/client.ts';
import { expireAllPending, verifyClean, verifyLedger } from './ledger.ts';

/**
 * `lianjian ledger verify [--region-id ID]`: recomputes every balance from the legs and prints each difference;
 * exit code 1 when there is one (an account, a ledger not summing to zero, a post/void not matching its pending
 * transfer), 0 when the books agree. `lianjian ledger expire`: voids the lapsed pending transfers now.
 */
export async function ledgerCli(database: Database, args: string[], opts: { regionId?: string; now: number }): Promise<number> {
  const [sub] = args;
  if (sub === 'verify') {
    const t0 = performance.now();
    const r = await verifyLedger(database.db, opts.regionId);
    const ms = Math.round(performance.now() - t0);
    console.log(`Ledger verify: ${r.accounts.toLocaleString('en-US')} accounts, ${r.transfers.toLocaleString('en-US')} transfers, ${ms} ms`);
    for (const d of r.differences) {
      console.log(`  DIFFERENCE account ${d.code} (${d.accountId}, ledger ${d.ledgerId}): stored balance ${d.stored.balance} pending ${d.stored.pendingDebits}/${d.stored.pendingCredits}`
        + `, from the transfers ${d.recomputed.balance} pending ${d.recomputed.pendingDebits}/${d.recomputed.pendingCredits}`);
    }
    for (const i of r.imbalances) console.log(`  IMBALANCE ledger ${i.ledgerId}: balances sum to ${i.sum}, pending debits ${i.pendingDebits} vs credits ${i.pendingCredits}`);
    for (const id of r.mismatchedResolutions) console.log(`  MISMATCH transfer ${id} does not repeat the pending transfer it resolves`);
    const n = r.differences.length + r.imbalances.length + r.mismatchedResolutions.length;
    console.log(verifyClean(r) ? '0 differences.' : `${n} difference(s).`);
    return verifyClean(r) ? 0 : 1;
  }
  if (sub === 'expire') {
    const n = await expireAllPending(database, opts.now, opts.regionId);
    console.log(`${n} lapsed pending transfer(s) voided.`);
    return 0;
  }
  console.error('Usage: lianjian ledger verify [--region-id ID] | lianjian ledger expire [--region-id ID]');
  return 2;
}
