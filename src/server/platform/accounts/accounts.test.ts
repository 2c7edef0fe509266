import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, PASSWORD, testApp, type Client, type TestApp } from '../../../../test/support/app.ts';
import ExcelJS from '../exceljs.ts';
import { uuidv7 } from '../ids.ts';

let t: TestApp;
let r1: { id: string; rootOrgId: string };
let r2: { id: string; rootOrgId: string };
let branch1: { id: string; path: string };
let branch2: { id: string; path: string };
let unit1: string;
let admin1: Client;
let admin2: Client;
let orgAdmin: Client;
let platform: Client;

const count = async (table: string, where = 'true', params: unknown[] = []) =>
  Number((await t.database.query<{ n: number }>(`select count(*)::int as n from ${table} where ${where}`, params))[0].n);

/** A refusal changes nothing: no grant, no user, no session, no audit row. */
async function unchanged(fn: () => Promise<LightMyRequestResponse>, status: number, code: string) {
  const before = await Promise.all(['grants', 'users', 'audit_log'].map((x) => count(x)));
  const res = await fn();
  expect(res.statusCode, res.body).toBe(status);
  expect(json(res).error.code).toBe(code);
  expect(await Promise.all(['grants', 'users', 'audit_log'].map((x) => count(x)))).toEqual(before);
  return res;
}

async function member(regionId: string, orgId: string, name: string, pinyin: string): Promise<string> {
  const id = uuidv7();
  await t.database.query(`insert into members (region_id, id, org_id, name, name_pinyin, gender, birth_date, id_number, stage)
    values ($1, $2, $3, $4, $5, 'female', '1980-01-01', $6, 'full')`, [regionId, id, orgId, name, pinyin, `33020319800101${String(Math.floor(Math.random() * 9000) + 1000)}`]);
  return id;
}

async function create(c: Client, regionId: string, username: string, grant?: Record<string, unknown>) {
  const res = await c.post('/api/v1/accounts', { username, displayName: username, regionId, ...(grant ? { grant } : {}) });
  expect(res.statusCode, res.body).toBe(200);
  return json<{ id: string; username: string; password: string }>(res);
}

beforeAll(async () => {
  t = await testApp();
  r1 = await t.region('孔浦');
  r2 = await t.region('白峰');
  branch1 = await t.org(r1.id, r1.rootOrgId, '怡江第一支部');
  branch2 = await t.org(r2.id, r2.rootOrgId, '峰南支部');
  unit1 = uuidv7();
  await t.database.query(`insert into units (region_id, id, kind, name, org_id) values ($1, $2, 'enterprise', '光大', $3)`, [r1.id, unit1, branch1.id]);
  admin1 = (await t.user({ grants: [{ role: 'region_admin', scopeKind: 'region', scopeId: r1.id, regionId: r1.id }] })).client;
  admin2 = (await t.user({ grants: [{ role: 'region_admin', scopeKind: 'region', scopeId: r2.id, regionId: r2.id }] })).client;
  orgAdmin = (await t.user({ grants: [{ role: 'org_admin', scopeKind: 'org', scopeId: r1.rootOrgId, regionId: r1.id }] })).client;
  platform = (await t.user({ platformAdmin: true })).client;
}, 60_000);
afterAll(async () => { await t?.app.close(); });

describe('who may grant what where', () => {
  it('a region admin grants any role on scopes of their region, of the kind the role takes', async () => {
    const u = await create(admin1, r1.id, 'table_user');
    const cases: [Record<string, unknown>, number, string?][] = [
      [{ role: 'region_admin', scopeKind: 'region', scopeId: r1.id, regionId: r1.id }, 200],
      [{ role: 'org_admin', scopeKind: 'org', scopeId: branch1.id, regionId: r1.id }, 200],
      [{ role: 'unit_liaison', scopeKind: 'unit', scopeId: unit1, regionId: r1.id }, 200],
      // above or beside their scope: 白峰 is not theirs — answered like a made-up id
      [{ role: 'region_admin', scopeKind: 'region', scopeId: r2.id, regionId: r2.id }, 404, 'NOT_FOUND'],
      [{ role: 'org_admin', scopeKind: 'org', scopeId: branch2.id, regionId: r2.id }, 404, 'NOT_FOUND'],
      [{ role: 'org_admin', scopeKind: 'org', scopeId: branch2.id, regionId: r1.id }, 404, 'NOT_FOUND'],
      [{ role: 'org_admin', scopeKind: 'org', scopeId: uuidv7(), regionId: r1.id }, 404, 'NOT_FOUND'],
      // a role on a kind of scope it does not take
      [{ role: 'region_admin', scopeKind: 'org', scopeId: branch1.id, regionId: r1.id }, 400, 'ROLE_SCOPE_MISMATCH'],
    ];
    for (const [body, status, code] of cases) {
      if (status === 200) {
        const res = await admin1.post(`/api/v1/accounts/${u.id}/grants`, body);
        expect(res.statusCode, `${JSON.stringify(body)}: ${res.body}`).toBe(200);
      } else {
        await unchanged(() => admin1.post(`/api/v1/accounts/${u.id}/grants`, body), status, code!);
      }
    }
    expect(await count('grants', 'user_id = $1', [u.id])).toBe(3);
    expect(await count('audit_log', "action = 'grant.create' and after->>'userId' = $1", [u.id])).toBe(3);
  });

  it('an org admin (no users.manage) can neither grant nor create nor list; a made-up user id answers the same', async () => {
    const u = await create(admin1, r1.id, 'org_admin_target');
    const body = { role: 'org_admin', scopeKind: 'org', scopeId: branch1.id, regionId: r1.id };
    const a = await unchanged(() => orgAdmin.post(`/api/v1/accounts/${u.id}/grants`, body), 404, 'NOT_FOUND');
    const b = await unchanged(() => admin1.post(`/api/v1/accounts/${uuidv7()}/grants`, body), 404, 'NOT_FOUND');
    expect(json(a).error.message).toBe(json(b).error.message);
    await unchanged(() => orgAdmin.post('/api/v1/accounts', { username: 'nope_x', displayName: 'x', regionId: r1.id }), 404, 'NOT_FOUND');
    expect((await orgAdmin.get('/api/v1/accounts')).statusCode).toBe(404);
  });

  it("a region admin cannot create an account in another region nor touch that region's accounts", async () => {
    await unchanged(() => admin1.post('/api/v1/accounts', { username: 'in_baifeng', displayName: 'x', regionId: r2.id }), 404, 'NOT_FOUND');
    const other = await create(admin2, r2.id, 'baifeng_user');
    await unchanged(() => admin1.post(`/api/v1/accounts/${other.id}/password`), 404, 'NOT_FOUND');
    await unchanged(() => admin1.put(`/api/v1/accounts/${other.id}/disabled`, { disabled: true }), 404, 'NOT_FOUND');
    await unchanged(() => admin1.post(`/api/v1/accounts/${other.id}/grants`, { role: 'org_admin', scopeKind: 'org', scopeId: branch1.id, regionId: r1.id }), 404, 'NOT_FOUND');
    const list = json<{ items: { username: string }[] }>(await admin1.get('/api/v1/accounts?pageSize=500'));
    expect(list.items.map((x) => x.username)).not.toContain('baifeng_user');
    expect(list.items.map((x) => x.username)).toContain('table_user');
  });
});

describe('first password, grants and sessions', () => {
  it('a new account must change its first password before anything else', async () => {
    const u = await create(admin1, r1.id, 'judge_wang', { role: 'org_admin', scopeKind: 'org', scopeId: branch1.id });
    const res = await t.anon.post('/api/v1/auth/login', { username: 'judge_wang', password: u.password });
    expect(res.statusCode).toBe(200);
    expect(json(res).user.mustChangePassword).toBe(true);
    const c = await t.login('judge_wang', u.password);
    const blocked = await c.get(`/api/v1/orgs/${branch1.id}?regionId=${r1.id}`);
    expect(blocked.statusCode).toBe(403);
    expect(json(blocked).error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await c.post('/api/v1/me/password', { currentPassword: u.password, newPassword: PASSWORD })).statusCode).toBe(200);
    const me = json(await c.get('/api/v1/me'));
    expect(me.user.mustChangePassword).toBe(false);
    expect(me.grants.map((g: { role: string }) => g.role)).toEqual(['org_admin']);
    expect(await count('audit_log', "action = 'user.create' and entity_id = $1", [u.id])).toBe(1);
  });

  it('a grant and a revoke reach the signed-in user at their next request', async () => {
    const u = await create(admin1, r1.id, 'liaison_li');
    const c = await t.login('liaison_li', u.password);
    await c.post('/api/v1/me/password', { currentPassword: u.password, newPassword: PASSWORD });
    expect(json(await c.get('/api/v1/me')).grants).toEqual([]);
    const g = json(await admin1.post(`/api/v1/accounts/${u.id}/grants`, { role: 'unit_liaison', scopeKind: 'unit', scopeId: unit1, regionId: r1.id }));
    expect(json(await c.get('/api/v1/me')).grants.map((x: { role: string }) => x.role)).toEqual(['unit_liaison']);
    // 白峰's admin cannot revoke it
    await unchanged(() => admin2.delete(`/api/v1/accounts/${u.id}/grants/${g.id}`), 404, 'NOT_FOUND');
    const res = await admin1.delete(`/api/v1/accounts/${u.id}/grants/${g.id}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(json(await c.get('/api/v1/me')).grants).toEqual([]);
    expect(await count('audit_log', "action = 'grant.revoke' and entity_id = $1", [g.id])).toBe(1);
  });

  it('a reset password ends the sessions and must be changed again', async () => {
    const u = await create(admin1, r1.id, 'secretary_zhao');
    const c = await t.login('secretary_zhao', u.password);
    const res = await admin1.post(`/api/v1/accounts/${u.id}/password`);
    expect(res.statusCode).toBe(200);
    const { password } = json(res);
    expect(password).not.toBe(u.password);
    expect((await c.get('/api/v1/me')).statusCode).toBe(401);
    expect((await t.anon.post('/api/v1/auth/login', { username: 'secretary_zhao', password: u.password })).statusCode).toBe(401);
    const again = await t.anon.post('/api/v1/auth/login', { username: 'secretary_zhao', password });
    expect(json(again).user.mustChangePassword).toBe(true);
    expect(await count('audit_log', "action = 'user.password_reset' and entity_id = $1", [u.id])).toBe(1);
  });

  it('a disabled account loses its sessions and cannot sign in until enabled', async () => {
    const u = await create(admin1, r1.id, 'to_disable');
    const c = await t.login('to_disable', u.password);
    expect((await admin1.put(`/api/v1/accounts/${u.id}/disabled`, { disabled: true })).statusCode).toBe(200);
    expect((await c.get('/api/v1/me')).statusCode).toBe(401);
    expect(await count('sessions', 'user_id = $1', [u.id])).toBe(0);
    expect((await t.anon.post('/api/v1/auth/login', { username: 'to_disable', password: u.password })).statusCode).toBe(401);
    expect((await admin1.put(`/api/v1/accounts/${u.id}/disabled`, { disabled: false })).statusCode).toBe(200);
    expect((await t.anon.post('/api/v1/auth/login', { username: 'to_disable', password: u.password })).statusCode).toBe(200);
    expect(await count('audit_log', "action in ('user.disable', 'user.enable') and entity_id = $1", [u.id])).toBe(2);
  });
});

describe('who holds what where, and batch accounts', () => {
  it('lists accounts with their grants, filtered by role and scope, searched by name', async () => {
    const res = await admin1.get(`/api/v1/accounts?role=unit_liaison&scopeId=${unit1}`);
    expect(res.statusCode, res.body).toBe(200);
    const page = json<{ items: { username: string; grants: { role: string; scopeName: string }[] }[]; total: number }>(res);
    expect(page.items.map((x) => x.username)).toEqual(['table_user']);
    expect(page.items[0].grants.find((g) => g.role === 'unit_liaison')?.scopeName).toBe('光大');
    const q = json<{ items: { username: string }[] }>(await admin1.get('/api/v1/accounts?q=JUDGE_W'));
    expect(q.items.map((x) => x.username)).toEqual(['judge_wang']);
    // a new account without any grant is listed under the region it was created in
    const fresh = await create(admin1, r1.id, 'no_grants_yet');
    const inRegion = json<{ items: { id: string }[] }>(await admin1.get(`/api/v1/accounts?regionId=${r1.id}&q=no_grants`));
    expect(inRegion.items.map((x) => x.id)).toEqual([fresh.id]);
    expect(json<{ items: unknown[] }>(await admin2.get(`/api/v1/accounts?q=no_grants`)).items).toEqual([]);
    // the platform admin sees both regions' accounts
    const all = json<{ items: { username: string }[] }>(await platform.get('/api/v1/accounts?pageSize=500'));
    expect(all.items.map((x) => x.username)).toEqual(expect.arrayContaining(['baifeng_user', 'table_user']));
  });

  it("creates one member account per member of a branch who has none, usernames from the pinyin", async () => {
    const branch = await t.org(r1.id, r1.rootOrgId, '康庄支部');
    const m1 = await member(r1.id, branch.id, '王芳', 'wang fang');
    const m2 = await member(r1.id, branch.id, '王方', 'wang fang');
    const m3 = await member(r1.id, branch.id, '李四', 'li si');
    await t.user({ username: 'has_account', memberId: m3, memberRegionId: r1.id });
    await unchanged(() => admin2.post('/api/v1/accounts/batch', { regionId: r1.id, orgId: branch.id }), 404, 'NOT_FOUND');
    const res = await admin1.post('/api/v1/accounts/batch', { regionId: r1.id, orgId: branch.id });
    expect(res.statusCode, res.body).toBe(200);
    const { created } = json<{ created: { memberId: string; username: string; password: string }[] }>(res);
    expect(created.map((x) => x.memberId).sort()).toEqual([m1, m2].sort());
    expect(created.map((x) => x.username).sort()).toEqual(['wangfang', 'wangfang2']);
    const first = await t.anon.post('/api/v1/auth/login', { username: created[0].username, password: created[0].password });
    expect(json(first).user.mustChangePassword).toBe(true);
    expect(json(first).user.memberId).toBe(created[0].memberId);
    expect(json(first).grants.map((g: { role: string }) => g.role)).toEqual(['member']);
    const again = json<{ created: unknown[] }>(await admin1.post('/api/v1/accounts/batch', { regionId: r1.id, orgId: branch.id }));
    expect(again.created).toEqual([]);
    // the first passwords as xlsx to hand out: the rows the page holds, written back (nothing looked up or stored)
    const rows = created.map((x, i) => ({ name: `王芳${i}`, org: '支部', username: x.username, password: x.password }));
    const x = await admin1.post('/api/v1/accounts/first-passwords.xlsx', { rows }, { 'accept-language': 'zh-CN' });
    expect(x.statusCode, x.body).toBe(200);
    expect(x.headers['content-type']).toMatch(/spreadsheetml/);
    expect(x.headers['cache-control']).toBe('no-store');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as never);
    const cells: string[][] = [];
    wb.worksheets[0].eachRow((r) => cells.push((r.values as unknown[]).slice(1).map(String)));
    expect(cells[0]).toEqual(['姓名', '所在组织', '用户名', '初始密码']);
    expect(cells.slice(1)).toEqual(rows.map((r) => [r.name, r.org, r.username, r.password]));
    // only for account managers (as a made-up route would answer), and a bad body names its field
    await unchanged(() => orgAdmin.post('/api/v1/accounts/first-passwords.xlsx', { rows }), 404, 'NOT_FOUND');
    const bad = await unchanged(() => admin1.post('/api/v1/accounts/first-passwords.xlsx', { rows: [] }), 400, 'VALIDATION_FAILED');
    expect(json(bad).error.details[0].field).toMatch(/rows/);
  });
});
