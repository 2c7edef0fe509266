import ExcelJS from '../../platform/exceljs.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { json, testApp, uploadAs, type Client, type TestApp } from '../../../../test/support/app.ts';
import * as make from '../../../../test/support/factories.ts';
import { expectRefused, snapshot } from '../../../../test/support/refused.ts';
import { workbookBuffer, type Cell } from '../../platform/xlsx.ts';

/** The year's dues bases from xlsx: the template of the branch, all rows or none, every problem of every row. */
let t: TestApp;
let branch: make.Org;
let other: make.Org;
let collector: Client;
let outsider: Client;
let ids: string[];
let stranger: string;
const YEAR = 2026;
const HEADER = ['党员编号', '姓名', '人员类别', '税后月收入（元）', '减免后月交（元）', '支部减免决定', '上级党委批准', '调整原因'];

beforeAll(async () => {
  t = await testApp();
  const r = await make.region(t, '导入区');
  branch = await make.org(t, r.id, r.rootOrgId, '导入第一党支部');
  other = await make.org(t, r.id, r.rootOrgId, '导入第二党支部');
  ids = await make.members(t, branch.id, 4, '导入');
  [stranger] = await make.members(t, other.id, 1, '别支部');
  collector = (await make.orgAdmin(t, r.id, branch.id)).client;
  outsider = (await make.orgAdmin(t, r.id, other.id)).client;
});

const upload = (c: Client, content: Buffer | null, fields: Record<string, string> = { orgId: branch.id, year: String(YEAR) }) =>
  uploadAs(t.app, c, '/api/v1/dues/import', fields, content, { filename: 'dues.xlsx', locale: 'zh-CN' });
const sheet = (rows: Cell[][]) => workbookBuffer([{ name: '党费基数', header: HEADER, rows }]);
const sheetOf = async (month = 11) => json(await collector.get(`/api/v1/dues/sheet?orgId=${branch.id}&year=${YEAR}&month=${month}`));

describe('dues bases from xlsx', () => {
  it('the template lists the branch\'s members with their numbers; out of scope answers like a made-up branch', async () => {
    const res = await collector.get(`/api/v1/dues/import-template?orgId=${branch.id}&year=${YEAR}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).getCell(1).value).toBe('党员编号');
    const listed = [2, 3, 4, 5].map((n) => ws.getRow(n).getCell(1).value);
    expect(listed.sort()).toEqual([...ids].sort());
    expect(ws.getRow(6).getCell(1).value).toBeNull();
    const madeUp = await collector.get(`/api/v1/dues/import-template?orgId=0190b6a0-0000-7000-8000-00000000beef&year=${YEAR}`);
    const foreign = await outsider.get(`/api/v1/dues/import-template?orgId=${branch.id}&year=${YEAR}`);
    expect(madeUp.statusCode).toBe(404);
    expect(foreign.statusCode).toBe(404);
    expect(json(foreign)).toEqual(json(madeUp));
  });

  it('a file with bad rows reports each row\'s problems in Chinese and changes nothing', async () => {
    const file = await sheet([
      [ids[0], null, '在岗职工', 6000, null, null, null, null], // good
      ['0190b6a0-0000-7000-8000-00000000beef', '查无此人', '在岗职工', 5000, null, null, null, null], // unknown member
      [stranger, null, '在岗职工', 5000, null, null, null, null], // another branch's member (the caller's outsider)
      [ids[1], null, '在岗职工', -100, null, null, null, null], // negative
      [ids[2], null, '离退休', '三千', null, null, null, null], // not a number
      [ids[3], null, '干部', 12.345, 1, '支委会决定', null, null], // unknown category, fractional fen; reduction without approval
    ]);
    const err = await expectRefused(() => upload(collector, file), 422, 'DUES_IMPORT_ROWS_INVALID', () => snapshot(t));
    const fields = (err.details as { field: string; message: string }[]).map((d) => d.field);
    expect(fields).toEqual(['rows.3.memberId', 'rows.4.memberId', 'rows.5.income', 'rows.6.income', 'rows.7.category', 'rows.7.income']);
    const messages = (err.details as { message: string }[]).map((d) => d.message);
    expect(messages[0]).toContain('本支部没有党员');
    expect(messages[1]).toBe(messages[0].replace('0190b6a0-0000-7000-8000-00000000beef', stranger));
    expect(messages[2]).toContain('不是有效金额');
    expect((await sheetOf()).rows.every((r: { monthlyFen: number | null }) => r.monthlyFen === null)).toBe(true);

    // a reduction without the committee's approval, by itself
    const reduced = await sheet([[ids[3], null, '在岗职工', 8000, 50, '支委会决定', null, null]]);
    const e2 = await expectRefused(() => upload(collector, reduced), 422, 'DUES_IMPORT_ROWS_INVALID', () => snapshot(t));
    expect((e2.details as { field: string }[]).map((d) => d.field)).toEqual(['rows.2.approval']);
  });

  it('refuses what is not a usable upload, and a branch out of scope like a made-up one', async () => {
    const good = await sheet([[ids[0], null, '在岗职工', 6000, null, null, null, null]]);
    await expectRefused(() => upload(collector, null), 400, 'IMPORT_NO_FILE', () => snapshot(t));
    await expectRefused(() => upload(collector, Buffer.from('not a workbook')), 400, 'IMPORT_NOT_XLSX', () => snapshot(t));
    await expectRefused(() => upload(outsider, good), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => upload(collector, good, { orgId: '0190b6a0-0000-7000-8000-00000000beef', year: String(YEAR) }), 404, 'NOT_FOUND', () => snapshot(t));
    const noHeader = await workbookBuffer([{ name: 'x', header: ['甲', '乙'], rows: [['1', '2']] }]);
    await expectRefused(() => upload(collector, noHeader), 422, 'DUES_IMPORT_NO_HEADER', () => snapshot(t));
  });

  it('a good file sets every row\'s amount by the table (a reduction with both records), audited; a set amount changes only with a reason', async () => {
    const res = await upload(collector, await sheet([
      [ids[0], null, '在岗职工', 6000, null, null, null, null], // 1.5% → ¥90.00
      [ids[1], null, '离退休', '4,000', null, null, null, null], // 0.5% → ¥20.00
      [ids[2], null, '学生', null, null, null, null, null], // ¥0.20
      [ids[3], null, 'employed', 8000, 50, '支委会 1 月 8 日决定', '上级党委 1 月 15 日批准', null], // ¥120.00 reduced to ¥50.00
    ]));
    expect(res.statusCode).toBe(200);
    expect(json(res)).toEqual({ rows: 4, created: 4, changed: 0, unchanged: 0 });
    const by = new Map((await sheetOf()).rows.map((r: { memberId: string }) => [r.memberId, r]));
    expect(by.get(ids[0])).toMatchObject({ category: 'employed', baseFen: 600_000, monthlyFen: 9_000, reduced: false });
    expect(by.get(ids[1])).toMatchObject({ category: 'retired', monthlyFen: 2_000 });
    expect(by.get(ids[2])).toMatchObject({ category: 'student', monthlyFen: 20 });
    expect(by.get(ids[3])).toMatchObject({ monthlyFen: 5_000, reduced: true });
    const audits = await t.database.query<{ n: number }>(`select count(*)::int n from audit_log where action = 'dues.import' and entity_id = any($1::text[])`, [`{${ids.join(',')}}`]);
    expect(audits[0].n).toBe(4);

    // again, with one change and no reason: refused, nothing changed; with the reason: changed and audited, the rest unchanged
    const rows = (reason: string | null): Cell[][] => [
      [ids[0], null, '在岗职工', 12000, null, null, null, reason], [ids[1], null, '离退休', 4000, null, null, null, null],
    ];
    const err = await expectRefused(async () => upload(collector, await sheet(rows(null))), 422, 'DUES_IMPORT_ROWS_INVALID', () => snapshot(t));
    expect((err.details as { field: string; message: string }[])[0]).toMatchObject({ field: 'rows.2.reason' });
    expect((err.details as { message: string }[])[0].message).toContain('¥90.00');
    expect(json(await upload(collector, await sheet(rows('年中调薪'))))).toEqual({ rows: 2, created: 0, changed: 1, unchanged: 1 });
    expect((await sheetOf()).rows.find((r: { memberId: string }) => r.memberId === ids[0])).toMatchObject({ monthlyFen: 24_000 });
  });
});
