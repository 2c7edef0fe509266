import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { members, orgs, regions, units } from '../directory/schema.ts';

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
  /** a reduction or exemption (减免): the amount below the table's, with the branch's decision and the committee's approval */
  tableFen: fen('table_fen'),
  reductionDecision: text('reduction_decision'),
  reductionApproval: text('reduction_approval'),
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
  /** the voluntary extra part (自愿多交) included in amount_fen */
  extraFen: fen('extra_fen').notNull().default(0),
  /** 代交: the one who paid for the member (null: the member) */
  paidBy: text('paid_by'),
  /** ≥ ¥1,000: to be forwarded to the higher committee */
  forwardUp: boolean('forward_up').notNull().default(false),
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
  check('dues_payments_extra_ck', sql`${t.extraFen} >= 0 and ${t.extraFen} <= ${t.amountFen}`),
]);

/**
 * A correction of a payment (更正): the reversing posting on the ledger naming the corrected one, the reason and
 * who; the payment itself is never edited, its months are freed (their `dues_months` rows go) in the same transaction.
 */
export const duesCorrections = pgTable('dues_corrections', {
  regionId: uuid('region_id').notNull().references(() => regions.id),
  id: uuid('id').notNull(),
  paymentId: uuid('payment_id').notNull(),
  reason: text('reason').notNull(),
  reversalPostingId: uuid('reversal_posting_id').notNull(),
  correctedBy: uuid('corrected_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  uniqueIndex('dues_corrections_payment_uq').on(t.regionId, t.paymentId),
  foreignKey({ columns: [t.regionId, t.paymentId], foreignColumns: [duesPayments.regionId, duesPayments.id], name: 'dues_corrections_payment_fk' }),
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

const day = (name: string) => date(name, { mode: 'string' });

/**
 * A bridge-loan mutual-aid fund (转贷互助资金): one region, owned by an org (the chamber's committee; who may read it
 * follows that org's subtree), its rules as configuration (src/shared/money-fund.ts FundRules) and its ledger.
 */
export const loanFunds = pgTable('loan_funds', {
  regionId: uuid('region_id').notNull().references(() => regions.id),
  id: uuid('id').notNull(),
  orgId: uuid('org_id').notNull(),
  name: text('name').notNull(),
  rules: jsonb('rules').notNull(),
  ledgerId: uuid('ledger_id').notNull(),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.orgId], foreignColumns: [orgs.regionId, orgs.id], name: 'loan_funds_org_fk' }),
  uniqueIndex('loan_funds_ledger_uq').on(t.regionId, t.ledgerId),
]);

/** A member enterprise of a fund (a directory unit) and its capital account on the fund's ledger. */
export const loanFundMembers = pgTable('loan_fund_members', {
  regionId: uuid('region_id').notNull(),
  fundId: uuid('fund_id').notNull(),
  unitId: uuid('unit_id').notNull(),
  accountId: uuid('account_id').notNull(),
  joinedAt: ts('joined_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.fundId, t.unitId] }),
  foreignKey({ columns: [t.regionId, t.fundId], foreignColumns: [loanFunds.regionId, loanFunds.id], name: 'loan_fund_members_fund_fk' }),
  foreignKey({ columns: [t.regionId, t.unitId], foreignColumns: [units.regionId, units.id], name: 'loan_fund_members_unit_fk' }),
]);

/** The bank's written commitment to renew (转贷承诺), uploaded by the enterprise's liaison before applying. */
export const loanCommitments = pgTable('loan_commitments', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  fundId: uuid('fund_id').notNull(),
  unitId: uuid('unit_id').notNull(),
  fileName: text('file_name').notNull(),
  contentType: text('content_type').notNull(),
  size: integer('size').notNull(),
  sha256: text('sha256').notNull(),
  storageKey: text('storage_key').notNull(),
  uploadedBy: uuid('uploaded_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.fundId, t.unitId], foreignColumns: [loanFundMembers.regionId, loanFundMembers.fundId, loanFundMembers.unitId], name: 'loan_commitments_member_fk' }),
]);

/**
 * A bridge loan: applied by the enterprise's liaison, prepared by a fund officer, approved by another person
 * (maker-checker, `loans_maker_checker_ck`: the approver is neither the preparer nor the filer), disbursed as ONE pending transfer on the fund's ledger (its id held
 * under a unique key), repaid by posting it with the fee as its own transfer, or written off by a recorded decision.
 */
export const loans = pgTable('loans', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  fundId: uuid('fund_id').notNull(),
  unitId: uuid('unit_id').notNull(),
  status: text('status').notNull(),
  bank: text('bank').notNull(),
  bankLoanFen: fen('bank_loan_fen').notNull(),
  bankDueOn: day('bank_due_on').notNull(),
  renewalFen: fen('renewal_fen').notNull(),
  commitmentId: uuid('commitment_id').notNull(),
  amountFen: fen('amount_fen').notNull(),
  appliedBy: uuid('applied_by'),
  preparedBy: uuid('prepared_by'),
  preparedAt: ts('prepared_at'),
  approvedBy: uuid('approved_by'),
  approvedAt: ts('approved_at'),
  pendingId: uuid('pending_id'),
  disbursedOn: day('disbursed_on'),
  dueOn: day('due_on'),
  repaidOn: day('repaid_on'),
  days: integer('days'),
  feeFen: fen('fee_fen'),
  writeOffDecision: text('write_off_decision'),
  writeOffBy: uuid('write_off_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.fundId, t.unitId], foreignColumns: [loanFundMembers.regionId, loanFundMembers.fundId, loanFundMembers.unitId], name: 'loans_member_fk' }),
  foreignKey({ columns: [t.regionId, t.commitmentId], foreignColumns: [loanCommitments.regionId, loanCommitments.id], name: 'loans_commitment_fk' }),
  uniqueIndex('loans_pending_uq').on(t.regionId, t.pendingId),
  uniqueIndex('loans_commitment_uq').on(t.regionId, t.commitmentId),
  index('loans_fund_idx').on(t.regionId, t.fundId, t.status, t.dueOn),
  index('loans_unit_idx').on(t.regionId, t.fundId, t.unitId),
  check('loans_status_ck', sql`${t.status} in ('applied', 'prepared', 'approved', 'disbursed', 'repaid', 'written_off')`),
  check('loans_amount_ck', sql`${t.amountFen} > 0 and ${t.bankLoanFen} > 0 and ${t.renewalFen} > 0`),
  check('loans_maker_checker_ck', sql`${t.approvedBy} is null or (${t.approvedBy} is distinct from ${t.preparedBy} and ${t.approvedBy} is distinct from ${t.appliedBy})`),
]);

/**
 * A charity fund (慈善基金) of one region, owned by an org, with its ledger (code `charity:<id>`): `principal` (kept
 * principal of a 留本捐息 fund, no-negative, never the debit of a disbursement), `spendable` (income, or the donations
 * of a 捐本捐息 fund; no-negative: a disbursement reserves it as a pending transfer), and the external `donors`,
 * `income_src` and `beneficiaries`. The public disclosure page (公示) opens with `token` while `token_active`.
 */
export const charityFunds = pgTable('charity_funds', {
  regionId: uuid('region_id').notNull().references(() => regions.id),
  id: uuid('id').notNull(),
  orgId: uuid('org_id').notNull(),
  name: text('name').notNull(),
  kind: text('kind').notNull(),
  ledgerId: uuid('ledger_id').notNull(),
  token: text('token').notNull(),
  tokenActive: boolean('token_active').notNull().default(true),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.orgId], foreignColumns: [orgs.regionId, orgs.id], name: 'charity_funds_org_fk' }),
  uniqueIndex('charity_funds_ledger_uq').on(t.regionId, t.ledgerId),
  index('charity_funds_token_idx').on(t.token),
  check('charity_funds_kind_ck', sql`${t.kind} in ('endowment', 'spend')`),
]);

/** A pledged donation (认捐), paid in parts: each payment is a donation naming it; remaining = total − paid. */
export const charityPledges = pgTable('charity_pledges', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  fundId: uuid('fund_id').notNull(),
  donorKind: text('donor_kind').notNull(),
  unitId: uuid('unit_id'),
  donorName: text('donor_name').notNull(),
  anonymous: boolean('anonymous').notNull().default(false),
  totalFen: fen('total_fen').notNull(),
  pledgedOn: day('pledged_on').notNull(),
  memo: text('memo').notNull().default(''),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.fundId], foreignColumns: [charityFunds.regionId, charityFunds.id], name: 'charity_pledges_fund_fk' }),
  foreignKey({ columns: [t.regionId, t.unitId], foreignColumns: [units.regionId, units.id], name: 'charity_pledges_unit_fk' }),
  check('charity_pledges_total_ck', sql`${t.totalFen} > 0`),
  check('charity_pledges_donor_ck', sql`${t.donorKind} in ('unit', 'person')`),
]);

/**
 * A donation (捐赠) and its receipt: the number is unique within the fund and year (`charity_donations_receipt_uq`),
 * posted on the fund's ledger in the same transaction (`posting_id`). `source` = direct | event (a charity sale's
 * takings, `source_ref` naming it once: `charity_donations_source_uq`).
 */
export const charityDonations = pgTable('charity_donations', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  fundId: uuid('fund_id').notNull(),
  year: integer('year').notNull(),
  receiptNo: text('receipt_no').notNull(),
  donorKind: text('donor_kind').notNull(),
  unitId: uuid('unit_id'),
  donorName: text('donor_name').notNull(),
  anonymous: boolean('anonymous').notNull().default(false),
  amountFen: fen('amount_fen').notNull(),
  receivedOn: day('received_on').notNull(),
  pledgeId: uuid('pledge_id'),
  source: text('source').notNull().default('direct'),
  sourceRef: text('source_ref'),
  memo: text('memo').notNull().default(''),
  postingId: uuid('posting_id').notNull(),
  recordedBy: uuid('recorded_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.fundId], foreignColumns: [charityFunds.regionId, charityFunds.id], name: 'charity_donations_fund_fk' }),
  foreignKey({ columns: [t.regionId, t.pledgeId], foreignColumns: [charityPledges.regionId, charityPledges.id], name: 'charity_donations_pledge_fk' }),
  foreignKey({ columns: [t.regionId, t.unitId], foreignColumns: [units.regionId, units.id], name: 'charity_donations_unit_fk' }),
  uniqueIndex('charity_donations_receipt_uq').on(t.regionId, t.fundId, t.year, t.receiptNo),
  uniqueIndex('charity_donations_source_uq').on(t.regionId, t.sourceRef),
  index('charity_donations_fund_idx').on(t.regionId, t.fundId, t.receivedOn),
  index('charity_donations_pledge_idx').on(t.regionId, t.pledgeId),
  check('charity_donations_amount_ck', sql`${t.amountFen} > 0`),
  check('charity_donations_donor_ck', sql`${t.donorKind} in ('unit', 'person')`),
  check('charity_donations_source_ck', sql`${t.source} in ('direct', 'event')`),
]);

/**
 * A disbursement (资助支出) to a named beneficiary for a purpose: prepared by one person (the spendable amount reserved
 * as a pending transfer), approved by another (posted) or rejected (voided). `charity_disbursements_maker_checker_ck`:
 * the approver is never the preparer.
 */
export const charityDisbursements = pgTable('charity_disbursements', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  fundId: uuid('fund_id').notNull(),
  beneficiary: text('beneficiary').notNull(),
  purpose: text('purpose').notNull(),
  amountFen: fen('amount_fen').notNull(),
  note: text('note').notNull().default(''),
  status: text('status').notNull(),
  pendingId: uuid('pending_id').notNull(),
  preparedBy: uuid('prepared_by'),
  preparedAt: ts('prepared_at').notNull(),
  approvedBy: uuid('approved_by'),
  approvedAt: ts('approved_at'),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.fundId], foreignColumns: [charityFunds.regionId, charityFunds.id], name: 'charity_disbursements_fund_fk' }),
  uniqueIndex('charity_disbursements_pending_uq').on(t.regionId, t.pendingId),
  index('charity_disbursements_fund_idx').on(t.regionId, t.fundId, t.status),
  check('charity_disbursements_amount_ck', sql`${t.amountFen} > 0`),
  check('charity_disbursements_status_ck', sql`${t.status} in ('prepared', 'approved', 'rejected')`),
  check('charity_disbursements_purpose_ck', sql`${t.purpose} in ('poverty', 'education', 'elderly', 'medical', 'disaster', 'other')`),
  check('charity_disbursements_maker_checker_ck', sql`${t.approvedBy} is null or ${t.approvedBy} is distinct from ${t.preparedBy}`),
]);
