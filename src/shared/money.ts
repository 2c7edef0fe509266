/** Party dues (党费): bodies, queries and answers shared by the server and the web (issue 15, docs/money.md). */
import { z } from 'zod';
import { DUES_CATEGORIES } from './dues.ts';

export const DUES_METHODS = ['cash', 'transfer'] as const;
export const ARREARS_FLAG_MONTHS = 3;
/** ≥ 5 unpaid months: the warning before 6 (a member who pays nothing for 6 months without reason is deemed to have left — the platform warns, it decides nothing) */
export const ARREARS_WARN_MONTHS = 5;
/** a payment of ¥1,000 or more is flagged for forwarding to the higher committee */
export const DUES_FORWARD_FEN = 100_000;

const Year = z.number().int().min(2000).max(2200);
const Month = z.number().int().min(1).max(12);
/** money is integer fen: whole, positive, at most ¥10 million here */
const Fen = z.number().int().min(1).max(1_000_000_000);

export const DuesAmountSet = z.strictObject({
  memberId: z.uuid(),
  year: Year,
  category: z.enum(DUES_CATEGORIES),
  /** the declared monthly income after tax, fen */
  baseFen: z.number().int().min(0).max(100_000_000_000),
  /** required when the member's amount for the year is already set (it is locked for the year) */
  reason: z.string().trim().max(500).optional(),
  /** a reduction or exemption (减免, 0 = exempt): an amount below the table's, with both of the next two */
  monthlyFen: z.number().int().min(0).max(100_000_000).optional(),
  reductionDecision: z.string().trim().max(500).optional(),
  reductionApproval: z.string().trim().max(500).optional(),
});

export const DuesAmount = z.object({
  memberId: z.uuid(),
  year: z.number().int(),
  orgId: z.uuid(),
  category: z.enum(DUES_CATEGORIES),
  baseFen: z.number().int(),
  monthlyFen: z.number().int(),
  reason: z.string().nullable(),
  /** the table's amount when a reduction applies (null: the table's amount is due) */
  tableFen: z.number().int().nullable(),
  reductionDecision: z.string().nullable(),
  reductionApproval: z.string().nullable(),
});

export const DuesPaymentCreate = z.strictObject({
  memberId: z.uuid(),
  year: Year,
  /** the months paid; empty only for a one-off voluntary payment (extraFen alone) */
  months: z.array(Month).max(12),
  amountFen: Fen,
  method: z.enum(DUES_METHODS),
  receiptNo: z.string().trim().min(1).max(40),
  /** the voluntary extra part (自愿多交), included in amountFen */
  extraFen: z.number().int().min(0).max(1_000_000_000).optional(),
  /** 代交: who paid for the member (absent: the member) */
  paidBy: z.string().trim().min(1).max(100).optional(),
});

export const DuesPayment = z.object({
  id: z.uuid(),
  memberId: z.uuid(),
  orgId: z.uuid(),
  year: z.number().int(),
  months: z.array(z.number().int()),
  amountFen: z.number().int(),
  method: z.enum(DUES_METHODS),
  receiptNo: z.string(),
  postingId: z.uuid(),
  extraFen: z.number().int(),
  paidBy: z.string().nullable(),
  /** ≥ ¥1,000: to be forwarded to the higher committee */
  forwardUp: z.boolean(),
  replayed: z.boolean(),
});

/** A correction (更正) of a payment: reversed on the ledger, its months freed; the payment is never edited. */
export const DuesCorrectionCreate = z.strictObject({ reason: z.string().trim().min(1).max(500) });
export const DuesCorrection = z.object({
  id: z.uuid(),
  paymentId: z.uuid(),
  reversalPostingId: z.uuid(),
  freedMonths: z.array(z.number().int()),
  reason: z.string(),
  replayed: z.boolean(),
});

/** A payment as listed (a member's, a branch's): with its correction, if any. */
export const DuesPaymentItem = z.object({
  id: z.uuid(),
  memberId: z.uuid(),
  memberName: z.string(),
  year: z.number().int(),
  months: z.array(z.number().int()),
  amountFen: z.number().int(),
  extraFen: z.number().int(),
  method: z.enum(DUES_METHODS),
  receiptNo: z.string(),
  paidBy: z.string().nullable(),
  forwardUp: z.boolean(),
  createdAt: z.string(),
  corrected: z.object({ reason: z.string(), at: z.string() }).nullable(),
});
export const DuesPaymentListQuery = z.strictObject({
  orgId: z.uuid(),
  year: z.coerce.number().int().min(2000).max(2200),
  memberId: z.uuid().optional(),
});

/** The branches (党支部) whose dues the caller reads, and whether they collect there. */
export const DuesBranch = z.object({ id: z.uuid(), regionId: z.uuid(), name: z.string(), path: z.string(), collect: z.boolean() });

/** Arrears across the branches of a committee (an org's subtree): members ≥ 3 months behind this year, warned at 5. */
export const DuesArrearsQuery = z.strictObject({
  orgId: z.uuid(),
  year: z.coerce.number().int().min(2000).max(2200),
});
export const DuesArrearsRow = z.object({
  memberId: z.uuid(),
  name: z.string(),
  orgId: z.uuid(),
  orgName: z.string(),
  monthlyFen: z.number().int().nullable(),
  unpaidMonths: z.array(z.number().int()),
  owedFen: z.number().int(),
  warned: z.boolean(),
});
export const DuesArrears = z.object({
  orgId: z.uuid(), orgName: z.string(), year: z.number().int(), throughMonth: z.number().int(),
  rows: z.array(DuesArrearsRow), flagged: z.number().int(), warned: z.number().int(),
});

/** A member's own dues for a year (GET /api/v1/dues/mine): what they owe, the months paid, their receipts. */
export const MyDuesQuery = z.strictObject({ year: z.coerce.number().int().min(2000).max(2200).optional() });
export const MyDuesYear = z.object({
  year: z.number().int(),
  member: z.boolean(),
  orgId: z.uuid().nullable(),
  orgName: z.string().nullable(),
  throughMonth: z.number().int(),
  monthlyFen: z.number().int().nullable(),
  reduced: z.boolean(),
  paidMonths: z.array(z.number().int()),
  unpaidMonths: z.array(z.number().int()),
  owedFen: z.number().int(),
  payments: z.array(DuesPaymentItem),
});

/** The yearly disclosure (党费收缴公示) of a branch to its own members: per member the months paid and the amount, totals. */
export const DuesDisclosureQuery = z.strictObject({
  orgId: z.uuid(),
  year: z.coerce.number().int().min(2000).max(2200),
});
export const DuesDisclosure = z.object({
  orgId: z.uuid(), orgName: z.string(), year: z.number().int(),
  rows: z.array(z.object({ name: z.string(), monthsPaid: z.array(z.number().int()), paidFen: z.number().int() })),
  members: z.number().int(), paidFen: z.number().int(), extraFen: z.number().int(),
});

export const DuesSheetQuery = z.strictObject({
  orgId: z.uuid(),
  year: z.coerce.number().int().min(2000).max(2200),
  month: z.coerce.number().int().min(1).max(12),
});

export const DuesSheetRow = z.object({
  memberId: z.uuid(),
  name: z.string(),
  category: z.enum(DUES_CATEGORIES).nullable(),
  baseFen: z.number().int().nullable(),
  monthlyFen: z.number().int().nullable(),
  /** the month asked is paid, and by which receipt */
  paid: z.boolean(),
  receiptNo: z.string().nullable(),
  /** months of the year up to this month (or the whole of a past year) not paid */
  unpaidMonths: z.array(z.number().int()),
  /** ≥ 3 unpaid months: an alert for the branch, never a decision */
  flagged: z.boolean(),
  /** ≥ 5 unpaid months: the warning before 6 */
  warned: z.boolean(),
  /** an approved reduction or exemption applies */
  reduced: z.boolean(),
});

export const DuesSheet = z.object({
  orgId: z.uuid(),
  orgName: z.string(),
  year: z.number().int(),
  month: z.number().int(),
  /** the last month counted for arrears (0 for a year not begun) */
  throughMonth: z.number().int(),
  rows: z.array(DuesSheetRow),
  dueFen: z.number().int(),
  paidFen: z.number().int(),
  /** the branch's dues account on the region's ledger, fen */
  balanceFen: z.number().int(),
});

/** The template of the year's bases (GET /api/v1/dues/import-template) and the import's answer (POST /api/v1/dues/import). */
export const DuesImportTemplateQuery = z.strictObject({
  orgId: z.uuid(),
  year: z.coerce.number().int().min(2000).max(2200),
});
export const DuesImportResult = z.object({
  rows: z.number().int(), created: z.number().int(), changed: z.number().int(), unchanged: z.number().int(),
});
