import { beforeAll, describe, expect, it } from 'vitest';
import { json, testApp, uploadAs, type Client, type TestApp } from '../../../../test/support/app.ts';
import { cobuildWorld, type CobuildWorld } from '../../../../test/support/cobuild.ts';
import { expectRefused, snapshot } from '../../../../test/support/refused.ts';
import { firstWorksheet, workbookBuffer, type Cell } from '../../platform/xlsx.ts';

/** Resources collected on paper come in from xlsx into a joint meeting (its office; all rows or none, every problem reported). */
let t: TestApp;
let cw: CobuildWorld;

beforeAll(async () => {
  t = await testApp();
  cw = await cobuildWorld(t);
});

const upload = (c: Client, fields: Record<string, string>, content: Buffer | null) => uploadAs(t.app, c, '/api/v1/resources/import', fields, content);
const sheet = (rows: Cell[][]) => workbookBuffer([{ name: '资源清单', header: ['资源名称', '类别', '提供单位', '数量/容量', '使用条件', '提供至', '公开范围', '说明', '标签'], rows }]);

describe('resources from xlsx', () => {
  it('imports every row for the member named, each audited; the template has the columns it reads', async () => {
    const res = await upload(cw.office, { allianceId: cw.allianceId }, await sheet([
      ['码头职工食堂', '场地阵地', '宁波港光明码头有限公司', 80, '周末可用', '2027-06-30', '全区域', '可办小型活动', '周末、活动'],
      ['学校多媒体教室', 'venue', '白峰镇中心学校', null, '', null, '', ''],
      ['党员志愿者', '志愿者', '白峰支部', 12, '', null, '联席会议', ''],
    ]));
    expect(res.statusCode, res.body).toBe(201);
    const out = json(res);
    expect(out.created).toBe(3);
    const first = json(await cw.office.get(`/api/v1/resources/${out.rows[0].id}`));
    expect(first).toMatchObject({ title: '码头职工食堂', category: 'venue', partyName: '宁波港光明码头有限公司', quantity: 80, availableUntil: '2027-06-30', visibility: 'region', tags: ['周末', '活动'] });
    expect(json(await cw.office.get(`/api/v1/resources/${out.rows[1].id}`))).toMatchObject({ quantity: 1, visibility: 'alliance' });
    expect(json(await cw.office.get(`/api/v1/resources/${out.rows[2].id}`))).toMatchObject({ category: 'volunteers', orgId: cw.w.org.b1.id });
    const audits = await t.database.query<{ action: string }>('select action from audit_log where entity_id = any($1::text[])', [`{${out.rows.map((r: { id: string }) => r.id).join(',')}}`]);
    expect(audits.map((a) => a.action)).toEqual(['resource.import', 'resource.import', 'resource.import']);
    const tpl = await cw.office.get('/api/v1/resources/template.xlsx');
    const ws = await firstWorksheet(tpl.rawPayload);
    expect((ws!.getRow(1).values as unknown[]).slice(1, 5)).toEqual(['资源名称', '类别', '提供单位', '数量/容量']);
  });

  it('reports every problem of every row (an unknown category, a non-member, a quantity of 0, a bad date or scope) and imports nothing', async () => {
    const file = await sheet([
      ['好资源', '场地阵地', '白峰镇中心学校', 1, '', null, '', ''],
      ['坏类别', '吃饭', '白峰镇中心学校', 1, '', null, '', ''],
      ['不是成员单位', '培训', '上阳村', 1, '', null, '', ''],
      ['零数量', '培训', '白峰镇中心学校', 0, '', '明天', '全世界', ''],
      ['', '资金', '', 2.5, '', null, '', ''],
    ]);
    const err = await expectRefused(() => upload(cw.office, { allianceId: cw.allianceId }, file), 422, 'RESOURCE_IMPORT_ROWS_INVALID', () => snapshot(t));
    expect(err.details?.map((d) => d.field)).toEqual([
      'rows.3.category', 'rows.4.party', 'rows.5.quantity', 'rows.5.until', 'rows.5.visibility', 'rows.6.title', 'rows.6.party', 'rows.6.quantity',
    ]);
    expect(err.details?.find((d) => d.field === 'rows.4.party')?.message).toBe('“上阳村” is not a member of this joint meeting (or grid)');
  });

  it('refuses a member\'s liaison, a secretary outside, another region and a made-up joint meeting as it refuses a made-up id; no file or header', async () => {
    const file = await sheet([['x', '培训', '白峰镇中心学校', 1, '', null, '', '']]);
    for (const c of [cw.liaison, cw.shangyang, cw.otherRegionAdmin]) {
      await expectRefused(() => upload(c, { allianceId: cw.allianceId }, file), 404, 'NOT_FOUND', () => snapshot(t));
    }
    await expectRefused(() => upload(cw.office, { allianceId: '0190b6a0-0000-7000-8000-00000000beef' }, file), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => upload(cw.office, { allianceId: cw.allianceId }, null), 400, 'IMPORT_NO_FILE', () => snapshot(t));
    const noHeader = await workbookBuffer([{ name: 's', header: ['甲', '乙'], rows: [['1', '2']] }]);
    await expectRefused(() => upload(cw.office, { allianceId: cw.allianceId }, noHeader), 422, 'RESOURCE_IMPORT_NO_HEADER', () => snapshot(t));
  });
});
