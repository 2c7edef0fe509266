/**
 * The command line (`node bin/lianjian.mjs …`) as a child process on temporary PGlite data
 * directories: migrate, seed (generated password printed once), create-user, backup → restore,
 * restore refusing a non-empty database, usage. Each process costs a couple of seconds, so the steps
 * share two data directories and run in order.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
import { migrate, openDatabase } from './db/client.ts';
import { makeIdNumber } from './modules/directory/idcard.ts';
import { writeXlsx } from './platform/xlsx.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(ROOT, 'bin', 'lianjian.mjs');

interface Run { code: number | null; stdout: string; stderr: string }

/** Runs the CLI with DATA_DIR = dir on the embedded database (whatever the test project's database is). */
function cli(dir: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  const base = { ...process.env };
  delete base.LIANJIAN_ADMIN_PASSWORD;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...base, DATA_DIR: dir, DATABASE_URL: '', LOG_LEVEL: 'warn', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const dirs: string[] = [];
const tmp = (prefix: string) => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(d);
  return d;
};
afterAll(() => { for (const d of dirs) fs.rmSync(d, { recursive: true, force: true }); });

/** Signs in through the API of an app built on the data directory (after the CLI has exited and released it). */
async function signIns(dir: string, logins: { username: string; password: string }[]): Promise<number[]> {
  const { buildApp } = await import('./app.ts');
  const database = await openDatabase({ dataDir: dir });
  try {
    await migrate(database);
    const config = loadConfig({}, { dataDir: dir, loginRatePerMinute: 1000 });
    const app = await buildApp({ database, config, logger: false });
    try {
      const codes: number[] = [];
      for (const l of logins) {
        const res = await app.inject({
          method: 'POST', url: '/api/v1/auth/login', payload: l, headers: { 'x-requested-with': 'XMLHttpRequest' },
        });
        codes.push(res.statusCode);
      }
      return codes;
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
  }
}

// Generous: every step spawns the CLI (tsx + PGlite) once or twice on a machine that may be busy.
describe('lianjian CLI', { timeout: 90_000 }, () => {
  const a = tmp('lj-cli-a-');
  const b = tmp('lj-cli-b-');
  const backupFile = path.join(tmp('lj-cli-bak-'), 'lianjian.backup.gz');
  let adminPassword = '';
  let alicePassword = '';

  it('migrate creates and migrates an empty data directory', async () => {
    const r = await cli(a, ['migrate']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Migrations applied/);
    expect(fs.existsSync(path.join(a, 'pgdata'))).toBe(true);
    expect(fs.existsSync(path.join(a, 'lianjian.lock'))).toBe(false); // released on exit
  });

  it('seed prints the sign-ins and a generated password once; a second seed seeds nothing', async () => {
    const first = await cli(a, ['seed']);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Demo data loaded.*Sign in/);
    expect(first.stdout).toMatch(/^\s+admin\s+\(platform admin\)/m);
    const m = /generated now, shown only this once\): (\S+)/.exec(first.stdout);
    expect(m, first.stdout).not.toBeNull();
    adminPassword = m![1];
    expect(adminPassword.length).toBeGreaterThanOrEqual(12);

    const second = await cli(a, ['seed']);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/already has data; nothing seeded/);
    expect(second.stdout).not.toContain(adminPassword);
    expect(second.stdout).not.toMatch(/password/i);
  });

  it('create-user makes a user who can sign in (and so can the seeded admin)', async () => {
    const r = await cli(a, ['create-user', 'alice', '--name', '王小丽']);
    expect(r.code).toBe(0);
    const m = /User alice created\. Password: (\S+)/.exec(r.stdout);
    expect(m, r.stdout + r.stderr).not.toBeNull();
    alicePassword = m![1];

    expect(await signIns(a, [
      { username: 'alice', password: alicePassword },
      { username: 'admin', password: adminPassword },
      { username: 'alice', password: `${alicePassword}x` },
    ])).toEqual([200, 200, 401]);
  });

  it('backup FILE, then restore FILE into an empty data directory: the same users sign in there', async () => {
    const bak = await cli(a, ['backup', backupFile]);
    expect(bak.code).toBe(0);
    expect(bak.stdout).toMatch(/Backup written to .*: \d+ tables, [\d,]+ rows \([\d,]+ KB\)\./);
    expect(bak.stdout).toMatch(/Verified: the file reads back complete, checksum correct\./);
    // not a terminal: progress comes as plain lines, never carriage returns
    expect(bak.stdout).toMatch(/^Reading the database: [\d,]+ of [\d,]+ rows, 100%$/m);
    expect(bak.stdout).not.toContain('\r');
    expect(fs.statSync(backupFile).size).toBeGreaterThan(100);

    const res = await cli(b, ['restore', backupFile]);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/Restored [1-9][\d,]* rows into \d+ tables from .* \(made \d{4}-/);
    // table by table: the tables with rows, each with its count, and the empty ones on one line
    expect(res.stdout).toMatch(/^ {2}users +[2-9]\d*$/m);
    expect(res.stdout).toMatch(/^ {2}empty \(\d+\): /m);

    expect(await signIns(b, [
      { username: 'alice', password: alicePassword },
      { username: 'admin', password: adminPassword },
    ])).toEqual([200, 200]);
  });

  it('backup --verify FILE checks a backup without a database; a damaged one is refused by restore in plain words', async () => {
    const ok = await cli(a, ['backup', '--verify', backupFile]);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/is a complete backup: \d+ tables, [\d,]+ rows, checksum correct\.\n.*at migration \d+[\s\S]*can restore it/);

    // cut in the middle of a line, as a copy interrupted at the wrong moment would leave it
    const text = gunzipSync(fs.readFileSync(backupFile)).toString('utf8');
    const cut = path.join(path.dirname(backupFile), 'cut.backup.gz');
    fs.writeFileSync(cut, gzipSync(text.slice(0, Math.floor(text.length * 0.7))));
    const v = await cli(a, ['backup', '--verify', cut]);
    expect(v.code).toBe(1);
    expect(v.stderr).toMatch(new RegExp(`^Error: ${cut.replace(/[.]/g, '\\.')} is not a complete backup: the file is cut short in the middle of line \\d+, in table \\w+ .*\\(line [\\d,]+\\)\\. Nothing was restored\\. Use another backup file`));

    const c = tmp('lj-cli-c-');
    const r = await cli(c, ['restore', cut]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/is not a complete backup: the file is cut short/);
    expect(r.stderr).not.toMatch(/JSON|position|at .*\.ts:\d+/);
    expect(r.stdout).not.toMatch(/Restored/);
    // refused before the database was even opened
    expect(fs.existsSync(path.join(c, 'pgdata'))).toBe(false);
  });

  it('import-members FILE --org ORG_ID: the web app\'s roster import from the command line, with --check and --valid-only', async () => {
    const database = await openDatabase({ dataDir: b });
    const [branch] = await database.query<{ id: string }>(`select id from orgs where kind = 'branch' order by path limit 1`);
    await database.close();
    const roster = path.join(tmp('lj-cli-imp-'), 'roster.xlsx');
    const id = (d: string, seq: number) => makeIdNumber('110101', d, 'F', seq);
    const bad = id('1977-02-04', 3).slice(0, 17) + (id('1977-02-04', 3).endsWith('0') ? '1' : '0'); // wrong check digit
    await writeXlsx(roster, '党员名册', ['姓名', '性别', '出生日期', '身份证号', '人员类别', '入党日期', '转正日期'], [
      ['林晓红', '女', '1977-02-01', id('1977-02-01', 0), '正式党员', '2001-07-01', '2002-07-01'],
      ['林晓青', '女', '1977-02-02', id('1977-02-02', 1), '正式党员', '2001-07-01', '2002-07-01'],
      ['林晓蓝', '女', '1977-02-03', id('1977-02-03', 2), '预备党员', '2026-07-01', null],
      ['林晓紫', '女', '1977-02-04', bad, '正式党员', '2001-07-01', '2002-07-01'],
    ], { textColumns: [4] });

    const check = await cli(b, ['import-members', roster, '--org', branch.id, '--check']);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/Checked .*roster\.xlsx: 4 rows, 3 valid, 1 with errors\./);
    expect(check.stdout).toMatch(/^ {2}row 5, D ID number: /m);
    expect(check.stdout).toMatch(/Error report .*import-reports\/[0-9a-f-]+\.xlsx/);
    expect(check.stdout).toMatch(/Nothing was written \(--check\)/);

    const all = await cli(b, ['import-members', roster, '--org', branch.id]);
    expect(all.code).toBe(1);
    expect(all.stdout).toMatch(/Nothing was imported: 1 rows have errors\..*--valid-only/);

    const some = await cli(b, ['import-members', roster, '--org', branch.id, '--valid-only']);
    expect(some.stderr).toBe('');
    expect(some.code).toBe(0);
    expect(some.stdout).toMatch(/^Importing: 4 of 4 rows, 100%$/m); // plain progress lines off a terminal
    expect(some.stdout).toMatch(/Imported: 3 members created, 0 updated; the 1 rows with errors were left out/);
    const after = await openDatabase({ dataDir: b });
    const rows = await after.query<{ name: string; org_id: string }>(`select name, org_id from members where name like '林晓%' order by name`);
    const [{ n }] = await after.query<{ n: number }>(`select count(*)::int as n from audit_log where action = 'member.import_create'`);
    await after.close();
    expect(rows.map((r) => r.name)).toEqual(['林晓蓝', '林晓红', '林晓青'].sort());
    expect(new Set(rows.map((r) => r.org_id))).toEqual(new Set([branch.id]));
    expect(n).toBe(3);

    const nobody = await cli(b, ['import-members', roster, '--as', 'nobody']);
    expect(nobody.code).toBe(2);
    expect(nobody.stderr).toMatch(/no enabled user "nobody"/);
  });

  it('restore into a non-empty database without --force exits 1 with the reason', async () => {
    const r = await cli(a, ['restore', backupFile]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/The database is not empty; restoring would merge into it\. Use --force/);
  });

  it('an unknown command prints the usage and exits 2', async () => {
    const r = await cli(a, ['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^Usage: lianjian <command>/);
    for (const cmd of ['start', 'migrate', 'seed', 'create-user', 'backup FILE', 'backup --verify FILE', 'restore FILE']) expect(r.stdout).toContain(cmd);
  });

  it('runs the server from a bundle that is rebuilt whenever a source file is newer', async () => {
    const bundle = path.join(ROOT, 'dist', 'server', 'main.mjs');
    expect((await cli(a, ['help'])).code).toBe(0);
    expect(fs.existsSync(bundle)).toBe(true);
    // a bundle older than the sources (someone edited a file) is never run: it is built again first
    const past = new Date('2000-01-01T00:00:00Z');
    fs.utimesSync(bundle, past, past);
    const r = await cli(a, ['help']);
    expect(r.code).toBe(0);
    expect(fs.statSync(bundle).mtimeMs).toBeGreaterThan(past.getTime());
    // and the sources still run without it
    expect((await cli(a, ['frobnicate'], { LIANJIAN_NO_BUNDLE: '1' })).code).toBe(2);
  });
});
