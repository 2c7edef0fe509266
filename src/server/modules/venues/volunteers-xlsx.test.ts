import { beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from '../../platform/exceljs.ts';
import { json, testApp, type Client, type TestApp } from '../../../../test/support/app.ts';
import * as make from '../../../../test/support/factories.ts';
import { expectRefused, snapshot } from '../../../../test/support/refused.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { workbookBuffer, type Cell } from '../../platform/xlsx.ts';

/**
 * A team's roster as xlsx (with hours this year) and volunteers from xlsx: all rows or none, every problem of every row.
 * The test clock is 2026-11-25 10:00 in Shanghai. 怡江社区党委 (yjAdmin) owns the team; 绿梅 (lmAdmin) is out of its scope.
 */
let t: TestApp;
let w: make.World;
let teamId: string;
let otherTeamId: string;
let unitName: string;

beforeAll(async () => {
  t = await testApp();
  w = await make.world(t);
  teamId = json(await w.yjAdmin.post('/api/v1/volunteer-teams', { name: '党员义工服务队', orgId: w.org.yj.id })).id;
  otherTeamId = json(await w.yjAdmin.post('/api/v1/volunteer-teams', { name: '环保小分队', orgId: w.org.yj.id })).id;
  unitName = '宁波港光明码头有限公司';
  make.created(await w.admin.post('/api/v1/units', { regionId: w.A.id, kind: 'enterprise', name: unitName, orgId: w.org.yj.id }), 'unit');
  await make.member(t, w.org.yjb1.id, { name: '陈红', phone: '13800000011' });
  await make.member(t, w.org.yj.id, { name: '李芳', phone: '13800000012' });
  await make.member(t, w.org.yjb1.id, { name: '李芳', phone: '13800000013' });
  await make.member(t, w.org.lmb1.id, { name: '王大伯', phone: '13800000014' });
  const held = await w.yjAdmin.post('/api/v1/volunteers', { volunteerTeamId: otherTeamId, name: '周占号', politicalStatus: 'masses', volunteerNo: 'HB-0001' });
  expect(held.statusCode, held.body).toBe(201);
}, 180_000);

function upload(c: Client, id: string, content: Buffer | null, lang = 'en-US') {
  const boundary = `----lj${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  if (content) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="roster.xlsx"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`), content, Buffer.from('\r\n'));
  else parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nx\r\n`));
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return t.app.inject({
    method: 'POST', url: `/api/v1/volunteer-teams/${id}/roster/import`, payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'x-requested-with': 'XMLHttpRequest', 'accept-language': lang, cookie: c.cookie! },
  });
}
const HEAD = ['志愿者编号', '姓名', '政治面貌', '所在单位', '联系电话', '加入日期'];
const sheet = (rows: Cell[][]) => workbookBuffer([{ name: '志愿者名册', header: HEAD, rows }]);

async function readRoster(buf: Buffer): Promise<Cell[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const out: Cell[][] = [];
  wb.worksheets[0].eachRow((row) => out.push(Array.from((row.values as Cell[]).slice(1), (x) => x ?? null)));
  return out;
}

describe('importing a roster', () => {
  it('registers every row (party members linked by name, the phone telling two apart; others with name, unit, phone); each audited', async () => {
    const res = await upload(w.yjAdmin, teamId, await sheet([
      ['BF-0001', '陈红', '中共党员', null, null, '2025.03.01'],
      ['BF-0002', '林小雨', '共青团员', unitName, 13900000002, null],
      ['BF-0003', '李芳', '党员', null, '13800000013', null],
      ['BF-0004', '张师傅', '群众', null, '0574-86001234', '2024-05-04'],
    ]));
    expect(res.statusCode, res.body).toBe(201);
    const out = json(res);
    expect(out).toMatchObject({ created: 4, unchanged: 0 });
    expect(out.rows.map((r: { row: number; volunteerNo: string; outcome: string }) => [r.row, r.volunteerNo, r.outcome])).toEqual([
      [2, 'BF-0001', 'created'], [3, 'BF-0002', 'created'], [4, 'BF-0003', 'created'], [5, 'BF-0004', 'created'],
    ]);
    const list = json(await w.yjAdmin.get(`/api/v1/volunteers?volunteerTeamId=${teamId}`)).items;
    expect(list.map((v: { volunteerNo: string; name: string; politicalStatus: string; unitName: string | null; joinedOn: string }) =>
      [v.volunteerNo, v.name, v.politicalStatus, v.unitName, v.joinedOn])).toEqual([
      ['BF-0001', '陈红', 'party_member', null, '2025-03-01'],
      ['BF-0002', '林小雨', 'league_member', unitName, '2026-11-25'],
      ['BF-0003', '李芳', 'party_member', null, '2026-11-25'],
      ['BF-0004', '张师傅', 'masses', null, '2024-05-04'],
    ]);
    // linked, not copied: the row holds no name or phone of a party member
    const [row] = await t.database.query<{ name: string | null; phone: string | null; member_id: string | null }>(`select name, phone, member_id from volunteers where volunteer_no = 'BF-0003'`);
    expect(row).toMatchObject({ name: null, phone: null });
    expect(row.member_id).toBeTruthy();
    const audits = await t.database.query<{ action: string }>('select action from audit_log where entity_id = any($1::text[]) order by action', [`{${out.rows.map((r: { id: string }) => r.id).join(',')}}`]);
    expect(audits.map((a) => a.action)).toEqual(['volunteer.import', 'volunteer.import', 'volunteer.import', 'volunteer.import']);
  });

  it('leaves the rows already in the team as they are when the exported roster comes back with new rows', async () => {
    const exported = await w.yjAdmin.get(`/api/v1/volunteer-teams/${teamId}/roster.xlsx`);
    const rows = (await readRoster(exported.rawPayload)).slice(1).map((r) => r.slice(0, 6));
    rows.push(['BF-0005', '赵新人', '群众', null, null, null]);
    const res = await upload(w.yjAdmin, teamId, await sheet(rows));
    expect(res.statusCode, res.body).toBe(201);
    expect(json(res)).toMatchObject({ created: 1, unchanged: 4 });
    expect(json(res).rows.filter((r: { outcome: string }) => r.outcome === 'created').map((r: { volunteerNo: string }) => r.volunteerNo)).toEqual(['BF-0005']);
    expect(await make.count(t, 'volunteers', 'team_id = $1', [teamId])).toBe(5);
  });

  it('reports every problem of every row, not only the first, and registers nothing', async () => {
    const file = await sheet([
      ['BF-0101', '好人', '群众', null, null, null],
      ['', '', '党外', null, null, null],
      ['BF-0102', '王大伯', '党员', null, null, null],
      ['BF-0103', '李芳', '党员', null, null, null],
      ['BF-0104', '李芳', '党员', null, '13800000099', null],
      ['HB-0001', '某某', '群众', null, null, null],
      ['BF-0101', '重复号', '群众', null, null, null],
      ['BF-0105', '陈红', '党员', null, null, null],
      ['BF-0106', '未来人', '团员', '不存在的公司', '12345', '2027-01-01'],
      ['BF-0107', '日期错', '群众', null, null, '2026-02-30'],
    ]);
    const err = await expectRefused(() => upload(w.yjAdmin, teamId, file), 422, 'VOLUNTEER_IMPORT_ROWS_INVALID', () => snapshot(t));
    expect(err.details?.map((d) => [d.field, d.message])).toEqual([
      ['rows.3.volunteerNo', 'the volunteer number is missing'],
      ['rows.3.name', 'enter the name'],
      ['rows.3.status', 'unknown political status “党外” (党员, 团员, 群众)'],
      ['rows.4.name', 'no party member named “王大伯” among those you may read'],
      ['rows.5.name', 'several party members are named “李芳”: give the phone of the member record'],
      ['rows.6.name', 'the phone does not match the member record of “李芳”'],
      ['rows.7.volunteerNo', 'the number HB-0001 is taken by a volunteer of “环保小分队”'],
      ['rows.8.volunteerNo', 'the number BF-0101 is also on row 2'],
      ['rows.9.name', '“陈红” is already a volunteer of “党员义工服务队”'],
      ['rows.10.joinedOn', 'the joining date cannot be in the future'],
      ['rows.10.phone', '“12345” is not a valid phone number'],
      ['rows.10.unit', 'no unit named “不存在的公司” in this region'],
      ['rows.11.joinedOn', 'not a valid date'],
    ]);
    const zh = await expectRefused(() => upload(w.yjAdmin, teamId, file, 'zh-CN'), 422, 'VOLUNTEER_IMPORT_ROWS_INVALID', () => snapshot(t));
    expect(zh.message).toBe('名册中有需要修改的行，未导入任何志愿者。');
    expect(zh.details?.[0].message).toBe('志愿者编号不能为空');
  });

  it('refuses a team out of scope (the same as a made-up one), no file, not an xlsx, an empty sheet and no header; nothing changes', async () => {
    const file = await sheet([['BF-0201', '越权', '群众', null, null, null]]);
    const out = await expectRefused(() => upload(w.lmAdmin, teamId, file), 404, 'NOT_FOUND', () => snapshot(t));
    const none = await expectRefused(() => upload(w.yjAdmin, uuidv7(), file), 404, 'NOT_FOUND', () => snapshot(t));
    expect(out).toEqual(none);
    await expectRefused(() => upload(w.yjAdmin, teamId, null), 400, 'IMPORT_NO_FILE', () => snapshot(t));
    await expectRefused(() => w.yjAdmin.post(`/api/v1/volunteer-teams/${teamId}/roster/import`, {}), 400, 'IMPORT_NO_FILE', () => snapshot(t));
    await expectRefused(() => upload(w.yjAdmin, teamId, Buffer.from('志愿者编号,姓名,政治面貌\nBF-1,张三,群众\n')), 400, 'IMPORT_NOT_XLSX', () => snapshot(t));
    await expectRefused(() => upload(w.yjAdmin, teamId, Buffer.from('PK\u0003\u0004 not really a zip')), 400, 'IMPORT_NOT_XLSX', () => snapshot(t));
    await expectRefused(() => upload(w.yjAdmin, teamId, Buffer.alloc(0)), 400, 'IMPORT_EMPTY', () => snapshot(t));
    const headerOnly = await sheet([]);
    await expectRefused(() => upload(w.yjAdmin, teamId, headerOnly), 400, 'IMPORT_EMPTY', () => snapshot(t));
    const noHeader = await workbookBuffer([{ name: 'x', rows: [['编号', '名字'], ['BF-1', '张三']] }]);
    await expectRefused(() => upload(w.yjAdmin, teamId, noHeader), 422, 'VOLUNTEER_IMPORT_NO_HEADER', () => snapshot(t));
  });
});

describe('exporting a roster', () => {
  it('lists every volunteer with hours this year and in all; phones masked for a reader without the right; out of scope 404', async () => {
    const [v5] = json(await w.yjAdmin.get(`/api/v1/volunteers?volunteerTeamId=${teamId}`)).items.filter((v: { volunteerNo: string }) => v.volunteerNo === 'BF-0002');
    for (const [servedOn, hours] of [['2025-12-30', 3], ['2026-03-01', 2], ['2026-11-20', 1.5]] as const) {
      expect((await w.yjAdmin.post('/api/v1/volunteer-hours', { volunteerId: v5.id, servedOn, hours, description: '垃圾分类' })).statusCode).toBe(201);
    }
    const res = await w.yjAdmin.get(`/api/v1/volunteer-teams/${teamId}/roster.xlsx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain('filename*=UTF-8');
    const rows = await readRoster(res.rawPayload);
    expect(rows[0]).toEqual(['志愿者编号', '姓名', '政治面貌', '所在单位', '联系电话', '加入日期', '2026年服务时长（小时）', '累计服务时长（小时）']);
    expect(rows.slice(1).map((r) => r[0])).toEqual(['BF-0001', 'BF-0002', 'BF-0003', 'BF-0004', 'BF-0005']);
    expect(rows[2]).toEqual(['BF-0002', '林小雨', '团员', unitName, '13900000002', '2026-11-25', 3.5, 6.5]);
    expect(rows[1].slice(0, 5)).toEqual(['BF-0001', '陈红', '党员', null, '13800000011']);
    // the coordinator reads the team, without members.pii: phones masked
    const masked = await readRoster((await w.coordinator.get(`/api/v1/volunteer-teams/${teamId}/roster.xlsx`)).rawPayload);
    expect(masked[2][4]).toBe('139****0002');
    await expectRefused(() => w.lmAdmin.get(`/api/v1/volunteer-teams/${teamId}/roster.xlsx`), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => w.yjAdmin.get(`/api/v1/volunteer-teams/${uuidv7()}/roster.xlsx`), 404, 'NOT_FOUND', () => snapshot(t));
  });
});
