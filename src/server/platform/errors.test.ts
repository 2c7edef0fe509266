import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { json, testApp, type TestApp } from '../../../test/support/app.ts';
import fs from 'node:fs';
import path from 'node:path';
import { buildApp, WEB_DIR } from '../app.ts';
import { loadConfig } from '../config.ts';

let t: TestApp;
let admin: Awaited<ReturnType<TestApp['user']>>;
let region: { id: string; rootOrgId: string };

beforeAll(async () => {
  t = await testApp();
  region = await t.region();
  admin = await t.user({ grants: [{ role: 'region_admin', scopeKind: 'region', scopeId: region.id, regionId: region.id }] });
});

const orgCount = async () => (await t.database.query<{ n: number }>('select count(*)::int as n from orgs'))[0].n;

describe('one error shape for every bad input, nothing written', () => {
  it('malformed JSON → 400 MALFORMED_JSON', async () => {
    const before = await orgCount();
    const res = await admin.client.post('/api/v1/orgs', '{"name": "x",', { 'content-type': 'application/json' });
    expect(res.statusCode).toBe(400);
    expect(json(res)).toEqual({ error: { code: 'MALFORMED_JSON', message: 'The request body is not valid JSON.' } });
    expect(await orgCount()).toBe(before);
  });

  it('a body over 1 MiB → 413 BODY_TOO_LARGE', async () => {
    const before = await orgCount();
    const res = await admin.client.post('/api/v1/orgs', { parentId: region.rootOrgId, kind: 'branch', name: 'x'.repeat(1024 * 1024 + 10) });
    expect(res.statusCode).toBe(413);
    expect(json(res).error.code).toBe('BODY_TOO_LARGE');
    expect(await orgCount()).toBe(before);
  });

  it('wrong types, missing and unknown fields are each named', async () => {
    const before = await orgCount();
    const res = await admin.client.post('/api/v1/orgs', { parentId: 42, name: 7, colour: 'red' });
    expect(res.statusCode).toBe(400);
    const body = json(res);
    expect(body.error.code).toBe('VALIDATION_FAILED');
    const fields = body.error.details.map((d: { field: string }) => d.field).sort();
    expect(fields).toEqual(['colour', 'kind', 'name', 'parentId']);
    const byField = Object.fromEntries(body.error.details.map((d: { field: string; message: string }) => [d.field, d.message]));
    expect(byField.colour).toBe('is not an allowed field');
    expect(byField.kind).toBe('is required');
    expect(byField.name).toMatch(/wrong type/);
    expect(await orgCount()).toBe(before);
  });

  it('answers in the caller’s language', async () => {
    const res = await admin.client.post('/api/v1/orgs', { kind: 'nonsense' }, { 'accept-language': 'zh-CN,zh;q=0.9' });
    expect(res.statusCode).toBe(400);
    expect(json(res).error.message).toBe('提交的数据有误，请检查标出的字段。');
    expect(json(res).error.details.find((d: { field: string }) => d.field === 'name').message).toBe('必填');
    const en = await admin.client.post('/api/v1/orgs', { kind: 'nonsense' }, { 'accept-language': 'en-US,en;q=0.8' });
    expect(json(en).error.message).toBe('The request has invalid fields; see details.');
  });

  it('bad query parameters and path ids are named too', async () => {
    const res = await admin.client.get('/api/v1/orgs?page=zero&bogus=1');
    expect(res.statusCode).toBe(400);
    const fields = json(res).error.details.map((d: { field: string }) => d.field).sort();
    expect(fields).toEqual(['query.bogus', 'query.page']);
    const bad = await admin.client.get('/api/v1/orgs/not-a-uuid');
    expect(bad.statusCode).toBe(400);
    expect(json(bad).error.details[0].field).toBe('params.id');
  });

  it('unknown API route → 404 ROUTE_NOT_FOUND in the error shape', async () => {
    const res = await admin.client.get('/api/v1/nope');
    expect(res.statusCode).toBe(404);
    expect(json(res).error.code).toBe('ROUTE_NOT_FOUND');
  });

  it('text that looks like SQL or HTML is stored and returned verbatim', async () => {
    const name = `<script>alert(1)</script>'; drop table orgs; --`;
    const res = await admin.client.post('/api/v1/orgs', { parentId: region.rootOrgId, kind: 'branch', name });
    expect(res.statusCode).toBe(201);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    const got = json(await admin.client.get(`/api/v1/orgs/${json(res).id}`));
    expect(got.name).toBe(name);
    expect((await t.database.query<{ n: number }>('select count(*)::int as n from orgs')).length).toBe(1);
  });
});

describe('framework errors: the one shape, the caller’s language', () => {
  const shape = (res: LightMyRequestResponse, status: number, code: string, zh: string) => {
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(json(res)).toEqual({ error: { code, message: zh } });
  };
  const zh = { 'accept-language': 'zh-CN' };

  it('a path id over 100 characters → 414 PARAM_TOO_LONG (not FST_ERR_MAX_PARAM_LENGTH)', async () => {
    shape(await admin.client.get(`/api/v1/orgs/${'x'.repeat(150)}`, zh), 414, 'PARAM_TOO_LONG', '路径中的参数过长。');
    const en = await admin.client.patch(`/api/v1/members/${'9'.repeat(101)}`, { name: 'x' });
    expect(json(en)).toEqual({ error: { code: 'PARAM_TOO_LONG', message: 'A parameter in the path is too long.' } });
  });

  it('with the web app built, its pages still answer index.html and the API its own 404 and 414', async () => {
    // the web app's fallback is a not-found handler, not a `/*` route that would swallow the router's 414
    expect(fs.existsSync(path.join(WEB_DIR, 'index.html'))).toBe(true);
    const page = await admin.client.get('/members/some-id');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    shape(await admin.client.get('/api/v1/no-such-route', zh), 404, 'ROUTE_NOT_FOUND', '接口不存在。');
    shape(await admin.client.get(`/api/v1/members/${'7'.repeat(120)}`, zh), 414, 'PARAM_TOO_LONG', '路径中的参数过长。');
    const post = await admin.client.post('/members', {});
    expect(post.statusCode).toBe(404);
  });

  it('a URL with broken percent-encoding → 400 BAD_URL', async () => {
    shape(await admin.client.get('/api/v1/orgs/%E0%A4%A', zh), 400, 'BAD_URL', '请求地址无效。');
  });

  it('bad JSON, an empty JSON body, a wrong content type, a body too large, in zh-CN', async () => {
    const before = await orgCount();
    shape(await admin.client.post('/api/v1/orgs', '{"name": ', { ...zh, 'content-type': 'application/json' }), 400, 'MALFORMED_JSON', '请求体不是有效的 JSON。');
    shape(await admin.client.post('/api/v1/orgs', '', { ...zh, 'content-type': 'application/json' }), 400, 'MALFORMED_JSON', '请求体不是有效的 JSON。');
    shape(await admin.client.post('/api/v1/orgs', '<org/>', { ...zh, 'content-type': 'application/xml' }), 415, 'UNSUPPORTED_MEDIA_TYPE', '不支持的内容类型。');
    shape(await admin.client.put('/api/v1/me/locale', '--x\r\n', { ...zh, 'content-type': 'multipart/form-data; boundary=x' }), 415, 'UNSUPPORTED_MEDIA_TYPE', '不支持的内容类型。');
    shape(await admin.client.post('/api/v1/orgs', { name: 'x'.repeat(1024 * 1024 + 10) }, zh), 413, 'BODY_TOO_LARGE', '请求体过大（上限 1 MiB）。');
    shape(await admin.client.post('/api/v1/orgs', '{"__proto__": {"x": 1}}', { ...zh, 'content-type': 'application/json' }), 400, 'MALFORMED_JSON', '请求体不是有效的 JSON。');
    expect(await orgCount()).toBe(before);
  });

  it('an unknown route and a method a route does not have → 404 ROUTE_NOT_FOUND', async () => {
    shape(await admin.client.get('/api/v1/nope', zh), 404, 'ROUTE_NOT_FOUND', '接口不存在。');
    shape(await admin.client.put('/api/v1/regions', {}, zh), 404, 'ROUTE_NOT_FOUND', '接口不存在。');
    shape(await admin.client.delete('/api/v1/me', zh), 404, 'ROUTE_NOT_FOUND', '接口不存在。');
  });
});

describe('a 500 never shows a stack trace', () => {
  it('answers INTERNAL with a request id and logs it', async () => {
    const logs: string[] = [];
    const app = await buildApp({
      database: t.database, config: loadConfig({}),
      logger: { level: 'error', stream: { write: (s: string) => logs.push(s) } },
    });
    app.get('/api/boom', { config: { public: true } }, async () => { throw new Error('secret internals at /srv/x.ts:42'); });
    app.get('/api/boom-sql', { config: { public: true } }, async () => {
      await t.database.db.execute((await import('drizzle-orm')).sql`select * from no_such_table where id_number = ${'330203199001011234'}`);
    });
    await app.ready();
    const res = await app.inject({ method: 'GET', url: '/api/boom', headers: { 'accept-language': 'en-US' } });
    expect(res.statusCode).toBe(500);
    const body = json(res);
    expect(body.error.code).toBe('INTERNAL');
    expect(res.body).not.toMatch(/secret internals|x\.ts|at /);
    expect(body.error.requestId).toBeTruthy();
    expect(logs.join('')).toContain(body.error.requestId);
    expect(logs.join('')).toContain('secret internals');
    // a failed query's parameters (personal data) never reach the log
    const sqlRes = await app.inject({ method: 'GET', url: '/api/boom-sql' });
    expect(sqlRes.statusCode).toBe(500);
    expect(logs.join('')).toContain('no_such_table');
    expect(logs.join('')).not.toContain('330203199001011234');
    await app.close();
  });
});
