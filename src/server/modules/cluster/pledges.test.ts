import { beforeAll, describe, expect, it } from 'vitest';
import { json, testApp, type Client, type TestApp } from '../../../../test/support/app.ts';
import { addMember, count, world, type World } from './test-helper.ts';

let t: TestApp;
let w: World;
let caoId: string; // member in 怡江第一支部, with a login
let wangId: string; // member in 绿梅第一支部
let cao: Client;
let caoPledge: string;
let yjPledge: string;

beforeAll(async () => {
  t = await testApp();
  w = await world(t);
  caoId = await addMember(t, w.A.id, w.org.yjb1.id, '曹阿姨');
  wangId = await addMember(t, w.A.id, w.org.lmb1.id, '王大伯');
  await addMember(t, w.A.id, w.org.yj.id, '张媛');
  cao = (await t.user({ memberId: caoId, memberRegionId: w.A.id, grants: [{ role: 'member', scopeKind: 'member', scopeId: caoId, regionId: w.A.id }] })).client;
});

describe('making pledges', () => {
  it('a member pledges for him/herself', async () => {
    const res = await cao.post('/api/v1/pledges', { year: 2026, category: 'volunteer', content: '每周参加一次楼道清洁', isPublic: true });
    expect(res.statusCode).toBe(201);
    expect(json(res)).toMatchObject({ memberId: caoId, memberName: '曹阿姨', status: 'in_progress', orgId: w.org.yjb1.id });
    caoPledge = json(res).id;
  });

  it('refuses (404) a pledge for a member outside the caller\'s scope, creating nothing', async () => {
    const before = await count(t, 'pledges');
    const audits = await count(t, 'audit_log', `entity_type = 'pledge'`);
    for (const [c, memberId] of [[cao, wangId], [w.yjAdmin, wangId], [w.bAdmin, caoId]] as const) {
      const res = await c.post('/api/v1/pledges', { memberId, year: 2026, category: 'key_work', content: '代为承诺' });
      expect(res.statusCode).toBe(404);
      expect(json(res).error.code).toBe('NOT_FOUND');
    }
    expect(await count(t, 'pledges')).toBe(before);
    expect(await count(t, 'audit_log', `entity_type = 'pledge'`)).toBe(audits);
  });

  it('an org admin pledges for a member of the organisation', async () => {
    const res = await w.yjAdmin.post('/api/v1/pledges', { memberId: caoId, year: 2026, category: 'environment', content: '认领小区绿化带', isPublic: false });
    expect(res.statusCode).toBe(201);
    yjPledge = json(res).id;
  });

  it('refuses an unknown category; a region admin adds one, then it works', async () => {
    const before = await count(t, 'pledges');
    let res = await cao.post('/api/v1/pledges', { year: 2026, category: 'elderly_care', content: '结对一户空巢老人' });
    expect(res.statusCode).toBe(422);
    expect(json(res).error.details[0]).toMatchObject({ field: 'category', message: 'is not a pledge category of this region' });
    expect(await count(t, 'pledges')).toBe(before);
    expect((await w.yjAdmin.post('/api/v1/pledge-categories', { regionId: w.A.id, code: 'elderly_care', name: '关爱老人' })).statusCode).toBe(404);
    expect((await w.admin.post('/api/v1/pledge-categories', { regionId: w.A.id, code: 'elderly_care', name: '关爱老人' })).statusCode).toBe(201);
    res = await cao.post('/api/v1/pledges', { year: 2026, category: 'elderly_care', content: '结对一户空巢老人' });
    expect(res.statusCode).toBe(201);
    const cats = json(await cao.get('/api/v1/pledge-categories'));
    expect(cats.map((c: { name: string }) => c.name)).toEqual(['重点工作', '环境美化', '志愿服务', '关爱老人']);
  });
});

describe('reading and reviewing', () => {
  it('each reader sees only the pledges in scope', async () => {
    expect(json(await cao.get('/api/v1/pledges?mine=1')).total).toBe(3);
    expect(json(await w.yjAdmin.get('/api/v1/pledges?year=2026')).total).toBe(3);
    expect(json(await w.lmAdmin.get('/api/v1/pledges')).total).toBe(0);
    expect(json(await w.bAdmin.get('/api/v1/pledges')).total).toBe(0);
    expect((await w.lmAdmin.get(`/api/v1/pledges/${caoPledge}`)).statusCode).toBe(404);
    expect((await w.coordinator.get(`/api/v1/pledges/${caoPledge}`)).statusCode).toBe(200);
  });

  it('only an org admin in scope reviews; others get 404 and nothing changes', async () => {
    for (const c of [w.lmAdmin, w.bAdmin, cao]) {
      expect((await c.post(`/api/v1/pledges/${caoPledge}/review`, { status: 'fulfilled', comment: 'x' })).statusCode).toBe(404);
    }
    expect((await t.database.query<{ status: string }>('select status from pledges where id = $1', [caoPledge]))[0].status).toBe('in_progress');
    const res = await w.yjAdmin.post(`/api/v1/pledges/${caoPledge}/review`, { status: 'fulfilled', comment: '坚持全年，居民好评' });
    expect(res.statusCode).toBe(200);
    expect(json(res)).toMatchObject({ status: 'fulfilled', reviewComment: '坚持全年，居民好评' });
    expect((await w.yjAdmin.post(`/api/v1/pledges/${yjPledge}/review`, { status: 'not_fulfilled', comment: '未完成' })).statusCode).toBe(200);
  });

  it('a reviewed pledge can no longer be edited by the member', async () => {
    const res = await cao.patch(`/api/v1/pledges/${caoPledge}`, { content: '改了' });
    expect(res.statusCode).toBe(409);
    expect(json(res).error.code).toBe('PLEDGE_REVIEWED');
  });

  it('figures per organisation and alliance', async () => {
    const res = await w.coordinator.get(`/api/v1/pledges/stats?year=2026&allianceId=${w.allianceId}`);
    expect(res.statusCode).toBe(200);
    expect(json(res)).toEqual({
      year: 2026, members: 3, membersPledged: 1, pledges: 3,
      byCategory: expect.arrayContaining([{ category: 'volunteer', count: 1 }, { category: 'environment', count: 1 }, { category: 'elderly_care', count: 1 }]),
      byStatus: { in_progress: 1, fulfilled: 1, not_fulfilled: 1 }, fulfilmentRate: 0.5,
    });
    const lm = json(await w.lmAdmin.get(`/api/v1/pledges/stats?year=2026&orgId=${w.org.lm.id}`));
    expect(lm).toMatchObject({ members: 1, membersPledged: 0, pledges: 0, fulfilmentRate: null });
    expect((await w.lmAdmin.get(`/api/v1/pledges/stats?year=2026&orgId=${w.org.yj.id}`)).statusCode).toBe(404);
    expect((await w.bAdmin.get(`/api/v1/pledges/stats?year=2026&allianceId=${w.allianceId}`)).statusCode).toBe(404);
  });
});
