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
