/** One figure a benchmark module reports; `goal` is free text ("≥ 0.5"), `pass` whether it was met. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  goal?: string;
  pass?: boolean;
}

/** What a `bench/*.bench.ts` module exports; `bench/run.ts` discovers and runs it. */
export type BenchModule = { run(): Promise<BenchResult[]> };

export function formatValue(value: number, unit: string): string {
  if (!Number.isFinite(value)) return `${value}`;
  const abs = Math.abs(value);
  const digits = abs >= 1000 ? 0 : abs >= 100 ? 1 : abs >= 1 ? 2 : 3;
  return `${value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })}${unit ? ` ${unit}` : ''}`;
}

/** A plain-text table: module, figure, value, goal, PASS/FAIL. */
export function formatTable(rows: { module: string; result: BenchResult }[]): string {
  const header = ['module', 'figure', 'value', 'goal', 'result'];
  const body = rows.map(({ module, result: r }) => [
    module, r.name, formatValue(r.value, r.unit), r.goal ?? '', r.pass === undefined ? '' : r.pass ? 'PASS' : 'FAIL',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 2 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/** The p-th percentile (0..100) of a list of numbers, nearest-rank method. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
