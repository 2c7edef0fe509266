import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, testApp, type Client, type TestApp } from '../../../../test/support/app.ts';
import * as f from '../../../../test/support/factories.ts';
import { smtpReceiver, webhookReceiver } from '../../../../test/support/notify-receivers.ts';
import { expectRefused, snapshot } from '../../../../test/support/refused.ts';
import { ctxOf, type Ctx } from '../context.ts';
import type { TodoSource } from '../todos-types.ts';
import { transaction } from '../transaction.ts';
import { writeMessages } from './messages.ts';
import { backoffMs, OutboxDispatcher } from './outbox.ts';
import { sendDailyReminders } from './reminders.ts';
import { Scheduler, type Job } from './scheduler.ts';

const MADE_UP = '01900000-0000-7000-8000-000000000000';
const H = 3600_000;

let t: TestApp;
let ctx: Ctx;
let w: f.World;
/** members of 怡江第一支部 (two with an account), of 绿梅第一支部 (one with an account) */
let yjUsers: f.TestUser[];
let lmUser: f.TestUser;

beforeAll(async () => {
  t = await testApp();
  ctx = ctxOf(t.app.deps);
  w = await f.world(t);
  const yjMembers = await Promise.all([f.member(t, w.org.yjb1.id), f.member(t, w.org.yjb1.id), f.member(t, w.org.yjb1.id)]);
  yjUsers = [await f.memberUser(t, w.A.id, yjMembers[0].id), await f.memberUser(t, w.A.id, yjMembers[1].id)];
  const lm = await f.member(t, w.org.lmb1.id);
  lmUser = await f.memberUser(t, w.A.id, lm.id);
});
afterAll(async () => { await t.app.close(); });

describe('the message centre', () => {
  it('lists my messages newest first, counts the unread, marks one and then all read', async () => {
    const u = await f.user(t, { grants: [{ role: 'org_admin', scopeKind: 'org', scopeId: w.org.lm.id, regionId: w.A.id }] });
    await transaction(t.database.db, (tx) => writeMessages(tx, t.clock.now(), [
      { regionId: w.A.id, userId: u.id, kind: 'notice', title: '第一条', body: '正文', href: '/my' },
    ]));
    t.clock.advance(1000);
    await transaction(t.database.db, (tx) => writeMessages(tx, t.clock.now(), [
      { regionId: w.A.id, userId: u.id, kind: 'reminder', title: '第二条', itemKey: 'x:1:2026-01-01' },
      // the same item key again: not written twice
      { regionId: w.A.id, userId: u.id, kind: 'reminder', title: '第二条', itemKey: 'x:1:2026-01-01' },
    ]));
    expect(json(await u.client.get('/api/v1/messages/unread-count'))).toEqual({ count: 2 });
    const page = json(await u.client.get('/api/v1/messages'));
    expect(page.total).toBe(2);
    expect(page.items.map((m: { title: string }) => m.title)).toEqual(['第二条', '第一条']);
    expect(json(await u.client.get('/api/v1/messages?kind=notice')).items.map((m: { title: string }) => m.title)).toEqual(['第一条']);

    const read = await u.client.post(`/api/v1/messages/${page.items[1].id}/read`);
    expect(read.statusCode).toBe(200);
    expect(json(read).readAt).toBe(new Date(t.clock.now()).toISOString());
    expect(json(await u.client.get('/api/v1/messages/unread-count'))).toEqual({ count: 1 });
    expect(json(await u.client.get('/api/v1/messages?unread=true')).items.map((m: { title: string }) => m.title)).toEqual(['第二条']);
    expect(json(await u.client.post('/api/v1/messages/read-all'))).toEqual({ updated: 1 });
    expect(json(await u.client.get('/api/v1/messages/unread-count'))).toEqual({ count: 0 });

    // someone else's message is the same 404 as a made-up id, and nothing changes
    const other = await f.user(t, {});
    await expectRefused(() => other.client.post(`/api/v1/messages/${page.items[0].id}/read`), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => other.client.post(`/api/v1/messages/${MADE_UP}/read`), 404, 'NOT_FOUND', () => snapshot(t));
    expect(json(await other.client.get('/api/v1/messages')).total).toBe(0);
  });
});

describe('notices', () => {
  it("a secretary notifies the members of the branch's subtree who have an account; the message links the lesson", async () => {
    const activity = f.created<{ id: string }>(await w.yjAdmin.post('/api/v1/activities', {
      kind: 'party_lesson', orgId: w.org.yj.id, title: '微党课：我和党章的故事', startsAt: f.at(t, 60 * 24), endsAt: f.at(t, 60 * 25),
    }), 'activity');
    const res = await w.yjAdmin.post('/api/v1/notices', { orgId: w.org.yj.id, title: '周五党课', body: '请准时参加', activityId: activity.id });
    expect(res.statusCode, res.body).toBe(201);
    const notice = json(res);
    expect(notice).toMatchObject({ recipients: 2, orgName: '怡江社区党委', href: `/my?activity=${activity.id}` });
    for (const u of yjUsers) {
      const items = json(await u.client.get('/api/v1/messages')).items as { title: string; href: string; senderName: string }[];
      expect(items.map((m) => [m.title, m.href])).toEqual([['周五党课', `/my?activity=${activity.id}`]]);
      expect(items[0].senderName).toBeTruthy();
    }
    expect(json(await lmUser.client.get('/api/v1/messages')).total).toBe(0);
    expect(await f.count(t, 'audit_log', `action = 'notice.send' and entity_id = $1`, [notice.id])).toBe(1);
    // the sender sees it among the notices sent in their scope; the other secretary does not
    expect(json(await w.yjAdmin.get('/api/v1/notices')).items.map((n: { id: string }) => n.id)).toContain(notice.id);
    expect(json(await w.lmAdmin.get('/api/v1/notices')).items.map((n: { id: string }) => n.id)).not.toContain(notice.id);
  });

  it('an org out of scope, or an activity the sender may not read, is the same 404 as a made-up id', async () => {
    const body = { orgId: w.org.lm.id, title: '越权通知' };
    await expectRefused(() => w.yjAdmin.post('/api/v1/notices', body), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => w.yjAdmin.post('/api/v1/notices', { ...body, orgId: MADE_UP }), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => w.bAdmin.post('/api/v1/notices', { ...body, orgId: w.org.yj.id }), 404, 'NOT_FOUND', () => snapshot(t));
    const lmActivity = f.created<{ id: string }>(await w.lmAdmin.post('/api/v1/activities', {
      kind: 'party_lesson', orgId: w.org.lm.id, title: '绿梅党课', startsAt: f.at(t, 60), endsAt: f.at(t, 120),
    }), 'activity');
    await expectRefused(() => w.yjAdmin.post('/api/v1/notices', { orgId: w.org.yj.id, title: 'x', activityId: lmActivity.id }), 404, 'NOT_FOUND', () => snapshot(t));
    // a member may not send at all
    await expectRefused(() => yjUsers[0].client.post('/api/v1/notices', { orgId: w.org.yjb1.id, title: 'x' }), 404, 'NOT_FOUND', () => snapshot(t));
  });

  it('a subtree with nobody to receive it is refused', async () => {
    await expectRefused(() => w.admin.post('/api/v1/notices', { orgId: w.org.other.id, title: '无人' }), 422, 'NOTIFY_NO_RECIPIENTS', () => snapshot(t));
  });
});

describe('the scheduler', () => {
  const counter = (name: string, every = H) => {
    const job: Job & { runs: number } = { name, runs: 0, next: (now) => (Math.floor(now / every) + 1) * every, run: async () => { job.runs++; } };
    return job;
  };

  it('of two schedulers on one database, one runs each due job; a run missed while down is made at the next start', async () => {
    const job = counter(`test.count.${Math.random()}`);
    const a = new Scheduler(ctx, { jobs: [job], owner: 'A' });
    const b = new Scheduler(ctx, { jobs: [job], owner: 'B' });
    await a.register();
    await b.register();
    // not due yet
    expect([...await a.tick(), ...await b.tick()]).toEqual([]);
    t.clock.advance(H);
    const runs = (await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()])).flat();
    expect(runs.map((r) => r.status)).toEqual(['ok']);
    expect(job.runs).toBe(1);
    // "down" for three hours: a restarted scheduler runs the missed job once, at once
    t.clock.advance(3 * H);
    const c = new Scheduler(ctx, { jobs: [job], owner: 'C' });
    await c.register();
    expect((await c.tick()).map((r) => r.job)).toEqual([job.name]);
    expect(job.runs).toBe(2);
    expect(await c.tick()).toEqual([]);
    const [row] = await t.database.query<{ runs: number; last_status: string; locked_by: string | null }>('select runs, last_status, locked_by from notify_jobs where name = $1', [job.name]);
    expect(row).toEqual({ runs: 2, last_status: 'ok', locked_by: null });
  });

  it('a lease held by a process that died lapses, and another process runs the job', async () => {
    const job = counter(`test.lease.${Math.random()}`);
    const a = new Scheduler(ctx, { jobs: [{ ...job, leaseMs: 10 * 60_000 }], owner: 'A' });
    const b = new Scheduler(ctx, { jobs: [{ ...job, run: async () => { job.runs++; } }], owner: 'B' });
    await a.register();
    t.clock.advance(H);
    expect(await a.claim({ ...job, leaseMs: 10 * 60_000 })).toBe(true); // A claims, then "dies"
    expect(await b.tick()).toEqual([]);
    t.clock.advance(11 * 60_000);
    expect((await b.tick()).map((r) => r.status)).toEqual(['ok']);
    expect(job.runs).toBe(1);
  });

  it('a failing job is recorded and scheduled again', async () => {
    const name = `test.fail.${Math.random()}`;
    const s = new Scheduler(ctx, { jobs: [{ name, next: (now) => now + H, run: async () => { throw new Error('boom'); } }] });
    await s.register();
    t.clock.advance(H);
    expect(await s.tick()).toEqual([{ job: name, status: 'failed', error: 'boom' }]);
    const [row] = await t.database.query<{ last_status: string; last_error: string; next_run_at: Date }>('select last_status, last_error, next_run_at from notify_jobs where name = $1', [name]);
    expect({ ...row, next_run_at: new Date(row.next_run_at).getTime() }).toEqual({ last_status: 'failed', last_error: 'boom', next_run_at: t.clock.now() + H });
  });
});

describe('the daily reminders', () => {
  it("turn every user's to-do items into messages, never twice for one item on one day", async () => {
    const secretary = await f.orgAdmin(t, w.A.id, w.org.lmb1.id);
    const seen: string[] = [];
    const source: TodoSource = {
      key: 'test.lessons', label: { 'zh-CN': '党课', 'en-US': 'Lessons' },
      // one item for each org the user is granted on (what a real source would answer)
      list: async (_ctx, p) => {
        seen.push(p.id);
        return p.grants.filter((g) => g.scopeKind === 'org' && g.scopeId === w.org.lmb1.id).map((g) => ({
          source: 'test.lessons', id: g.scopeId, title: { 'zh-CN': '本季度党课未开', 'en-US': 'No lesson this quarter' }, href: '/activities/compliance',
          due: '2026-03-31', severity: 'overdue' as const, regionId: g.regionId,
        }));
      },
    };
    const first = await sendDailyReminders(ctx, [source]);
    expect(seen).toContain(secretary.id);
    expect(seen).not.toContain(MADE_UP);
    expect(first.messages).toBe(1);
    const mine = json(await secretary.client.get('/api/v1/messages')).items as { kind: string; title: string; href: string; body: string }[];
    expect(mine.map((m) => [m.kind, m.title, m.href])).toEqual([['reminder', '本季度党课未开', '/activities/compliance']]);
    expect(mine[0].body).toContain('2026-03-31');
    // the same day again: nothing new
    expect((await sendDailyReminders(ctx, [source])).messages).toBe(0);
    // the next day the item still open is reminded again
    t.clock.advance(24 * H);
    expect((await sendDailyReminders(ctx, [source])).messages).toBe(1);
    expect(json(await (await t.login(secretary.username)).get('/api/v1/messages')).total).toBe(2);
  });
});

describe('outbound channels and the outbox', () => {
  // the tests above moved the clock past the world's sessions: fresh sign-ins
  let channelsAdmin: Client;
  let adminB: Client;
  let yjAdmin: Client;
  beforeAll(async () => {
    channelsAdmin = (await f.regionAdmin(t, w.A.id)).client;
    adminB = (await f.regionAdmin(t, w.B.id)).client;
    yjAdmin = (await f.orgAdmin(t, w.A.id, w.org.yj.id)).client;
  });

  it('a region admin configures channels; another region and a secretary get a 404; the SMTP password is never answered', async () => {
    const res = await channelsAdmin.post('/api/v1/notify/channels', {
      regionId: w.A.id, name: '邮件', kind: 'email', kinds: ['notice'],
      email: { host: '127.0.0.1', port: 2525, user: 'u', password: 'secret-pw', from: 'party@example.org', to: ['office@example.org'] },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.body).not.toContain('secret-pw');
    expect(json(res).email).toMatchObject({ hasPassword: true, user: 'u' });
    const id = json(res).id as string;
    const changed = json(await channelsAdmin.patch(`/api/v1/notify/channels/${id}`, { enabled: false, email: { host: '127.0.0.1', port: 2526, from: 'party@example.org', to: ['a@example.org'] } }));
    expect(changed.email).toMatchObject({ port: 2526, hasPassword: true });
    expect(changed.enabled).toBe(false);
    const audits = await t.database.query<{ after: unknown }>(`select after from audit_log where entity_id = $1`, [id]);
    expect(audits.length).toBe(2);
    expect(JSON.stringify(audits)).not.toContain('secret-pw');
    await expectRefused(() => adminB.get(`/api/v1/notify/channels?regionId=${w.A.id}`), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => adminB.patch(`/api/v1/notify/channels/${id}`, { enabled: true }), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => yjAdmin.delete(`/api/v1/notify/channels/${id}`), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => channelsAdmin.delete(`/api/v1/notify/channels/${MADE_UP}`), 404, 'NOT_FOUND', () => snapshot(t));
    await expectRefused(() => channelsAdmin.post('/api/v1/notify/channels', { regionId: w.A.id, name: 'x', kind: 'webhook', kinds: ['notice'] }), 422, 'VALIDATION_FAILED', () => snapshot(t));
    expect(json(await channelsAdmin.delete(`/api/v1/notify/channels/${id}`))).toEqual({ ok: true });
    expect(json(await channelsAdmin.get(`/api/v1/notify/channels?regionId=${w.A.id}`))).toEqual([]);
  });

  it('delivers each letter once to a webhook that fails at first, with backoff; dead after the last attempt; retried by the admin', async () => {
    // the first two requests of each letter fail; letters titled 'never' always fail
    const hook = await webhookReceiver({ fail: (_id, attempt) => attempt <= 2 });
    const C = await f.region(t);
    const cAdmin = await f.regionAdmin(t, C.id);
    const ch = json(await cAdmin.client.post('/api/v1/notify/channels', { regionId: C.id, name: '企业微信群', kind: 'webhook', kinds: ['reminder'], webhook: { url: hook.url } }));
    const users = await Promise.all([1, 2, 3].map(() => f.user(t, {})));
    await transaction(t.database.db, (tx) => writeMessages(tx, t.clock.now(), users.map((u, i) => ({
      regionId: C.id, userId: u.id, kind: 'reminder' as const, title: `提醒${i}`, itemKey: `k:${i}`, userName: u.username,
    }))));
    // a notice is not carried by a channel for reminders
    await transaction(t.database.db, (tx) => writeMessages(tx, t.clock.now(), [{ regionId: C.id, userId: users[0].id, kind: 'notice', title: 'n' }]));
    expect(await f.count(t, 'notify_outbox', 'region_id = $1', [C.id])).toBe(3);

    const o = { baseDelayMs: 60_000, maxDelayMs: 10 * 60_000, maxAttempts: 3 };
    const d = new OutboxDispatcher(ctx, o);
    expect(await d.drain()).toEqual({ claimed: 3, sent: 0, failed: 3, dead: 0 });
    // not due again before the backoff has passed
    expect((await d.drain()).claimed).toBe(0);
    t.clock.advance(backoffMs(1, o));
    expect(await d.drain()).toEqual({ claimed: 3, sent: 0, failed: 3, dead: 0 });
    t.clock.advance(backoffMs(2, o) - 1);
    expect((await d.drain()).claimed).toBe(0);
    t.clock.advance(1);
    expect(await d.drain()).toEqual({ claimed: 3, sent: 3, failed: 0, dead: 0 });
    expect([...hook.accepted.values()]).toEqual([1, 1, 1]);
    const sent = hook.hits.filter((h) => h.status === 200);
    expect(sent.map((h) => h.body.msgtype)).toEqual(['text', 'text', 'text']);
    expect(sent.map((h) => h.body.lianjian.title).sort()).toEqual(['提醒0', '提醒1', '提醒2']);
    expect(sent[0].body.text.content).toContain('→ ');
    t.clock.advance(H);
    expect((await d.drain()).claimed).toBe(0);

    // a letter that always fails goes dead after maxAttempts, is listed, and the admin sends it again
    hook.fail = () => true;
    await transaction(t.database.db, (tx) => writeMessages(tx, t.clock.now(), [{ regionId: C.id, userId: users[1].id, kind: 'reminder', title: 'never', itemKey: 'never' }]));
    for (let i = 0; i < 3; i++) { await d.drain(); t.clock.advance(10 * 60_000); }
    const admin = await t.login(cAdmin.username);
    const adminA = await t.login((await f.regionAdmin(t, w.A.id)).username);
    const dead = json(await admin.get(`/api/v1/notify/outbox?regionId=${C.id}`));
    expect(dead.items.map((x: { title: string; attempts: number; channelName: string }) => [x.title, x.attempts, x.channelName])).toEqual([['never', 3, '企业微信群']]);
    expect(dead.items[0].lastError).toMatch(/HTTP 500/);
    await expectRefused(() => adminA.post(`/api/v1/notify/outbox/${dead.items[0].id}/retry`), 404, 'NOT_FOUND', () => snapshot(t));
    hook.fail = () => false;
    const retried = await admin.post(`/api/v1/notify/outbox/${dead.items[0].id}/retry`);
    expect(json(retried)).toMatchObject({ status: 'pending', attempts: 0 });
    await expectRefused(() => admin.post(`/api/v1/notify/outbox/${dead.items[0].id}/retry`), 409, 'NOTIFY_NOT_DEAD', () => snapshot(t));
    expect((await d.drain()).sent).toBe(1);
    expect(json(await admin.get(`/api/v1/notify/outbox?regionId=${C.id}`)).total).toBe(0);
    expect(json(await admin.get(`/api/v1/notify/outbox?regionId=${C.id}&status=sent`)).total).toBe(4);
    expect(ch.kinds).toEqual(['reminder']);
    await hook.close();
  });

  it("a robot's errcode in a 200 answer is a failure", async () => {
    const hook = await webhookReceiver({ fail: (_id, attempt) => attempt === 1, errcode: true });
    const C = await f.region(t);
    const admin = (await f.regionAdmin(t, C.id)).client;
    f.created(await admin.post('/api/v1/notify/channels', { regionId: C.id, name: '钉钉', kind: 'webhook', kinds: ['reminder'], webhook: { url: hook.url } }), 'channel');
    const u = await f.user(t, {});
    await transaction(t.database.db, (tx) => writeMessages(tx, t.clock.now(), [{ regionId: C.id, userId: u.id, kind: 'reminder', title: 'r', itemKey: 'r' }]));
    const d = new OutboxDispatcher(ctx, { baseDelayMs: 1000 });
    expect(await d.drain()).toMatchObject({ failed: 1, sent: 0 });
    const [row] = await t.database.query<{ last_error: string }>('select last_error from notify_outbox where region_id = $1', [C.id]);
    expect(row.last_error).toMatch(/errcode 45009/);
    t.clock.advance(1000);
    expect(await d.drain()).toMatchObject({ sent: 1 });
    await hook.close();
  });

  it('sends a notice by e-mail over SMTP to the channel recipients, signed in', async () => {
    const smtp = await smtpReceiver({ user: 'mailer', password: 'pw' });
    const C = await f.region(t);
    const org = await f.org(t, C.id, C.rootOrgId, '邮件支部');
    const m = await f.member(t, org.id);
    await f.memberUser(t, C.id, m.id);
    const admin = (await f.regionAdmin(t, C.id)).client;
    f.created(await admin.post('/api/v1/notify/channels', {
      regionId: C.id, name: '办公室邮箱', kind: 'email', kinds: ['notice'],
      email: { host: smtp.host, port: smtp.port, user: 'mailer', password: 'pw', from: 'party@example.org', to: ['office@example.org', 'b@example.org'] },
    }), 'channel');
    f.created(await admin.post('/api/v1/notices', { orgId: org.id, title: 'Branch meeting on Friday', body: 'Room 3' }), 'notice');
    expect(await new OutboxDispatcher(ctx).drain()).toMatchObject({ sent: 1, failed: 0 });
    expect(smtp.mails.length).toBe(1);
    expect(smtp.mails[0]).toMatchObject({ from: 'party@example.org', to: ['office@example.org', 'b@example.org'], user: 'mailer' });
    expect(smtp.mails[0].raw).toContain('Subject: Branch meeting on Friday');
    expect(smtp.mails[0].raw).toContain('Room 3');
    await smtp.close();
  });
});
