import QRCode from 'qrcode';
import { cjkPdf, type PlaqueFonts } from '../../platform/cjk-pdf.ts';

/**
 * Printable household plaques: one A5 page per household with "共产党员户", the names, the building and a QR
 * code to the public page. Chinese needs a CJK font (src/server/platform/cjk-pdf.ts, documented in docs/cluster.md).
 */
export { findCjkFonts, type FontFace, type PlaqueFonts } from '../../platform/cjk-pdf.ts';

export interface PlaqueData { names: string[]; building: string; url: string }

const RED = '#c8161d';
const GOLD = '#f6d36b';
// A5 portrait in points
const W = 419.53;
const H = 595.28;

function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number) {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 2;
  const cell = size / (n + quiet * 2);
  doc.rect(x, y, size, size).fill('#ffffff');
  // one rectangle per horizontal run of dark modules, filled at once
  for (let row = 0; row < n; row++) {
    let col = 0;
    while (col < n) {
      if (!qr.modules.get(row, col)) { col++; continue; }
      const start = col;
      while (col < n && qr.modules.get(row, col)) col++;
      doc.rect(x + (quiet + start) * cell, y + (quiet + row) * cell, (col - start) * cell + 0.01, cell + 0.01);
    }
  }
  doc.fill('#000000');
}

function page(doc: PDFKit.PDFDocument, p: PlaqueData) {
  doc.rect(0, 0, W, H).fill(RED);
  doc.rect(18, 18, W - 36, H - 36).lineWidth(3).stroke(GOLD);
  doc.rect(26, 26, W - 52, H - 52).lineWidth(1).stroke(GOLD);
  doc.font('title').fontSize(54).fillColor(GOLD).text('共产党员户', 0, 70, { width: W, align: 'center', lineBreak: false });
  doc.moveTo(70, 150).lineTo(W - 70, 150).lineWidth(1.5).stroke(GOLD);
  const names = p.names.join('  ');
  doc.font('text').fontSize(names.length > 12 ? 20 : 28).fillColor('#ffffff')
    .text(names, 40, 178, { width: W - 80, align: 'center', height: 80, ellipsis: true });
  doc.fontSize(16).fillColor('#ffffff').text(p.building, 40, 262, { width: W - 80, align: 'center', lineBreak: false, ellipsis: true });
  const qrSize = 170;
  drawQr(doc, p.url, (W - qrSize) / 2, 320, qrSize);
  doc.font('text').fontSize(13).fillColor(GOLD).text('扫码查看党员承诺', 0, 505, { width: W, align: 'center', lineBreak: false });
}

/** Streams the PDF: returns the document (a readable stream); pages are added asynchronously, yielding now and then. */
export function plaquePdf(fonts: PlaqueFonts, plaques: PlaqueData[]): PDFKit.PDFDocument {
  const doc = cjkPdf(fonts, { size: 'A5', margin: 0, autoFirstPage: false, info: { Title: '共产党员户', Creator: 'Lianjian 联建' } });
  void (async () => {
    try {
      for (let i = 0; i < plaques.length; i++) {
        doc.addPage({ size: 'A5', margin: 0 });
        page(doc, plaques[i]);
        if (i % 25 === 24) await new Promise((r) => setImmediate(r));
      }
      doc.end();
    } catch (e) {
      doc.emit('error', e);
    }
  })();
  return doc;
}

/** The whole PDF in memory (tests, benchmark). */
export async function plaquePdfBuffer(fonts: PlaqueFonts, plaques: PlaqueData[]): Promise<Buffer> {
  const doc = plaquePdf(fonts, plaques);
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}
