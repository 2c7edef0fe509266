import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from '../../platform/exceljs.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { json, testApp, type Client, type TestApp } from '../../../../test/support/app.ts';
import { makeIdNumber } from './idcard.ts';
import { REFUSALS_PER_HOUR } from './registration-guard.ts';
import { memberBody } from '../../../../test/support/factories.ts';

/**
 * Personal data that must not be rebuildable by a reader without `members.pii` on the member's own org, and
 * ID-number lookups (search, uniqueness) that must not reach outside that scope. Issue 10, items 1–3.
 */
let t: TestApp;
let A: { id: string; rootOrgId: string };
let B: { id: string; rootOrgId: string };
let yj: { id: string }; let yj1: { id: string }; let lm: { id: string }; let b1: { id: string };
let regionAdmin: Awaited<ReturnType<TestApp['user']>>;
let yjAdmin: Awaited<ReturnType<TestApp['user']>>;
let coord: Awaited<ReturnType<TestApp['user']>>;
/** a secretary of 怡江 who is also the coordinator of a cluster holding 绿梅: members.pii on 怡江 only */
let mixed: Awaited<ReturnType<TestApp['user']>>;
let lmMember: { id: string; idNumber: string; birthDate: string };
let bMember: { id: string; idNumber: string };
let yjMember: { id: string; idNumber: string };

const LM_BIRTH = '1980-12-20'; // exact age on 2026-11-25: 45; age reached in 2026: 46

beforeAll(async () => {
  t = await testApp();
  A = await t.region('孔浦街道');
  B = await t.region('白峰镇');
  yj = await t.org(A.id, A.rootOrgId, '怡江社区党委', 'committee');
  yj1 = await t.org(A.id, yj.id, '怡江第一支部');
  lm = await t.org(A.id, A.rootOrgId, '绿梅社区党委', 'committee');
  b1 = await t.org(B.id, B.rootOrgId, '白峰支部');
  regionAdmin = await t.user({ grants: [{ role: 'region_admin', scopeKind: 'region', scopeId: A.id, regionId: A.id }, { role: 'region_admin', scopeKind: 'region', scopeId: B.id, regionId: B.id }] });
  yjAdmin = await t.user({ grants: [{ role: 'org_admin', scopeKind: 'org', scopeId: yj.id, regionId: A.id }] });
  const allianceId = (await t.database.query<{ id: string }>(`insert into alliances (region_id, id, kind, name) values ($1, gen_random_uuid(), 'cluster', '五朵金花') returning id`, [A.id]))[0].id;
  await t.database.query('insert into alliance_orgs (region_id, alliance_id, org_id) values ($1, $2, $3)', [A.id, allianceId, lm.id]);
  coord = await t.user({ grants: [{ role: 'alliance_coordinator', scopeKind: 'alliance', scopeId: allianceId, regionId: A.id }] });
  mixed = await t.user({ grants: [
    { role: 'org_admin', scopeKind: 'org', scopeId: yj.id, regionId: A.id },
    { role: 'alliance_coordinator', scopeKind: 'alliance', scopeId: allianceId, regionId: A.id },
  ] });
  const post = async (c: Client, body: Record<string, unknown>) => {
    const res = await c.post('/api/v1/members', body);
    expect(res.statusCode, res.body).toBe(201);
    return { ...json(res), idNumber: body.idNumber as string, birthDate: body.birthDate as string } as typeof lmMember;
  };
  lmMember = await post(regionAdmin.client, memberBody(lm.id, { name: '李绿梅', gender: 'F', birthDate: LM_BIRTH, idNumber: makeIdNumber('330205', LM_BIRTH, 'F', 31) }));
  bMember = await post(regionAdmin.client, memberBody(b1.id, { name: '白峰甲' }));
  yjMember = await post(yjAdmin.client, memberBody(yj1.id, { name: '怡江甲' }));
});

/** idNumber with the birth date and gender that agree with it */
const bornAs = (idNumber: string) => ({
  idNumber, birthDate: `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`, gender: Number(idNumber[16]) % 2 ? 'M' : 'F',
});
const count = async () => (await t.database.query<{ n: number }>('select count(*)::int as n from members'))[0].n;
const auditCount = async () => (await t.database.query<{ n: number }>('select count(*)::int as n from audit_log'))[0].n;

const refusalRows = async (userId: string) => t.database.query<{ region_id: string; after: Record<string, unknown> }>(
  `select region_id, after from audit_log where action = 'member.registration_refused' and actor_id = $1 order by at, id`, [userId]);

/** The parts of an ID number that, with what else is shown, would rebuild it: birth date and sequence. */
function assertNotRebuildable(text: string, idNumber: string) {
  const born = idNumber.slice(6, 14);
  expect(text).not.toContain(idNumber);
  expect(text).not.toContain(born); // 19801220
  expect(text).not.toContain(`${born.slice(0, 4)}-${born.slice(4, 6)}-${born.slice(6, 8)}`); // 1980-12-20
  expect(text).not.toContain(idNumber.slice(10, 17)); // month, day and sequence digits
}

describe('a reader without members.pii cannot rebuild an ID number', () => {
  it('detail and list: ID area code + check digit, birth year only, age reached this year', async () => {
    const res = await coord.client.get(`/api/v1/members/${lmMember.id}`);
    expect(res.statusCode).toBe(200);
    const m = json(res);
    expect(m).toMatchObject({ pii: false, birthDate: null, birthYear: 1980, age: 46 });
    expect(m.idNumber).toBe(`${lmMember.idNumber.slice(0, 6)}***********${lmMember.idNumber.slice(-1)}`);
    expect(m.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
    assertNotRebuildable(res.body, lmMember.idNumber);
    const list = await coord.client.get('/api/v1/members?pageSize=500');
    expect(json(list).items.map((x: { id: string }) => x.id)).toContain(lmMember.id);
    assertNotRebuildable(list.body, lmMember.idNumber);
    // a reader holding members.pii there sees it all
    const full = json(await regionAdmin.client.get(`/api/v1/members/${lmMember.id}`));
    expect(full).toMatchObject({ pii: true, birthDate: LM_BIRTH, birthYear: 1980, age: 45, idNumber: lmMember.idNumber });
  });

  it('age filters and the birth-date sort use only the birth year for masked rows', async () => {
    const ids = async (c: Client, qs: string) => json(await c.get(`/api/v1/members?pageSize=500&orgId=${lm.id}&${qs}`)).items.map((x: { id: string }) => x.id);
    // exact age 45, age reached this year 46
    expect(await ids(regionAdmin.client, 'ageMin=46')).not.toContain(lmMember.id);
    expect(await ids(coord.client, 'ageMin=46')).toContain(lmMember.id);
    expect(await ids(coord.client, 'ageMax=45')).not.toContain(lmMember.id);
    expect(await ids(regionAdmin.client, 'ageMax=45')).toContain(lmMember.id);
    // same birth year, the later-born created first: by exact date the earlier-born comes first
    const late = json(await regionAdmin.client.post('/api/v1/members', memberBody(lm.id, { gender: 'M', birthDate: '1971-11-30', idNumber: makeIdNumber('330205', '1971-11-30', 'M', 41) })));
    const early = json(await regionAdmin.client.post('/api/v1/members', memberBody(lm.id, { gender: 'M', birthDate: '1971-01-02', idNumber: makeIdNumber('330205', '1971-01-02', 'M', 42) })));
    const order = (list: string[]) => list.filter((id) => id === late.id || id === early.id);
    expect(order(await ids(regionAdmin.client, 'sort=birthDate'))).toEqual([early.id, late.id]);
    expect(order(await ids(coord.client, 'sort=birthDate'))).toEqual([late.id, early.id]); // creation order within 1971
  });

  it('the xlsx export holds the same masked values', async () => {
    const res = await coord.client.get(`/api/v1/members/export?orgId=${lm.id}`);
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as never);
    const cells: string[] = [];
    wb.worksheets[0].eachRow((row) => row.eachCell((c) => { cells.push(String(c.value instanceof Date ? c.value.toISOString() : c.value)); }));
    const row = wb.worksheets[0].getRow(2).values as unknown[];
    expect(cells.join('|')).toContain('李绿梅');
    expect(cells).toContain('1980');
    assertNotRebuildable(cells.join('|'), lmMember.idNumber);
    expect(row.length).toBeGreaterThan(6);
  });

  it('audit rows of member records hold no rebuildable pair, for the history and the audit page', async () => {
    await regionAdmin.client.patch(`/api/v1/members/${lmMember.id}`, { address: '绿梅小区 1 幢' });
    const hist = await coord.client.get(`/api/v1/members/${lmMember.id}/history`);
    expect(hist.statusCode).toBe(200);
    const items = json(hist).items as { action: string; before: Record<string, string> | null; after: Record<string, string> }[];
    expect(items.map((x) => x.action)).toEqual(['member.update', 'member.create']);
    expect(items[0].before!.birthDate).toBe('1980-**-**');
    expect(items[0].after.idNumber).toBe(`${lmMember.idNumber.slice(0, 6)}***********${lmMember.idNumber.slice(-1)}`);
    assertNotRebuildable(hist.body, lmMember.idNumber);
    const page = await regionAdmin.client.get(`/api/v1/audit?entityId=${lmMember.id}`);
    expect(json(page).total).toBe(2);
    assertNotRebuildable(page.body, lmMember.idNumber);
  });

  it('the migration re-masks audit rows written with the old mask', async () => {
    const old = { name: '旧', idNumber: `${lmMember.idNumber.slice(0, 6)}********${lmMember.idNumber.slice(-4)}`, birthDate: LM_BIRTH, phone: '138****0001' };
    const [{ id }] = await t.database.query<{ id: string }>(
      `insert into audit_log (region_id, id, action, entity_type, entity_id, before, after) values ($1, gen_random_uuid(), 'member.update', 'member', $2, $3, $4) returning id`,
      [A.id, lmMember.id, JSON.stringify(old), JSON.stringify({ ...old, name: '新' })]);
    const dir = path.resolve(import.meta.dirname, '../../db/migrations');
    const file = fs.readdirSync(dir).find((f) => f.endsWith('remask_member_audit.sql'))!;
    await t.database.query(fs.readFileSync(path.join(dir, file), 'utf8'));
    const [row] = await t.database.query<{ before: Record<string, string>; after: Record<string, string> }>('select before, after from audit_log where id = $1', [id]);
    const masked = `${lmMember.idNumber.slice(0, 6)}***********${lmMember.idNumber.slice(-1)}`;
    expect(row.before).toEqual({ ...old, idNumber: masked, birthDate: '1980-**-**' });
    expect(row.after).toEqual({ ...old, name: '新', idNumber: masked, birthDate: '1980-**-**' });
  });
});

describe('search by ID number is decided on each member’s own org', () => {
  it('a secretary who also coordinates a cluster finds by ID only where they hold members.pii', async () => {
    const q = (c: Client, s: string) => c.get(`/api/v1/members?q=${s}`).then((r) => json(r).items.map((x: { id: string }) => x.id));
    // the cluster's member is visible to them by name, never by ID number
    expect(await q(mixed.client, encodeURIComponent('李绿梅'))).toEqual([lmMember.id]);
    expect(await q(mixed.client, lmMember.idNumber.slice(0, 14))).toEqual([]);
    expect(await q(mixed.client, lmMember.idNumber)).toEqual([]);
    // their own members, by ID number
    expect(await q(mixed.client, yjMember.idNumber)).toEqual([yjMember.id]);
    expect(await q(coord.client, lmMember.idNumber)).toEqual([]);
    expect(await q(regionAdmin.client, lmMember.idNumber)).toEqual([lmMember.id]);
  });
});

describe('uniqueness of the ID number reveals nobody outside the caller’s scope', () => {

  it('a number held in another subtree or another region: the same "cannot be registered here", nothing stored, audited', async () => {
    const user = await t.user({ grants: [{ role: 'org_admin', scopeKind: 'org', scopeId: yj.id, regionId: A.id }] });
    const answers = [];
    for (const idNumber of [lmMember.idNumber, bMember.idNumber]) {
      const [before, audits] = [await count(), await auditCount()];
      const res = await user.client.post('/api/v1/members', memberBody(yj1.id, { idNumber, birthDate: `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`, gender: Number(idNumber[16]) % 2 ? 'M' : 'F' }));
      expect(res.statusCode).toBe(409);
      expect(json(res).error.code).toBe('MEMBER_NOT_REGISTRABLE');
      expect(json(res).error.details).toEqual([expect.objectContaining({ field: 'idNumber' })]);
      expect(json(res).error.details[0].message).toMatch(/cannot be registered here.*transfer.*region admin/);
      expect(res.body).not.toMatch(/白峰|绿梅|another region/);
      answers.push(json(res).error);
      expect(await count()).toBe(before);
      expect(await auditCount()).toBe(audits + 1);
    }
    expect(answers[0]).toEqual(answers[1]);
    const rows = await refusalRows(user.id);
    expect(rows).toHaveLength(2);
    expect(rows[0].region_id).toBe(A.id);
    expect(rows[0].after).toMatchObject({ orgId: yj1.id, via: 'create', idNumber: `${lmMember.idNumber.slice(0, 6)}***********${lmMember.idNumber.slice(-1)}` });
  });

  it('changing a member’s ID number to one held elsewhere is refused the same way', async () => {
    const user = await t.user({ grants: [{ role: 'org_admin', scopeKind: 'org', scopeId: yj.id, regionId: A.id }] });
    const res = await user.client.patch(`/api/v1/members/${yjMember.id}`, bornAs(bMember.idNumber));
    expect(res.statusCode).toBe(409);
    expect(json(res).error.code).toBe('MEMBER_NOT_REGISTRABLE');
    expect(json(await user.client.get(`/api/v1/members/${yjMember.id}`)).idNumber).toBe(yjMember.idNumber);
    expect((await refusalRows(user.id)).map((r) => r.after.via)).toEqual(['update']);
  });

  it('a number the caller may see is named as a duplicate (and in another of their regions, with the transfer hint)', async () => {
    const same = await yjAdmin.client.post('/api/v1/members', memberBody(yj1.id, { idNumber: yjMember.idNumber, birthDate: `${yjMember.idNumber.slice(6, 10)}-${yjMember.idNumber.slice(10, 12)}-${yjMember.idNumber.slice(12, 14)}`, gender: Number(yjMember.idNumber[16]) % 2 ? 'M' : 'F' }));
    expect(same.statusCode).toBe(409);
    expect(json(same).error.code).toBe('MEMBER_DUPLICATE_ID');
    expect(json(same).error.details[0].message).toBe('another member already has this ID number');
    const idNumber = bMember.idNumber;
    const other = await regionAdmin.client.post('/api/v1/members', memberBody(yj1.id, { idNumber, birthDate: `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`, gender: Number(idNumber[16]) % 2 ? 'M' : 'F' }));
    expect(json(other).error.code).toBe('MEMBER_DUPLICATE_ID');
    expect(json(other).error.details[0].message).toMatch(/another region/);
  });

  it(`after ${REFUSALS_PER_HOUR} refusals in an hour every registration by ID number answers 429, even a free number`, async () => {
    const user = await t.user({ grants: [{ role: 'org_admin', scopeKind: 'org', scopeId: yj.id, regionId: A.id }] });
    const taken = () => memberBody(yj1.id, { idNumber: bMember.idNumber, birthDate: `${bMember.idNumber.slice(6, 10)}-${bMember.idNumber.slice(10, 12)}-${bMember.idNumber.slice(12, 14)}`, gender: Number(bMember.idNumber[16]) % 2 ? 'M' : 'F' });
    for (let i = 0; i < REFUSALS_PER_HOUR; i++) expect((await user.client.post('/api/v1/members', taken())).statusCode).toBe(409);
    const [before, audits] = [await count(), await auditCount()];
    for (const body of [taken(), memberBody(yj1.id)]) {
      const res = await user.client.post('/api/v1/members', body);
      expect(res.statusCode).toBe(429);
      expect(json(res).error.code).toBe('RATE_LIMITED');
    }
    const change = await user.client.patch(`/api/v1/members/${yjMember.id}`, { idNumber: makeIdNumber('330205', '1990-01-01', 'M', 5) });
    expect(change.statusCode).toBe(429);
    expect(await count()).toBe(before);
    expect(await auditCount()).toBe(audits);
    // other edits still work; an hour later registrations do too
    expect((await user.client.patch(`/api/v1/members/${yjMember.id}`, { address: '怡江小区 9 幢' })).statusCode).toBe(200);
    t.clock.advance(3_600_001);
    expect((await user.client.post('/api/v1/members', memberBody(yj1.id))).statusCode).toBe(201);
  });
});

describe('roster import: same treatment', () => {
  async function roster(rows: unknown[][]): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名册');
    ws.addRow(['姓名', '性别', '出生日期', '身份证号', '所在支部', '人员类别', '入党日期', '转正日期']);
    for (const r of rows) ws.addRow(r);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }
  const rowOf = (name: string, idNumber: string) => [name, Number(idNumber[16]) % 2 ? '男' : '女', `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`, idNumber, '怡江第一支部', '正式党员', '2005-07-01', '2006-07-01'];
  async function upload(c: Client, mode: string, data: Buffer) {
    const boundary = '----ljpii';
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="mode"\r\n\r\n${mode}\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="r.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`),
      data, Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return t.app.inject({
      method: 'POST', url: '/api/v1/members/import', payload,
      headers: { cookie: c.cookie!, 'x-requested-with': 'XMLHttpRequest', 'content-type': `multipart/form-data; boundary=${boundary}`, 'accept-language': 'en-US' },
    });
  }

  it('rows held elsewhere get "cannot be registered here" (check and import), audited', async () => {
    const user = await t.user({ grants: [{ role: 'org_admin', scopeKind: 'org', scopeId: yj.id, regionId: A.id }] });
    const data = await roster([rowOf('甲', lmMember.idNumber), rowOf('乙', bMember.idNumber)]);
    const before = await count();
    for (const mode of ['check', 'import']) {
      const res = await upload(user.client, mode, data);
      expect(res.statusCode, res.body).toBe(200);
      const r = json(res);
      expect(r).toMatchObject({ invalidRows: 2, imported: false });
      expect(r.errors.map((e: { message: string }) => e.message)).toEqual([expect.stringMatching(/^cannot be registered here/), expect.stringMatching(/^cannot be registered here/)]);
      expect(r.errors[0].message).toBe(r.errors[1].message);
    }
    expect(await count()).toBe(before);
    const rows = await refusalRows(user.id);
    expect(rows.map((x) => [x.after.via, x.after.row])).toEqual([['import', 2], ['import', 3], ['import', 2], ['import', 3]]);
  });

  it('a roster with more such rows than the user has refusals left is refused as a whole (429)', async () => {
    const user = await t.user({ grants: [{ role: 'org_admin', scopeKind: 'org', scopeId: yj.id, regionId: A.id }] });
    // other people held in another region
    const others: string[] = [];
    for (let i = 0; i < REFUSALS_PER_HOUR; i++) {
      const body = memberBody(b1.id);
      expect((await regionAdmin.client.post('/api/v1/members', body)).statusCode).toBe(201);
      others.push(body.idNumber);
    }
    const free = makeIdNumber('330205', '1991-03-03', 'M', 7);
    const data = await roster([rowOf('自由', free), ...others.map((id, i) => rowOf(`他${i}`, id)), rowOf('再一个', lmMember.idNumber)]);
    const before = await count();
    const res = await upload(user.client, 'import', data);
    expect(res.statusCode).toBe(429);
    expect(json(res).error.code).toBe('RATE_LIMITED');
    expect(await count()).toBe(before); // the free row was not imported either
    expect((await upload(user.client, 'check', await roster([rowOf('自由', free)]))).statusCode).toBe(429);
  });
});
