/**
 * API docs generated from the zod schemas (`/api/docs/json`, UI at `/api/docs`), and `/api/health`
 * reporting the database kind and migration version.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { json, testApp, type TestApp } from '../../../test/support/app.ts';
import { DB_KIND } from '../../../test/support/db.ts';
import { apiRoutes, loadOpenApi, type OpenApi, type Operation, type Schema } from '../../../test/support/openapi.ts';
import { MIGRATIONS_DIR } from '../db/client.ts';

let t: TestApp;
let doc: OpenApi;

beforeAll(async () => {
  t = await testApp();
  const res = await t.anon.get('/api/docs/json');
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toMatch(/application\/json/);
  doc = await loadOpenApi(t.app);
});

const op = (p: string, method: string): Operation => {
  const o = doc.paths[p]?.[method];
  if (!o) throw new Error(`${method.toUpperCase()} ${p} is not in the OpenAPI document; paths: ${Object.keys(doc.paths).join(', ')}`);
  return o;
};
const bodySchema = (o: Operation): Schema => {
  const s = o.requestBody?.content['application/json']?.schema;
  if (!s) throw new Error('no application/json request body schema');
  return s;
};

describe('/api/docs/json', () => {
  it('is an OpenAPI 3 document with the session cookie as security scheme', () => {
    expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(doc.info.title).toContain('Lianjian');
    expect(doc.components?.securitySchemes?.session).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'lj_sid' });
  });

  it('describes sign-in, sign-out and change password with their request bodies', () => {
    const login = bodySchema(op('/api/v1/auth/login', 'post'));
    expect(login.type).toBe('object');
    expect(Object.keys(login.properties ?? {}).sort()).toEqual(['password', 'username']);
    expect(login.required?.sort()).toEqual(['password', 'username']);
    expect(login.additionalProperties).toBe(false); // strict: unknown fields are refused
    expect(op('/api/v1/auth/login', 'post').tags).toContain('auth');
    expect(op('/api/v1/auth/logout', 'post').responses['200']).toBeDefined();

    const pw = bodySchema(op('/api/v1/me/password', 'post'));
    expect(pw.properties?.newPassword).toMatchObject({ type: 'string', minLength: 10 });
    expect(pw.required?.sort()).toEqual(['currentPassword', 'newPassword']);
    expect(bodySchema(op('/api/v1/me/locale', 'put')).properties?.locale).toMatchObject({ enum: ['zh-CN', 'en-US'] });
  });

  it('describes /me with its response', () => {
    const me = op('/api/v1/me', 'get');
    const schema = me.responses['200']?.content?.['application/json']?.schema;
    expect(Object.keys(schema?.properties ?? {})).toEqual(expect.arrayContaining(['user', 'grants', 'permissions', 'session']));
  });

  it('describes the audit log and the organisations with their query and body schemas', () => {
    const audit = op('/api/v1/audit', 'get');
    const auditParams = (audit.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
    expect(auditParams).toEqual(expect.arrayContaining(['page', 'pageSize', 'entityType', 'actorId']));

    const list = op('/api/v1/orgs', 'get');
    expect((list.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name)).toEqual(expect.arrayContaining(['page', 'pageSize']));
    const create = bodySchema(op('/api/v1/orgs', 'post'));
    expect(create.type).toBe('object');
    expect(Object.keys(create.properties ?? {})).toEqual(expect.arrayContaining(['name']));
    expect(create.required ?? []).toContain('name');
    const one = op('/api/v1/orgs/{id}', 'get');
    expect(one.parameters?.find((p) => p.in === 'path' && p.name === 'id')?.required).toBe(true);
    expect(op('/api/v1/orgs/{id}', 'patch').requestBody).toBeDefined();
  });

  it('every operation has a tag and a summary', () => {
    const routes = apiRoutes(doc, '/');
    expect(routes.length).toBeGreaterThan(100);
    expect(routes.filter((r) => !r.operation.tags?.length || !r.operation.summary).map((r) => r.name)).toEqual([]);
  });
});

describe('/api/docs', () => {
  it('serves the documentation UI', async () => {
    let res = await t.anon.get('/api/docs');
    for (let hops = 0; hops < 3 && res.statusCode >= 300 && res.statusCode < 400; hops++) {
      const next = new URL(String(res.headers.location), 'http://localhost/api/docs');
      res = await t.anon.get(next.pathname + next.search);
    }
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toMatch(/swagger/i);
  });
});

describe('/api/health', () => {
  it('reports the database kind under test and the newest migration', async () => {
    const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as {
      entries: { idx: number; tag: string }[];
    };
    const newest = [...journal.entries].sort((a, b) => a.idx - b.idx).at(-1)!;
    const res = await t.anon.get('/api/health');
    expect(res.statusCode).toBe(200);
    const body = json(res);
    expect(body.status).toBe('ok');
    expect(body.database).toBe(DB_KIND === 'pg' ? 'postgres' : 'pglite');
    expect(body.migration.applied).toBeGreaterThanOrEqual(1);
    expect(body.migration.applied).toBe(journal.entries.length);
    expect(body.migration.latest).toBe(newest.tag);
  });

  it('needs no session', async () => {
    const res = await t.anon.get('/api/health');
    expect(res.statusCode).toBe(200);
    expect(res.headers['set-cookie']).toBeUndefined();
  });
});
