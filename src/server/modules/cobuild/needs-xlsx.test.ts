import ExcelJS from '../../platform/exceljs.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { json, testApp, uploadAs, type Client, type TestApp } from '../../../../test/support/app.ts';
import { cobuildWorld, publishedNeed, type CobuildWorld } from '../../../../test/support/cobuild.ts';
import { expectRefused, snapshot } from '../../../../test/support/refused.ts';
import { workbookBuffer, type Cell } from '../../platform/xlsx.ts';

/** Needs collected on paper come in from xlsx (all rows or none, every problem reported); the list goes out as xlsx. */
let t: TestApp;
let cw: CobuildWorld;

beforeAll(async () => {
  t = await testApp();
  cw = await cobuildWorld(t);
});

const upload = (c: Client, fields: Record<string, string>, content: Buffer | null) => uploadAs(t.app, c, '/api/v1/needs/import', fields, content, { filename: 'needs.xlsx' });
const sheet = (rows: Cell[][]) => workbookBuffer([{ name: '需求清单', header: ['需求标题', '类别', '需求方', '数量', '期望完成', '描述'], rows }]);

describe('needs from xlsx', () => {
  it('imports every row, accepted, for the party named (a unit or an org of the region); each audited', async () => {
    const res = await upload(cw.office, { allianceId: cw.allianceId }, await sheet([
      ['园区班车延伸到上阳村', '交通出行', '白峰镇中心学校', 1, '2026.12.31', '村民上下班不便'],
      ['码头装卸工', 'jobs', '宁波港光明码头有限公司', 5, null, ''],
      ['党员志愿者', '志愿服务', '白峰支部', null, null, '周末'],
    ]));
    expect(res.statusCode).toBe(201);
    const out = json(res);
    expect(out.created).toBe(3);
    expect(out.rows.map((r: { row: number }) => r.row)).toEqual([2, 3, 4]);
    const first = json(await cw.office.get(`/api/v1/needs/${out.rows[0].id}`));
    expect(first).toMatchObject({ status: 'accepted', raisedAs: 'office', category: 'transport', partyName: '白峰镇中心学校', wantedBy: '2026-12-31', quantity: 1 });
    expect(json(await cw.office.get(`/api/v1/needs/${out.rows[2].id}`))).toMatchObject({ partyName: '白峰支部', quantity: 1, category: 'volunteers' });
    const audits = await t.database.query<{ action: string }>('select action from audit_log where entity_id = any($1::text[])', [`{${out.rows.map((r: { id: string }) => r.id).join(',')}}`]);
    expect(audits.map((a) => a.action)).toEqual(['need.import', 'need.import', 'need.import']);
  });

  it('reports every problem of every row (an unknown category, a quantity of 0, an unknown or out-of-scope party) and imports nothing', async () => {
    const file = await sheet([
      ['好需求', '就业岗位', '白峰镇中心学校', 1, null, ''],
      ['坏类别', '吃饭', '白峰镇中心学校', 1, null, ''],
      ['不是成员单位', '就业岗位', '上阳村', 1, null, ''],
      ['零数量', '培训', '无名单位', 0, '明天', ''],
      ['', '资金', '', 2.5, null, ''],
    ]);
    const err = await expectRefused(() => upload(cw.office, { allianceId: cw.allianceId }, file), 422, 'NEED_IMPORT_ROWS_INVALID', () => snapshot(t));
    expect(err.details?.map((d) => [d.field, d.message])).toEqual([
      ['rows.3.category', 'unknown category “吃饭” (jobs, transport, venue, training, volunteers, funds, other)'],
      ['rows.4.party', 'no unit or organisation named “上阳村” in this region'],
      ['rows.5.quantity', 'the quantity must be a whole number from 1 to 1000'],
      ['rows.5.wantedBy', 'not a valid date'],
      ['rows.5.party', 'no unit or organisation named “无名单位” in this region'],
      ['rows.6.title', 'the title is missing'],
      ['rows.6.party', 'the party is missing'],
      ['rows.6.quantity', 'the quantity must be a whole number from 1 to 1000'],
    ]);
  });

  it('only the office imports; no file, not xlsx, no header are refused', async () => {
    const file = await sheet([['需求', '就业岗位', '白峰镇中心学校', 1, null, '']]);
    await expectRefused(() => upload(cw.liaison, { allianceId: cw.allianceId }, file), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => upload(cw.w.coordinator, { allianceId: cw.allianceId }, file), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => upload(cw.office, { allianceId: cw.allianceId }, null), 400, 'IMPORT_NO_FILE', () => snapshot(t));
    await expectRefused(() => upload(cw.office, { allianceId: cw.allianceId }, Buffer.from('not a workbook')), 400, 'IMPORT_NOT_XLSX', () => snapshot(t));
    const noHeader = await workbookBuffer([{ name: 'x', rows: [['a', 'b'], ['c', 'd']] }]);
    await expectRefused(() => upload(cw.office, { allianceId: cw.allianceId }, noHeader), 422, 'NEED_IMPORT_NO_HEADER', () => snapshot(t));
  });

  it('exports the filtered list with categories and statuses in words', async () => {
    await publishedNeed(cw, { title: '导出用需求', category: 'venue', quantity: 1 });
    const x = await cw.office.get(`/api/v1/needs/export.xlsx?allianceId=${cw.allianceId}&category=venue`);
    expect(x.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('需求清单')!;
    expect(ws.rowCount).toBe(2);
    expect([1, 2, 3, 4, 8].map((c) => ws.getRow(2).getCell(c).value)).toEqual(['导出用需求', '场地阵地', '宁波港光明码头有限公司', 1, '已发布']);
    // nobody else's rows
    const other = await cw.otherRegionAdmin.get('/api/v1/needs/export.xlsx');
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(other.rawPayload as unknown as ArrayBuffer);
    expect(wb2.getWorksheet('需求清单')!.rowCount).toBe(1);
    expect((await cw.office.get('/api/v1/needs/template.xlsx')).statusCode).toBe(200);
  });
});
