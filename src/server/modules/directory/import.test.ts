import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from '../../platform/exceljs.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { json, testApp, type TestApp } from '../../../../test/support/app.ts';
import { makeIdNumber } from './idcard.ts';
import { member, memberBody } from '../../../../test/support/factories.ts';

let t: TestApp;
let A: { id: string; rootOrgId: string };
let yj1: { id: string }; let yj2: { id: string }; let lm: { id: string };
let admin: Awaited<ReturnType<TestApp['user']>>;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lj-import-'));

beforeAll(async () => {
  t = await testApp();
  A = await t.region('孔浦街道');
  const yj = await t.org(A.id, A.rootOrgId, '怡江社区党委', 'committee');
  yj1 = await t.org(A.id, yj.id, '怡江第一支部');
  yj2 = await t.org(A.id, yj.id, '怡江第二支部');
  lm = await t.org(A.id, A.rootOrgId, '绿梅社区党委', 'committee');
  admin = await t.user({ grants: [{ role: 'org_admin', scopeKind: 'org', scopeId: yj.id, regionId: A.id }] });
});

function multipart(fields: Record<string, string>, file?: { name: string; data: Buffer }) {
  const boundary = '----lj' + Math.random().toString(16).slice(2);
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`));
    parts.push(file.data, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function upload(fields: Record<string, string>, data?: Buffer, name = 'roster.xlsx', client = admin.client) {
  const { payload, contentType } = multipart(fields, data ? { name, data } : undefined);
  return t.app.inject({
    method: 'POST', url: '/api/v1/members/import', payload,
    headers: { cookie: client.cookie!, 'x-requested-with': 'XMLHttpRequest', 'content-type': contentType, 'accept-language': 'en-US' },
  });
}

const HEADER = ['姓名', '性别', '民族', '出生日期', '身份证号', '手机', '家庭住址', '所在支部', '人员类别', '入党日期', '转正日期'];

/** A roster as real ones look: a merged title row, dates in four spellings, full-width text, a merged org column. */
async function messyRoster(rows: unknown[][], opts: { mergeOrg?: boolean; withStatus?: boolean } = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('党员花名册');
  const header = opts.withStatus ? [...HEADER, '状态'] : HEADER;
  ws.addRow(['孔浦街道怡江社区党员花名册（2026 年）']);
  ws.mergeCells(1, 1, 1, header.length);
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  if (opts.mergeOrg && rows.length > 1) ws.mergeCells(3, 8, 2 + rows.length, 8);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const idOf = (birth: string, g: 'M' | 'F', seq: number) => makeIdNumber('330205', birth, g, seq);
const count = async () => (await t.database.query<{ n: number }>('select count(*)::int as n from members'))[0].n;

describe('roster import', () => {
  it('imports a messy but valid roster: title row, merged cells, dates in every spelling, full-width text', async () => {
    const rows = [
      ['王建国 ', '男', '汉族', '1960.03.15', idOf('1960-03-15', 'M', 1), '13800001111', '怡江小区１幢１０１室', '怡江第一支部', '正式党员', '1985年7月1日', '1986/7/1'],
      ['李秀英', '女', '汉族', new Date(Date.UTC(1962, 4, 20)), idOf('1962-05-20', 'F', 2), '138 0000 2222', '怡江小区2幢', null, '正式党员', 31959 /* serial 1987-07-01 */, '1988-07-01'],
      ['ＺＨＡＯ', '男', '汉族', '19800101', idOf('1980-01-01', 'M', 3).toLowerCase().replace('x', 'x'), null, null, null, '预备党员', '2026-01-10', null],
    ];
    const data = await messyRoster(rows, { mergeOrg: true });
    const before = await count();
    const check = json(await upload({ mode: 'check' }, data));
    expect(check).toMatchObject({ mode: 'check', totalRows: 3, validRows: 3, invalidRows: 0, created: 3, updated: 0, imported: false, errors: [] });
    expect(await count()).toBe(before);
    const res = await upload({ mode: 'import' }, data);
    expect(res.statusCode).toBe(200);
    expect(json(res)).toMatchObject({ totalRows: 3, created: 3, imported: true });
    const got = await t.database.query<{ name: string; org_id: string; joined_on: string; full_on: string | null; phone: string | null; address: string | null }>(
      `select name, org_id, joined_on::text, full_on::text, phone, address from members order by joined_on`);
    expect(got.map((g) => g.name)).toEqual(['王建国', '李秀英', 'ZHAO']);
    expect(got.map((g) => g.org_id)).toEqual([yj1.id, yj1.id, yj1.id]); // the merged org column fills down
    expect(got.map((g) => g.joined_on)).toEqual(['1985-07-01', '1987-07-01', '2026-01-10']);
    expect(got[1].phone).toBe('13800002222');
    expect(got[0].address).toBe('怡江小区1幢101室');
  });

  it('a Chinese name padded with an ideographic space (王　芳) is stored and found as 王芳: create, update and import', async () => {
    const made = await admin.client.post('/api/v1/members', { ...memberBody(yj1.id, { name: '王\u3000芳' }) });
    expect(made.statusCode).toBe(201);
    expect(json(made).name).toBe('王芳');
    const other = json(await admin.client.post('/api/v1/members', { ...memberBody(yj1.id, { name: '欧阳' }) }));
    const renamed = json(await admin.client.patch(`/api/v1/members/${other.id}`, { name: ' 欧阳\u3000 修远\t' }));
    expect(renamed.name).toBe('欧阳修远');
    const data = await messyRoster([
      ['孙\u3000丽', '女', '汉族', '1971-11-11', idOf('1971-11-11', 'F', 71), null, null, '怡江第一支部', '正式党员', '1995-07-01', '1996-07-01'],
    ]);
    expect(json(await upload({ mode: 'import' }, data))).toMatchObject({ created: 1, imported: true });
    const stored = await t.database.query<{ name: string }>(`select name from members where name like '王%芳' or name like '欧阳%' or name like '孙%丽' order by name`);
    expect(stored.map((r) => r.name).sort()).toEqual(['孙丽', '欧阳修远', '王芳'].sort());
    for (const name of ['王芳', '孙丽', '欧阳修远']) {
      const found = json(await admin.client.get(`/api/v1/members?q=${encodeURIComponent(name)}`)).items;
      expect(found.map((m: { name: string }) => m.name)).toEqual([name]);
    }
  });

  it('a re-import of the same people updates them, never duplicates', async () => {
    const data = await messyRoster([
      ['王建国', '男', '汉族', '1960-03-15', idOf('1960-03-15', 'M', 1), '13900009999', '新地址', '怡江第二支部', '正式党员', '1985-07-01', '1986-07-01'],
    ]);
    const before = await count();
    const res = json(await upload({ mode: 'import' }, data));
    expect(res).toMatchObject({ created: 0, updated: 1, imported: true });
    expect(await count()).toBe(before);
    const [m] = await t.database.query<{ phone: string; org_id: string }>(`select phone, org_id from members where name = '王建国'`);
    expect(m).toEqual({ phone: '13900009999', org_id: yj2.id });
  });

  it('lists every bad row with row, column and reason, imports nothing, and offers the marked file back', async () => {
    const rows = [
      ['好人', '男', '汉族', '1970-01-01', idOf('1970-01-01', 'M', 11), null, null, '怡江第一支部', '正式党员', '1995-07-01', '1996-07-01'],
      ['校验错', '男', '汉族', '1970-01-01', '110105194912310021', null, null, '怡江第一支部', '正式党员', '1995-07-01', '1996-07-01'],
      ['数字号', '男', '汉族', '1970-01-01', 330205197001011000, null, null, '怡江第一支部', '正式党员', '1995-07-01', '1996-07-01'],
      ['早转正', '女', '汉族', '1970-01-01', idOf('1970-01-01', 'F', 12), null, null, '怡江第一支部', '正式党员', '1995-07-01', '1995-01-01'],
      ['外组织', '女', '汉族', '1970-01-01', idOf('1970-01-01', 'F', 13), null, null, '绿梅社区党委', '正式党员', '1995-07-01', '1996-07-01'],
      ['坏日期', '女', '汉族', '1970-01-01', idOf('1970-01-01', 'F', 14), null, null, '怡江第一支部', '正式党员', '1995-13-45', null],
      ['重复号', '男', '汉族', '1970-01-01', idOf('1970-01-01', 'M', 11), null, null, '怡江第一支部', '正式党员', '1995-07-01', '1996-07-01'],
    ];
    const before = await count();
    const res = await upload({ mode: 'import' }, await messyRoster(rows));
    expect(res.statusCode).toBe(200);
    const body = json(res);
    expect(body).toMatchObject({ totalRows: 7, validRows: 1, invalidRows: 6, imported: false, created: 0 });
    expect(await count()).toBe(before);
    const byRow = (row: number) => body.errors.filter((e: { row: number }) => e.row === row).map((e: { column: string; message: string }) => `${e.column}: ${e.message}`).join(' | ');
    expect(byRow(4)).toMatch(/^E ID number: the check digit/);
    expect(byRow(5)).toMatch(/stored as a number.*rounded/);
    expect(byRow(6)).toMatch(/K Full member since: full membership cannot be before joining/);
    expect(byRow(7)).toMatch(/no organisation "绿梅社区党委" in your scope/);
    expect(byRow(8)).toMatch(/J Joined on: is not a recognisable date/);
    expect(byRow(9)).toMatch(/same ID number as row 3/);
    // the report: the rows again, with the errors
    const report = await t.app.inject({ method: 'GET', url: `/api/v1/members/import-reports/${body.reportId}`, headers: { cookie: admin.client.cookie! } });
    expect(report.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(report.rawPayload as never);
    const ws = wb.worksheets[0];
    expect(ws.rowCount).toBe(8);
    expect(String(ws.getRow(3).getCell(13).value)).toMatch(/check digit/);
    // someone else cannot fetch it
    const other = await t.user({ grants: [{ role: 'org_admin', scopeKind: 'org', scopeId: yj1.id, regionId: A.id }] });
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/members/import-reports/${body.reportId}`, headers: { cookie: other.client.cookie! } })).statusCode).toBe(404);
    // "import the valid rows" imports just the good one
    const partial = json(await upload({ mode: 'import', validOnly: 'true' }, await messyRoster(rows)));
    expect(partial).toMatchObject({ imported: true, created: 1, invalidRows: 6 });
    expect(await count()).toBe(before + 1);
  });

  it('a row reports every problem it has at once, not only the first', async () => {
    const rows = [
      // a bad phone, a wrong check digit, full membership before joining, and an unknown status: four problems, four cells
      ['多错', '男', '汉族', '1970-01-01', '110105194912310021', '12345', null, '怡江第一支部', '正式党员', '1995-07-01', '1995-01-01', '不知道'],
      // a cell problem (bad joining date) and a rule over the other cells (ID disagreeing with the gender)
      ['两错', '女', '汉族', '1970-01-01', idOf('1970-01-01', 'M', 31), null, null, '怡江第一支部', '预备党员', '1995-13-45', null],
    ];
    const before = await count();
    const res = await upload({ mode: 'check' }, await messyRoster(rows, { withStatus: true }));
    expect(res.statusCode).toBe(200);
    const body = json(res);
    expect(body).toMatchObject({ totalRows: 2, invalidRows: 2, imported: false });
    expect(await count()).toBe(before);
    const cols = (row: number) => body.errors.filter((e: { row: number }) => e.row === row).map((e: { column: string }) => e.column.split(' ')[0]).sort();
    expect(cols(3)).toEqual(['E', 'F', 'K', 'L']);
    expect(cols(4)).toEqual(['E', 'J']);
    const messages = body.errors.map((e: { message: string }) => e.message).join(' | ');
    expect(messages).toMatch(/check digit/);
    expect(messages).toMatch(/not a valid phone number/);
    expect(messages).toMatch(/full membership cannot be before joining/);
    expect(messages).toMatch(/disagrees with the gender/);
  });

  it.each([
    ['not an xlsx', Buffer.from('name,gender\n张三,男\n'), 'IMPORT_NOT_XLSX'],
    ['a zip that is not a workbook', Buffer.from('PK\u0003\u0004garbage-garbage-garbage'), 'IMPORT_NOT_XLSX'],
    ['an empty file', Buffer.alloc(0), 'IMPORT_EMPTY'],
  ])('%s → 400 %s, nothing changed', async (_n, data, code) => {
    const before = await count();
    const res = await upload({ mode: 'import' }, data);
    expect(res.statusCode).toBe(400);
    expect(json(res).error.code).toBe(code);
    expect(await count()).toBe(before);
  });

  it('a running import can be followed by its progress id: rows read of the rows declared, for its uploader only', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => [`进度${i}`, i % 2 ? '男' : '女', '汉族', '1970-01-01', idOf('1970-01-01', i % 2 ? 'M' : 'F', 400 + i),
      null, null, '怡江第一支部', '正式党员', '2000-07-01', '2001-07-01']);
    const data = await messyRoster(rows);
    const progressId = '0190b6a0-1111-7000-8000-000000000001';
    const get = (id: string, client = admin.client) => t.app.inject({ method: 'GET', url: `/api/v1/members/import-progress/${id}`, headers: { cookie: client.cookie! } });
    expect((await get(progressId)).statusCode).toBe(404);
    const check = await upload({ mode: 'check', progressId }, data);
    expect(check.statusCode).toBe(200);
    expect(json(check).totalRows).toBe(30);
    // every row was read and reported (the sheet declared 32 lines: a title and a header row more)
    const p = await get(progressId);
    expect(p.statusCode).toBe(200);
    expect(json(p)).toEqual({ rows: json(check).totalRows, total: json(check).totalRows, done: true });
    // another user, even one who may import, gets what an unknown id gets
    const other = await t.user({ grants: [{ role: 'region_admin', scopeKind: 'region', scopeId: A.id, regionId: A.id }] });
    const theirs = await get(progressId, other.client);
    expect(theirs.statusCode).toBe(404);
    expect(json(theirs).error.code).toBe('NOT_FOUND');
    // a progress id that is not a uuid is refused before anything is read
    const before = await count();
    const bad = await upload({ mode: 'import', progressId: 'x'.repeat(40) }, data);
    expect(bad.statusCode).toBe(400);
    expect(await count()).toBe(before);
  });

  it('a workbook without a header row, or without rows, or without a file', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('x');
    for (let i = 0; i < 12; i++) ws.addRow(['something', i]);
    const res = await upload({ mode: 'import' }, Buffer.from(await wb.xlsx.writeBuffer()));
    expect(json(res).error.code).toBe('IMPORT_NO_HEADER');
    const empty = await upload({ mode: 'import' }, await messyRoster([]));
    expect(json(empty).error.code).toBe('IMPORT_NO_ROWS');
    expect(json(await upload({ mode: 'import' })).error.code).toBe('IMPORT_NO_FILE');
    const missing = new ExcelJS.Workbook();
    missing.addWorksheet('x').addRow(['姓名', '性别', '民族', '出生日期']);
    const m = json(await upload({ mode: 'import' }, Buffer.from(await missing.xlsx.writeBuffer())));
    expect(m.error.details.map((d: { message: string }) => d.message).join()).toMatch(/ID number/);
  });

  it('50,000 bad rows: answers with the count, a capped list and the report', async () => {
    const file = path.join(dir, 'bad50k.xlsx');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file });
    const ws = wb.addWorksheet('x');
    ws.addRow(HEADER).commit();
    for (let i = 0; i < 50_000; i++) ws.addRow([`人${i}`, '男', '汉族', '1970-01-01', '110105194912310021', null, null, '怡江第一支部', '正式党员', '1995-07-01', '1996-07-01']).commit();
    await wb.commit();
    const before = await count();
    const res = await upload({ mode: 'check' }, fs.readFileSync(file));
    const body = json(res);
    expect(body).toMatchObject({ totalRows: 50_000, invalidRows: 50_000, errorsTruncated: true });
    expect(body.errors).toHaveLength(1000);
    expect(body.reportId).toBeTruthy();
    expect(await count()).toBe(before);
  }, 120_000);

  it('the template downloads and imports back clean', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/members/import-template', headers: { cookie: admin.client.cookie!, 'accept-language': 'zh-CN' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/spreadsheetml/);
    const check = json(await upload({ mode: 'check', defaultOrgId: yj1.id }, res.rawPayload));
    expect(check.errors).toEqual([]);
    expect(check.errors.length + check.validRows).toBe(1);
  });

  it('export gives the filtered list, masked for readers without the right', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/members/export?orgId=${yj1.id}`, headers: { cookie: admin.client.cookie!, 'accept-language': 'zh-CN' } });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as never);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).getCell(1).value).toBe('姓名');
    expect(ws.rowCount).toBeGreaterThan(2);
    const ids = [];
    for (let r = 2; r <= ws.rowCount; r++) ids.push(String(ws.getRow(r).getCell(6).value));
    expect(ids.every((x) => !x.includes('*'))).toBe(true); // the org admin may see them
    const allianceId = (await t.database.query<{ id: string }>(`insert into alliances (region_id, id, kind, name) values ($1, gen_random_uuid(), 'cluster', '导出联盟') returning id`, [A.id]))[0].id;
    await t.database.query('insert into alliance_orgs (region_id, alliance_id, org_id) values ($1, $2, $3)', [A.id, allianceId, yj1.id]);
    const coord = await t.user({ grants: [{ role: 'alliance_coordinator', scopeKind: 'alliance', scopeId: allianceId, regionId: A.id }] });
    const masked = await t.app.inject({ method: 'GET', url: `/api/v1/members/export`, headers: { cookie: coord.client.cookie! } });
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(masked.rawPayload as never);
    const ws2 = wb2.worksheets[0];
    expect(ws2.rowCount).toBeGreaterThan(2);
    for (let r = 2; r <= ws2.rowCount; r++) expect(String(ws2.getRow(r).getCell(6).value)).toContain('*');
    void lm;
  });

  it('export of the selected rows: only those, still inside scope; a bad id list is a 400 on ids', async () => {
    const list = json(await admin.client.get(`/api/v1/members?orgId=${yj1.id}&pageSize=5&sort=name`));
    const picked = list.items.slice(0, 2).map((m: { id: string }) => m.id);
    const names = list.items.slice(0, 2).map((m: { name: string }) => m.name).sort();
    const outside = (await member(t, lm.id)).id; // 绿梅: outside the 怡江 admin's scope
    const ids = [...picked, outside, '01900000-0000-7000-8000-000000000000'].join(',');
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/members/export?ids=${ids}`, headers: { cookie: admin.client.cookie!, 'accept-language': 'zh-CN' } });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as never);
    const ws = wb.worksheets[0];
    const got = [];
    for (let r = 2; r <= ws.rowCount; r++) got.push(String(ws.getRow(r).getCell(1).value));
    expect(got.sort()).toEqual(names); // the made-up and the out-of-scope id give nothing
    const bad = await t.app.inject({ method: 'GET', url: `/api/v1/members/export?ids=nope`, headers: { cookie: admin.client.cookie! } });
    expect(bad.statusCode).toBe(400);
    expect(json(bad).error.details?.[0]?.field).toMatch(/ids/);
  });
});
