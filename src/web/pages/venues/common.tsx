import { Tag } from 'antd';
import { formatDateTime } from '../../format.ts';
import type { TFunction } from '../../i18n.ts';
import type { BookingStatus } from './api.ts';

const COLORS: Record<BookingStatus, string> = {
  pending: 'gold', approved: 'green', rejected: 'red', cancelled: 'default', checked_in: 'blue', no_show: 'volcano', done: 'cyan',
};

export function StatusTag({ t, status }: { t: TFunction; status: BookingStatus }) {
  return <Tag color={COLORS[status]} data-testid={`booking-status-${status}`}>{t(`booking.status.${status}`)}</Tag>;
}

/** `2026-12-01 19:00–21:00` in Beijing time (the end's date when it differs). */
export function timeRange(startsAt: string, endsAt: string): string {
  const s = formatDateTime(startsAt);
  const e = formatDateTime(endsAt);
  return `${s.slice(0, 16)}–${e.slice(0, 10) === s.slice(0, 10) ? e.slice(11, 16) : e.slice(0, 16)}`;
}

/** Half-hour times of a day for the booking form, '06:00'..'24:00'. */
export const HALF_HOURS = Array.from({ length: 37 }, (_, i) => {
  const m = 360 + i * 30;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${m % 60 ? '30' : '00'}`;
});

/** A Beijing wall-clock reading ('YYYY-MM-DD', 'HH:MM') as an ISO instant with +08:00. */
export const beijing = (day: string, hhmm: string) => `${day}T${hhmm}:00+08:00`;

/** The Beijing date `n` days after a 'YYYY-MM-DD' date. */
export function plusDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** Monday of the week of a 'YYYY-MM-DD' date. */
export function mondayOf(day: string): string {
  const wd = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
  return plusDays(day, -wd);
}
