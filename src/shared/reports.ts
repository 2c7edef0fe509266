/** The reports' contract (docs/reports.md): which level and which period a statistics workbook or a yearly report covers. */
import { z } from 'zod';
import { FigureScopeQuery } from './figures.ts';

/** A statistics workbook covers a year (2026) or a quarter (2026Q3): the periods the party's statistics report upward. */
export const STATISTICS_PERIOD = /^\d{4}(Q[1-4])?$/;
export const StatisticsQuery = FigureScopeQuery.extend({ period: z.string().max(6).regex(STATISTICS_PERIOD) });
export type StatisticsQuery = z.infer<typeof StatisticsQuery>;

/** A yearly work report covers one calendar year. */
export const YearlyReportQuery = FigureScopeQuery.extend({ period: z.string().length(4).regex(/^\d{4}$/) });
export type YearlyReportQuery = z.infer<typeof YearlyReportQuery>;
