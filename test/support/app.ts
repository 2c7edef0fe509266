import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/server/app.ts';
import { loadConfig, type Config } from '../../src/server/config.ts';
import type { Database } from '../../src/server/db/client.ts';
import { freshDatabase } from './db.ts';
import { DEMO_NOW, DEMO_PASSWORD, demoDatabase } from './demo.ts';
import * as f from './factories.ts';

export const PASSWORD = DEMO_PASSWORD;

/** A controllable clock: tests move time forward instead of waiting. */
export class Clock {
  t = DEMO_NOW;
  now = () => this.t;
  advance(ms: number) { this.t += ms; }
}

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  config: Config;
  clock: Clock;
  /** signs in and returns a client bound to that session */
  login(username: string, password?: string): Promise<Client>;
  anon: Client;
  /** shorthands for the factories of the same name (test/support/factories.ts) */
  user(opts: f.UserOpts): Promise<f.TestUser>;
  region(name?: string): Promise<f.Region>;
  org(regionId: string, parentId: string | null, name?: string, kind?: string): Promise<f.Org>;
}

type Body = Record<string, unknown> | unknown[] | string | undefined;
export interface Client {
  cookie: string | null;
  get(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  post(url: string, body?: Body, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  put(url: string, body?: Body, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  patch(url: string, body?: Body, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  delete(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

export function client(app: FastifyInstance, cookie: string | null): Client {
  const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: Body, headers: Record<string, string> = {}) =>
    app.inject({
      method, url,
      headers: {
        'x-requested-with': 'XMLHttpRequest', 'accept-language': 'en-US',
        ...(cookie ? { cookie } : {}),
        ...(body !== undefined && typeof body !== 'string' ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      payload: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
  return {
    cookie,
    get: (u, h) => call('GET', u, undefined, h),
    post: (u, b, h) => call('POST', u, b ?? {}, h),
    put: (u, b, h) => call('PUT', u, b ?? {}, h),
    patch: (u, b, h) => call('PATCH', u, b ?? {}, h),
    delete: (u, h) => call('DELETE', u, undefined, h),
  };
}

/** The app on a fresh database of the kind under test, with fixture helpers. */
export async function testApp(overrides: Partial<Config> = {}, database?: Database): Promise<TestApp> {
  database ??= await freshDatabase();
  const config = loadConfig({}, { loginRatePerMinute: 1000, ...overrides });
  const clock = new Clock();
  const app = await buildApp({ database, config, now: clock.now, logger: false });
  await app.ready();

  const t: TestApp = {
    app, database, config, clock,
    anon: client(app, null),
    async login(username, password = PASSWORD) {
      const res = await client(app, null).post('/api/v1/auth/login', { username, password });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      const set = res.cookies.find((c) => c.name === 'lj_sid');
      return client(app, `lj_sid=${set!.value}`);
    },
    user: (opts) => f.user(t, opts),
    region: (name) => f.region(t, name),
    org: (regionId, parentId, name, kind) => f.org(t, regionId, parentId, name, kind),
  };
  return t;
}

/**
 * The app on this file's own copy of the article's demo data (seeded once per run, test/support/demo.ts), at the
 * clock's start; every demo sign-in's password is PASSWORD. `logins`: the sign-ins the seed created.
 */
export async function demoApp(overrides: Partial<Config> = {}): Promise<TestApp & { logins: string[] }> {
  const demo = await demoDatabase();
  return Object.assign(await testApp(overrides, demo.database), { logins: demo.logins });
}

export const json = <T = Record<string, any>>(res: LightMyRequestResponse): T => JSON.parse(res.body) as T;

/**
 * A multipart POST as the web sends an upload: the form's text fields, then `file` (an xlsx unless said otherwise;
 * left out when `content` is null), as the client `c`, answers in `locale` (en-US by default, for readable messages).
 */
export function uploadAs(app: FastifyInstance, c: Client, url: string, fields: Record<string, string>, content: Buffer | null,
  opts: { filename?: string; contentType?: string; locale?: string } = {}) {
  const boundary = `----lj${Math.random().toString(16).slice(2)}`;
  const type = opts.contentType ?? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  const parts: Buffer[] = Object.entries(fields).map(([k, v]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (content) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${opts.filename ?? 'upload.xlsx'}"\r\nContent-Type: ${type}\r\n\r\n`), content, Buffer.from('\r\n'));
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return app.inject({
    method: 'POST', url, payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'x-requested-with': 'XMLHttpRequest', 'accept-language': opts.locale ?? 'en-US', ...(c.cookie ? { cookie: c.cookie } : {}) },
  });
}
