/** `lianjian ledger verify` as a child process: exit 0 and "0 differences" on sound books, exit 1 naming the account after tampering. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../../db/client.ts';
import { uuidv7 } from '../ids.ts';
import { createLedger, post } from './ledger.ts';

const ROOT = path.resolve(import.meta.dirname, '../../../..');
const CLI = path.join(ROOT, 'bin', 'lianjian.mjs');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lj-ledger-cli-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function cli(args: string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DATA_DIR: dir, DATABASE_URL: '', LOG_LEVEL: 'warn' },
    });
    let stdout = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout }));
  });
}

describe('lianjian ledger verify', () => {
  it('exit 0 with 0 differences, then exit 1 naming the tampered account and its ledger', async () => {
    let database = await openDatabase({ dataDir: dir });
    await migrate(database);
    const regionId = uuidv7();
    const orgId = uuidv7();
    await database.query(`insert into regions (id, code, name) values ($1, 'clitest', '命令行')`, [regionId]);
    await database.query(`insert into orgs (region_id, id, kind, name, path) values ($1, $2, 'committee', '党委', $3)`, [regionId, orgId, `/${orgId}/`]);
    const l = await createLedger(database.db, { regionId, orgId, code: 'cli', name: 'cli', purpose: 'test' }, [
      { code: 'outside', name: '外部', kind: 'external' }, { code: 'cash', name: '现金', kind: 'asset', noNegative: true },
    ]);
    for (const amount of [100n, 250n]) await post(database.db, Date.now(), { regionId, ledgerId: l.id, code: 'in', legs: [{ debit: l.accounts.outside, credit: l.accounts.cash, amount }] });
    await database.close();

    const ok = await cli(['ledger', 'verify']);
    expect(ok.stdout).toMatch(/2 accounts, 2 transfers/);
    expect(ok.stdout).toMatch(/^0 differences\.$/m);
    expect(ok.code).toBe(0);

    database = await openDatabase({ dataDir: dir });
    await database.query('update ledger_accounts set balance = 351 where region_id = $1 and id = $2', [regionId, l.accounts.cash]);
    await database.close();
    const bad = await cli(['ledger', 'verify']);
    expect(bad.stdout).toContain(`DIFFERENCE account cash (${l.accounts.cash}`);
    expect(bad.stdout).toMatch(/stored balance 351 .*from the transfers 350/);
    expect(bad.stdout).toContain(`IMBALANCE ledger ${l.id}: balances sum to 1`);
    expect(bad.code).toBe(1);
  }, 120_000);
});
