import { beforeAll, describe, expect, it } from 'vitest';
import { json, testApp, type TestApp } from '../../../../test/support/app.ts';
import * as make from '../../../../test/support/factories.ts';
import { memberBody } from '../../../../test/support/factories.ts';
import { expectRefused, snapshot } from '../../../../test/support/refused.ts';

let t: TestApp;
let A: make.Region; let B: make.Region;
let yj: make.Org; let lm: make.Org;
let adminA: make.TestUser; let adminB: make.TestUser; let coord: make.TestUser; let yjAdmin: make.TestUser;
let zhang: { id: string; idNumber: string };

const find = async (u: make.TestUser, q: string) => json(await u.client.get(`/api/v1/search?q=${encodeURIComponent(q)}`));
const names = (page: { items: { name: string }[] }) => page.items.map((x) => x.name).sort();

beforeAll(async () => {
  t = await testApp();
  A = await make.region(t, '搜索街道');
  B = await make.region(t, '别处镇');
  yj = await make.org(t, A.id, A.rootOrgId, '搜索社区党委', 'committee');
  lm = await make.org(t, A.id, A.rootOrgId, '绿荫社区党委', 'committee');
  adminA = await make.regionAdmin(t, A.id);
  adminB = await make.regionAdmin(t, B.id);
  yjAdmin = await make.orgAdmin(t, A.id, yj.id);
  const body = memberBody(yj.id, { name: '张搜索' });
  zhang = { id: json(await adminA.client.post('/api/v1/members', body)).id, idNumber: body.idNumber as string };
  await adminA.client.post('/api/v1/members', memberBody(lm.id, { name: '张绿荫' }));
  await adminA.client.post('/api/v1/units', { regionId: A.id, kind: 'school', name: '搜索小学', orgId: yj.id });
  const allianceId = await make.alliance(t, A.id, { name: '搜索集群', orgIds: [yj.id] });
  coord = await make.coordinator(t, A.id, allianceId);
});

describe('the header search', () => {
  it('finds members (name, pinyin initials, ID number), orgs and units in scope', async () => {
    const r = await find(adminA, '搜索');
    expect(names(r.orgs)).toEqual(['搜索社区党委', '搜索街道党工委']);
    expect(names(r.units)).toEqual(['搜索小学']);
    expect(r.members.items).toEqual([]); // members match by the start of the name
    expect(names((await find(adminA, '张')).members)).toEqual(['张搜索', '张绿荫'].sort());
    expect(names((await find(adminA, 'zss')).members)).toEqual(['张搜索']);
    const byId = await find(adminA, zhang.idNumber.slice(0, 14));
    expect(byId.members.items.map((x: { id: string }) => x.id)).toEqual([zhang.id]);
    // an item carries its name and place only: no ID number or phone in the answer
    expect(JSON.stringify(byId)).not.toContain(zhang.idNumber.slice(6, 14));
  });

  it('an org admin finds only their subtree', async () => {
    expect(names((await find(yjAdmin, '张')).members)).toEqual(['张搜索']);
    // 绿荫社区党委 and the street's committee are outside 搜索社区党委's subtree
    expect(names((await find(yjAdmin, '社区')).orgs)).toEqual(['搜索社区党委']);
    expect(names((await find(yjAdmin, '搜索')).orgs)).toEqual(['搜索社区党委']);
  });

  it('by ID number only where the caller may see ID numbers: a coordinator (no members.pii) finds the member by name, never by number', async () => {
    expect(names((await find(coord, '张')).members)).toEqual(['张搜索']);
    const byId = await find(coord, zhang.idNumber.slice(0, 14));
    expect(byId.members).toMatchObject({ items: [], total: 0 });
  });

  it('a caller out of scope finds nothing: the answer is the one for a term that matches nothing', async () => {
    const nothing = await find(adminB, '无此名称');
    for (const q of ['搜索', '张', 'zss', zhang.idNumber, zhang.idNumber.slice(0, 10)]) {
      expect(await find(adminB, q)).toEqual(nothing);
    }
    expect(nothing).toMatchObject({ members: { total: 0 }, orgs: { total: 0 }, units: { total: 0 } });
  });

  it('an empty or over-long term is refused, nothing changed', async () => {
    const before = await snapshot(t);
    await expectRefused(await adminA.client.get('/api/v1/search?q=%20'), 400, 'VALIDATION_FAILED', before);
    await expectRefused(await adminA.client.get(`/api/v1/search?q=${'张'.repeat(51)}`), 400, 'VALIDATION_FAILED', before);
  });
});
