import { beforeAll, describe, expect, it } from 'vitest';
import { demoApp, json, type Client, type TestApp } from '../../../../test/support/app.ts';
import { expectRefused, snapshot } from '../../../../test/support/refused.ts';
import { lastYearPeriod, parsePeriod, previousPeriod } from './period.ts';

let t: TestApp;
let baifeng: Client; let office: Client; let kongpu: Client; let guangda: Client;
let bf: string; let joint: string;

beforeAll(async () => {
  t = await demoApp();
  [baifeng, office, kongpu, guangda] = await Promise.all(['baifeng', 'lingang', 'kongpu', 'guangda'].map((u) => t.login(u)));
  [{ id: bf }] = await t.database.query<{ id: string }>(`select id from regions where name like '%白峰%'`);
  [{ id: joint }] = await t.database.query<{ id: string }>(`select id from alliances where kind = 'joint_meeting' and region_id = $1 order by created_at limit 1`, [bf]);
}, 600_000);

describe('periods', () => {
  it('turns every period into [from, to) and finds the one before and the same one a year earlier', () => {
    expect(parsePeriod('2026')).toEqual({ key: '2026', from: '2026-01-01', to: '2027-01-01' });
    expect(parsePeriod('2026Q4')).toEqual({ key: '2026Q4', from: '2026-10-01', to: '2027-01-01' });
    expect(parsePeriod('2026-02')).toEqual({ key: '2026-02', from: '2026-02-01', to: '2026-03-01' });
    expect(parsePeriod('2026-01-10..2026-01-19')).toEqual({ key: '2026-01-10..2026-01-19', from: '2026-01-10', to: '2026-01-20' });
    expect(previousPeriod(parsePeriod('2026Q1'))).toMatchObject({ from: '2025-10-01', to: '2026-01-01' });
    expect(previousPeriod(parsePeriod('2026-01'))).toMatchObject({ from: '2025-12-01', to: '2026-01-01' });
    expect(previousPeriod(parsePeriod('2026-01-10..2026-01-19'))).toMatchObject({ from: '2025-12-31', to: '2026-01-10' });
    expect(lastYearPeriod(parsePeriod('2024-02-29..2024-03-31'))).toMatchObject({ from: '2023-02-28', to: '2023-04-01' });
    expect(previousPeriod(parsePeriod('all'))).toBeNull();
    for (const bad of ['2026Q5', '2026-13', '2026-02-30..2026-03-01', '2026-03-02..2026-03-01']) expect(() => parsePeriod(bad)).toThrow();
  });
});

describe('the figures routes', () => {
  it('lists the catalogue with unique keys, each prefixed by its capability', async () => {
    const cat = json<{ key: string; capability: string; label: string }[]>(await office.get('/api/v1/figures'));
    expect(cat.length).toBeGreaterThan(5);
    expect(new Set(cat.map((f) => f.key)).size).toBe(cat.length);
    for (const f of cat) expect(f.key.startsWith(`${f.capability}.`)).toBe(true);
    expect(cat.map((f) => f.key)).toContain('cobuild.jointUnits');
  });

  it('computes a figure on the region and on the alliance, and the records list counts exactly the same rows', async () => {
    const q = `regionId=${bf}&scopeKind=alliance&scopeId=${joint}&period=all`;
    const v = json(await office.get(`/api/v1/figures/values?${q}&keys=cobuild.jointUnits,cobuild.jointStaff,cobuild.placements`));
    expect(v.scope).toMatchObject({ kind: 'alliance', id: joint });
    const byKey = Object.fromEntries(v.figures.map((f: { key: string; value: number }) => [f.key, f.value]));
    expect(byKey['cobuild.jointUnits']).toBe(16); // the article: a joint meeting of 16 units
    expect(byKey['cobuild.jointStaff']).toBeGreaterThan(2000); // 2000+ staff
    expect(byKey['cobuild.placements']).toBeGreaterThanOrEqual(50); // 50+ local workers found
    const recs = json(await office.get(`/api/v1/figures/cobuild.placements/records?${q}&pageSize=500`));
    expect(recs.total).toBe(byKey['cobuild.placements']);
    expect(recs.items).toHaveLength(recs.total);
    expect(recs.figure.value).toBe(byKey['cobuild.placements']);
    const staff = json(await office.get(`/api/v1/figures/cobuild.jointStaff/records?${q}&pageSize=500`));
    expect(staff.items.reduce((s: number, r: { value: number }) => s + r.value, 0)).toBe(byKey['cobuild.jointStaff']);
  });

  it('compares a year with the one before and the same period a year earlier, and splits a year by month', async () => {
    const q = `regionId=${bf}&period=2026`;
    const v = json(await baifeng.get(`/api/v1/figures/values?${q}&keys=cobuild.needsSettled`));
    const [f] = v.figures;
    const y2025 = json(await baifeng.get(`/api/v1/figures/values?regionId=${bf}&period=2025&keys=cobuild.needsSettled&compare=0`));
    expect(f.previous).toBe(y2025.figures[0].value);
    expect(f.lastYear).toBe(y2025.figures[0].value);
    expect(y2025.figures[0].previous).toBeNull();
    const trend = json(await baifeng.get(`/api/v1/figures/cobuild.needsSettled/trend?${q}&bucket=month`));
    expect(trend.points.map((p: { period: string }) => p.period)).toEqual(Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`));
    expect(trend.points.reduce((s: number, p: { value: number }) => s + p.value, 0)).toBe(f.value);
    const byCat = json(await baifeng.get(`/api/v1/figures/cobuild.needsSettled/breakdown?${q}&by=category`));
    expect(byCat.items.reduce((s: number, p: { value: number }) => s + p.value, 0)).toBe(f.value);
    expect(byCat.items.map((i: { label: string }) => i.label)).toEqual(expect.arrayContaining([expect.stringMatching(/^(就业岗位|Jobs)$/)]));
  });

  it('ranks the joint meeting\'s member orgs and units by a figure', async () => {
    const q = `regionId=${bf}&scopeKind=alliance&scopeId=${joint}&period=all`;
    const r = json(await office.get(`/api/v1/figures/cobuild.needsRaised/ranking?${q}`));
    expect(r.items.length).toBeGreaterThanOrEqual(16);
    const values = r.items.map((i: { value: number }) => i.value);
    expect(values).toEqual([...values].sort((a, b) => b - a));
    expect(values[0]).toBeGreaterThan(0);
  });

  it('exports the records as xlsx and audits the export', async () => {
    const before = await t.database.query<{ n: number }>(`select count(*)::int as n from audit_log where action = 'figures.export'`);
    const res = await office.get(`/api/v1/figures/cobuild.placements/records.xlsx?regionId=${bf}&scopeKind=alliance&scopeId=${joint}`);
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const after = await t.database.query<{ n: number }>(`select count(*)::int as n from audit_log where action = 'figures.export'`);
    expect(after[0].n).toBe(before[0].n + 1);
  });

  it('answers a level out of the caller\'s scope exactly as a made-up one, and refuses bad input', async () => {
    const made = '0190a000-0000-7000-8000-000000000000';
    const snap = await snapshot(t);
    // 孔浦's admin asks for 白峰's region and its joint meeting; a unit liaison asks for the whole region
    await expectRefused(await kongpu.get(`/api/v1/figures/values?regionId=${bf}`), 404, 'NOT_FOUND', snap);
    await expectRefused(await kongpu.get(`/api/v1/figures/values?regionId=${made}`), 404, 'NOT_FOUND', snap);
    await expectRefused(await kongpu.get(`/api/v1/figures/cobuild.placements/records?regionId=${bf}&scopeKind=alliance&scopeId=${joint}`), 404, 'NOT_FOUND', snap);
    await expectRefused(await guangda.get(`/api/v1/figures/values?regionId=${bf}`), 404, 'NOT_FOUND', snap);
    await expectRefused(await office.get(`/api/v1/figures/values?regionId=${bf}&scopeKind=alliance&scopeId=${made}`), 404, 'NOT_FOUND', snap);
    await expectRefused(await office.get(`/api/v1/figures/nope.nothing/records?regionId=${bf}&scopeKind=alliance&scopeId=${joint}`), 404, 'NOT_FOUND', snap);
    await expectRefused(await office.get(`/api/v1/figures/values?regionId=${bf}&scopeKind=alliance`), 422, 'VALIDATION_FAILED', snap);
    await expectRefused(await baifeng.get(`/api/v1/figures/values?regionId=${bf}&period=2026-02-30..2026-03-01`), 422, 'VALIDATION_FAILED', snap);
    await expectRefused(await office.get(`/api/v1/figures/values?regionId=${bf}&scopeKind=alliance&scopeId=${joint}&keys=nope.x`), 422, 'VALIDATION_FAILED', snap);
    await expectRefused(await office.get(`/api/v1/figures/cobuild.placements/breakdown?regionId=${bf}&scopeKind=alliance&scopeId=${joint}&by=person_name`), 422, 'VALIDATION_FAILED', snap);
    await expectRefused(await baifeng.get(`/api/v1/figures/values?regionId=${bf}&period=2026Q7`), 400, 'VALIDATION_FAILED', snap);
  });
});
