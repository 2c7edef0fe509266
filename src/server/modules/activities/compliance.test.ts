import { beforeAll, describe, expect, it } from 'vitest';
import { json, testApp, type TestApp } from '../../../../test/support/app.ts';
import * as make from '../../../../test/support/factories.ts';
import { expectRefused, snapshot } from '../../../../test/support/refused.ts';
import ExcelJS from '../../platform/exceljs.ts';

type Board = { columns: { kind: string; period: string; required: number }[]; items: { orgId: string; missing: number; held: number[]; status: string }[] };
const STATUS: Record<string, string> = { o: 'ok', m: 'missing', p: 'pending', f: 'future' };
/** One branch's row of the board, with its cells spelled out from the board's columns. */
function rowOf(data: Record<string, any>, orgId: string) {
  const board = data as Board;
  const r = board.items.find((b) => b.orgId === orgId);
  if (!r) return undefined;
  return { ...r, cells: board.columns.map((c, i) => ({ ...c, held: r.held[i], status: STATUS[r.status[i]] })) };
}

// The test clock stands at 2026-11-25 10:00 Asia/Shanghai.
let t: TestApp;
let A: { id: string; rootOrgId: string };
let B: { id: string; rootOrgId: string };
let good: { id: string };
let behind: { id: string };
let goodMembers: string[];
let admin: make.TestUser;

const MONTHLY = ['committee_meeting', 'group_meeting', 'theme_day'];
const QUARTERLY = ['general_meeting', 'party_lesson'];

beforeAll(async () => {
  t = await testApp();
  A = await t.region('孔浦街道');
  B = await t.region('白峰镇');
  const community = await t.org(A.id, A.rootOrgId, '怡江社区党委', 'committee');
  good = await t.org(A.id, community.id, '怡江第一支部');
  behind = await t.org(A.id, community.id, '怡江第二支部');
  goodMembers = await make.members(t, good.id, 5);
  await make.members(t, behind.id, 2);
  admin = await make.regionAdmin(t, A.id);
  const post = async (kind: string, month: number) => {
    const d = `2026-${String(month).padStart(2, '0')}-10`;
    const res = await admin.client.post('/api/v1/activities', { orgId: good.id, kind, title: `${kind} ${d}`, startsAt: `${d}T19:00:00+08:00`, endsAt: `${d}T20:30:00+08:00` });
    if (res.statusCode !== 201) throw new Error(res.body);
    return json(res).id as string;
  };
  for (let month = 1; month <= 11; month++) for (const k of MONTHLY) await post(k, month);
  for (const month of [2, 5, 8, 11]) for (const k of QUARTERLY) await post(k, month);
  // one lesson the branch held with 3 of 5 present; a cancelled one does not count
  const lesson = await post('party_lesson', 11);
  await admin.client.post(`/api/v1/activities/${lesson}/checkins`, { memberIds: goodMembers.slice(0, 3) });
  const cancelled = await post('committee_meeting', 12);
  await admin.client.patch(`/api/v1/activities/${cancelled}`, { status: 'cancelled' });
});

describe('三会一课 compliance board', () => {
  it('shows per branch and period what was held and what is missing', async () => {
    const res = await admin.client.get(`/api/v1/compliance/board?regionId=${A.id}&year=2026`);
    expect(res.statusCode).toBe(200);
    const board = json(res);
    expect(board.asOf).toBe('2026-11-25');
    const g = rowOf(board, good.id)!;
    const bh = rowOf(board, behind.id)!;
    expect(g.missing).toBe(0);
    expect(g.cells.find((c) => c.kind === 'party_lesson' && c.period === '2026-Q4')).toMatchObject({ held: 2, status: 'ok' });
    expect(g.cells.find((c) => c.kind === 'committee_meeting' && c.period === '2026-12')?.status).toBe('future');
    // behind: Jan–Oct × 3 monthly kinds + Q1–Q3 × 2 quarterly kinds
    expect(bh.missing).toBe(10 * 3 + 3 * 2);
    expect(bh.cells.find((c) => c.kind === 'theme_day' && c.period === '2026-11')?.status).toBe('pending');
  });

  it('lists branches falling behind for their secretary and for the region', async () => {
    const due = json<any[]>(await admin.client.get(`/api/v1/compliance/due?regionId=${A.id}`));
    expect(new Set(due.map((d) => d.orgId))).toEqual(new Set([behind.id]));
    expect(due.filter((d) => d.status === 'pending').length).toBe(3 + 2);
    const secretary = await make.orgAdmin(t, A.id, behind.id);
    const mine = json<any[]>(await secretary.client.get(`/api/v1/compliance/due?regionId=${A.id}`));
    expect(mine.length).toBe(due.length);
    const goodSecretary = await make.orgAdmin(t, A.id, good.id);
    expect(json<any[]>(await goodSecretary.client.get(`/api/v1/compliance/due?regionId=${A.id}`))).toEqual([]);
    const board = json(await goodSecretary.client.get(`/api/v1/compliance/board?regionId=${A.id}`));
    expect(board.items.map((b: { orgId: string }) => b.orgId)).toEqual([good.id]);
  });

  it('is paged and sends only what the screen shows: the columns once, per branch its counts and statuses', async () => {
    const url = `/api/v1/compliance/board?regionId=${A.id}&year=2026`;
    const first = json(await admin.client.get(`${url}&pageSize=1`));
    expect(first).toMatchObject({ total: 2, page: 1, pageSize: 1 });
    expect(first.items.map((b: { orgId: string }) => b.orgId)).toEqual([good.id]);
    const second = json(await admin.client.get(`${url}&pageSize=1&page=2`));
    expect(second.items.map((b: { orgId: string }) => b.orgId)).toEqual([behind.id]);
    // 3 monthly kinds × 12 + 2 quarterly kinds × 4 columns, named once; each row: a count and a status letter per column
    expect(first.columns).toHaveLength(3 * 12 + 2 * 4);
    expect(first.items[0].held).toHaveLength(first.columns.length);
    expect(first.items[0].status).toMatch(new RegExp(`^[ompf]{${first.columns.length}}$`));
    const perBranch = (JSON.stringify(first.items[0]).length);
    expect(perBranch).toBeLessThan(400);
    // the default page is 20 branches; search by name
    expect(json(await admin.client.get(url)).pageSize).toBe(20);
    expect(json(await admin.client.get(`${url}&q=${encodeURIComponent('第二')}`)).items.map((b: { orgId: string }) => b.orgId)).toEqual([behind.id]);
    // bad paging: a clear error, nothing changed
    const bad = await expectRefused(() => admin.client.get(`${url}&pageSize=501`), 400, 'VALIDATION_FAILED', () => snapshot(t));
    expect(bad.details?.map((d) => d.field)).toEqual(['query.pageSize']);
  });

  it('exports the board (every branch of the filters) as xlsx; another region answers as a made-up one', async () => {
    const res = await admin.client.get(`/api/v1/compliance/board.xlsx?regionId=${A.id}&year=2026`, { 'accept-language': 'zh-CN' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain('compliance-2026.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const rows: string[][] = [];
    wb.worksheets[0].eachRow((r) => rows.push((r.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
    expect(rows[0].slice(0, 4)).toEqual(['支部', '书记', '未落实项', '支部党员大会 2026-Q1（≥1）']);
    expect(rows.map((r) => r[0]).slice(1)).toEqual(['怡江第一支部', '怡江第二支部']);
    expect(rows[2][2]).toBe(String(10 * 3 + 3 * 2));
    expect(rows[1][3]).toBe('1 已落实');
    const adminB = await make.regionAdmin(t, B.id);
    const outside = await expectRefused(() => adminB.client.get(`/api/v1/compliance/board.xlsx?regionId=${A.id}`), 404, 'NOT_FOUND', () => snapshot(t));
    const madeUp = await expectRefused(() => adminB.client.get('/api/v1/compliance/board.xlsx?regionId=0190b6a0-0000-7000-8000-000000000009'), 404, 'NOT_FOUND', () => snapshot(t));
    expect(outside).toEqual(madeUp);
  });

  it('frequencies are configuration per region; only a region admin changes them', async () => {
    const defaults = json(await admin.client.get(`/api/v1/compliance/rules/${A.id}`));
    expect(defaults.isDefault).toBe(true);
    expect(defaults.rules).toHaveLength(5);
    const secretary = await make.orgAdmin(t, A.id, good.id);
    const refused = await secretary.client.put(`/api/v1/compliance/rules/${A.id}`, { rules: [{ kind: 'theme_day', period: 'month', minCount: 2 }] });
    expect(refused.statusCode).toBe(404);
    const adminB = await make.regionAdmin(t, B.id);
    expect((await adminB.client.put(`/api/v1/compliance/rules/${A.id}`, { rules: [] })).statusCode).toBe(404);
    expect(json(await admin.client.get(`/api/v1/compliance/rules/${A.id}`)).isDefault).toBe(true);
    const bad = await admin.client.put(`/api/v1/compliance/rules/${A.id}`, { rules: [{ kind: 'theme_day', period: 'week', minCount: 0 }] });
    expect(bad.statusCode).toBe(400);
    const ok = await admin.client.put(`/api/v1/compliance/rules/${A.id}`, { rules: [{ kind: 'theme_day', period: 'month', minCount: 2 }, { kind: 'party_lesson', period: 'year', minCount: 4 }] });
    expect(ok.statusCode).toBe(200);
    const board = json(await admin.client.get(`/api/v1/compliance/board?regionId=${A.id}`));
    const g = rowOf(board, good.id)!;
    expect(g.missing).toBe(10); // theme day needs 2 a month now; 5 lessons a year are enough
    expect(g.cells.find((c) => c.kind === 'party_lesson')).toMatchObject({ period: '2026', held: 5, status: 'ok' });
    // back to defaults (empty list = defaults)
    await admin.client.put(`/api/v1/compliance/rules/${A.id}`, { rules: [] });
    expect(json(await admin.client.get(`/api/v1/compliance/rules/${A.id}`)).isDefault).toBe(true);
  });

  it('attendance rate per branch and member', async () => {
    const res = await admin.client.get(`/api/v1/compliance/attendance?regionId=${A.id}&from=2026-11-01&to=2026-11-30`);
    expect(res.statusCode).toBe(200);
    const rep = json(res);
    const g = rep.branches.find((b: { orgId: string }) => b.orgId === good.id);
    // November: 3 monthly + 2 quarterly + the extra lesson = 6 activities × 5 expected; 3 checked in once
    expect(g).toMatchObject({ expected: 30, attended: 3 });
    expect(g.rate).toBeCloseTo(0.1, 3);
    const first = rep.members.find((m: { memberId: string }) => m.memberId === goodMembers[0]);
    expect(first).toMatchObject({ expected: 6, attended: 1 });
  });

  it('another region sees nothing (404)', async () => {
    const adminB = await make.regionAdmin(t, B.id);
    expect((await adminB.client.get(`/api/v1/compliance/board?regionId=${A.id}`)).statusCode).toBe(404);
    expect((await adminB.client.get(`/api/v1/compliance/due?regionId=${A.id}`)).statusCode).toBe(404);
    expect((await adminB.client.get(`/api/v1/compliance/attendance?regionId=${A.id}&from=2026-01-01&to=2026-12-31`)).statusCode).toBe(404);
    expect(json(await adminB.client.get(`/api/v1/compliance/board?regionId=${B.id}`)).items).toEqual([]);
  });

  it('an orgId outside the caller’s scope answers exactly what a made-up one does (404)', async () => {
    const secretary = await make.orgAdmin(t, A.id, good.id);
    const madeUp = '0190b6a0-0000-7000-8000-000000000001';
    const urls = (orgId: string) => [
      `/api/v1/compliance/board?regionId=${A.id}&orgId=${orgId}`,
      `/api/v1/compliance/due?regionId=${A.id}&orgId=${orgId}`,
      `/api/v1/compliance/attendance?regionId=${A.id}&from=2026-01-01&to=2026-12-31&orgId=${orgId}`,
    ];
    for (const [i, url] of urls(behind.id).entries()) {
      const out = await secretary.client.get(url);
      const none = await secretary.client.get(urls(madeUp)[i]);
      expect(none.statusCode, url).toBe(404);
      expect(out.statusCode, url).toBe(404);
      expect(json(out).error.code).toBe(json(none).error.code);
    }
    // their own branch still narrows the board
    const own = json(await secretary.client.get(urls(good.id)[0]));
    expect(own.items.map((b: { orgId: string }) => b.orgId)).toEqual([good.id]);
  });
});
