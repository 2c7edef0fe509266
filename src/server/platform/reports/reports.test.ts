import type ExcelJSType from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { json, testApp, type Client, type TestApp } from '../../../../test/support/app.ts';
import { count, member, world, type World } from '../../../../test/support/factories.ts';
import { expectRefused, snapshot } from '../../../../test/support/refused.ts';
import { findCjkFonts } from '../cjk-pdf.ts';
import ExcelJS from '../exceljs.ts';
import { uuidv7 } from '../ids.ts';
import { FIGURES_HEADER, FIGURES_SHEET, TABLE_HEADER } from './statistics.ts';

/**
 * The reports read back: every number of the statistics workbook is the catalogue's own for the same level and period
 * (GET /api/v1/figures/values and …/breakdown), the yearly report is a PDF named after the level, and a level out of
 * the caller's scope answers the same 404 as a made-up one.
 */
let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await testApp();
  w = await world(t);
  // 怡江: two full members, one admitted this year, one activist; 绿梅: one full member
  await member(t, w.org.yjb1.id, { gender: 'F', education: '本科' });
  await member(t, w.org.yjb1.id, { gender: 'M', education: '硕士' });
  await member(t, w.org.yjb1.id, { gender: 'F', birthDate: '1996-05-01', education: '大专', stage: 'probationary', joinedOn: '2026-03-01', fullOn: null });
  await member(t, w.org.yjb1.id, { gender: 'M', birthDate: '2000-05-01', stage: 'activist', appliedOn: '2025-01-10', activistOn: '2025-06-01', joinedOn: null, fullOn: null });
  await member(t, w.org.lmb1.id, { gender: 'M', education: '高中' });
});

const scopeQs = (q: Record<string, string>) => new URLSearchParams({ regionId: w.A.id, ...q }).toString();

async function workbook(c: Client, q: Record<string, string>): Promise<ExcelJSType.Workbook> {
  const res = await c.get(`/api/v1/reports/statistics.xlsx?${scopeQs(q)}`);
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  expect(res.headers['content-type']).toContain('spreadsheetml');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  return wb;
}

const rowsOf = (ws: ExcelJSType.Worksheet) => {
  const out: unknown[][] = [];
  ws.eachRow((r) => out.push((r.values as unknown[]).slice(1)));
  return out;
};

/** The rows of a sheet's table under the header `TABLE_HEADER`, as [item, group, value]. */
const tableRows = (ws: ExcelJSType.Worksheet) => rowsOf(ws).filter((r) => r.length >= 3 && typeof r[2] === 'number').map((r) => [r[0], r[1], r[2]]);

async function catalogue(c: Client, q: Record<string, string>) {
  const res = await c.get(`/api/v1/figures/values?${scopeQs(q)}`);
  expect(res.statusCode, res.body).toBe(200);
  return json<{ figures: { key: string; value: number; previous: number | null; lastYear: number | null }[] }>(res).figures;
}
async function breakdown(c: Client, key: string, by: string, q: Record<string, string>) {
  // the workbook is in Chinese: the breakdown's labels in Chinese too
  const res = await c.get(`/api/v1/figures/${key}/breakdown?${scopeQs({ ...q, by })}`, { 'accept-language': 'zh-CN' });
  expect(res.statusCode, res.body).toBe(200);
  return json<{ items: { group: string | null; label: string | null; value: number }[] }>(res).items;
}

describe('statistics workbook', () => {
  for (const [who, q] of [
    ['the region admin, the whole region, a year', { period: '2026' }],
    ['the org admin of 怡江, its subtree, a quarter', { scopeKind: 'org', period: '2026Q1' }],
  ] as const) {
    it(`${who}: every number is the catalogue's for the same level and period`, async () => {
      const c = q.period === '2026' ? w.admin : w.yjAdmin;
      const query: Record<string, string> = { ...q, ...(q.period === '2026' ? {} : { scopeId: w.org.yj.id }) };
      const wb = await workbook(c, query);
      const values = await catalogue(c, query);
      const byKey = new Map(values.map((v) => [v.key, v]));

      // 各项指标: one row per figure the caller may read, value / previous / same period last year
      const figs = rowsOf(wb.getWorksheet(FIGURES_SHEET)!);
      const header = figs.findIndex((r) => r[0] === FIGURES_HEADER[0]);
      expect(figs[header]).toEqual(FIGURES_HEADER);
      const lines = figs.slice(header + 1);
      expect(lines.map((r) => r[0]).sort()).toEqual(values.map((v) => v.key).sort());
      expect(lines.map((r) => r[0])).toContain('directory.members');
      for (const r of lines) {
        const v = byKey.get(String(r[0]))!;
        const k = r[2] === '元' ? 100 : 1;
        expect([r[3], r[4], r[5]].map((x) => (x === undefined ? null : Number(x) * k)), String(r[0])).toEqual([v.value, v.previous, v.lastYear]);
      }

      // 党员基本情况: the total and each band, as the catalogue's breakdowns say
      const ws = wb.getWorksheet('党员基本情况')!;
      expect(rowsOf(ws)).toContainEqual(TABLE_HEADER);
      const rows = tableRows(ws);
      const total = byKey.get('directory.members')!.value;
      expect(total).toBeGreaterThan(0);
      expect(rows[0]).toEqual(['党员总数', '合计', total]);
      for (const [by, item] of [['gender', '性别'], ['age_band', '年龄'], ['education', '学历'], ['category', '党员类别'], ['party_age_band', '党龄']]) {
        const items = await breakdown(c, 'directory.members', by, query);
        const mine = rows.filter((r) => r[0] === item);
        expect(mine.length, by).toBeGreaterThan(0);
        // the bands with members are the catalogue's; the others are listed with 0
        expect(mine.filter((r) => r[2] !== 0).map((r) => [r[1], r[2]]).sort(), by).toEqual(items.map((i) => [i.label, i.value]).sort());
        expect(mine.reduce((s, r) => s + Number(r[2]), 0), by).toBe(total);
      }

      // 发展党员情况: the pipeline by stage and who was admitted
      const dev = tableRows(wb.getWorksheet('发展党员情况')!);
      expect(dev.find((r) => r[1] === '合计' && r[0] === '发展工作对象')?.[2]).toBe(byKey.get('directory.development')!.value);
      expect(dev.find((r) => r[1] === '合计' && r[0] === '发展党员')?.[2]).toBe(byKey.get('directory.membersJoined')!.value);
      const stages = await breakdown(c, 'directory.development', 'stage', query);
      expect(dev.filter((r) => r[0] === '发展阶段' && r[2] !== 0).map((r) => [r[1], r[2]]).sort()).toEqual(stages.map((i) => [i.label, i.value]).sort());

      // 党组织情况: orgs by kind
      const orgs = tableRows(wb.getWorksheet('党组织情况')!);
      const kinds = await breakdown(c, 'directory.orgs', 'kind', query);
      expect(kinds.length).toBeGreaterThan(0);
      expect(orgs.filter((r) => r[0] === '类别' && r[2] !== 0).map((r) => [r[1], r[2]]).sort()).toEqual(kinds.map((i) => [i.label, i.value]).sort());
    });
  }

  it('the subtree counts only its own members, the region all of them', async () => {
    const region = (await catalogue(w.admin, { period: '2026' })).find((v) => v.key === 'directory.members')!.value;
    const yj = (await catalogue(w.yjAdmin, { scopeKind: 'org', scopeId: w.org.yj.id, period: '2026' })).find((v) => v.key === 'directory.members')!.value;
    expect([region, yj]).toEqual([4, 3]);
    const joined = (await catalogue(w.yjAdmin, { scopeKind: 'org', scopeId: w.org.yj.id, period: '2026Q1' })).find((v) => v.key === 'directory.membersJoined')!;
    expect([joined.value, joined.previous, joined.lastYear]).toEqual([1, 0, 0]);
  });

  it('is audited', async () => {
    const before = await count(t, 'audit_log', `action = 'reports.export'`);
    await workbook(w.admin, { period: '2026Q2' });
    expect(await count(t, 'audit_log', `action = 'reports.export'`)).toBe(before + 1);
  });
});

/** The strings of a PDF's objects (the document info: Title, Subject…), decoded (pdfkit writes non-ASCII as UTF-16BE). */
function pdfStrings(pdf: Buffer): string[] {
  const s = pdf.toString('latin1');
  const out: string[] = [];
  for (const m of s.matchAll(/\d+ 0 obj\s*\(/g)) {
    let i = m.index! + m[0].length; let raw = '';
    for (; i < s.length && s[i] !== ')'; i++) {
      if (s[i] === '\\') { i++; raw += ({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' } as Record<string, string>)[s[i]] ?? s[i]; } else raw += s[i];
    }
    const bytes = Buffer.from(raw, 'latin1');
    out.push(bytes[0] === 0xfe && bytes[1] === 0xff ? bytes.subarray(2).swap16().toString('utf16le') : raw);
  }
  return out;
}

describe('yearly work report', () => {
  it.skipIf(!findCjkFonts({ cjkFont: undefined, cjkFontFamily: undefined }))('is a PDF with the level\'s name, for the org admin of its subtree and the coordinator of the alliance', async () => {
    for (const [c, q, name] of [
      [w.yjAdmin, { scopeKind: 'org', scopeId: w.org.yj.id }, '怡江社区党委'],
      [w.coordinator, { scopeKind: 'alliance', scopeId: w.allianceId }, '五朵金花'],
    ] as const) {
      const res = await c.get(`/api/v1/reports/yearly.pdf?${scopeQs({ ...q, period: '2026' })}`);
      expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdfStrings(res.rawPayload)).toContain(`${name}2026年度党建工作报告`);
      expect(res.rawPayload.toString('latin1')).toMatch(/NotoS(ans|erif)CJKsc/);
    }
  });

  it('refuses a level out of scope with the same 404 as a made-up one, and a period that is not a year', async () => {
    const snap = () => snapshot(t);
    const madeUp = await w.yjAdmin.get(`/api/v1/reports/yearly.pdf?${scopeQs({ scopeKind: 'org', scopeId: uuidv7(), period: '2026' })}`);
    expect(madeUp.statusCode).toBe(404);
    for (const url of [
      // 绿梅's admin asks for 怡江; 怡江's admin for the whole region; the other region's admin for this one
      [w.lmAdmin, `/api/v1/reports/yearly.pdf?${scopeQs({ scopeKind: 'org', scopeId: w.org.yj.id, period: '2026' })}`],
      [w.yjAdmin, `/api/v1/reports/statistics.xlsx?${scopeQs({ period: '2026' })}`],
      [w.bAdmin, `/api/v1/reports/statistics.xlsx?${scopeQs({ period: '2026Q1' })}`],
      [w.yjAdmin, `/api/v1/reports/statistics.xlsx?${scopeQs({ scopeKind: 'unit', scopeId: uuidv7(), period: '2026' })}`],
    ] as const) {
      const [c, u] = url;
      const body = await expectRefused(() => c.get(u), 404, 'NOT_FOUND', snap);
      expect(body).toEqual(json(madeUp).error);
    }
    await expectRefused(() => w.admin.get(`/api/v1/reports/yearly.pdf?${scopeQs({ period: '2026Q1' })}`), 400, 'VALIDATION_FAILED', snap);
    await expectRefused(() => w.admin.get(`/api/v1/reports/statistics.xlsx?${scopeQs({ period: '2026-03' })}`), 400, 'VALIDATION_FAILED', snap);
  });
});
