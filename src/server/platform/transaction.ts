import type { DbOrTx, Tx } from '../db/client.ts';
import { announceSessionsIn, invalidateSessions } from './auth/sessions.ts';

/**
 * Transactions that change what sessions resolve to (a grant, an org subtree, an alliance's members). The
 * platform functions that make such changes call `sessionsChanged(tx, userId?)`; the cached sessions are
 * dropped once the transaction has committed, so no request caches the grants as they were before.
 */
const pending = new WeakMap<object, Set<string | null>>();

/** Runs `fn` in a transaction; the sessions its grant changes affect are invalidated after the commit. */
export async function transaction<T>(db: DbOrTx, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const changed = new Set<string | null>();
  let announced: Awaited<ReturnType<typeof announceSessionsIn>>;
  let out: T;
  try {
    out = await db.transaction(async (tx) => {
      pending.set(tx, changed);
      const r = await fn(tx);
      // the other server processes (platform/bus.ts) hear of it with the commit itself
      announced = await announceSessionsIn(tx, changed);
      return r;
    });
  } catch (e) {
    announced?.cancel();
    throw e;
  }
  for (const u of changed.has(null) ? [null] : changed) invalidateSessions(u ?? undefined);
  // and the answer waits until they have dropped what they cached
  await announced?.settled();
  return out;
}

/**
 * Records that the grants of `userId` (or, without one, of anyone: an org tree or alliance changed) are no longer
 * what cached sessions hold. Outside a transaction the change is already committed: the sessions go at once.
 * Inside one it must be a `transaction()` of this module, which drops them after the commit.
 */
export function sessionsChanged(db: DbOrTx, userId?: string): void {
  const set = pending.get(db);
  if (set) { set.add(userId ?? null); return; }
  if ('rollback' in db) throw new Error('a grant changed inside a transaction not opened by platform/transaction.ts: sessions would keep the old grants');
  invalidateSessions(userId);
  // the other server processes (platform/bus.ts): a moment later, as the change itself is already committed
  void announceSessionsIn(db, new Set([userId ?? null])).catch(() => {});
}
