/** The big screen's period (src/shared/kiosk.ts `ScreenPeriod`) as the pages show and pick it. */
import type { TFunction } from '../../i18n.ts';

export type Grain = 'year' | 'quarter' | 'month';
export const GRAINS: Grain[] = ['year', 'quarter', 'month'];

/** A period key as words: `2026` → 2026 年, `2026Q4` → 2026 年第 4 季度, `2026-11` → 2026 年 11 月. */
export function periodText(t: TFunction, key: string): string {
  const q = /^(\d{4})Q([1-4])$/.exec(key);
  if (q) return t('bigscreen.periodQuarter', { y: q[1], q: q[2] });
  const m = /^(\d{4})-(\d{2})$/.exec(key);
  if (m) return t('bigscreen.periodMonth', { y: m[1], m: String(Number(m[2])) });
  return t('bigscreen.periodYear', { y: key });
}

/** A period as asked: the rolling `year` / `quarter` / `month`, or a fixed key. */
export function specText(t: TFunction, spec: string): string {
  return (GRAINS as string[]).includes(spec) ? t(`bigscreen.current.${spec as Grain}`) : periodText(t, spec);
}

/** The grain of a spec (`2026Q3` → quarter). */
export const grainOf = (spec: string): Grain => ((GRAINS as string[]).includes(spec) ? spec as Grain : spec.includes('Q') ? 'quarter' : spec.includes('-') ? 'month' : 'year');

/** The fixed periods of a grain to pick from, newest first, up to `today`: 5 years, 8 quarters or 12 months. */
export function recentPeriods(grain: Grain, today: string): string[] {
  const y = Number(today.slice(0, 4)); const m = Number(today.slice(5, 7));
  if (grain === 'year') return Array.from({ length: 5 }, (_, i) => String(y - i));
  if (grain === 'quarter') {
    const q0 = y * 4 + Math.floor((m - 1) / 3);
    return Array.from({ length: 8 }, (_, i) => `${Math.floor((q0 - i) / 4)}Q${((q0 - i) % 4) + 1}`);
  }
  const m0 = y * 12 + m - 1;
  return Array.from({ length: 12 }, (_, i) => `${Math.floor((m0 - i) / 12)}-${String(((m0 - i) % 12) + 1).padStart(2, '0')}`);
}
