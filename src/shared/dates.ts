import { z } from 'zod';

/** Dates of record are 'YYYY-MM-DD' strings; "today" is the date in Asia/Shanghai. */

const fmt = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

export function todayShanghai(nowMs: number = Date.now()): string {
  return fmt.format(new Date(nowMs));
}

/** An instant as Asia/Shanghai wall time to the minute, `2026-11-25 19:00` (UTC+8 all year, no DST). */
export function shanghaiMinute(instant: string | Date): string {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** Adds whole years; 29 Feb becomes 28 Feb in a common year. */
export function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const ny = y + years;
  const leap = (ny % 4 === 0 && ny % 100 !== 0) || ny % 400 === 0;
  const day = m === 2 && d === 29 && !leap ? 28 : d;
  return `${String(ny).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function addDays(date: string, days: number): string {
  const t = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** Whole years from `from` to `to` (age, party age). */
export function yearsBetween(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number);
  const [ty, tm, td] = to.split('-').map(Number);
  let n = ty - fy;
  if (tm < fm || (tm === fm && td < fd)) n--;
  return n;
}

/**
 * The range every date and timestamp the API accepts must fall in. PostgreSQL holds far more (and fails on year 0 or
 * a year past 9999 after arithmetic); no record of this platform is outside it.
 */
export const DATE_MIN = '1900-01-01';
export const DATE_MAX = '2200-12-31';
const TIME_MIN = Date.parse(`${DATE_MIN}T00:00:00Z`);
const TIME_MAX = Date.parse(`${DATE_MAX}T23:59:59.999Z`);
const range = { message: 'field.date_range', params: { min: DATE_MIN, max: DATE_MAX } };

/** A date of record, 'YYYY-MM-DD', between DATE_MIN and DATE_MAX: the one schema for every date the API accepts. */
export const isoDate = z.iso.date().refine((s) => !/^\d{4}-/.test(s) || (s >= DATE_MIN && s <= DATE_MAX), range);

/** An ISO timestamp with offset, whose instant falls between DATE_MIN and DATE_MAX (UTC): the one schema for every timestamp. */
export const isoDateTime = z.iso.datetime({ offset: true }).refine((s) => {
  const t = Date.parse(s);
  return Number.isNaN(t) || (t >= TIME_MIN && t <= TIME_MAX);
}, range);
