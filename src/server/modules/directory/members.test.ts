import { beforeAll, describe, expect, it } from 'vitest';
import { json, testApp, type TestApp } from '../../../../test/support/app.ts';
import { makeIdNumber } from './idcard.ts';
import * as make from '../../../../test/support/factories.ts';
import { memberBody } from '../../../../test/support/factories.ts';
import { expectRefused, snapshot } from '../../../../test/support/refused.ts';

let t: TestApp;
let A: { id: string; rootOrgId: string };
let B: { id: string; rootOrgId: string };
let yj: { id: string; path: string }; let yj1: { id: string; path: string }; let yj2: { id: string; path: string };
let lm: { id: string; path: string }; let b1: { id: string; path: string };
let regionAdmin: Awaited<ReturnType<TestApp['user']>>;
let yjAdmin: Awaited<ReturnType<TestApp['user']>>;

beforeAll(async () => {
  t = await testApp();
  A = await t.region('孔浦街道');
  B = await t.region('白峰镇');
  yj = await t.org(A.id, A.rootOrgId, '怡江社区党委', 'committee');
  yj1 = await t.org(A.id, yj.id, '怡江第一支部');
  yj2 = await t.org(A.id, yj.id, '怡江第二支部');
  lm = await t.org(A.id, A.rootOrgId, '绿梅社区党委', 'committee');
  b1 = await t.org(B.id, B.rootOrgId, '白峰支部');
  regionAdmin = await t.user({ grants: [{ role: 'region_admin', scopeKind: 'region', scopeId: A.id, regionId: A.id }, { role: 'region_admin', scopeKind: 'region', scopeId: B.id, regionId: B.id }] });
  yjAdmin = await t.user({ grants: [{ role: 'org_admin', scopeKind: 'org', scopeId: yj.id, regionId: A.id }] });
});


describe('members: create and the rules they keep', () => {
  it('creates a member; party age and age are derived', async () => {
    const res = await yjAdmin.client.post('/api/v1/members', memberBody(yj1.id, { name: '张慧敏', birthDate: '1980-05-04', gender: 'F', idNumber: makeIdNumber('330205', '1980-05-04', 'F', 1), fullOn: '2006-07-01' }));
    expect(res.statusCode).toBe(201);
    const m = json(res);
    expect(m.age).toBe(46); // today is 2026-11-25 in the test clock
    expect(m.partyAge).toBe(20);
    expect(m.category).toBe('full');
    expect(m.orgName).toBe('怡江第一支部');
    expect(m.pii).toBe(true);
  });

  it.each([
    ['wrong check digit', { idNumber: '110105194912310021' }, 'idNumber', /check digit/],
    ['ID disagrees with birth date', { birthDate: '1970-01-01', idNumber: makeIdNumber('330205', '1971-01-01', 'M', 3), gender: 'M' }, 'idNumber', /born 1971-01-01/],
    ['ID disagrees with gender', { birthDate: '1970-01-01', idNumber: makeIdNumber('330205', '1970-01-01', 'F', 4), gender: 'M' }, 'idNumber', /gender/],
    ['full membership before joining', { joinedOn: '2010-07-01', fullOn: '2009-07-01' }, 'fullOn', /cannot be before joining/],
    ['probation shorter than a year', { joinedOn: '2010-07-01', fullOn: '2011-03-01' }, 'fullOn', /earliest full-membership date is 2011-07-01/],
    ['candidate within a year of activist', { stage: 'candidate', activistOn: '2025-01-01', candidateOn: '2025-06-01', joinedOn: null, fullOn: null }, 'candidateOn', /earliest is 2026-01-01/],
    ['probationary with a full date', { stage: 'probationary', joinedOn: '2025-07-01', fullOn: '2026-07-01' }, 'fullOn', /before the member reaches/],
    ['a date in the future', { joinedOn: '2030-01-01', fullOn: null, stage: 'probationary' }, 'joinedOn', /future/],
  ])('%s is refused with a clear message, nothing stored', async (_name, over, field, message) => {
    const before = await snapshot(t);
    const res = await yjAdmin.client.post('/api/v1/members', memberBody(yj1.id, over));
    const err = await expectRefused(res, 422, 'VALIDATION_FAILED', before);
    const d = err.details?.find((x) => x.field === field);
    expect(d, res.body).toBeTruthy();
    expect(d!.message).toMatch(message);
  });

  it('every field\'s problem in one answer: the contract\'s (phone) and the rules\' (check digit, the stage date), nothing stored', async () => {
    const before = await snapshot(t);
    const res = await yjAdmin.client.post('/api/v1/members', memberBody(yj1.id, { phone: '12345', idNumber: '110105194912310021', stage: 'probationary', joinedOn: null, fullOn: null }));
    const err = await expectRefused(res, 400, 'VALIDATION_FAILED', before);
    const fields = (err.details ?? []).map((d) => d.field).sort();
    expect(fields).toEqual(['idNumber', 'joinedOn', 'phone']);
    const text = (err.details ?? []).map((d) => `${d.field}: ${d.message}`).join(' | ');
    expect(text).toMatch(/idNumber: the check digit/);
    expect(text).toMatch(/joinedOn: the date of the current stage is required/);
    expect(text).toMatch(/phone: is not a valid phone number/);
  });

  it('a body that only breaks rules still answers 422 with every rule broken', async () => {
    const before = await snapshot(t);
    const res = await yjAdmin.client.post('/api/v1/members', memberBody(yj1.id, { birthDate: '1970-01-01', idNumber: makeIdNumber('330205', '1971-01-01', 'F', 41), gender: 'M', joinedOn: '2010-07-01', fullOn: '2009-07-01' }));
    const err = await expectRefused(res, 422, 'VALIDATION_FAILED', before);
    const text = (err.details ?? []).map((d) => `${d.field}: ${d.message}`).join(' | ');
    expect(text).toMatch(/idNumber: the ID number says born 1971-01-01/);
    expect(text).toMatch(/fullOn: full membership cannot be before joining/);
  });

  it('an out-of-scope org is one more field problem beside the others, named as for a made-up org', async () => {
    const before = await snapshot(t);
    const res = await yjAdmin.client.post('/api/v1/members', memberBody(lm.id, { phone: 'x' }));
    const err = await expectRefused(res, 400, 'VALIDATION_FAILED', before);
    const made = await yjAdmin.client.post('/api/v1/members', memberBody('01900000-0000-7000-8000-000000000000', { phone: 'x' }));
    expect(JSON.parse(made.body)).toEqual(JSON.parse(res.body));
    expect((err.details ?? []).map((d) => d.field).sort()).toEqual(['orgId', 'phone']);
  });

  it('an update reports every problem at once, judged on the record as it would be', async () => {
    const m = json(await yjAdmin.client.post('/api/v1/members', memberBody(yj1.id, { name: '改多处', birthDate: '1975-03-03', gender: 'M', idNumber: makeIdNumber('330205', '1975-03-03', 'M', 42) })));
    const before = await snapshot(t);
    const res = await yjAdmin.client.patch(`/api/v1/members/${m.id}`, { phone: '999', birthDate: '1976-03-03', fullOn: '1990-01-01' });
    const err = await expectRefused(res, 400, 'VALIDATION_FAILED', before);
    const fields = (err.details ?? []).map((d) => d.field).sort();
    expect(fields).toEqual(['fullOn', 'idNumber', 'phone']);
    // a made-up id with the same body: 404, as before any check
    await expectRefused(await yjAdmin.client.patch('/api/v1/members/01900000-0000-7000-8000-000000000000', { phone: '999' }), 404, 'NOT_FOUND', before);
  });

  it('two members with one ID number: 409, nothing stored (also across regions)', async () => {
    const body = memberBody(yj1.id);
    expect((await yjAdmin.client.post('/api/v1/members', body)).statusCode).toBe(201);
    const before = await snapshot(t);
    const again = await expectRefused(await yjAdmin.client.post('/api/v1/members', { ...body, name: '重复' }), 409, 'MEMBER_DUPLICATE_ID', before);
    expect(again.details?.[0].field).toBe('idNumber');
    const elsewhere = await expectRefused(await regionAdmin.client.post('/api/v1/members', { ...body, orgId: b1.id }), 409, 'MEMBER_DUPLICATE_ID', before);
    expect(elsewhere.details?.[0].message).toMatch(/another region/);
    // with another problem in the same form: both in one answer, not the duplicate in a second one once it is fixed
    const both = await expectRefused(await yjAdmin.client.post('/api/v1/members', { ...body, name: '重复', phone: '999' }), 400, 'VALIDATION_FAILED', before);
    expect((both.details ?? []).map((d) => d.field).sort()).toEqual(['idNumber', 'phone']);
    expect(both.details?.find((d) => d.field === 'idNumber')?.message).toBe(again.details?.[0].message);
  });

  it('an ID number the database holds on a record the checks do not see (a transferred-out row of the region): 409 on the field, not 500', async () => {
    const body = memberBody(yj1.id);
    const m = json(await yjAdmin.client.post('/api/v1/members', body));
    await t.database.query(`update members set status = 'transferred_out' where id = $1`, [m.id]);
    const before = await snapshot(t);
    const again = await expectRefused(await yjAdmin.client.post('/api/v1/members', { ...body, name: '再存一次' }), 409, 'MEMBER_DUPLICATE_ID', before);
    expect(again.details?.[0].field).toBe('idNumber');
    // the same on an update that gives another member this ID number
    const other = json(await yjAdmin.client.post('/api/v1/members', memberBody(yj1.id)));
    const before2 = await snapshot(t);
    const upd = await expectRefused(await yjAdmin.client.patch(`/api/v1/members/${other.id}`, { idNumber: body.idNumber, birthDate: body.birthDate, gender: body.gender }), 409, 'MEMBER_DUPLICATE_ID', before2);
    expect(upd.details?.[0].field).toBe('idNumber');
  });

  it('a member put in an organisation outside the caller’s scope is refused, nothing stored', async () => {
    for (const orgId of [lm.id, b1.id]) {
      const err = await expectRefused(() => yjAdmin.client.post('/api/v1/members', memberBody(orgId)), 422, 'VALIDATION_FAILED', () => snapshot(t));
      expect(err.details?.[0]).toMatchObject({ field: 'orgId', message: 'no such organisation in your scope' });
    }
  });
});

describe('members: scope, masking, search', () => {
  let lmMember: { id: string };
  beforeAll(async () => {
    lmMember = json(await regionAdmin.client.post('/api/v1/members', memberBody(lm.id, { name: '李绿梅' })));
  });

  it('another org’s member is 404 for reading and writing, unchanged', async () => {
    const before = await snapshot(t);
    await expectRefused(await yjAdmin.client.get(`/api/v1/members/${lmMember.id}`), 404, 'NOT_FOUND', before);
    await expectRefused(await yjAdmin.client.patch(`/api/v1/members/${lmMember.id}`, { name: '改名' }), 404, 'NOT_FOUND', before);
    await expectRefused(await yjAdmin.client.post(`/api/v1/members/${lmMember.id}/transfers`, { toOrgId: yj1.id, date: '2026-01-01' }), 404, 'NOT_FOUND', before);
    expect(json(await regionAdmin.client.get(`/api/v1/members/${lmMember.id}`)).name).toBe('李绿梅');
  });

  it('lists only the caller’s subtree', async () => {
    const inside = await make.member(t, yj1.id, { name: '怡江内' });
    const all = json(await yjAdmin.client.get('/api/v1/members?pageSize=500'));
    expect(all.items.map((m: { id: string }) => m.id)).toContain(inside.id);
    expect(all.items.map((m: { id: string }) => m.id)).not.toContain(lmMember.id);
    expect(all.items.filter((m: { orgName: string }) => !m.orgName.startsWith('怡江'))).toEqual([]);
    expect(all.total).toBe(all.items.length);
  });

  it('masks ID number and phone for readers without the right (alliance coordinator)', async () => {
    const allianceId = (await t.database.query<{ id: string }>(`insert into alliances (region_id, id, kind, name) values ($1, gen_random_uuid(), 'cluster', '五朵金花') returning id`, [A.id]))[0].id;
    await t.database.query('insert into alliance_orgs (region_id, alliance_id, org_id) values ($1, $2, $3)', [A.id, allianceId, lm.id]);
    const coord = await t.user({ grants: [{ role: 'alliance_coordinator', scopeKind: 'alliance', scopeId: allianceId, regionId: A.id }] });
    const m = json(await coord.client.get(`/api/v1/members/${lmMember.id}`));
    expect(m.idNumber).toMatch(/^\d{6}\*{11}[\dX]$/);
    expect(m.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
    expect(m.pii).toBe(false);
    const list = json(await coord.client.get('/api/v1/members'));
    expect(list.items.map((x: { id: string }) => x.id)).toContain(lmMember.id);
    expect(list.items.filter((x: { idNumber: string }) => !x.idNumber.includes('*'))).toEqual([]);
    // and cannot write
    await expectRefused(() => coord.client.patch(`/api/v1/members/${lmMember.id}`, { name: 'x' }), 404, 'NOT_FOUND', () => snapshot(t));
  });

  it('finds 张慧敏 by name, by pinyin and by initials', async () => {
    await make.member(t, yj1.id, { name: '张慧敏' });
    for (const q of ['张慧敏', '张', 'zhanghuimin', 'zhang', 'zhm', 'ZHM']) {
      const res = json(await yjAdmin.client.get(`/api/v1/members?q=${encodeURIComponent(q)}`));
      expect(res.items.map((m: { name: string }) => m.name), q).toContain('张慧敏');
    }
    expect(json(await yjAdmin.client.get('/api/v1/members?q=wangxx')).total).toBe(0);
  });

  it('filters by subtree, gender, age, party age, tags, category', async () => {
    const yj3 = await make.org(t, A.id, yj.id, '怡江第三支部');
    await yjAdmin.client.post('/api/v1/members', memberBody(yj3.id, { name: '王老', gender: 'M', birthDate: '1940-02-02', idNumber: makeIdNumber('330205', '1940-02-02', 'M', 77), joinedOn: '1960-07-01', fullOn: '1961-07-01', tags: ['veteran'] }));
    await yjAdmin.client.post('/api/v1/members', memberBody(yj3.id, { name: '小青', gender: 'F', birthDate: '2000-02-02', idNumber: makeIdNumber('330205', '2000-02-02', 'F', 78), stage: 'probationary', joinedOn: '2026-01-01', fullOn: null, tags: ['young', 'volunteer'] }));
    const names = async (qs: string) => json(await yjAdmin.client.get(`/api/v1/members?pageSize=500&${qs}`)).items.map((m: { name: string }) => m.name).sort();
    expect(await names(`orgId=${yj3.id}`)).toEqual(['小青', '王老']);
    expect(await names(`orgId=${yj3.id}&gender=F`)).toEqual(['小青']);
    expect(await names(`orgId=${yj3.id}&ageMin=80`)).toEqual(['王老']);
    expect(await names(`orgId=${yj3.id}&ageMax=30`)).toEqual(['小青']);
    expect(await names(`orgId=${yj3.id}&partyAgeMin=60`)).toEqual(['王老']);
    expect(await names(`orgId=${yj3.id}&tags=young,volunteer`)).toEqual(['小青']);
    expect(await names(`orgId=${yj3.id}&category=probationary`)).toEqual(['小青']);
    expect((await yjAdmin.client.get(`/api/v1/members?orgId=${lm.id}`)).statusCode).toBe(200);
    expect(json(await yjAdmin.client.get(`/api/v1/members?orgId=${lm.id}`)).total).toBe(0);
  });
});

describe('member development', () => {
  it('walks applicant → full with the intervals, refusing impossible steps', async () => {
    const m = json(await yjAdmin.client.post('/api/v1/members', memberBody(yj1.id, { stage: 'applicant', appliedOn: '2023-03-01', joinedOn: null, fullOn: null, birthDate: '1995-05-05', idNumber: makeIdNumber('330205', '1995-05-05', 'M', 91), gender: 'M' })));
    expect(m.stage).toBe('applicant');
    const step = (stage: string, date: string) => yjAdmin.client.post(`/api/v1/members/${m.id}/advance`, { stage, date });
    const skip = await step('candidate', '2024-05-01');
    expect(skip.statusCode).toBe(422);
    expect(json(skip).error.details[0].message).toMatch(/next stage must be activist/);
    expect((await step('activist', '2023-06-01')).statusCode).toBe(200);
    const early = await step('candidate', '2024-01-01');
    expect(early.statusCode).toBe(422);
    expect(json(early).error.details[0]).toMatchObject({ field: 'date' });
    expect(json(early).error.details[0].message).toMatch(/2024-06-01/);
    // the due list shows the activist who has had a year
    const due = json(await yjAdmin.client.get('/api/v1/members/due'));
    expect(due.items.find((d: { memberId: string }) => d.memberId === m.id)).toMatchObject({ nextStage: 'candidate', dueOn: '2024-06-01' });
    expect((await step('candidate', '2024-06-01')).statusCode).toBe(200);
    expect((await step('probationary', '2025-07-01')).statusCode).toBe(200);
    const tooSoon = await step('full', '2026-01-01');
    expect(json(tooSoon).error.details[0].message).toMatch(/2026-07-01/);
    const after = json(await step('full', '2026-07-01'));
    expect(after.category).toBe('full');
    expect(after.partyAge).toBe(0);
    expect((await step('full', '2026-08-01')).statusCode).toBe(422);
    const rows = await t.database.query(`select action from audit_log where entity_id = $1 and action = 'member.advance'`, [m.id]);
    expect(rows).toHaveLength(4);
  });
});

describe('transfers', () => {
  const orgCount = async (client: typeof yjAdmin.client, orgId: string) => json(await client.get(`/api/v1/members?orgId=${orgId}&pageSize=1`)).total;

  it('inside a region: history kept, both counts right', async () => {
    const m = json(await yjAdmin.client.post('/api/v1/members', memberBody(yj1.id, { name: '转接甲' })));
    const [c1, c2] = [await orgCount(yjAdmin.client, yj1.id), await orgCount(yjAdmin.client, yj2.id)];
    const res = await yjAdmin.client.post(`/api/v1/members/${m.id}/transfers`, { toOrgId: yj2.id, date: '2026-03-01', reason: '搬家' });
    expect(res.statusCode).toBe(200);
    expect(await orgCount(yjAdmin.client, yj1.id)).toBe(c1 - 1);
    expect(await orgCount(yjAdmin.client, yj2.id)).toBe(c2 + 1);
    const detail = json(await yjAdmin.client.get(`/api/v1/members/${m.id}`));
    expect(detail.orgId).toBe(yj2.id);
    expect(detail.transfers).toHaveLength(1);
    expect(detail.transfers[0]).toMatchObject({ fromOrgName: '怡江第一支部', toOrgName: '怡江第二支部', transferredOn: '2026-03-01', reason: '搬家' });
  });

  it('across regions: the record moves, history on both sides, counts right', async () => {
    const m = json(await regionAdmin.client.post('/api/v1/members', memberBody(yj1.id, { name: '跨区乙' })));
    const [cA, cB] = [await orgCount(regionAdmin.client, yj1.id), await orgCount(regionAdmin.client, b1.id)];
    const res = await regionAdmin.client.post(`/api/v1/members/${m.id}/transfers`, { toOrgId: b1.id, date: '2026-04-01' });
    expect(res.statusCode).toBe(200);
    expect(json(res).regionId).toBe(B.id);
    expect(await orgCount(regionAdmin.client, yj1.id)).toBe(cA - 1);
    expect(await orgCount(regionAdmin.client, b1.id)).toBe(cB + 1);
    const inB = json(await regionAdmin.client.get(`/api/v1/members/${m.id}`));
    expect(inB.regionId).toBe(B.id);
    expect(inB.transfers[0]).toMatchObject({ fromRegionId: A.id, toRegionId: B.id });
    const old = await t.database.query<{ status: string }>('select status from members where region_id = $1 and id = $2', [A.id, m.id]);
    expect(old[0].status).toBe('transferred_out');
    // region A's own admin no longer sees the person in the list, but the history stays in region A
    const onlyA = await t.user({ grants: [{ role: 'region_admin', scopeKind: 'region', scopeId: A.id, regionId: A.id }] });
    expect(json(await onlyA.client.get(`/api/v1/members?q=${encodeURIComponent('跨区乙')}`)).total).toBe(0);
    expect(json(await onlyA.client.get(`/api/v1/members?q=${encodeURIComponent('跨区乙')}&status=transferred_out`)).total).toBe(1);
    expect((await t.database.query('select 1 from member_transfers where region_id = $1 and member_id = $2', [A.id, m.id]))).toHaveLength(1);
  });

  it('a transfer into an org outside the caller’s scope is refused, nothing changed', async () => {
    const m = json(await yjAdmin.client.post('/api/v1/members', memberBody(yj1.id)));
    await expectRefused(() => yjAdmin.client.post(`/api/v1/members/${m.id}/transfers`, { toOrgId: lm.id, date: '2026-03-01' }), 422, 'VALIDATION_FAILED', () => snapshot(t));
    expect(json(await yjAdmin.client.get(`/api/v1/members/${m.id}`)).orgId).toBe(yj1.id);
  });
});
