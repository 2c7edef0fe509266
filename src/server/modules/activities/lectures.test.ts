import { beforeAll, describe, expect, it } from 'vitest';
import { json, testApp, type TestApp } from '../../../../test/support/app.ts';
import { uuidv7 } from '../../platform/ids.ts';
import * as make from '../../../../test/support/factories.ts';

let t: TestApp;
let A: { id: string; rootOrgId: string };
let B: { id: string; rootOrgId: string };
const o: Record<string, { id: string; path: string }> = {};
const m: Record<string, string[]> = {};
let admin: make.TestUser;

beforeAll(async () => {
  t = await testApp();
  A = await t.region('孔浦街道');
  B = await t.region('白峰镇');
  o.street = await t.org(A.id, A.rootOrgId, '街道机关支部');
  o.baihe = await t.org(A.id, A.rootOrgId, '百合青年支部');
  o.wenzhu = await t.org(A.id, A.rootOrgId, '文竹支部');
  m.street = await make.members(t, o.street.id, 3, '讲师');
  m.baihe = await make.members(t, o.baihe.id, 4);
  m.wenzhu = await make.members(t, o.wenzhu.id, 1);
  m.B = await make.members(t, (await t.org(B.id, B.rootOrgId, '白峰支部')).id, 1);
  admin = await make.regionAdmin(t, A.id);
});

describe('lecture team (宣讲团)', () => {
  it('a team with lecturers; a host branch requests; the team schedules; attendees rate; figures', async () => {
    const team = json(await admin.client.post('/api/v1/lecture-teams', { orgId: A.rootOrgId, name: '青春微巡讲团', description: '12 名优秀青年党员' }));
    for (const id of m.street.slice(0, 2)) {
      expect((await admin.client.put(`/api/v1/lecture-teams/${team.id}/lecturers/${id}`, { topics: ['两学一做', '担当精神'] })).statusCode).toBe(200);
    }
    expect((await admin.client.put(`/api/v1/lecture-teams/${team.id}/lecturers/${m.B[0]}`, { topics: [] })).statusCode).toBe(404);
    expect(json(await admin.client.get(`/api/v1/lecture-teams/${team.id}`)).lecturers).toHaveLength(2);

    const secretary = await make.orgAdmin(t, A.id, o.baihe.id);
    const req = await secretary.client.post(`/api/v1/lecture-teams/${team.id}/requests`, { hostOrgId: o.baihe.id, topic: '两学一做', preferredOn: '2026-12-01' });
    expect(req.statusCode).toBe(201);
    const request = json(req);
    // not for another branch, and the secretary cannot schedule
    expect((await secretary.client.post(`/api/v1/lecture-teams/${team.id}/requests`, { hostOrgId: o.wenzhu.id, topic: 'x' })).statusCode).toBe(404);
    const slot = { lecturerMemberId: m.street[0], startsAt: make.at(t, 10), endsAt: make.at(t, 70), place: '百合社区活动室' };
    expect((await secretary.client.post(`/api/v1/lecture-requests/${request.id}/schedule`, slot)).statusCode).toBe(404);
    const notLecturer = await admin.client.post(`/api/v1/lecture-requests/${request.id}/schedule`, { ...slot, lecturerMemberId: m.street[2] });
    expect(notLecturer.statusCode).toBe(422);
    expect(json(notLecturer).error.details[0].field).toBe('lecturerMemberId');
    expect(await t.database.query(`select 1 from activities where kind = 'lecture'`)).toHaveLength(0);
    const scheduled = json(await admin.client.post(`/api/v1/lecture-requests/${request.id}/schedule`, slot));
    expect(scheduled.status).toBe('scheduled');
    expect((await admin.client.post(`/api/v1/lecture-requests/${request.id}/schedule`, slot)).statusCode).toBe(409);
    const lecture = json(await admin.client.get(`/api/v1/activities/${scheduled.activityId}`));
    expect(lecture).toMatchObject({ kind: 'lecture', orgId: o.baihe.id, lecturerMemberId: m.street[0], lectureTeamId: team.id, counts: { expected: 4 } });
    const mine = json<any[]>(await secretary.client.get(`/api/v1/lecture-teams/${team.id}/requests`));
    expect(mine.map((r) => r.id)).toEqual([request.id]);

    // two attendees check in and rate; someone who did not attend cannot rate
    const { code } = json(await admin.client.get(`/api/v1/activities/${lecture.id}/checkin-code`));
    for (const [i, rating] of [[0, 5], [1, 4]] as const) {
      const u = await make.memberUser(t, A.id, m.baihe[i]);
      expect((await u.client.post(`/api/v1/me/activities/${lecture.id}/checkin`, { code })).statusCode).toBe(201);
      expect((await u.client.put(`/api/v1/me/activities/${lecture.id}/rating`, { rating, comment: '生动' })).statusCode).toBe(200);
    }
    const absent = await make.memberUser(t, A.id, m.baihe[2]);
    expect((await absent.client.put(`/api/v1/me/activities/${lecture.id}/rating`, { rating: 1 })).statusCode).toBe(404);
    const u0 = await make.memberUser(t, A.id, m.baihe[0]);
    expect((await u0.client.put(`/api/v1/me/activities/${lecture.id}/rating`, { rating: 6 })).statusCode).toBe(400);

    t.clock.advance(20 * 60_000);
    const fresh = { ...admin, client: await t.login(admin.username) };
    const figures = json(await fresh.client.get(`/api/v1/lecture-teams/${team.id}/figures`));
    expect(figures.lecturers.find((x: { memberId: string }) => x.memberId === m.street[0])).toMatchObject({ lectures: 1, audience: 2, rating: 4.5, ratings: 2 });
    expect(figures.lecturers.find((x: { memberId: string }) => x.memberId === m.street[1])).toMatchObject({ lectures: 0, audience: 0, rating: null });
    expect(figures.branches).toEqual([{ orgId: o.baihe.id, orgName: '百合青年支部', lectures: 1 }]);

    // another region: nothing
    const adminB = await make.regionAdmin(t, B.id);
    expect((await adminB.client.get(`/api/v1/lecture-teams/${team.id}`)).statusCode).toBe(404);
    expect((await adminB.client.get(`/api/v1/lecture-teams/${team.id}/figures`)).statusCode).toBe(404);
    expect((await adminB.client.put(`/api/v1/lecture-teams/${team.id}/lecturers/${m.B[0]}`, { topics: [] })).statusCode).toBe(404);
    expect(json<any[]>(await adminB.client.get('/api/v1/lecture-teams'))).toEqual([]);
    expect((await adminB.client.post(`/api/v1/lecture-requests/${uuidv7()}/decline`)).statusCode).toBe(404);
  });

  it('a request can be declined once', async () => {
    const team = json(await admin.client.post('/api/v1/lecture-teams', { orgId: A.rootOrgId, name: '讲师团二' }));
    const r = json(await admin.client.post(`/api/v1/lecture-teams/${team.id}/requests`, { hostOrgId: o.wenzhu.id, topic: '党章学习' }));
    expect(json(await admin.client.post(`/api/v1/lecture-requests/${r.id}/decline`)).status).toBe('declined');
    expect((await admin.client.post(`/api/v1/lecture-requests/${r.id}/decline`)).statusCode).toBe(409);
    expect((await admin.client.post('/api/v1/lecture-teams', { orgId: A.rootOrgId, name: '讲师团二' })).statusCode).toBe(409);
  });
});
