import { beforeAll, describe, expect, it } from 'vitest';
import { json, testApp, type Client, type TestApp } from '../../../../test/support/app.ts';
import * as make from '../../../../test/support/factories.ts';
import { expectRefused, snapshot } from '../../../../test/support/refused.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { activities } from '../activities/schema.ts';
import { units } from '../directory/schema.ts';

/**
 * The party's growth among entrepreneurs: mentoring pairs (a party-member mentor of the org's subtree, the mentee's
 * enterprise, salons linked, the take-over with its date), talent placements, investment records, the developed
 * members' owner / technician tags counted from the roster; the workflow charts per region. Bad input: nothing changed.
 */
let t: TestApp;
let R: make.Region;
let C: make.Org;
let B: make.Org;
let other: make.Org;
let committee: Client;
let outsider: Client;
let regionAdmin: Client;
let mentor: make.Member;
let applicant: make.Member;
let ent: string;
let agency: string;
let salon: string;
let foreignSalon: string;
/** partner schools: 宁波职业技术学院 (from 2024, open-ended), 宁波技师学院 (2025–2026); one of the other committee */
let S1: string;
let S2: string;
let foreignSchool: string;
let pairId: string;
const MADE_UP = '0190b6a0-0000-7000-8000-00000000beef';

beforeAll(async () => {
  t = await testApp();
  t.clock.t = Date.parse('2026-07-10T10:00:00+08:00');
  R = await make.region(t, '骆驼街道');
  C = await make.org(t, R.id, R.rootOrgId, '商会党委', 'committee');
  B = await make.org(t, R.id, C.id, '机电01党支部');
  other = await make.org(t, R.id, R.rootOrgId, '社区党委', 'committee');
  committee = (await make.orgAdmin(t, R.id, C.id)).client;
  outsider = (await make.orgAdmin(t, R.id, other.id)).client;
  regionAdmin = (await make.regionAdmin(t, R.id)).client;
  mentor = await make.member(t, B.id, { name: '王企业家' });
  applicant = await make.member(t, B.id, { name: '李申请', stage: 'applicant', joinedOn: null, fullOn: null, appliedOn: '2026-01-05' });
  ent = uuidv7();
  agency = uuidv7();
  const db = t.database.db;
  await db.insert(units).values([{ regionId: R.id, id: ent, kind: 'enterprise', name: '宁波骆驼机电有限公司', orgId: B.id }, { regionId: R.id, id: agency, kind: 'agency', name: '律师事务所' }]);
  const at = new Date('2026-03-01T14:00:00+08:00');
  const act = (orgId: string, title: string) => ({ regionId: R.id, id: uuidv7(), kind: 'social', orgId, title, startsAt: at, endsAt: at, heldOn: '2026-03-01', checkinOpensAt: at, checkinClosesAt: at, checkinCode: 'x', status: 'held' });
  const [a1, a2] = [act(C.id, '企二代成长沙龙'), act(other.id, '社区联谊')];
  await db.insert(activities).values([a1, a2]);
  salon = a1.id;
  foreignSalon = a2.id;
});

const pair = (over: Record<string, unknown> = {}) => ({ orgId: C.id, mentorMemberId: mentor.id, menteeName: '王晓明', menteeUnitId: ent, startedOn: '2024-03-01', activityIds: [salon], ...over });

describe('mentoring pairs', () => {
  it('bad input is refused with the field, nothing changed; out of scope as a made-up id', async () => {
    const refused = async (body: Record<string, unknown>, status: number, code: string, field?: string, c = committee) => {
      const before = await snapshot(t);
      const res = await c.post('/api/v1/mentoring-pairs', body);
      await expectRefused(res, status, code, before);
      if (field) expect(json(res).error.details.map((d: { field: string }) => d.field)).toContain(field);
    };
    await refused(pair({ mentorMemberId: applicant.id }), 422, 'VALIDATION_FAILED', 'mentorMemberId');
    await refused(pair({ menteeUnitId: agency }), 422, 'VALIDATION_FAILED', 'menteeUnitId');
    await refused(pair({ outcome: 'took_over' }), 422, 'VALIDATION_FAILED', 'tookOverOn');
    await refused(pair({ outcome: 'took_over', tookOverOn: '2023-01-01' }), 422, 'VALIDATION_FAILED', 'tookOverOn');
    await refused(pair({ startedOn: '2026-08-01' }), 422, 'VALIDATION_FAILED', 'startedOn');
    await refused(pair({ activityIds: [foreignSalon] }), 422, 'VALIDATION_FAILED', 'activityIds');
    await refused(pair({ menteeName: '' }), 400, 'VALIDATION_FAILED');
    await refused(pair({ orgId: MADE_UP }), 404, 'NOT_FOUND');
    await refused(pair(), 404, 'NOT_FOUND', undefined, outsider);
  });

  it('the committee records a pair with its salon, then the take-over; lists filter, export and stay in scope', async () => {
    const res = await committee.post('/api/v1/mentoring-pairs', pair());
    expect(res.statusCode, res.body).toBe(201);
    const p = json(res);
    pairId = p.id;
    expect(p).toMatchObject({ mentorName: '王企业家', mentorUnitName: '宁波骆驼机电有限公司', menteeUnitName: '宁波骆驼机电有限公司', outcome: 'ongoing' });
    expect(p.activities.map((a: { title: string }) => a.title)).toEqual(['企二代成长沙龙']);
    await expectRefused(() => committee.patch(`/api/v1/mentoring-pairs/${p.id}`, { outcome: 'took_over', tookOverOn: '2026-08-01' }), 422, 'VALIDATION_FAILED', () => snapshot(t));
    await expectRefused(() => outsider.patch(`/api/v1/mentoring-pairs/${p.id}`, { outcome: 'took_over', tookOverOn: '2026-06-01' }), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => outsider.get(`/api/v1/mentoring-pairs/${p.id}`), 404, 'NOT_FOUND', () => snapshot(t));
    const upd = await committee.patch(`/api/v1/mentoring-pairs/${p.id}`, { outcome: 'took_over', tookOverOn: '2026-06-01' });
    expect(upd.statusCode, upd.body).toBe(200);
    expect(json(upd)).toMatchObject({ outcome: 'took_over', tookOverOn: '2026-06-01' });
    expect(json(await committee.get(`/api/v1/mentoring-pairs?orgId=${C.id}&outcome=took_over`)).total).toBe(1);
    expect(json(await committee.get(`/api/v1/mentoring-pairs?orgId=${C.id}&outcome=ongoing`)).total).toBe(0);
    expect(json(await committee.get(`/api/v1/mentoring-pairs?q=晓明`)).total).toBe(1);
    expect(json(await outsider.get('/api/v1/mentoring-pairs')).total).toBe(0);
    await expectRefused(() => outsider.get(`/api/v1/mentoring-pairs?orgId=${C.id}`), 404, 'NOT_FOUND', () => snapshot(t));
    const x = await committee.get(`/api/v1/mentoring-pairs.xlsx?orgId=${C.id}`);
    expect(x.statusCode).toBe(200);
    expect(x.headers['content-type']).toContain('spreadsheet');
    const [{ n }] = await t.database.query<{ n: number }>(`select count(*)::int as n from audit_log where action = 'growth.pair'`);
    expect(n).toBe(2);
  });

  it('the mentee links to their own member record once they joined the party: read live, never copied; bad links refused, nothing changed', async () => {
    const heir = await make.member(t, B.id, { name: '王晓明', stage: 'full', joinedOn: '2019-05-01', fullOn: '2020-05-01' });
    const elsewhere = await make.member(t, other.id, { name: '外组织党员', stage: 'full', joinedOn: '2019-05-01', fullOn: '2020-05-01' });
    expect(json(await committee.get(`/api/v1/mentoring-pairs/${pairId}`)).menteeMember).toBeNull();
    const refused = async (body: Record<string, unknown>, field: string) => {
      const before = await snapshot(t);
      const res = await committee.patch(`/api/v1/mentoring-pairs/${pairId}`, body);
      await expectRefused(res, 422, 'VALIDATION_FAILED', before);
      expect(json(res).error.details.map((d: { field: string }) => d.field)).toEqual([field]);
    };
    await refused({ menteeMemberId: applicant.id }, 'menteeMemberId'); // not (yet) a party member
    await refused({ menteeMemberId: elsewhere.id }, 'menteeMemberId'); // not of the committee's subtree
    await refused({ menteeMemberId: mentor.id }, 'menteeMemberId'); // the mentor
    await refused({ menteeMemberId: MADE_UP }, 'menteeMemberId');
    const linked = await committee.patch(`/api/v1/mentoring-pairs/${pairId}`, { menteeMemberId: heir.id });
    expect(linked.statusCode, linked.body).toBe(200);
    expect(json(linked).menteeMember).toMatchObject({ id: heir.id, name: '王晓明', stage: 'full', joinedOn: '2019-05-01', orgName: '机电01党支部' });
    // one member, one pair
    const before = await snapshot(t);
    const twice = await committee.post('/api/v1/mentoring-pairs', pair({ menteeName: '另一对象', menteeMemberId: heir.id }));
    await expectRefused(twice, 422, 'VALIDATION_FAILED', before);
    // the member record is the source: a change there shows on the pair
    expect((await committee.patch(`/api/v1/members/${heir.id}`, { name: '王晓鸣' })).statusCode).toBe(200);
    expect(json(await committee.get(`/api/v1/mentoring-pairs?orgId=${C.id}`)).items[0].menteeMember.name).toBe('王晓鸣');
    expect(json(await committee.get(`/api/v1/mentoring-pairs/${pairId}`)).menteeName).toBe('王晓明');
    // unlinked and linked again (the take-over and its date are untouched)
    expect(json(await committee.patch(`/api/v1/mentoring-pairs/${pairId}`, { menteeMemberId: null })).menteeMember).toBeNull();
    expect(json(await committee.patch(`/api/v1/mentoring-pairs/${pairId}`, { menteeMemberId: heir.id }))).toMatchObject({ outcome: 'took_over', tookOverOn: '2026-06-01' });
    expect(await make.count(t, 'audit_log', `entity_id = $1 and action = 'growth.pair'`, [pairId])).toBe(5);
  });
});

describe('partner schools', () => {
  const school = (over: Record<string, unknown> = {}) => ({ orgId: C.id, name: '宁波职业技术学院', contactName: '陈老师', contactPhone: '0574-86000001', agreementFrom: '2024-01-01', ...over });
  it('bad input and other orgs are refused with the field, nothing changed; the committee records, lists and filters its schools', async () => {
    const refused = async (body: Record<string, unknown>, status: number, code: string, field?: string, c = committee) => {
      const before = await snapshot(t);
      const res = await c.post('/api/v1/school-partners', body);
      await expectRefused(res, status, code, before);
      if (field) expect(json(res).error.details.map((d: { field: string }) => d.field)).toContain(field);
    };
    await refused(school({ agreementTo: '2023-12-31' }), 422, 'VALIDATION_FAILED', 'agreementTo');
    await refused(school({ contactName: '' }), 400, 'VALIDATION_FAILED');
    await refused(school({ agreementFrom: '2024-02-30' }), 400, 'VALIDATION_FAILED');
    await refused(school({ orgId: MADE_UP }), 404, 'NOT_FOUND');
    await refused(school(), 404, 'NOT_FOUND', undefined, outsider);
    const res = await committee.post('/api/v1/school-partners', school());
    expect(res.statusCode, res.body).toBe(201);
    S1 = json(res).id;
    expect(json(res)).toMatchObject({ name: '宁波职业技术学院', agreementTo: null, active: true, students: 0, placements: 0 });
    await refused(school(), 422, 'VALIDATION_FAILED', 'name');
    S2 = json(await committee.post('/api/v1/school-partners', school({ name: '宁波技师学院', contactName: '王主任', agreementFrom: '2025-01-01', agreementTo: '2026-12-31' }))).id;
    const ended = json(await committee.post('/api/v1/school-partners', school({ name: '旧合作学校', agreementFrom: '2020-01-01', agreementTo: '2022-12-31' })));
    expect(ended.active).toBe(false);
    foreignSchool = json(await outsider.post('/api/v1/school-partners', school({ orgId: other.id, name: '社区合作学校' }))).id;
    expect(json(await committee.get(`/api/v1/school-partners?orgId=${C.id}`)).total).toBe(3);
    expect(json(await committee.get(`/api/v1/school-partners?orgId=${C.id}&active=1`)).items.map((x: { name: string }) => x.name)).toEqual(['宁波技师学院', '宁波职业技术学院']);
    expect(json(await committee.get('/api/v1/school-partners?q=旧合作')).total).toBe(1);
    await expectRefused(() => outsider.get(`/api/v1/school-partners/${S1}`), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => outsider.put(`/api/v1/school-partners/${S1}`, { ...school(), orgId: undefined }), 404, 'NOT_FOUND', () => snapshot(t));
    // deleted while it has no placements
    await expectRefused(() => outsider.delete(`/api/v1/school-partners/${ended.id}`), 404, 'NOT_FOUND', () => snapshot(t));
    expect((await committee.delete(`/api/v1/school-partners/${ended.id}`)).statusCode).toBe(200);
    expect(await make.count(t, 'audit_log', `entity_id = $1 and action = 'growth.school_delete'`, [ended.id])).toBe(1);
  });
});

describe('placements and investments', () => {
  it('refuses an agency, a future year or date, a negative count; records and counts per year and kind', async () => {
    const place = (over: Record<string, unknown> = {}) => ({ orgId: C.id, unitId: ent, schoolId: S1, year: 2026, kind: 'student', people: 12, ...over });
    const field = async (body: Record<string, unknown>, name: string) => {
      const before = await snapshot(t);
      const res = await committee.post('/api/v1/talent-placements', body);
      await expectRefused(res, 422, 'VALIDATION_FAILED', before);
      expect(json(res).error.details.map((d: { field: string }) => d.field)).toEqual([name]);
    };
    // another committee's school, a made-up one, a year outside the agreement (S2: 2025–2026; S1 from 2024)
    await field(place({ schoolId: foreignSchool }), 'schoolId');
    await field(place({ schoolId: MADE_UP }), 'schoolId');
    await field(place({ schoolId: S1, year: 2023 }), 'schoolId');
    await field(place({ schoolId: S2, year: 2024 }), 'schoolId');
    await expectRefused(() => committee.post('/api/v1/talent-placements', place({ unitId: agency })), 422, 'VALIDATION_FAILED', () => snapshot(t));
    await expectRefused(() => committee.post('/api/v1/talent-placements', place({ year: 2027 })), 422, 'VALIDATION_FAILED', () => snapshot(t));
    await expectRefused(() => committee.post('/api/v1/talent-placements', place({ people: -3 })), 400, 'VALIDATION_FAILED', () => snapshot(t));
    await expectRefused(() => outsider.post('/api/v1/talent-placements', place()), 404, 'NOT_FOUND', () => snapshot(t));
    expect((await committee.post('/api/v1/talent-placements', place())).statusCode).toBe(201);
    expect((await committee.post('/api/v1/talent-placements', place({ kind: 'technician', people: 5, schoolId: S2 }))).statusCode).toBe(201);
    expect(json(await committee.get(`/api/v1/talent-placements?orgId=${C.id}&kind=technician`)).total).toBe(1);
    expect(json(await committee.get(`/api/v1/talent-placements?orgId=${C.id}&schoolId=${S2}`)).items).toMatchObject([{ school: '宁波技师学院', people: 5 }]);
    // a branch's placement may name the committee's partner (an org above it)
    const br = await committee.post('/api/v1/talent-placements', place({ orgId: B.id, people: 1 }));
    expect(br.statusCode, br.body).toBe(201);
    expect((await committee.delete(`/api/v1/talent-placements/${json(br).id}`)).statusCode).toBe(200);
    // the partner's counts come from the placements; its period cannot leave them out, and it is not deleted while it has any
    expect(json(await committee.get(`/api/v1/school-partners/${S1}`))).toMatchObject({ students: 12, technicians: 0, placements: 1 });
    const s1 = { name: '宁波职业技术学院', contactName: '陈老师', agreementFrom: '2024-01-01' };
    await expectRefused(() => committee.put(`/api/v1/school-partners/${S1}`, { ...s1, agreementTo: '2025-12-31' }), 422, 'VALIDATION_FAILED', () => snapshot(t));
    await expectRefused(() => committee.put(`/api/v1/school-partners/${S1}`, { ...s1, orgId: other.id }), 400, 'VALIDATION_FAILED', () => snapshot(t));
    await expectRefused(() => committee.delete(`/api/v1/school-partners/${S1}`), 409, 'GROWTH_SCHOOL_HAS_PLACEMENTS', () => snapshot(t));
    const ch = await committee.put(`/api/v1/school-partners/${S1}`, { ...s1, contactName: '陈主任', agreementTo: '2028-06-30' });
    expect(ch.statusCode, ch.body).toBe(200);
    expect(json(ch)).toMatchObject({ contactName: '陈主任', agreementTo: '2028-06-30', placements: 1 });
    expect(await make.count(t, 'audit_log', `entity_id = $1 and action = 'growth.school'`, [S1])).toBe(2);

    const inv = (over: Record<string, unknown> = {}) => ({ orgId: C.id, unitId: ent, kind: 'introduced', title: '智能装备项目', on: '2026-05-01', ...over });
    await expectRefused(() => committee.post('/api/v1/investment-records', inv({ on: '2026-12-01' })), 422, 'VALIDATION_FAILED', () => snapshot(t));
    await expectRefused(() => committee.post('/api/v1/investment-records', inv({ kind: 'loan' })), 400, 'VALIDATION_FAILED', () => snapshot(t));
    await expectRefused(() => committee.post('/api/v1/investment-records', inv({ unitId: MADE_UP })), 422, 'VALIDATION_FAILED', () => snapshot(t));
    expect((await committee.post('/api/v1/investment-records', inv())).statusCode).toBe(201);
    expect((await committee.post('/api/v1/investment-records', inv({ kind: 'branch', title: '杭州分公司', on: '2025-02-01' }))).statusCode).toBe(201);
    expect(json(await committee.get(`/api/v1/investment-records?orgId=${C.id}&year=2025`)).total).toBe(1);
    expect((await committee.get(`/api/v1/investment-records.xlsx?orgId=${C.id}`)).statusCode).toBe(200);
    expect((await committee.get(`/api/v1/talent-placements.xlsx?orgId=${C.id}`)).statusCode).toBe(200);
  });
});

describe('growth records changed and deleted', () => {
  it('a placement and an investment are edited as a whole and deleted, audited; a pair is deleted; bad edits, other orgs and made-up ids refused with nothing changed', async () => {
    const place = { unitId: ent, schoolId: S1, year: 2025, kind: 'student', people: 7 };
    const pl = json(await committee.post('/api/v1/talent-placements', { orgId: C.id, ...place }));
    const v = json(await committee.put(`/api/v1/talent-placements/${pl.id}`, { ...place, people: 9, schoolId: S2 }));
    expect(v).toMatchObject({ id: pl.id, people: 9, schoolId: S2, school: '宁波技师学院', orgId: C.id });
    await expectRefused(() => committee.put(`/api/v1/talent-placements/${pl.id}`, { ...place, schoolId: foreignSchool }), 422, 'VALIDATION_FAILED', () => snapshot(t));
    await expectRefused(() => committee.put(`/api/v1/talent-placements/${pl.id}`, { ...place, year: 2027 }), 422, 'VALIDATION_FAILED', () => snapshot(t));
    await expectRefused(() => committee.put(`/api/v1/talent-placements/${pl.id}`, { ...place, unitId: agency }), 422, 'VALIDATION_FAILED', () => snapshot(t));
    await expectRefused(() => committee.put(`/api/v1/talent-placements/${pl.id}`, { ...place, people: 0 }), 400, 'VALIDATION_FAILED', () => snapshot(t));
    await expectRefused(() => committee.put(`/api/v1/talent-placements/${pl.id}`, { ...place, orgId: other.id }), 400, 'VALIDATION_FAILED', () => snapshot(t));
    await expectRefused(() => outsider.put(`/api/v1/talent-placements/${pl.id}`, place), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => outsider.delete(`/api/v1/talent-placements/${pl.id}`), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => committee.delete(`/api/v1/talent-placements/${MADE_UP}`), 404, 'NOT_FOUND', () => snapshot(t));
    expect((await committee.delete(`/api/v1/talent-placements/${pl.id}`)).statusCode).toBe(200);
    expect(await make.count(t, 'talent_placements', 'id = $1', [pl.id])).toBe(0);
    expect(await make.count(t, 'audit_log', `entity_id = $1 and action = 'growth.placement_delete'`, [pl.id])).toBe(1);

    const inv = { unitId: ent, kind: 'joint_venture', title: '合资项目', on: '2026-02-01' };
    const iv = json(await committee.post('/api/v1/investment-records', { orgId: C.id, ...inv }));
    expect(json(await committee.put(`/api/v1/investment-records/${iv.id}`, { ...inv, title: '中外合资项目', amountFen: 500_000_000 }))).toMatchObject({ title: '中外合资项目', amountFen: 500_000_000 });
    await expectRefused(() => committee.put(`/api/v1/investment-records/${iv.id}`, { ...inv, on: '2026-12-01' }), 422, 'VALIDATION_FAILED', () => snapshot(t));
    await expectRefused(() => outsider.put(`/api/v1/investment-records/${iv.id}`, inv), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => outsider.delete(`/api/v1/investment-records/${iv.id}`), 404, 'NOT_FOUND', () => snapshot(t));
    expect((await committee.delete(`/api/v1/investment-records/${iv.id}`)).statusCode).toBe(200);
    expect(await make.count(t, 'investment_records', 'id = $1', [iv.id])).toBe(0);

    const p = json(await committee.post('/api/v1/mentoring-pairs', pair({ menteeName: '错录对象' })));
    await expectRefused(() => outsider.delete(`/api/v1/mentoring-pairs/${p.id}`), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => committee.delete(`/api/v1/mentoring-pairs/${MADE_UP}`), 404, 'NOT_FOUND', () => snapshot(t));
    expect((await committee.delete(`/api/v1/mentoring-pairs/${p.id}`)).statusCode).toBe(200);
    expect((await committee.get(`/api/v1/mentoring-pairs/${p.id}`)).statusCode).toBe(404);
    expect(await make.count(t, 'audit_log', `entity_id = $1 and action = 'growth.pair_delete'`, [p.id])).toBe(1);
  });
});

describe('developed members tagged on their record', () => {
  it('the roster counts owners and technicians who joined in recent years; the tag is the member record\'s', async () => {
    const fresh = await make.member(t, B.id, { name: '赵技术', stage: 'probationary', joinedOn: '2025-07-01', fullOn: null });
    const boss = await make.member(t, B.id, { name: '钱老板', stage: 'full', joinedOn: '2023-06-01', fullOn: '2024-06-01' });
    expect((await committee.patch(`/api/v1/members/${fresh.id}`, { tags: ['技术骨干'] })).statusCode).toBe(200);
    expect((await committee.patch(`/api/v1/members/${boss.id}`, { tags: ['企业主'] })).statusCode).toBe(200);
    const list = json(await committee.get(`/api/v1/growth-talents?orgId=${C.id}`));
    expect(list.items.map((m: { name: string; talent: string }) => [m.name, m.talent])).toEqual([['赵技术', 'technician'], ['钱老板', 'owner']]);
    expect(json(await committee.get(`/api/v1/growth-talents?orgId=${C.id}&talent=owner`)).total).toBe(1);
    const f = json(await committee.get(`/api/v1/growth-figures?orgId=${C.id}`));
    expect(f).toMatchObject({ schoolPartners: 2, schoolPartnersActive: 2, menteesJoined: 1, pairs: 1, tookOver: 1, owners: 1, technicians: 1, developed: 2, investments: { introduced: 1, joint_venture: 0, branch: 1 } });
    expect(f.placements).toEqual([{ year: 2026, students: 12, technicians: 5, schools: 2, enterprises: 1 }]);
    await expectRefused(() => outsider.get(`/api/v1/growth-figures?orgId=${C.id}`), 404, 'NOT_FOUND', () => snapshot(t));
  });
});

describe('workflow charts', () => {
  it('a region reads the defaults (发展党员: 5 stages, 25 steps); its admin edits a procedure; others are refused, nothing changed', async () => {
    const w = json(await committee.get(`/api/v1/workflows?regionId=${R.id}`));
    const dev = w.items.find((x: { code: string }) => x.code === 'development');
    expect(dev).toMatchObject({ steps: 25, mayEdit: false });
    expect(dev.stages).toHaveLength(5);
    const body = { regionId: R.id, name: '三会一课流程（本街道）', description: '本街道要求', stages: [{ title: '会前', steps: [{ title: '确定议题', path: '/activities' }] }] };
    await expectRefused(() => committee.put('/api/v1/workflows/meetings', body), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => regionAdmin.put('/api/v1/workflows/meetings', { ...body, stages: [{ title: '会前', steps: [] }] }), 422, 'VALIDATION_FAILED', () => snapshot(t));
    await expectRefused(() => regionAdmin.put('/api/v1/workflows/meetings', { ...body, stages: [{ title: '会前', steps: [{ title: 'x', path: 'http://evil' }] }] }), 422, 'VALIDATION_FAILED', () => snapshot(t));
    await expectRefused(() => regionAdmin.put('/api/v1/workflows/other', body), 400, 'VALIDATION_FAILED', () => snapshot(t));
    await expectRefused(() => regionAdmin.put('/api/v1/workflows/meetings', { ...body, regionId: MADE_UP }), 404, 'NOT_FOUND', () => snapshot(t));
    const res = await regionAdmin.put('/api/v1/workflows/meetings', body);
    expect(res.statusCode, res.body).toBe(200);
    const after = json(await committee.get(`/api/v1/workflows?regionId=${R.id}`)).items.find((x: { code: string }) => x.code === 'meetings');
    expect(after).toMatchObject({ name: '三会一课流程（本街道）', steps: 1 });
    await expectRefused(() => committee.get(`/api/v1/workflows?regionId=${MADE_UP}`), 404, 'NOT_FOUND', () => snapshot(t));
  });
});
