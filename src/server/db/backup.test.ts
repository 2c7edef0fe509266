import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { createGunzip } from 'node:zlib';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { json, testApp } from '../../../test/support/app.ts';
import { backup, restore, RestoreRefused } from './backup.ts';
import { migrate, openDatabase, type Database } from './client.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lj-backup-'));

async function rowsOf(file: string): Promise<string[]> {
  const out: string[] = [];
  const rl = readline.createInterface({ input: fs.createReadStream(file).pipe(createGunzip()) });
  let first = true;
  for await (const line of rl) { if (first) { first = false; continue; } out.push(line); }
  return out;
}

async function emptyPglite(): Promise<Database> {
  const d = await openDatabase({ noLock: true });
  await migrate(d);
  return d;
}

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

describe('backup and restore', () => {
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
