import { beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../test/support/db.ts';
import type { Database } from './client.ts';

/**
 * Keeps the schema distributable by Citus on region_id: every table either is a small shared
 * (reference) table listed here, or carries region_id in its primary key, in every foreign key
 * and in every unique index.
 */
const REFERENCE_TABLES = new Set(['users', 'sessions', 'regions', 'notify_jobs']);

let database: Database;
beforeAll(async () => { database = await freshDatabase(); });

describe('schema is ready for Citus (distributed by region_id)', () => {
  it('region-scoped tables keep region_id in PK, FKs and unique indexes', async () => {
    const tables = (await database.query<{ t: string }>(
      `select table_name as t from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`)).map((r) => r.t);
    expect(tables.length).toBeGreaterThan(5);
    const problems: string[] = [];
    for (const t of tables) {
      if (REFERENCE_TABLES.has(t)) continue;
      const cols = (await database.query<{ c: string }>(
        `select column_name as c from information_schema.columns where table_schema = current_schema() and table_name = $1`, [t])).map((r) => r.c);
      if (!cols.includes('region_id')) { problems.push(`${t}: no region_id (add it, or list it as a reference table)`); continue; }
      const idx = await database.query<{ name: string; primary: boolean; cols: string[] | string }>(
        `select ic.relname as name, i.indisprimary as primary,
                array(select a.attname from unnest(i.indkey) k join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k) as cols
           from pg_index i join pg_class ic on ic.oid = i.indexrelid
          where i.indrelid = $1::regclass and (i.indisunique or i.indisprimary)`, [t]);
      const asArray = (c: string[] | string) => (Array.isArray(c) ? c : c.replace(/[{}]/g, '').split(','));
      if (!idx.some((i) => i.primary)) problems.push(`${t}: no primary key`);
      for (const i of idx) if (!asArray(i.cols).includes('region_id')) problems.push(`${t}: ${i.primary ? 'primary key' : 'unique index'} ${i.name} lacks region_id`);
      const fks = await database.query<{ name: string; target: string; cols: string[] | string }>(
        `select c.conname as name, c.confrelid::regclass::text as target,
                array(select a.attname from unnest(c.conkey) k join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k) as cols
           from pg_constraint c where c.contype = 'f' and c.conrelid = $1::regclass`, [t]);
      for (const fk of fks) {
        const target = fk.target.replace(/^.*\./, '').replace(/"/g, '');
        if (REFERENCE_TABLES.has(target)) continue;
        if (!asArray(fk.cols).includes('region_id')) problems.push(`${t}: foreign key ${fk.name} lacks region_id`);
      }
    }
    expect(problems).toEqual([]);
  });
});
