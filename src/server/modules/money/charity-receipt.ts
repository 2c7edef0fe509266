import { createRequire } from 'node:module';
import type PDFDocumentClass from 'pdfkit';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { Principal } from '../../platform/scope.ts';
import { findCjkFonts } from '../cluster/plaque-pdf.ts';
import { donationOf } from './charity.ts';

const require = createRequire(import.meta.url);
const pdfkit = () => require('pdfkit') as typeof PDFDocumentClass;

const SP = '\u3000';
const yuan = (fen: number) => `¥${(fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** Chinese capital numerals of an amount (人民币大写), as receipts write them: 壹佰万元整, 叁拾元伍角. */
export function yuanInWords(fen: number): string {
  const D = '零壹贰叁肆伍陆柒捌玖';
  const U = ['', '拾', '佰', '仟'];
  const BIG = ['', '万', '亿', '万亿'];
  const yuanPart = Math.floor(fen / 100);
  const jiao = Math.floor(fen / 10) % 10;
  const f = fen % 10;
  let out = '';
  if (yuanPart === 0) out = '零';
  else {
    const groups: number[] = [];
    for (let n = yuanPart; n > 0; n = Math.floor(n / 10_000)) groups.push(n % 10_000);
    let zero = false;
    for (let g = groups.length - 1; g >= 0; g--) {
      const v = groups[g];
      if (v === 0) { zero = true; continue; }
      if (zero || (g < groups.length - 1 && v < 1000)) out += out ? '零' : '';
      zero = false;
      let s = '';
      let inner = false;
      for (let i = 3; i >= 0; i--) {
        const d = Math.floor(v / 10 ** i) % 10;
        if (d === 0) { inner = s.length > 0; continue; }
        if (inner) s += '零';
        inner = false;
        s += D[d] + U[i];
      }
      out += s + BIG[g];
    }
  }
  out += '元';
  if (!jiao && !f) return `${out}整`;
  if (jiao) out += `${D[jiao]}角`; else if (yuanPart) out += '零';
  if (f) out += `${D[f]}分`;
  return out;
}

/**
 * A donation's receipt (捐赠收据) as an A5 landscape PDF: fund, number, donor (anonymous: 爱心人士 / 爱心企业), amount in
 * figures and in capitals, date. Fonts as the plaques (CJK_FONT, else Debian's fonts-noto-cjk); 503 PLAQUE_FONT_MISSING without one.
 */
export async function donationReceiptPdf(ctx: Ctx, p: Principal, fundId: string, id: string): Promise<{ doc: PDFKit.PDFDocument; fileName: string }> {
  const fonts = findCjkFonts(ctx.config);
  if (!fonts) throw new AppError(503, 'PLAQUE_FONT_MISSING');
  const { fund, donation: d } = await donationOf(ctx, p, fundId, id);
  const PDFDocument = pdfkit();
  const doc = new PDFDocument({ size: 'A5', layout: 'landscape', margin: 48, info: { Title: `捐赠收据 ${d.receiptNo}`, Creator: 'Lianjian 联建' } });
  doc.registerFont('title', fonts.title.path, fonts.title.family as string);
  doc.registerFont('text', fonts.text.path, fonts.text.family as string);
  doc.font('title').fontSize(22).text('公益性捐赠收据', { align: 'center' });
  doc.moveDown(0.3).font('text').fontSize(11).text(`${fund.orgName}${SP}${fund.name}${SP}${SP}No. ${d.receiptNo}`, { align: 'center' });
  doc.moveDown(1.2).fontSize(13);
  const donor = d.anonymous ? (d.donorKind === 'unit' ? '爱心企业（匿名）' : '爱心人士（匿名）') : d.donorName;
  doc.text(`捐赠人：${donor}`);
  doc.moveDown(0.5).text(`捐赠金额：${yuan(d.amountFen)}`);
  doc.moveDown(0.5).text(`人民币（大写）：${yuanInWords(d.amountFen)}`);
  doc.moveDown(0.5).text(`捐赠日期：${d.receivedOn}${d.memo ? `${SP}用途/备注：${d.memo}` : ''}`);
  doc.moveDown(1.2).fontSize(11).text('感谢您的爱心捐赠！本收据由基金经办人登记开具，款项已入账。');
  doc.moveDown(1).text(`收款单位（盖章）：${fund.orgName}${SP}${SP}${SP}经办人：____________`, { align: 'right' });
  doc.end();
  return { doc, fileName: `receipt-${d.receiptNo}.pdf` };
}
