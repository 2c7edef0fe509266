import { describe, expect, it } from 'vitest';
import { checkWeights, computeResults, robustMean, WeightsError, type ScoringScore } from './scoring.ts';

describe('robustMean', () => {
  it('plain mean below five values', () => {
    expect(robustMean([10, 9, 6, 3])).toEqual({ mean: 7, trimmed: false });
    expect(robustMean([])).toEqual({ mean: null, trimmed: false });
  });
  it('drops exactly one highest and one lowest from five or more, even with duplicates', () => {
    expect(robustMean([10, 8, 7, 6, 2])).toEqual({ mean: 7, trimmed: true });
    expect(robustMean([10, 10, 5, 5, 5, 1])).toEqual({ mean: 6.25, trimmed: true });
  });
});

describe('checkWeights', () => {
  it('refuses criteria weights that do not sum to 100', () => {
    expect(() => checkWeights([{ weight: 60 }, { weight: 30 }], { veteran: 100 })).toThrow(WeightsError);
    try { checkWeights([{ weight: 60 }, { weight: 30 }], { veteran: 100 }); } catch (e) {
      expect((e as WeightsError).field).toBe('criteria');
      expect((e as WeightsError).sum).toBe(90);
    }
  });
  it('refuses category weights that do not sum to 100', () => {
    expect(() => checkWeights([{ weight: 100 }], { veteran: 50, resident: 30, department: 30 })).toThrow(/110/);
    expect(() => computeResults({ criteria: [{ id: 'a', maxPoints: 10, weight: 100 }], categoryWeights: { veteran: 90 }, judges: [], entryIds: [], scores: [] }))
      .toThrow(WeightsError);
  });
});

/**
 * Hand-worked example 1 (see docs/cluster.md):
 * criteria A (max 10, weight 60%), B (max 20, weight 40%); categories veteran 50%, resident 30%, department 20%.
 * Judges: V1..V5 veteran (five: trimmed), R1 R2 resident (two: plain mean), D1 department.
 * D1 is recused from X (X's department category is empty → categories renormalised over 80%).
 * V5 is recused from Y (Y's veteran scores are four → NOT trimmed).
 *
 * X/A: V 10 8 7 6 2 → drop 10,2 → 7;  R 9 7 → 8;          s = (50·7 + 30·8)/80   = 7.375
 * X/B: V 20 16 14 12 4 → 14;          R 18 14 → 16;        s = (50·14 + 30·16)/80 = 14.75
 * X total = 60·7.375/10 + 40·14.75/20 = 44.25 + 29.5 = 73.75
 * Y/A: V 10 9 6 3 → 7 (trimmed would be 7.5); R 6 6 → 6; D 10;  s = (350 + 180 + 200)/100 = 7.3
 * Y/B: V 20 18 12 6 → 14 (trimmed 15);  R 12 12 → 12; D 20;      s = (700 + 360 + 400)/100 = 14.6
 * Y total = 60·0.73 + 40·0.73 = 73.0
 */
describe('computeResults — hand-worked example 1 (trimming, fewer than five, recusals)', () => {
  const judges = [
    ...['V1', 'V2', 'V3', 'V4', 'V5'].map((id) => ({ id, category: 'veteran' })),
    { id: 'R1', category: 'resident' }, { id: 'R2', category: 'resident' },
    { id: 'D1', category: 'department' },
  ];
  const s = (judgeId: string, entryId: string, a: number, b: number): ScoringScore[] => [
    { judgeId, entryId, criterionId: 'A', points: a }, { judgeId, entryId, criterionId: 'B', points: b },
  ];
  const scores = [
    ...s('V1', 'X', 10, 20), ...s('V2', 'X', 8, 16), ...s('V3', 'X', 7, 14), ...s('V4', 'X', 6, 12), ...s('V5', 'X', 2, 4),
    ...s('R1', 'X', 9, 18), ...s('R2', 'X', 7, 14),
    ...s('V1', 'Y', 10, 20), ...s('V2', 'Y', 9, 18), ...s('V3', 'Y', 6, 12), ...s('V4', 'Y', 3, 6),
    ...s('R1', 'Y', 6, 12), ...s('R2', 'Y', 6, 12), ...s('D1', 'Y', 10, 20),
  ];
  const results = computeResults({
    criteria: [{ id: 'A', maxPoints: 10, weight: 60 }, { id: 'B', maxPoints: 20, weight: 40 }],
    categoryWeights: { veteran: 50, resident: 30, department: 20 },
    judges, entryIds: ['Y', 'X'], scores,
  });

  it('totals and ranks', () => {
    expect(results.map((r) => [r.entryId, r.rank, r.total])).toEqual([['X', 1, 73.75], ['Y', 2, 73]]);
  });
  it('shows the per-criterion, per-category means, with trimming only where five scores were counted', () => {
    const x = results.find((r) => r.entryId === 'X')!;
    const xa = x.criteria.find((c) => c.criterionId === 'A')!;
    expect(xa.categoryMeans).toEqual({ veteran: 7, resident: 8, department: null });
    expect(xa.trimmed).toEqual({ veteran: true, resident: false, department: false });
    expect(xa.counted).toEqual({ veteran: 3, resident: 2, department: 0 });
    expect(xa.score).toBeCloseTo(7.375, 10);
    const y = results.find((r) => r.entryId === 'Y')!;
    const yb = y.criteria.find((c) => c.criterionId === 'B')!;
    expect(yb.categoryMeans).toEqual({ veteran: 14, resident: 12, department: 20 });
    expect(yb.trimmed.veteran).toBe(false);
    expect(yb.score).toBeCloseTo(14.6, 10);
    expect(x.judgesCounted).toBe(7);
    expect(y.judgesCounted).toBe(7);
  });
  it('an entry nobody scored gets no total and ranks last', () => {
    const r = computeResults({
      criteria: [{ id: 'A', maxPoints: 10, weight: 100 }], categoryWeights: { veteran: 100 },
      judges: [{ id: 'V1', category: 'veteran' }], entryIds: ['N', 'M'],
      scores: [{ judgeId: 'V1', entryId: 'M', criterionId: 'A', points: 5 }],
    });
    expect(r.map((x) => [x.entryId, x.rank, x.total])).toEqual([['M', 1, 50], ['N', 2, null]]);
  });
});

/**
 * Hand-worked example 2 (ties): one criterion (max 10, 100%), veteran 100%, judges J1..J4.
 *        J1  J2  J3  J4   mean  total
 *   P     9   9   6   6   7.5   75    first places: J1, J2                  → 2
 *   Q     8   7   8   7   7.5   75    J3 (tied with S)                      → 1, spread σ(80,70,80,70) = 5
 *   R   7.5 7.5 7.5 7.5   7.5   75    J4                                    → 1, spread 0
 *   S     8   7   8   7   7.5   75    J3 (tied with Q)                      → 1, spread 5
 * Ranking: P (most first places), R (same first places as Q and S, lower spread), then Q and S share rank 3.
 */
describe('computeResults — hand-worked example 2 (ties)', () => {
  const pts: Record<string, number[]> = { P: [9, 9, 6, 6], Q: [8, 7, 8, 7], R: [7.5, 7.5, 7.5, 7.5], S: [8, 7, 8, 7] };
  const scores: ScoringScore[] = [];
  for (const [e, row] of Object.entries(pts)) row.forEach((p, j) => scores.push({ judgeId: `J${j + 1}`, entryId: e, criterionId: 'A', points: p }));
  const results = computeResults({
    criteria: [{ id: 'A', maxPoints: 10, weight: 100 }],
    categoryWeights: { veteran: 100, resident: 0, department: 0 },
    judges: [1, 2, 3, 4].map((i) => ({ id: `J${i}`, category: 'veteran' })),
    entryIds: ['Q', 'S', 'R', 'P'], scores,
  });
  it('breaks ties by first places, then lower spread, and shares a rank when still tied', () => {
    expect(results.map((r) => [r.entryId, r.rank, r.total, r.firstPlaces, r.spread])).toEqual([
      ['P', 1, 75, 2, 15], ['R', 2, 75, 1, 0], ['Q', 3, 75, 1, 5], ['S', 3, 75, 1, 5],
    ]);
  });
});
