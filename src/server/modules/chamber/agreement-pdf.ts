import { AppError } from '../../platform/errors.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Principal } from '../../platform/scope.ts';
import { cjkPdf, findCjkFonts } from '../../platform/cjk-pdf.ts';
import { agreementForPrint } from './mediation.ts';

const yuan = (fen: number) => `${(fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} 元`;
/** the ideographic space of Chinese documents */
const SP = '\u3000';
const ROLE = { applicant: '申请人', respondent: '被申请人' } as const;
const KIND = { person: '自然人', enterprise: '企业' } as const;

/**
 * The agreement (人民调解协议书) as an A4 PDF: number, parties, facts and responsibility, terms, how and by when
 * they are performed, the 30-day window for judicial confirmation, signature lines. Fonts as the plaques
 * (CJK_FONT, else Debian's fonts-noto-cjk); 503 PLAQUE_FONT_MISSING without one.
 */
export async function agreementPdf(ctx: Ctx, p: Principal, id: string): Promise<{ doc: PDFKit.PDFDocument; number: string }> {
  const fonts = findCjkFonts(ctx.config);
  if (!fonts) throw new AppError(503, 'PLAQUE_FONT_MISSING');
  const v = await agreementForPrint(ctx, p, id);
  const a = v.agreement!;
  const doc = cjkPdf(fonts, { size: 'A4', margin: 64, info: { Title: `人民调解协议书 ${v.number}`, Creator: 'Lianjian 联建' } });
  doc.font('title').fontSize(22).text('人民调解协议书', { align: 'center' });
  doc.moveDown(0.3).font('text').fontSize(11).text(`${v.orgName}人民调解委员会${SP}编号：${v.number}`, { align: 'center' });
  doc.moveDown(1).fontSize(12);
  const section = (title: string) => doc.moveDown(0.6).font('title').fontSize(13).text(title).font('text').fontSize(12).moveDown(0.2);
  section('当事人');
  for (const x of v.parties) {
    doc.text(`${ROLE[x.role]}：${x.name}（${KIND[x.kind]}）${x.idNumber ? `${SP}证件号码：${x.idNumber}` : ''}${x.phone ? `${SP}联系电话：${x.phone}` : ''}${x.address ? `${SP}住址：${x.address}` : ''}`);
  }
  section('纠纷主要事实、争议事项');
  doc.text(v.facts);
  doc.text(`涉及金额：${yuan(v.amountFen)}`);
  section('各方责任');
  doc.text(a.responsibility);
  section('经调解，当事人自愿达成如下协议');
  a.terms.forEach((t, i) => doc.text(`${i + 1}. ${t.text}${t.amountFen != null ? `（金额 ${yuan(t.amountFen)}）` : ''}${t.dueOn ? `，于 ${t.dueOn} 前履行` : ''}。`));
  section('履行方式、时限');
  doc.text(a.performance);
  doc.moveDown(0.6).text('本协议自各方当事人签名（盖章）、人民调解员签名并加盖人民调解委员会印章之日起生效。本协议一式三份，当事人各执一份，人民调解委员会留存一份。');
  doc.moveDown(0.3).text(`当事人可自本协议生效之日起三十日内（至 ${a.confirmationBy}）共同向人民法院申请司法确认。`);
  doc.moveDown(1.5);
  for (const x of v.parties) doc.text(`${ROLE[x.role]}（签名/盖章）：____________${SP}${SP}${x.name}`).moveDown(0.4);
  doc.text(`人民调解员（签名）：____________${SP}${SP}${v.mediators.join('、')}`).moveDown(0.4);
  doc.text(`人民调解委员会（印章）${SP}${SP}${SP}${SP}签订日期：${a.signedOn}`);
  doc.end();
  return { doc, number: v.number };
}
