import fs from 'node:fs';
import { createRequire } from 'node:module';
import type PDFDocumentClass from 'pdfkit';
import QRCode from 'qrcode';
import type { Config } from '../../config.ts';

const require = createRequire(import.meta.url);
/** pdfkit takes ~0.3 s to load, so it is loaded when the first PDF is printed, not at start-up. */
const pdfkit = () => require('pdfkit') as typeof PDFDocumentClass;

/**
 * Printable household plaques: one A5 page per household with "共产党员户", the names, the building and a QR
 * code to the public page. Chinese needs a CJK font: CJK_FONT (a .ttf/.otf, or a .ttc with CJK_FONT_FAMILY
 * naming the face), else Debian's fonts-noto-cjk. Documented in docs/cluster.md.
 */
export interface FontFace { path: string; family?: string }
export interface PlaqueFonts { title: FontFace; text: FontFace }

const NOTO = '/usr/share/fonts/opentype/noto';

export function findCjkFonts(config: Pick<Config, 'cjkFont' | 'cjkFontFamily'>): PlaqueFonts | null {
  if (config.cjkFont) {
    if (!fs.existsSync(config.cjkFont)) return null;
    const face = { path: config.cjkFont, family: config.cjkFontFamily };
    return { title: face, text: face };
  }
  const text = { path: `${NOTO}/NotoSansCJK-Regular.ttc`, family: 'NotoSansCJKsc-Regular' };
  const serif = { path: `${NOTO}/NotoSerifCJK-Bold.ttc`, family: 'NotoSerifCJKsc-Bold' };
  const sansBold = { path: `${NOTO}/NotoSansCJK-Bold.ttc`, family: 'NotoSansCJKsc-Bold' };
  if (!fs.existsSync(text.path)) return null;
  const title = fs.existsSync(serif.path) ? serif : fs.existsSync(sansBold.path) ? sansBold : text;
  return { title, text };
}

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
  const PDFDocument = pdfkit();
  const doc = new PDFDocument({ size: 'A5', margin: 0, autoFirstPage: false, info: { Title: '共产党员户', Creator: 'Lianjian 联建' } });
  doc.registerFont('title', fonts.title.path, fonts.title.family as string);
  doc.registerFont('text', fonts.text.path, fonts.text.family as string);
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
