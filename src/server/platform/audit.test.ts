import { beforeAll, describe, expect, it } from 'vitest';
import { json, testApp, type TestApp } from '../../../test/support/app.ts';
import * as make from '../../../test/support/factories.ts';
import ExcelJS from './exceljs.ts';
import { expectRefused, snapshot } from '../../../test/support/refused.ts';

let t: TestApp;
let A: { id: string; rootOrgId: string };
let B: { id: string; rootOrgId: string };

beforeAll(async () => {
  t = await testApp();
  A = await t.region();
  B = await t.region();
});

const auditRows = (entityId: string) =>
  t.database.query<{ action: string; actor_id: string; before: unknown; after: unknown }>(
    'select action, actor_id, before, after from audit_log where entity_id = $1 order by at, id', [entityId]);

describe('audit', () => {
  it('every write leaves a row with actor, action, before and after', async () => {
    const admin = await t.user({ grants: [{ role: 'region_admin', scopeKind: 'region', scopeId: A.id, regionId: A.id }] });
    const created = json(await admin.client.post('/api/v1/orgs', { parentId: A.rootOrgId, kind: 'branch', name: '审计支部' }));
    await admin.client.patch(`/api/v1/orgs/${created.id}`, { name: '审计二支部' });
    const rows = await auditRows(created.id);
    expect(rows.map((r) => r.action)).toEqual(['org.create', 'org.update']);
    expect(rows[0].actor_id).toBe(admin.id);
    expect((rows[1].before as { name: string }).name).toBe('审计支部');
    expect((rows[1].after as { name: string }).name).toBe('审计二支部');
    expect(await auditRows(admin.id)).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'auth.login' })]));
  });

  it('a rejected write leaves no row', async () => {
    const admin = await make.regionAdmin(t, A.id);
    // refused by the service inside its transaction: a parent in another region, a term ending before it starts
    await expectRefused(() => admin.client.post('/api/v1/orgs', { parentId: B.rootOrgId, kind: 'branch', name: '越界支部' }),
      404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => admin.client.post('/api/v1/orgs', { parentId: A.rootOrgId, kind: 'branch', name: '任期倒置支部', termStart: '2026-01-01', termEnd: '2025-01-01' }),
      422, 'VALIDATION_FAILED', () => snapshot(t));
    // refused by the schema before any service runs
    await expectRefused(() => admin.client.post('/api/v1/orgs', { parentId: A.rootOrgId, kind: 'bad', name: 'x' }),
      400, 'VALIDATION_FAILED', () => snapshot(t));
  });

  it('a write that fails inside its transaction after writing leaves neither the row nor an audit row', async () => {
    const admin = await make.regionAdmin(t, A.id);
    // the org row is inserted, then its audit row fails: the whole transaction must go
    // (a check constraint, not a trigger: Citus refuses triggers on distributed tables but propagates constraints)
    await t.database.query(`alter table audit_log add constraint audit_fail_for_test
      check (not (entity_type = 'org' and after->>'name' = '写后失败支部')) not valid`);
    try {
      const before = await snapshot(t);
      const res = await admin.client.post('/api/v1/orgs', { parentId: A.rootOrgId, kind: 'branch', name: '写后失败支部' });
      await expectRefused(res, 500, 'INTERNAL', before);
      expect(await make.count(t, 'orgs', `name = '写后失败支部'`)).toBe(0);
    } finally {
      await t.database.query('alter table audit_log drop constraint audit_fail_for_test');
    }
    // the same request without the fault is written, with its audit row
    const ok = await admin.client.post('/api/v1/orgs', { parentId: A.rootOrgId, kind: 'branch', name: '写后失败支部' });
    expect(ok.statusCode).toBe(201);
    expect((await auditRows(json(ok).id)).map((r) => r.action)).toEqual(['org.create']);
  });

  it('personal data is masked and secrets never stored', async () => {
    const { audit } = await import('./audit.ts');
    await audit(t.database.db, { principal: null }, {
      regionId: A.id, action: 'member.create', entityType: 'member', entityId: 'm1',
      after: { name: '张三', idNumber: '330203199001011234', birthDate: '1990-01-01', phone: '13812345678', password: 'hunter2hunter2' },
    });
    const [row] = await auditRows('m1');
    // area code + check digit, birth year: together not enough to rebuild the number
    expect(row.after).toEqual({ name: '张三', idNumber: '330203***********4', birthDate: '1990-**-**', phone: '138****5678' });
  });

  it('region admins browse their region by entity, actor and time; others get nothing', async () => {
    const adminA = await t.user({ grants: [{ role: 'region_admin', scopeKind: 'region', scopeId: A.id, regionId: A.id }] });
    const adminB = await t.user({ grants: [{ role: 'region_admin', scopeKind: 'region', scopeId: B.id, regionId: B.id }] });
    const org = json(await adminA.client.post('/api/v1/orgs', { parentId: A.rootOrgId, kind: 'branch', name: '浏览支部' }));
    const byEntity = json(await adminA.client.get(`/api/v1/audit?entityType=org&entityId=${org.id}`));
    expect(byEntity.total).toBe(1);
    expect(byEntity.items[0].actorId).toBe(adminA.id);
    const byActor = json(await adminA.client.get(`/api/v1/audit?actorId=${adminA.id}`));
    expect(byActor.items.length).toBeGreaterThan(0);
    expect(byActor.items.map((i: { entityId: string }) => i.entityId)).toContain(org.id);
    expect(byActor.items.filter((i: { actorId: string }) => i.actorId !== adminA.id)).toEqual([]);
    const future = json(await adminA.client.get(`/api/v1/audit?from=${encodeURIComponent('2199-01-01T00:00:00+08:00')}`));
    expect(future.total).toBe(0);
    // region B's admin sees none of region A's rows
    const fromB = json(await adminB.client.get(`/api/v1/audit?entityId=${org.id}`));
    expect(fromB.total).toBe(0);
    expect((await adminB.client.get(`/api/v1/audit?regionId=${A.id}`)).statusCode).toBe(404);
    const orgAdmin = await t.user({ grants: [{ role: 'org_admin', scopeKind: 'org', scopeId: A.rootOrgId, regionId: A.id }] });
    expect((await orgAdmin.client.get('/api/v1/audit')).statusCode).toBe(404);
  });

  it('by action, and the filtered log as xlsx (labels in the reader\'s language, Beijing time, masked); the export is audited; out of scope 404', async () => {
    const adminA = await t.user({ grants: [{ role: 'region_admin', scopeKind: 'region', scopeId: A.id, regionId: A.id }] });
    const adminB = await t.user({ grants: [{ role: 'region_admin', scopeKind: 'region', scopeId: B.id, regionId: B.id }] });
    const org = json(await adminA.client.post('/api/v1/orgs', { parentId: A.rootOrgId, kind: 'branch', name: '导出支部' }));
    await adminA.client.patch(`/api/v1/orgs/${org.id}`, { name: '导出支部（改）' });
    const created = json(await adminA.client.get(`/api/v1/audit?action=org.create&entityId=${org.id}`));
    expect(created.total).toBe(1);
    expect(created.items[0].action).toBe('org.create');
    const updates = json(await adminA.client.get(`/api/v1/audit?action=org.update&entityId=${org.id}`));
    expect(updates.total).toBe(1);

    const x = await adminA.client.get(`/api/v1/audit.xlsx?entityId=${org.id}`, { 'accept-language': 'zh-CN' });
    expect(x.statusCode).toBe(200);
    expect(x.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.name).toBe('操作日志');
    expect(ws.getRow(1).getCell(1).value).toBe('时间');
    expect(ws.rowCount).toBe(3); // header + update + create, newest first
    expect([ws.getRow(2).getCell(4).value, ws.getRow(3).getCell(4).value]).toEqual(['org.update', 'org.create']);
    expect(ws.getRow(3).getCell(3).value).toBe('新建组织');
    const row = await t.database.query<{ at: Date }>('select at from audit_log where entity_id = $1 and action = $2', [org.id, 'org.create']);
    const beijing = new Date(new Date(row[0].at).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
    expect(ws.getRow(3).getCell(1).value).toBe(beijing);
    expect(String(ws.getRow(3).getCell(8).value)).toContain('导出支部');
    const en = await adminA.client.get(`/api/v1/audit.xlsx?entityId=${org.id}`, { 'accept-language': 'en-US' });
    const wbEn = new ExcelJS.Workbook();
    await wbEn.xlsx.load(en.rawPayload as unknown as ArrayBuffer);
    expect(wbEn.worksheets[0].getRow(1).getCell(1).value).toBe('Time');

    // the export itself leaves an audit row naming its filters
    const exports = await t.database.query<{ actor_id: string; after: { entityId: string } }>(
      "select actor_id, after from audit_log where action = 'audit.export' and actor_id = $1", [adminA.id]);
    expect(exports.length).toBe(2);
    expect(exports[0].after.entityId).toBe(org.id);

    // another region's admin: an empty file for these rows, 404 for region A itself; a reader without audit.read: 404
    const fromB = await adminB.client.get(`/api/v1/audit.xlsx?entityId=${org.id}`);
    const wbB = new ExcelJS.Workbook();
    await wbB.xlsx.load(fromB.rawPayload as unknown as ArrayBuffer);
    expect(wbB.worksheets[0].rowCount).toBe(1);
    await expectRefused(() => adminB.client.get(`/api/v1/audit.xlsx?regionId=${A.id}`), 404, 'NOT_FOUND', () => snapshot(t));
    const orgAdmin = await t.user({ grants: [{ role: 'org_admin', scopeKind: 'org', scopeId: A.rootOrgId, regionId: A.id }] });
    await expectRefused(() => orgAdmin.client.get('/api/v1/audit.xlsx'), 404, 'NOT_FOUND', () => snapshot(t));
  });
});
