import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDataDir, migrate, migrationVersion, openDatabase } from './client.ts';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'lj-lock-'));

describe('the data directory lock', () => {
  it('a second open of the same DATA_DIR fails at once with a clear message', async () => {
    const dir = tmp();
    const first = await openDatabase({ dataDir: dir });
    try {
      expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
      expect(() => lockDataDir(dir)).toThrow(/in use by another Lianjian process/);
    } finally {
      await first.close();
    }
    // released on close: the next open works and sees what the first wrote
    const again = await openDatabase({ dataDir: dir });
    await again.close();
  });

  it('another process starting on a locked DATA_DIR exits non-zero with the message', async () => {
    const dir = tmp();
    const held = lockDataDir(dir);
    try {
      const child = spawn(process.execPath, [path.resolve('bin/lianjian.mjs'), 'migrate'], {
        env: { ...process.env, DATA_DIR: dir, DATABASE_URL: '' }, stdio: ['ignore', 'pipe', 'pipe'],
      });
      let err = '';
      child.stderr.on('data', (d) => { err += d; });
      const code = await new Promise<number | null>((r) => child.on('exit', r));
      expect(code).toBe(1);
      expect(err).toMatch(/in use by another Lianjian process \(pid \d+\)/);
    } finally {
      held();
    }
  });

  it('a lock left by a dead process is taken over', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'lianjian.lock'), '999999999');
    const release = lockDataDir(dir);
    expect(fs.readFileSync(path.join(dir, 'lianjian.lock'), 'utf8')).toBe(String(process.pid));
    release();
    expect(fs.existsSync(path.join(dir, 'lianjian.lock'))).toBe(false);
  });

  it('data survives a restart of the embedded database, migrations recorded', async () => {
    const dir = tmp();
    const a = await openDatabase({ dataDir: dir });
    await migrate(a);
    await a.query(`insert into regions (id, code, name) values ('00000000-0000-7000-8000-000000000001', 'kp', '孔浦街道')`);
    await a.close();
    const b = await openDatabase({ dataDir: dir });
    await migrate(b);
    expect(await b.query('select name from regions')).toEqual([{ name: '孔浦街道' }]);
    expect((await migrationVersion(b)).applied).toBeGreaterThan(0);
    await b.close();
  });
});

describe('a statement that times out on PostgreSQL', () => {
  it.runIf(process.env.TEST_DB === 'pg' && process.env.TEST_DATABASE_URL)('fails as DATABASE_UNAVAILABLE, closes its connection and commits nothing', async () => {
    const { isDatabaseUnavailable } = await import('../platform/errors.ts');
    const { sql } = await import('drizzle-orm');
    // one connection: without the guard the pool would hand the same one (same backend pid) back
    const database = await openDatabase({ databaseUrl: process.env.TEST_DATABASE_URL, poolMax: 1, statementTimeoutMs: 300 });
    const table = `lj_timeout_probe_${process.pid}`;
    try {
      await database.query(`create table ${table} (x int)`);
      const [{ pid: before }] = await database.query<{ pid: number }>('select pg_backend_pid() as pid');
      const err = await database.db.transaction(async (tx) => {
        await tx.execute(sql.raw(`insert into ${table} values (1)`));
        await tx.execute(sql`select pg_sleep(2)`);
      }).then(() => null, (e: unknown) => e);
      expect(isDatabaseUnavailable(err)).toBe(true);
      // the pool works again, on a new connection, and the insert of the timed-out transaction is not there
      const [{ pid: after }] = await database.query<{ pid: number }>('select pg_backend_pid() as pid');
      expect(after).not.toBe(before);
      expect(await database.query(`select * from ${table}`)).toEqual([]);
    } finally {
      await database.query(`drop table if exists ${table}`);
      await database.close();
    }
  });
});
