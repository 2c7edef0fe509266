import { beforeAll, describe, expect, it } from 'vitest';
import { json, testApp, type Client, type TestApp } from '../../../../test/support/app.ts';
import * as make from '../../../../test/support/factories.ts';
import { expectRefused, snapshot } from '../../../../test/support/refused.ts';
import ExcelJS from '../../platform/exceljs.ts';

/** The world and its three members are only read; each test makes the pledges it looks at. */
let t: TestApp;
let w: make.World;
let caoId: string; // member in 怡江第一支部, with a login
let wangId: string; // member in 绿梅第一支部
let cao: Client;

beforeAll(async () => {
  t = await testApp();
  w = await make.world(t);
  caoId = (await make.member(t, w.org.yjb1.id, { name: '曹阿姨' })).id;
  wangId = (await make.member(t, w.org.lmb1.id, { name: '王大伯' })).id;
  await make.member(t, w.org.yj.id, { name: '张媛' });
  cao = (await make.memberUser(t, w.A.id, caoId)).client;
});

const pledge = async (c: Client, body: Record<string, unknown>) => {
  const res = await c.post('/api/v1/pledges', { year: 2026, category: 'volunteer', content: '每周参加一次楼道清洁', ...body });
  expect(res.statusCode).toBe(201);
  return json(res).id as string;
};
const stored = async (id: string) => (await t.database.query<Record<string, unknown>>(
  'select member_id, org_id, year, category, content, is_public, status from pledges where id = $1', [id]))[0];
const auditOf = (id: string) => t.database.query<{ action: string; actor_id: string; after: Record<string, unknown> }>(
  'select action, actor_id, after from audit_log where entity_id = $1 order by id', [id]);

describe('making pledges', () => {
  it('a member pledges for him/herself: stored with the member\'s org, audited', async () => {
    const res = await cao.post('/api/v1/pledges', { year: 2026, category: 'volunteer', content: '每周参加一次楼道清洁', isPublic: true });
    expect(res.statusCode).toBe(201);
    const p = json(res);
    expect(p).toMatchObject({ memberId: caoId, memberName: '曹阿姨', status: 'in_progress', orgId: w.org.yjb1.id });
    expect(await stored(p.id)).toEqual({
      member_id: caoId, org_id: w.org.yjb1.id, year: 2026, category: 'volunteer', content: '每周参加一次楼道清洁', is_public: true, status: 'in_progress',
    });
    const audits = await auditOf(p.id);
    expect(audits.map((a) => a.action)).toEqual(['pledge.create']);
    expect(audits[0].after).toMatchObject({ memberId: caoId, content: '每周参加一次楼道清洁' });
    expect(json(await cao.get(`/api/v1/pledges/${p.id}`))).toMatchObject({ id: p.id, content: '每周参加一次楼道清洁' });
  });

  it('refuses (404) a pledge for a member outside the caller\'s scope, creating nothing', async () => {
    for (const [c, memberId] of [[cao, wangId], [w.yjAdmin, wangId], [w.bAdmin, caoId]] as const) {
      await expectRefused(() => c.post('/api/v1/pledges', { memberId, year: 2026, category: 'key_work', content: '代为承诺' }), 404, 'NOT_FOUND', () => snapshot(t));
    }
  });

  it('an org admin pledges for a member of the organisation: stored for that member, audited as the admin', async () => {
    const admin = await make.orgAdmin(t, w.A.id, w.org.yj.id);
    const res = await admin.client.post('/api/v1/pledges', { memberId: caoId, year: 2026, category: 'environment', content: '认领小区绿化带', isPublic: false });
    expect(res.statusCode).toBe(201);
    const id = json(res).id;
    expect(await stored(id)).toMatchObject({ member_id: caoId, org_id: w.org.yjb1.id, category: 'environment', is_public: false });
    expect((await auditOf(id)).map((a) => [a.action, a.actor_id])).toEqual([['pledge.create', admin.id]]);
  });

  it('refuses an unknown category; a region admin adds one, then it works', async () => {
    const code = `care_${Math.random().toString(36).slice(2, 8)}`;
    const err = await expectRefused(() => cao.post('/api/v1/pledges', { year: 2026, category: code, content: '结对一户空巢老人' }), 422, 'VALIDATION_FAILED', () => snapshot(t));
    expect(err.details?.[0]).toMatchObject({ field: 'category', message: 'is not a pledge category of this region' });
    await expectRefused(() => w.yjAdmin.post('/api/v1/pledge-categories', { regionId: w.A.id, code, name: '关爱老人' }), 404, 'NOT_FOUND', () => snapshot(t));
    expect((await w.admin.post('/api/v1/pledge-categories', { regionId: w.A.id, code, name: '关爱老人' })).statusCode).toBe(201);
    const id = await pledge(cao, { category: code, content: '结对一户空巢老人' });
    expect(await stored(id)).toMatchObject({ category: code });
    const cats = json(await cao.get('/api/v1/pledge-categories'));
    expect(cats.map((c: { name: string }) => c.name).slice(0, 3)).toEqual(['重点工作', '环境美化', '志愿服务']);
    expect(cats.map((c: { code: string }) => c.code)).toContain(code);
  });

  it('the platform admin (no region of its own) gets the built-in categories; a region out of scope answers 404', async () => {
    const root = (await make.user(t, { platformAdmin: true })).client;
    const cats = await root.get('/api/v1/pledge-categories');
    expect(cats.statusCode).toBe(200);
    expect(json(cats).map((c: { builtin: boolean }) => c.builtin)).toEqual(json(cats).map(() => true));
    expect(json(cats).map((c: { name: string }) => c.name).slice(0, 3)).toEqual(['重点工作', '环境美化', '志愿服务']);
    const other = await make.region(t);
    const outsider = (await make.regionAdmin(t, other.id)).client;
    expect((await outsider.get(`/api/v1/pledge-categories?regionId=${w.A.id}`)).statusCode).toBe(404);
  });
});

describe('reading and reviewing', () => {
  it('each reader sees only the pledges in scope', async () => {
    const mine = await pledge(cao, {});
    const byAdmin = await pledge(w.yjAdmin, { memberId: caoId });
    const ids = async (c: Client, qs = '') => json(await c.get(`/api/v1/pledges?pageSize=100${qs}`)).items.map((x: { id: string }) => x.id);
    expect(await ids(cao, '&mine=1')).toEqual(expect.arrayContaining([mine, byAdmin]));
    expect(await ids(w.yjAdmin, '&year=2026')).toEqual(expect.arrayContaining([mine, byAdmin]));
    expect(await ids(w.coordinator)).toEqual(expect.arrayContaining([mine, byAdmin]));
    expect(await ids(w.lmAdmin)).not.toContain(mine);
    expect(json(await w.bAdmin.get('/api/v1/pledges')).total).toBe(0);
    expect((await w.lmAdmin.get(`/api/v1/pledges/${mine}`)).statusCode).toBe(404);
    expect((await w.coordinator.get(`/api/v1/pledges/${mine}`)).statusCode).toBe(200);
  });

  it('only an org admin in scope reviews; others get 404 and nothing changes', async () => {
    const id = await pledge(cao, {});
    for (const c of [w.lmAdmin, w.bAdmin, cao]) {
      await expectRefused(() => c.post(`/api/v1/pledges/${id}/review`, { status: 'fulfilled', comment: 'x' }), 404, 'NOT_FOUND', () => snapshot(t));
    }
    expect((await stored(id)).status).toBe('in_progress');
    const res = await w.yjAdmin.post(`/api/v1/pledges/${id}/review`, { status: 'fulfilled', comment: '坚持全年，居民好评' });
    expect(res.statusCode).toBe(200);
    expect(json(res)).toMatchObject({ status: 'fulfilled', reviewComment: '坚持全年，居民好评' });
    expect((await stored(id)).status).toBe('fulfilled');
    expect((await auditOf(id)).map((a) => a.action)).toEqual(['pledge.create', 'pledge.review']);
  });

  it('a reviewed pledge can no longer be edited by the member', async () => {
    const id = await pledge(cao, { content: '原来的承诺' });
    expect((await w.yjAdmin.post(`/api/v1/pledges/${id}/review`, { status: 'not_fulfilled', comment: '未完成' })).statusCode).toBe(200);
    await expectRefused(() => cao.patch(`/api/v1/pledges/${id}`, { content: '改了' }), 409, 'PLEDGE_REVIEWED', () => snapshot(t));
    expect((await stored(id)).content).toBe('原来的承诺');
  });

  it('figures per organisation and alliance', async () => {
    // a world of its own, so the figures count only what this test made
    const v = await make.world(t);
    const m = (await make.member(t, v.org.yjb1.id, { name: '甲' })).id;
    await make.member(t, v.org.lmb1.id, { name: '乙' });
    await make.member(t, v.org.yj.id, { name: '丙' });
    const code = `care_${Math.random().toString(36).slice(2, 8)}`;
    expect((await v.admin.post('/api/v1/pledge-categories', { regionId: v.A.id, code, name: '关爱老人' })).statusCode).toBe(201);
    const a = await pledge(v.yjAdmin, { memberId: m, category: 'volunteer' });
    const b = await pledge(v.yjAdmin, { memberId: m, category: 'environment' });
    await pledge(v.yjAdmin, { memberId: m, category: code });
    expect((await v.yjAdmin.post(`/api/v1/pledges/${a}/review`, { status: 'fulfilled', comment: '好' })).statusCode).toBe(200);
    expect((await v.yjAdmin.post(`/api/v1/pledges/${b}/review`, { status: 'not_fulfilled', comment: '未完成' })).statusCode).toBe(200);
    const res = await v.coordinator.get(`/api/v1/pledges/stats?year=2026&allianceId=${v.allianceId}`);
    expect(res.statusCode).toBe(200);
    expect(json(res)).toEqual({
      year: 2026, members: 3, membersPledged: 1, pledges: 3,
      byCategory: expect.arrayContaining([{ category: 'volunteer', count: 1 }, { category: 'environment', count: 1 }, { category: code, count: 1 }]),
      byStatus: { in_progress: 1, fulfilled: 1, not_fulfilled: 1 }, fulfilmentRate: 0.5,
    });
    const lm = json(await v.lmAdmin.get(`/api/v1/pledges/stats?year=2026&orgId=${v.org.lm.id}`));
    expect(lm).toMatchObject({ members: 1, membersPledged: 0, pledges: 0, fulfilmentRate: null });
    expect((await v.lmAdmin.get(`/api/v1/pledges/stats?year=2026&orgId=${v.org.yj.id}`)).statusCode).toBe(404);
    expect((await v.bAdmin.get(`/api/v1/pledges/stats?year=2026&allianceId=${v.allianceId}`)).statusCode).toBe(404);
  });
});

describe('batch review and undo (承诺评定: 批量已兑现, 撤销)', () => {
  it('pages the pending pledges filtered by branch and category; reviews the selection at once; undoes it', async () => {
    const v = await make.world(t);
    const a = (await make.member(t, v.org.yjb1.id, { name: '甲' })).id;
    const b = (await make.member(t, v.org.yj.id, { name: '乙' })).id;
    const inBranch = [await pledge(v.yjAdmin, { memberId: a }), await pledge(v.yjAdmin, { memberId: a }), await pledge(v.yjAdmin, { memberId: a })];
    await pledge(v.yjAdmin, { memberId: a, category: 'environment' });
    await pledge(v.yjAdmin, { memberId: b });
    const q = `/api/v1/pledges?status=in_progress&year=2026&orgId=${v.org.yjb1.id}&category=volunteer&pageSize=2`;
    const p1 = json(await v.yjAdmin.get(q));
    expect({ total: p1.total, n: p1.items.length }).toEqual({ total: 3, n: 2 });
    const p2 = json(await v.yjAdmin.get(`${q}&page=2`));
    expect(p2.items.length).toBe(1);
    expect([...p1.items, ...p2.items].map((x: { id: string }) => x.id).sort()).toEqual([...inBranch].sort());

    const res = await v.yjAdmin.post('/api/v1/pledges/reviews', { ids: inBranch, status: 'fulfilled', comment: '按时兑现' });
    expect(res.statusCode).toBe(200);
    expect(json(res).items.map((x: { status: string }) => x.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    for (const id of inBranch) {
      expect(await stored(id)).toMatchObject({ status: 'fulfilled' });
      expect((await auditOf(id)).map((x) => x.action)).toEqual(['pledge.create', 'pledge.review']);
    }
    expect(json(await v.yjAdmin.get(q)).total).toBe(0);

    const undo = await v.yjAdmin.post('/api/v1/pledges/reviews/undo', { ids: inBranch });
    expect(undo.statusCode).toBe(200);
    const rows = await t.database.query<{ status: string; review_comment: string | null; reviewed_by: string | null; reviewed_at: Date | null }>(
      'select status, review_comment, reviewed_by, reviewed_at from pledges where id = any($1::uuid[])', [`{${inBranch.join(',')}}`]);
    expect(rows).toEqual(inBranch.map(() => ({ status: 'in_progress', review_comment: null, reviewed_by: null, reviewed_at: null })));
    const undone = await auditOf(inBranch[0]);
    expect(undone.map((x) => x.action)).toEqual(['pledge.create', 'pledge.review', 'pledge.review.undo']);
    expect(undone[2].after).toEqual({ status: 'in_progress', reviewComment: null });
    expect(json(await v.yjAdmin.get(q)).total).toBe(3);
  });

  it('refuses the whole batch when one pledge is out of scope, made up, already reviewed or not reviewed; nothing changes', async () => {
    const v = await make.world(t);
    const a = (await make.member(t, v.org.yjb1.id, { name: '甲' })).id;
    const l = (await make.member(t, v.org.lmb1.id, { name: '丁' })).id;
    const mine = await pledge(v.yjAdmin, { memberId: a });
    const other = await pledge(v.yjAdmin, { memberId: a });
    const theirs = await pledge(v.lmAdmin, { memberId: l });
    const madeUp = '01900000-0000-7000-8000-000000000000';
    const out = await expectRefused(() => v.yjAdmin.post('/api/v1/pledges/reviews', { ids: [mine, theirs], status: 'fulfilled' }), 404, 'NOT_FOUND', () => snapshot(t));
    const none = await expectRefused(() => v.yjAdmin.post('/api/v1/pledges/reviews', { ids: [mine, madeUp], status: 'fulfilled' }), 404, 'NOT_FOUND', () => snapshot(t));
    expect(out).toEqual(none);
    await expectRefused(() => v.bAdmin.post('/api/v1/pledges/reviews/undo', { ids: [mine] }), 404, 'NOT_FOUND', () => snapshot(t));
    expect((await v.yjAdmin.post(`/api/v1/pledges/${other}/review`, { status: 'not_fulfilled', comment: '未完成' })).statusCode).toBe(200);
    const dup = await expectRefused(() => v.yjAdmin.post('/api/v1/pledges/reviews', { ids: [mine, other], status: 'fulfilled' }), 409, 'PLEDGE_ALREADY_REVIEWED', () => snapshot(t));
    expect(dup.details).toEqual([expect.objectContaining({ field: 'ids.1', message: 'already reviewed' })]);
    const notYet = await expectRefused(() => v.yjAdmin.post('/api/v1/pledges/reviews/undo', { ids: [other, mine] }), 409, 'PLEDGE_NOT_REVIEWED', () => snapshot(t));
    expect(notYet.details).toEqual([expect.objectContaining({ field: 'ids.1', message: 'not reviewed' })]);
    const bad = await expectRefused(() => v.yjAdmin.post('/api/v1/pledges/reviews', { ids: [mine], status: 'in_progress' }), 400, 'VALIDATION_FAILED', () => snapshot(t));
    expect(bad.details?.map((d) => d.field)).toEqual(['status']);
    await expectRefused(() => v.yjAdmin.post('/api/v1/pledges/reviews', { ids: [], status: 'fulfilled' }), 400, 'VALIDATION_FAILED', () => snapshot(t));
    expect((await stored(mine)).status).toBe('in_progress');
    expect((await stored(other)).status).toBe('not_fulfilled');
  });

  it('a member cannot review his/her own pledges in a batch (404)', async () => {
    const id = await pledge(cao, {});
    await expectRefused(() => cao.post('/api/v1/pledges/reviews', { ids: [id], status: 'fulfilled' }), 404, 'NOT_FOUND', () => snapshot(t));
  });
});

describe('export', () => {
  it('the filtered list as xlsx: labels not codes, the org by name, only what the reader may see', async () => {
    const id = await pledge(w.lmAdmin, { memberId: wangId, category: 'environment', content: '导出测试：门前三包' });
    await pledge(w.yjAdmin, { memberId: caoId, category: 'environment', content: '导出测试：怡江' });
    const read = async (c: Client, qs: string, lang = 'zh-CN') => {
      const res = await c.get(`/api/v1/pledges/export.xlsx?${qs}`, { 'accept-language': lang });
      expect(res.statusCode).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const ws = wb.worksheets[0];
      const rows: unknown[][] = [];
      ws.eachRow((r) => { rows.push((r.values as unknown[]).slice(1)); });
      return rows;
    };
    const lm = await read(w.lmAdmin, 'category=environment');
    expect(lm[0]).toEqual(['党员', '所在党组织', '年度', '类别', '承诺内容', '公开', '状态', '评定意见', '评定时间']);
    const mine = lm.filter((r) => r[4] === '导出测试：门前三包');
    expect(mine).toEqual([['王大伯', '绿梅第一支部', 2026, '环境美化', '导出测试：门前三包', '是', '进行中', '', '']]);
    // 绿梅's admin never gets 怡江's pledge; the coordinator of the alliance gets both
    expect(lm.some((r) => r[4] === '导出测试：怡江')).toBe(false);
    const all = await read(w.coordinator, 'category=environment');
    expect(all.filter((r) => String(r[4]).startsWith('导出测试')).length).toBe(2);
    expect((await read(w.bAdmin, '')).length).toBe(1); // the header only
    const en = await read(w.lmAdmin, 'category=environment', 'en-US');
    expect(en[0][0]).toBe('Member');
    expect(en.find((r) => r[4] === '导出测试：门前三包')?.[6]).toBe('in progress');
    expect(id).toBeTruthy();
  });
});
