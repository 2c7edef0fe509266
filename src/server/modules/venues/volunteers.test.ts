import { beforeAll, describe, expect, it } from 'vitest';
import { json, testApp, type TestApp } from '../../../../test/support/app.ts';
import * as make from '../../../../test/support/factories.ts';
import { expectRefused, snapshot } from '../../../../test/support/refused.ts';
import { uuidv7 } from '../../platform/ids.ts';

/**
 * Volunteer teams, the hours ledger and certificates. The test clock is 2026-11-25 10:00 in Shanghai. 怡江社区党委
 * (yjAdmin) owns the team; 绿梅 (lmAdmin) and 白峰 (bAdmin) are out of its scope.
 */
let t: TestApp;
let w: make.World;
let teamId: string;
let partyVol: string;
let leagueVol: string;
let memberId: string;

beforeAll(async () => {
  t = await testApp();
  w = await make.world(t);
  const team = await w.yjAdmin.post('/api/v1/volunteer-teams', { name: '党员义工服务队', interest: '为老服务', orgId: w.org.yj.id });
  expect(team.statusCode, team.body).toBe(201);
  teamId = json(team).id;
  memberId = (await make.member(t, w.org.yjb1.id, { phone: '13800000001' })).id;
  const pv = await w.yjAdmin.post('/api/v1/volunteers', { volunteerTeamId: teamId, memberId, politicalStatus: 'party_member', volunteerNo: 'BF-0001' });
  expect(pv.statusCode, pv.body).toBe(201);
  partyVol = json(pv).id;
  const lv = await w.yjAdmin.post('/api/v1/volunteers', { volunteerTeamId: teamId, name: '林小雨', phone: '13900000002', politicalStatus: 'league_member', volunteerNo: 'BF-0002' });
  expect(lv.statusCode, lv.body).toBe(201);
  leagueVol = json(lv).id;
}, 180_000);

const hours = (volunteerId: string, servedOn: string, h: number, description = '垃圾分类宣传') =>
  w.yjAdmin.post('/api/v1/volunteer-hours', { volunteerId, servedOn, hours: h, description });

describe('teams and volunteers', () => {
  it('links a party member (not copied), keeps numbers unique, masks phones for readers without the right', async () => {
    const pv = json(await w.yjAdmin.get(`/api/v1/volunteers/${partyVol}`));
    expect(pv).toMatchObject({ memberId, politicalStatus: 'party_member', phone: '13800000001', teamName: '党员义工服务队' });
    const rows = await t.database.query<{ name: string | null; phone: string | null }>('select name, phone from volunteers where id = $1', [partyVol]);
    expect(rows[0]).toEqual({ name: null, phone: null });
    // the alliance coordinator reads the team (its org is in the alliance) but holds no members.pii
    expect(json(await w.coordinator.get(`/api/v1/volunteers/${partyVol}`)).phone).toBe('138****0001');
    expect(json(await w.coordinator.get(`/api/v1/volunteers/${leagueVol}`)).phone).toBe('139****0002');
    expect(json(await w.yjAdmin.get(`/api/v1/volunteers/${leagueVol}`)).phone).toBe('13900000002');
    const list = json(await w.yjAdmin.get(`/api/v1/volunteers?volunteerTeamId=${teamId}`));
    expect(list.items.map((v: { volunteerNo: string }) => v.volunteerNo)).toEqual(['BF-0001', 'BF-0002']);

    await expectRefused(() => w.yjAdmin.post('/api/v1/volunteers', { volunteerTeamId: teamId, name: '重号', politicalStatus: 'masses', volunteerNo: 'BF-0001' }), 409, 'VOLUNTEER_NO_TAKEN', () => snapshot(t));
    await expectRefused(() => w.yjAdmin.post('/api/v1/volunteers', { volunteerTeamId: teamId, memberId, politicalStatus: 'party_member', volunteerNo: 'BF-0009' }), 409, 'VOLUNTEER_MEMBER_REGISTERED', () => snapshot(t));
    const copied = await expectRefused(() => w.yjAdmin.post('/api/v1/volunteers', { volunteerTeamId: teamId, name: '抄一份', politicalStatus: 'party_member', volunteerNo: 'BF-0010' }), 422, 'VALIDATION_FAILED', () => snapshot(t));
    expect(copied.details?.map((d) => d.field)).toEqual(['memberId', 'name']);
    // out of scope answers as a made-up id
    await expectRefused(() => w.lmAdmin.get(`/api/v1/volunteers/${partyVol}`), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => w.bAdmin.get(`/api/v1/volunteer-teams/${teamId}`), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => w.lmAdmin.post('/api/v1/volunteers', { volunteerTeamId: teamId, name: '越权', politicalStatus: 'masses', volunteerNo: 'BF-0011' }), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => w.yjAdmin.post('/api/v1/volunteers', { volunteerTeamId: uuidv7(), name: '无队', politicalStatus: 'masses', volunteerNo: 'BF-0012' }), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => w.lmAdmin.post('/api/v1/volunteer-teams', { name: '别人的队', orgId: w.org.yj.id }), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => w.yjAdmin.post('/api/v1/volunteer-teams', { name: '党员义工服务队', orgId: w.org.yj.id }), 409, 'VOLUNTEER_TEAM_NAME_TAKEN', () => snapshot(t));
    expect(json(await w.lmAdmin.get('/api/v1/volunteer-teams')).items).toEqual([]);
    // the leader is a volunteer of the team
    expect(json(await w.yjAdmin.patch(`/api/v1/volunteer-teams/${teamId}`, { leaderVolunteerId: partyVol })).leaderName).toBeTruthy();
  });
});

describe('the hours ledger', () => {
  it('refuses over 24 h a day and future dates; the database refuses edits and deletes; there is no edit route', async () => {
    const a = await hours(leagueVol, '2026-11-20', 8);
    expect(a.statusCode, a.body).toBe(201);
    expect(json(a)).toMatchObject({ hours: 8, source: 'manual', status: 'approved' });
    const over = await expectRefused(() => hours(leagueVol, '2026-11-20', 16.5), 422, 'VOLUNTEER_HOURS_DAY_LIMIT', () => snapshot(t));
    expect(over.message).toMatch(/24/);
    expect((await hours(leagueVol, '2026-11-20', 16)).statusCode).toBe(201);
    await expectRefused(() => hours(leagueVol, '2026-11-26', 2), 422, 'VALIDATION_FAILED', () => snapshot(t));
    await expectRefused(() => hours(leagueVol, '2026-11-21', 0.7), 400, 'VALIDATION_FAILED', () => snapshot(t));
    await expectRefused(() => w.lmAdmin.post('/api/v1/volunteer-hours', { volunteerId: leagueVol, servedOn: '2026-11-21', hours: 2, description: '越权' }), 404, 'NOT_FOUND', () => snapshot(t));
    const id = json(a).id;
    await expectRefused(() => w.yjAdmin.patch(`/api/v1/volunteer-hours/${id}`, { hours: 2 }), 404, 'ROUTE_NOT_FOUND', () => snapshot(t));
    await expectRefused(() => w.yjAdmin.delete(`/api/v1/volunteer-hours/${id}`), 404, 'ROUTE_NOT_FOUND', () => snapshot(t));
    const before = await snapshot(t);
    await expect(t.database.query('update volunteer_hours set minutes = 60 where id = $1', [id])).rejects.toThrow(/append-only/);
    await expect(t.database.query('delete from volunteer_hours where id = $1', [id])).rejects.toThrow(/append-only/);
    await expect(t.database.query(`update volunteer_hours set status = 'rejected' where id = $1`, [id])).rejects.toThrow(/append-only/);
    expect((await before.again()).tables).toEqual(before.tables);
  });

  it('corrects by a reversing entry naming the one it corrects plus a new one; only once', async () => {
    const a = json(await hours(partyVol, '2026-10-10', 3, '环保宣传'));
    const fix = await w.yjAdmin.post(`/api/v1/volunteer-hours/${a.id}/reverse`, { reason: '实际服务 2.5 小时', replacement: { servedOn: '2026-10-10', hours: 2.5 } });
    expect(fix.statusCode, fix.body).toBe(200);
    const items = json(fix).items as { source: string; hours: number; reversesId: string | null }[];
    expect(items.map((i) => [i.source, i.hours, i.reversesId]).sort()).toEqual([['manual', 2.5, null], ['reversal', -3, a.id]].sort());
    await expectRefused(() => w.yjAdmin.post(`/api/v1/volunteer-hours/${a.id}/reverse`, { reason: '再冲一次' }), 409, 'VOLUNTEER_HOURS_NOT_REVERSIBLE', () => snapshot(t));
    const ledger = json(await w.yjAdmin.get(`/api/v1/volunteers/${partyVol}/hours`));
    expect(ledger.approvedHours).toBe(2.5);
    expect(ledger.items.find((i: { id: string }) => i.id === a.id).reversedBy).toBeTruthy();
    await expectRefused(() => w.yjAdmin.post(`/api/v1/volunteer-hours/${uuidv7()}/reverse`, { reason: 'x' }), 404, 'NOT_FOUND', () => snapshot(t));
  });

  it('turns an activity\'s check-ins into pending hours that staff confirm', async () => {
    const act = await w.yjAdmin.post('/api/v1/activities', {
      orgId: w.org.yj.id, kind: 'volunteer', title: '峰南养老中心志愿服务', place: '峰南社区居家养老服务中心', startsAt: make.at(t, -90), endsAt: make.at(t, 60),
    });
    expect(act.statusCode, act.body).toBe(201);
    const activityId = json(act).id;
    const tick = await w.yjAdmin.post(`/api/v1/activities/${activityId}/checkins`, { memberIds: [memberId] });
    expect(tick.statusCode, tick.body).toBe(201);
    const made = await w.yjAdmin.post(`/api/v1/volunteer-teams/${teamId}/hours-from-activity`, { activityId });
    expect(json(made)).toEqual({ created: 1, skipped: 0 });
    expect(json(await w.yjAdmin.post(`/api/v1/volunteer-teams/${teamId}/hours-from-activity`, { activityId }))).toEqual({ created: 0, skipped: 1 });
    const ledger = json(await w.yjAdmin.get(`/api/v1/volunteers/${partyVol}/hours`));
    const pending = ledger.items.find((i: { source: string }) => i.source === 'checkin');
    // checked in 90 minutes after the start, 60 minutes before the end
    expect(pending).toMatchObject({ status: 'pending', hours: 1, activityId, servedOn: '2026-11-25' });
    expect(ledger.pendingHours).toBe(1);
    await expectRefused(() => w.yjAdmin.post(`/api/v1/volunteer-hours/${pending.id}/reverse`, { reason: '未确认' }), 409, 'VOLUNTEER_HOURS_NOT_REVERSIBLE', () => snapshot(t));
    await expectRefused(() => w.lmAdmin.post(`/api/v1/volunteer-hours/${pending.id}/approve`), 404, 'NOT_FOUND', () => snapshot(t));
    expect(json(await w.yjAdmin.post(`/api/v1/volunteer-hours/${pending.id}/approve`))).toMatchObject({ status: 'approved' });
    await expectRefused(() => w.yjAdmin.post(`/api/v1/volunteer-hours/${pending.id}/approve`), 409, 'VOLUNTEER_HOURS_NOT_PENDING', () => snapshot(t));
    await expectRefused(() => w.lmAdmin.post(`/api/v1/volunteer-teams/${teamId}/hours-from-activity`, { activityId }), 404, 'NOT_FOUND', () => snapshot(t));
  });
});

describe('certificates', () => {
  it('issues a numbered certificate reproducible from the ledger, checkable in public, revocable', async () => {
    const issue = await w.yjAdmin.post(`/api/v1/volunteers/${leagueVol}/certificates`, { from: '2026-01-01', to: '2026-11-25', issuerName: '王书记', issuerContact: '0574-86000000' });
    expect(issue.statusCode, issue.body).toBe(201);
    const c = json(issue);
    expect(c).toMatchObject({ hours: 24, services: 2, issuerOrgName: '怡江社区党委', revoked: false, issuedOn: '2026-11-25' });
    expect(c.number).toMatch(/^ZY-2026-[0-9A-Z]{10}$/);
    const pdf = await w.yjAdmin.get(`/api/v1/volunteer-certificates/${c.id}/pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    // later hours in the period do not change what the certificate says
    t.clock.advance(60_000);
    expect((await hours(leagueVol, '2026-11-22', 2)).statusCode).toBe(201);
    const check = json(await t.anon.get(`/api/v1/public/volunteer-certificates/${c.number}`));
    expect(check).toEqual({ number: c.number, valid: true, name: '林小雨', periodFrom: '2026-01-01', periodTo: '2026-11-25', hours: 24, services: 2, issuerOrgName: '怡江社区党委', issuedOn: '2026-11-25' });
    const page = await t.anon.get(`/vc/${c.number}`);
    expect(page.body).toContain('有效');
    expect(page.body).not.toContain('1390000');

    await expectRefused(() => w.yjAdmin.post(`/api/v1/volunteers/${leagueVol}/certificates`, { from: '2025-01-01', to: '2025-12-31', issuerName: '王书记', issuerContact: '0574-86000000' }), 422, 'VOLUNTEER_CERTIFICATE_NO_HOURS', () => snapshot(t));
    await expectRefused(() => w.lmAdmin.post(`/api/v1/volunteers/${leagueVol}/certificates`, { from: '2026-01-01', to: '2026-11-25', issuerName: '王', issuerContact: '1' }), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => w.lmAdmin.get(`/api/v1/volunteer-certificates/${c.id}/pdf`), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => w.yjAdmin.get(`/api/v1/volunteer-certificates/${uuidv7()}/pdf`), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => t.anon.get('/api/v1/public/volunteer-certificates/ZY-2026-0000000000'), 404, 'NOT_FOUND', () => snapshot(t));

    expect(json(await w.yjAdmin.post(`/api/v1/volunteer-certificates/${c.id}/revoke`, { reason: '信息有误' }))).toMatchObject({ revoked: true });
    await expectRefused(() => w.yjAdmin.post(`/api/v1/volunteer-certificates/${c.id}/revoke`, { reason: '再次' }), 409, 'VOLUNTEER_CERTIFICATE_REVOKED', () => snapshot(t));
    expect(json(await t.anon.get(`/api/v1/public/volunteer-certificates/${c.number}`)).valid).toBe(false);
    expect((await t.anon.get(`/vc/${c.number}`)).body).toContain('已作废');
    const list = json(await w.yjAdmin.get(`/api/v1/volunteers/${leagueVol}/certificates`));
    expect(list.items.map((x: { number: string }) => x.number)).toEqual([c.number]);
  });
});

describe('figures', () => {
  it('volunteers, services and hours this year per team, owner, unit and political status, of the teams the caller reads', async () => {
    const team = json(await w.yjAdmin.get(`/api/v1/volunteer-teams/${teamId}`));
    const f = json(await w.yjAdmin.get('/api/v1/volunteer-figures'));
    expect(f.year).toBe(2026);
    expect(f.byTeam).toEqual([expect.objectContaining({ key: teamId, name: '党员义工服务队', volunteers: team.volunteers, hours: team.hoursThisYear })]);
    expect(f.byOwner).toEqual([expect.objectContaining({ key: w.org.yj.id, name: '怡江社区党委', volunteers: team.volunteers, hours: team.hoursThisYear })]);
    expect(f.total).toMatchObject({ volunteers: team.volunteers, hours: team.hoursThisYear });
    const [{ n }] = await t.database.query<{ n: number }>(`select (count(*) filter (where source <> 'reversal') - count(*) filter (where source = 'reversal'))::int as n
      from volunteer_hours h join volunteers v on v.id = h.volunteer_id where v.team_id = $1 and h.status = 'approved' and h.served_on >= '2026-01-01'`, [teamId]);
    expect(f.total.services).toBe(n);
    expect(f.byStatus.map((r: { key: string }) => r.key).sort()).toEqual(['league_member', 'party_member']);
    // another subtree reads no team: nothing counted
    expect(json(await w.lmAdmin.get('/api/v1/volunteer-figures')).total).toEqual({ volunteers: 0, services: 0, hours: 0 });
    expect(json(await w.yjAdmin.get('/api/v1/volunteer-figures?year=2025')).total.hours).toBe(0);
  });
});

describe('a volunteer in several teams', () => {
  let teamB: string;
  it('joins another team as the same person: one record, one ledger, ≤ 24 h a day across all services', async () => {
    const b = await w.lmAdmin.post('/api/v1/volunteer-teams', { name: '绿梅环保志愿队', interest: '垃圾分类', orgId: w.org.lm.id });
    expect(b.statusCode, b.body).toBe(201);
    teamB = json(b).id;
    const join = await w.lmAdmin.post(`/api/v1/volunteer-teams/${teamB}/members`, { volunteerNo: 'BF-0002', joinedOn: '2026-11-01' });
    expect(join.statusCode, join.body).toBe(201);
    expect(json(join)).toMatchObject({ id: leagueVol, teamId, name: '林小雨' });
    expect(json(join).teams.map((x: { id: string; joinedOn: string }) => [x.id, x.joinedOn])).toEqual(expect.arrayContaining([[teamId, '2026-11-25'], [teamB, '2026-11-01']]));
    expect(json(join).teams).toHaveLength(2);
    // not copied: one row, and both teams list it
    expect((await t.database.query('select id from volunteers where volunteer_no = $1', ['BF-0002'])).length).toBe(1);
    expect(json(await w.lmAdmin.get(`/api/v1/volunteers?volunteerTeamId=${teamB}`)).items.map((v: { id: string }) => v.id)).toEqual([leagueVol]);
    expect(json(await w.yjAdmin.get(`/api/v1/volunteers?volunteerTeamId=${teamId}`)).items.map((v: { id: string }) => v.id)).toContain(leagueVol);
    expect(json(await w.lmAdmin.get(`/api/v1/volunteer-teams/${teamB}`)).volunteers).toBe(1);
    // one ledger: both teams' staff read the same entries
    const mine = json(await w.yjAdmin.get(`/api/v1/volunteers/${leagueVol}/hours`));
    const theirs = json(await w.lmAdmin.get(`/api/v1/volunteers/${leagueVol}/hours`));
    expect(theirs.items.map((i: { id: string }) => i.id)).toEqual(mine.items.map((i: { id: string }) => i.id));

    // 2026-11-20 already holds 24 h served for the first team: the second team cannot add any
    await expectRefused(() => w.lmAdmin.post('/api/v1/volunteer-hours', { volunteerId: leagueVol, volunteerTeamId: teamB, servedOn: '2026-11-20', hours: 0.5, description: '环保宣传' }), 422, 'VOLUNTEER_HOURS_DAY_LIMIT', () => snapshot(t));
    const rec = await w.lmAdmin.post('/api/v1/volunteer-hours', { volunteerId: leagueVol, volunteerTeamId: teamB, servedOn: '2026-11-21', hours: 3, description: '垃圾分类督导' });
    expect(rec.statusCode, rec.body).toBe(201);
    expect(json(rec)).toMatchObject({ status: 'approved', teamId: teamB, teamName: '绿梅环保志愿队' });
    // the hours count for the team served for; the person's total has them once
    expect(json(await w.lmAdmin.get(`/api/v1/volunteer-teams/${teamB}`)).hoursThisYear).toBe(3);
    const fb = json(await w.lmAdmin.get('/api/v1/volunteer-figures'));
    expect(fb.byTeam).toEqual([expect.objectContaining({ key: teamB, volunteers: 1, services: 1, hours: 3 })]);
    // the coordinator reads both teams: the person is one volunteer in the total, each team counts them
    const fc = json(await w.coordinator.get('/api/v1/volunteer-figures'));
    const teamA = json(await w.yjAdmin.get(`/api/v1/volunteer-teams/${teamId}`));
    expect(fc.total.volunteers).toBe(teamA.volunteers);
    expect(fc.total.hours).toBe(teamA.hoursThisYear + 3);
    expect(fc.byTeam.map((r: { key: string; volunteers: number }) => [r.key, r.volunteers]).sort()).toEqual([[teamId, teamA.volunteers], [teamB, 1]].sort());
    expect(json(await w.yjAdmin.get(`/api/v1/volunteers/${leagueVol}`)).hours).toBe(json(await w.lmAdmin.get(`/api/v1/volunteers/${leagueVol}`)).hours);
  });

  it('refuses a second join, an unknown volunteer, a member out of reach, both or neither key, a future date and a team out of scope', async () => {
    await expectRefused(() => w.lmAdmin.post(`/api/v1/volunteer-teams/${teamB}/members`, { volunteerNo: 'BF-0002' }), 409, 'VOLUNTEER_ALREADY_IN_TEAM', () => snapshot(t));
    await expectRefused(() => w.lmAdmin.post(`/api/v1/volunteer-teams/${teamB}/members`, { volunteerNo: 'NO-SUCH' }), 404, 'NOT_FOUND', () => snapshot(t));
    // 怡江's member is not 绿梅's to read: as a made-up id
    await expectRefused(() => w.lmAdmin.post(`/api/v1/volunteer-teams/${teamB}/members`, { memberId }), 404, 'NOT_FOUND', () => snapshot(t));
    const both = await expectRefused(() => w.lmAdmin.post(`/api/v1/volunteer-teams/${teamB}/members`, { volunteerNo: 'BF-0001', memberId }), 422, 'VALIDATION_FAILED', () => snapshot(t));
    expect(both.details?.map((d) => d.field)).toEqual(['volunteerNo']);
    await expectRefused(() => w.lmAdmin.post(`/api/v1/volunteer-teams/${teamB}/members`, {}), 422, 'VALIDATION_FAILED', () => snapshot(t));
    await expectRefused(() => w.lmAdmin.post(`/api/v1/volunteer-teams/${teamB}/members`, { volunteerNo: 'BF-0001', joinedOn: '2026-12-01' }), 422, 'VALIDATION_FAILED', () => snapshot(t));
    await expectRefused(() => w.yjAdmin.post(`/api/v1/volunteer-teams/${teamB}/members`, { volunteerNo: 'BF-0001' }), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => w.lmAdmin.post(`/api/v1/volunteer-teams/${uuidv7()}/members`, { volunteerNo: 'BF-0001' }), 404, 'NOT_FOUND', () => snapshot(t));
    // a party member of the team's own region joins by the member record
    const yjTeam2 = json(await w.yjAdmin.post('/api/v1/volunteer-teams', { name: '怡江助老队', orgId: w.org.yj.id })).id;
    const byMember = await w.yjAdmin.post(`/api/v1/volunteer-teams/${yjTeam2}/members`, { memberId });
    expect(byMember.statusCode, byMember.body).toBe(201);
    expect(json(byMember)).toMatchObject({ id: partyVol, memberId });
    // staff of another team only do not manage the entries of this one
    const [entry] = await t.database.query<{ id: string }>(`select id from volunteer_hours where volunteer_id = $1 and team_id = $2`, [leagueVol, teamB]);
    await expectRefused(() => w.yjAdmin.post(`/api/v1/volunteer-hours/${entry!.id}/reverse`, { reason: '越队冲销' }), 404, 'NOT_FOUND', () => snapshot(t));
  });

  it('the team leader records hours for the team\'s volunteers, pending for staff; sees only the team', async () => {
    // partyVol leads the first team (set above); their member record signs in
    const leader = (await make.memberUser(t, w.A.id, memberId)).client;
    const teams = json(await leader.get('/api/v1/volunteer-teams'));
    expect(teams.items.map((x: { id: string; leads: boolean; canManage: boolean }) => [x.id, x.leads, x.canManage])).toEqual([[teamId, true, false]]);
    expect(json(await leader.get(`/api/v1/volunteers?volunteerTeamId=${teamId}`)).items.length).toBeGreaterThan(0);
    await expectRefused(() => leader.get(`/api/v1/volunteers?volunteerTeamId=${teamB}`), 404, 'NOT_FOUND', () => snapshot(t));

    const rec = await leader.post('/api/v1/volunteer-hours', { volunteerId: leagueVol, servedOn: '2026-11-23', hours: 2, description: '助老服务' });
    expect(rec.statusCode, rec.body).toBe(201);
    const entry = json(rec);
    expect(entry).toMatchObject({ status: 'pending', source: 'manual', teamId, approvedBy: null });
    // the leader sees the entries of their team only (not the other team's 3 h)
    const ledger = json(await leader.get(`/api/v1/volunteers/${leagueVol}/hours`));
    expect(ledger.items.every((i: { teamId: string | null }) => i.teamId === teamId || i.teamId === null)).toBe(true);
    expect(ledger.items.some((i: { teamId: string | null }) => i.teamId === teamB)).toBe(false);
    expect(ledger.pendingHours).toBe(2);

    // refusals: a volunteer of another team only, another team of the volunteer, over 24 h a day, zero and negative hours
    const other = json(await w.lmAdmin.post('/api/v1/volunteers', { volunteerTeamId: teamB, name: '周小舟', politicalStatus: 'masses', volunteerNo: 'LM-0001' }));
    await expectRefused(() => leader.post('/api/v1/volunteer-hours', { volunteerId: other.id, servedOn: '2026-11-23', hours: 2, description: '越队' }), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => leader.get(`/api/v1/volunteers/${other.id}`), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => leader.post('/api/v1/volunteer-hours', { volunteerId: leagueVol, volunteerTeamId: teamB, servedOn: '2026-11-23', hours: 2, description: '越队' }), 404, 'NOT_FOUND', () => snapshot(t));
    const over = await expectRefused(() => leader.post('/api/v1/volunteer-hours', { volunteerId: leagueVol, servedOn: '2026-11-20', hours: 1, description: '超时' }), 422, 'VOLUNTEER_HOURS_DAY_LIMIT', () => snapshot(t));
    expect(over.message).toMatch(/24/);
    // the pending 2 h count against the day too
    expect((await w.yjAdmin.post('/api/v1/volunteer-hours', { volunteerId: leagueVol, servedOn: '2026-11-23', hours: 22, description: '整日' })).statusCode).toBe(201);
    await expectRefused(() => leader.post('/api/v1/volunteer-hours', { volunteerId: leagueVol, servedOn: '2026-11-23', hours: 0.5, description: '超时' }), 422, 'VOLUNTEER_HOURS_DAY_LIMIT', () => snapshot(t));
    await expectRefused(() => leader.post('/api/v1/volunteer-hours', { volunteerId: leagueVol, servedOn: '2026-11-22', hours: 0, description: '零' }), 400, 'VALIDATION_FAILED', () => snapshot(t));
    await expectRefused(() => leader.post('/api/v1/volunteer-hours', { volunteerId: leagueVol, servedOn: '2026-11-22', hours: -2, description: '负' }), 400, 'VALIDATION_FAILED', () => snapshot(t));
    await expectRefused(() => leader.post('/api/v1/volunteer-hours', { volunteerId: leagueVol, servedOn: '2026-11-26', hours: 2, description: '未来' }), 422, 'VALIDATION_FAILED', () => snapshot(t));

    // staff of the team confirm; the leader cannot, nor can another team's staff
    await expectRefused(() => leader.post(`/api/v1/volunteer-hours/${entry.id}/approve`), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => w.lmAdmin.post(`/api/v1/volunteer-hours/${entry.id}/approve`), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => leader.post(`/api/v1/volunteer-teams/${teamId}/hours-from-activity`, { activityId: uuidv7() }), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => leader.post('/api/v1/volunteers', { volunteerTeamId: teamId, name: '队长加人', politicalStatus: 'masses', volunteerNo: 'BF-0099' }), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => leader.post(`/api/v1/volunteers/${leagueVol}/certificates`, { from: '2026-01-01', to: '2026-11-25', issuerName: '王', issuerContact: '1' }), 404, 'NOT_FOUND', () => snapshot(t));
    expect(json(await w.yjAdmin.post(`/api/v1/volunteer-hours/${entry.id}/approve`))).toMatchObject({ status: 'approved', teamId });
    // a member who leads no team sees none
    const plain = (await make.memberUser(t, w.A.id, (await make.member(t, w.org.yjb1.id)).id)).client;
    expect(json(await plain.get('/api/v1/volunteer-teams')).items).toEqual([]);
    await expectRefused(() => plain.get(`/api/v1/volunteers?volunteerTeamId=${teamId}`), 404, 'NOT_FOUND', () => snapshot(t));
  });
});
