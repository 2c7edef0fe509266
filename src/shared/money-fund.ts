/** The bridge-loan mutual-aid fund (转贷互助资金): bodies, queries and answers shared by the server and the web (issue 15 §2, docs/money.md). */
import { z } from 'zod';
import { isoDate } from './dates.ts';
import { pageNumber, pageOf } from './api.ts';

/** money is integer fen: whole and positive; the ledger refuses more than 10¹⁴ in one leg, the fund more than its capital */
export const FundFen = z.number().int().min(1).max(100_000_000_000_000);

/** one tier of the daily fee: from day `fromDay` (1 = the first day) on, `ppm` millionths of the amount a day (0.02% = 200) */
export const FeeTier = z.strictObject({ fromDay: z.number().int().min(1).max(366), ppm: z.number().int().min(0).max(100_000) });

export const FundRules = z.strictObject({
  /** cap per loan, fen */
  maxLoanFen: FundFen,
  /** cap per loan as a share of the bank's committed renewal, basis points (9500 = 95%) */
  maxRenewalShareBp: z.number().int().min(1).max(10_000),
  /** cap per enterprise outstanding (applied, prepared, approved or disbursed), fen */
  maxOutstandingFen: FundFen,
  /** the loan's term in days (≤ 10) */
  termDays: z.number().int().min(1).max(10),
  /** the tiered daily fee, tiers by ascending fromDay, the first from day 1 */
  feeTiers: z.array(FeeTier).min(1).max(10).refine((ts) => ts[0].fromDay === 1 && ts.every((x, i) => i === 0 || x.fromDay > ts[i - 1].fromDay), { message: 'tiers ascend from day 1' }),
  /** new loans halt when the overdue outstanding exceeds this share of the fund's capital, basis points */
  haltOverdueShareBp: z.number().int().min(0).max(10_000),
  /** the penalty (罚息) on an overdue loan: millionths of the amount for each day past the due date, charged at repayment on top of the fee (0: none; funds made before the rule had none) */
  penaltyPpm: z.number().int().min(0).max(100_000).default(0),
});
export type FundRules = z.infer<typeof FundRules>;

export const FundCreate = z.strictObject({
  /** the owning organisation (the chamber's committee); the fund lives in its region */
  orgId: z.uuid(),
  name: z.string().trim().min(1).max(100),
  rules: FundRules,
});

export const ContributionCreate = z.strictObject({ unitId: z.uuid(), amountFen: FundFen });

export const FundMember = z.object({
  unitId: z.uuid(), unitName: z.string(),
  /** contributed capital, fen, and the share of the fund's capital in basis points */
  capitalFen: z.number().int(), shareBp: z.number().int(),
  /** the member's loans outstanding, fen */
  outstandingFen: z.number().int(),
});

export const FundFigures = z.object({
  enterprisesHelped: z.number().int(), loans: z.number().int(), bridgedFen: z.number().int(), averageDays: z.number(),
  feesFen: z.number().int(), overdueLoans: z.number().int(), overdueFen: z.number().int(), badDebts: z.number().int(), badDebtFen: z.number().int(),
});

export const BalanceSheet = z.object({
  /** assets: cash available + reserved for loans out (outstanding) */
  cashFen: z.number().int(), outstandingFen: z.number().int(), availableFen: z.number().int(),
  /** members' capital, fees earned, bad debts written off (cash + outstanding = capital + fees − bad debts) */
  capitalFen: z.number().int(), feesFen: z.number().int(), badDebtFen: z.number().int(),
  /** the ledger's accounts sum to zero */
  balanced: z.boolean(),
});

export const Fund = z.object({
  id: z.uuid(), regionId: z.uuid(), orgId: z.uuid(), name: z.string(), rules: FundRules, ledgerId: z.uuid(),
  halted: z.boolean(), balanceSheet: BalanceSheet, figures: FundFigures,
});

export const LOAN_STATUSES = ['applied', 'prepared', 'approved', 'disbursed', 'repaid', 'written_off'] as const;
export type LoanStatus = (typeof LOAN_STATUSES)[number];

export const LoanApply = z.strictObject({
  fundId: z.uuid(),
  unitId: z.uuid(),
  /** the expiring bank loan */
  bank: z.string().trim().min(1).max(100),
  bankLoanFen: FundFen,
  bankDueOn: isoDate,
  /** the bank's written commitment to renew (转贷承诺): its amount and the uploaded file (POST /funds/:id/commitments) */
  renewalFen: FundFen,
  commitmentId: z.uuid().nullish(),
  amountFen: FundFen,
});

export const Loan = z.object({
  id: z.uuid(), fundId: z.uuid(), unitId: z.uuid(), unitName: z.string(), status: z.enum(LOAN_STATUSES),
  bank: z.string(), bankLoanFen: z.number().int(), bankDueOn: z.string(), renewalFen: z.number().int(), amountFen: z.number().int(),
  /** the renewal commitment; `stored`: its file can be downloaded (GET /funds/:id/commitments/:commitmentId; the demo's have none) */
  commitment: z.object({ id: z.uuid(), fileName: z.string(), size: z.number().int(), stored: z.boolean() }).nullable(),
  appliedBy: z.string().nullable(), preparedBy: z.string().nullable(), approvedBy: z.string().nullable(),
  disbursedOn: z.string().nullable(), dueOn: z.string().nullable(), repaidOn: z.string().nullable(),
  days: z.number().int().nullable(), feeFen: z.number().int().nullable(),
  /** while disbursed: what repaying today costs (amount + the fee accrued so far) */
  owedFen: z.number().int().nullable(), overdue: z.boolean(),
  /** while disbursed: the days counted and the fee accrued if repaid today (owedFen = amountFen + accruedFeeFen) */
  accruedDays: z.number().int().nullable(), accruedFeeFen: z.number().int().nullable(),
  /** while disbursed and overdue: the days past the due date and the penalty accrued (owedFen includes it); once repaid, penaltyFen is the penalty charged */
  overdueDays: z.number().int().nullable(), accruedPenaltyFen: z.number().int().nullable(), penaltyFen: z.number().int().nullable(),
  writeOffDecision: z.string().nullable(),
  replayed: z.boolean().optional(),
});

export const LoanListQuery = z.strictObject({
  fundId: z.uuid(),
  /** a status, or a queue: `overdue` (out, due date passed), `due_soon` (out, due today or within 3 days) */
  status: z.enum([...LOAN_STATUSES, 'overdue', 'due_soon']).optional(),
  unitId: z.uuid().optional(),
  page: pageNumber,
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export const LoanList = pageOf(Loan);

/** A fund the caller may open: `officer` reads it all (officers, approvers, region admins), `member` speaks for a member unit. */
export const FundSummary = z.object({ id: z.uuid(), name: z.string(), orgId: z.uuid(), regionId: z.uuid(), role: z.enum(['officer', 'member']) });

/** An org where the caller may create a fund (GET /api/v1/fund-orgs), with the number of funds it has. */
export const FundOrg = z.object({ orgId: z.uuid(), name: z.string(), regionId: z.uuid(), funds: z.number().int() });

export const Repayment = z.strictObject({ amountFen: FundFen });
export const WriteOff = z.strictObject({ decision: z.string().trim().min(4).max(500), decidedOn: isoDate });

export const Commitment = z.object({ id: z.uuid(), fileName: z.string(), size: z.number().int(), contentType: z.string() });

/** The penalty for `overdueDays` days past the due date on `amountFen` at `ppm` a day, rounded half up to the fen. */
export function loanPenaltyFen(amountFen: number, overdueDays: number, ppm: number): number {
  if (overdueDays <= 0 || ppm <= 0) return 0;
  return Number((BigInt(amountFen) * BigInt(ppm) * BigInt(overdueDays) + 500_000n) / 1_000_000n);
}

/** The fee for `days` days on `amountFen` by the tiers: Σ over days of amount × ppm(day) / 10⁶, rounded half up to the fen. */
export function loanFeeFen(amountFen: number, days: number, tiers: readonly { fromDay: number; ppm: number }[]): number {
  let ppmDays = 0n;
  for (let d = 1; d <= days; d++) {
    let ppm = 0;
    for (const t of tiers) if (t.fromDay <= d) ppm = t.ppm;
    ppmDays += BigInt(ppm);
  }
  return Number((BigInt(amountFen) * ppmDays + 500_000n) / 1_000_000n);
}
