import { beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from '../../platform/exceljs.ts';
import { json, testApp, type TestApp } from '../../../../test/support/app.ts';
import { memberBody } from '../../../../test/support/factories.ts';

let t: TestApp;
let A: { id: string; rootOrgId: string };
let B: { id: string; rootOrgId: string };
let admin: Awaited<ReturnType<TestApp['user']>>;
const o: Record<string, { id: string; path: string }> = {};

beforeAll(async () => {
  t = await testApp();
  A = await t.region('孔浦街道');
  B = await t.region('白峰镇');
  admin = await t.user({ grants: [{ role: 'region_admin', scopeKind: 'region', scopeId: A.id, regionId: A.id }] });
  o.yj = await t.org(A.id, A.rootOrgId, '怡江社区党委', 'committee');
  o.yj1 = await t.org(A.id, o.yj.id, '怡江第一支部');
  o.yj2 = await t.org(A.id, o.yj.id, '怡江第二支部');
  o.lm = await t.org(A.id, A.rootOrgId, '绿梅社区党委', 'committee');
  o.lm1 = await t.org(A.id, o.lm.id, '绿梅第一支部');
  o.b = await t.org(B.id, B.rootOrgId, '白峰支部');
  for (let i = 0; i < 3; i++) await admin.client.post('/api/v1/members', memberBody(o.yj1.id));
  await admin.client.post('/api/v1/members', memberBody(o.yj2.id));
  await admin.client.post('/api/v1/members', memberBody(o.lm1.id));
});

type Node = { id: string; name: string; memberCount: number; branchCount: number; children: Node[] };
const find = (nodes: Node[], id: string): Node | undefined => {
  for (const n of nodes) { if (n.id === id) return n; const c = find(n.children, id); if (c) return c; }
  return undefined;
};

describe('organisation tree', () => {
  it('has member and branch counts per subtree', async () => {
    const tree = json(await admin.client.get(`/api/v1/orgs/tree?regionId=${A.id}`)).items as Node[];
    expect(tree).toHaveLength(1);
    expect(find(tree, A.rootOrgId)).toMatchObject({ memberCount: 5, branchCount: 3 });
    expect(find(tree, o.yj.id)).toMatchObject({ memberCount: 4, branchCount: 2 });
    expect(find(tree, o.yj1.id)).toMatchObject({ memberCount: 3, branchCount: 1 });
  });

  it('another region’s tree is 404', async () => {
    expect((await admin.client.get(`/api/v1/orgs/tree?regionId=${B.id}`)).statusCode).toBe(404);
  });

  it('moves a subtree; everything under it follows, counts stay right', async () => {
    const res = await admin.client.post(`/api/v1/orgs/${o.yj.id}/move`, { parentId: o.lm.id });
    expect(res.statusCode).toBe(200);
    const tree = json(await admin.client.get(`/api/v1/orgs/tree?regionId=${A.id}`)).items as Node[];
    expect(find(tree, o.lm.id)).toMatchObject({ memberCount: 5, branchCount: 3 });
    const [child] = await t.database.query<{ path: string; depth: number }>('select path, depth from orgs where id = $1', [o.yj1.id]);
    expect(child.path).toBe(`/${A.rootOrgId}/${o.lm.id}/${o.yj.id}/${o.yj1.id}/`);
    expect(child.depth).toBe(3);
    // the subtree's admin still sees the members under it
    const yjAdmin = await t.user({ grants: [{ role: 'org_admin', scopeKind: 'org', scopeId: o.yj.id, regionId: A.id }] });
    expect(json(await yjAdmin.client.get('/api/v1/members')).total).toBe(4);
    await admin.client.post(`/api/v1/orgs/${o.yj.id}/move`, { parentId: A.rootOrgId });
  });

  it('refuses a cycle, with nothing changed', async () => {
    const before = await t.database.query('select id, path from orgs order by id');
    for (const target of [o.yj.id, o.yj1.id]) {
      const res = await admin.client.post(`/api/v1/orgs/${o.yj.id}/move`, { parentId: target });
      expect(res.statusCode).toBe(422);
      expect(json(res).error).toMatchObject({ code: 'ORG_CYCLE' });
      expect(json(res).error.details[0].field).toBe('parentId');
    }
    expect(await t.database.query('select id, path from orgs order by id')).toEqual(before);
  });

  it('refuses a move into another region or out of scope', async () => {
    expect((await admin.client.post(`/api/v1/orgs/${o.yj.id}/move`, { parentId: o.b.id })).statusCode).toBe(404);
    const yjAdmin = await t.user({ grants: [{ role: 'org_admin', scopeKind: 'org', scopeId: o.yj.id, regionId: A.id }] });
    expect((await yjAdmin.client.post(`/api/v1/orgs/${o.yj2.id}/move`, { parentId: o.lm.id })).statusCode).toBe(404);
  });

  it('lists organisations whose term ends within 90 days or has ended', async () => {
    await admin.client.patch(`/api/v1/orgs/${o.yj1.id}`, { termStart: '2021-12-01', termEnd: '2026-12-31' });
    await admin.client.patch(`/api/v1/orgs/${o.yj2.id}`, { termStart: '2020-01-01', termEnd: '2025-01-01' });
    await admin.client.patch(`/api/v1/orgs/${o.lm1.id}`, { termStart: '2024-01-01', termEnd: '2029-01-01' });
    const due = json(await admin.client.get('/api/v1/orgs/term-due')).items;
    expect(due.map((x: { name: string; overdue: boolean }) => [x.name, x.overdue])).toEqual([['怡江第二支部', true], ['怡江第一支部', false]]);
    const bad = await admin.client.patch(`/api/v1/orgs/${o.lm1.id}`, { termEnd: '2020-01-01' });
    expect(bad.statusCode).toBe(422);
  });
});

describe('units and alliances', () => {
  it('creates units; a unit liaison sees only their unit; duplicates refused', async () => {
    const u = json(await admin.client.post('/api/v1/units', { regionId: A.id, kind: 'enterprise', name: '光大环保能源（宁波）有限公司', staffCount: 300, aboveScale: true, liaisonName: '蔡', liaisonPhone: '13811112222' }));
    expect(u.aboveScale).toBe(true);
    const dup = await admin.client.post('/api/v1/units', { regionId: A.id, kind: 'enterprise', name: '光大环保能源（宁波）有限公司' });
    expect(dup.statusCode).toBe(409);
    const other = json(await admin.client.post('/api/v1/units', { regionId: A.id, kind: 'school', name: '孔浦小学' }));
    const liaison = await t.user({ grants: [{ role: 'unit_liaison', scopeKind: 'unit', scopeId: u.id, regionId: A.id }] });
    const list = json(await liaison.client.get('/api/v1/units'));
    expect(list.items.map((x: { name: string }) => x.name)).toEqual(['光大环保能源（宁波）有限公司']);
    expect(list.items[0].liaisonPhone).toBe('138****2222');
    expect((await liaison.client.get(`/api/v1/units/${other.id}`)).statusCode).toBe(404);
    expect((await liaison.client.patch(`/api/v1/units/${u.id}`, { name: 'x' })).statusCode).toBe(404);
    const regionB = await t.user({ grants: [{ role: 'region_admin', scopeKind: 'region', scopeId: B.id, regionId: B.id }] });
    expect((await regionB.client.post('/api/v1/units', { regionId: A.id, kind: 'school', name: '偷建' })).statusCode).toBe(404);
    expect(json(await regionB.client.get('/api/v1/units')).total).toBe(0);
  });

  it('an alliance spans orgs and units; its coordinator sees its members and nothing else', async () => {
    const a = json(await admin.client.post('/api/v1/alliances', { regionId: A.id, kind: 'cluster', name: '五朵金花', leadOrgId: A.rootOrgId }));
    const u = json(await admin.client.post('/api/v1/units', { regionId: A.id, kind: 'community', name: '怡江社区' }));
    const added = json(await admin.client.post(`/api/v1/alliances/${a.id}/members`, { orgIds: [o.yj.id, o.lm.id], unitIds: [u.id] }));
    expect(added.orgCount).toBe(2);
    expect(added.unitCount).toBe(1);
    const bad = await admin.client.post(`/api/v1/alliances/${a.id}/members`, { orgIds: [o.b.id] });
    expect(bad.statusCode).toBe(422);
    const coord = await t.user({});
    expect((await admin.client.post(`/api/v1/alliances/${a.id}/coordinators`, { username: coord.username })).statusCode).toBe(200);
    const c = await t.login(coord.username);
    const me = json(await c.get('/api/v1/me'));
    expect(me.grants[0]).toMatchObject({ role: 'alliance_coordinator', scopeName: '五朵金花' });
    expect(json(await c.get(`/api/v1/alliances/${a.id}`)).orgs.map((x: { name: string }) => x.name).sort()).toEqual(['怡江社区党委', '绿梅社区党委'].sort());
    expect(json(await c.get('/api/v1/members')).total).toBe(5);
    expect((await c.get(`/api/v1/orgs/${o.b.id}`)).statusCode).toBe(404);
    expect((await c.patch(`/api/v1/alliances/${a.id}`, { name: '改名' })).statusCode).toBe(404);
    const list = json(await c.get('/api/v1/alliances'));
    expect(list.items.map((x: { name: string }) => x.name)).toEqual(['五朵金花']);
  });
});

describe('history and memberships', () => {
  it('a member’s audit history is readable by whoever may read the member, and no one else', async () => {
    const m = json(await admin.client.post('/api/v1/members', memberBody(o.yj1.id, { name: '史记' })));
    await admin.client.patch(`/api/v1/members/${m.id}`, { occupation: '教师' });
    const h = json(await admin.client.get(`/api/v1/members/${m.id}/history`)).items;
    expect(h.map((x: { action: string }) => x.action)).toEqual(['member.update', 'member.create']);
    expect(h[1].after.idNumber).toContain('*');
    const lmAdmin = await t.user({ grants: [{ role: 'org_admin', scopeKind: 'org', scopeId: o.lm.id, regionId: A.id }] });
    expect((await lmAdmin.client.get(`/api/v1/members/${m.id}/history`)).statusCode).toBe(404);
  });

  it('lists the alliances an organisation belongs to', async () => {
    const items = json(await admin.client.get(`/api/v1/orgs/${o.yj.id}/alliances`)).items;
    expect(items.map((x: { name: string }) => x.name)).toEqual(['五朵金花']);
  });

  it('renaming an alliance to the name of another in the region is a 409 (not a failed insert), nothing changed', async () => {
    const other = json(await admin.client.post('/api/v1/alliances', { regionId: A.id, kind: 'grid', name: '第一网格' }));
    const audits = (await t.database.query<{ n: number }>('select count(*)::int as n from audit_log'))[0].n;
    const res = await admin.client.patch(`/api/v1/alliances/${other.id}`, { name: '五朵金花', description: '改' });
    expect(res.statusCode).toBe(409);
    expect(json(res).error).toMatchObject({ code: 'ALLIANCE_DUPLICATE_NAME', details: [{ field: 'name', message: 'an alliance of this name exists in the region' }] });
    expect(json(await admin.client.get(`/api/v1/alliances/${other.id}`))).toMatchObject({ name: '第一网格', description: null });
    expect((await t.database.query<{ n: number }>('select count(*)::int as n from audit_log'))[0].n).toBe(audits);
    // keeping its own name is no conflict
    expect((await admin.client.patch(`/api/v1/alliances/${other.id}`, { name: '第一网格', description: '改' })).statusCode).toBe(200);
  });
});

describe('organisation kinds and alliance visibility', () => {
  it('a branch holds no organisations and a general branch only branches (create and move), nothing changed', async () => {
    const before = await t.database.query('select id, path from orgs order by id');
    const underBranch = await admin.client.post('/api/v1/orgs', { parentId: o.yj1.id, kind: 'branch', name: '支部下的支部' });
    expect(underBranch.statusCode).toBe(422);
    expect(json(underBranch).error.details[0]).toMatchObject({ field: 'parentId' });
    expect(json(underBranch).error.details[0].message).toMatch(/cannot hold/);
    const move = await admin.client.post(`/api/v1/orgs/${o.yj2.id}/move`, { parentId: o.yj1.id });
    expect(move.statusCode).toBe(422);
    const gb = json(await admin.client.post('/api/v1/orgs', { parentId: A.rootOrgId, kind: 'general_branch', name: '联合党总支' }));
    expect((await admin.client.post('/api/v1/orgs', { parentId: gb.id, kind: 'committee', name: '总支下的党委' })).statusCode).toBe(422);
    expect((await admin.client.post('/api/v1/orgs', { parentId: gb.id, kind: 'branch', name: '总支下的支部' })).statusCode).toBe(201);
    const after = await t.database.query<{ id: string }>('select id, path from orgs order by id');
    expect(after.length).toBe(before.length + 2);
  });

  it('the secretary of a member org sees the alliance it belongs to, but cannot change it', async () => {
    const yjAdmin = await t.user({ grants: [{ role: 'org_admin', scopeKind: 'org', scopeId: o.yj.id, regionId: A.id }] });
    const list = json(await yjAdmin.client.get('/api/v1/alliances')).items;
    expect(list.map((x: { name: string }) => x.name)).toEqual(['五朵金花']);
    expect((await yjAdmin.client.get(`/api/v1/alliances/${list[0].id}`)).statusCode).toBe(200);
    expect((await yjAdmin.client.patch(`/api/v1/alliances/${list[0].id}`, { name: 'x' })).statusCode).toBe(404);
    const bAdmin = await t.user({ grants: [{ role: 'org_admin', scopeKind: 'org', scopeId: o.b.id, regionId: B.id }] });
    expect(json(await bAdmin.client.get('/api/v1/alliances')).total).toBe(0);
    expect((await bAdmin.client.get(`/api/v1/alliances/${list[0].id}`)).statusCode).toBe(404);
  });

  it('lists the alliances a unit belongs to', async () => {
    const units = json(await admin.client.get(`/api/v1/units?q=${encodeURIComponent('怡江社区')}`)).items;
    const items = json(await admin.client.get(`/api/v1/units/${units[0].id}/alliances`)).items;
    expect(items.map((x: { name: string }) => x.name)).toEqual(['五朵金花']);
  });

  it('the liaison of a member unit (whose org is in no alliance) sees the alliances the unit belongs to, but cannot change them', async () => {
    const jm = json(await admin.client.post('/api/v1/alliances', { regionId: A.id, kind: 'joint_meeting', name: '园区联席会议', leadOrgId: A.rootOrgId }));
    const firm = json(await admin.client.post('/api/v1/units', { regionId: A.id, kind: 'enterprise', name: '园区企业', orgId: o.lm1.id }));
    await admin.client.post(`/api/v1/alliances/${jm.id}/members`, { unitIds: [firm.id] });
    const liaison = await t.user({ grants: [{ role: 'unit_liaison', scopeKind: 'unit', scopeId: firm.id, regionId: A.id }] });
    const list = json(await liaison.client.get('/api/v1/alliances'));
    expect(list.items.map((x: { name: string }) => x.name)).toEqual(['园区联席会议']);
    expect(list.total).toBe(1);
    expect(json(await liaison.client.get(`/api/v1/units/${firm.id}/alliances`)).items.map((x: { name: string }) => x.name)).toEqual(['园区联席会议']);
    expect(json(await liaison.client.get(`/api/v1/alliances/${jm.id}`)).units.map((x: { name: string }) => x.name)).toEqual(['园区企业']);
    const patch = await liaison.client.patch(`/api/v1/alliances/${jm.id}`, { name: 'x' });
    expect(patch.statusCode).toBe(404);
    expect(json(await admin.client.get(`/api/v1/alliances/${jm.id}`)).name).toBe('园区联席会议');
    // a liaison of a unit outside the alliance sees none of it
    const outside = json(await admin.client.post('/api/v1/units', { regionId: A.id, kind: 'school', name: '园外学校' }));
    const other = await t.user({ grants: [{ role: 'unit_liaison', scopeKind: 'unit', scopeId: outside.id, regionId: A.id }] });
    expect(json(await other.client.get('/api/v1/alliances')).total).toBe(0);
    expect((await other.client.get(`/api/v1/alliances/${jm.id}`)).statusCode).toBe(404);
  });
});

describe('org and unit lists as xlsx', () => {
  const sheet = async (res: { statusCode: number; headers: Record<string, unknown>; rawPayload: Buffer }) => {
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['content-type'])).toMatch(/spreadsheetml/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as never);
    const ws = wb.worksheets[0];
    const rows: string[][] = [];
    ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));
    return rows;
  };

  it('the org export holds what the list shows for the same filters, audited; another region\'s admin gets none of them', async () => {
    const list = json(await admin.client.get(`/api/v1/orgs?regionId=${A.id}&q=${encodeURIComponent('怡江')}`));
    expect(list.total).toBe(3);
    const auditsBefore = Number((await t.database.query<{ n: number }>(`select count(*)::int as n from audit_log where action = 'org.export'`))[0].n);
    const rows = await sheet(await admin.client.get(`/api/v1/orgs/export?regionId=${A.id}&q=${encodeURIComponent('怡江')}`));
    expect(rows[0].slice(0, 3)).toEqual(['Name', 'Kind', 'Parent']);
    expect(rows.slice(1).map((r) => r[0]).sort()).toEqual(list.items.map((x: { name: string }) => x.name).sort());
    const first = rows.find((r) => r[0] === '怡江第一支部');
    expect(first?.slice(1, 3)).toEqual(['Branch', '怡江社区党委']);
    const auditsAfter = Number((await t.database.query<{ n: number }>(`select count(*)::int as n from audit_log where action = 'org.export'`))[0].n);
    expect(auditsAfter).toBe(auditsBefore + 1);
    const regionB = await t.user({ grants: [{ role: 'region_admin', scopeKind: 'region', scopeId: B.id, regionId: B.id }] });
    const theirs = await sheet(await regionB.client.get(`/api/v1/orgs/export?regionId=${A.id}`));
    expect(theirs).toHaveLength(1); // the header only
  });

  it('the unit export follows the filters and masks the liaison phone as the list does', async () => {
    const u = json(await admin.client.post('/api/v1/units', { regionId: A.id, kind: 'bank', name: '导出测试银行', liaisonName: '钱', liaisonPhone: '13922223333' }));
    await admin.client.post('/api/v1/units', { regionId: A.id, kind: 'school', name: '导出测试学校' });
    const mine = await sheet(await admin.client.get(`/api/v1/units/export?kind=bank&q=${encodeURIComponent('导出测试')}`));
    expect(mine.slice(1).map((r) => r[0])).toEqual(['导出测试银行']);
    expect(mine[1][7]).toBe('13922223333');
    const liaison = await t.user({ grants: [{ role: 'unit_liaison', scopeKind: 'unit', scopeId: u.id, regionId: A.id }] });
    const listed = json(await liaison.client.get('/api/v1/units'));
    const theirs = await sheet(await liaison.client.get('/api/v1/units/export'));
    expect(theirs.slice(1).map((r) => r[0])).toEqual(listed.items.map((x: { name: string }) => x.name));
    expect(theirs[1][7]).toBe('138****3333'.replace('138', '139'));
    expect(theirs.flat().join(' ')).not.toContain('13922223333');
  });
});
