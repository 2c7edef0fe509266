/**
 * The one double-entry ledger (docs/ledger.md): accounts, postings of one or more legs, pending transfers with a
 * timeout, reversals, closed periods, idempotency keys and the verifier. Every money move is ONE SQL statement:
 * it locks the accounts it touches in id order (FOR NO KEY UPDATE: no deadlock between two postings, and the
 * foreign-key checks of concurrent inserts are not blocked), updates their balances, writes the legs and — when an
 * idempotency key is given — the stored answer, all or nothing. The database refuses the rest: an overdrawn
 * no-negative account (check constraint), a second resolution of a pending transfer or a second reversal (unique
 * indexes), and any UPDATE or DELETE of a written leg (trigger).
 */
import { createHash } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { addDays, todayShanghai } from '../../../shared/dates.ts';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Database, DbOrTx } from '../../db/client.ts';
import { AppError, conflict, fieldError, invalid, notFound } from '../errors.ts';
import { uuidv7 } from '../ids.ts';
import { rowsOf } from '../rows.ts';

/** 10¹⁴ fen = ¥1 trillion: anything larger in one leg is a typo, not money. */
export const MAX_AMOUNT = 100_000_000_000_000n;
export const MAX_LEGS = 100;

export type Flow = 'posted' | 'pending' | 'post' | 'void';

export interface Leg { debit: string; credit: string; amount: bigint }

export interface TransferRow {
  id: string; postingId: string; leg: number; flow: Flow; ledgerId: string;
  debitAccountId: string; creditAccountId: string; amount: string;
  pendingId: string | null; timeoutAt: string | null; reversesId: string | null;
  bookedOn: string; code: string; memo: string; refType: string | null; refId: string | null;
  createdBy: string | null; createdAt: string;
}

/** What a posting answers (and what its idempotency key stores). */
export interface Posting { postingId: string; ledgerId: string; transfers: TransferRow[]; replayed?: boolean }

export interface Idempotency {
  /** the caller (a user id, or a job's name): keys are per caller */
  scope: string;
  key: string;
  /** what was asked: the operation and its body (hashed; the same key with another request is a 409) */
  request: unknown;
}

export interface PostInput {
  regionId: string;
  ledgerId: string;
  legs: Leg[];
  /** what moved the money, e.g. 'dues.payment' */
  code: string;
  memo?: string;
  refType?: string | null;
  refId?: string | null;
  /** the accounting date; today in Asia/Shanghai by default; never inside the ledger's closed period */
  bookedOn?: string;
  /** a pending posting reserves now and is posted or voided later; it lapses after timeoutMs */
  pending?: { timeoutMs: number };
  createdBy?: string | null;
  idempotency?: Idempotency;
}

/**
 * The ledger runs on the query builder (inside a caller's transaction) or on the Database itself: there, a named
 * statement is prepared once per connection (the posting statement is planned once, not at every transfer).
 */
export type LedgerDb = DbOrTx | Database;
const dialect = new PgDialect();
const isDatabase = (x: LedgerDb): x is Database => typeof (x as Database).prepared === 'function';
async function q<T>(db: LedgerDb, query: SQL, name?: string): Promise<T[]> {
  if (!isDatabase(db)) return rowsOf<T>(await db.execute(query));
  if (!name) return rowsOf<T>(await db.db.execute(query));
  const { sql: text, params } = dialect.sqlToQuery(query);
  return db.prepared<T>(name, text, params);
}

/** A stable JSON form (keys sorted, bigints as strings) for hashing a request. */
function stable(v: unknown): string {
  if (typeof v === 'bigint') return JSON.stringify(v.toString());
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v).sort().filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}
export const requestHash = (request: unknown) => createHash('sha256').update(stable(request)).digest('hex');

/** Checks an amount in fen: a positive whole number not above MAX_AMOUNT (field names the leg). */
export function checkAmount(amount: bigint, field = 'amount'): void {
  if (amount <= 0n) throw invalid([fieldError(field, 'LEDGER_AMOUNT_POSITIVE')], 'LEDGER_AMOUNT_INVALID');
  if (amount > MAX_AMOUNT) throw invalid([fieldError(field, 'LEDGER_AMOUNT_ABSURD')], 'LEDGER_AMOUNT_INVALID');
}

function checkLegs(legs: Leg[]): void {
  if (!legs.length || legs.length > MAX_LEGS) throw invalid([fieldError('legs', 'LEDGER_LEGS_COUNT', { max: MAX_LEGS })]);
  legs.forEach((l, i) => {
    checkAmount(l.amount, `legs.${i}.amount`);
    if (l.debit === l.credit) throw invalid([fieldError(`legs.${i}.credit`, 'LEDGER_SAME_ACCOUNT')], 'LEDGER_SAME_ACCOUNT');
  });
}

/** The stored answer of an idempotency key: null when unused; a 409 when it was used for another request. */
export async function replayed(db: LedgerDb, regionId: string, idem: Idempotency): Promise<{ status: number; response: unknown } | null> {
  const [row] = await q<{ request_hash: string; status: number; response: unknown }>(db, sql`
    select request_hash, status, response from ledger_idempotency where region_id = ${regionId} and scope = ${idem.scope} and key = ${idem.key}`);
  if (!row) return null;
  if (row.request_hash !== requestHash(idem.request)) throw conflict('IDEMPOTENCY_KEY_REUSED');
  return { status: row.status, response: row.response };
}

/** Maps what the database refused to the caller's error. */
export function ledgerError(e: unknown): never {
  const err = e as { code?: string; constraint?: string; message?: string; cause?: { code?: string; constraint?: string; message?: string } };
  const code = err.code ?? err.cause?.code;
  // on Citus the constraint is named after the shard (ledger_accounts_no_negative_102008), or only in the message
  const names = [err.constraint, err.cause?.constraint, err.cause?.message, err.message].filter((x): x is string => !!x);
  const is = (c: string) => names.some((n) => n.startsWith(c) || n.includes(`"${c}`));
  if (code === '23514' && is('ledger_accounts_no_negative')) throw conflict('LEDGER_INSUFFICIENT_FUNDS');
  if (code === '23505' && is('ledger_transfers_pending_uq')) throw conflict('LEDGER_PENDING_RESOLVED');
  if (code === '23505' && is('ledger_transfers_reverses_uq')) throw conflict('LEDGER_ALREADY_REVERSED');
  if (code === '23505' && is('ledger_idempotency_region_id_scope_key_pk')) throw conflict('IDEMPOTENCY_IN_FLIGHT');
  throw e;
}

const uuidArray = (xs: (string | null)[]) => sql`${`{${xs.map((x) => x ?? 'NULL').join(',')}}`}::uuid[]`;
const bigintArray = (xs: bigint[]) => sql`${`{${xs.join(',')}}`}::bigint[]`;

interface Outcome { ledger_ok: boolean; open_ok: boolean; accounts_ok: boolean; done: boolean }

/** The transfer rows a posting writes, as answered (known before the statement runs: ids are ours). */
function rowsFor(input: PostInput, ids: string[], postingId: string, flow: Flow, bookedOn: string, now: number, reverses: (string | null)[]): TransferRow[] {
  const createdAt = new Date(now).toISOString();
  const timeoutAt = input.pending ? new Date(now + input.pending.timeoutMs).toISOString() : null;
  return input.legs.map((l, i) => ({
    id: ids[i], postingId, leg: i + 1, flow, ledgerId: input.ledgerId, debitAccountId: l.debit, creditAccountId: l.credit,
    amount: l.amount.toString(), pendingId: null, timeoutAt, reversesId: reverses[i], bookedOn, code: input.code,
    memo: input.memo ?? '', refType: input.refType ?? null, refId: input.refId ?? null, createdBy: input.createdBy ?? null, createdAt,
  }));
}

/**
 * Posts (or, with `pending`, reserves) one posting of one or more legs, atomically, in one statement. With an
 * idempotency key: a retry answers the first posting (replayed: true) and moves nothing; another request under
 * the same key is a 409. Refuses: a bad amount or leg (422), an unknown ledger or an account not of the ledger
 * (404), a date in the closed period (409 LEDGER_PERIOD_CLOSED), an overdrawn no-negative account (409).
 */
export async function post(db: LedgerDb, now: number, input: PostInput, reverses?: (string | null)[]): Promise<Posting> {
  checkLegs(input.legs);
  if (input.pending && !(Number.isInteger(input.pending.timeoutMs) && input.pending.timeoutMs > 0)) {
    throw invalid([fieldError('timeoutMs', 'LEDGER_TIMEOUT')]);
  }
  const flow: Flow = input.pending ? 'pending' : 'posted';
  const bookedOn = input.bookedOn ?? todayShanghai(now);
  // a retry is not looked up first: the statement finds the key taken, moves nothing, and the stored answer is read
  const postingId = uuidv7();
  const ids = input.legs.map(() => uuidv7());
  const rev = reverses ?? input.legs.map(() => null);
  const answer: Posting = { postingId, ledgerId: input.ledgerId, transfers: rowsFor(input, ids, postingId, flow, bookedOn, now, rev) };
  const idem = input.idempotency;
  const at = new Date(now);
  const timeoutAt = input.pending ? new Date(now + input.pending.timeoutMs) : null;
  let out: Outcome;
  try {
    [out] = await q<Outcome>(db, sql`
      with legs as (
        select * from unnest(${uuidArray(ids)}, ${uuidArray(input.legs.map((l) => l.debit))}, ${uuidArray(input.legs.map((l) => l.credit))},
          ${bigintArray(input.legs.map((l) => l.amount))}, ${uuidArray(rev)}) with ordinality as l(id, debit, credit, amount, reverses_id, leg)
      ),
      moves as (
        select account, sum(dd)::bigint as dd, sum(cc)::bigint as cc from (
          select debit as account, amount as dd, 0::bigint as cc from legs
          union all select credit, 0::bigint, amount from legs
        ) x group by account
      ),
      book as (select org_id, closed_through from ledgers where region_id = ${input.regionId} and id = ${input.ledgerId}),
      locked as (
        select a.id from ledger_accounts a
        where a.region_id = ${input.regionId} and a.id = any (array (select account from moves)) and a.ledger_id = ${input.ledgerId}
        order by a.id for no key update
      ),
      ready as (
        select exists (select 1 from book) as ledger_ok,
          coalesce((select closed_through < ${bookedOn}::date from book), true) as open_ok,
          (select count(*) from locked) = (select count(*) from moves) as accounts_ok
      ),
      idem as (
        insert into ledger_idempotency (region_id, scope, key, request_hash, status, response, created_at)
        select ${input.regionId}, ${idem?.scope ?? null}::text, ${idem?.key ?? null}::text, ${idem ? requestHash(idem.request) : null}::text, 201,
          ${JSON.stringify(answer)}::jsonb, ${at}
        from ready where ${idem ? true : false} and ledger_ok and open_ok and accounts_ok
        on conflict do nothing returning 1
      ),
      go as (
        select ledger_ok and open_ok and accounts_ok and (${idem ? false : true} or exists (select 1 from idem)) as ok from ready
      ),
      upd as (
        update ledger_accounts a set
          balance = a.balance + case when ${flow} = 'posted' then m.cc - m.dd else 0 end,
          pending_debits = a.pending_debits + case when ${flow} = 'pending' then m.dd else 0 end,
          pending_credits = a.pending_credits + case when ${flow} = 'pending' then m.cc else 0 end
        from moves m, go
        where go.ok and a.region_id = ${input.regionId} and a.id = any (array (select account from moves)) and a.id = m.account
        returning a.id
      ),
      ins as (
        insert into ledger_transfers (region_id, id, ledger_id, org_id, posting_id, leg, flow, debit_account_id, credit_account_id, amount,
          timeout_at, reverses_id, booked_on, code, memo, ref_type, ref_id, created_by, created_at)
        select ${input.regionId}, l.id, ${input.ledgerId}, (select org_id from book), ${postingId}, l.leg, ${flow}, l.debit, l.credit, l.amount,
          ${timeoutAt}, l.reverses_id, ${bookedOn}::date, ${input.code}, ${input.memo ?? ''}, ${input.refType ?? null}, ${input.refId ?? null},
          ${input.createdBy ?? null}::uuid, ${at}
        from legs l, go where go.ok
        returning 1
      )
      select r.ledger_ok, r.open_ok, r.accounts_ok, (select ok from go) and (select count(*) from ins) = ${input.legs.length}
        and (select count(*) from upd) > 0 as done
      from ready r`, 'ledger_post');
  } catch (e) { ledgerError(e); }
  if (out.done) return answer;
  // the key was used before (or by a concurrent retry that committed first): answer what it stored, or 409
  const prior = idem ? await replayed(db, input.regionId, idem) : null;
  if (prior) return { ...(prior.response as Posting), replayed: true };
  if (!out.ledger_ok || !out.accounts_ok) throw notFound();
  if (!out.open_ok) throw conflict('LEDGER_PERIOD_CLOSED', { bookedOn });
  throw new AppError(500, 'LEDGER_NOT_POSTED');
}

interface Stored {
  id: string; ledger_id: string; posting_id: string; flow: Flow; debit_account_id: string; credit_account_id: string; amount: string;
  timeout_at: Date | string | null; pending_id: string | null; reverses_id: string | null; booked_on: string; code: string; memo: string;
  ref_type: string | null; ref_id: string | null; created_by: string | null; created_at: Date | string; leg: number;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
export const toTransfer = (r: Stored): TransferRow => ({
  id: r.id, postingId: r.posting_id, leg: Number(r.leg), flow: r.flow, ledgerId: r.ledger_id, debitAccountId: r.debit_account_id,
  creditAccountId: r.credit_account_id, amount: String(r.amount), pendingId: r.pending_id, timeoutAt: iso(r.timeout_at), reversesId: r.reverses_id,
  bookedOn: String(r.booked_on).slice(0, 10), code: r.code, memo: r.memo, refType: r.ref_type, refId: r.ref_id, createdBy: r.created_by,
  createdAt: iso(r.created_at)!,
});

export async function transferById(db: LedgerDb, regionId: string, id: string): Promise<TransferRow | null> {
  const [r] = await q<Stored>(db, sql`select * from ledger_transfers where region_id = ${regionId} and id = ${id}`);
  return r ? toTransfer(r) : null;
}

export interface ResolveInput {
  regionId: string;
  ledgerId: string;
  pendingId: string;
  /** post: the reserved amount moves; void: the reservation is released */
  action: 'post' | 'void';
  code?: string;
  memo?: string;
  createdBy?: string | null;
  idempotency?: Idempotency;
}

/**
 * Posts or voids a pending transfer, once: a second resolution (also two at once) is a 409 LEDGER_PENDING_RESOLVED
 * (the unique index on pending_id), posting a lapsed one a 409 LEDGER_PENDING_EXPIRED (void it instead).
 */
export async function resolvePending(db: LedgerDb, now: number, input: ResolveInput): Promise<Posting> {
  if (input.idempotency) {
    const prior = await replayed(db, input.regionId, input.idempotency);
    if (prior) return { ...(prior.response as Posting), replayed: true };
  }
  const pending = await transferById(db, input.regionId, input.pendingId);
  if (!pending || pending.ledgerId !== input.ledgerId || pending.flow !== 'pending') throw notFound();
  const [resolved] = await q<{ id: string }>(db, sql`select id from ledger_transfers where region_id = ${input.regionId} and pending_id = ${input.pendingId}`);
  if (resolved) throw conflict('LEDGER_PENDING_RESOLVED');
  if (input.action === 'post' && Date.parse(pending.timeoutAt!) <= now) throw conflict('LEDGER_PENDING_EXPIRED');
  const bookedOn = todayShanghai(now);
  const id = uuidv7();
  const postingId = uuidv7();
  const at = new Date(now);
  const row: TransferRow = {
    ...pending, id, postingId, leg: 1, flow: input.action, pendingId: pending.id, timeoutAt: null, reversesId: null, bookedOn,
    code: input.code ?? pending.code, memo: input.memo ?? pending.memo, createdBy: input.createdBy ?? null, createdAt: at.toISOString(),
  };
  const answer: Posting = { postingId, ledgerId: input.ledgerId, transfers: [row] };
  const idem = input.idempotency;
  const posted = input.action === 'post';
  let out: Outcome;
  try {
    [out] = await q<Outcome>(db, sql`
      with book as (select closed_through from ledgers where region_id = ${input.regionId} and id = ${input.ledgerId}),
      locked as (
        select a.id from ledger_accounts a
        where a.region_id = ${input.regionId} and a.id in (${pending.debitAccountId}::uuid, ${pending.creditAccountId}::uuid)
        order by a.id for no key update
      ),
      ready as (
        select exists (select 1 from book) as ledger_ok, coalesce((select closed_through < ${bookedOn}::date from book), true) as open_ok,
          (select count(*) from locked) = 2 as accounts_ok
      ),
      idem as (
        insert into ledger_idempotency (region_id, scope, key, request_hash, status, response, created_at)
        select ${input.regionId}, ${idem?.scope ?? null}::text, ${idem?.key ?? null}::text, ${idem ? requestHash(idem.request) : null}::text, 201,
          ${JSON.stringify(answer)}::jsonb, ${at}
        from ready where ${idem ? true : false} and ledger_ok and open_ok and accounts_ok
        on conflict do nothing returning 1
      ),
      go as (select ledger_ok and open_ok and accounts_ok and (${idem ? false : true} or exists (select 1 from idem)) as ok from ready),
      ins as (
        insert into ledger_transfers (region_id, id, ledger_id, org_id, posting_id, leg, flow, debit_account_id, credit_account_id, amount,
          pending_id, booked_on, code, memo, ref_type, ref_id, created_by, created_at)
        select ${input.regionId}, ${id}, ${input.ledgerId}, (select org_id from ledgers where region_id = ${input.regionId} and id = ${input.ledgerId}),
          ${postingId}, 1, ${input.action}, ${pending.debitAccountId}, ${pending.creditAccountId}, ${pending.amount}::bigint, ${pending.id},
          ${bookedOn}::date, ${row.code}, ${row.memo}, ${pending.refType}, ${pending.refId}, ${input.createdBy ?? null}::uuid, ${at}
        from go where go.ok
        returning 1
      ),
      upd as (
        update ledger_accounts a set
          balance = a.balance + case when not ${posted} then 0 when a.id = ${pending.creditAccountId}::uuid then ${pending.amount}::bigint else -${pending.amount}::bigint end,
          pending_debits = a.pending_debits - case when a.id = ${pending.debitAccountId}::uuid then ${pending.amount}::bigint else 0 end,
          pending_credits = a.pending_credits - case when a.id = ${pending.creditAccountId}::uuid then ${pending.amount}::bigint else 0 end
        from go
        where go.ok and a.region_id = ${input.regionId} and a.id in (${pending.debitAccountId}::uuid, ${pending.creditAccountId}::uuid)
          and exists (select 1 from ins)
        returning a.id
      )
      select r.ledger_ok, r.open_ok, r.accounts_ok, (select ok from go) and (select count(*) from upd) = 2 as done from ready r`, 'ledger_resolve');
  } catch (e) { ledgerError(e); }
  if (!out.ledger_ok || !out.accounts_ok) throw notFound();
  if (!out.open_ok) throw conflict('LEDGER_PERIOD_CLOSED', { bookedOn });
  if (!out.done) {
    const prior = idem ? await replayed(db, input.regionId, idem) : null;
    if (prior) return { ...(prior.response as Posting), replayed: true };
    throw new AppError(500, 'LEDGER_NOT_POSTED');
  }
  return answer;
}

/**
 * Voids every pending transfer of a region that lapsed by `now` and was neither posted nor voided (the sweep the
 * server runs; a lapsed one can no longer be posted even before it runs). Answers how many it voided.
 */
export async function expirePending(db: LedgerDb, now: number, regionId: string): Promise<number> {
  const due = await q<{ id: string; ledger_id: string }>(db, sql`
    select p.id, p.ledger_id from ledger_transfers p
    where p.region_id = ${regionId} and p.flow = 'pending' and p.timeout_at <= ${new Date(now)}
      and not exists (select 1 from ledger_transfers r where r.region_id = p.region_id and r.pending_id = p.id)
    order by p.id`);
  let n = 0;
  for (const d of due) {
    try {
      await resolvePending(db, now, { regionId, ledgerId: d.ledger_id, pendingId: d.id, action: 'void', code: 'ledger.expired' });
      n++;
    } catch (e) {
      if (!(e instanceof AppError && e.code === 'LEDGER_PENDING_RESOLVED')) throw e; // resolved meanwhile
    }
  }
  return n;
}

/** The sweep over every region with a pending transfer (the server runs it each minute; `lianjian ledger expire`). */
export async function expireAllPending(db: LedgerDb, now: number, regionId?: string): Promise<number> {
  const regions = regionId ? [regionId]
    : (await q<{ region_id: string }>(db, sql`select distinct region_id from ledger_transfers where flow = 'pending' and timeout_at <= ${new Date(now)}`)).map((x) => x.region_id);
  let n = 0;
  for (const r of regions) n += await expirePending(db, now, r);
  return n;
}

export interface ReverseInput {
  regionId: string;
  ledgerId: string;
  /** the posting corrected: each of its posted legs is reversed (accounts swapped, same amount) */
  postingId: string;
  memo?: string;
  createdBy?: string | null;
  idempotency?: Idempotency;
}

/**
 * A correction: a new posting that reverses every posted leg of `postingId`, each naming the leg it reverses
 * (reverses_id, unique: a posting is reversed at most once). Pending legs are voided, not reversed; a reversal
 * is not reversed again (post the right transfer instead).
 */
export async function reverse(db: LedgerDb, now: number, input: ReverseInput): Promise<Posting> {
  if (input.idempotency) {
    const prior = await replayed(db, input.regionId, input.idempotency);
    if (prior) return { ...(prior.response as Posting), replayed: true };
  }
  const legs = (await q<Stored>(db, sql`select * from ledger_transfers where region_id = ${input.regionId} and ledger_id = ${input.ledgerId}
    and posting_id = ${input.postingId} order by leg`)).map(toTransfer);
  if (!legs.length) throw notFound();
  if (legs.some((l) => l.reversesId)) throw conflict('LEDGER_REVERSAL_OF_REVERSAL');
  const movable = legs.filter((l) => l.flow === 'posted' || l.flow === 'post');
  if (!movable.length) throw conflict('LEDGER_NOTHING_TO_REVERSE');
  const [done] = await q<{ id: string }>(db, sql`select id from ledger_transfers where region_id = ${input.regionId}
    and reverses_id in (${sql.join(movable.map((l) => sql`${l.id}::uuid`), sql`, `)}) limit 1`);
  if (done) throw conflict('LEDGER_ALREADY_REVERSED');
  return post(db, now, {
    regionId: input.regionId, ledgerId: input.ledgerId, code: 'ledger.reversal', memo: input.memo ?? '',
    legs: movable.map((l) => ({ debit: l.creditAccountId, credit: l.debitAccountId, amount: BigInt(l.amount) })),
    refType: movable[0].refType, refId: movable[0].refId, createdBy: input.createdBy, idempotency: input.idempotency,
  }, movable.map((l) => l.id));
}

/**
 * Closes the ledger's books through `through` (inclusive): no transfer may be booked on or before it any more.
 * Only a day before today can be closed (so no posting in flight is booked into it), and a close never reopens.
 */
export async function closePeriod(db: LedgerDb, now: number, regionId: string, ledgerId: string, through: string): Promise<string> {
  const today = todayShanghai(now);
  if (through >= today) throw invalid([fieldError('through', 'LEDGER_CLOSE_PAST_ONLY', { latest: addDays(today, -1) })]);
  const [r] = await q<{ closed_through: string | null }>(db, sql`select closed_through::text from ledgers where region_id = ${regionId} and id = ${ledgerId} for update`);
  if (!r) throw notFound();
  if (r.closed_through && r.closed_through >= through) throw conflict('LEDGER_ALREADY_CLOSED', { closedThrough: r.closed_through });
  await q(db, sql`update ledgers set closed_through = ${through}::date where region_id = ${regionId} and id = ${ledgerId}`);
  return through;
}

export interface AccountDifference {
  regionId: string; ledgerId: string; accountId: string; code: string;
  stored: { balance: string; pendingDebits: string; pendingCredits: string };
  recomputed: { balance: string; pendingDebits: string; pendingCredits: string };
}
export interface LedgerImbalance { regionId: string; ledgerId: string; sum: string; pendingDebits: string; pendingCredits: string }
export interface VerifyReport {
  accounts: number; transfers: number;
  differences: AccountDifference[];
  /** ledgers whose balances do not sum to zero, or whose pending debits and credits differ */
  imbalances: LedgerImbalance[];
  /** post/void legs that do not repeat their pending transfer's accounts and amount */
  mismatchedResolutions: string[];
}

/**
 * Recomputes every account's balance and pending amounts from the legs (posted and post move the balance; pending
 * reserves; post and void release), compares them with what the accounts hold, checks that every ledger sums to
 * zero and that each post/void repeats its pending transfer. `regionId` limits it to one region.
 */
export async function verifyLedger(db: LedgerDb, regionId?: string): Promise<VerifyReport> {
  const region = regionId ? sql`and region_id = ${regionId}` : sql``;
  const regionA = regionId ? sql`where a.region_id = ${regionId}` : sql``;
  const diffs = await q<{
    region_id: string; ledger_id: string; id: string; code: string; balance: string; pending_debits: string; pending_credits: string;
    r_balance: string; r_pd: string; r_pc: string;
  }>(db, sql`
    with legs as (
      select t.region_id, s.account, s.sign, t.flow, t.amount from ledger_transfers t
      cross join lateral (values (t.debit_account_id, -1), (t.credit_account_id, 1)) s(account, sign)
      where true ${region}
    ),
    sums as (
      select region_id, account,
        sum(case when flow in ('posted', 'post') then sign * amount else 0 end)::bigint as balance,
        sum(case when sign = -1 and flow = 'pending' then amount when sign = -1 and flow in ('post', 'void') then -amount else 0 end)::bigint as pd,
        sum(case when sign = 1 and flow = 'pending' then amount when sign = 1 and flow in ('post', 'void') then -amount else 0 end)::bigint as pc
      from legs group by region_id, account
    )
    select a.region_id, a.ledger_id, a.id, a.code, a.balance::text, a.pending_debits::text, a.pending_credits::text,
      coalesce(s.balance, 0)::text as r_balance, coalesce(s.pd, 0)::text as r_pd, coalesce(s.pc, 0)::text as r_pc
    from ledger_accounts a left join sums s on s.region_id = a.region_id and s.account = a.id
    ${regionA} ${regionId ? sql`and` : sql`where`} (a.balance <> coalesce(s.balance, 0) or a.pending_debits <> coalesce(s.pd, 0) or a.pending_credits <> coalesce(s.pc, 0))
    order by a.region_id, a.ledger_id, a.code`);
  const imbalances = await q<{ region_id: string; ledger_id: string; sum: string; pd: string; pc: string }>(db, sql`
    select region_id, ledger_id, sum(balance)::text as sum, sum(pending_debits)::text as pd, sum(pending_credits)::text as pc
    from ledger_accounts where true ${region} group by region_id, ledger_id
    having sum(balance) <> 0 or sum(pending_debits) <> sum(pending_credits) order by 1, 2`);
  const mismatched = await q<{ id: string }>(db, sql`
    select r.id from ledger_transfers r join ledger_transfers p on p.region_id = r.region_id and p.id = r.pending_id
    where r.pending_id is not null ${regionId ? sql`and r.region_id = ${regionId}` : sql``}
      and (p.flow <> 'pending' or p.debit_account_id <> r.debit_account_id or p.credit_account_id <> r.credit_account_id or p.amount <> r.amount)
    order by r.id`);
  const [counts] = await q<{ accounts: number; transfers: number }>(db, sql`
    select (select count(*) from ledger_accounts where true ${region})::int as accounts, (select count(*) from ledger_transfers where true ${region})::int as transfers`);
  return {
    accounts: counts.accounts, transfers: counts.transfers,
    differences: diffs.map((d) => ({
      regionId: d.region_id, ledgerId: d.ledger_id, accountId: d.id, code: d.code,
      stored: { balance: d.balance, pendingDebits: d.pending_debits, pendingCredits: d.pending_credits },
      recomputed: { balance: d.r_balance, pendingDebits: d.r_pd, pendingCredits: d.r_pc },
    })),
    imbalances: imbalances.map((i) => ({ regionId: i.region_id, ledgerId: i.ledger_id, sum: i.sum, pendingDebits: i.pd, pendingCredits: i.pc })),
    mismatchedResolutions: mismatched.map((m) => m.id),
  };
}

export const verifyClean = (r: VerifyReport) => !r.differences.length && !r.imbalances.length && !r.mismatchedResolutions.length;

export interface LedgerInput { regionId: string; orgId: string; code: string; name: string; purpose: string }
export interface AccountInput { code: string; name: string; kind: string; noNegative?: boolean }

/** Creates a ledger with its accounts (in the caller's transaction). */
export async function createLedger(db: LedgerDb, input: LedgerInput, accounts: AccountInput[] = []): Promise<{ id: string; accounts: Record<string, string> }> {
  const id = uuidv7();
  await q(db, sql`insert into ledgers (region_id, id, org_id, code, name, purpose) values (${input.regionId}, ${id}, ${input.orgId}, ${input.code}, ${input.name}, ${input.purpose})`);
  const ids: Record<string, string> = {};
  for (const a of accounts) ids[a.code] = await createAccount(db, input.regionId, id, a);
  return { id, accounts: ids };
}

export async function createAccount(db: LedgerDb, regionId: string, ledgerId: string, a: AccountInput): Promise<string> {
  const id = uuidv7();
  const rows = await q<{ id: string }>(db, sql`insert into ledger_accounts (region_id, id, ledger_id, org_id, code, name, kind, no_negative)
    select ${regionId}, ${id}, l.id, l.org_id, ${a.code}, ${a.name}, ${a.kind}, ${a.noNegative ?? false} from ledgers l where l.region_id = ${regionId} and l.id = ${ledgerId}
    on conflict do nothing returning id`);
  if (!rows.length) {
    const [l] = await q<{ id: string }>(db, sql`select id from ledgers where region_id = ${regionId} and id = ${ledgerId}`);
    if (!l) throw notFound();
    throw conflict('LEDGER_ACCOUNT_CODE_TAKEN');
  }
  return id;
}
