import { beforeAll, describe, expect, it } from 'vitest';
import { json, testApp, type TestApp } from '../../../../test/support/app.ts';
import * as make from '../../../../test/support/factories.ts';
import ExcelJS from '../../platform/exceljs.ts';


let t: TestApp;
let w: make.World;
let cao: string;
let caoHusband: string;
let wang: string;
let campaignId: string;
let householdId: string;
let token: string;
const caoIdNumber = make.idNumber('1950-01-01', 'F');

beforeAll(async () => {
  t = await testApp({ publicRatePerMinute: 20 });
  w = await make.world(t);
  cao = (await make.member(t, w.org.yjb1.id, { name: '曹阿姨', gender: 'F', birthDate: '1950-01-01', idNumber: caoIdNumber, phone: '13912345678', address: '怡江春色 3幢 408室' })).id;
  caoHusband = (await make.member(t, w.org.yj.id, { name: '曹伯伯' })).id;
  wang = (await make.member(t, w.org.lmb1.id, { name: '王大伯' })).id;
  await w.yjAdmin.post('/api/v1/pledges', { memberId: cao, year: 2026, category: 'volunteer', content: '每周参加一次楼道清洁', isPublic: true });
  await w.yjAdmin.post('/api/v1/pledges', { memberId: cao, year: 2026, category: 'key_work', content: '不公开的承诺内容', isPublic: false });
});

describe('households and the three display levels', () => {
  it('starts a campaign and registers a household of two members', async () => {
    let res = await w.yjAdmin.post('/api/v1/plaque-campaigns', { name: '怡江百户亮牌', orgId: w.org.yj.id, day: '2026-11-23', target: 100 });
    expect(res.statusCode).toBe(201);
    campaignId = json(res).id;
    res = await w.yjAdmin.post('/api/v1/plaques', { orgId: w.org.yj.id, campaignId, building: '怡江春色 3幢', room: '408室', memberIds: [cao, caoHusband] });
    expect(res.statusCode).toBe(201);
    const h = json(res);
    householdId = h.id;
    expect(h.members.map((m: { name: string }) => m.name)).toEqual(['曹阿姨', '曹伯伯']);
    expect(h.publicPath).toMatch(/^\/p\/[A-Za-z0-9_-]{32}$/);
    token = h.publicPath.slice(3);
    expect(h.door).toEqual({ state: 'pending', on: null });
  });

  it('refuses a member from another organisation or an org out of scope, creating nothing', async () => {
    const before = await make.count(t, 'plaque_households');
    let res = await w.yjAdmin.post('/api/v1/plaques', { orgId: w.org.yj.id, building: '怡江春色 4幢', memberIds: [cao, wang] });
    expect(res.statusCode).toBe(422);
    expect(json(res).error.details[0].field).toBe('memberIds.1');
    res = await w.lmAdmin.post('/api/v1/plaques', { orgId: w.org.yj.id, building: '怡江春色 4幢', memberIds: [cao] });
    expect(res.statusCode).toBe(404);
    res = await w.bAdmin.post('/api/v1/plaques', { orgId: w.org.yj.id, building: '怡江春色 4幢', memberIds: [cao] });
    expect(res.statusCode).toBe(404);
    expect(await make.count(t, 'plaque_households')).toBe(before);
    expect(await make.count(t, 'plaque_household_members')).toBe(2);
  });

  it('tracks the door plaque, bulletin board and stairwell pledge with dates; progress per community is live', async () => {
    let res = await w.yjAdmin.post(`/api/v1/plaques/${householdId}/levels`, { level: 'door', state: 'done' });
    expect(json(res).door).toEqual({ state: 'done', on: '2026-11-25' });
    res = await w.yjAdmin.post(`/api/v1/plaques/${householdId}/levels`, { level: 'board', state: 'done', on: '2026-11-20' });
    expect(json(res).board).toEqual({ state: 'done', on: '2026-11-20' });
    expect((await w.lmAdmin.post(`/api/v1/plaques/${householdId}/levels`, { level: 'stair', state: 'done' })).statusCode).toBe(404);
    const p = json(await w.coordinator.get(`/api/v1/plaque-campaigns/${campaignId}/progress`));
    expect(p.total).toEqual({ households: 1, door: 1, board: 1, stair: 0 });
    expect(p.byCommunity).toEqual([{ orgId: w.org.yj.id, orgName: '怡江社区党委', households: 1, door: 1, board: 1, stair: 0 }]);
    expect((await w.bAdmin.get(`/api/v1/plaque-campaigns/${campaignId}/progress`)).statusCode).toBe(404);
    expect(json(await w.bAdmin.get('/api/v1/plaques')).total).toBe(0);
    expect(json(await w.lmAdmin.get('/api/v1/plaques')).total).toBe(0);
    expect(json(await w.yjAdmin.get(`/api/v1/plaques?campaignId=${campaignId}`)).total).toBe(1);
  });
});

describe('export', () => {
  it('the filtered households as xlsx, with members and the three levels; nothing of another region', async () => {
    const res = await w.yjAdmin.get(`/api/v1/plaques/export.xlsx?campaignId=${campaignId}`, { 'accept-language': 'zh-CN' });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).getCell(1).value).toBe('楼栋');
    const rows: unknown[][] = [];
    ws.eachRow((r, n) => { if (n > 1) rows.push((r.values as unknown[]).slice(1)); });
    const mine = rows.filter((r) => r[0] === '怡江春色 3幢' && r[1] === '408室');
    expect(mine.length).toBe(1);
    expect(mine[0].slice(2, 5)).toEqual(['怡江社区党委', '曹阿姨、曹伯伯', '已完成']);
    // no phone or ID number in any cell
    expect(JSON.stringify(rows)).not.toContain('13912345678');
    expect(JSON.stringify(rows)).not.toContain(caoIdNumber);
    const other = await w.bAdmin.get('/api/v1/plaques/export.xlsx');
    const wbB = new ExcelJS.Workbook();
    await wbB.xlsx.load(other.rawPayload as unknown as ArrayBuffer);
    expect(wbB.worksheets[0].rowCount).toBe(1);
  });
});

describe('the public page', () => {
  it('shows names, building and public pledges only — no room, phone or ID number', async () => {
    const res = await t.anon.get(`/api/v1/public/plaques/${token}`);
    expect(res.statusCode).toBe(200);
    expect(json(res)).toEqual({
      title: '共产党员户', building: '怡江春色 3幢', names: ['曹阿姨', '曹伯伯'],
      pledges: [{ memberName: '曹阿姨', year: 2026, category: '志愿服务', content: '每周参加一次楼道清洁', status: 'in_progress' }],
    });
    const html = await t.anon.get(`/p/${token}`);
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-type']).toMatch(/text\/html/);
    expect(html.body).toContain('曹阿姨');
    expect(html.body).toContain('每周参加一次楼道清洁');
    for (const body of [res.body, html.body]) {
      for (const secret of ['408', '13912345678', caoIdNumber, '不公开']) expect(body).not.toContain(secret);
    }
  });

  it('a made-up token and a revoked token get the same 404', async () => {
    const madeUp = await t.anon.get(`/api/v1/public/plaques/${'A'.repeat(32)}`);
    const garbage = await t.anon.get('/p/..%2F..%2Fetc');
    expect(madeUp.statusCode).toBe(404);
    expect(garbage.statusCode).toBe(404);
    expect((await w.lmAdmin.post(`/api/v1/plaques/${householdId}/revoke`)).statusCode).toBe(404);
    expect((await t.anon.get(`/p/${token}`)).statusCode).toBe(200);
    const rv = await w.yjAdmin.post(`/api/v1/plaques/${householdId}/revoke`);
    expect(json(rv).publicPath).toBeNull();
    const revoked = await t.anon.get(`/api/v1/public/plaques/${token}`);
    expect(revoked.statusCode).toBe(404);
    expect(revoked.body).toBe(madeUp.body);
    expect((await t.anon.get(`/p/${token}`)).statusCode).toBe(404);
    const re = json(await w.yjAdmin.post(`/api/v1/plaques/${householdId}/reissue`));
    expect(re.publicPath).not.toBe(`/p/${token}`);
    expect((await t.anon.get(re.publicPath)).statusCode).toBe(200);
    expect((await t.anon.get(`/p/${token}`)).statusCode).toBe(404);
    token = re.publicPath.slice(3);
  });

  it('is rate-limited per IP', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 21; i++) {
      codes.push((await t.app.inject({ method: 'GET', url: `/p/${token}`, remoteAddress: '10.9.9.9' })).statusCode);
    }
    expect(codes.slice(0, 20).every((c) => c === 200)).toBe(true);
    expect(codes[20]).toBe(429);
  });
});

describe('printing', () => {
  it('prints the campaign\'s plaques as an A5 PDF with the Chinese font embedded', async () => {
    const res = await w.yjAdmin.get(`/api/v1/plaques/pdf?campaignId=${campaignId}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.rawPayload.toString('latin1');
    expect(pdf.startsWith('%PDF-')).toBe(true);
    expect(pdf).toMatch(/\/MediaBox \[0 0 419\.53 595\.28\]/);
    expect(pdf).toMatch(/NotoS(ans|erif)CJKsc/);
    expect((pdf.match(/\/Type \/Page\b/g) ?? []).length).toBe(1);
  });

  it('prints nothing out of scope', async () => {
    const res = await w.lmAdmin.get(`/api/v1/plaques/pdf?campaignId=${campaignId}`);
    expect(res.statusCode).toBe(422);
    expect(json(res).error.code).toBe('PLAQUE_PDF_EMPTY');
  });
});
