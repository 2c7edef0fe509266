import { addDays, addYears } from '../../../shared/dates.ts';
import { PERIOD_PATTERN } from '../../../shared/figures.ts';
import { fieldError, invalid } from '../errors.ts';

/** A period as days [from, to); both null for `all`. */
export interface FigurePeriod { key: string; from: string | null; to: string | null }

const pad = (n: number) => String(n).padStart(2, '0');
const monthStart = (y: number, m: number) => `${y + Math.floor((m - 1) / 12)}-${pad(((m - 1) % 12 + 12) % 12 + 1)}-01`;
const realDay = (d: string) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d;

/** `all` | `2026` | `2026Q1` | `2026-03` | `2026-01-01..2026-06-30` (both days included) → [from, to). */
export function parsePeriod(key: string): FigurePeriod {
  if (!PERIOD_PATTERN.test(key)) throw invalid([fieldError('period', 'FIGURE_PERIOD')]);
  if (key === 'all') return { key, from: null, to: null };
  if (/^\d{4}$/.test(key)) return { key, from: `${key}-01-01`, to: `${Number(key) + 1}-01-01` };
  const q = /^(\d{4})Q([1-4])$/.exec(key);
  if (q) { const y = Number(q[1]); const n = Number(q[2]); return { key, from: monthStart(y, 3 * n - 2), to: monthStart(y, 3 * n + 1) }; }
  const m = /^(\d{4})-(\d{2})$/.exec(key);
  if (m) { const y = Number(m[1]); const n = Number(m[2]); return { key, from: monthStart(y, n), to: monthStart(y, n + 1) }; }
  const [a, b] = key.split('..') as [string, string];
  if (!realDay(a) || !realDay(b) || a > b) throw invalid([fieldError('period', 'FIGURE_PERIOD')]);
  return { key, from: a, to: addDays(b, 1) };
}

const days = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
const monthsBetween = (a: string, b: string) => (Number(b.slice(0, 4)) - Number(a.slice(0, 4))) * 12 + Number(b.slice(5, 7)) - Number(a.slice(5, 7));

/** The period just before, of the same length (a year, quarter or month the one before; a range the same number of days); null for `all`. */
export function previousPeriod(p: FigurePeriod): FigurePeriod | null {
  if (!p.from || !p.to) return null;
  const wholeMonths = p.from.endsWith('-01') && p.to.endsWith('-01');
  if (wholeMonths) {
    const n = monthsBetween(p.from, p.to);
    const y = Number(p.from.slice(0, 4)); const m = Number(p.from.slice(5, 7));
    return { key: `${monthStart(y, m - n)}..${addDays(p.from, -1)}`, from: monthStart(y, m - n), to: p.from };
  }
  const from = addDays(p.from, -days(p.from, p.to));
  return { key: `${from}..${addDays(p.from, -1)}`, from, to: p.from };
}

/** The same period a year earlier; null for `all`. */
export function lastYearPeriod(p: FigurePeriod): FigurePeriod | null {
  if (!p.from || !p.to) return null;
  const from = addYears(p.from, -1); const to = addYears(p.to, -1);
  return { key: `${from}..${addDays(to, -1)}`, from, to };
}
