import { beforeAll, describe, expect, it } from 'vitest';
import { json, testApp, type TestApp } from '../../../../test/support/app.ts';
import * as make from '../../../../test/support/factories.ts';

let t: TestApp;
let A: { id: string; rootOrgId: string };
let branch: { id: string };
let other: { id: string };
let people: string[];
let strangers: string[];

beforeAll(async () => {
  t = await testApp();
  A = await t.region('白峰镇');
  branch = await t.org(A.id, A.rootOrgId, '党员义工服务队');
  other = await t.org(A.id, A.rootOrgId, '宁波港志愿者服务队');
  people = await make.members(t, branch.id, 2);
  strangers = await make.members(t, other.id, 1);
});

describe('a member’s own page', () => {
  it('shows my upcoming and past activities, check-in state, service hours, quizzes and courseware', async () => {
    const admin = await make.regionAdmin(t, A.id);
    const post = async (body: Record<string, unknown>) => json(await admin.client.post('/api/v1/activities', { orgId: branch.id, ...body }));
    const past = await post({ kind: 'volunteer', title: '峰南社区居家养老服务中心义诊', startsAt: make.at(t, -26 * 60), endsAt: make.at(t, -23 * 60) });
    await admin.client.put(`/api/v1/activities/${past.id}/attendees/${people[0]}`, { serviceHours: 3.5 });
    const soon = await post({ kind: 'theme_day', title: '主题党日', startsAt: make.at(t, 10), endsAt: make.at(t, 100) });
    const open = json(await admin.client.post('/api/v1/activities', { orgId: other.id, kind: 'social', title: '联谊会', signupOpen: true, capacity: 74, expectedMemberIds: [], startsAt: make.at(t, 3 * 24 * 60), endsAt: make.at(t, 3 * 24 * 60 + 120) }));
    const closedToMe = json(await admin.client.post('/api/v1/activities', { orgId: other.id, kind: 'party_lesson', title: '别队党课', startsAt: make.at(t, 60), endsAt: make.at(t, 120) }));
    const q = json(await admin.client.post('/api/v1/questions', { orgId: A.rootOrgId, kind: 'truefalse', stem: '党员应当按期交纳党费。', options: ['正确', '错误'], answer: [0] }));
    const quiz = json(await admin.client.post('/api/v1/quizzes', { orgId: A.rootOrgId, title: '党规竞赛', opensAt: make.at(t, -5), closesAt: make.at(t, 600), mode: 'fixed', questionIds: [q.id], timeLimitSeconds: 60 }));
    await admin.client.post('/api/v1/courseware', { orgId: A.rootOrgId, title: '垃圾分类知识', kind: 'link', url: 'https://example.org/laji' });

    const me = await make.memberUser(t, A.id, people[0]);
    const page = json(await me.client.get('/api/v1/me/overview'));
    expect(page.member).toMatchObject({ id: people[0], orgName: '党员义工服务队' });
    expect(page.upcoming.map((x: { id: string }) => x.id)).toEqual([soon.id, open.id]);
    expect(page.upcoming[0]).toMatchObject({ expected: true, checkinOpen: true, checkedInAt: null });
    expect(page.upcoming[1]).toMatchObject({ expected: false, signupOpen: true, signup: null });
    expect(page.upcoming.map((x: { id: string }) => x.id)).not.toContain(closedToMe.id);
    expect(page.past.map((x: { id: string }) => x.id)).toEqual([past.id]);
    expect(page.past[0].serviceHours).toBe(3.5);
    expect(page.serviceHours).toEqual({ total: 3.5, thisYear: 3.5, entries: 1 });
    expect(page.quizzes).toEqual([expect.objectContaining({ quizId: quiz.id, attemptsUsed: 0, bestScore: null, openAttemptId: null })]);
    expect(page.courseware).toEqual({ total: 1, viewed: 0, completed: 0 });
    expect(json<any[]>(await me.client.get('/api/v1/me/service-hours'))).toEqual([expect.objectContaining({ activityId: past.id, hours: 3.5 })]);

    // another member sees only their own
    const them = await make.memberUser(t, A.id, strangers[0]);
    const theirs = json(await them.client.get('/api/v1/me/overview'));
    expect(theirs.serviceHours.total).toBe(0);
    expect(theirs.upcoming.map((x: { id: string }) => x.id)).toEqual([closedToMe.id, open.id]);
    // a user who is not a member has no page
    expect((await admin.client.get('/api/v1/me/overview')).statusCode).toBe(404);
    expect((await t.anon.get('/api/v1/me/overview')).statusCode).toBe(401);
  });

  it('shows my rating of a past lecture I checked in to, once I gave it', async () => {
    const admin = await make.regionAdmin(t, A.id);
    const lecture = json(await admin.client.post('/api/v1/activities', { orgId: branch.id, kind: 'lecture', title: '青春微宣讲', startsAt: make.at(t, -180), endsAt: make.at(t, -120) }));
    expect((await admin.client.post(`/api/v1/activities/${lecture.id}/checkins`, { memberIds: [people[0]] })).statusCode).toBe(201);
    const me = await make.memberUser(t, A.id, people[0]);
    const mine = async () => json(await me.client.get('/api/v1/me/overview')).past.find((x: { id: string }) => x.id === lecture.id);
    expect(await mine()).toMatchObject({ kind: 'lecture', checkedInAt: expect.any(String), rating: null, comment: null });
    expect((await me.client.put(`/api/v1/me/activities/${lecture.id}/rating`, { rating: 4, comment: '讲得生动' })).statusCode).toBe(200);
    expect(await mine()).toMatchObject({ rating: 4, comment: '讲得生动' });
    // someone expected who did not come has no rating to give, and sees none
    const absent = await make.memberUser(t, A.id, people[1]);
    expect((await absent.client.put(`/api/v1/me/activities/${lecture.id}/rating`, { rating: 1 })).statusCode).toBe(404);
    const theirs = json(await absent.client.get('/api/v1/me/overview')).past.find((x: { id: string }) => x.id === lecture.id);
    expect(theirs).toMatchObject({ checkedInAt: null, rating: null, comment: null });
  });
});
