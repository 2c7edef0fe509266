import fs from 'node:fs';
import { createRequire } from 'node:module';
import type PDFDocumentClass from 'pdfkit';
import type { Config } from '../config.ts';

const require = createRequire(import.meta.url);
/** pdfkit takes ~0.3 s to load, so it is loaded when the first PDF is printed, not at start-up. */
const pdfkit = () => require('pdfkit') as typeof PDFDocumentClass;

/**
 * Chinese PDFs (plaques, bulletins, certificates, agreements) need a CJK font: CJK_FONT (a .ttf/.otf, or a .ttc with
 * CJK_FONT_FAMILY naming the face), else Debian's fonts-noto-cjk. `findCjkFonts` says which faces (null: none
 * installed, the caller answers 503); `cjkPdf` opens a pdfkit document with them registered as 'title' and 'text'.
 */
export interface FontFace { path: string; family?: string }
export interface PlaqueFonts { title: FontFace; text: FontFace }
export type CjkFonts = PlaqueFonts;

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

/** A parsed font face (fontkit's object: pdfkit takes it in place of a path, see PDFFontFactory.open). */
type ParsedFace = { layout: (s: string) => unknown };
const parsed = new Map<string, ParsedFace>();

/**
 * The face read and parsed once per process: reading a ~20 MB .ttc and parsing its cmap/GSUB/GPOS took tens of ms per
 * PDF, and a warm face lays text out several times faster. Sharing one face between documents is safe: pdfkit keeps
 * each document's subset and layout cache on its own EmbeddedFont, and fontkit's work is synchronous.
 */
function face(f: FontFace): ParsedFace {
  const key = `${f.path}\0${f.family ?? ''}`;
  let font = parsed.get(key);
  if (!font) {
    const fontkit = require('fontkit') as { create: (b: Buffer, family?: string) => ParsedFace };
    font = fontkit.create(fs.readFileSync(f.path), f.family);
    parsed.set(key, font);
  }
  return font;
}

/** A new pdfkit document with the CJK faces registered as 'title' and 'text' (parsed once per process). */
export function cjkPdf(fonts: PlaqueFonts, options: PDFKit.PDFDocumentOptions): PDFKit.PDFDocument {
  const PDFDocument = pdfkit();
  const doc = new PDFDocument(options);
  // pdfkit's types name only paths and buffers; its PDFFontFactory takes a parsed fontkit face as well
  doc.registerFont('title', face(fonts.title) as unknown as string);
  doc.registerFont('text', face(fonts.text) as unknown as string);
  return doc;
}

/**
 * pdfkit `features` for many short lines of Chinese, digits and dates (table rows): OpenType shaping off. fontkit's
 * default shaping (kern, ccmp, locl, mark…) over a CJK face took ~0.45 ms per row, unshaped ~0.04 ms; Chinese needs
 * none of it, the face's own cmap already gives the simplified forms, and tabular digits have no kerning.
 */
export const UNSHAPED = {
  kern: false, liga: false, clig: false, calt: false, rlig: false, rclt: false, locl: false, ccmp: false, mark: false, mkmk: false, vert: false,
  // fontkit takes features as a list to turn on or as an object of on/off; pdfkit's types name only the list
} as unknown as PDFKit.Mixins.OpenTypeFeatures[];
