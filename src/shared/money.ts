/** Party dues (党费): bodies, queries and answers shared by the server and the web (issue 15, docs/money.md). */
import { z } from 'zod';
import { DUES_CATEGORIES } from './dues.ts';

export const DUES_METHODS = ['cash', 'transfer'] as const;
export const ARREARS_FLAG_MONTHS = 3;

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
});

export const DuesAmount = z.object({
  memberId: z.uuid(),
  year: z.number().int(),
  orgId: z.uuid(),
  category: z.enum(DUES_CATEGORIES),
  baseFen: z.number().int(),
  monthlyFen: z.number().int(),
  reason: z.string().nullable(),
});

export const DuesPaymentCreate = z.strictObject({
  memberId: z.uuid(),
  year: Year,
  months: z.array(Month).min(1).max(12),
  amountFen: Fen,
  method: z.enum(DUES_METHODS),
  receiptNo: z.string().trim().min(1).max(40),
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
  replayed: z.boolean(),
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
