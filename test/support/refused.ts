/**
 * Refusals: a refused request must answer the right status and error code AND change nothing. "Nothing" is checked
 * on every table of the database (row count and content) including audit_log, from a snapshot taken before the
 * request and compared after it.
 *
 *   const before = await snapshot(t);
 *   const res = await c.post('/api/v1/pledges', body);
 *   await expectRefused(res, 404, 'NOT_FOUND', before);
 *
 * or, letting expectRefused take both snapshots:
 *
 *   await expectRefused(() => c.post('/api/v1/pledges', body), 404, 'NOT_FOUND', () => snapshot(t));
 */
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { Database } from '../../src/server/db/client.ts';
import type { TestApp } from './app.ts';

/** Tables whose rows a request may touch without writing anything: only their row count is compared. */
const COUNT_ONLY = new Set(['sessions']);

export interface Snapshot {
  /** per table: "rows" or "rows:md5-of-content" */
  tables: Record<string, string>;
  /** the same snapshot taken again now (same tables) */
  again(): Promise<Snapshot>;
}

export interface SnapshotOpts {
  /** only these tables (default: every table of the public schema) */
  tables?: string[];
  /** tables left out (e.g. one the refusal legitimately writes to) */
  ignore?: string[];
}

const tableLists = new WeakMap<Database, Promise<string[]>>();

function allTables(database: Database): Promise<string[]> {
  let l = tableLists.get(database);
  if (!l) {
    l = database.query<{ name: string }>(
      `select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
    ).then((rows) => rows.map((r) => r.name));
    tableLists.set(database, l);
  }
  return l;
}

/** Row count and content hash of every table (or the ones named), to compare after a request. */
export async function snapshot(t: TestApp, opts: SnapshotOpts = {}): Promise<Snapshot> {
  const names = (opts.tables ?? await allTables(t.database)).filter((n) => !opts.ignore?.includes(n));
  const parts = names.map((n) => {
    const q = `"${n.replace(/"/g, '""')}"`;
    return COUNT_ONLY.has(n)
      ? `select '${n}' as name, count(*)::int as n, '' as h from ${q}`
      : `select '${n}' as name, count(*)::int as n, md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h from ${q} x`;
  });
  const rows = parts.length ? await t.database.query<{ name: string; n: number; h: string }>(parts.join(' union all ')) : [];
  const tables: Record<string, string> = {};
  for (const r of rows) tables[r.name] = r.h ? `${Number(r.n)}:${r.h}` : String(Number(r.n));
  return { tables, again: () => snapshot(t, { tables: names }) };
}

/** What changed between two snapshots, per table ({} when nothing did). */
export function changes(before: Snapshot, after: Snapshot): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of new Set([...Object.keys(before.tables), ...Object.keys(after.tables)])) {
    const [b, a] = [before.tables[name], after.tables[name]];
    if (b === a) continue;
    const rows = (s: string | undefined) => (s === undefined ? 'absent' : s.split(':')[0]);
    out[name] = rows(b) === rows(a) ? `${rows(b)} rows, content changed` : `${rows(b)} → ${rows(a)} rows`;
  }
  return out;
}

/** Asserts that nothing changed since `before` (or between before and after). */
export async function expectUnchanged(change: Snapshot | { before: Snapshot; after?: Snapshot }): Promise<void> {
  const before = 'before' in change ? change.before : change;
  const after = ('after' in change && change.after) || await before.again();
  expect(changes(before, after), 'tables changed since the snapshot').toEqual({});
}

export interface ApiError { code: string; message: string; details?: { field?: string; message: string; [k: string]: unknown }[] }

type Res = LightMyRequestResponse;

/**
 * Checks a refusal: the status, the error code, the error shape, and that no table (rows or content, audit_log
 * included) changed. `change` is a snapshot taken before the request, `{ before, after }`, or — when `res` is a
 * function making the request — a function taking a snapshot (called before and after). Answers the error body.
 */
export async function expectRefused(
  res: Res | (() => Promise<Res>),
  status: number,
  code: string,
  change: Snapshot | { before: Snapshot; after?: Snapshot } | (() => Promise<Snapshot>),
): Promise<ApiError> {
  let r: Res;
  let before: Snapshot;
  let after: Snapshot | undefined;
  if (typeof change === 'function') {
    if (typeof res !== 'function') throw new Error('expectRefused: pass the request as a function when passing a snapshot function');
    before = await change();
    r = await res();
    after = await change();
  } else {
    r = typeof res === 'function' ? await res() : res;
    before = 'before' in change ? change.before : change;
    after = 'after' in change ? change.after : undefined;
  }
  let body: { error?: ApiError };
  try { body = JSON.parse(r.body) as { error?: ApiError }; } catch { body = {}; }
  expect({ status: r.statusCode, code: body.error?.code }, r.body).toEqual({ status, code });
  expect(typeof body.error?.message === 'string' && body.error.message.length > 0, 'error has a message').toBe(true);
  await expectUnchanged({ before, after });
  return body.error!;
}
