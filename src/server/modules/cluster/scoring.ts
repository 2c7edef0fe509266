/**
 * The contest formula (项目赛花会), as a pure function. Documented in docs/cluster.md.
 *
 * For each entry e, criterion c and judge category k:
 *   S = the points the judges of category k gave e on c (recused judges and judges who have not scored
 *       are not counted);
 *   m(e,c,k) = mean(S) — after dropping the single highest and the single lowest value when |S| ≥ 5.
 * Category weights v_k (percent, sum 100) combine the category means of a criterion:
 *   s(e,c) = Σ_k v_k·m(e,c,k) / Σ_k v_k   over the categories k that have at least one score on (e,c)
 * Criterion weights w_c (percent, sum 100) combine the criteria, each normalised by its maximum:
 *   total(e) = Σ_c w_c · s(e,c) / max_c   over the criteria with a score, ×100/Σ w_c of those
 *   → a score out of 100 (when every criterion was scored, the denominator is 100).
 * Ranking: higher total first; ties broken by the number of first places (judges whose own weighted
 * total — Σ_c w_c·points/max_c — is highest for this entry among the entries they scored), then by the
 * lower spread (population standard deviation of those per-judge totals); entries still tied share a rank.
 */

export const JUDGE_CATEGORIES = ['veteran', 'resident', 'department'] as const;
export type JudgeCategory = (typeof JUDGE_CATEGORIES)[number];

export interface ScoringCriterion { id: string; maxPoints: number; weight: number }
export interface ScoringJudge { id: string; category: string }
export interface ScoringScore { judgeId: string; entryId: string; criterionId: string; points: number }
export interface ScoringInput {
  criteria: ScoringCriterion[];
  categoryWeights: Record<string, number>;
  judges: ScoringJudge[];
  entryIds: string[];
  scores: ScoringScore[];
}

export interface CriterionResult {
  criterionId: string;
  /** category → mean used (after trimming), null when the category has no score */
  categoryMeans: Record<string, number | null>;
  /** category → number of scores counted / dropped */
  counted: Record<string, number>;
  trimmed: Record<string, boolean>;
  /** combined over categories, in the criterion's points (0..max), null when nobody scored */
  score: number | null;
}

export interface EntryResult {
  entryId: string;
  rank: number;
  /** 0..100, rounded to 2 decimals for display; null when nobody scored the entry */
  total: number | null;
  firstPlaces: number;
  spread: number | null;
  judgesCounted: number;
  criteria: CriterionResult[];
}

export class WeightsError extends Error {
  constructor(public readonly field: 'criteria' | 'categoryWeights', public readonly sum: number) {
    super(`${field} weights sum to ${sum}, not 100`);
  }
}

const EPS = 1e-9;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const round2 = (x: number) => Math.round(x * 100) / 100;

export function weightsSum(ws: number[]): number { return round2(sum(ws)); }

/** Throws WeightsError when the criteria or the category weights do not add up to 100. */
export function checkWeights(criteria: { weight: number }[], categoryWeights: Record<string, number>): void {
  const c = weightsSum(criteria.map((x) => x.weight));
  if (Math.abs(c - 100) > EPS) throw new WeightsError('criteria', c);
  const k = weightsSum(Object.values(categoryWeights));
  if (Math.abs(k - 100) > EPS) throw new WeightsError('categoryWeights', k);
}

/** Mean after dropping the single highest and lowest value when there are at least five. */
export function robustMean(values: number[]): { mean: number | null; trimmed: boolean } {
  if (!values.length) return { mean: null, trimmed: false };
  if (values.length >= 5) {
    const s = [...values].sort((a, b) => a - b);
    const kept = s.slice(1, -1);
    return { mean: sum(kept) / kept.length, trimmed: true };
  }
  return { mean: sum(values) / values.length, trimmed: false };
}

function stdev(xs: number[]): number {
  const m = sum(xs) / xs.length;
  return Math.sqrt(sum(xs.map((x) => (x - m) ** 2)) / xs.length);
}

export function computeResults(input: ScoringInput): EntryResult[] {
  checkWeights(input.criteria, input.categoryWeights);
  const categories = Object.keys(input.categoryWeights);
  const K = categories.length;
  const C = input.criteria.length;
  const E = input.entryIds.length;
  const J = input.judges.length;
  const catIdx = new Map(categories.map((k, i) => [k, i]));
  const judgeIdx = new Map<string, number>();
  const judgeCat: number[] = [];
  input.judges.forEach((j) => {
    const k = catIdx.get(j.category);
    if (k === undefined) return;
    judgeIdx.set(j.id, judgeCat.length);
    judgeCat.push(k);
  });
  const critIdx = new Map(input.criteria.map((c, i) => [c.id, i]));
  const entryIdx = new Map(input.entryIds.map((e, i) => [e, i]));
  const factor = input.criteria.map((c) => c.weight / c.maxPoints);

  // cells[(e·C + c)·K + k] = the points given; judge totals jt[j·E + e] = Σ_c w_c·points/max_c (NaN: not scored)
  const cells: number[][] = Array.from({ length: E * C * K }, () => []);
  const jt = new Float64Array(J * E).fill(NaN);
  for (const s of input.scores) {
    const j = judgeIdx.get(s.judgeId);
    const c = critIdx.get(s.criterionId);
    const e = entryIdx.get(s.entryId);
    if (j === undefined || c === undefined || e === undefined) continue;
    cells[(e * C + c) * K + judgeCat[j]].push(s.points);
    const t = j * E + e;
    jt[t] = (Number.isNaN(jt[t]) ? 0 : jt[t]) + factor[c] * s.points;
  }

  // first places and per-entry judge totals
  const firsts = new Int32Array(E);
  const perEntryJudge: number[][] = Array.from({ length: E }, () => []);
  for (let j = 0; j < judgeCat.length; j++) {
    let best = -Infinity;
    for (let e = 0; e < E; e++) { const v = jt[j * E + e]; if (!Number.isNaN(v) && v > best) best = v; }
    if (best === -Infinity) continue;
    for (let e = 0; e < E; e++) {
      const v = jt[j * E + e];
      if (Number.isNaN(v)) continue;
      if (Math.abs(v - best) < EPS) firsts[e]++;
      perEntryJudge[e].push(v);
    }
  }

  const results: EntryResult[] = input.entryIds.map((entryId, e) => {
    const criteria: CriterionResult[] = [];
    let weighted = 0;
    let weightUsed = 0;
    input.criteria.forEach((c, ci) => {
      const categoryMeans: Record<string, number | null> = {};
      const counted: Record<string, number> = {};
      const trimmed: Record<string, boolean> = {};
      let num = 0;
      let den = 0;
      categories.forEach((k, ki) => {
        const values = cells[(e * C + ci) * K + ki];
        const r = robustMean(values);
        categoryMeans[k] = r.mean;
        counted[k] = r.trimmed ? values.length - 2 : values.length;
        trimmed[k] = r.trimmed;
        if (r.mean !== null && input.categoryWeights[k] > 0) {
          num += input.categoryWeights[k] * r.mean;
          den += input.categoryWeights[k];
        }
      });
      const score = den > 0 ? num / den : null;
      if (score !== null) { weighted += (c.weight * score) / c.maxPoints; weightUsed += c.weight; }
      criteria.push({ criterionId: c.id, categoryMeans, counted, trimmed, score });
    });
    const total = weightUsed > 0 ? (weighted * 100) / weightUsed : null;
    const list = perEntryJudge[e];
    return {
      entryId, rank: 0, total, firstPlaces: firsts[e],
      spread: list.length ? stdev(list) : null, judgesCounted: list.length, criteria,
    };
  });

  const cmp = (a: EntryResult, b: EntryResult): number => {
    if (a.total === null || b.total === null) return a.total === null ? (b.total === null ? 0 : 1) : -1;
    if (Math.abs(a.total - b.total) > EPS) return b.total - a.total;
    if (a.firstPlaces !== b.firstPlaces) return b.firstPlaces - a.firstPlaces;
    const sa = a.spread ?? 0;
    const sb = b.spread ?? 0;
    if (Math.abs(sa - sb) > EPS) return sa - sb;
    return 0;
  };
  const order = results.map((r, i) => ({ r, i })).sort((x, y) => cmp(x.r, y.r) || x.i - y.i);
  order.forEach(({ r }, pos) => {
    const prev = pos > 0 ? order[pos - 1].r : null;
    r.rank = prev && cmp(prev, r) === 0 ? prev.rank : pos + 1;
  });
  return order.map(({ r }) => ({
    ...r,
    total: r.total === null ? null : round2(r.total),
    spread: r.spread === null ? null : round2(r.spread),
  }));
}
