/**
 * Party dues (党费): the official table of monthly amounts (中共中央组织部《关于中国共产党党费收缴、使用和管理的规定》).
 * The base is the member's monthly income after tax, in fen; the answer is the monthly amount in fen, rounded half up.
 *   employed (在岗职工):         ≤ ¥3,000 → 0.5%; ≤ ¥5,000 → 1%; ≤ ¥10,000 → 1.5%; above → 2%
 *   retired (离退休):            ≤ ¥5,000 → 0.5%; above → 1%
 *   student, unemployed, allowance (学生、下岗失业、领取最低生活保障金): ¥0.20 a month, whatever the base
 * An amount outside the table needs an approved reduction or exemption (branch decision + higher committee
 * approval, recorded): `duesProblem` says what is missing (not yet used by a route: reductions are not built, docs/money.md).
 */
export const DUES_CATEGORIES = ['employed', 'retired', 'student', 'unemployed', 'allowance'] as const;
export type DuesCategory = (typeof DUES_CATEGORIES)[number];

/** ¥0.20 in fen: the flat monthly amount of students, unemployed members and members on basic living allowances. */
export const FLAT_DUES_FEN = 20;

/** The rate in per mille for a base (fen) of a category; null for the flat categories. */
export function duesPermille(category: DuesCategory, baseFen: number): number | null {
  switch (category) {
    case 'employed': return baseFen <= 300_000 ? 5 : baseFen <= 500_000 ? 10 : baseFen <= 1_000_000 ? 15 : 20;
    case 'retired': return baseFen <= 500_000 ? 5 : 10;
    default: return null;
  }
}

/** The monthly amount (fen) the table gives; the base must be a whole, non-negative number of fen. */
export function monthlyDuesFen(category: DuesCategory, baseFen: number): number {
  if (!Number.isSafeInteger(baseFen) || baseFen < 0) throw new RangeError('the base is a whole, non-negative number of fen');
  const p = duesPermille(category, baseFen);
  return p === null ? FLAT_DUES_FEN : Math.floor((baseFen * p + 500) / 1000);
}

export interface DuesReduction { branchDecision: string; committeeApproval: string }

/**
 * Why a monthly amount cannot be recorded (null when it can): an amount other than the table's needs a reduction
 * or exemption with both the branch's decision and the higher committee's approval; an amount is never negative
 * nor above the table's (a voluntary extra is a separate payment, not a higher base amount).
 */
export function duesProblem(category: DuesCategory, baseFen: number, monthlyFen: number, reduction?: DuesReduction | null):
  'DUES_OUTSIDE_TABLE' | 'DUES_ABOVE_TABLE' | 'DUES_AMOUNT_INVALID' | null {
  if (!Number.isSafeInteger(monthlyFen) || monthlyFen < 0) return 'DUES_AMOUNT_INVALID';
  const table = monthlyDuesFen(category, baseFen);
  if (monthlyFen === table) return null;
  if (monthlyFen > table) return 'DUES_ABOVE_TABLE';
  return reduction && reduction.branchDecision.trim() && reduction.committeeApproval.trim() ? null : 'DUES_OUTSIDE_TABLE';
}
