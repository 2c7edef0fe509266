import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { createGunzip, gunzipSync, gzipSync } from 'node:zlib';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, testApp, type TestApp } from '../../../test/support/app.ts';
import { freshDatabase, openPgliteMigrated } from '../../../test/support/db.ts';
import { backup, BackupDamaged, restore, RestoreRefused, tablesInOrder, verifyBackup } from './backup.ts';
import { migrate, openDatabase, type Database } from './client.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lj-backup-'));

/** The lines of a backup between its header and its end marker (the rows and table markers). */
async function rowsOf(file: string): Promise<string[]> {
  const out: string[] = [];
  const rl = readline.createInterface({ input: fs.createReadStream(file).pipe(createGunzip()) });
  for await (const line of rl) out.push(line);
  return out.slice(1, -1);
}

const emptyPglite = openPgliteMigrated;

const url = process.env.TEST_DATABASE_URL;
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => { for (const c of cleanups) await c(); });

async function emptyPostgres(): Promise<Database> {
  const name = `lj_t_bk_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(url!);
  u.pathname = `/${name}`;
  const d = await openDatabase({ databaseUrl: u.toString(), poolMax: 2 });
  await migrate(d);
  cleanups.push(async () => {
    await d.close();
    const a = new pg.Client({ connectionString: url });
    await a.connect();
    await a.query(`drop database if exists ${name} with (force)`);
    await a.end();
  });
  return d;
}

describe('backup and restore', { timeout: 120_000 }, () => {
  it('round-trips PGlite → PostgreSQL → PGlite with no difference', async () => {
    // a database with some of everything: users, grants, sessions, orgs with awkward text, audit rows
    const t = await testApp();
    const region = await t.region('孔浦街道');
    const admin = await t.user({ grants: [{ role: 'region_admin', scopeKind: 'region', scopeId: region.id, regionId: region.id }] });
    const branch = json(await admin.client.post('/api/v1/orgs', {
      parentId: region.rootOrgId, kind: 'branch', name: `怡江 "社区" \\ 支部 '; --`, foundedOn: '2001-07-01', termStart: '2024-01-01', termEnd: '2028-12-31',
    }));
    await admin.client.post('/api/v1/orgs', { parentId: branch.id, kind: 'branch', name: '子支部' });
    const a = path.join(dir, 'a.jsonl.gz');
    await backup(t.database, a);

    const target = url ? await emptyPostgres() : await emptyPglite();
    await restore(target, a);
    const b = path.join(dir, 'b.jsonl.gz');
    await backup(target, b);

    const back = await emptyPglite();
    await restore(back, b);
    const c = path.join(dir, 'c.jsonl.gz');
    await backup(back, c);

    const rowsA = await rowsOf(a);
    expect(rowsA.length).toBeGreaterThan(10);
    expect(await rowsOf(b)).toEqual(rowsA);
    expect(await rowsOf(c)).toEqual(rowsA);
    await back.close();
  });

  it('never merges into a non-empty database without --force; with it, replaces', async () => {
    const src = await emptyPglite();
    await src.query(`insert into regions (id, code, name) values ('00000000-0000-7000-8000-000000000001', 'a', '甲')`);
    const file = path.join(dir, 'src.jsonl.gz');
    await backup(src, file);
    const dst = await emptyPglite();
    await dst.query(`insert into regions (id, code, name) values ('00000000-0000-7000-8000-000000000002', 'b', '乙')`);
    await expect(restore(dst, file)).rejects.toThrow(RestoreRefused);
    await expect(restore(dst, file)).rejects.toThrow(/not empty.*--force/);
    expect(await dst.query('select name from regions')).toEqual([{ name: '乙' }]);
    await restore(dst, file, { force: true });
    expect(await dst.query('select name from regions')).toEqual([{ name: '甲' }]);
    await src.close(); await dst.close();
  });

  it('refuses a file that is not a backup, changing nothing', async () => {
    const dst = await emptyPglite();
    const bogus = path.join(dir, 'bogus.gz');
    fs.writeFileSync(bogus, 'not gzip at all');
    await expect(restore(dst, bogus)).rejects.toThrow();
    expect(await dst.query('select * from regions')).toEqual([]);
    await dst.close();
  });
});

/** Every row of every table, as sorted JSON text: equal before and after means nothing changed. */
async function contents(database: Database): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const t of await tablesInOrder(database)) {
    const rows = await database.query<{ r: string }>(`select to_jsonb(x)::text as r from "${t}" x`);
    out[t] = rows.map((r) => r.r).sort();
  }
  return out;
}

const linesOf = (file: string) => gunzipSync(fs.readFileSync(file)).toString('utf8').split('\n').slice(0, -1);
/** A backup file with these lines and a correct end marker (checksum recomputed): damage only where a test puts it. */
function sealed(file: string, lines: string[]) {
  const body = lines.map((l) => l + '\n').join('');
  const sha256 = createHash('sha256').update(body).digest('hex');
  const total = lines.filter((l) => { const o = JSON.parse(l); return !('format' in o) && !('rows' in o && 'table' in o); }).length;
  fs.writeFileSync(file, gzipSync(body + JSON.stringify({ end: 'lianjian-backup', total, sha256 }) + '\n'));
}

describe('a backup that is not whole is refused before the database is touched', () => {
  let t: TestApp;
  let good: string;
  let goodLines: string[];
  let full: Database;
  let empty: Database;
  beforeAll(async () => {
    t = await testApp();
    const region = await t.region('孔浦街道');
    const admin = await t.user({ grants: [{ role: 'region_admin', scopeKind: 'region', scopeId: region.id, regionId: region.id }] });
    for (let i = 0; i < 30; i++) {
      expect((await admin.client.post('/api/v1/orgs', { parentId: region.rootOrgId, kind: 'branch', name: `第${i + 1}支部 😀` })).statusCode).toBe(201);
    }
    good = path.join(dir, 'good.jsonl.gz');
    await backup(t.database, good);
    goodLines = linesOf(good);
    // a second database of the kind under test, holding other data, for the --force cases
    empty = await freshDatabase();
    full = await freshDatabase();
    await full.query(`insert into regions (id, code, name) values ('00000000-0000-7000-8000-000000000009', 'z', '丙')`);
  }, 240_000);

  it('a good backup verifies, with per-table row counts matching the database', async () => {
    const info = await verifyBackup(good);
    const db = await contents(t.database);
    for (const [table, rows] of Object.entries(db)) expect(info.tables[table], table).toBe(rows.length);
    expect(info.tables.orgs).toBeGreaterThanOrEqual(31);
    expect(info.total).toBe(Object.values(db).reduce((a, r) => a + r.length, 0));
    expect(info.header.migration.applied).toBeGreaterThan(0);
  });

  const rowLine = () => goodLines.findIndex((l) => l.includes('第7支部'));
  const cases: [string, (file: string) => void, RegExp][] = [
    ['cut at a line boundary (a valid gzip of the first 70% of the lines)', (f) => {
      fs.writeFileSync(f, gzipSync(goodLines.slice(0, Math.floor(goodLines.length * 0.7)).map((l) => l + '\n').join('')));
    }, /ends at line \d+ without its end marker.*cut short/],
    ['cut at the last row (everything but the end marker)', (f) => {
      fs.writeFileSync(f, gzipSync(goodLines.slice(0, -1).map((l) => l + '\n').join('')));
    }, /without its end marker, before the end marker/],
    ['cut in the middle of a row', (f) => {
      const i = rowLine();
      fs.writeFileSync(f, gzipSync(goodLines.slice(0, i).map((l) => l + '\n').join('') + goodLines[i].slice(0, 40)));
    }, /cut short in the middle of line \d+, in table orgs/],
    ['compressed file cut short', (f) => {
      const bytes = fs.readFileSync(good);
      fs.writeFileSync(f, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    }, /compressed file is cut short \(it reads intact up to line \d+\)/],
    ['a flipped byte in the compressed data', (f) => {
      const bytes = Buffer.from(fs.readFileSync(good));
      bytes[Math.floor(bytes.length / 2)] ^= 0x20;
      fs.writeFileSync(f, bytes);
    }, /compressed data is damaged|damaged|cut short/],
    ['a flipped byte in the gzip checksum (the content itself intact)', (f) => {
      const bytes = Buffer.from(fs.readFileSync(good));
      bytes[bytes.length - 6] ^= 0x01; // the CRC-32 in the gzip trailer
      fs.writeFileSync(f, bytes);
    }, /compressed data is damaged: its gzip checksum does not match/],
    ['a changed character inside a row, recompressed (gzip is valid, the checksum is not)', (f) => {
      const lines = [...goodLines];
      lines[rowLine()] = lines[rowLine()].replace('第7支部', '第8支部');
      fs.writeFileSync(f, gzipSync(lines.map((l) => l + '\n').join('')));
    }, /checksum does not match its content/],
    ['a row removed and the checksum recomputed (the counts no longer match)', (f) => {
      const lines = [...goodLines.slice(0, -1)];
      lines.splice(rowLine(), 1);
      sealed(f, lines);
    }, /table orgs has fewer rows than its count/],
    ['header only', (f) => { fs.writeFileSync(f, gzipSync(goodLines[0] + '\n')); }, /ends at line 1 without its end marker, before table /],
    ['an empty file', (f) => { fs.writeFileSync(f, ''); }, /the file is empty/],
    ['not gzip at all', (f) => { fs.writeFileSync(f, 'not gzip at all'); }, /is not a Lianjian backup \(it is not gzip-compressed/],
    ['from another migration version (otherwise whole)', (f) => {
      const header = JSON.parse(goodLines[0]);
      header.migration.applied -= 1;
      sealed(f, [JSON.stringify(header), ...goodLines.slice(1, -1)]);
    }, /was made at migration \d+ .*this database is at migration \d+\. Nothing was restored\. Restore it with the Lianjian version that made it/],
  ];

  for (const [name, damage, message] of cases) {
    it(`refuses a backup ${name}, into an empty database and with --force into a full one; neither changes`, async () => {
      const file = path.join(dir, `damaged-${cases.findIndex((c) => c[0] === name)}.jsonl.gz`);
      damage(file);
      for (const [target, force] of [[empty, false], [full, true]] as const) {
        const before = await contents(target);
        const err = await restore(target, file, { force }).then(() => null, (e: unknown) => e);
        expect(err).toBeInstanceOf(RestoreRefused);
        const text = (err as Error).message;
        expect(text).toMatch(message);
        expect(text).toContain(file);
        // the CLI's words, not a parser's
        expect(text).not.toMatch(/JSON at position|Expected ','|incorrect data check|unexpected end of file|Z_[A-Z_]+/);
        expect(await contents(target)).toEqual(before);
      }
    });
  }

  it('a complete file whose rows do not fit together (an org without its parent) is refused, rolled back, in plain words', async () => {
    const lines = goodLines.slice(0, -1);
    const header = JSON.parse(lines[0]);
    const marker = lines.findIndex((l) => l.startsWith('{"table":"orgs"'));
    lines.splice(marker + 1, 1); // the root org, first of its table (parents first)
    header.rows.orgs -= 1; header.total -= 1;
    lines[0] = JSON.stringify(header);
    lines[marker] = JSON.stringify({ table: 'orgs', rows: header.rows.orgs });
    const file = path.join(dir, 'orphan.jsonl.gz');
    sealed(file, lines);
    expect((await verifyBackup(file)).tables.orgs).toBe(header.rows.orgs);
    for (const [target, force] of [[empty, false], [full, true]] as const) {
      const before = await contents(target);
      const err = await restore(target, file, { force }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RestoreRefused);
      expect((err as Error).message).toMatch(/is complete, but its rows do not load into this database: .*foreign key.*Nothing was restored/);
      expect(await contents(target)).toEqual(before);
    }
  });

  it('a damaged file names the line where the damage is, and says what to do', async () => {
    const file = path.join(dir, 'cut-line.jsonl.gz');
    const i = rowLine();
    fs.writeFileSync(file, gzipSync(goodLines.slice(0, i).map((l) => l + '\n').join('') + goodLines[i].slice(0, 40)));
    const err = await verifyBackup(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackupDamaged);
    expect((err as BackupDamaged).line).toBe(i + 1);
    expect((err as Error).message).toMatch(new RegExp(`\\(line ${i + 1}\\)\\. Nothing was restored\\. Use another backup file`));
  });
});
