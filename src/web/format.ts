import dayjs, { type Dayjs } from 'dayjs';

/** Times are stored as timestamptz and always displayed in Asia/Shanghai. */
export const DISPLAY_TIME_ZONE = 'Asia/Shanghai';

const dateTimeFormat = new Intl.DateTimeFormat('zh-CN', {
  timeZone: DISPLAY_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** `2024-05-01 14:03:22` in Beijing time; the input is returned unchanged if it is not a date. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const parts: Record<string, string> = {};
  for (const part of dateTimeFormat.formatToParts(date)) parts[part.type] = part.value;
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/** Pretty JSON for display inside <pre> (rendered as text, never as HTML). */
export function formatJson(value: unknown): string {
  if (value === undefined) return '';
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}

// ---- Asia/Shanghai wall-clock times for the date pickers ------------------------------------------
// The pickers (dayjs) work in the browser's zone. Every time is entered and shown in Beijing time
// whatever that zone is: a stored instant is given to a picker as its Beijing wall-clock reading, and a
// picked reading is read back as Beijing time (UTC+8 all year: China has no daylight saving).
const SHANGHAI_OFFSET = '+08:00';

/** `2024-05-01T19:00:00` — the Beijing wall-clock reading of an instant. */
function shanghaiWall(value: string | number | Date): string {
  const text = formatDateTime(new Date(value).toISOString());
  return `${text.slice(0, 10)}T${text.slice(11)}`;
}

/** An instant (ISO text) as the value of a date-time picker showing Beijing time. */
export function toPicker(value: string | null | undefined): Dayjs | null {
  if (!value || Number.isNaN(Date.parse(value))) return null;
  return dayjs(shanghaiWall(value));
}

/** A date-time picker's value (a Beijing reading) as an ISO instant with the +08:00 offset. */
export function fromPicker(value: Dayjs | null | undefined): string | undefined {
  return value ? `${value.format('YYYY-MM-DDTHH:mm:ss')}${SHANGHAI_OFFSET}` : undefined;
}

// The server's clock, as an offset from the browser's: the browser's may be wrong (or a test's clock moved), and
// "today" / "this year" in Beijing are the server's (set from GET /api/v1/me by auth.tsx).
let clockOffsetMs = 0;
/** Follow the server's clock from now on (`now`: the ISO instant the server answered with). */
export function setServerClock(now: string | undefined, at = Date.now()): void {
  const t = now ? Date.parse(now) : NaN;
  if (!Number.isNaN(t)) clockOffsetMs = t - at;
}
/** Now by the server's clock, in ms. */
export const serverNow = (): number => Date.now() + clockOffsetMs;

/** Now, as a picker value (Beijing wall clock): the base for default times (`nowPicker().add(1, 'hour')`). */
export const nowPicker = (): Dayjs => dayjs(shanghaiWall(serverNow()));

/** A calendar date (`YYYY-MM-DD`) as a date picker's value, and back; dates carry no zone. */
export const toDay = (v: string | null | undefined): Dayjs | null => (v ? dayjs(v.slice(0, 10)) : null);
export const fromDay = (v: Dayjs | null | undefined): string | null => (v ? v.format('YYYY-MM-DD') : null);
/** Today in Beijing, `YYYY-MM-DD`. */
export const todayIso = (): string => shanghaiWall(serverNow()).slice(0, 10);
/** This year in Beijing. */
export const thisYear = (): number => Number(todayIso().slice(0, 4));
/** The Beijing calendar day an instant falls on, as a date picker value. */
export const dayOf = (value: string | null | undefined): Dayjs | null => (value ? dayjs(shanghaiWall(value).slice(0, 10)) : null);
