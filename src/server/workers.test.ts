/**
 * Several server processes on one database (docs/scaling.md, "Several processes"). Two real servers (`lianjian
 * start`, each its own process with its own caches) on this file's PostgreSQL database, A and B: what one changes the
 * other honours at once — a revoked grant, a sign-out, the quiz burst's cached attempts. Then the WORKERS=2 launcher
 * itself, and its refusal on the embedded database (which one process owns).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../test/support/app.ts';
import { DB_KIND, freshDatabase } from '../../test/support/db.ts';
import * as make from '../../test/support/factories.ts';
import { freePort } from '../../test/support/net.ts';
import { PASSWORD } from '../../test/support/app.ts';
import { expectRefused, snapshot } from '../../test/support/refused.ts';
import { listeners } from './platform/bus.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin', 'lianjian.mjs');
const PG_ONLY = 'PostgreSQL only: several processes need PostgreSQL (the embedded database is owned by one process)';

interface Server { child: ChildProcess; base: string; out: () => string; exited: Promise<number | null> }

/** `lianjian start` in a process of its own; resolves once it prints "ready". */
function startServer(env: Record<string, string>, port: number): Promise<Server> {
  const child = spawn(process.execPath, [BIN, 'start'], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', ...env },
  });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += String(d);
      if (/ready in \d+ ms/.test(out)) resolve({ child, base: `http://127.0.0.1:${port}`, out: () => out, exited });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => reject(new Error(`server exited ${code} before it was ready:\n${out.slice(-3000)}`)));
  });
}

async function stopServer(s: Server | undefined): Promise<number | null> {
  if (!s) return null;
  if (s.child.exitCode === null) s.child.kill('SIGTERM');
  return s.exited;
}

/** The shape test/support/refused.ts reads (a light-my-request response), from a real HTTP answer. */
interface Res { statusCode: number; body: string }
interface Http { cookie: string; get(u: string): Promise<Res>; post(u: string, b?: unknown): Promise<Res>; put(u: string, b?: unknown): Promise<Res>; delete(u: string): Promise<Res> }

function http(base: string, cookie = ''): Http {
  const call = async (method: string, url: string, body?: unknown): Promise<Res> => {
    const res = await fetch(base + url, {
      method,
      headers: { 'x-requested-with': 'XMLHttpRequest', 'accept-language': 'en-US', ...(cookie ? { cookie } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { statusCode: res.status, body: await res.text() };
  };
  return { cookie, get: (u) => call('GET', u), post: (u, b) => call('POST', u, b ?? {}), put: (u, b) => call('PUT', u, b ?? {}), delete: (u) => call('DELETE', u) };
}

/** Signs in on one server; the session cookie works on any server of the database. */
async function signIn(base: string, username: string): Promise<Http> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST', headers: { 'x-requested-with': 'XMLHttpRequest', 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`sign-in ${username}: ${res.status} ${await res.text()}`);
  const sid = res.headers.getSetCookie().find((c) => c.startsWith('lj_sid='))!.split(';')[0];
  return http(base, sid);
}
const as = (c: Http, base: string) => http(base, c.cookie);
const body = <T = Record<string, any>>(r: Res): T => JSON.parse(r.body) as T;
const iso = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

describe('two server processes on one PostgreSQL database', () => {
  let t: TestApp;
  let url: string;
  let A: Server | undefined;
  let B: Server | undefined;
  let region: make.Region;
  let root: make.TestUser;

  beforeAll(async () => {
    if (DB_KIND !== 'pg') return;
    const database = await freshDatabase();
    const [{ db }] = await database.query<{ db: string }>('select current_database() as db');
    const u = new URL(process.env.TEST_DATABASE_URL!);
    u.pathname = `/${db}`;
    url = u.toString();
    // the data is written in this process (the factories); the servers find a database that is not empty: no demo
    t = await testApp({}, database);
    region = await t.region('多进程街道');
    root = await t.user({ platformAdmin: true });
    [A, B] = await Promise.all([startServer({ DATABASE_URL: url }, await freePort()), startServer({ DATABASE_URL: url }, await freePort())]);
  }, 120_000);
  afterAll(async () => { await Promise.all([stopServer(A), stopServer(B)]); });

  it.skipIf(DB_KIND !== 'pg')(`each process listens for the others' changes (${PG_ONLY})`, async () => {
    expect(A!.child.pid).not.toBe(B!.child.pid);
    expect(A!.out()).toContain('1 worker');
    expect(await listeners(t.database)).toBe(2);
  });

  it.skipIf(DB_KIND !== 'pg')(`a session signed in on A works on B; signed out on A, B refuses it at once (${PG_ONLY})`, async () => {
    const u = await t.user({});
    const onA = await signIn(A!.base, u.username);
    const onB = as(onA, B!.base);
    // B reads it (and caches it)
    expect(body((await onB.get('/api/v1/me'))).user.username).toBe(u.username);
    expect((await onB.get('/api/v1/me')).statusCode).toBe(200);
    expect((await onA.post('/api/v1/auth/logout')).statusCode).toBeLessThan(300);
    await expectRefused(await onB.get('/api/v1/me') as never, 401, 'UNAUTHENTICATED', await snapshot(t));
    await expectRefused(await onA.get('/api/v1/me') as never, 401, 'UNAUTHENTICATED', await snapshot(t));
  });

  it.skipIf(DB_KIND !== 'pg')(`a grant revoked through A is refused at once through B (${PG_ONLY})`, async () => {
    const admin = await make.regionAdmin(t, region.id);
    const rootOnA = await signIn(A!.base, root.username);
    const adminOnB = await signIn(B!.base, admin.username);
    // B has the grant cached, and it works there
    const me = body(await adminOnB.get('/api/v1/me'));
    expect(me.grants.map((g: { role: string }) => g.role)).toEqual(['region_admin']);
    const made = await adminOnB.post('/api/v1/orgs', { parentId: region.rootOrgId, kind: 'branch', name: '撤销前的支部' });
    expect(made.statusCode).toBe(201);
    expect((await rootOnA.delete(`/api/v1/accounts/${admin.id}/grants/${me.grants[0].id}`)).statusCode).toBe(200);
    // the very next request through B: no grant
    await expectRefused(await adminOnB.post('/api/v1/orgs', { parentId: region.rootOrgId, kind: 'branch', name: '撤销后的支部' }) as never,
      404, 'NOT_FOUND', await snapshot(t));
    expect(body(await adminOnB.get('/api/v1/me')).grants).toEqual([]);
  });

  it.skipIf(DB_KIND !== 'pg')(`failed sign-ins lock a username on every process, whether or not it exists (${PG_ONLY})`, async () => {
    const real = await t.user({});
    for (const username of [real.username, `nobody_${Date.now()}`]) {
      const attempt = (base: string) => http(base).post('/api/v1/auth/login', { username, password: 'wrong-password-1' });
      // LOGIN_MAX_FAILURES (5) failures through A lock the name ...
      for (let i = 0; i < 5; i++) expect((await attempt(A!.base)).statusCode).toBe(401);
      // ... and B refuses it as locked at once: a made-up name is no different from a real one
      await expectRefused(await attempt(B!.base) as never, 423, 'ACCOUNT_LOCKED', await snapshot(t));
    }
  });

  it.skipIf(DB_KIND !== 'pg')(`the quiz burst across A and B: each attempt stored once, scored with what was saved on the other process (${PG_ONLY})`, async () => {
    const org = await t.org(region.id, region.rootOrgId, '竞赛支部');
    const memberIds = await make.members(t, org.id, 6);
    const staff = await make.regionAdmin(t, region.id);
    const staffOnA = await signIn(A!.base, staff.username);
    const qs: { id: string; options: string[]; right: number[]; wrong: number[] }[] = [];
    for (const [i, q] of [
      { kind: 'single', stem: '多进程题一', options: ['甲', '乙', '丙'], answer: [0] },
      { kind: 'multiple', stem: '多进程题二', options: ['甲', '乙', '丙', '丁'], answer: [0, 1, 2] },
      { kind: 'truefalse', stem: '多进程题三', options: ['正确', '错误'], answer: [0] },
    ].entries()) {
      const r = await staffOnA.post('/api/v1/questions', { orgId: region.rootOrgId, tags: ['多进程'], ...q });
      expect(r.statusCode, r.body).toBe(201);
      qs.push({ id: body(r).id, options: body(r).options, right: q.answer, wrong: i === 1 ? [3] : [1] });
    }
    const zr = await staffOnA.post('/api/v1/quizzes', {
      orgId: org.id, title: '两个进程的竞赛', opensAt: iso(-5), closesAt: iso(60), mode: 'fixed', questionIds: qs.map((q) => q.id), timeLimitSeconds: 600, attemptsAllowed: 1,
    });
    expect(zr.statusCode, zr.body).toBe(201);
    const quizId = body(zr).id as string;
    const people = await Promise.all(memberIds.map(async (id) => {
      const u = await make.memberUser(t, region.id, id);
      const onA = await signIn(A!.base, u.username);
      return { id, userId: u.id, onA, onB: as(onA, B!.base) };
    }));
    // every start at once on A (its batched path and caches), the first member a second time on B in the same moment
    const [starts, again] = await Promise.all([
      Promise.all(people.map((p) => p.onA.post(`/api/v1/me/quizzes/${quizId}/attempts`))),
      people[0].onB.post(`/api/v1/me/quizzes/${quizId}/attempts`),
    ]);
    for (const s of starts) expect([200, 201], s.body).toContain(s.statusCode);
    const views = starts.map((s) => body(s));
    expect(new Set(views.map((v) => v.id)).size).toBe(people.length);
    expect(body(again).id).toBe(views[0].id);
    /** The bank's option indexes as this attempt shows them (each attempt shuffles them). */
    const shown = (view: Record<string, any>, qi: number, bank: number[]) => {
      const opts: string[] = view.questions.find((x: { id: string }) => x.id === qs[qi].id).options;
      return bank.map((i) => opts.indexOf(qs[qi].options[i])).sort((a, b) => a - b);
    };
    // even members: the last answer saved on B, the rest submitted on A (whose cached attempt no longer matches);
    // odd members: everything wrong, submitted on B (which never saw the attempt)
    await Promise.all(people.map(async (p, i) => {
      if (i % 2) return;
      const r = await p.onB.put(`/api/v1/me/attempts/${views[i].id}/answers`, { questionId: qs[2].id, choice: shown(views[i], 2, qs[2].right) });
      expect(r.statusCode, r.body).toBe(200);
    }));
    const subs = await Promise.all(people.map((p, i) => (i % 2
      ? p.onB.post(`/api/v1/me/attempts/${views[i].id}/submit`, { answers: Object.fromEntries(qs.map((q, qi) => [q.id, shown(views[i], qi, q.wrong)])) })
      : p.onA.post(`/api/v1/me/attempts/${views[i].id}/submit`, { answers: Object.fromEntries(qs.slice(0, 2).map((q, qi) => [q.id, shown(views[i], qi, q.right)])) }))));
    subs.forEach((r, i) => {
      expect(r.statusCode, r.body).toBe(200);
      expect(body(r)).toMatchObject({ id: views[i].id, score: i % 2 ? 0 : 100 });
    });
    // a second submit through the other process is refused, and writes nothing
    const before = await snapshot(t);
    for (const [i, p] of people.entries()) {
      const other = i % 2 ? p.onA : p.onB;
      await expectRefused(await other.post(`/api/v1/me/attempts/${views[i].id}/submit`, { answers: {} }) as never, 409, 'ATTEMPT_CLOSED', before);
    }
    const rows = await t.database.query<{ member_id: string; score: number; submitted_at: Date | null }>(
      'select member_id, score, submitted_at from quiz_attempts where quiz_id = $1', [quizId]);
    expect(rows).toHaveLength(people.length);
    for (const [i, p] of people.entries()) {
      const row = rows.find((x) => x.member_id === p.id);
      expect(row?.score).toBe(i % 2 ? 0 : 100);
      expect(row?.submitted_at).not.toBeNull();
    }
    const audits = await t.database.query<{ action: string; actor_id: string; entity_id: string }>(
      `select action, actor_id, entity_id from audit_log where entity_id = any($1::text[]) order by action`, [`{${views.map((v) => v.id).join(',')}}`]);
    expect(audits).toHaveLength(people.length * 2);
    for (const [i, v] of views.entries()) {
      expect(audits.filter((x) => x.entity_id === v.id).map((x) => [x.action, x.actor_id])).toEqual([['quiz.start', people[i].userId], ['quiz.submit', people[i].userId]]);
    }
  });

  it.skipIf(DB_KIND !== 'pg')(`a job missed while the servers were down runs once when two more processes start together (${PG_ONLY})`, async () => {
    const job = async () => (await t.database.query<{ runs: number; locked_until: Date | null; next_run_at: Date }>(
      `select runs, locked_until, next_run_at from notify_jobs where name = 'reminders.daily'`))[0];
    const before = await job();
    expect(before, 'A and B registered the job').toBeDefined();
    // as if 08:00 had passed with every server down: due, unclaimed
    await t.database.query(`update notify_jobs set next_run_at = now() - interval '1 hour', locked_until = null, locked_by = null where name = 'reminders.daily'`);
    // two processes start at the same moment: each claims the due job at its start (A and B, at their next look)
    const [C, D] = await Promise.all([startServer({ DATABASE_URL: url }, await freePort()), startServer({ DATABASE_URL: url }, await freePort())]);
    try {
      for (let i = 0; i < 300; i++) {
        const j = await job();
        if (j.runs > before.runs && !j.locked_until) break;
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      // a stopping server finishes whatever run it started
      expect(await Promise.all([stopServer(C), stopServer(D)])).toEqual([0, 0]);
    }
    const after = await job();
    expect(after.runs).toBe(before.runs + 1);
    expect(after.locked_until).toBeNull();
    expect(after.next_run_at.getTime()).toBeGreaterThan(Date.now());
  });

  it.skipIf(DB_KIND !== 'pg')(`WORKERS=2 starts two workers on one port, each listening; SIGTERM stops them all (${PG_ONLY})`, async () => {
    const before = await listeners(t.database);
    const port = await freePort();
    const s = await startServer({ DATABASE_URL: url, WORKERS: '2' }, port);
    try {
      expect(s.out()).toMatch(/ready in \d+ ms \(database: postgres, 2 workers, pids \d+ \d+\)/);
      expect(await listeners(t.database)).toBe(before + 2);
      // a session made through the launcher's port works on A, and the other way round
      const u = await t.user({});
      const viaLauncher = await signIn(s.base, u.username);
      expect(body(await as(viaLauncher, A!.base).get('/api/v1/me')).user.username).toBe(u.username);
      const res = await http(s.base).get('/api/health');
      expect(body(res)).toMatchObject({ status: 'ok', database: 'postgres' });
    } finally {
      expect(await stopServer(s)).toBe(0);
    }
    // a backend leaves pg_stat_activity a moment after its client disconnected
    for (let i = 0; i < 50 && await listeners(t.database) !== before; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await listeners(t.database)).toBe(before);
  });
});

describe('WORKERS on the embedded database', () => {
  it('is refused with a clear message and exit code 1, before the data directory is touched', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lj-workers-'));
    try {
      const s = startServer({ DATA_DIR: dir, WORKERS: '2' }, await freePort());
      const err = await s.then(() => null, (e: Error) => e.message);
      expect(err).toMatch(/server exited 1 before it was ready/);
      expect(err).toContain('WORKERS=2 needs PostgreSQL: the embedded database (DATA_DIR) is owned by one process.');
      expect(fs.readdirSync(dir)).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
