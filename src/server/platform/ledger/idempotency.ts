/**
 * Idempotency-Key for a whole money-moving request (a dues payment with its receipt, a loan disbursement with its
 * status change): the key row is taken first, in the request's transaction, and the answer stored in it before
 * the commit. A retry with the same request answers the stored answer (and moves nothing); another request under
 * the same key is a 409 IDEMPOTENCY_KEY_REUSED; a retry arriving while the first is still running waits for it
 * (the key's row lock) and then answers what it stored. A request that fails stores nothing: its retry runs again.
 * Single postings need none of this: `post()` takes the key in its own statement (ledger.ts).
 */
import type { FastifyRequest } from 'fastify';
import { sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../db/client.ts';
import { AppError, conflict } from '../errors.ts';
import { rowsOf } from '../rows.ts';
import { transaction } from '../transaction.ts';
import { requestHash, type Idempotency } from './ledger.ts';

const KEY_RE = /^[\x21-\x7e]{1,128}$/;

/** The request's Idempotency-Key header: required on every money-moving route (400 IDEMPOTENCY_KEY_REQUIRED). */
export function idempotencyKeyOf(req: FastifyRequest): string {
  const v = req.headers['idempotency-key'];
  const key = Array.isArray(v) ? v[0] : v;
  if (!key || !KEY_RE.test(key)) throw new AppError(400, 'IDEMPOTENCY_KEY_REQUIRED');
  return key;
}

export interface Answer<T> { status: number; body: T; replayed: boolean }

/**
 * Runs `fn` once per (region, caller, key): see the module comment. `fn` gets the transaction the key row is in
 * and answers the status and body to store.
 */
export async function withIdempotency<T>(db: DbOrTx, now: number, regionId: string, idem: Idempotency,
  fn: (tx: Tx) => Promise<{ status: number; body: T }>): Promise<Answer<T>> {
  const hash = requestHash(idem.request);
  return transaction(db, async (tx) => {
    const taken = rowsOf<{ ok: number }>(await tx.execute(sql`
      insert into ledger_idempotency (region_id, scope, key, request_hash, status, response, created_at)
      values (${regionId}, ${idem.scope}, ${idem.key}, ${hash}, 0, 'null'::jsonb, ${new Date(now)})
      on conflict do nothing returning 1 as ok`));
    if (!taken.length) {
      const [prior] = rowsOf<{ request_hash: string; status: number; response: T }>(await tx.execute(sql`
        select request_hash, status, response from ledger_idempotency where region_id = ${regionId} and scope = ${idem.scope} and key = ${idem.key}`));
      if (!prior || prior.request_hash !== hash) throw conflict('IDEMPOTENCY_KEY_REUSED');
      return { status: prior.status, body: prior.response, replayed: true };
    }
    const out = await fn(tx);
    await tx.execute(sql`update ledger_idempotency set status = ${out.status}, response = ${JSON.stringify(out.body)}::jsonb
      where region_id = ${regionId} and scope = ${idem.scope} and key = ${idem.key}`);
    return { ...out, replayed: false };
  });
}
