import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { createGunzip, createGzip } from 'node:zlib';
import { sql, type SQL } from 'drizzle-orm';
import { MIGRATIONS_DIR } from '../paths.ts';
import { migrationVersion, type Database, type DbOrTx } from './client.ts';

/**
 * A backup is one gzipped file of JSON lines:
 *
 *   {"format":"lianjian-backup","version":2,"migration":{..},"createdAt":..,"tables":[..],"rows":{table: n},"total":N}
 *   {"table":"regions","rows":3}          one marker per table, in foreign-key order, with its row count
 *   {...row...}                           exactly that many rows, each as PostgreSQL's to_jsonb renders it
 *   ...
 *   {"end":"lianjian-backup","total":N,"sha256":".."}   the end marker: SHA-256 of every byte before it
 *
 * A restore reads the whole file first ({@link verifyBackup}) and refuses anything short of complete before it
 * touches the database; the same file restores into PGlite or PostgreSQL.
 */
export const FORMAT = 'lianjian-backup';
export const FORMAT_VERSION = 2;
const BATCH = 2000;

/** A restore (or verification) refused for a reason the operator can act on; the message says what and what to do. */
export class RestoreRefused extends Error {}

/** The file is not a whole, undamaged backup. */
export class BackupDamaged extends RestoreRefused {
  constructor(readonly file: string, readonly line: number | null, readonly problem: string) {
    super(`${file} is not a complete backup: ${problem}${line ? ` (line ${line.toLocaleString('en-US')})` : ''}. ` +
      'Nothing was restored. Use another backup file (an older one, or a fresh copy of this one), ' +
      'and check it first with `lianjian backup --verify FILE`.');
  }
}

export interface BackupHeader {
  format: typeof FORMAT;
  version: number;
  migration: { applied: number; latest: string | null };
  createdAt: string;
  database?: string;
  tables: string[];
  rows: Record<string, number>;
  total: number;
}

export interface BackupInfo {
  file: string;
  header: BackupHeader;
  /** rows per table, in restore order */
  tables: Record<string, number>;
  total: number;
  sha256: string;
  /** size of the file on disk */
  bytes: number;
}

export interface Progress {
  phase: 'read' | 'write' | 'verify' | 'restore';
  done: number;
  total: number;
  table?: string;
}
export type OnProgress = (p: Progress) => void;

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

/**
 * The order rows are read in, as SQL expressions that together are unique (so the table can be paged by key
 * rather than by offset, which would skip or repeat rows that change while it is read): a tree with a `path`
 * column parents first, then the primary key.
 */
async function orderKeys(database: Database, table: string): Promise<string[]> {
  const cols = (await database.query<{ c: string }>(
    `select column_name as c from information_schema.columns where table_schema = current_schema() and table_name = $1`, [table]))
    .map((r) => r.c);
  const pk = (await database.query<{ c: string }>(
    `select a.attname as c from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
      where i.indrelid = $1::regclass and i.indisprimary order by array_position(i.indkey, a.attnum)`, [table])).map((r) => `"${r.c}"`);
  const keys = cols.includes('path') ? ['length("path")', '"path"', ...pk] : pk;
  // no primary key: every column (rows that are wholly equal are indistinguishable anyway)
  return keys.length ? keys : cols.map((c) => `"${c}"`);
}

async function rowsOf<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const res = await db.execute(query) as unknown as { rows: T[] };
  return res.rows;
}

const yieldNow = () => new Promise<void>((r) => setImmediate(r));

/** Writes lines through gzip to a file, hashing every byte written; resolves when the file is on disk. */
class LineWriter {
  private gz = createGzip();
  private out: fs.WriteStream;
  private hash = createHash('sha256');
  private done: Promise<void>;
  constructor(file: string) {
    this.out = fs.createWriteStream(file);
    this.gz.pipe(this.out);
    this.done = new Promise((resolve, reject) => {
      this.out.on('finish', resolve);
      this.out.on('error', reject);
      this.gz.on('error', reject);
    });
    this.done.catch(() => { /* surfaced by end() */ });
  }
  async line(text: string, hashed = true) {
    const buf = Buffer.from(text + '\n', 'utf8');
    if (hashed) this.hash.update(buf);
    if (!this.gz.write(buf)) await Promise.race([once(this.gz, 'drain'), this.done]);
  }
  digest() { return this.hash.digest('hex'); }
  async end() { this.gz.end(); await this.done; }
}

export interface BackupOptions {
  onProgress?: OnProgress;
  /** rows per query (smaller: shorter pauses for the requests a running server serves meanwhile) */
  chunkRows?: number;
  now?: () => number;
  /** cuts the backup off between two chunks (the server stopping) */
  signal?: AbortSignal;
}

/**
 * Writes the whole database to `file` (atomically: a partial file never appears under that name).
 *
 * On PostgreSQL everything is read in one read-only REPEATABLE READ transaction: a consistent snapshot that
 * blocks nobody. PGlite has a single connection, so a snapshot would hold every request for the whole backup;
 * there each table is read in short key-ordered chunks with a pause between them, children before parents
 * (a row read early can then only lose its parent if the parent is deleted during the backup), into one
 * temporary file per table; the backup file is then assembled from them in restore order.
 */
export async function backup(database: Database, file: string, opts: BackupOptions = {}): Promise<BackupInfo> {
  const now = opts.now ?? Date.now;
  const chunk = opts.chunkRows ?? BATCH;
  const tables = await tablesInOrder(database);
  const keysOf = new Map<string, string[]>();
  for (const t of tables) keysOf.set(t, await orderKeys(database, t));
  const version = await migrationVersion(database);
  const tmpDir = fs.mkdtempSync(path.join(path.dirname(path.resolve(file)), '.lianjian-backup-'));
  const partial = path.join(tmpDir, 'backup.partial');
  try {
    const counts: Record<string, number> = {};
    const read = async (db: DbOrTx) => {
      const expected: Record<string, number> = {};
      for (const t of tables) {
        expected[t] = Number((await rowsOf<{ n: number }>(db, sql.raw(`select count(*)::int as n from "${t}"`)))[0].n);
      }
      const total = Object.values(expected).reduce((a, b) => a + b, 0);
      let done = 0;
      opts.onProgress?.({ phase: 'read', done, total });
      for (const t of [...tables].reverse()) {
        const keys = keysOf.get(t)!;
        const w = fs.createWriteStream(path.join(tmpDir, `${tables.indexOf(t)}.jsonl`));
        const finished = once(w, 'finish');
        let n = 0;
        let last: unknown[] | null = null;
        for (;;) {
          const where: SQL = last ? sql` where (${sql.raw(keys.join(', '))}) > (${sql.join(last.map((v) => sql`${v}`), sql`, `)})` : sql``;
          const keyCols = sql.raw(keys.map((k, i) => `(${k})::text as k${i}`).join(', '));
          const rows: Record<string, unknown>[] = await rowsOf<Record<string, unknown>>(db, sql`select to_jsonb(x) as r, ${keyCols} from "${sql.raw(t)}" x${where} order by ${sql.raw(keys.join(', '))} limit ${chunk}`);
          for (const row of rows) {
            const r = typeof row.r === 'string' ? JSON.parse(row.r) : row.r;
            if (!w.write(JSON.stringify(r) + '\n')) await once(w, 'drain');
          }
          n += rows.length;
          done += rows.length;
          opts.onProgress?.({ phase: 'read', done, total: Math.max(total, done), table: t });
          if (rows.length < chunk) break;
          opts.signal?.throwIfAborted();
          last = keys.map((_, i) => rows[rows.length - 1][`k${i}`]);
          if (database.kind === 'pglite') await yieldNow(); // let waiting requests run between chunks
        }
        w.end();
        await finished;
        counts[t] = n;
      }
    };
    if (database.kind === 'postgres') {
      await database.db.transaction(read, { isolationLevel: 'repeatable read', accessMode: 'read only' });
    } else {
      await read(database.db);
    }

    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    const rows: Record<string, number> = {};
    for (const t of tables) rows[t] = counts[t];
    const header: BackupHeader = {
      format: FORMAT, version: FORMAT_VERSION, migration: version, createdAt: new Date(now()).toISOString(),
      database: database.kind, tables, rows, total,
    };
    const out = new LineWriter(partial);
    await out.line(JSON.stringify(header));
    let done = 0;
    for (const [i, t] of tables.entries()) {
      await out.line(JSON.stringify({ table: t, rows: counts[t] }));
      const src = path.join(tmpDir, `${i}.jsonl`);
      for await (const l of splitLines(fs.createReadStream(src))) {
        await out.line(l.text);
        if (++done % 1000 === 0) opts.onProgress?.({ phase: 'write', done, total, table: t });
      }
      fs.rmSync(src);
    }
    const sha256 = out.digest();
    await out.line(JSON.stringify({ end: FORMAT, total, sha256 }), false);
    await out.end();
    opts.onProgress?.({ phase: 'write', done: total, total });
    fs.renameSync(partial, file);
    return { file, header, tables: rows, total, sha256, bytes: fs.statSync(file).size };
  } finally {
    fs.rmSync(tmpDir, { recursive: true, force: true });
  }
}

interface Line { text: string; bytes: Buffer; no: number; terminated: boolean }

/** Splits a byte stream into lines on '\n', keeping each line's exact bytes (for the checksum). */
async function* splitLines(input: AsyncIterable<Buffer>): AsyncGenerator<Line> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let rest: Buffer = Buffer.alloc(0);
  let no = 0;
  for await (const chunk of input) {
    let buf = rest.length ? Buffer.concat([rest, chunk]) : chunk;
    let i: number;
    while ((i = buf.indexOf(0x0a)) >= 0) {
      const bytes = buf.subarray(0, i);
      no++;
      let text: string;
      try { text = decoder.decode(bytes); } catch { text = '\uFFFD'; }
      yield { text, bytes, no, terminated: true };
      buf = buf.subarray(i + 1);
    }
    rest = Buffer.from(buf);
  }
  if (rest.length) {
    no++;
    let text: string;
    try { text = decoder.decode(rest); } catch { text = '\uFFFD'; }
    yield { text, bytes: rest, no, terminated: false };
  }
}

/** The journal of this installation's migrations: how many there are and the newest tag. */
export function installedMigrations(): { applied: number; latest: string | null } {
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
  return { applied: journal.entries.length, latest: journal.entries.at(-1)?.tag ?? null };
}

const isMarker = (v: unknown): v is { table: string; rows: number } =>
  isObject(v) && typeof v.table === 'string' && typeof v.rows === 'number' && Object.keys(v).length === 2;

/** An error thrown by a caller's callback, passed through untouched (it is not about the file). */
class Passed { constructor(readonly error: unknown) {} }

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * Reads a backup file from end to end and proves it whole: gzip intact, header first, each table's marker and
 * exactly its rows, the end marker last with the checksum of everything before it. `rows` (optional) receives
 * every row as it is read, with its table: restore passes it to insert them, so the file it inserts is the file
 * it checked. Throws {@link BackupDamaged} saying what is wrong and where.
 */
export async function readBackup(
  file: string,
  opts: { onProgress?: OnProgress; phase?: Progress['phase']; rows?: (table: string, row: Record<string, unknown>) => Promise<void>; onHeader?: (h: BackupHeader) => void | Promise<void> } = {},
): Promise<BackupInfo> {
  let stat: fs.Stats;
  try { stat = fs.statSync(file); } catch { throw new RestoreRefused(`${file} does not exist or cannot be read.`); }
  if (!stat.isFile()) throw new RestoreRefused(`${file} is not a file.`);
  const fd = fs.openSync(file, 'r');
  const magic = Buffer.alloc(2);
  fs.readSync(fd, magic, 0, 2, 0);
  fs.closeSync(fd);
  if (stat.size === 0) throw new BackupDamaged(file, null, 'the file is empty');
  if (magic[0] !== 0x1f || magic[1] !== 0x8b) {
    throw new RestoreRefused(`${file} is not a Lianjian backup (it is not gzip-compressed; a backup is written by \`lianjian backup FILE\`).`);
  }

  const phase = opts.phase ?? 'verify';
  const gunzip = createGunzip();
  const source = fs.createReadStream(file);
  source.on('error', (e) => gunzip.destroy(e));
  const hash = createHash('sha256');
  let header: BackupHeader | null = null;
  let lastLine = 0;
  let table: string | null = null;
  let tableIndex = -1;
  let left = 0;
  let done = 0;
  let end: { total: unknown; sha256: unknown } | null = null;
  const counts: Record<string, number> = {};
  const where = () => table ? `, in table ${table} (${(counts[table] ?? 0).toLocaleString('en-US')} of ${header!.rows[table].toLocaleString('en-US')} rows read)` : '';

  try {
    for await (const l of splitLines(source.pipe(gunzip))) {
      lastLine = l.no;
      if (end) {
        if (l.text === '' && !l.terminated) break;
        throw new BackupDamaged(file, l.no, 'there is data after the end marker');
      }
      let obj: unknown;
      try { obj = JSON.parse(l.text); } catch {
        throw new BackupDamaged(file, l.no, l.terminated
          ? `line ${l.no} is damaged (it is not valid JSON)${where()}`
          : `the file is cut short in the middle of line ${l.no}${where()}`);
      }
      if (!header) {
        if (!isObject(obj) || obj.format !== FORMAT) throw new RestoreRefused(`${file} is not a Lianjian backup (its first line is not a backup header).`);
        if (obj.version === 1) {
          throw new RestoreRefused(`${file} is a backup in the old format 1, which has no end marker or checksum, so it cannot be ` +
            'proven complete. Restore it with the Lianjian version that made it, then take a new backup.');
        }
        if (obj.version !== FORMAT_VERSION) {
          throw new RestoreRefused(`${file} is a backup in format ${String(obj.version)}, which this version of Lianjian does not read ` +
            `(it reads format ${FORMAT_VERSION}). Restore it with the Lianjian version that made it.`);
        }
        const h = obj as unknown as BackupHeader;
        if (!Array.isArray(h.tables) || !isObject(h.rows) || typeof h.total !== 'number' || !isObject(h.migration)) {
          throw new BackupDamaged(file, 1, 'its header is incomplete');
        }
        header = h;
        hash.update(l.bytes); hash.update('\n');
        await opts.onHeader?.(h);
        opts.onProgress?.({ phase, done, total: h.total });
        continue;
      }
      if (left > 0) {
        if (!l.terminated) throw new BackupDamaged(file, l.no, `the file is cut short in the middle of line ${l.no}${where()}`);
        if (!isObject(obj)) throw new BackupDamaged(file, l.no, `line ${l.no} is damaged (it is not a row)${where()}`);
        if (isMarker(obj) || obj.end === FORMAT) throw new BackupDamaged(file, l.no, `table ${table} has fewer rows than its count says${where()}`);
        hash.update(l.bytes); hash.update('\n');
        counts[table!]++;
        left--;
        done++;
        if (opts.rows) {
          try { await opts.rows(table!, obj); } catch (e) { throw new Passed(e); }
        }
        if (done % 1000 === 0) opts.onProgress?.({ phase, done, total: header.total, table: table! });
        continue;
      }
      if (isMarker(obj)) {
        const expected = header.tables[tableIndex + 1];
        if (obj.table !== expected) {
          throw new BackupDamaged(file, l.no, `table ${obj.table} appears where table ${expected ?? '(none: the end marker)'} was expected`);
        }
        if (obj.rows !== header.rows[obj.table]) throw new BackupDamaged(file, l.no, `table ${obj.table} has a row count that differs from the header's`);
        hash.update(l.bytes); hash.update('\n');
        tableIndex++;
        table = obj.table;
        counts[table] = 0;
        left = obj.rows;
        continue;
      }
      if (isObject(obj) && obj.end === FORMAT) {
        if (!l.terminated) throw new BackupDamaged(file, l.no, 'the file is cut short in the end marker');
        if (tableIndex !== header.tables.length - 1) {
          throw new BackupDamaged(file, l.no, `the end marker comes before table ${header.tables[tableIndex + 1]}`);
        }
        end = { total: obj.total, sha256: obj.sha256 };
        continue;
      }
      throw new BackupDamaged(file, l.no, table
        ? `line ${l.no} is damaged or out of place: table ${table} already has all its ${header.rows[table].toLocaleString('en-US')} rows`
        : `line ${l.no} is damaged or out of place (a table marker was expected)`);
    }
  } catch (e) {
    if (e instanceof Passed) throw e.error;
    if (e instanceof RestoreRefused) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const message = (e as Error).message;
    // (the stream may have read further than the lines handled so far: the damage is at or after this line)
    const upTo = lastLine ? ` (it reads intact up to line ${lastLine.toLocaleString('en-US')})` : '';
    if (code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(message)) {
      throw new BackupDamaged(file, null, `the compressed file is cut short${upTo}`);
    }
    if (/incorrect data check|incorrect length check/i.test(message)) {
      throw new BackupDamaged(file, null, 'the compressed data is damaged: its gzip checksum does not match');
    }
    if (code?.startsWith('Z_')) throw new BackupDamaged(file, null, `the compressed data is damaged${upTo}`);
    throw e;
  }
  if (!header) throw new BackupDamaged(file, null, 'the file holds no header');
  if (!end) {
    const next = left > 0 ? where() : tableIndex + 1 < header.tables.length ? `, before table ${header.tables[tableIndex + 1]}` : ', before the end marker';
    throw new BackupDamaged(file, lastLine, `the file ends at line ${lastLine.toLocaleString('en-US')} without its end marker${next}: it is cut short`);
  }
  const digest = hash.digest('hex');
  if (end.sha256 !== digest) throw new BackupDamaged(file, lastLine, 'its checksum does not match its content (the file was altered or damaged)');
  if (end.total !== header.total || done !== header.total) throw new BackupDamaged(file, lastLine, 'its row total does not match its content');
  const tables: Record<string, number> = {};
  for (const t of header.tables) tables[t] = counts[t];
  opts.onProgress?.({ phase, done, total: header.total });
  return { file, header, tables, total: done, sha256: digest, bytes: stat.size };
}

/** Checks a backup without restoring it. */
export function verifyBackup(file: string, opts: { onProgress?: OnProgress } = {}): Promise<BackupInfo> {
  return readBackup(file, { onProgress: opts.onProgress, phase: 'verify' });
}

/** Refuses a backup whose migration version differs from `version` (this installation's, or the database's). */
export function checkMigration(info: Pick<BackupInfo, 'file' | 'header'>, version: { applied: number }, what = 'this database'): void {
  const theirs = info.header.migration.applied;
  if (theirs !== version.applied) {
    throw new RestoreRefused(`${info.file} was made at migration ${theirs} (${info.header.migration.latest ?? 'none'}); ${what} is at ` +
      `migration ${version.applied}. Nothing was restored. Restore it with the Lianjian version that made it, then upgrade.`);
  }
}

export async function isEmpty(database: Database): Promise<boolean> {
  for (const t of await tablesInOrder(database)) {
    const [r] = await database.query<{ x: number }>(`select 1 as x from "${t}" limit 1`);
    if (r) return false;
  }
  return true;
}

export interface RestoreOptions {
  force?: boolean;
  onProgress?: OnProgress;
  /** the result of an earlier {@link verifyBackup} of the same file (skips the first pass) */
  verified?: BackupInfo;
}

/**
 * Restores a backup: reads the whole file first and refuses it (changing nothing) unless it is complete and
 * from this migration version, then loads it in one transaction, reading it a second time and checking it
 * again as it goes (a file changed in between rolls the transaction back).
 */
export async function restore(database: Database, file: string, opts: RestoreOptions = {}): Promise<BackupInfo> {
  const info = opts.verified ?? await verifyBackup(file, { onProgress: opts.onProgress });
  checkMigration(info, await migrationVersion(database));
  const tables = await tablesInOrder(database);
  const missing = info.header.tables.filter((t) => !tables.includes(t));
  const extra = tables.filter((t) => !info.header.tables.includes(t));
  if (missing.length || extra.length) {
    throw new RestoreRefused(`${file} does not hold the same tables as this database` +
      `${missing.length ? ` (this database has no ${missing.join(', ')})` : ''}${extra.length ? ` (the backup has no ${extra.join(', ')})` : ''}. Nothing was restored.`);
  }
  if (!(await isEmpty(database)) && !opts.force) {
    throw new RestoreRefused('The database is not empty; restoring would merge into it. Use --force to replace its contents.');
  }
  try {
    await loadRows(database, file, tables, info, opts);
  } catch (e) {
    const err = e as Error & { code?: string; cause?: { code?: string; message?: string } };
    const code = err.code ?? err.cause?.code;
    // a constraint the rows break (a backup of a database changed while it was read, or edited): the database's words
    if (code && /^(23|22)/.test(code)) {
      throw new RestoreRefused(`${file} is complete, but its rows do not load into this database: ` +
        `${(err.cause?.message ?? err.message).split('\n')[0]}. Nothing was restored (the transaction was rolled back). Use another backup.`);
    }
    throw e;
  }
  return info;
}

async function loadRows(database: Database, file: string, tables: string[], info: BackupInfo, opts: RestoreOptions): Promise<void> {
  await database.db.transaction(async (tx) => {
    if (opts.force) await tx.execute(sql`truncate ${sql.join(tables.map((t) => sql.identifier(t)), sql`, `)} cascade`);
    let table: string | null = null;
    let batch: unknown[] = [];
    // generated columns (a booking's `during` range) are computed again, never inserted
    const stored = new Map<string, string[]>();
    const storedColumns = async (name: string) => {
      if (!stored.has(name)) {
        stored.set(name, (await rowsOf<{ c: string }>(tx, sql`select column_name as c from information_schema.columns
          where table_schema = current_schema() and table_name = ${name} and is_generated = 'NEVER' order by ordinal_position`)).map((r) => r.c));
      }
      return stored.get(name)!;
    };
    const flush = async () => {
      if (!table || !batch.length) return;
      const t = sql.identifier(table);
      const cols = sql.join((await storedColumns(table)).map((c) => sql.identifier(c)), sql`, `);
      await tx.execute(sql`insert into ${t} (${cols}) select ${cols} from jsonb_populate_recordset(null::${t}, ${JSON.stringify(batch)}::jsonb)`);
      batch = [];
    };
    const second = await readBackup(file, {
      phase: 'restore', onProgress: opts.onProgress,
      onHeader: (h) => { if (h.total !== info.total) throw new Passed(new BackupDamaged(file, 1, 'the file changed while it was being restored')); },
      rows: async (t, row) => {
        if (t !== table) { await flush(); table = t; }
        batch.push(row);
        if (batch.length >= BATCH) await flush();
      },
    });
    await flush();
    if (second.sha256 !== info.sha256) throw new BackupDamaged(file, null, 'the file changed while it was being restored');
  });
}
