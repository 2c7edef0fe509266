/** Typed links of the reports (src/shared/reports.ts, types only): the statistics workbook and the yearly work report. */
import type { StatisticsQuery, YearlyReportQuery } from '../../../shared/reports.ts';
import { withQuery, type Body } from '../../api.ts';

export type ReportScope = Body<typeof StatisticsQuery>;

export const reportsApi = {
  statisticsXlsxUrl: (q: ReportScope) => withQuery('/api/v1/reports/statistics.xlsx', q),
  yearlyPdfUrl: (q: Body<typeof YearlyReportQuery>) => withQuery('/api/v1/reports/yearly.pdf', q),
};
