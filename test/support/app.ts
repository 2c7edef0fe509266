import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/server/app.ts';
import { loadConfig, type Config } from '../../src/server/config.ts';
import type { Database } from '../../src/server/db/client.ts';
import { regions, orgs } from '../../src/server/modules/directory/schema.ts';
import { hashPassword } from '../../src/server/platform/auth/passwords.ts';
import { uuidv7 } from '../../src/server/platform/ids.ts';
import { createUser, grantRole } from '../../src/server/platform/users.ts';
import type { Role, ScopeKind } from '../../src/shared/roles.ts';
import { freshDatabase } from './db.ts';

export const PASSWORD = 'correct-horse-battery';
let sharedHash: Promise<string> | undefined;

/** A controllable clock: tests move time forward instead of waiting. */
export class Clock {
  t = Date.parse('2026-11-25T02:00:00Z');
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
  user(opts: { username?: string; grants?: { role: Role; scopeKind: ScopeKind; scopeId: string; regionId: string }[]; platformAdmin?: boolean; memberId?: string; memberRegionId?: string }): Promise<{ id: string; username: string; client: Client }>;
  region(name?: string): Promise<{ id: string; rootOrgId: string }>;
  org(regionId: string, parentId: string | null, name?: string, kind?: string): Promise<{ id: string; path: string }>;
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

let counter = 0;

/** The app on a fresh database of the kind under test, with fixture helpers. */
export async function testApp(overrides: Partial<Config> = {}): Promise<TestApp> {
  const database = await freshDatabase();
  const config = loadConfig({}, { loginRatePerMinute: 1000, ...overrides });
  const clock = new Clock();
  const app = await buildApp({ database, config, now: clock.now, logger: false });
  await app.ready();
  const sys = { principal: null, requestId: 'test' };

  const t: TestApp = {
    app, database, config, clock,
    anon: client(app, null),
    async login(username, password = PASSWORD) {
      const res = await client(app, null).post('/api/v1/auth/login', { username, password });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      const set = res.cookies.find((c) => c.name === 'lj_sid');
      return client(app, `lj_sid=${set!.value}`);
    },
    async user(opts) {
      sharedHash ??= hashPassword(PASSWORD);
      const username = opts.username ?? `user${++counter}_${Math.random().toString(36).slice(2, 6)}`;
      const id = await createUser(database.db, sys, {
        username, displayName: username, password: PASSWORD, passwordHash: await sharedHash,
        isPlatformAdmin: opts.platformAdmin, memberId: opts.memberId, memberRegionId: opts.memberRegionId,
      });
      for (const g of opts.grants ?? []) await grantRole(database.db, sys, { userId: id, ...g });
      return { id, username, client: await t.login(username) };
    },
    async region(name = `区域${++counter}`) {
      const id = uuidv7();
      await database.db.insert(regions).values({ id, code: `r${id.slice(-8)}`, name });
      const root = await t.org(id, null, `${name}党工委`, 'committee');
      return { id, rootOrgId: root.id };
    },
    async org(regionId, parentId, name = `组织${++counter}`, kind = 'branch') {
      const id = uuidv7();
      let path = `/${id}/`;
      let depth = 0;
      if (parentId) {
        const [p] = await database.query<{ path: string; depth: number }>('select path, depth from orgs where region_id = $1 and id = $2', [regionId, parentId]);
        path = `${p.path}${id}/`;
        depth = p.depth + 1;
      }
      await database.db.insert(orgs).values({ regionId, id, parentId, kind, name, path, depth });
      return { id, path };
    },
  };
  return t;
}

export const json = <T = Record<string, any>>(res: LightMyRequestResponse): T => JSON.parse(res.body) as T;
