import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import ExcelJS, { parseSax } from './exceljs.ts';
import { normalizeText, parseDateCell, readSheet, readerInput } from './xlsx.ts';

describe('reading sheets', () => {
  it('the XML reader keeps a character split across two chunks (the exceljs stream bug it replaces)', async () => {
    const bytes = Buffer.from('<r><t>大家好，才是真的好</t></r>');
    async function* chunks() { yield bytes.subarray(0, 20); yield bytes.subarray(20); } // 20 cuts 才 in two
    let text = '';
    for await (const events of parseSax(chunks())) for (const e of events) if (e.eventType === 'text') text += e.value as string;
    expect(text).toBe('大家好，才是真的好');
  });


  it('hands the streaming reader the workbook, its relations, shared strings and styles before the sheets (a sheet read before them failed about one read in 500)', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('党员户').addRows([['楼栋', '住址'], ['怡江春色 5幢', '101室']]);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lj-xlsx-')), 'order.xlsx');
    await wb.xlsx.writeFile(file);
    const JSZip = (await import('jszip')).default;
    const written = Object.keys((await JSZip.loadAsync(fs.readFileSync(file))).files);
    expect(written.indexOf('xl/sharedStrings.xml')).toBeGreaterThan(written.indexOf('xl/worksheets/sheet1.xml')); // the case this is about
    const input = await readerInput(await JSZip.loadAsync(fs.readFileSync(file)), file);
    expect(typeof input).not.toBe('string');
    const chunks: Buffer[] = [];
    for await (const c of input as AsyncIterable<Buffer>) chunks.push(c);
    const order = Object.keys((await JSZip.loadAsync(Buffer.concat(chunks))).files);
    const sheet = order.indexOf('xl/worksheets/sheet1.xml');
    for (const meta of ['xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml', 'xl/styles.xml']) expect(order.indexOf(meta), meta).toBeLessThan(sheet);
    const rows: unknown[] = [];
    for await (const { cells } of readSheet(file)) rows.push(cells.slice(1));
    expect(rows).toEqual([['楼栋', '住址'], ['怡江春色 5幢', '101室']]);
  });

  it('keeps every Chinese character intact across the reader’s chunk boundaries (exceljs stream bug)', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lj-xlsx-')), 'cn.xlsx');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file });
    const ws = wb.addWorksheet('党员');
    const long = '宁波市江北区孔浦街道怡江社区怡江春色小区党员志愿者服务队';
    for (let i = 0; i < 10000; i++) ws.addRow([`成员${i}`, '正式党员', long, long + long]).commit();
    await wb.commit();
    let n = 0;
    const broken: string[] = [];
    for await (const { cells } of readSheet(file)) {
      n++;
      for (const c of cells.slice(2)) if (typeof c === 'string' && c.includes('\ufffd')) broken.push(c);
      if (cells[2] !== '正式党员') broken.push(String(cells[2]));
    }
    expect(n).toBe(10000);
    expect(broken).toEqual([]);
  });

  it.each([
    ['2001.07.01', '2001-07-01'], ['2001年7月1日', '2001-07-01'], ['2001/7/1', '2001-07-01'], ['2001-07-01', '2001-07-01'],
    ['20010701', '2001-07-01'], [37073, '2001-07-01'], ['２００１．０７．０１', '2001-07-01'], ['2001-02-30', null], ['yesterday', null],
    // outside 1900-01-01..2200-12-31, like every date of the API: not a date
    ['0100.01.01', null], ['9999-12-31', null], ['1899-12-31', null], ['1900-01-01', '1900-01-01'], ['2200-12-31', '2200-12-31'],
  ])('reads the date %s as %s', (v, want) => {
    expect(parseDateCell(v as string | number)).toBe(want);
  });

  it('a Date cell outside the range is not a date', () => {
    expect(parseDateCell(new Date(Date.UTC(9999, 0, 1)))).toBe(null);
    expect(parseDateCell(new Date(Date.UTC(1950, 4, 13)))).toBe('1950-05-13');
  });

  it('cell text loses NUL and unpaired surrogates (PostgreSQL cannot store them), keeps emoji', () => {
    expect(normalizeText(' 张\u0000三\ud800 😀 ')).toBe('张三 😀');
  });
});
