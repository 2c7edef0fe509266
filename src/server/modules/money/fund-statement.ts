/** An enterprise's statement of a bridge-loan fund as xlsx (platform/xlsx.ts) and PDF: its contributions and its loans. */
import { todayShanghai } from '../../../shared/dates.ts';
import { cjkPdf, findCjkFonts, UNSHAPED } from '../../platform/cjk-pdf.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { Principal } from '../../platform/scope.ts';
import { workbookBuffer } from '../../platform/xlsx.ts';
import { fundMembers, fundView, readsFundOrNotFound, statementRows } from './fund.ts';
import type { z } from 'zod';
import type { Fund } from '../../../shared/money-fund.ts';

const yuan = (fen: number) => Math.round(fen) / 100;
const SP = '\u3000';

export async function statementXlsx(ctx: Ctx, p: Principal, fundId: string, unitId: string): Promise<{ buffer: Buffer; fileName: string }> {
  const s = await statementRows(ctx, p, fundId, unitId);
  const penaltyOf = new Map(s.penalties.map((x) => [x.loanId, x.fen]));
  const buffer = await workbookBuffer([
    {
      name: '出资', boldHeader: true, header: [{ title: '日期', width: 12 }, { title: '出资（元）', width: 16 }],
      rows: s.contributions.map((c) => [c.on, yuan(Number(c.amount))]),
    },
    {
      name: '转贷', boldHeader: true,
      header: [{ title: '银行', width: 20 }, { title: '到期贷款（元）', width: 16 }, { title: '贷款到期日', width: 12 }, { title: '续贷承诺（元）', width: 16 },
        { title: '转贷金额（元）', width: 16 }, { title: '状态', width: 10 }, { title: '放款日', width: 12 }, { title: '应还日', width: 12 }, { title: '还款日', width: 12 },
        { title: '天数', width: 6 }, { title: '使用费（元）', width: 12 }, { title: '罚息（元）', width: 12 }],
      rows: s.loans.map((l) => [l.bank, yuan(l.bankLoanFen), l.bankDueOn, yuan(l.renewalFen), yuan(l.amountFen), l.status, l.disbursedOn, l.dueOn, l.repaidOn,
        l.days, l.feeFen === null ? null : yuan(l.feeFen), penaltyOf.has(l.id) ? yuan(penaltyOf.get(l.id)!) : null]),
    },
  ]);
  return { buffer, fileName: `${s.unitName}-转贷互助资金对账单.xlsx` };
}

const STATUS_ZH: Record<string, string> = { applied: '已申请', prepared: '已初审', approved: '已审批', disbursed: '在贷', repaid: '已还款', written_off: '已核销' };
const money = (fen: number) => (fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Rows of a table across the page's width, columns by weight, a shaded header; a new page (with the header again) when full. */
function table(doc: PDFKit.PDFDocument, header: string[], weights: number[], rows: (string | null)[][]) {
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const sum = weights.reduce((a, b) => a + b, 0);
  const widths = weights.map((w) => (width * w) / sum);
  const rowH = 16;
  const line = (cells: (string | null)[], head: boolean) => {
    if (doc.y + rowH > doc.page.height - doc.page.margins.bottom) { doc.addPage(); if (!head) line(header, true); }
    const y = doc.y;
    if (head) doc.rect(left, y, width, rowH).fill('#f0f0f0');
    doc.font(head ? 'title' : 'text').fontSize(8.5).fillColor('#000000');
    let x = left;
    cells.forEach((c, i) => {
      doc.text(c ?? '—', x + 3, y + 4, { width: widths[i] - 6, height: rowH - 4, lineBreak: false, ellipsis: true, features: UNSHAPED });
      x += widths[i];
    });
    doc.moveTo(left, y + rowH).lineTo(left + width, y + rowH).lineWidth(0.3).strokeColor('#cccccc').stroke();
    doc.x = left;
    doc.y = y + rowH;
  };
  line(header, true);
  for (const r of rows) line(r, false);
  doc.moveDown(0.6);
}

/**
 * The statement as an A4 landscape PDF (Chinese fonts as the plaques: CJK_FONT, else Debian's fonts-noto-cjk; 503
 * PLAQUE_FONT_MISSING without one): the enterprise, its capital and loans in sum, its contributions, its loans with
 * days, fee and penalty.
 */
export async function statementPdf(ctx: Ctx, p: Principal, fundId: string, unitId: string): Promise<{ doc: PDFKit.PDFDocument; fileName: string }> {
  const fonts = findCjkFonts(ctx.config);
  if (!fonts) throw new AppError(503, 'PLAQUE_FONT_MISSING');
  const s = await statementRows(ctx, p, fundId, unitId);
  const today = todayShanghai(ctx.now());
  const capital = s.contributions.reduce((a, c) => a + Number(c.amount), 0);
  const out = s.loans.filter((l) => l.status === 'disbursed').reduce((a, l) => a + l.amountFen, 0);
  const lent = s.loans.filter((l) => l.disbursedOn);
  const doc = cjkPdf(fonts, { size: 'A4', layout: 'landscape', margin: 40, info: { Title: `${s.unitName} 转贷互助资金对账单`, Creator: 'Lianjian 联建' } });
  doc.font('title').fontSize(18).text(`${s.fund.name}${SP}对账单`, { align: 'center' });
  doc.moveDown(0.3).font('text').fontSize(11).text(`会员企业：${s.unitName}${SP}${SP}打印日期：${today}`, { align: 'center' });
  doc.moveDown(0.8).fontSize(10.5).text([
    `累计出资：¥${money(capital)}`, `转贷 ${lent.length} 笔，合计 ¥${money(lent.reduce((a, l) => a + l.amountFen, 0))}`,
    `在贷：¥${money(out)}`, `已付使用费：¥${money(s.loans.reduce((a, l) => a + (l.feeFen ?? 0), 0))}`,
    `已付罚息：¥${money(s.penalties.reduce((a, x) => a + x.fen, 0))}`,
  ].join(`${SP}${SP}`));
  doc.moveDown(0.6).font('title').fontSize(12).text('出资').moveDown(0.2);
  table(doc, ['日期', '出资（元）'], [1, 2], s.contributions.map((c) => [c.on, money(Number(c.amount))]));
  doc.font('title').fontSize(12).text('转贷').moveDown(0.2);
  const penaltyOf = new Map(s.penalties.map((x) => [x.loanId, x.fen]));
  table(doc, ['银行', '到期贷款（元）', '贷款到期日', '续贷承诺（元）', '转贷金额（元）', '状态', '放款日', '应还日', '还款日', '天数', '使用费（元）', '罚息（元）'],
    [3, 2, 1.5, 2, 2, 1, 1.5, 1.5, 1.5, 0.8, 1.5, 1.3],
    s.loans.map((l) => [l.bank, money(l.bankLoanFen), l.bankDueOn, money(l.renewalFen), money(l.amountFen), STATUS_ZH[l.status] ?? l.status, l.disbursedOn, l.dueOn,
      l.repaidOn, l.days === null ? null : String(l.days), l.feeFen === null ? null : money(l.feeFen), penaltyOf.has(l.id) ? money(penaltyOf.get(l.id)!) : null]));
  doc.end();
  return { doc, fileName: `${s.unitName}-转贷互助资金对账单.pdf` };
}

/**
 * The balance sheet's lines (资产负债表), from the fund's ledger (fundView): assets — available and lent out, whose sum is
 * the cash account — against members' capital plus fee income less bad debts written off; and whether the two sides and
 * the ledger (its accounts sum to zero) balance. What the PDF prints, tested as data.
 */
export function balanceSheetLines(f: z.infer<typeof Fund>) {
  const b = f.balanceSheet;
  const assets = b.availableFen + b.outstandingFen;
  const sources = b.capitalFen + b.feesFen - b.badDebtFen;
  return {
    assets: [['可用资金', b.availableFen], ['转贷在外', b.outstandingFen]] as [string, number][],
    assetsFen: assets,
    sources: [['会员出资', b.capitalFen], ['使用费收入', b.feesFen], ['减：坏账核销', b.badDebtFen ? -b.badDebtFen : 0]] as [string, number][],
    sourcesFen: sources,
    balanced: b.balanced && assets === b.cashFen && assets === sources,
    figures: [
      ['受助企业', `${f.figures.enterprisesHelped.toLocaleString('zh-CN')} 家`], ['转贷笔数', `${f.figures.loans.toLocaleString('zh-CN')} 笔`],
      ['转贷总额', `¥${money(f.figures.bridgedFen)}`], ['平均使用天数', `${f.figures.averageDays} 天`], ['使用费', `¥${money(f.figures.feesFen)}`],
      ['逾期', `${f.figures.overdueLoans} 笔，¥${money(f.figures.overdueFen)}`], ['坏账', `${f.figures.badDebts} 笔，¥${money(f.figures.badDebtFen)}`],
    ] as [string, string][],
  };
}

/**
 * The fund's balance sheet as an A4 PDF (fonts as the statement's; 503 PLAQUE_FONT_MISSING without one), for its readers
 * (`fund.read`: officers, approvers, region admins; anyone else 404 like a made-up fund): the two sides with their totals
 * and the balance check, the figures, and the members' capital with shares (会员出资明细).
 */
export async function balanceSheetPdf(ctx: Ctx, p: Principal, fundId: string): Promise<{ doc: PDFKit.PDFDocument; fileName: string }> {
  await readsFundOrNotFound(ctx, p, fundId);
  const fonts = findCjkFonts(ctx.config);
  if (!fonts) throw new AppError(503, 'PLAQUE_FONT_MISSING');
  const f = await fundView(ctx, p, fundId);
  const members = await fundMembers(ctx, p, fundId);
  const today = todayShanghai(ctx.now());
  const l = balanceSheetLines(f);
  const doc = cjkPdf(fonts, { size: 'A4', margin: 48, info: { Title: `${f.name} 资产负债表`, Creator: 'Lianjian 联建' } });
  doc.font('title').fontSize(18).text(`${f.name}${SP}资产负债表`, { align: 'center' });
  doc.moveDown(0.3).font('text').fontSize(10.5).text(`编制日期：${today}${SP}${SP}单位：元${SP}${SP}数据来源：资金账本`, { align: 'center' });
  doc.moveDown(0.8);
  const rows: (string | null)[][] = [];
  for (let i = 0; i < Math.max(l.assets.length, l.sources.length); i++) {
    const a = l.assets[i];
    const s2 = l.sources[i];
    rows.push([a?.[0] ?? '', a ? money(a[1]) : '', s2?.[0] ?? '', s2 ? money(s2[1]) : '']);
  }
  rows.push(['资产合计', money(l.assetsFen), '资金来源合计', money(l.sourcesFen)]);
  table(doc, ['资产', '金额', '资金来源', '金额'], [3, 2, 3, 2], rows);
  doc.font('text').fontSize(10.5).fillColor(l.balanced ? '#000000' : '#cf1322')
    .text(l.balanced ? '账务平衡：资产合计等于资金来源合计，账本各账户合计为零。' : '账务不平衡：请运行 lianjian ledger verify 核对。');
  doc.fillColor('#000000').moveDown(0.8).font('title').fontSize(12).text('运行情况').moveDown(0.2);
  table(doc, ['项目', '数值', '项目', '数值'], [2, 3, 2, 3], Array.from({ length: Math.ceil(l.figures.length / 2) }, (_, i) => [
    l.figures[2 * i][0], l.figures[2 * i][1], l.figures[2 * i + 1]?.[0] ?? '', l.figures[2 * i + 1]?.[1] ?? '',
  ]));
  doc.font('title').fontSize(12).text(`会员出资明细（${members.length} 家）`).moveDown(0.2);
  table(doc, ['会员企业', '出资', '占比', '在贷'], [5, 2, 1, 2],
    members.map((m) => [m.unitName, money(m.capitalFen), `${(m.shareBp / 100).toFixed(2)}%`, m.outstandingFen ? money(m.outstandingFen) : '']));
  doc.end();
  return { doc, fileName: `${f.name}-资产负债表-${today}.pdf` };
}
