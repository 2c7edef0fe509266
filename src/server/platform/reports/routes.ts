import { StatisticsQuery, YearlyReportQuery } from '../../../shared/reports.ts';
import { actorOf, typed, type App, type Ctx } from '../context.ts';
import { sendXlsx } from '../xlsx.ts';
import { statisticsXlsx } from './statistics.ts';
import { sendYearlyReport } from './yearly-pdf.ts';

const tags = ['reports'];

/** The reports (docs/reports.md): a level's statistics as xlsx and its yearly work report as PDF, from the figures catalogue. */
export async function reportRoutes(app: App, { ctx }: { ctx: Ctx }): Promise<void> {
  const r = typed(app);
  r.get('/api/v1/reports/statistics.xlsx', {
    schema: { tags, summary: 'A level\'s quarterly or yearly statistics (党内统计 tables and every figure the caller may read) as xlsx; audited', querystring: StatisticsQuery },
  }, async (req, reply) => {
    const x = await statisticsXlsx(ctx, actorOf(req), req.query);
    return sendXlsx(reply, x.buffer, x.filename);
  });
  r.get('/api/v1/reports/yearly.pdf', {
    schema: { tags, summary: 'A level\'s yearly work report (年度党建工作报告) as PDF: figures, charts and the records behind them; audited', querystring: YearlyReportQuery },
  }, async (req, reply) => sendYearlyReport(ctx, actorOf(req), req.query, reply));
}
