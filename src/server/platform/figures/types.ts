import { sql, type SQL } from 'drizzle-orm';
import { todayShanghai } from '../../../shared/dates.ts';
import type { Permission } from '../../../shared/roles.ts';
import type { Locale } from '../messages.ts';

type Label = Record<Locale, string>;

/**
 * One figure of the catalogue (docs/figures.md). A figure is an aggregate over `rows`, a SQL select of exactly the
 * records it counts; the records list of the figure is the same select, so the count on the list and the figure
 * always agree. Never a stored or typed number.
 *
 * `rows` must yield these columns (the engine filters and aggregates on them; use `null::uuid` where one does not apply):
 *   region_id uuid, org_id uuid|null, unit_id uuid|null, alliance_id uuid|null  — where the record hangs (scope)
 *   at date|null                                                                — the day it happened (period), in Asia/Shanghai:
 *                                                                                 a timestamp column as `(x at time zone 'Asia/Shanghai')::date`
 *   value numeric                                                               — 1 for a count; the amount for a sum; 0/1 for a ratio
 *   id text                                                                     — the record's id (links, stable order)
 * plus the display columns named in `columns` (no personal data a reader of `permission` may not see: no phones,
 * no ID numbers; names only where `permission` already shows them).
 */
export interface FigureDef {
  /** '<capability>.<name>', e.g. 'cluster.plaques' */
  key: string;
  label: Label;
  /** what it counts, in words (shown beside the number) */
  definition: Label;
  unit: 'count' | 'people' | 'fen' | 'hours' | 'percent' | 'times';
  /** what the caller needs on the scope to read the figure and its records */
  permission: Permission;
  /** count: number of rows; sum: sum of value; ratio: 100 × avg(value) over the rows (value 0/1) */
  aggregate: 'count' | 'sum' | 'ratio';
  /** the select of the records; a function when it depends on the clock (`clocked`: the app's now, never the database's) */
  rows: SQL | ((clock: FigureClock) => SQL);
  columns: readonly FigureColumn[];
  /** columns of `rows` a breakdown may group by (members by gender, age band…); each must be one of `rows`' columns */
  dimensions?: readonly FigureColumn[];
  /** a stock (members on the roster): the period means "as of its end" (at < end or at null) rather than "at in [start, end)" */
  stock?: boolean;
  /** where a record opens in the web app, ':id' replaced by the row's id (e.g. '/cluster/projects/:id') */
  link?: string;
  /**
   * A figure over a big table (check-ins, hour entries: millions of rows) may keep a per-day summary (summary.ts,
   * docs/scaling.md "Figures at scale"): `rows` grouped by (org_id, unit_id, alliance_id, at), derived from `rows`
   * only. Its values, comparisons, trend and ranking read the summary; its records and breakdowns read `rows`.
   * `sources` are the tables `rows` reads: each carries a trigger (a hand-written migration) that marks the days a
   * write touches, and the engine recomputes the marked days from `rows` before it reads, so the summary is never
   * behind a committed write. summary.test.ts checks the triggers are there and that summary = live aggregate.
   */
  summary?: { sources: readonly string[] };
}

export interface FigureColumn {
  /** the column's name in `rows` */
  key: string;
  label: Label;
  kind?: 'text' | 'date' | 'datetime' | 'number' | 'fen' | 'hours';
  /** labels of the codes the column holds (a status, a category): records and breakdowns show the label */
  values?: Readonly<Record<string, Label>>;
}

export const defineFigures = (defs: FigureDef[]): FigureDef[] => defs;

/** The app's clock as SQL: `now` a timestamptz, `today` the Asia/Shanghai date (the demo clock and tests' fixed clocks included). */
export interface FigureClock { now: SQL; today: SQL }
export const figureClock = (nowMs: number): FigureClock => ({
  now: sql`${new Date(nowMs).toISOString()}::timestamptz`, today: sql`${todayShanghai(nowMs)}::date`,
});
/**
 * Raw SQL text of a figure's rows in which `{now}` and `{today}` stand for the app's clock: `now()` and
 * `current_date` are the database's (UTC, and not the demo's or a test's clock), so a figure never uses them.
 */
export const clocked = (text: string) => (c: FigureClock): SQL =>
  sql.join(text.split(/(\{now\}|\{today\})/).map((part) => (part === '{now}' ? c.now : part === '{today}' ? c.today : sql.raw(part))));
/** A figure's rows select at the given clock. */
export const rowsAt = (def: Pick<FigureDef, 'rows'>, clock: FigureClock): SQL => (typeof def.rows === 'function' ? def.rows(clock) : def.rows);

/** A label or definition in both languages: `L('党员', 'Members')`. */
export const L = (zh: string, en: string): Label => ({ 'zh-CN': zh, 'en-US': en });

/** A records column: its key in `rows`, its label, and optionally its kind and the labels of the codes it holds. */
export const col = (key: string, zh: string, en: string, kind?: FigureColumn['kind'], values?: Record<string, Label>): FigureColumn =>
  ({ key, label: L(zh, en), ...(kind ? { kind } : {}), ...(values ? { values } : {}) });
