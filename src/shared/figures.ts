/** The figures catalogue's contract (platform/figures, docs/figures.md): server and web share it. */
import { z } from 'zod';
import { PageQuery, pageOf } from './api.ts';

export const FIGURE_SCOPE_KINDS = ['region', 'org', 'alliance', 'unit'] as const;
export const FIGURE_UNITS = ['count', 'people', 'fen', 'hours', 'percent', 'times'] as const;

/**
 * A period: `all`; a year `2026`; a quarter `2026Q1`; a month `2026-03`; a custom range `2026-01-01..2026-06-30`
 * (both days included). Every period is turned into [from, to) days by the server.
 */
export const PERIOD_PATTERN = /^(all|\d{4}|\d{4}Q[1-4]|\d{4}-(0[1-9]|1[0-2])|\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2})$/;
export const Period = z.string().max(22).regex(PERIOD_PATTERN);

/** Which level and period: every figure route takes these. `scopeId` is required unless the scope is the region. */
export const FigureScopeQuery = z.object({
  regionId: z.uuid(),
  scopeKind: z.enum(FIGURE_SCOPE_KINDS).default('region'),
  scopeId: z.uuid().optional(),
  period: Period.default('all'),
});
export type FigureScopeQuery = z.infer<typeof FigureScopeQuery>;

/** a catalogue key ('cobuild.placements'); one not in the catalogue answers 404 */
export const FigureKeyParams = z.object({ key: z.string().min(1).max(80) });

const KEY_LIST_MAX = 100;
export const FigureValuesQuery = FigureScopeQuery.extend({
  /** comma-separated figure keys; absent: every figure the caller may read on that scope */
  keys: z.string().max(KEY_LIST_MAX * 81).optional(),
  /** also compute the previous period and the same period a year earlier */
  compare: z.enum(['0', '1']).default('1'),
});

export const FigureColumnInfo = z.object({ key: z.string(), label: z.string(), kind: z.enum(['text', 'date', 'datetime', 'number', 'fen', 'hours']) });
export const FigureInfo = z.object({
  key: z.string(),
  capability: z.string(),
  label: z.string(),
  definition: z.string(),
  unit: z.enum(FIGURE_UNITS),
  aggregate: z.enum(['count', 'sum', 'ratio']),
  stock: z.boolean(),
  columns: z.array(FigureColumnInfo),
  /** columns of the records a breakdown can group by */
  dimensions: z.array(FigureColumnInfo),
  link: z.string().nullable(),
});
export type FigureInfo = z.infer<typeof FigureInfo>;

export const FigureScopeInfo = z.object({ regionId: z.uuid(), kind: z.enum(FIGURE_SCOPE_KINDS), id: z.uuid(), name: z.string() });
/** [from, to) as days; null for `all` */
export const FigurePeriodInfo = z.object({ key: z.string(), from: z.string().nullable(), to: z.string().nullable() });

export const FigureValue = z.object({
  key: z.string(),
  value: z.number(),
  /** the period before, of the same length (null for `all`) */
  previous: z.number().nullable(),
  /** the same period a year earlier (null for `all`) */
  lastYear: z.number().nullable(),
});
export const FigureValues = z.object({
  scope: FigureScopeInfo,
  period: FigurePeriodInfo,
  /** when the figures were computed (server clock, ISO) */
  computedAt: z.string(),
  figures: z.array(FigureValue),
});
export type FigureValues = z.infer<typeof FigureValues>;

export const FigureRecordsQuery = FigureScopeQuery.extend(PageQuery.shape);
export const FigureRecord = z.object({
  id: z.string(),
  /** the row's value (1 for a count) */
  value: z.number(),
  link: z.string().nullable(),
  cells: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
});
export const FigureRecords = pageOf(FigureRecord).extend({ figure: FigureValue.pick({ key: true, value: true }) });

export const FigureRankingItem = z.object({ id: z.uuid(), kind: z.enum(['org', 'unit']), name: z.string(), value: z.number() });
/** the sub-orgs of the level (children of an org; the region's top orgs; an alliance's member orgs) by the figure */
export const FigureRanking = z.object({ items: z.array(FigureRankingItem) });

export const FigureTrendQuery = FigureScopeQuery.extend({ bucket: z.enum(['month', 'quarter', 'year']).default('month') });
export const FigureTrend = z.object({ points: z.array(z.object({ period: z.string(), value: z.number() })) });

export const FigureBreakdownQuery = FigureScopeQuery.extend({ by: z.string().min(1).max(40) });
export const FigureBreakdown = z.object({ by: z.string(), items: z.array(z.object({ group: z.string().nullable(), label: z.string().nullable(), value: z.number() })) });
