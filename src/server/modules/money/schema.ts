import { sql } from 'drizzle-orm';
import { bigint, check, foreignKey, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { members, orgs, regions } from '../directory/schema.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const fen = (name: string) => bigint(name, { mode: 'number' });

/**
 * A member's party dues for a year (党费核定): the declared income after tax (`base_fen`), the category and the
 * monthly amount the official table gives (src/shared/dues.ts). One row per member and year: set once, locked; a
 * change names its reason and is audited with the amounts before and after.
 */
export const duesAmounts = pgTable('dues_amounts', {
  regionId: uuid('region_id').notNull().references(() => regions.id),
  memberId: uuid('member_id').notNull(),
  year: integer('year').notNull(),
  /** the member's branch when the amount was set */
  orgId: uuid('org_id').notNull(),
  category: text('category').notNull(),
  baseFen: fen('base_fen').notNull(),
  monthlyFen: fen('monthly_fen').notNull(),
  reason: text('reason'),
  setBy: uuid('set_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.memberId, t.year] }),
  foreignKey({ columns: [t.regionId, t.memberId], foreignColumns: [members.regionId, members.id], name: 'dues_amounts_member_fk' }),
  foreignKey({ columns: [t.regionId, t.orgId], foreignColumns: [orgs.regionId, orgs.id], name: 'dues_amounts_org_fk' }),
  check('dues_amounts_fen_ck', sql`${t.baseFen} >= 0 and ${t.monthlyFen} >= 0`),
]);

/**
 * A dues payment (交纳党费): the receipt (number unique in the region: never reused), cash or transfer, the months it
 * covers and the posting on the region's dues ledger that moved the money, written in one transaction.
 */
export const duesPayments = pgTable('dues_payments', {
  regionId: uuid('region_id').notNull().references(() => regions.id),
  id: uuid('id').notNull(),
  memberId: uuid('member_id').notNull(),
  orgId: uuid('org_id').notNull(),
  year: integer('year').notNull(),
  months: integer('months').array().notNull(),
  amountFen: fen('amount_fen').notNull(),
  method: text('method').notNull(),
  receiptNo: text('receipt_no').notNull(),
  postingId: uuid('posting_id').notNull(),
  recordedBy: uuid('recorded_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.memberId], foreignColumns: [members.regionId, members.id], name: 'dues_payments_member_fk' }),
  foreignKey({ columns: [t.regionId, t.orgId], foreignColumns: [orgs.regionId, orgs.id], name: 'dues_payments_org_fk' }),
  uniqueIndex('dues_payments_receipt_uq').on(t.regionId, t.receiptNo),
  index('dues_payments_org_idx').on(t.regionId, t.orgId, t.year),
  check('dues_payments_amount_ck', sql`${t.amountFen} > 0`),
  check('dues_payments_method_ck', sql`${t.method} in ('cash', 'transfer')`),
]);

/** A month of a member's dues paid, by which payment: the key makes a month paid at most once. */
export const duesMonths = pgTable('dues_months', {
  regionId: uuid('region_id').notNull(),
  memberId: uuid('member_id').notNull(),
  year: integer('year').notNull(),
  month: integer('month').notNull(),
  paymentId: uuid('payment_id').notNull(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.memberId, t.year, t.month] }),
  foreignKey({ columns: [t.regionId, t.paymentId], foreignColumns: [duesPayments.regionId, duesPayments.id], name: 'dues_months_payment_fk' }),
  check('dues_months_month_ck', sql`${t.month} between 1 and 12`),
]);
