/** The quarterly / yearly statistics workbook of a level (docs/reports.md): the party's statistics tables and every figure. */
import type { StatisticsQuery } from '../../../shared/reports.ts';
import { todayShanghai } from '../../../shared/dates.ts';
import { audit, type Actor } from '../audit.ts';
import type { Ctx } from '../context.ts';
import { workbookBuffer, type Cell, type SheetSpec } from '../xlsx.ts';
import { allValues, LEVEL_KIND_LABELS, periodLabel, reportScope, SECTIONS, sectionTables, shown, UNIT_LABELS, type ReportScope } from './data.ts';

export const TABLE_HEADER = ['指标', '分组', '数值', '占比（%）'];
export const FIGURES_HEADER = ['编号', '指标', '单位', '本期', '上期', '去年同期', '口径'];
export const FIGURES_SHEET = '各项指标';

const heading = (s: ReportScope, title: string, today: string): Cell[][] => [
  [`${s.level.name} ${periodLabel(s.period.key)} ${title}`],
  [`统计范围：${LEVEL_KIND_LABELS[s.level.kind]} ${s.level.name}  统计期间：${s.period.from} 至 ${s.period.to ? addDay(s.period.to) : ''}  制表日期：${today}`],
  [],
];
/** the period's last day ([from, to) → to − 1 day) */
function addDay(to: string): string {
  const d = new Date(`${to}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** The workbook: one sheet per statistics table the caller may read, then every figure with its comparisons. */
export async function statisticsWorkbook(ctx: Ctx, s: ReportScope): Promise<Buffer> {
  const today = todayShanghai(ctx.now());
  const sheets: SheetSpec[] = [];
  for (const section of SECTIONS) {
    const tables = await sectionTables(ctx, s, section);
    if (!tables.length) continue;
    const rows: Cell[][] = [...heading(s, section.sheet, today)];
    for (const t of tables) {
      rows.push([`${t.title}（${t.unit}）`], TABLE_HEADER);
      for (const r of t.rows) rows.push([r.item, r.group, r.value, r.share]);
      rows.push([]);
    }
    sheets.push({ name: section.sheet, rows, boldHeader: true });
  }
  const values = await allValues(ctx, s);
  sheets.push({
    name: FIGURES_SHEET, boldHeader: true,
    rows: [...heading(s, FIGURES_SHEET, today), FIGURES_HEADER,
      ...values.map(({ def, v }) => [def.key, def.label['zh-CN'], UNIT_LABELS[def.unit], shown(def, v.value), shown(def, v.previous), shown(def, v.lastYear), def.definition['zh-CN']])],
  });
  return workbookBuffer(sheets);
}

/** GET /api/v1/reports/statistics.xlsx: scope-checked (404 as for a made-up level), audited. */
export async function statisticsXlsx(ctx: Ctx, actor: Actor, q: StatisticsQuery): Promise<{ buffer: Buffer; filename: string }> {
  const s = await reportScope(ctx, actor.principal!, q);
  const buffer = await statisticsWorkbook(ctx, s);
  await audit(ctx.db, actor, { regionId: s.level.regionId, action: 'reports.export', entityType: s.level.kind, entityId: s.level.id, after: { report: 'statistics', ...q } });
  return { buffer, filename: `${s.level.name}${periodLabel(s.period.key)}党内统计.xlsx` };
}
