import { sql } from 'drizzle-orm';
import {
  bigint, boolean, check, date, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid,
} from 'drizzle-orm/pg-core';
import { orgs } from '../../modules/directory/schema.ts';

/*
 * The one double-entry ledger (docs/ledger.md). Money is integer fen (bigint). A transfer moves `amount` from its
 * debit account to its credit account; an account's balance is its credits minus its debits, so the balances of a
 * ledger always sum to zero. Transfers are append-only: a database trigger (migration 20261202060801_ledger) refuses
 * any UPDATE or DELETE of ledger_transfers. Every table carries region_id first in its keys (Citus: a ledger and
 * all its accounts live in one region, so the row locks of a posting stay inside one shard).
 */

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const fen = (name: string) => bigint(name, { mode: 'bigint' });

/** A set of accounts that balance against each other: one fund, one branch's dues, one charity fund. */
export const ledgers = pgTable('ledgers', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  /** the organisation that keeps it (scope: who may read it follows this org's subtree) */
  orgId: uuid('org_id').notNull(),
  /** unique within the region: what the owning capability finds it by (e.g. `dues:<orgId>`) */
  code: text('code').notNull(),
  name: text('name').notNull(),
  /** the capability that keeps it (money, dues, fund, charity) */
  purpose: text('purpose').notNull(),
  /** no transfer may be booked on or before this date (a closed period) */
  closedThrough: date('closed_through', { mode: 'string' }),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  uniqueIndex('ledgers_code_uq').on(t.regionId, t.code),
  foreignKey({ columns: [t.regionId, t.orgId], foreignColumns: [orgs.regionId, orgs.id], name: 'ledgers_org_fk' }),
  index('ledgers_org_idx').on(t.regionId, t.orgId),
]);

/** An account of a ledger, with its balance kept in the same transaction as every transfer touching it. */
export const ledgerAccounts = pgTable('ledger_accounts', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  ledgerId: uuid('ledger_id').notNull(),
  /** the ledger's org (copied: scoping without a join) */
  orgId: uuid('org_id').notNull(),
  code: text('code').notNull(),
  name: text('name').notNull(),
  /** asset | liability | equity | income | expense | external: a label for statements, not a rule */
  kind: text('kind').notNull(),
  /** the account may never be overdrawn: posted credits − debits − pending debits ≥ 0 (a check constraint) */
  noNegative: boolean('no_negative').notNull().default(false),
  /** posted credits − posted debits, fen */
  balance: fen('balance').notNull().default(sql`0`),
  /** reserved by pending transfers not yet posted or voided, fen */
  pendingDebits: fen('pending_debits').notNull().default(sql`0`),
  pendingCredits: fen('pending_credits').notNull().default(sql`0`),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  uniqueIndex('ledger_accounts_code_uq').on(t.regionId, t.ledgerId, t.code),
  foreignKey({ columns: [t.regionId, t.ledgerId], foreignColumns: [ledgers.regionId, ledgers.id], name: 'ledger_accounts_ledger_fk' }),
  check('ledger_accounts_no_negative', sql`not ${t.noNegative} or ${t.balance} - ${t.pendingDebits} >= 0`),
  check('ledger_accounts_pending_nonneg', sql`${t.pendingDebits} >= 0 and ${t.pendingCredits} >= 0`),
]);

/**
 * One leg of a posting: `amount` fen from the debit account to the credit account. The legs of one posting share
 * `posting_id` and are written in one statement. `flow`: posted (moves the balances), pending (reserves: moves the
 * pending columns), post (turns its pending transfer into posted), void (releases its pending transfer). A pending
 * transfer is resolved at most once (unique pending_id), a transfer is reversed at most once (unique reverses_id).
 */
export const ledgerTransfers = pgTable('ledger_transfers', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  ledgerId: uuid('ledger_id').notNull(),
  orgId: uuid('org_id').notNull(),
  postingId: uuid('posting_id').notNull(),
  leg: integer('leg').notNull(),
  flow: text('flow').notNull(),
  debitAccountId: uuid('debit_account_id').notNull(),
  creditAccountId: uuid('credit_account_id').notNull(),
  amount: fen('amount').notNull(),
  /** post / void: the pending transfer it resolves */
  pendingId: uuid('pending_id'),
  /** pending: when it lapses (voided by the next sweep; it can no longer be posted) */
  timeoutAt: ts('timeout_at'),
  /** a correction: the transfer it reverses (accounts swapped, same amount) */
  reversesId: uuid('reverses_id'),
  /** the accounting date (Asia/Shanghai); never inside a closed period */
  bookedOn: date('booked_on', { mode: 'string' }).notNull(),
  /** what moved the money, for statements (e.g. dues.payment, fund.disbursement) */
  code: text('code').notNull(),
  memo: text('memo').notNull().default(''),
  /** the business record it belongs to (a loan, a dues payment) */
  refType: text('ref_type'),
  refId: uuid('ref_id'),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.ledgerId], foreignColumns: [ledgers.regionId, ledgers.id], name: 'ledger_transfers_ledger_fk' }),
  foreignKey({ columns: [t.regionId, t.debitAccountId], foreignColumns: [ledgerAccounts.regionId, ledgerAccounts.id], name: 'ledger_transfers_debit_fk' }),
  foreignKey({ columns: [t.regionId, t.creditAccountId], foreignColumns: [ledgerAccounts.regionId, ledgerAccounts.id], name: 'ledger_transfers_credit_fk' }),
  uniqueIndex('ledger_transfers_pending_uq').on(t.regionId, t.pendingId),
  uniqueIndex('ledger_transfers_reverses_uq').on(t.regionId, t.reversesId),
  index('ledger_transfers_ledger_idx').on(t.regionId, t.ledgerId, t.createdAt),
  index('ledger_transfers_debit_idx').on(t.regionId, t.debitAccountId),
  index('ledger_transfers_credit_idx').on(t.regionId, t.creditAccountId),
  index('ledger_transfers_posting_idx').on(t.regionId, t.postingId),
  index('ledger_transfers_ref_idx').on(t.regionId, t.refType, t.refId),
  check('ledger_transfers_amount_positive', sql`${t.amount} > 0`),
  check('ledger_transfers_two_accounts', sql`${t.debitAccountId} <> ${t.creditAccountId}`),
  check('ledger_transfers_flow', sql`${t.flow} in ('posted', 'pending', 'post', 'void')`),
  check('ledger_transfers_pending_link', sql`(${t.flow} in ('post', 'void')) = (${t.pendingId} is not null)`),
  check('ledger_transfers_timeout', sql`(${t.flow} = 'pending') = (${t.timeoutAt} is not null)`),
]);

/**
 * Idempotency-Key: the first answer of every money-moving request, kept with a hash of what was asked. A retry
 * with the same key and body gets the stored answer and moves nothing; the same key with another body is a 409.
 * The row is written in the same transaction as the money it records, so a crash leaves both or neither.
 */
export const ledgerIdempotency = pgTable('ledger_idempotency', {
  regionId: uuid('region_id').notNull(),
  /** who asked (user id) and the key they sent: keys are per caller */
  scope: text('scope').notNull(),
  key: text('key').notNull(),
  /** sha-256 of the operation and its body */
  requestHash: text('request_hash').notNull(),
  status: integer('status').notNull(),
  response: jsonb('response').notNull(),
  createdAt: ts('created_at').notNull(),
}, (t) => [primaryKey({ columns: [t.regionId, t.scope, t.key] })]);
