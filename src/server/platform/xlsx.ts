import fs from 'node:fs';
import { PassThrough } from 'node:stream';
import type ExcelJSType from 'exceljs';
import type JSZipType from 'jszip';
import type { FastifyReply } from 'fastify';

// exceljs and jszip load on first use: they cost ~400 ms at start otherwise
const excel = async () => (await import('./exceljs.ts')).default;
const zipLib = async () => (await import('jszip')).default;
type JSZip = JSZipType;
import { DATE_MAX, DATE_MIN } from '../../shared/dates.ts';
import { AppError } from './errors.ts';

/** Shared spreadsheet helpers: reading messy real-world sheets in bounded memory, and writing reports. */

export type Cell = string | number | boolean | Date | null;

/**
 * Full-width to half-width, unify spaces, trim (NFKC turns ０１２ＡＢＣ，（） into 012ABC,()); drop NUL and unpaired
 * surrogates, which PostgreSQL cannot store (the API refuses them; a roster cell is cleaned like its spaces).
 */
export function normalizeText(s: string): string {
  // eslint-disable-next-line no-control-regex -- NUL is what is dropped
  return s.replace(/\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '')
    .normalize('NFKC').replace(/[\u00a0\u3000\s]+/g, ' ').trim();
}

/** The plain value of an exceljs cell value (rich text, formulas, hyperlinks, errors). */
export function plainValue(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') { const t = normalizeText(v); return t === '' ? null : t; }
  if (typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return plainValue((o.richText as { text: string }[]).map((r) => r.text).join(''));
    if ('result' in o) return plainValue(o.result);
    if ('text' in o) return plainValue(o.text);
    if ('error' in o) return null;
  }
  return normalizeText(String(v));
}

export const cellText = (v: Cell): string => (v === null ? '' : v instanceof Date ? v.toISOString().slice(0, 10) : String(v));

const pad = (n: number) => String(n).padStart(2, '0');
/** A real calendar date within the range every date of the API keeps to (src/shared/dates.ts), else null. */
function ymd(y: number, m: number, d: number): string | null {
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return null;
  const s = `${String(y).padStart(4, '0')}-${pad(m)}-${pad(d)}`;
  return s >= DATE_MIN && s <= DATE_MAX ? s : null;
}

/**
 * A date of record from whatever a roster holds: a Date cell, an Excel serial number,
 * '2001.07.01', '2001年7月1日', '2001/7/1', '2001-07-01', '20010701'. Null when it is not a date.
 */
export function parseDateCell(v: Cell): string | null {
  if (v === null) return null;
  if (v instanceof Date) {
    // exceljs gives midnight UTC for date cells; keep the calendar date
    return ymd(v.getUTCFullYear(), v.getUTCMonth() + 1, v.getUTCDate());
  }
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return null;
    if (v >= 19000101 && v <= 21001231 && Number.isInteger(v)) return parseDateCell(String(v));
    if (v < 1 || v > 73050) return null; // 1900-01-01 .. 2099-12-31
    const ms = Math.round((Math.floor(v) - 25569) * 86_400_000); // 25569 = serial of 1970-01-01
    const d = new Date(ms);
    return ymd(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
  }
  const s = normalizeText(String(v));
  let m = /^(\d{4})\s*[.\-/年]\s*(\d{1,2})\s*[.\-/月]\s*(\d{1,2})\s*日?$/.exec(s);
  if (m) return ymd(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) return ymd(Number(m[1]), Number(m[2]), Number(m[3]));
  return null;
}

export function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

function decodeRef(ref: string): { row: number; col: number } {
  const m = /^([A-Z]+)(\d+)$/.exec(ref.toUpperCase());
  if (!m) return { row: 0, col: 0 };
  let col = 0;
  for (const ch of m[1]) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]), col };
}

interface Merge { top: number; left: number; bottom: number; right: number }

/** The merged ranges of the first worksheet, read from the file's XML without loading the sheet. */
async function readMerges(zip: JSZip): Promise<Merge[]> {
  const names = Object.keys(zip.files).filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n))
    .sort((a, b) => Number(/(\d+)\.xml$/.exec(a)![1]) - Number(/(\d+)\.xml$/.exec(b)![1]));
  if (!names.length) return [];
  const merges: Merge[] = [];
  let tail = '';
  await new Promise<void>((resolve, reject) => {
    zip.file(names[0])!.nodeStream('nodebuffer')
      .on('data', (chunk: Buffer) => {
        const text = tail + chunk.toString('utf8');
        const re = /<mergeCell\s+ref="([A-Z]+\d+):([A-Z]+\d+)"/g;
        let m: RegExpExecArray | null;
        let last = 0;
        while ((m = re.exec(text))) {
          const a = decodeRef(m[1]);
          const b = decodeRef(m[2]);
          merges.push({ top: a.row, left: a.col, bottom: b.row, right: b.col });
          last = re.lastIndex;
        }
        tail = text.slice(Math.max(last, text.length - 200));
      })
      .on('end', () => resolve())
      .on('error', reject);
  });
  return merges;
}

export const NOT_XLSX = () => new AppError(400, 'IMPORT_NOT_XLSX');

/** Refuses at once what is not an xlsx (zip) file. */
export async function assertXlsx(file: string): Promise<JSZip> {
  const fd = await fs.promises.open(file, 'r');
  const head = Buffer.alloc(4);
  const { bytesRead } = await fd.read(head, 0, 4, 0);
  await fd.close();
  if (bytesRead === 0) throw new AppError(400, 'IMPORT_EMPTY');
  if (bytesRead < 4 || head.readUInt32LE(0) !== 0x04034b50) throw NOT_XLSX();
  try {
    const zip = await (await zipLib()).loadAsync(await fs.promises.readFile(file));
    if (!zip.file('[Content_Types].xml') || !Object.keys(zip.files).some((n) => n.startsWith('xl/worksheets/'))) throw NOT_XLSX();
    return zip;
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw NOT_XLSX();
  }
}

/** The row count the sheet declares (`<dimension ref="A1:P5001"/>`), read from the start of the first worksheet. */
export async function declaredRows(file: string): Promise<number> {
  try {
    const zip = await assertXlsx(file);
    const sheet = Object.keys(zip.files).filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n))
      .sort((a, b) => Number(/\d+/.exec(a)![0]) - Number(/\d+/.exec(b)![0]))[0];
    if (!sheet) return 0;
    let head = '';
    for await (const chunk of zip.file(sheet)!.nodeStream() as AsyncIterable<Buffer>) {
      head += chunk.toString('utf8');
      if (head.length > 4096) break;
    }
    const m = /<dimension ref="[A-Z]+\d+:[A-Z]+(\d+)"/.exec(head);
    return m ? Number(m[1]) : 0;
  } catch { return 0; }
}

const SHEET_ENTRY = /^xl\/worksheets\/sheet\d+\.xml$/;
const READER_META = ['xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml', 'xl/styles.xml'];

/**
 * What exceljs's streaming reader reads. When a worksheet comes before the workbook, its relations, the shared strings
 * or the styles in the zip (Excel writes the shared strings after the sheets), the reader parks the sheet in a temp
 * file and parses it after the last entry, and about one read in 500 it then fails on a workbook model it has not
 * finished reading ("Cannot read properties of undefined (reading 'sheets')" — seen as a random 400 IMPORT_NOT_XLSX
 * of a good file). Such a file is re-packed, uncompressed, with those entries first, so the sheet is read as it
 * streams; a file already in that order is read from disk as it is.
 */
export async function readerInput(zip: JSZipType, file: string): Promise<string | PassThrough> {
  const names = Object.keys(zip.files).filter((n) => !zip.files[n].dir);
  const firstSheet = names.findIndex((n) => SHEET_ENTRY.test(n));
  const lateMeta = READER_META.some((m) => names.indexOf(m) > firstSheet);
  if (firstSheet < 0 || !lateMeta) return file;
  const out = new (await zipLib())();
  const ordered = [...names.filter((n) => !SHEET_ENTRY.test(n)), ...names.filter((n) => SHEET_ENTRY.test(n))];
  for (const n of ordered) out.file(n, await zip.file(n)!.async('nodebuffer'));
  const through = new PassThrough(); // exceljs takes only node's own Readable; JSZip's stream is another class
  return out.generateNodeStream({ compression: 'STORE', streamFiles: false }).on('error', (e) => through.destroy(e)).pipe(through);
}

export interface SheetRow { row: number; cells: Cell[] }

/**
 * Streams the first worksheet's rows (1-based columns in `cells[col]`), with the value of a merged range
 * repeated in every cell it covers. Memory stays flat however many rows the sheet has.
 */
export async function* readSheet(file: string): AsyncGenerator<SheetRow> {
  const zip = await assertXlsx(file);
  const merges = await readMerges(zip);
  const byRow = new Map<number, Merge[]>();
  for (const m of merges) {
    if (m.bottom - m.top > 100_000) continue;
    for (let r = m.top; r <= m.bottom; r++) {
      const list = byRow.get(r) ?? [];
      list.push(m);
      byRow.set(r, list);
    }
  }
  const masters = new Map<Merge, Cell>();
  const ExcelJS = await excel();
  const input = await readerInput(zip, file);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'emit',
  });
  try {
    for await (const ws of reader) {
      for await (const row of ws as AsyncIterable<ExcelJSType.Row>) {
        const values = row.values as unknown[];
        const cells: Cell[] = [];
        for (let c = 1; c < values.length; c++) cells[c] = plainValue(values[c]);
        for (const m of byRow.get(row.number) ?? []) {
          if (row.number === m.top) masters.set(m, cells[m.left] ?? null);
          const v = masters.get(m) ?? null;
          for (let c = m.left; c <= m.right; c++) if (!(row.number === m.top && c === m.left)) cells[c] = v;
        }
        yield { row: row.number, cells };
      }
      break; // the first worksheet only
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw NOT_XLSX();
  } finally {
    if (typeof input !== 'string') input.destroy(); // the sheets after the first are not read
  }
}

export interface HeaderSpec<K extends string> { key: K; aliases: string[] }

/** Finds the header row among the first rows (a title row may sit above it) and maps columns to keys. */
export function matchHeader<K extends string>(cells: Cell[], spec: HeaderSpec<K>[]): Map<K, number> | null {
  const found = new Map<K, number>();
  const norm = (s: string) => normalizeText(s).toLowerCase().replace(/[\s*＊:：()（）]/g, '');
  cells.forEach((c, col) => {
    if (c === null || typeof c !== 'string') return;
    const t = norm(c);
    for (const s of spec) {
      if (!found.has(s.key) && s.aliases.some((a) => norm(a) === t)) { found.set(s.key, col); break; }
    }
  });
  return found.size >= 3 ? found : null;
}

/** Writes rows to an xlsx file as a stream (bounded memory). */
export async function writeXlsx(file: string, sheetName: string, header: string[], rows: AsyncIterable<Cell[]> | Iterable<Cell[]>,
  opts: { textColumns?: number[]; widths?: number[]; markCell?: (rowIndex: number, col: number) => boolean } = {}): Promise<void> {
  const ExcelJS = await excel();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = header.map((h, i) => ({ header: h, width: opts.widths?.[i] ?? Math.max(10, h.length * 2 + 4), style: opts.textColumns?.includes(i + 1) ? { numFmt: '@' } : {} }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).commit();
  let i = 0;
  for await (const r of rows as AsyncIterable<Cell[]>) {
    i++;
    const row = ws.addRow(r);
    if (opts.markCell) {
      r.forEach((_v, c) => {
        if (opts.markCell!(i, c + 1)) row.getCell(c + 1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } };
      });
    }
    row.commit();
  }
  ws.commit();
  await wb.commit();
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** One worksheet of a workbook built in memory: a header (titles, or titles with column widths) and rows. */
export interface SheetSpec {
  name: string;
  header?: (string | { title: string; width?: number })[];
  /** the header row in bold */
  boldHeader?: boolean;
  rows: Cell[][];
}

/** A small workbook in memory (score sheets, result lists, templates); big lists stream with writeXlsx. */
export async function workbookBuffer(sheets: SheetSpec[]): Promise<Buffer> {
  const ExcelJS = await excel();
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    if (s.header?.some((h) => typeof h !== 'string')) {
      ws.columns = s.header.map((h) => (typeof h === 'string' ? { header: h } : { header: h.title, width: h.width }));
    } else if (s.header) ws.addRow(s.header);
    if (s.boldHeader) ws.getRow(1).font = { bold: true };
    for (const r of s.rows) ws.addRow(r);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The first worksheet of an xlsx in memory (small uploads such as a question bank), or null when unreadable. */
export async function firstWorksheet(buf: Buffer): Promise<ExcelJSType.Worksheet | null> {
  const ExcelJS = await excel();
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch {
    return null;
  }
  return wb.worksheets[0] ?? null;
}

/**
 * Sends a workbook (in memory, or a file streamed from disk) as a download. `filename` is what the browser saves
 * it as (non-ASCII names are sent as RFC 5987 `filename*`); `temporary`: a file on disk removed once sent.
 */
export function sendXlsx(reply: FastifyReply, body: Buffer | string, filename: string, opts: { temporary?: boolean } = {}) {
  const ascii = /^[\x20-\x7e]+$/.test(filename) && !filename.includes('"');
  reply.type(XLSX_TYPE).header('Content-Disposition', ascii
    ? `attachment; filename="${filename}"`
    : `attachment; filename="download.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}`);
  if (typeof body !== 'string') return reply.send(body);
  const stream = fs.createReadStream(body);
  // a file written for this answer only (a streamed export) goes once it has been sent
  if (opts.temporary) stream.on('close', () => fs.rm(body, { force: true }, () => {}));
  return reply.send(stream);
}
