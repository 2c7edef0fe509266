/**
 * The project's own fuzz test: every route of the OpenAPI (read from the built app), signed in as the platform
 * admin over the demo data, gets bad input generated from its own schema — wrong types, boundary values, NUL bytes,
 * huge strings, deep nesting, out-of-range dates, bad multipart, unknown fields, over-long path ids — and must
 * answer every one with a 4xx in the error shape (in the caller's language), never a 5xx; refused requests write
 * no audit row; and free text it accepts comes back verbatim wherever the answer echoes it.
 *
 * Deterministic (seeded) and bounded (see MAX_REQUESTS). A 500 it finds is fixed at its cause.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, PASSWORD, type Client } from '../../../test/support/app.ts';
import { DEMO_NOW, demoDatabase } from '../../../test/support/demo.ts';
import {
  apiRoutes, collectionOf, fillPath, loadOpenApi, pathParamNames, queryString, sample, type ApiRoute, type Schema,
} from '../../../test/support/openapi.ts';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import type { Database } from '../db/client.ts';
import { makeIdNumber } from '../modules/directory/idcard.ts';
import { seededRandom } from './random.ts';

/** the fuzz stops (and fails) beyond this many requests, so a schema explosion cannot make the suite crawl */
const MAX_REQUESTS = 8000; // about 20 a route; 5,000 was passed when the loan fund, joint meetings and duty lists came
const NOW = DEMO_NOW;

let app: FastifyInstance;
let database: Database;
let admin: Client;
const ids: Record<string, string> = {};
/** request id → answer status, for the audit check */
const statusById = new Map<string, number>();
const serverErrors = new Map<string, string>();
let requests = 0;

beforeAll(async () => {
  const t1 = performance.now();
  // the demo as seeded once for the run (test/support/demo.ts), at NOW
  database = (await demoDatabase()).database;
  const config = loadConfig({}, { loginRatePerMinute: 100_000, adminPassword: PASSWORD });
  const t2 = performance.now();
  // errors logged by the server, by request id: a 5xx in the report carries its cause
  const logger = { level: 'error', stream: { write: (line: string) => { const l = JSON.parse(line); if (l.reqId) serverErrors.set(l.reqId, String(l.err?.message ?? l.msg).slice(-200).replace(/\s+/g, " ")); } } };
  app = await buildApp({ database, config, now: () => NOW, logger });
  app.addHook('onResponse', async (req, reply) => { statusById.set(req.id, reply.statusCode); });
  await app.ready();
  const login = await client(app, null).post('/api/v1/auth/login', { username: 'admin', password: PASSWORD });
  expect(login.statusCode).toBe(200);
  admin = client(app, `lj_sid=${login.cookies.find((c) => c.name === 'lj_sid')!.value}`);
  await collectIds();
  console.log(`fuzz setup: the demo database ${Math.round(t2 - t1)} ms, app and ids ${Math.round(performance.now() - t2)} ms`);
}, 600_000);

afterAll(async () => { await app?.close(); });

const body = (res: LightMyRequestResponse): any => { try { return JSON.parse(res.body); } catch { return undefined; } };

/** Real ids from the demo data (孔浦, the 五朵金花 cluster), so generated requests get past "not found". */
async function collectIds() {
  const get = async (url: string) => body(await admin.get(url));
  const regions = (await get('/api/v1/regions')).items as { id: string; code: string }[];
  const region = regions.find((r) => r.code === 'kongpu') ?? regions[0];
  ids.regionId = region.id;
  const first = async (url: string, pick: (x: any) => boolean = () => true) => {
    const b = await get(url);
    const items = (Array.isArray(b) ? b : b?.items ?? []) as any[];
    return items.find(pick) ?? items[0];
  };
  const r = `regionId=${region.id}`;
  const org = await first(`/api/v1/orgs?${r}&pageSize=100`, (o) => o.kind === 'branch');
  ids.orgs = org.id;
  ids.member = (await first(`/api/v1/members?${r}&orgId=${org.id}`))?.id ?? (await first(`/api/v1/members?${r}`)).id;
  ids.members = ids.member;
  const optional: Record<string, string> = {
    units: `/api/v1/units?${r}`, alliances: `/api/v1/alliances?${r}`, contests: `/api/v1/contests?${r}`,
    pledges: `/api/v1/pledges?${r}`, projects: `/api/v1/projects?${r}`, plaques: `/api/v1/plaques?${r}`,
    'plaque-campaigns': `/api/v1/plaque-campaigns?${r}`, activities: `/api/v1/activities?${r}`,
    'activity-series': `/api/v1/activity-series?${r}`, questions: `/api/v1/questions?${r}`, quizzes: `/api/v1/quizzes?${r}`,
    'lecture-teams': `/api/v1/lecture-teams?${r}`, courseware: `/api/v1/courseware?${r}`, 'pledge-categories': `/api/v1/pledge-categories?${r}`,
  };
  for (const [k, url] of Object.entries(optional)) {
    const x = await first(url);
    if (x?.id) ids[k] = x.id;
  }
  if (ids.contests) {
    const c = await get(`/api/v1/contests/${ids.contests}`);
    ids.entryId = c?.entries?.[0]?.id ?? c?.entries?.[0]?.projectId;
    ids.criterionId = c?.criteria?.[0]?.id ?? c?.rubric?.criteria?.[0]?.id;
  }
  if (ids.projects) {
    const p = await get(`/api/v1/projects/${ids.projects}`);
    ids.milestoneId = p?.milestones?.[0]?.id;
    if (p?.reports?.[0]?.id) ids['project-reports'] = p.reports[0].id;
  }
  if (ids.plaques) ids.token = (await get(`/api/v1/plaques/${ids.plaques}`))?.token;
  // another user than the admin the fuzz signs in as (a disable or password reset must not end its own session)
  ids.userId = (await database.query<{ id: string }>(`select id from users where username = 'judge'`))[0].id;
}

/** ids by field name (body and query); a uuid field with no real id gets a made-up one from the schema */
const ID_FIELDS: Record<string, string> = {
  regionId: 'regionId', orgId: 'orgs', parentId: 'orgs', hostOrgId: 'orgs', toOrgId: 'orgs', leadOrgId: 'orgs', defaultOrgId: 'orgs',
  orgIds: 'orgs', memberId: 'member', memberIds: 'member', expectedMemberIds: 'member', lecturerMemberId: 'member',
  unitId: 'units', unitIds: 'units', allianceId: 'alliances', projectIds: 'projects', projectId: 'projects',
  questionIds: 'questions', questionId: 'questions', seriesId: 'activity-series', campaignId: 'plaque-campaigns',
  lectureTeamId: 'lecture-teams', teamId: 'lecture-teams', milestoneId: 'milestoneId', criterionId: 'criterionId', userId: 'userId',
  entryId: 'entryId', quizId: 'quizzes', activityId: 'activities', categoryId: 'pledge-categories',
};

/** dates and times that agree with each other (a start before its end) and with the demo clock */
function timeFor(name: string, schema: Schema): string | undefined {
  const later = /(end|close|due|to$|until|done)/i.test(name);
  if (schema.format === 'date-time') {
    if (/checkin/i.test(name)) return later ? '2026-11-26T04:00:00.000Z' : '2026-11-26T00:30:00.000Z';
    return later ? '2026-11-26T03:00:00.000Z' : '2026-11-26T01:00:00.000Z';
  }
  if (schema.format === 'date') {
    if (/birth/i.test(name)) return '1980-05-01';
    return later ? '2026-12-31' : '2026-01-01';
  }
  return undefined;
}

/** free text that must survive storage unchanged: markup, quotes, SQL, backslash, CJK, emoji, a combining mark */
const TRICKY = '<b>"引号"</b>\';--\\😀é&amp;';

function valueFor(name: string, schema: Schema): unknown {
  const key = ID_FIELDS[name];
  if (key && schema.format === 'uuid') return ids[key];
  if (key && schema.type === 'array' && schema.items?.format === 'uuid' && ids[key]) return [ids[key]];
  if (name === 'idNumber') return makeIdNumber('330205', '1980-05-01', 'M', 17);
  if (name === 'gender' && schema.enum?.includes('M')) return 'M';
  return timeFor(name, schema);
}

const rand = seededRandom(20261201);
const opts = (optional: boolean, text?: string) => ({ rand, optional, text, value: (n: string, s: Schema) => valueFor(n, s) });

interface Leaf { path: (string | number)[]; schema: Schema; name: string }

/** The leaves of a sample value with their schemas (for per-field mutations). */
function leaves(schema: Schema, value: unknown, path: (string | number)[] = [], name = ''): Leaf[] {
  if (schema.type === 'object' && value && typeof value === 'object' && !Array.isArray(value)) {
    return Object.entries(schema.properties ?? {}).flatMap(([k, s]) => k in (value as object) ? leaves(s, (value as any)[k], [...path, k], k) : []);
  }
  if (schema.type === 'array' && Array.isArray(value)) {
    return value.length && schema.items ? leaves(schema.items, value[0], [...path, 0], name) : [];
  }
  return [{ path, schema, name }];
}

function setAt(target: any, full: any, path: (string | number)[], v: unknown): any {
  const out = structuredClone(target);
  let cur = out; let src = full;
  for (let i = 0; i < path.length - 1; i++) {
    const k = path[i];
    src = src?.[k];
    if (cur[k] === undefined || cur[k] === null) cur[k] = structuredClone(src);
    cur = cur[k];
  }
  cur[path[path.length - 1]] = v;
  return out;
}

const isFreeText = (s: Schema) => (s.type === 'string' || s.type === undefined) && !s.format && !s.pattern && !s.enum;

interface Failure { route: string; case: string; status: number; why: string; sent?: string; got?: string }
const failures: Failure[] = [];
const stats = { routes: 0, ok2xx: 0, baseline2xx: 0, baselines: 0 };

const ZH = /[\u4e00-\u9fff]/;

function check(route: ApiRoute, kase: string, res: LightMyRequestResponse, locale: 'zh-CN' | 'en-US', sent: unknown, expect4xx: boolean, field?: string) {
  const fail = (why: string) => failures.push({
    route: route.name, case: kase, status: res.statusCode, why,
    sent: typeof sent === 'string' ? sent.slice(0, 200) : JSON.stringify(sent)?.slice(0, 300), got: res.body.slice(0, 300),
  });
  if (res.statusCode >= 500) return fail(`5xx: ${serverErrors.get(body(res)?.error?.requestId) ?? '?'}`);
  if (res.statusCode < 400) {
    stats.ok2xx++;
    if (expect4xx) fail('accepted bad input');
    return;
  }
  const b = body(res);
  const e = b?.error;
  if (!/application\/json/.test(String(res.headers['content-type'])) || !e || typeof e.code !== 'string' || typeof e.message !== 'string'
      || !e.message || Object.keys(b).length !== 1) return fail('not the error shape');
  if (!/^[A-Z][A-Z0-9_]*$/.test(e.code) || e.code.startsWith('FST_')) return fail(`framework error code ${e.code}`);
  if (e.details !== undefined && (!Array.isArray(e.details) || e.details.some((d: any) => typeof d?.message !== 'string'))) return fail('details off the shape');
  if (locale === 'zh-CN' && !ZH.test(e.message)) return fail(`message not in zh-CN: ${e.message}`);
  if (field && !(e.details ?? []).some((d: any) => d.field === field)) return fail(`details do not name ${field}`);
}

/** text sent in `sent` that the answer echoes under the same path must come back unchanged */
function checkEcho(route: ApiRoute, sent: any, got: any, path: string[] = []) {
  if (typeof sent === 'string') {
    if (typeof got === 'string' && sent.includes(TRICKY.slice(0, 3)) && got !== sent) {
      failures.push({ route: route.name, case: 'echo', status: 200, why: `${path.join('.')} came back changed`, sent, got });
    }
    return;
  }
  if (sent && typeof sent === 'object' && got && typeof got === 'object') {
    for (const [k, v] of Object.entries(sent)) checkEcho(route, v, (got as any)[k], [...path, k]);
  }
}

let turn = 0;
async function send(route: ApiRoute, url: string, payload: unknown, headers: Record<string, string> = {}): Promise<{ res: LightMyRequestResponse; locale: 'zh-CN' | 'en-US' }> {
  if (++requests > MAX_REQUESTS) throw new Error(`the fuzz needs more than ${MAX_REQUESTS} requests`);
  const locale = turn++ % 2 ? 'en-US' : 'zh-CN';
  const h = { 'accept-language': locale, ...headers };
  const res = route.method === 'GET' || route.method === 'DELETE'
    ? await (route.method === 'GET' ? admin.get(url, h) : admin.delete(url, h))
    : await admin[route.method.toLowerCase() as 'post' | 'put' | 'patch'](url, payload as never, h);
  return { res, locale };
}

function pathValues(route: ApiRoute): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of pathParamNames(route.path)) {
    if (n === 'id') out[n] = ids[collectionOf(route.path)] ?? '0190b6a0-0000-7000-8000-00000000dead';
    else out[n] = ids[ID_FIELDS[n] ?? n] ?? ids[n] ?? '0190b6a0-0000-7000-8000-00000000beef';
  }
  return out;
}

const BAD_DATES: Record<string, string[]> = {
  date: ['0000-01-01', '9999-12-31', '1899-12-31'],
  'date-time': ['0000-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '0001-01-01T00:00:00+14:00'],
};

function wrongType(s: Schema): unknown {
  switch (s.type) {
    case 'string': return 12345;
    case 'integer': case 'number': return 'abc';
    case 'boolean': return 'yes';
    case 'array': return { not: 'an array' };
    case 'object': return ['not', 'an', 'object'];
    default: return { unexpected: true };
  }
}

function boundary(schema: Schema, high: boolean): unknown {
  return sample(schema, {
    rand, optional: true,
    value: (n, s) => {
      const v = valueFor(n, s);
      if (v !== undefined) return v;
      if ((s.type === 'integer' || s.type === 'number') && !s.enum) {
        const lo = s.minimum ?? -(2 ** 31); const hi = s.maximum ?? 2 ** 31;
        return high ? hi : lo;
      }
      if (isFreeText(s) && s.type === 'string') return high ? '长'.repeat(s.maxLength ?? 5000) : 'x'.repeat(s.minLength ?? 0);
      if (s.type === 'array' && high && s.maxItems && s.items && !(s.items.format === 'uuid')) {
        return Array.from({ length: s.maxItems }, (_, i) => sample(s.items!, { rand, optional: true, value: (nn, ss) => valueFor(nn, ss) }, n, String(i)));
      }
      return undefined;
    },
  });
}

function deep(n: number): string { return '['.repeat(n) + ']'.repeat(n); }

async function fuzzRoute(route: ApiRoute) {
  stats.routes++;
  const pv = pathValues(route);
  const url = fillPath(route.path, pv);
  const queryBase: Record<string, unknown> = {};
  for (const p of route.query) if (p.required) queryBase[p.name] = sample(p.schema ?? {}, opts(false), p.name);
  const qurl = (q: Record<string, unknown>) => url + queryString(q);
  const hasBody = route.method !== 'GET' && route.method !== 'DELETE';
  const base = route.body ? sample(route.body, opts(false)) : undefined;
  const full = route.body ? sample(route.body, opts(true, TRICKY)) : undefined;
  const payloadOf = (b: unknown) => (b === undefined ? {} : b);

  // path ids: too long, NUL, not an id
  for (const n of pathParamNames(route.path)) {
    for (const [kase, v] of [['path id too long', 'x'.repeat(150)], ['path NUL', 'a\u0000b'], ['path not an id', 'not-an-id']] as const) {
      const u = fillPath(route.path, { ...pv, [n]: v }) + queryString(queryBase);
      const { res, locale } = await send(route, u, payloadOf(base));
      check(route, `${kase} (${n})`, res, locale, u, false);
    }
  }
  // query parameters: NUL, wrong type, huge numbers, bad dates, unknown
  for (const p of route.query) {
    const s = p.schema ?? {};
    const bad: [string, string, boolean][] = [['query NUL', 'a\u0000b', true], ['query huge text', 'q'.repeat(5000), false]];
    if (s.type === 'integer' || s.type === 'number') bad.push(['query max safe int', '9007199254740991', false], ['query 1e400', '1e400', true], ['query -1', '-1', false]);
    for (const d of BAD_DATES[s.format ?? ''] ?? []) bad.push([`query bad date ${d}`, d, true]);
    for (const [kase, v, must] of bad) {
      const { res, locale } = await send(route, qurl({ ...queryBase, [p.name]: v }), payloadOf(base));
      check(route, `${kase} (${p.name})`, res, locale, v, must, must ? `query.${p.name}` : undefined);
    }
  }
  {
    const { res, locale } = await send(route, qurl({ ...queryBase, bogusParam: 'x' }), payloadOf(base));
    check(route, 'unknown query parameter', res, locale, 'bogusParam', false);
  }
  if (hasBody) {
    // framework-level: malformed JSON, deep nesting, wrong content type, bad multipart
    const framework: [string, string, Record<string, string>][] = [
      ['malformed JSON', '{"a": ', { 'content-type': 'application/json' }],
      ['deep JSON array', deep(20_000), { 'content-type': 'application/json' }],
      ['deep JSON object', '{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000), { 'content-type': 'application/json' }],
      ['text/plain', 'hello', { 'content-type': 'text/plain' }],
      ['multipart without boundary', '--x\r\n\r\n', { 'content-type': 'multipart/form-data' }],
      ['multipart unterminated', '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n\x89PNG\r\n\x1a\n', { 'content-type': 'multipart/form-data; boundary=XyZ' }],
      ['multipart empty', '', { 'content-type': 'multipart/form-data; boundary=XyZ' }],
      ['multipart field only, NUL name', '--XyZ\r\nContent-Disposition: form-data; name="mo\u0000de"\r\n\r\ncheck\r\n--XyZ--\r\n', { 'content-type': 'multipart/form-data; boundary=XyZ' }],
    ];
    for (const [kase, payload, headers] of framework) {
      const { res, locale } = await send(route, qurl(queryBase), payload, headers);
      check(route, kase, res, locale, payload.slice(0, 80), false);
    }
  }
  if (route.body && base !== undefined) {
    const bodyLeaves = leaves(route.body, full);
    // NUL in every text field (and in object keys)
    for (const leaf of bodyLeaves) {
      if (leaf.schema.type !== 'string' && leaf.schema.type !== undefined) continue;
      const b = setAt(base, full, leaf.path, 'a\u0000b');
      const { res, locale } = await send(route, qurl(queryBase), b);
      check(route, `NUL in ${leaf.path.join('.')}`, res, locale, b, true, leaf.path.join('.'));
    }
    // out-of-range dates
    for (const leaf of bodyLeaves) {
      for (const d of BAD_DATES[leaf.schema.format ?? ''] ?? []) {
        const b = setAt(base, full, leaf.path, d);
        const { res, locale } = await send(route, qurl(queryBase), b);
        check(route, `bad date ${d} in ${leaf.path.join('.')}`, res, locale, b, true, leaf.path.join('.'));
      }
    }
    const cases: [string, unknown, boolean][] = [
      ['unknown field', { ...(base as object), bogusField: 1 }, true],
      ['NUL in a key', { ...(base as object), ['k\u0000']: 1 }, true],
      ['wrong types', Object.fromEntries(Object.entries(route.body.properties ?? {}).map(([k, s]) => [k, wrongType(s)])), true],
      ['huge strings', sample(route.body, { ...opts(true), value: (n, s) => valueFor(n, s) ?? (isFreeText(s) && s.type === 'string' ? 'h'.repeat(100_000) : undefined) }), false],
      ['lone surrogate', sample(route.body, { ...opts(true), value: (n, s) => valueFor(n, s) ?? (isFreeText(s) && s.type === 'string' ? 'a\ud800b' : undefined) }), false],
      ['all at maximum', boundary(route.body, true), false],
      ['all at minimum', boundary(route.body, false), false],
      ['an array body', [base], true],
      ['null body', null, true],
    ];
    for (const [kase, b, must] of cases) {
      const { res, locale } = await send(route, qurl(queryBase), b === null ? 'null' : b, b === null ? { 'content-type': 'application/json' } : {});
      check(route, kase, res, locale, b, must);
    }
    // the full body with tricky text: accepted or refused, never a 500; what is accepted is echoed verbatim
    {
      const { res, locale } = await send(route, qurl(queryBase), full);
      check(route, 'full body, tricky text', res, locale, full, false);
      if (res.statusCode < 300) checkEcho(route, full, body(res));
    }
  }
  // the baseline last (it may close, delete or publish what the cases above used)
  {
    stats.baselines++;
    const { res, locale } = await send(route, qurl(queryBase), hasBody ? payloadOf(base) : undefined);
    check(route, 'baseline', res, locale, base, false);
    if (res.statusCode < 300) stats.baseline2xx++;
  }
}

const order = (r: ApiRoute) => (r.path === '/api/v1/auth/logout' ? 3 : r.method === 'DELETE' ? 2 : /(close|publish|revoke|archive|decline)$/.test(r.path) ? 1 : 0);

describe('fuzz: every route of the OpenAPI with bad input', () => {
  it('answers every request with a 4xx in the error shape or a success, never a 5xx; accepted text is echoed verbatim', async () => {
    const doc = await loadOpenApi(app);
    const routes = apiRoutes(doc, '/').filter((r) => !r.path.startsWith('/api/docs')).sort((a, b) => order(a) - order(b));
    expect(routes.length).toBeGreaterThan(100);
    const auditBefore = (await database.query<{ n: number }>('select count(*)::int as n from audit_log'))[0].n;
    const timing: [string, number][] = [];
    for (const route of routes) { const t0 = performance.now(); await fuzzRoute(route); timing.push([route.name, Math.round(performance.now() - t0)]); }
    if (process.env.FUZZ_REPORT) (await import('node:fs')).writeFileSync(process.env.FUZZ_REPORT + '.timing', JSON.stringify(timing.sort((a, b) => b[1] - a[1])));
    // refused requests leave no audit row
    const refused = [...statusById].filter(([, s]) => s >= 400).map(([id]) => id);
    const audited = await database.query<{ action: string; request_id: string }>(
      'select action, request_id from audit_log where request_id = any($1::text[])', [refused]);
    for (const a of audited) failures.push({ route: '?', case: 'audit', status: statusById.get(a.request_id)!, why: `refused request wrote audit ${a.action}` });
    const auditAfter = (await database.query<{ n: number }>('select count(*)::int as n from audit_log'))[0].n;
    // every entity id the code wrote can be looked up on the audit page
    const entityIdMax = doc.paths['/api/v1/audit'].get.parameters!.find((p) => p.name === 'entityId')!.schema!.maxLength!;
    const [{ longest }] = await database.query<{ longest: number }>('select max(length(entity_id))::int as longest from audit_log');
    expect(longest).toBeLessThanOrEqual(entityIdMax);
    console.log(`fuzz: ${stats.routes} routes, ${requests} requests, ${stats.ok2xx} answered 2xx/3xx (${stats.baseline2xx}/${stats.baselines} baselines), ${auditAfter - auditBefore} audit rows`);
    if (process.env.FUZZ_REPORT) (await import('node:fs')).writeFileSync(process.env.FUZZ_REPORT, JSON.stringify(failures, null, 1));
    expect(failures.slice(0, 60)).toEqual([]);
    expect(failures.length).toBe(0);
    // the fuzz reached the handlers, not only the validators
    expect(stats.baseline2xx).toBeGreaterThan(stats.baselines / 3);
  }, 600_000);
});
