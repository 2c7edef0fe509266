import { describe, expect, it } from 'vitest';
import { duesProblem, monthlyDuesFen } from './dues.ts';

describe('the official dues table', () => {
  it.each([
    ['employed', 0, 0], ['employed', 300_000, 1_500], ['employed', 300_001, 3_000], ['employed', 500_000, 5_000],
    ['employed', 500_001, 7_500], ['employed', 1_000_000, 15_000], ['employed', 1_000_001, 20_000], ['employed', 1_234_567, 24_691],
    ['retired', 500_000, 2_500], ['retired', 500_001, 5_000], ['retired', 800_000, 8_000],
    ['student', 0, 20], ['unemployed', 900_000, 20], ['allowance', 100_000, 20],
    ['employed', 299_999, 1_500], ['employed', 100, 1], ['employed', 99, 0],
  ] as const)('%s, base %i fen → %i fen a month', (category, base, monthly) => {
    expect(monthlyDuesFen(category, base)).toBe(monthly);
  });

  it('refuses a negative or fractional base', () => {
    expect(() => monthlyDuesFen('employed', -1)).toThrow(RangeError);
    expect(() => monthlyDuesFen('employed', 1.5)).toThrow(RangeError);
  });

  it('an amount below the table needs the branch decision and the committee approval; above the table never', () => {
    expect(duesProblem('employed', 400_000, 4_000)).toBeNull();
    expect(duesProblem('employed', 400_000, 2_000)).toBe('DUES_OUTSIDE_TABLE');
    expect(duesProblem('employed', 400_000, 2_000, { branchDecision: '支委会决定 2026-01', committeeApproval: ' ' })).toBe('DUES_OUTSIDE_TABLE');
    expect(duesProblem('employed', 400_000, 0, { branchDecision: '支委会决定 2026-01', committeeApproval: '党委批复 2026-02' })).toBeNull();
    expect(duesProblem('employed', 400_000, 4_001, { branchDecision: 'x', committeeApproval: 'y' })).toBe('DUES_ABOVE_TABLE');
    expect(duesProblem('student', 0, -1)).toBe('DUES_AMOUNT_INVALID');
    expect(duesProblem('student', 0, 20.5)).toBe('DUES_AMOUNT_INVALID');
  });
});
