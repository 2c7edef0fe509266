import { beforeAll, describe, expect, it } from 'vitest';
import { json, testApp, type Client, type TestApp } from '../../../../test/support/app.ts';
import * as make from '../../../../test/support/factories.ts';
import { expectRefused, snapshot } from '../../../../test/support/refused.ts';
import { workbookBuffer, type Cell } from '../../platform/xlsx.ts';
import { findCjkFonts } from './plaque-pdf.ts';

/** Households by hand, from xlsx (all or nothing, every problem of every row), search, and printing one or a selection. */
let t: TestApp;
let w: make.World;

beforeAll(async () => {
  t = await testApp();
  w = await make.world(t);
  await make.member(t, w.org.yjb1.id, { name: '陈红' });
  await make.member(t, w.org.yj.id, { name: '陈建国' });
  await make.member(t, w.org.yj.id, { name: '李芳' });
  await make.member(t, w.org.yjb1.id, { name: '李芳' });
  await make.member(t, w.org.lmb1.id, { name: '王大伯' });
});

function upload(c: Client, fields: Record<string, string>, content: Buffer | null, lang = 'en-US') {
  const boundary = `----lj${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = Object.entries(fields).map(([k, v]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (content) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="households.xlsx"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`), content, Buffer.from('\r\n'));
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return t.app.inject({
    method: 'POST', url: '/api/v1/plaques/import', payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'x-requested-with': 'XMLHttpRequest', 'accept-language': lang, cookie: c.cookie! },
  });
}
const sheet = (rows: Cell[][]) => workbookBuffer([{ name: '党员户', header: ['楼栋', '住址', '党员'], rows }]);
const pages = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;

describe('importing households from xlsx', () => {
  it('imports every row into the community, members matched by name in its subtree; each household audited', async () => {
    const res = await upload(w.yjAdmin, { orgId: w.org.yj.id }, await sheet([['怡江春色 5幢', '101室', '陈红、陈建国'], ['怡江春色 6幢', '', '陈红']]));
    expect(res.statusCode).toBe(201);
    const out = json(res);
    expect(out.created).toBe(2);
    expect(out.rows.map((r: { row: number; building: string; room: string | null }) => [r.row, r.building, r.room])).toEqual([[2, '怡江春色 5幢', '101室'], [3, '怡江春色 6幢', null]]);
    const h = json(await w.yjAdmin.get(`/api/v1/plaques/${out.rows[0].id}`));
    expect(h.members.map((m: { name: string }) => m.name)).toEqual(['陈红', '陈建国']);
    const audits = await t.database.query<{ action: string }>('select action from audit_log where entity_id = any($1::text[])', [`{${out.rows.map((r: { id: string }) => r.id).join(',')}}`]);
    expect(audits.map((a) => a.action)).toEqual(['plaque.create', 'plaque.create']);
  });

  it('reports every problem of every row, not only the first, and imports nothing', async () => {
    const file = await sheet([
      ['怡江春色 7幢', '201室', '陈红'],
      ['', 'x'.repeat(60), '王大伯、李芳、张无名'],
      ['怡江春色 8幢', '', ''],
    ]);
    const err = await expectRefused(() => upload(w.yjAdmin, { orgId: w.org.yj.id }, file), 422, 'IMPORT_ROWS_INVALID', () => snapshot(t));
    expect(err.details?.map((d) => [d.field, d.message])).toEqual([
      ['rows.3.building', 'the building is missing'],
      ['rows.3.room', 'at most 50 characters'],
      ['rows.3.members', 'no member named “王大伯” in this community'],
      ['rows.3.members', 'several members are named “李芳”: register this household by hand'],
      ['rows.3.members', 'no member named “张无名” in this community'],
      ['rows.4.members', 'name the members living there'],
    ]);
    const zh = await expectRefused(() => upload(w.yjAdmin, { orgId: w.org.yj.id }, file, 'zh-CN'), 422, 'IMPORT_ROWS_INVALID', () => snapshot(t));
    expect(zh.details?.[0].message).toBe('楼栋不能为空');
  });

  it('refuses a community out of scope (the same as a made-up one), a bad orgId, no file, not an xlsx and no header; nothing changes', async () => {
    const file = await sheet([['怡江春色 9幢', '', '陈红']]);
    const out = await expectRefused(() => upload(w.lmAdmin, { orgId: w.org.yj.id }, file), 404, 'NOT_FOUND', () => snapshot(t));
    const none = await expectRefused(() => upload(w.lmAdmin, { orgId: '01900000-0000-7000-8000-000000000000' }, file), 404, 'NOT_FOUND', () => snapshot(t));
    expect(out).toEqual(none);
    const bad = await expectRefused(() => upload(w.yjAdmin, { orgId: 'x' }, file), 422, 'VALIDATION_FAILED', () => snapshot(t));
    expect(bad.details?.map((d) => d.field)).toEqual(['orgId']);
    await expectRefused(() => upload(w.yjAdmin, { orgId: w.org.yj.id }, null), 400, 'IMPORT_NO_FILE', () => snapshot(t));
    await expectRefused(() => upload(w.yjAdmin, { orgId: w.org.yj.id }, Buffer.from('楼栋,住址,党员\n')), 400, 'IMPORT_NOT_XLSX', () => snapshot(t));
    const noHeader = await workbookBuffer([{ name: 'x', rows: [['a', 'b'], ['c', 'd']] }]);
    await expectRefused(() => upload(w.yjAdmin, { orgId: w.org.yj.id }, noHeader), 422, 'IMPORT_NO_HEADER', () => snapshot(t));
  });
});

describe('searching and printing', () => {
  it('searches by building, address or member name, within scope', async () => {
    const a = json(await w.yjAdmin.post('/api/v1/plaques', { orgId: w.org.yj.id, building: '锦绣苑 1幢', room: '302室', memberIds: [(await make.member(t, w.org.yj.id, { name: '赵搜索' })).id] }));
    const ids = async (c: Client, q: string) => json(await c.get(`/api/v1/plaques?q=${encodeURIComponent(q)}`)).items.map((x: { id: string }) => x.id);
    expect(await ids(w.yjAdmin, '锦绣')).toEqual([a.id]);
    expect(await ids(w.yjAdmin, '302')).toEqual([a.id]);
    expect(await ids(w.yjAdmin, '赵搜')).toEqual([a.id]);
    expect(await ids(w.yjAdmin, '%')).not.toContain(a.id);
    expect(await ids(w.lmAdmin, '锦绣')).toEqual([]);
  });

  it.skipIf(!findCjkFonts(t?.config ?? { cjkFont: undefined, cjkFontFamily: undefined }))('prints one plaque or a selection; households out of scope are left out', async () => {
    const mk = async (b: string) => json(await w.yjAdmin.post('/api/v1/plaques', { orgId: w.org.yj.id, building: b, memberIds: [(await make.member(t, w.org.yj.id, { name: `${b}户主` })).id] })).id as string;
    const [x, y, z] = [await mk('印一'), await mk('印二'), await mk('印三')];
    const pdf = async (c: Client, ids: string[]) => c.get(`/api/v1/plaques/pdf?ids=${ids.join(',')}`);
    const one = await pdf(w.yjAdmin, [x]);
    expect(one.statusCode).toBe(200);
    expect(one.headers['content-type']).toBe('application/pdf');
    expect(pages(one.rawPayload)).toBe(1);
    expect(pages((await pdf(w.yjAdmin, [x, z])).rawPayload)).toBe(2);
    expect(pages((await pdf(w.coordinator, [x, y, z])).rawPayload)).toBe(3);
    await expectRefused(() => pdf(w.lmAdmin, [x, y]), 422, 'PLAQUE_PDF_EMPTY', () => snapshot(t));
    await expectRefused(() => pdf(w.yjAdmin, ['01900000-0000-7000-8000-000000000000']), 422, 'PLAQUE_PDF_EMPTY', () => snapshot(t));
  });
});
