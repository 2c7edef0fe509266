import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { freshDatabase, ON_CITUS } from '../../../test/support/db.ts';
import type { Database } from './client.ts';
import { CitusMissing, citusCli, distribute, distributionPlan } from './citus.ts';

let database: Database;
beforeAll(async () => { database = await freshDatabase(); });
afterEach(() => { vi.restoreAllMocks(); });

const tablesOf = async (d: Database) => (await d.query<{ t: string }>(
  `select table_name as t from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`))
  .map((r) => r.t).sort();

describe('lianjian citus distribute', () => {
  it('plans every table of the migrated database: region-scoped ones distributed, the others reference tables', async () => {
    const plan = distributionPlan();
    const tables = await tablesOf(database);
    expect(tables.length).toBeGreaterThan(30);
    // a table created by a migration but missing from the plan would stay a plain table on the coordinator
    expect([...plan.reference, ...plan.distributed].sort()).toEqual(tables);
    expect(plan.reference.filter((t) => plan.distributed.includes(t))).toEqual([]);
    expect(plan.reference).toEqual(expect.arrayContaining(['regions', 'users', 'sessions']));
    expect(plan.distributed[0]).toBe('orgs');
    const withRegion = new Set((await database.query<{ t: string }>(
      `select table_name as t from information_schema.columns where table_schema = current_schema() and column_name = 'region_id'`)).map((r) => r.t));
    expect(plan.distributed.filter((t) => !withRegion.has(t))).toEqual([]);
    expect(plan.reference.filter((t) => withRegion.has(t))).toEqual([]);
    // a reference table is created after the reference tables its foreign keys point at (else Citus keeps the
    // referencing table local)
    expect(plan.reference.indexOf('sessions')).toBeGreaterThan(plan.reference.indexOf('users'));
  });

  it.skipIf(ON_CITUS)('refuses with a clear message on a database without Citus, and changes nothing', async () => {
    await expect(distribute(database)).rejects.toBeInstanceOf(CitusMissing);
    const errors: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((m: string) => { errors.push(m); });
    expect(await citusCli(database, ['distribute'])).toBe(1);
    expect(errors.join('\n')).toMatch(/does not have the citus extension/);
    expect(await tablesOf(database)).toEqual([...distributionPlan().reference, ...distributionPlan().distributed].sort());
  });

  it.runIf(ON_CITUS)('on Citus every table is distributed by region_id in one co-location group, or a reference table', async () => {
    const rows = await database.query<{ t: string; kind: string; col: string | null; colocation: number }>(
      `select table_name::text as t, citus_table_type as kind, distribution_column as col, colocation_id as colocation
         from citus_tables`);
    const kinds = Object.fromEntries(rows.map((r) => [r.t, r.kind]));
    const tables = await tablesOf(database);
    // the test fails when a table of the schema is neither
    expect(tables.filter((t) => kinds[t] !== 'distributed' && kinds[t] !== 'reference')).toEqual([]);
    const plan = distributionPlan();
    expect(plan.distributed.filter((t) => kinds[t] !== 'distributed')).toEqual([]);
    expect(plan.reference.filter((t) => kinds[t] !== 'reference')).toEqual([]);
    const dist = rows.filter((r) => r.kind === 'distributed');
    expect(new Set(dist.map((r) => r.col))).toEqual(new Set(['region_id']));
    expect(new Set(dist.map((r) => r.colocation)).size).toBe(1);
    // the foreign keys survived distribution (they are dropped and re-created around it)
    const fks = await database.query<{ n: number }>(`select count(*)::int as n from pg_constraint where contype = 'f' and connamespace = current_schema()::regnamespace`);
    expect(fks[0].n).toBeGreaterThan(40);
  });

  it.runIf(ON_CITUS)('is idempotent, and a migration applied afterwards reaches every shard', async () => {
    const again = await distribute(database);
    expect(again.changed).toEqual([]);
    const out: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((m: string) => { out.push(m); });
    expect(await citusCli(database, ['distribute'])).toBe(0);
    expect(out.join('\n')).toMatch(/Already distributed/);
    // DDL on the coordinator is propagated to the shards on the workers (how later migrations work)
    await database.query(`alter table members add column citus_probe text`);
    const shards = await database.query<{ ok: boolean }>(
      `select success and result = '1' as ok from run_command_on_shards('members',
         $$select count(*) from information_schema.columns where table_name = '%s' and column_name = 'citus_probe'$$)`);
    expect(shards.length).toBeGreaterThan(1);
    expect(shards.filter((s) => !s.ok)).toEqual([]);
    await database.query(`alter table members drop column citus_probe`);
  });
});
