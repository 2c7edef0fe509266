/**
 * Crash safety: a process killed (SIGKILL, no chance to clean up) in the middle of a stream of postings leaves each
 * posting whole or absent. Each round: start a writer process, wait until it is streaming, kill -9 it at a random
 * moment, reopen the database and verify every balance against the legs (0 differences) and every posting whole.
 * On PostgreSQL the writer uses the test database; on PGlite a data directory (the embedded database's recovery).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase, type Database } from '../../db/client.ts';
import { DB_KIND, freshDatabase } from '../../../../test/support/db.ts';
import { uuidv7 } from '../ids.ts';
import { createLedger, verifyLedger } from './ledger.ts';

const CHILD = path.join(import.meta.dirname, 'stream-child.ts');
const ROOT = path.resolve(import.meta.dirname, '../../../..');

async function setUp(database: Database) {
  const regionId = uuidv7();
  const orgId = uuidv7();
  await database.query(`insert into regions (id, code, name) values ($1, $2, '崩溃测试')`, [regionId, `crash${regionId.slice(-6)}`]);
  await database.query(`insert into orgs (region_id, id, kind, name, path) values ($1, $2, 'committee', '党委', $3)`, [regionId, orgId, `/${orgId}/`]);
  const accounts = Array.from({ length: 6 }, (_, i) => ({ code: `a${i}`, name: `a${i}`, kind: 'asset' }));
  const l = await createLedger(database.db, { regionId, orgId, code: 'crash', name: 'crash', purpose: 'test' }, accounts);
  return { regionId, ledgerId: l.id, accounts: Object.values(l.accounts) };
}

/** Starts the writer, waits for "ready", lets it run `ms` more, then kills it with SIGKILL. */
function streamAndKill(args: string[], ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => { err += String(d); });
    child.stdout.on('data', (d) => { if (String(d).includes('ready')) setTimeout(() => child.kill('SIGKILL'), ms); });
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`writer exited ${code}: ${err.slice(0, 2000)}`))));
  });
}

async function checkWhole(database: Database, regionId: string) {
  const report = await verifyLedger(database.db, regionId);
  expect(report.differences).toEqual([]);
  expect(report.imbalances).toEqual([]);
  // every posting has all its legs: leg numbers 1..n without a gap
  const broken = await database.query(`select posting_id from ledger_transfers where region_id = $1 group by posting_id having max(leg) <> count(*)`, [regionId]);
  expect(broken).toEqual([]);
  return report.transfers;
}

describe('kill -9 during a stream of transfers', () => {
  if (DB_KIND === 'pg') {
    it('three kills at random moments: after each, 0 differences and every posting whole (PostgreSQL)', async () => {
      const database = await freshDatabase();
      const [{ db: name }] = await database.query<{ db: string }>('select current_database() as db');
      const url = new URL(process.env.TEST_DATABASE_URL!);
      url.pathname = `/${name}`;
      const s = await setUp(database);
      let last = 0;
      for (let round = 0; round < 3; round++) {
        await streamAndKill([url.toString(), s.regionId, s.ledgerId, '4', ...s.accounts], 150 + Math.floor(Math.random() * 400));
        const n = await checkWhole(database, s.regionId);
        expect(n).toBeGreaterThan(last);
        last = n;
      }
    }, 120_000);
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lj-crash-'));
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
    it('two kills at random moments: the data directory reopens with 0 differences and every posting whole (PGlite)', async () => {
      let database = await openDatabase({ dataDir: dir });
      await migrate(database);
      const s = await setUp(database);
      await database.close();
      let last = 0;
      for (let round = 0; round < 2; round++) {
        await streamAndKill([dir, s.regionId, s.ledgerId, '2', ...s.accounts], 200 + Math.floor(Math.random() * 400));
        database = await openDatabase({ dataDir: dir });
        const n = await checkWhole(database, s.regionId);
        await database.close();
        expect(n).toBeGreaterThan(last);
        last = n;
      }
    }, 180_000);
  }
});
