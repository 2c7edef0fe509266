import { randomInt } from 'node:crypto';
import { and, asc, desc, eq, gte, lte, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { todayShanghai } from '../../../shared/dates.ts';
import type { CertificateCreate, CertificateRevoke } from '../../../shared/venues-volunteers.ts';
import type { DbOrTx } from '../../db/client.ts';
import { audit, type Actor } from '../../platform/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError, conflict, fieldError, invalid, notFound } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import type { Principal } from '../../platform/scope.ts';
import { maskIdNumber } from '../../platform/mask.ts';
import { cjkPdf, findCjkFonts, UNSHAPED, type PlaqueFonts } from '../../platform/cjk-pdf.ts';
import { publicBase } from '../cluster/plaques.ts';
import { members } from '../directory/schema.ts';
import { volunteerCertificates, volunteerHours, volunteers } from './schema.ts';
import { findVolunteer } from './volunteers.ts';

type CertRow = typeof volunteerCertificates.$inferSelect;
export interface CertLine { servedOn: string; description: string; minutes: number }

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** ZY-<year>-<10 random characters>: not guessable, so the public page cannot be walked. */
const newNumber = (year: string) => `ZY-${year}-${Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('')}`;

/**
 * The services a certificate lists: approved entries of the period recorded up to `asOf`, netted per entry with the
 * reversals recorded up to `asOf` (a reversed entry drops out; its replacement is an entry of its own). Because the
 * ledger is append-only, the same call with the certificate's issued_at gives the same lines later.
 */
export async function certificateLines(db: DbOrTx, regionId: string, volunteerId: string, from: string, to: string, asOf: Date): Promise<CertLine[]> {
  const rows = await db.select({ servedOn: volunteerHours.servedOn, description: volunteerHours.description, minutes: volunteerHours.minutes }).from(volunteerHours)
    .where(and(
      eq(volunteerHours.regionId, regionId), eq(volunteerHours.volunteerId, volunteerId), gte(volunteerHours.servedOn, from), lte(volunteerHours.servedOn, to),
      eq(volunteerHours.status, 'approved'), sql`${volunteerHours.source} <> 'reversal'`, lte(volunteerHours.recordedAt, asOf),
      sql`not exists (select 1 from volunteer_hours r where r.region_id = ${volunteerHours.regionId} and r.reverses_id = ${volunteerHours.id} and r.recorded_at <= ${asOf})`,
    ))
    .orderBy(asc(volunteerHours.servedOn), asc(volunteerHours.id));
  return rows;
}

function toCert(c: CertRow, volunteerName: string) {
  return {
    id: c.id, number: c.number, volunteerId: c.volunteerId, volunteerName, periodFrom: c.periodFrom, periodTo: c.periodTo, hours: c.totalMinutes / 60,
    services: c.services, issuerOrgName: c.issuerOrgName, issuerName: c.issuerName, issuerContact: c.issuerContact, issuedOn: c.issuedOn,
    revoked: c.revokedAt != null, revokedAt: c.revokedAt?.toISOString() ?? null, revokeReason: c.revokeReason,
  };
}

/** Issues a numbered certificate for one volunteer over a period; refused when the period holds no hours. */
export async function issueCertificate(ctx: Ctx, actor: Actor, volunteerId: string, input: z.infer<typeof CertificateCreate>) {
  const p = actor.principal!;
  return ctx.db.transaction(async (tx) => {
    const { r, team } = await findVolunteer(tx, p, volunteerId, 'manage');
    const today = todayShanghai(ctx.now());
    if (input.to < input.from) throw invalid([fieldError('to', 'volunteer_certificate.period_order')]);
    if (input.to > today) throw invalid([fieldError('to', 'volunteer_hours.future')]);
    const at = new Date(ctx.now());
    const lines = await certificateLines(tx, r.v.regionId, r.v.id, input.from, input.to, at);
    const total = lines.reduce((n, l) => n + l.minutes, 0);
    if (!lines.length || total <= 0) throw new AppError(422, 'VOLUNTEER_CERTIFICATE_NO_HOURS', { from: input.from, to: input.to });
    const [row] = await tx.insert(volunteerCertificates).values({
      regionId: r.v.regionId, id: uuidv7(), number: newNumber(today.slice(0, 4)), volunteerId: r.v.id, periodFrom: input.from, periodTo: input.to,
      totalMinutes: total, services: lines.length, issuerOrgName: team.ownerName, issuerName: input.issuerName, issuerContact: input.issuerContact,
      issuedOn: today, issuedAt: at, issuedBy: p.id,
    }).returning();
    await audit(tx, actor, { regionId: r.v.regionId, action: 'volunteer_certificate.issue', entityType: 'volunteer_certificate', entityId: row.id, after: row });
    return toCert(row, r.memberName ?? r.v.name ?? '');
  });
}

async function findCertificate(db: DbOrTx, p: Principal, id: string, need: 'read' | 'manage') {
  const [c] = await db.select().from(volunteerCertificates).where(eq(volunteerCertificates.id, id)).limit(1);
  if (!c) throw notFound();
  const { r } = await findVolunteer(db, p, c.volunteerId, need);
  return { c, r };
}

export async function listCertificates(ctx: Ctx, p: Principal, volunteerId: string) {
  const { r } = await findVolunteer(ctx.db, p, volunteerId, 'read');
  const rows = await ctx.db.select().from(volunteerCertificates)
    .where(and(eq(volunteerCertificates.regionId, r.v.regionId), eq(volunteerCertificates.volunteerId, volunteerId))).orderBy(desc(volunteerCertificates.issuedAt));
  return { items: rows.map((c) => toCert(c, r.memberName ?? r.v.name ?? '')) };
}

export async function revokeCertificate(ctx: Ctx, actor: Actor, id: string, input: z.infer<typeof CertificateRevoke>) {
  const p = actor.principal!;
  return ctx.db.transaction(async (tx) => {
    const { c, r } = await findCertificate(tx, p, id, 'manage');
    if (c.revokedAt) throw conflict('VOLUNTEER_CERTIFICATE_REVOKED');
    const [row] = await tx.update(volunteerCertificates).set({ revokedAt: new Date(ctx.now()), revokedBy: p.id, revokeReason: input.reason })
      .where(and(eq(volunteerCertificates.regionId, c.regionId), eq(volunteerCertificates.id, id))).returning();
    await audit(tx, actor, { regionId: c.regionId, action: 'volunteer_certificate.revoke', entityType: 'volunteer_certificate', entityId: id, before: c, after: row });
    return toCert(row, r.memberName ?? r.v.name ?? '');
  });
}

/** The public check by number: valid or revoked, the totals and the name only. */
export async function checkCertificate(ctx: Ctx, number: string) {
  const [row] = await ctx.db.select({ c: volunteerCertificates, name: sql<string>`coalesce(${volunteers.name}, ${members.name})` }).from(volunteerCertificates)
    .innerJoin(volunteers, and(eq(volunteers.regionId, volunteerCertificates.regionId), eq(volunteers.id, volunteerCertificates.volunteerId)))
    .leftJoin(members, and(eq(members.regionId, volunteers.regionId), eq(members.id, volunteers.memberId)))
    .where(eq(volunteerCertificates.number, number)).limit(1);
  if (!row) throw notFound();
  const c = row.c;
  return {
    number: c.number, valid: c.revokedAt == null, name: row.name, periodFrom: c.periodFrom, periodTo: c.periodTo, hours: c.totalMinutes / 60,
    services: c.services, issuerOrgName: c.issuerOrgName, issuedOn: c.issuedOn,
  };
}

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The public verification page (HTML, Chinese). */
export async function certificateCheckPage(ctx: Ctx, number: string): Promise<string> {
  let body: string;
  try {
    const c = await checkCertificate(ctx, number);
    body = `<h1>志愿服务记录证明核验</h1><p class="${c.valid ? 'ok' : 'bad'}">${c.valid ? '有效' : '已作废'}</p>
<table><tr><th>证明编号</th><td>${esc(c.number)}</td></tr><tr><th>志愿者</th><td>${esc(c.name)}</td></tr>
<tr><th>服务期间</th><td>${c.periodFrom} 至 ${c.periodTo}</td></tr><tr><th>服务次数</th><td>${c.services}</td></tr>
<tr><th>服务时长合计</th><td>${c.hours} 小时</td></tr><tr><th>出具单位</th><td>${esc(c.issuerOrgName)}</td></tr><tr><th>出具日期</th><td>${c.issuedOn}</td></tr></table>`;
  } catch (e) {
    if (!(e instanceof AppError) || e.status !== 404) throw e;
    body = '<h1>志愿服务记录证明核验</h1><p class="bad">未找到该编号的证明</p>';
  }
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>志愿服务记录证明核验</title>
<style>body{font-family:sans-serif;max-width:480px;margin:2em auto;padding:0 1em}.ok{color:#15803d;font-size:1.5em}.bad{color:#c8161d;font-size:1.5em}th{text-align:left;padding-right:1em;color:#555}td,th{padding:.3em 0}</style></head><body>${body}</body></html>`;
}

export interface CertificatePdfData {
  number: string; name: string; identity: string; volunteerNo: string; periodFrom: string; periodTo: string; lines: CertLine[]; totalMinutes: number;
  issuerOrgName: string; issuerName: string; issuerContact: string; issuedOn: string; revoked: boolean; verifyUrl: string;
}

const fmtHours = (m: number) => String(m / 60);
/** a row's hours with one decimal (two when the minutes need them), e.g. "1.5", "12.0" */
const rowHours = (m: number) => (m % 6 === 0 ? (m / 60).toFixed(1) : (m / 60).toFixed(2));
/** rough width in em (CJK and full-width 1, the rest ~0.6): descriptions are cut to the line without a layout call */
const emWidth = (ch: string) => (ch.codePointAt(0)! >= 0x2e80 ? 1 : 0.6);
export function clip(s: string, em: number): string {
  let w = 0;
  const chars = [...s];
  for (let i = 0; i < chars.length; i++) {
    w += emWidth(chars[i]);
    if (w > em) return `${chars.slice(0, i).join('').replace(/\s+$/, '')}…`;
  }
  return s;
}

/**
 * The certificate as a PDF (A4, the CJK faces parsed once per process). Each service is ONE text call: date, hours
 * and description joined with ideographic spaces (the dates are tabular digits; an hours value under 10 is padded by
 * an en space, so the description column is straight to within half a point) — three calls with an ellipsis each
 * made the 500-service certificate lay out ~2,000 runs instead of 500; the rows are laid out unshaped (UNSHAPED).
 */
export async function certificatePdfBuffer(fonts: PlaqueFonts, d: CertificatePdfData): Promise<Buffer> {
  const doc = cjkPdf(fonts, { size: 'A4', margin: 56, info: { Title: `志愿服务记录证明 ${d.number}`, Creator: 'Lianjian 联建' } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const W = doc.page.width - 112;
  doc.font('title').fontSize(24).text('志愿服务记录证明', { align: 'center' });
  doc.moveDown(0.3).font('text').fontSize(10).fillColor('#555').text(`编号：${d.number}`, { align: 'center' });
  if (d.revoked) doc.fillColor('#c8161d').fontSize(14).text('（本证明已作废）', { align: 'center' });
  doc.fillColor('#000').moveDown(1).fontSize(12);
  doc.text(`志愿者：${d.name}\u3000\u3000${d.identity}\u3000\u3000志愿者编号：${d.volunteerNo}`);
  doc.text(`服务期间：${d.periodFrom} 至 ${d.periodTo}`);
  doc.moveDown(0.8);
  const SIZE = 10.5;
  const SP = '\u3000';
  // the description column starts after "YYYY-MM-DD hh.h " (ideographic spaces); the header is laid out to the same stops
  doc.fontSize(SIZE);
  const dateW = doc.widthOfString(`2000-01-01${SP}`);
  const hoursW = doc.widthOfString(`10.0${SP}`);
  const descEm = (W - dateW - hoursW) / SIZE;
  const header = () => {
    doc.fontSize(SIZE).fillColor('#555');
    const y = doc.y;
    doc.text('日期', 56, y, { lineBreak: false }).text('时长', 56 + dateW, y, { lineBreak: false }).text('服务内容（时长以小时计）', 56 + dateW + hoursW, y, { lineBreak: false });
    doc.moveTo(56, y + 16).lineTo(56 + W, y + 16).lineWidth(0.5).stroke('#999');
    doc.fillColor('#000').text('', 56, y + 22);
  };
  header();
  for (const l of d.lines) {
    if (doc.y > doc.page.height - 120) { doc.addPage(); header(); }
    const y = doc.y;
    const h = rowHours(l.minutes);
    doc.text(`${l.servedOn}${SP}${h.length < 4 ? '\u2002' : ''}${h}${SP}${clip(l.description, descEm)}`, 56, y, { lineBreak: false, features: UNSHAPED });
    doc.x = 56;
    doc.y = y + 17;
  }
  if (doc.y > doc.page.height - 200) doc.addPage();
  doc.moveDown(0.5).moveTo(56, doc.y).lineTo(56 + W, doc.y).lineWidth(0.5).stroke('#999').moveDown(0.5);
  doc.fontSize(12).text(`合计：服务 ${d.lines.length} 次，累计服务时长 ${fmtHours(d.totalMinutes)} 小时。`, 56);
  doc.moveDown(1).text('兹证明以上志愿服务记录真实、准确、完整。');
  doc.moveDown(1.5);
  doc.text(`出具单位：${d.issuerOrgName}`, { align: 'right' });
  doc.text(`经办人：${d.issuerName}\u3000联系方式：${d.issuerContact}`, { align: 'right' });
  doc.text(`出具日期：${d.issuedOn}`, { align: 'right' });
  doc.moveDown(1).fontSize(9).fillColor('#555').text(`核验：${d.verifyUrl}`, 56);
  doc.end();
  return done;
}

/** The certificate's PDF, rebuilt from the ledger as it stood when the certificate was issued. */
export async function certificatePdf(ctx: Ctx, p: Principal, id: string, origin: string): Promise<{ pdf: Buffer; number: string }> {
  const { c, r } = await findCertificate(ctx.db, p, id, 'read');
  const fonts = findCjkFonts(ctx.config);
  if (!fonts) throw new AppError(503, 'VOLUNTEER_CERTIFICATE_FONT_MISSING');
  const lines = await certificateLines(ctx.db, c.regionId, c.volunteerId, c.periodFrom, c.periodTo, c.issuedAt);
  const [m] = r.v.memberId ? await ctx.db.select({ idNumber: members.idNumber }).from(members).where(and(eq(members.regionId, c.regionId), eq(members.id, r.v.memberId))) : [];
  const pdf = await certificatePdfBuffer(fonts, {
    number: c.number, name: r.memberName ?? r.v.name ?? '', identity: m?.idNumber ? `身份证号：${maskIdNumber(m.idNumber)}` : '', volunteerNo: r.v.volunteerNo,
    periodFrom: c.periodFrom, periodTo: c.periodTo, lines, totalMinutes: c.totalMinutes, issuerOrgName: c.issuerOrgName, issuerName: c.issuerName,
    issuerContact: c.issuerContact, issuedOn: c.issuedOn, revoked: c.revokedAt != null, verifyUrl: `${publicBase(ctx, origin)}/vc/${c.number}`,
  });
  return { pdf, number: c.number };
}
