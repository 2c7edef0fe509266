import { beforeAll, describe, expect, it } from 'vitest';
import { json, testApp, type TestApp } from '../../../test/support/app.ts';
import { buildApp } from '../app.ts';
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
