import type { FastifyReply } from 'fastify';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { Principal } from '../../platform/scope.ts';
import { cjkPdf, findCjkFonts } from '../../platform/cjk-pdf.ts';
import { meetingDetail } from './meetings.ts';

const KIND = { plenary: '全体会议', liaison: '联络员会议', ad_hoc: '专题会议' } as const;
const STATUS = { open: '未开始', in_progress: '推进中', done: '已办结' } as const;

type Detail = Awaited<ReturnType<typeof meetingDetail>>;

/** The bulletin (简报) of a meeting as an A4 PDF: heading, attendance, minutes, each item's decision and actions, earlier actions still open. */
export async function bulletinPdf(ctx: Pick<Ctx, 'config'>, d: Detail): Promise<Buffer> {
  const fonts = findCjkFonts(ctx.config);
  if (!fonts) throw new AppError(503, 'MEETING_NO_FONT');
  const doc = cjkPdf(fonts, { size: 'A4', margin: 56, info: { Title: `${d.title} 简报`, Creator: 'Lianjian 联建' } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const h = (s: string) => doc.moveDown(0.6).font('title').fontSize(13).fillColor('#c8161d').text(s).fillColor('#000000').moveDown(0.2);
  const p = (s: string, size = 10.5) => doc.font('text').fontSize(size).text(s, { lineGap: 3 });
  const action = (a: Detail['carried'][number]) =>
    p(`  · ${a.title}（责任单位：${a.partyName}；时限：${a.dueOn}；${STATUS[a.status]}${a.overdue ? '，已逾期' : ''}）${a.evidence ? `\n    进展：${a.evidence}` : ''}`
      + `${a.files.length ? `\n    佐证材料：${a.files.map((f) => f.fileName).join('、')}` : ''}${a.link ? `\n    关联${a.link.kind === 'need' ? '需求' : '项目'}：${a.link.title}` : ''}`, 10);

  doc.font('title').fontSize(20).fillColor('#c8161d').text(`${d.allianceName}简报`, { align: 'center' }).fillColor('#000000');
  doc.moveDown(0.3).font('text').fontSize(11).text(`${d.title}（${KIND[d.kind]}）`, { align: 'center' });
  doc.moveTo(56, doc.y + 6).lineTo(539, doc.y + 6).strokeColor('#c8161d').lineWidth(1.5).stroke();
  doc.moveDown(1);
  p(`时间：${d.heldOn}  地点：${d.place || '—'}  轮值（承办）单位：${d.hostName ?? '—'}`);
  const came = d.attendees.filter((x) => x.checkedInAt).map((x) => x.partyName);
  const absent = d.attendees.filter((x) => !x.checkedInAt).map((x) => x.partyName);
  p(`出席单位（${came.length}）：${came.join('、') || '—'}`);
  if (absent.length) p(`缺席单位（${absent.length}）：${absent.join('、')}`);
  p(`记录人：${d.recorderName ?? '—'}`);
  h('一、会议纪要');
  p(d.minutes || '（未记录）');
  h('二、议定事项');
  const items = d.agenda.filter((i) => i.status === 'accepted');
  if (!items.length) p('（无）');
  items.forEach((i, k) => {
    doc.font('title').fontSize(11).text(`${k + 1}. ${i.title}（提出单位：${i.partyName}）`);
    p(`议定：${i.decision ?? '（未形成议定事项）'}`);
    i.actions.forEach(action);
    doc.moveDown(0.3);
  });
  const deferred = d.agenda.filter((i) => i.status === 'deferred');
  if (deferred.length) p(`暂缓议题：${deferred.map((i) => i.title).join('、')}`);
  h('三、前次会议督办事项进展（闭环）');
  if (!d.carried.length) p('（前次会议交办事项均已办结）');
  d.carried.forEach(action);
  doc.end();
  return done;
}

export async function sendBulletin(ctx: Ctx, p: Principal, id: string, reply: FastifyReply) {
  const d = await meetingDetail(ctx.db, ctx, p, id);
  const pdf = await bulletinPdf(ctx, d);
  return reply.header('content-type', 'application/pdf')
    .header('content-disposition', `inline; filename="bulletin-${d.heldOn}.pdf"; filename*=UTF-8''${encodeURIComponent(`${d.title}简报.pdf`)}`).send(pdf);
}
