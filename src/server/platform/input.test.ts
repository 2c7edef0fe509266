/**
 * Input the database cannot hold is refused before it reaches it, as a 400 in the error shape naming the field:
 * NUL and unpaired surrogates in any text (body, key, query, path), dates outside 1900-01-01..2200-12-31, page
 * numbers whose offset would overflow, and JSON nested too deep for the code that walks it.
 */
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { json, testApp, type Client, type TestApp } from '../../../test/support/app.ts';
import { apiRoutes, fillPath, loadOpenApi, queryString, sample } from '../../../test/support/openapi.ts';
import { MAX_PAGE } from '../../shared/api.ts';
import { jsonDepth, MAX_JSON_DEPTH, unstorableFields } from './input.ts';

let t: TestApp;
let admin: Client;
let region: { id: string; rootOrgId: string };

beforeAll(async () => {
  t = await testApp();
  region = await t.region();
  admin = (await t.user({ grants: [{ role: 'region_admin', scopeKind: 'region', scopeId: region.id, regionId: region.id }] })).client;
});

const rows = async (table: string) => (await t.database.query<{ n: number }>(`select count(*)::int as n from ${table}`))[0].n;
const fields = (res: LightMyRequestResponse) => (json(res).error.details ?? []).map((d: { field: string }) => d.field);

/** a refusal: the status, the code, the named fields, and no org or audit row written */
async function expectRefused(call: () => Promise<LightMyRequestResponse>, status: number, code: string, named: string[] = []) {
  const before = [await rows('orgs'), await rows('audit_log')];
  const res = await call();
  expect(res.statusCode).toBe(status);
  expect(json(res).error.code).toBe(code);
  for (const f of named) expect(fields(res)).toContain(f);
  expect([await rows('orgs'), await rows('audit_log')]).toEqual(before);
  return res;
}

describe('text PostgreSQL cannot store', () => {
  it('a NUL in a body field is a 400 naming the field, in the caller’s language, and nothing is stored', async () => {
    const res = await expectRefused(() => admin.post('/api/v1/orgs', { parentId: region.rootOrgId, kind: 'branch', name: '第一\u0000支部' }, { 'accept-language': 'zh-CN' }), 400, 'VALIDATION_FAILED', ['name']);
    expect(json(res).error.details.find((d: { field: string }) => d.field === 'name')).toMatchObject({ code: 'invalid_text', message: expect.stringContaining('U+0000') });
    expect(json(res).error.message).toBe('提交的数据有误，请检查标出的字段。');
    const en = await admin.post('/api/v1/orgs', { parentId: region.rootOrgId, kind: 'branch', name: 'a\u0000' });
    expect(json(en).error.details[0].message).toBe('contains a character that cannot be stored (NUL U+0000 or an unpaired surrogate)');
  });

  it('in a nested field, an array item or an object key', async () => {
    const res = await expectRefused(() => admin.post('/api/v1/orgs', { parentId: region.rootOrgId, kind: 'branch', name: 'ok', ['x\u0000']: 1 }), 400, 'VALIDATION_FAILED');
    expect(fields(res)).toEqual(['x\u0000']);
    const project = await admin.post('/api/v1/projects', { title: 't', level: 'branch', orgId: region.rootOrgId, category: 'c', startOn: '2026-01-01', endOn: '2026-12-31', people: ['张三', '李\u0000四'] });
    expect(project.statusCode).toBe(400);
    expect(fields(project)).toEqual(['people.1']);
    expect(await rows('projects')).toBe(0);
  });

  it('at sign-in (the username is looked up), in a query parameter and in a path id', async () => {
    const login = await t.anon.post('/api/v1/auth/login', { username: 'admin\u0000', password: 'whatever-password' });
    expect(login.statusCode).toBe(400);
    expect(fields(login)).toEqual(['username']);
    for (const url of ['/api/v1/orgs?q=%E5%85%9A%00', `/api/v1/members?regionId=${region.id}&q=a%00`, '/api/v1/units?q=%00']) {
      const res = await admin.get(url);
      expect(res.statusCode).toBe(400);
      expect(fields(res)).toEqual(['query.q']);
    }
    const path = await admin.get('/api/v1/orgs/a%00b');
    expect(path.statusCode).toBe(400);
    expect(fields(path)).toEqual(['params.id']);
  });

  it('an unpaired surrogate is refused; a real pair (emoji) and every other character is stored verbatim', async () => {
    await expectRefused(() => admin.post('/api/v1/orgs', { parentId: region.rootOrgId, kind: 'branch', name: 'a\ud800b' }), 400, 'VALIDATION_FAILED', ['name']);
    await expectRefused(() => admin.post('/api/v1/orgs', { parentId: region.rootOrgId, kind: 'branch', name: '\udc00' }), 400, 'VALIDATION_FAILED', ['name']);
    const name = '😀党\u0001支\u001f部\u007f';
    const res = await admin.post('/api/v1/orgs', { parentId: region.rootOrgId, kind: 'branch', name });
    expect(res.statusCode).toBe(201);
    expect(json(await admin.get(`/api/v1/orgs/${json(res).id}`)).name).toBe(name);
  });

  it('unstorableFields walks objects, arrays and keys but not buffers', () => {
    expect(unstorableFields({ a: ['ok', 'x\u0000'], b: { ['k\u0000']: 1 }, c: Buffer.from([0]) }, 'body')).toEqual(['body.a.1', 'body.b.k\u0000']);
    expect(unstorableFields('\u0000')).toEqual(['']);
    expect(unstorableFields({ ok: '👍 fine' })).toEqual([]);
  });
});

describe('dates and timestamps outside 1900-01-01..2200-12-31', () => {
  it('year 0 and year 9999 dates are a 400 naming the field; the bounds themselves are accepted', async () => {
    for (const foundedOn of ['0000-01-01', '9999-12-31', '1899-12-31', '2201-01-01']) {
      const res = await expectRefused(() => admin.post('/api/v1/orgs', { parentId: region.rootOrgId, kind: 'branch', name: `d${foundedOn}`, foundedOn }), 400, 'VALIDATION_FAILED', ['foundedOn']);
      expect(json(res).error.details.find((d: { field: string }) => d.field === 'foundedOn').message).toBe('must be a date between 1900-01-01 and 2200-12-31');
    }
    const zh = await admin.post('/api/v1/orgs', { parentId: region.rootOrgId, kind: 'branch', name: 'zh', foundedOn: '0000-01-01' }, { 'accept-language': 'zh-CN' });
    expect(json(zh).error.details[0].message).toBe('日期应在 1900-01-01 至 2200-12-31 之间');
    for (const foundedOn of ['1900-01-01', '2200-12-31']) {
      const res = await admin.post('/api/v1/orgs', { parentId: region.rootOrgId, kind: 'branch', name: `ok${foundedOn}`, foundedOn });
      expect(res.statusCode).toBe(201);
      expect(json(res).foundedOn).toBe(foundedOn);
    }
  });

  it('timestamps: year 0 (also by its offset), year 9999 are a 400 in a query and in a body', async () => {
    for (const from of ['0000-01-01T00:00:00Z', '0001-01-01T00:00:00+14:00', '9999-12-31T23:59:59Z']) {
      const res = await admin.get(`/api/v1/audit?from=${encodeURIComponent(from)}`);
      expect(res.statusCode).toBe(400);
      expect(fields(res)).toEqual(['query.from']);
    }
    expect((await admin.get(`/api/v1/audit?from=${encodeURIComponent('2200-12-31T23:59:59+08:00')}`)).statusCode).toBe(200);
    expect((await admin.get(`/api/v1/audit?to=${encodeURIComponent('1900-01-01T08:00:00+08:00')}`)).statusCode).toBe(200);
    const activities = await rows('activities');
    const res = await admin.post('/api/v1/activities', { orgId: region.rootOrgId, kind: 'party_lesson', title: 'x', startsAt: '0000-01-01T00:00:00Z', endsAt: '2026-01-01T00:00:00Z' });
    expect(res.statusCode).toBe(400);
    expect(fields(res)).toEqual(['startsAt']);
    expect(await rows('activities')).toBe(activities);
  });
});

describe('page numbers', () => {
  it('every list refuses page=9007199254740991 (the offset would overflow) with a 400 naming query.page', async () => {
    const routes = apiRoutes(await loadOpenApi(t.app)).filter((r) => r.method === 'GET' && r.query.some((p) => p.name === 'page'));
    expect(routes.length).toBeGreaterThan(10);
    for (const r of routes) {
      const q: Record<string, unknown> = { page: '9007199254740991' };
      for (const p of r.query) if (p.required) q[p.name] = p.name === 'regionId' ? region.id : sample(p.schema ?? {}, {}, p.name);
      const res = await admin.get(fillPath(r.path, { id: region.rootOrgId, key: 'cobuild.needsRaised' }) + queryString(q));
      expect([r.name, res.statusCode]).toEqual([r.name, 400]);
      expect([r.name, fields(res)]).toEqual([r.name, ['query.page']]);
      expect(r.query.find((p) => p.name === 'page')!.schema!.maximum).toBe(MAX_PAGE);
    }
  });

  it('the last page there may be answers (empty), however large the page size', async () => {
    for (const url of [`/api/v1/orgs?page=${MAX_PAGE}&pageSize=500`, `/api/v1/members?regionId=${region.id}&page=${MAX_PAGE}&pageSize=500`, `/api/v1/audit?page=${MAX_PAGE}&pageSize=500`]) {
      const res = await admin.get(url);
      expect(res.statusCode).toBe(200);
      expect(json(res)).toMatchObject({ items: [], page: MAX_PAGE });
    }
  });

  it('a pledge year filter beyond an integer is a 400, not a failed query', async () => {
    const res = await admin.get(`/api/v1/pledges?year=9007199254740991`);
    expect(res.statusCode).toBe(400);
    expect(fields(res)).toEqual(['query.year']);
  });
});

describe('JSON nested too deeply', () => {
  it('20,000 levels to the courseware upload route and to any route: 400 JSON_TOO_DEEP, no stack overflow, nothing stored', async () => {
    const deep = '['.repeat(20_000) + ']'.repeat(20_000);
    for (const url of ['/api/v1/courseware/0190b6a0-0000-7000-8000-000000000001/file', '/api/v1/orgs']) {
      const method = url.endsWith('/file') ? 'put' : 'post';
      const res = await expectRefused(() => admin[method](url, deep, { 'content-type': 'application/json' }), 400, 'JSON_TOO_DEEP');
      expect(json(res).error.message).toBe(`The request body is nested too deeply (at most ${MAX_JSON_DEPTH} levels).`);
    }
    const objects = '{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000);
    await expectRefused(() => admin.post('/api/v1/orgs', objects, { 'content-type': 'application/json' }), 400, 'JSON_TOO_DEEP');
  });

  it('nesting up to the limit is parsed (and then validated as usual)', async () => {
    const res = await admin.post('/api/v1/orgs', JSON.stringify({ name: JSON.parse('['.repeat(MAX_JSON_DEPTH - 1) + ']'.repeat(MAX_JSON_DEPTH - 1)) }), { 'content-type': 'application/json' });
    expect(res.statusCode).toBe(400);
    expect(json(res).error.code).toBe('VALIDATION_FAILED');
  });

  it('jsonDepth counts brackets outside strings only', () => {
    expect(jsonDepth('{"a":[1,{"b":2}]}')).toBe(3);
    expect(jsonDepth('"[[[[" ')).toBe(0);
    expect(jsonDepth('{"a\\"[[[":"\\\\"}')).toBe(1);
    expect(jsonDepth('[]')).toBe(1);
  });
});
