/**
 * Walking the API from its own OpenAPI document (`/api/docs/json`), for tests that must cover every route —
 * including routes added after the test was written (the fuzz test, the scope walk).
 *
 * - `loadOpenApi(app)` reads the document from the built app;
 * - `apiRoutes(doc)` lists every operation under /api/ with its path parameters, query parameters and JSON body;
 * - `fillPath(route.path, values)` puts values (URL-encoded) into `{param}` placeholders;
 * - `sample(schema, opts)` builds a value that the schema accepts (deterministic for a given `rand`), asking
 *   `opts.value` first so a caller can supply real ids, related dates or anything the schema cannot say.
 */
import type { FastifyInstance } from 'fastify';

export interface Schema {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean' | 'null';
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
  minItems?: number;
  maxItems?: number;
  nullable?: boolean;
  default?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  [k: string]: unknown;
}

export interface Parameter { name: string; in: 'path' | 'query' | 'header' | 'cookie'; required?: boolean; schema?: Schema }

export interface Operation {
  tags?: string[];
  summary?: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
}

export interface OpenApi {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components?: { securitySchemes?: Record<string, unknown> };
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiRoute {
  method: Method;
  /** the OpenAPI path, with `{param}` placeholders */
  path: string;
  operation: Operation;
  pathParams: Parameter[];
  query: Parameter[];
  /** the application/json request body schema, if the route declares one */
  body: Schema | null;
  bodyRequired: boolean;
  /** `METHOD /path` */
  name: string;
}

export async function loadOpenApi(app: FastifyInstance): Promise<OpenApi> {
  const res = await app.inject({ method: 'GET', url: '/api/docs/json' });
  if (res.statusCode !== 200) throw new Error(`/api/docs/json answered ${res.statusCode}`);
  return JSON.parse(res.body) as OpenApi;
}

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

/** Every operation of the document whose path starts with `prefix` (default `/api/`), in document order. */
export function apiRoutes(doc: OpenApi, prefix = '/api/'): ApiRoute[] {
  const out: ApiRoute[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    if (!path.startsWith(prefix)) continue;
    for (const [m, operation] of Object.entries(ops)) {
      if (!METHODS.has(m)) continue;
      const params = operation.parameters ?? [];
      const method = m.toUpperCase() as Method;
      out.push({
        method, path, operation,
        pathParams: params.filter((p) => p.in === 'path'),
        query: params.filter((p) => p.in === 'query'),
        body: operation.requestBody?.content['application/json']?.schema ?? null,
        bodyRequired: operation.requestBody?.required ?? false,
        name: `${method} ${path}`,
      });
    }
  }
  return out;
}

/** The names of a path's `{param}` placeholders, in order. */
export const pathParamNames = (path: string): string[] => [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);

/** Replaces each `{param}` by its value (URL-encoded); a missing value throws. */
export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const v = values[name];
    if (v === undefined) throw new Error(`no value for {${name}} in ${path}`);
    return encodeURIComponent(v);
  });
}

/** The collection a path is about: `/api/v1/orgs/{id}/move` → `orgs`, `/api/v1/me/quizzes/{id}/attempts` → `quizzes`. */
export function collectionOf(path: string): string {
  const parts = path.replace(/^\/api\/v\d+\//, '').split('/');
  const at = parts.findIndex((p) => p.startsWith('{'));
  const before = at < 0 ? parts : parts.slice(0, at);
  return before[before.length - 1] ?? '';
}

/** Builds a query string from a record (values URL-encoded, undefined left out). */
export function queryString(values: Record<string, unknown>): string {
  const parts = Object.entries(values).filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

export interface SampleOptions {
  /** deterministic source of randomness, e.g. seededRandom(1) from src/server/platform/random.ts */
  rand?: () => number;
  /** asked first for every value: return undefined to let the schema decide */
  value?: (name: string, schema: Schema, path: string) => unknown;
  /** also fill optional properties (default: only required ones) */
  optional?: boolean;
  /** the free text used for plain strings (cut to the schema's bounds); default "样例 sample" */
  text?: string;
}

/** A date 'YYYY-MM-DD' and a timestamp used for generated values (within every sane range). */
export const SAMPLE_DATE = '2026-06-15';
export const SAMPLE_DATETIME = '2026-06-15T08:00:00.000Z';

/** A value the schema accepts (as far as the schema can say; business rules are the caller's `value`). */
export function sample(schema: Schema, opts: SampleOptions = {}, name = '', path = ''): unknown {
  const custom = opts.value?.(name, schema, path);
  if (custom !== undefined) return custom;
  const rand = opts.rand ?? Math.random;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum[0];
  const alt = schema.anyOf ?? schema.oneOf;
  if (alt?.length) return sample(alt.find((s) => s.type !== 'null') ?? alt[0], opts, name, path);
  if (schema.allOf?.length) return sample(Object.assign({}, ...schema.allOf) as Schema, opts, name, path);
  switch (schema.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const required = new Set(schema.required ?? []);
      for (const [k, s] of Object.entries(schema.properties ?? {})) {
        if (!required.has(k) && !opts.optional) continue;
        out[k] = sample(s, opts, k, path ? `${path}.${k}` : k);
      }
      return out;
    }
    case 'array': {
      const n = Math.max(schema.minItems ?? 0, schema.items ? 1 : 0);
      const max = schema.maxItems ?? n;
      return Array.from({ length: Math.min(n, max) }, (_, i) => sample(schema.items ?? {}, opts, name, `${path}.${i}`));
    }
    case 'integer': case 'number': {
      const lo = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 0);
      const hi = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : lo + 100);
      let v = lo + Math.floor(rand() * Math.max(1, Math.min(hi - lo, 100)));
      if (schema.multipleOf) v = Math.ceil(v / schema.multipleOf) * schema.multipleOf;
      return Math.min(v, hi);
    }
    case 'boolean': return false;
    case 'null': return null;
    case 'string': default: return sampleString(schema, opts, rand);
  }
}

function sampleString(schema: Schema, opts: SampleOptions, rand: () => number): string {
  switch (schema.format) {
    case 'uuid': return '0190b6a0-0000-7000-8000-' + Math.floor(rand() * 2 ** 40).toString(16).padStart(12, '0');
    case 'date': return SAMPLE_DATE;
    case 'date-time': return SAMPLE_DATETIME;
    case 'uri': case 'url': return 'https://example.org/sample';
    case 'email': return 'sample@example.org';
  }
  if (schema.pattern) {
    const known = KNOWN_PATTERNS[schema.pattern];
    if (known) return known;
    const re = new RegExp(schema.pattern);
    const fits = PATTERN_CANDIDATES.find((c) => re.test(c) && c.length >= (schema.minLength ?? 0) && c.length <= (schema.maxLength ?? Infinity));
    if (fits) return fits;
  }
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? 200;
  let s = opts.text ?? '样例 sample';
  while ([...s].length < min) s += s;
  return [...s].slice(0, Math.max(min, Math.min(max, [...s].length))).join('');
}

/** Tried in order against a pattern that KNOWN_PATTERNS does not name (codes, user names, numbers). */
const PATTERN_CANDIDATES = ['sample_code', 'sample', 'abc', 'a1', 'A1', '2026Q4', '13800138000', '09:00', '1'];

/** Values for the patterns the API uses that no candidate above fits (add one here when a new one appears). */
export const KNOWN_PATTERNS: Record<string, string> = {
  '^\\d{4}Q[1-4]$': '2026Q4',
  '^[a-z][a-z0-9_]{1,39}$': 'sample_code',
  '^1\\d{10}$|^0\\d{2,3}-?\\d{7,8}$': '13800138000',
  '^([01]\\d|2[0-3]):[0-5]\\d$|^24:00$': '09:00',
};
