import { beforeAll, describe, expect, it } from 'vitest';
import { json, testApp, type TestApp } from '../../../test/support/app.ts';
import { allianceOrgs, alliances } from '../modules/directory/schema.ts';
import { uuidv7 } from './ids.ts';
import { can, resolveGrants, type Principal } from './scope.ts';

/**
 * Region A: root ─┬─ street ─┬─ branchA1
 *                 │          └─ branchA2
 *                 └─ sibling ── branchS1
 * Region B: root ── branchB1
 */
let t: TestApp;
let A: { id: string; rootOrgId: string };
let B: { id: string; rootOrgId: string };
const o: Record<string, { id: string; path: string }> = {};
let allianceId: string;

beforeAll(async () => {
  t = await testApp();
  A = await t.region('孔浦街道');
  B = await t.region('白峰镇');
  o.street = await t.org(A.id, A.rootOrgId, '社区党委', 'committee');
  o.a1 = await t.org(A.id, o.street.id, '第一支部');
  o.a2 = await t.org(A.id, o.street.id, '第二支部');
  o.sibling = await t.org(A.id, A.rootOrgId, '兄弟党委', 'committee');
  o.s1 = await t.org(A.id, o.sibling.id, '兄弟支部');
  o.b1 = await t.org(B.id, B.rootOrgId, '白峰支部');
  allianceId = uuidv7();
  await t.database.db.insert(alliances).values({ regionId: A.id, id: allianceId, kind: 'cluster', name: '五朵金花', leadOrgId: A.rootOrgId });
  await t.database.db.insert(allianceOrgs).values([
    { regionId: A.id, allianceId, orgId: o.a2.id }, { regionId: A.id, allianceId, orgId: o.s1.id },
  ]);
});

async function principal(grants: Parameters<TestApp['user']>[0]['grants']): Promise<{ p: Principal; client: Awaited<ReturnType<TestApp['user']>>['client'] }> {
  const u = await t.user({ grants });
  return {
    client: u.client,
    p: { id: u.id, username: u.username, displayName: u.username, isPlatformAdmin: false, memberId: null, memberRegionId: null, locale: null, grants: await resolveGrants(t.database, u.id) },
  };
}

describe('scope decisions', () => {
  it.each([
    // grant on,     target,     expected
    ['street', 'street', true],
    ['street', 'a1', true],
    ['street', 'a2', true],
    ['street', 'sibling', false],
    ['street', 's1', false],
    ['street', 'root', false],
    ['street', 'b1', false],
    ['a1', 'a2', false],
    ['a1', 'street', false],
  ])('org_admin granted on %s → %s: %s', async (grantOn, target, expected) => {
    const { p } = await principal([{ role: 'org_admin', scopeKind: 'org', scopeId: o[grantOn].id, regionId: A.id }]);
    const tgt = target === 'root' ? { regionId: A.id, orgPath: `/${A.rootOrgId}/` }
      : { regionId: target === 'b1' ? B.id : A.id, orgPath: o[target].path };
    expect(can(p, 'directory.read', tgt)).toBe(expected);
    expect(can(p, 'directory.write', tgt)).toBe(expected);
  });

  it('region admin covers the whole region and nothing of another', async () => {
    const { p } = await principal([{ role: 'region_admin', scopeKind: 'region', scopeId: A.id, regionId: A.id }]);
    expect(can(p, 'directory.write', { regionId: A.id, orgPath: o.s1.path })).toBe(true);
    expect(can(p, 'directory.read', { regionId: B.id, orgPath: o.b1.path })).toBe(false);
  });

  it('alliance coordinator reads member orgs subtrees only, and may not write', async () => {
    const { p } = await principal([{ role: 'alliance_coordinator', scopeKind: 'alliance', scopeId: allianceId, regionId: A.id }]);
    expect(can(p, 'directory.read', { regionId: A.id, orgPath: o.a2.path })).toBe(true);
    expect(can(p, 'directory.read', { regionId: A.id, orgPath: o.s1.path })).toBe(true);
    expect(can(p, 'directory.read', { regionId: A.id, orgPath: o.a1.path })).toBe(false);
    expect(can(p, 'directory.write', { regionId: A.id, orgPath: o.a2.path })).toBe(false);
  });

  it('a member role grants no directory permission', async () => {
    const { p } = await principal([{ role: 'member', scopeKind: 'org', scopeId: o.a1.id, regionId: A.id }]);
    expect(can(p, 'directory.read', { regionId: A.id, orgPath: o.a1.path })).toBe(false);
  });
});

describe('scope over HTTP: out of scope is 404, lists are filtered in SQL', () => {
  it('child allowed, sibling 404, other region 404', async () => {
    const { client } = await principal([{ role: 'org_admin', scopeKind: 'org', scopeId: o.street.id, regionId: A.id }]);
    expect((await client.get(`/api/v1/orgs/${o.a1.id}`)).statusCode).toBe(200);
    const sib = await client.get(`/api/v1/orgs/${o.sibling.id}`);
    expect(sib.statusCode).toBe(404);
    expect(json(sib).error.code).toBe('NOT_FOUND');
    expect((await client.get(`/api/v1/orgs/${o.b1.id}`)).statusCode).toBe(404);
    // same answer as for an id that does not exist at all
    expect(json(await client.get(`/api/v1/orgs/${uuidv7()}`))).toEqual(json(sib));
  });

  it('writes outside the scope are 404 and change nothing', async () => {
    const { client } = await principal([{ role: 'org_admin', scopeKind: 'org', scopeId: o.street.id, regionId: A.id }]);
    const res = await client.patch(`/api/v1/orgs/${o.b1.id}`, { name: '改名' });
    expect(res.statusCode).toBe(404);
    const [row] = await t.database.query<{ name: string }>('select name from orgs where id = $1', [o.b1.id]);
    expect(row.name).toBe('白峰支部');
    const create = await client.post('/api/v1/orgs', { parentId: o.sibling.id, kind: 'branch', name: '偷建支部' });
    expect(create.statusCode).toBe(404);
    expect(await t.database.query(`select 1 from orgs where name = '偷建支部'`)).toHaveLength(0);
  });

  it('the list holds exactly the subtree', async () => {
    const { client } = await principal([{ role: 'org_admin', scopeKind: 'org', scopeId: o.street.id, regionId: A.id }]);
    const names = json(await client.get('/api/v1/orgs')).items.map((x: { name: string }) => x.name).sort();
    expect(names).toEqual(['社区党委', '第一支部', '第二支部'].sort());
    const none = await principal([]);
    expect(json(await none.client.get('/api/v1/orgs')).total).toBe(0);
  });
});

describe('records shared down their subtree', () => {
  it('a grant below the record’s org reads it only when the record is shared down, and never writes', async () => {
    const { p } = await principal([{ role: 'org_admin', scopeKind: 'org', scopeId: o.a1.id, regionId: A.id }]);
    const streetRecord = { regionId: A.id, orgPath: o.street.path };
    expect(can(p, 'directory.read', streetRecord)).toBe(false);
    expect(can(p, 'directory.read', { ...streetRecord, sharedDown: true })).toBe(true);
    expect(can(p, 'directory.read', { regionId: A.id, orgPath: `/${A.rootOrgId}/`, sharedDown: true })).toBe(true);
    expect(can(p, 'directory.read', { regionId: A.id, orgPath: o.sibling.path, sharedDown: true })).toBe(false);
    expect(can(p, 'directory.read', { regionId: B.id, orgPath: o.b1.path, sharedDown: true })).toBe(false);
  });
});
