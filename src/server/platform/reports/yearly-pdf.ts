/**
 * The yearly work report (年度党建工作报告) of a level as an A4 PDF (docs/reports.md): the year's figures with the year
 * before, the party's statistics as bar charts, the monthly trend of what happened, and the first records behind
 * each figure. Drawn with pdfkit's own primitives (rectangles and text) in the CJK faces of platform/cjk-pdf.ts.
 */
import type { FastifyReply } from 'fastify';
import type { YearlyReportQuery } from '../../../shared/reports.ts';
import { todayShanghai } from '../../../shared/dates.ts';
import { audit, type Actor } from '../audit.ts';
import { cjkPdf, findCjkFonts, UNSHAPED } from '../cjk-pdf.ts';
import type { Ctx } from '../context.ts';
import { AppError } from '../errors.ts';
import { computeRecords, computeTrend, type CatalogueFigure } from '../figures/engine.ts';
import { allValues, LEVEL_KIND_LABELS, reportScope, SECTIONS, sectionTables, shown, UNIT_LABELS, type ReportScope, type StatTable } from './data.ts';

const RED = '#c8161d';
const MARGIN = 50;
const WIDTH = 595.28 - 2 * MARGIN;
/** records listed under each figure (the rest are in the figure's records list and its xlsx) */
const LIST_ROWS = 12;

type Doc = PDFKit.PDFDocument;

const fmt = (n: number | null) => (n === null ? '—' : Number.isInteger(n) ? String(n) : n.toFixed(2));
const change = (v: number, base: number | null) => {
  if (base === null) return '—';
  const d = v - base;
  return d === 0 ? '持平' : `${d > 0 ? '增加' : '减少'} ${fmt(Math.abs(d))}`;
};

/** Room for `h` points below the cursor, else a new page. */
function room(doc: Doc, h: number) {
  if (doc.y + h > doc.page.height - MARGIN) doc.addPage();
}

function heading(doc: Doc, s: string) {
  room(doc, 60);
  doc.moveDown(0.8).font('title').fontSize(14).fillColor(RED).text(s, MARGIN).fillColor('#000000').moveDown(0.3);
}
function sub(doc: Doc, s: string) {
  room(doc, 40);
  doc.moveDown(0.4).font('title').fontSize(11).fillColor('#000000').text(s, MARGIN).moveDown(0.2);
}
const para = (doc: Doc, s: string) => doc.font('text').fontSize(10.5).fillColor('#000000').text(s, MARGIN, undefined, { lineGap: 3, width: WIDTH });

/** A horizontal bar chart: one bar per item, its value at the end; the bars share one scale. */
function barChart(doc: Doc, items: { label: string; value: number }[], unit: string) {
  const rowH = 16; const labelW = 110; const valueW = 60; const barMax = WIDTH - labelW - valueW - 10;
  const max = Math.max(1, ...items.map((i) => i.value));
  room(doc, Math.min(items.length, 20) * rowH + 10);
  for (const it of items) {
    room(doc, rowH);
    const y = doc.y;
    doc.font('text').fontSize(9).fillColor('#333333').text(it.label, MARGIN, y + 2, { width: labelW - 6, align: 'right', lineBreak: false, features: UNSHAPED });
    const w = it.value > 0 ? Math.max(1.5, (barMax * it.value) / max) : 0;
    if (w) doc.rect(MARGIN + labelW, y + 2, w, rowH - 5).fill(RED);
    doc.fillColor('#000000').text(`${fmt(it.value)}${unit}`, MARGIN + labelW + w + 4, y + 2, { width: valueW + barMax - w, lineBreak: false, features: UNSHAPED });
    doc.x = MARGIN;
    doc.y = y + rowH;
  }
  doc.moveDown(0.4);
}

/** A table with a header row; columns share the width by `weights`. */
function table(doc: Doc, header: string[], rows: (string | number | null)[][], weights?: number[]) {
  const w = weights ?? header.map(() => 1);
  const sum = w.reduce((a, b) => a + b, 0);
  const widths = w.map((x) => (WIDTH * x) / sum);
  const rowH = 15;
  const line = (cells: (string | number | null)[], bold: boolean) => {
    room(doc, rowH);
    const y = doc.y;
    let x = MARGIN;
    if (bold) doc.rect(MARGIN, y, WIDTH, rowH).fill('#f3e3e3');
    doc.font(bold ? 'title' : 'text').fontSize(8.5).fillColor('#000000');
    cells.forEach((c, i) => {
      doc.text(c === null || c === undefined ? '—' : String(c), x + 3, y + 3, { width: widths[i] - 6, height: rowH - 3, lineBreak: false, ellipsis: true, features: UNSHAPED });
      x += widths[i];
    });
    doc.moveTo(MARGIN, y + rowH).lineTo(MARGIN + WIDTH, y + rowH).lineWidth(0.3).strokeColor('#cccccc').stroke();
    doc.x = MARGIN;
    doc.y = y + rowH;
  };
  line(header, true);
  for (const r of rows) line(r, false);
  doc.moveDown(0.5);
}

/** A statistics table as a chart per dimension, with the total in words. */
function chartsOf(doc: Doc, t: StatTable) {
  sub(doc, `${t.title}：${fmt(t.total)}${t.unit}`);
  const groups = new Map<string, { label: string; value: number }[]>();
  for (const r of t.rows.slice(1)) groups.set(r.item, [...(groups.get(r.item) ?? []), { label: r.group, value: r.value }]);
  for (const [item, items] of groups) {
    doc.font('text').fontSize(9.5).fillColor('#666666').text(`按${item}`, MARGIN).moveDown(0.2);
    barChart(doc, items, t.unit);
  }
}

async function recordsList(doc: Doc, ctx: Ctx, s: ReportScope, def: CatalogueFigure) {
  const r = await computeRecords(ctx, def, s.level, s.period, { page: 1, pageSize: LIST_ROWS }, 'zh-CN');
  if (!r.total) return;
  sub(doc, `${def.label['zh-CN']}（共 ${r.total} 条${r.total > LIST_ROWS ? `，列出前 ${LIST_ROWS} 条` : ''}）`);
  const cols = def.columns.slice(0, 5);
  table(doc, cols.map((c) => c.label['zh-CN']), r.items.map((it) => cols.map((c) => {
    const v = it.cells[c.key] ?? null;
    return c.kind === 'fen' && typeof v === 'number' ? v / 100 : v;
  })), cols.map((c, i) => (i === 0 ? 2 : c.kind === 'date' || c.kind === 'number' ? 1 : 1.5)));
}

/** The report as a PDF buffer. */
export async function yearlyReportPdf(ctx: Ctx, s: ReportScope): Promise<Buffer> {
  const fonts = findCjkFonts(ctx.config);
  if (!fonts) throw new AppError(503, 'REPORTS_NO_FONT');
  const year = s.period.key;
  const title = `${s.level.name}${year}年度党建工作报告`;
  const [tables, values] = await Promise.all([Promise.all(SECTIONS.map((x) => sectionTables(ctx, s, x))), allValues(ctx, s)]);
  const today = todayShanghai(ctx.now());
  const flows = values.filter(({ def }) => !def.stock && def.aggregate !== 'ratio');
  const trends = await Promise.all(flows.map(({ def }) => computeTrend(ctx, def, s.level, s.period, 'month', today)));

  const doc = cjkPdf(fonts, { size: 'A4', margin: MARGIN, info: { Title: title, Subject: `${LEVEL_KIND_LABELS[s.level.kind]}：${s.level.name}`, Creator: 'Lianjian 联建' } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.font('title').fontSize(22).fillColor(RED).text(s.level.name, { align: 'center' });
  doc.moveDown(0.2).fontSize(18).text(`${year}年度党建工作报告`, { align: 'center' }).fillColor('#000000');
  doc.moveTo(MARGIN, doc.y + 8).lineTo(MARGIN + WIDTH, doc.y + 8).strokeColor(RED).lineWidth(1.5).stroke();
  doc.moveDown(1.2);
  para(doc, `统计范围：${LEVEL_KIND_LABELS[s.level.kind]} ${s.level.name}；统计期间：${year}年1月1日至12月31日；生成日期：${today}。`);
  para(doc, '本报告由系统根据全年登记的记录自动生成，每个数字均可在“统计”页面查到其背后的记录。');

  // 一、主要数字
  heading(doc, '一、全年主要数字');
  const lead = values.slice(0, 12);
  para(doc, lead.map(({ def, v }) => `${def.label['zh-CN']} ${fmt(shown(def, v.value))}${UNIT_LABELS[def.unit]}（较上年${change(shown(def, v.value)!, shown(def, v.lastYear))}）`).join('；') + '。');

  // 二 … 五、党内统计 (as charts)
  const numerals = ['二', '三', '四', '五'];
  SECTIONS.forEach((section, i) => {
      if (!tables[i].length) return;
      heading(doc, `${numerals[i]}、${section.sheet}`);
      for (const t of tables[i]) chartsOf(doc, t);
    });

    // 六、逐月情况
    const withData = flows.map((f, i) => ({ ...f, points: trends[i] })).filter((f) => f.points.some((p) => p.value > 0));
    if (withData.length) {
      heading(doc, '六、逐月情况');
      for (const f of withData) {
        sub(doc, `${f.def.label['zh-CN']}（${UNIT_LABELS[f.def.unit]}）`);
        barChart(doc, f.points.map((p) => ({ label: `${Number(p.period.slice(5, 7))}月`, value: shown(f.def, p.value)! })), UNIT_LABELS[f.def.unit]);
      }
    }

    // 七、各项指标
    heading(doc, '七、各项工作指标');
    table(doc, ['指标', '单位', `${year}年`, `${Number(year) - 1}年`, '增减'],
      values.map(({ def, v }) => [def.label['zh-CN'], UNIT_LABELS[def.unit], fmt(shown(def, v.value)), fmt(shown(def, v.lastYear)), change(shown(def, v.value)!, shown(def, v.lastYear))]),
      [3, 0.7, 1, 1, 1.2]);

    // 八、明细：the records behind the figures with something to show
    heading(doc, '八、主要数字的明细');
  for (const { def, v } of values) if (v.value) await recordsList(doc, ctx, s, def);
  doc.end();
  return done;
}

/** GET /api/v1/reports/yearly.pdf: scope-checked (404 as for a made-up level), audited. */
export async function sendYearlyReport(ctx: Ctx, actor: Actor, q: YearlyReportQuery, reply: FastifyReply) {
  const s = await reportScope(ctx, actor.principal!, q);
  const pdf = await yearlyReportPdf(ctx, s);
  await audit(ctx.db, actor, { regionId: s.level.regionId, action: 'reports.export', entityType: s.level.kind, entityId: s.level.id, after: { report: 'yearly', ...q } });
  const name = `${s.level.name}${s.period.key}年度党建工作报告.pdf`;
  return reply.header('content-type', 'application/pdf')
    .header('content-disposition', `attachment; filename="report-${s.period.key}.pdf"; filename*=UTF-8''${encodeURIComponent(name)}`).send(pdf);
}
