/**
 * A stream of transfers until the process is killed (the crash-safety test and the bench start it):
 *   node --import tsx stream-child.ts <database-url|data-dir> <region-id> <ledger-id> <clients> <account-id>...
 * Each client posts two-leg postings between random accounts as fast as it can; "ready" is printed after the
 * first 20 commits so the parent kills it in the middle of the stream.
 */
import { openDatabase } from '../../db/client.ts';
import { post } from './ledger.ts';

const [target, regionId, ledgerId, clientsArg, ...accounts] = process.argv.slice(2);
const database = await openDatabase(target.startsWith('postgres') ? { databaseUrl: target, poolMax: Number(clientsArg) } : { dataDir: target });
let done = 0;
let seed = process.pid;
const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed % n; };
await Promise.all(Array.from({ length: Number(clientsArg) }, async () => {
  for (;;) {
    const a = rnd(accounts.length);
    const b = (a + 1 + rnd(accounts.length - 1)) % accounts.length;
    const c = (b + 1 + rnd(accounts.length - 1)) % accounts.length;
    await post(database.db, Date.now(), {
      regionId, ledgerId, code: 'stream',
      legs: [{ debit: accounts[a], credit: accounts[b], amount: BigInt(1 + rnd(10_000)) }, ...(c === a ? [] : [{ debit: accounts[b], credit: accounts[c], amount: BigInt(1 + rnd(100)) }])],
    });
    if (++done === 20) process.stdout.write('ready\n');
  }
}));
