import { beforeAll, describe, expect, it } from 'vitest';
import { client, json, PASSWORD, testApp, type TestApp } from '../../../../test/support/app.ts';

let t: TestApp;
beforeAll(async () => { t = await testApp({ loginMaxFailures: 5, loginLockMinutes: 15 }); });

const login = (username: string, password: string, headers: Record<string, string> = {}) =>
  t.anon.post('/api/v1/auth/login', { username, password }, headers);

describe('sign-in', () => {
  it('signs in with the right password, sets an httpOnly SameSite=Lax cookie, and /me answers', async () => {
    const u = await t.user({ username: 'zhangsan' });
    const res = await login('zhangsan', PASSWORD);
    expect(res.statusCode).toBe(200);
    const cookie = res.headers['set-cookie'] as string;
    expect(cookie).toMatch(/^lj_sid=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(json(res).user.username).toBe('zhangsan');
    const me = await u.client.get('/api/v1/me');
    expect(me.statusCode).toBe(200);
    expect(json(me).user.id).toBe(u.id);
    // the server's clock (the web takes today and this year from it, not from the browser's)
    expect(json(me).now).toBe(new Date(t.clock.now()).toISOString());
    t.clock.advance(60_000);
    expect(json(await u.client.get('/api/v1/me')).now).toBe(new Date(t.clock.now()).toISOString());
    // the session is stored hashed: the cookie value is not in the table
    const token = res.cookies.find((c) => c.name === 'lj_sid')!.value;
    const rows = await t.database.query('select id from sessions where id = $1', [token]);
    expect(rows).toHaveLength(0);
  });

  it('usernames are case-insensitive', async () => {
    await t.user({ username: 'LiSi' });
    expect((await login('lisi', PASSWORD)).statusCode).toBe(200);
  });

  it('wrong password and unknown user get the same answer', async () => {
    await t.user({ username: 'wangwu' });
    const wrong = await login('wangwu', 'nope-nope-nope');
    const unknown = await login('nobody-here', 'nope-nope-nope');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(json(wrong)).toEqual(json(unknown));
    expect(json(wrong).error.code).toBe('INVALID_CREDENTIALS');
  });

  it('/me without a session is 401 with the error shape', async () => {
    const res = await t.anon.get('/api/v1/me');
    expect(res.statusCode).toBe(401);
    expect(json(res).error.code).toBe('UNAUTHENTICATED');
  });

  it('logout ends the session', async () => {
    const u = await t.user({});
    expect((await u.client.post('/api/v1/auth/logout')).statusCode).toBe(200);
    expect((await u.client.get('/api/v1/me')).statusCode).toBe(401);
  });
});

describe('lockout', () => {
  it('locks after 5 failures for 15 minutes, even the right password; unlocks after', async () => {
    await t.user({ username: 'locky' });
    for (let i = 0; i < 5; i++) expect((await login('locky', 'bad-password-x')).statusCode).toBe(401);
    const locked = await login('locky', PASSWORD);
    expect(locked.statusCode).toBe(423);
    expect(json(locked).error.code).toBe('ACCOUNT_LOCKED');
    t.clock.advance(14 * 60_000);
    expect((await login('locky', PASSWORD)).statusCode).toBe(423);
    t.clock.advance(61_000);
    expect((await login('locky', PASSWORD)).statusCode).toBe(200);
  });

  it('an unknown username locks the same way (no hint that it does not exist)', async () => {
    for (let i = 0; i < 5; i++) expect((await login('ghost-user', 'bad-password-x')).statusCode).toBe(401);
    expect((await login('ghost-user', 'bad-password-x')).statusCode).toBe(423);
  });

  it('a success resets the failure count', async () => {
    await t.user({ username: 'resetme' });
    for (let i = 0; i < 4; i++) await login('resetme', 'bad-password-x');
    expect((await login('resetme', PASSWORD)).statusCode).toBe(200);
    for (let i = 0; i < 4; i++) await login('resetme', 'bad-password-x');
    expect((await login('resetme', PASSWORD)).statusCode).toBe(200);
  });
});

describe('rate limit per IP', () => {
  it('answers 429 RATE_LIMITED past the per-minute limit', async () => {
    const t2 = await testApp({ loginRatePerMinute: 3 });
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) {
      codes.push((await t2.anon.post('/api/v1/auth/login', { username: 'x', password: 'y' })).statusCode);
    }
    expect(codes.slice(0, 3)).toEqual([401, 401, 401]);
    expect(codes[3]).toBe(429);
    const res = await t2.anon.post('/api/v1/auth/login', { username: 'x', password: 'y' });
    expect(json(res).error.code).toBe('RATE_LIMITED');
  });
});

describe('session expiry', () => {
  it('expires after 2 hours idle', async () => {
    const u = await t.user({});
    t.clock.advance(119 * 60_000);
    expect((await u.client.get('/api/v1/me')).statusCode).toBe(200);
    t.clock.advance(119 * 60_000); // active within the idle window: still valid
    expect((await u.client.get('/api/v1/me')).statusCode).toBe(200);
    t.clock.advance(121 * 60_000);
    expect((await u.client.get('/api/v1/me')).statusCode).toBe(401);
  });

  it('expires 12 hours after sign-in however active', async () => {
    const u = await t.user({});
    for (let i = 0; i < 11; i++) {
      t.clock.advance(60 * 60_000);
      expect((await u.client.get('/api/v1/me')).statusCode).toBe(200);
    }
    t.clock.advance(61 * 60_000);
    expect((await u.client.get('/api/v1/me')).statusCode).toBe(401);
  });
});

describe('CSRF', () => {
  it('a state-changing request without X-Requested-With gets 403 and changes nothing', async () => {
    const u = await t.user({});
    const res = await t.app.inject({
      method: 'PUT', url: '/api/v1/me/locale', headers: { cookie: u.client.cookie!, 'content-type': 'application/json' },
      payload: JSON.stringify({ locale: 'en-US' }),
    });
    expect(res.statusCode).toBe(403);
    expect(json(res).error.code).toBe('CSRF_HEADER_MISSING');
    expect(json(await u.client.get('/api/v1/me')).user.locale).toBeNull();
    const logout = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: u.client.cookie! } });
    expect(logout.statusCode).toBe(403);
    expect((await u.client.get('/api/v1/me')).statusCode).toBe(200);
  });
});

describe('change password', () => {
  it('needs the current password, then the new one works and other sessions end', async () => {
    const u = await t.user({});
    const other = await t.login(u.username);
    const bad = await u.client.post('/api/v1/me/password', { currentPassword: 'wrong-one-xx', newPassword: 'brand-new-password' });
    expect(bad.statusCode).toBe(400);
    expect(json(bad).error.details[0].field).toBe('currentPassword');
    const short = await u.client.post('/api/v1/me/password', { currentPassword: PASSWORD, newPassword: 'short' });
    expect(short.statusCode).toBe(400);
    expect(json(short).error.details[0].field).toBe('newPassword');
    const ok = await u.client.post('/api/v1/me/password', { currentPassword: PASSWORD, newPassword: 'brand-new-password' });
    expect(ok.statusCode).toBe(200);
    expect((await u.client.get('/api/v1/me')).statusCode).toBe(200);
    expect((await other.get('/api/v1/me')).statusCode).toBe(401);
    expect((await login(u.username, PASSWORD)).statusCode).toBe(401);
    expect((await login(u.username, 'brand-new-password')).statusCode).toBe(200);
  });
});

describe('locale', () => {
  it('remembers the language', async () => {
    const u = await t.user({});
    expect((await u.client.put('/api/v1/me/locale', { locale: 'en-US' })).statusCode).toBe(200);
    expect(json(await u.client.get('/api/v1/me')).user.locale).toBe('en-US');
    const bad = await u.client.put('/api/v1/me/locale', { locale: 'fr-FR' });
    expect(bad.statusCode).toBe(400);
  });
  it('an unauthenticated client cannot set it', async () => {
    expect((await client(t.app, null).put('/api/v1/me/locale', { locale: 'en-US' })).statusCode).toBe(401);
  });
});

describe('session cache', () => {
  it('a session signed out while it is being refreshed in the background stays signed out', async () => {
    const u = await t.user({});
    expect((await u.client.get('/api/v1/me')).statusCode).toBe(200);
    t.clock.advance(6_000); // past the 5 s refresh: the next request starts a background read
    const [a, b] = await Promise.all([u.client.get('/api/v1/me'), u.client.post('/api/v1/auth/logout')]);
    expect(a.statusCode).toBe(200);
    expect(b.statusCode).toBe(200);
    await new Promise((r) => setTimeout(r, 50));
    expect((await u.client.get('/api/v1/me')).statusCode).toBe(401);
    t.clock.advance(6_000);
    expect((await u.client.get('/api/v1/me')).statusCode).toBe(401);
  });

  it('a grant removed in the database is seen after the refresh', async () => {
    const region = await t.region();
    const u = await t.user({ grants: [{ role: 'region_admin', scopeKind: 'region', scopeId: region.id, regionId: region.id }] });
    expect((await u.client.get(`/api/v1/orgs/${region.rootOrgId}`)).statusCode).toBe(200);
    await t.database.query('delete from grants where user_id = $1', [u.id]);
    t.clock.advance(6_000);
    await u.client.get('/api/v1/me'); // served from the cache; refreshes in the background
    await new Promise((r) => setTimeout(r, 100));
    expect((await u.client.get(`/api/v1/orgs/${region.rootOrgId}`)).statusCode).toBe(404);
  });

  it('last_seen_at is written back (a minute apart at most), for many sessions in one statement', async () => {
    const users = await Promise.all([t.user({}), t.user({}), t.user({})]);
    await Promise.all(users.map((u) => u.client.get('/api/v1/me')));
    t.clock.advance(61_000);
    await Promise.all(users.map((u) => u.client.get('/api/v1/me')));
    const seen = async () => (await t.database.query<{ last_seen_at: Date | string }>(
      'select s.last_seen_at from sessions s where s.user_id = any($1::uuid[])', [`{${users.map((u) => u.id).join(',')}}`]))
      .map((r) => new Date(r.last_seen_at).getTime());
    await expect.poll(seen).toEqual(users.map(() => t.clock.now()));
  });

  it('sessions read together (one query for many) each get their own user and grants', async () => {
    const regions = await Promise.all([t.region(), t.region(), t.region()]);
    const users = await Promise.all(Array.from({ length: 12 }, (_, i) => {
      const r = regions[i % 3];
      return t.user({ grants: i % 4 === 3 ? [] : [{ role: 'region_admin', scopeKind: 'region', scopeId: r.id, regionId: r.id }] });
    }));
    t.app.deps.sessions.invalidate(); // a cold cache: every request below reads its session
    const mes = await Promise.all(users.map((u) => u.client.get('/api/v1/me')));
    mes.forEach((res, i) => {
      expect(res.statusCode).toBe(200);
      const me = json(res);
      expect(me.user.id).toBe(users[i].id);
      expect(me.user.username).toBe(users[i].username);
      expect(me.grants.map((g: { regionId: string }) => g.regionId)).toEqual(i % 4 === 3 ? [] : [regions[i % 3].id]);
    });
    // and the scope that follows: each reads its own region's root, never another's
    t.app.deps.sessions.invalidate();
    const reads = await Promise.all(users.map((u, i) => u.client.get(`/api/v1/orgs/${regions[(i + 1) % 3].rootOrgId}`)));
    expect(reads.map((r) => r.statusCode)).toEqual(users.map(() => 404));
  });
});
