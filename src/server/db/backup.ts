import fs from 'node:fs';
import readline from 'node:readline';
import { createGunzip, createGzip } from 'node:zlib';
import { once } from 'node:events';
import { sql } from 'drizzle-orm';
import { migrationVersion, type Database } from './client.ts';

/**
 * Backups are gzipped JSON lines: a header, then for each table a `{"table":..}` line and one line per row
 * (the row as PostgreSQL's to_jsonb renders it). The same file restores into PGlite or PostgreSQL.
 */
const FORMAT = 'lianjian-backup';
const BATCH = 2000;

export class RestoreRefused extends Error {}

/** Application tables in an order where every foreign key points to an earlier table. */
export async function tablesInOrder(database: Database): Promise<string[]> {
  const tables = (await database.query<{ t: string }>(
    `select table_name as t from information_schema.tables
      where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`)).map((r) => r.t);
  const deps = await database.query<{ child: string; parent: string }>(
    `select distinct c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent
       from pg_constraint c join pg_namespace n on n.oid = c.connamespace
      where c.contype = 'f' and n.nspname = current_schema()`);
  const strip = (s: string) => s.replace(/^.*\./, '').replace(/"/g, '');
  const parents = new Map<string, Set<string>>(tables.map((t) => [t, new Set()]));
  for (const d of deps) if (strip(d.child) !== strip(d.parent)) parents.get(strip(d.child))?.add(strip(d.parent));
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (t: string) => {
    if (seen.has(t)) return;
    seen.add(t);
    for (const p of parents.get(t) ?? []) visit(p);
    out.push(t);
  };
  tables.forEach(visit);
  return out;
}

async function orderClause(database: Database, table: string): Promise<string> {
  const cols = (await database.query<{ c: string }>(
    `select column_name as c from information_schema.columns where table_schema = current_schema() and table_name = $1`, [table]))
    .map((r) => r.c);
  if (cols.includes('path')) return 'order by length(path), path'; // parents before children
  const pk = await database.query<{ c: string }>(
    `select a.attname as c from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
      where i.indrelid = $1::regclass and i.indisprimary order by array_position(i.indkey, a.attnum)`, [table]);
  return pk.length ? `order by ${pk.map((r) => `"${r.c}"`).join(', ')}` : '';
}

export async function backup(database: Database, file: string): Promise<{ tables: Record<string, number> }> {
  const gz = createGzip();
  const out = fs.createWriteStream(file);
  gz.pipe(out);
  const write = async (obj: unknown) => { if (!gz.write(JSON.stringify(obj) + '\n')) await once(gz, 'drain'); };
  const version = await migrationVersion(database);
  const tables = await tablesInOrder(database);
  await write({ format: FORMAT, version: 1, migration: version, createdAt: new Date().toISOString(), tables });
  const counts: Record<string, number> = {};
  for (const t of tables) {
    await write({ table: t });
    const order = await orderClause(database, t);
    let n = 0;
    for (let offset = 0; ; offset += BATCH) {
      const rows = await database.query<{ r: unknown }>(`select to_jsonb(x) as r from (select * from "${t}" ${order} limit ${BATCH} offset ${offset}) x`);
      for (const row of rows) await write(typeof row.r === 'string' ? JSON.parse(row.r) : row.r);
      n += rows.length;
      if (rows.length < BATCH) break;
    }
    counts[t] = n;
  }
  gz.end();
  await once(out, 'finish');
  return { tables: counts };
}

export async function isEmpty(database: Database): Promise<boolean> {
  for (const t of await tablesInOrder(database)) {
    const [r] = await database.query<{ x: number }>(`select 1 as x from "${t}" limit 1`);
    if (r) return false;
  }
  return true;
}

export async function restore(database: Database, file: string, opts: { force?: boolean } = {}): Promise<{ tables: Record<string, number> }> {
  const lines = readline.createInterface({ input: fs.createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  const it = lines[Symbol.asyncIterator]();
  const first = await it.next().catch(() => ({ done: true, value: undefined }));
  let header: { format?: string; migration?: { applied: number } };
  try { header = JSON.parse(String(first.value ?? '')); } catch { header = {}; }
  if (header.format !== FORMAT) throw new RestoreRefused(`${file} is not a Lianjian backup.`);
  const version = await migrationVersion(database);
  if (header.migration?.applied !== version.applied) {
    throw new RestoreRefused(`The backup is at migration ${header.migration?.applied}, this database at ${version.applied}. ` +
      'Restore it with the Lianjian version that made it, then upgrade.');
  }
  if (!(await isEmpty(database))) {
    if (!opts.force) throw new RestoreRefused('The database is not empty; restoring would merge into it. Use --force to replace its contents.');
  }
  const tables = await tablesInOrder(database);
  const counts: Record<string, number> = {};
  await database.db.transaction(async (tx) => {
    if (opts.force) await tx.execute(sql`truncate ${sql.join(tables.map((t) => sql.identifier(t)), sql`, `)} cascade`);
    let table: string | null = null;
    let batch: unknown[] = [];
    const flush = async () => {
      if (!table || !batch.length) return;
      const t = sql.identifier(table);
      await tx.execute(sql`insert into ${t} select * from jsonb_populate_recordset(null::${t}, ${JSON.stringify(batch)}::jsonb)`);
      counts[table] = (counts[table] ?? 0) + batch.length;
      batch = [];
    };
    for (;;) {
      const { value, done } = await it.next();
      if (done) break;
      if (!value) continue;
      const obj = JSON.parse(value);
      if (obj && typeof obj === 'object' && 'table' in obj && Object.keys(obj).length === 1) {
        await flush();
        if (!tables.includes(obj.table)) throw new RestoreRefused(`Unknown table ${obj.table} in the backup.`);
        table = obj.table;
        counts[table!] = 0;
        continue;
      }
      batch.push(obj);
      if (batch.length >= BATCH) await flush();
    }
    await flush();
  });
  return { tables: counts };
}
