/**
 * The article's demo data, seeded once per test run and copied for every test file that needs it.
 *
 * Seeding the whole demo takes 30 s on an idle 2-core machine and two to four times that under the suite's load; the
 * eight API files and the browser files that read it used to seed it each, on each database kind. Now the first file
 * that asks builds it (under a lock in the run's cache directory, `demoCache`, from test/support/global-setup.ts) and
 * every file gets its own copy:
 * - PGlite: a dump of the seeded in-memory database (`dumpDataDir`), loaded into a new in-memory one (~1–4 s);
 * - PostgreSQL: a seeded database made from the run's migrated template, then `CREATE DATABASE … TEMPLATE` of it;
 * - Citus: seeded per file (the distributed template cannot be copied that way with data in it);
 * - the browser tests: a seeded PGlite data directory, copied (test/e2e/harness.ts).
 * The demo is seeded at DEMO_NOW (the test clock's start) with PASSWORD (test/support/app.ts) for every sign-in;
 * the browser tests' copy is seeded at the real now with DEMO_E2E_PASSWORD.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, inject } from 'vitest';
import { loadConfig } from '../../src/server/config.ts';
import { migrate, openDatabase, type Database } from '../../src/server/db/client.ts';
import { seedIfEmpty } from '../../src/server/seed.ts';
import { cloneDatabase, DB_KIND, freshDatabase, ON_CITUS, openPgliteMigrated } from './db.ts';

/** The test clock's start (test/support/app.ts Clock): the API tests' demo is seeded at this instant. */
export const DEMO_NOW = Date.parse('2026-11-25T02:00:00Z');
/** Every demo sign-in's password in the API tests (= test/support/app.ts PASSWORD). */
export const DEMO_PASSWORD = 'correct-horse-battery';
/** Every demo sign-in's password in the browser tests' demo data directory. */
export const DEMO_E2E_PASSWORD = 'e2e-demo-password';

export interface Demo {
  database: Database;
  /** the demo sign-ins the seed created (SeedResult.logins) */
  logins: string[];
}

function cacheDir(): string {
  const dir = inject('demoCache') || path.join(os.tmpdir(), 'lj-demo-cache');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };

/**
 * Runs `build` once per cache directory and key, whatever the number of test processes asking at once: the first
 * takes `<key>.lock` (mkdir is atomic), the others wait for `<key>.json`. A lock whose process died is taken over.
 * Returns what `build` returned (as JSON).
 */
async function once<T>(key: string, build: () => Promise<T>): Promise<T> {
  const dir = cacheDir();
  const done = path.join(dir, `${key}.json`);
  const lock = path.join(dir, `${key}.lock`);
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    if (fs.existsSync(done)) return JSON.parse(fs.readFileSync(done, 'utf8')) as T;
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
      try {
        const value = await build();
        fs.writeFileSync(`${done}.tmp`, JSON.stringify(value));
        fs.renameSync(`${done}.tmp`, done);
        return value;
      } finally {
        fs.rmSync(lock, { recursive: true, force: true });
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let owner = NaN;
    try { owner = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8')); } catch { /* being written or gone */ }
    if (Number.isFinite(owner) && owner > 0 && !alive(owner)) fs.rmSync(lock, { recursive: true, force: true });
    if (Date.now() > deadline) throw new Error(`the demo data (${key}) was not built within 15 minutes`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const demoConfig = (password: string) => loadConfig({}, { adminPassword: password });
const seedDemo = async (database: Database, password: string, now: number) =>
  (await seedIfEmpty(database, demoConfig(password), { now })).logins.map((l) => l.username);

/** A database of the kind under test holding the demo data, this file's own copy. */
export async function demoDatabase(): Promise<Demo> {
  if (ON_CITUS) {
    const database = await freshDatabase();
    return { database, logins: await seedDemo(database, DEMO_PASSWORD, DEMO_NOW) };
  }
  if (DB_KIND === 'pg') {
    const template = inject('pgTemplate')!;
    const demo = `lj_t_${template.replace('lj_tmpl_', '')}_demo`;
    const { logins } = await once('postgres', async () => {
      const database = await cloneDatabase(template, demo, { dropAfterAll: false });
      try {
        return { logins: await seedDemo(database, DEMO_PASSWORD, DEMO_NOW) };
      } finally {
        await database.close();
      }
    });
    return { database: await freshDatabase(demo), logins };
  }
  const dump = path.join(cacheDir(), 'pglite.tar');
  const { logins } = await once('pglite', async () => {
    const database = await openPgliteMigrated();
    try {
      const logins = await seedDemo(database, DEMO_PASSWORD, DEMO_NOW);
      fs.writeFileSync(`${dump}.tmp`, Buffer.from(await (await database.dump!()).arrayBuffer()));
      fs.renameSync(`${dump}.tmp`, dump);
      return { logins };
    } finally {
      await database.close();
    }
  });
  const database = await openDatabase({ noLock: true, loadDataDir: new Blob([fs.readFileSync(dump)]) });
  afterAll(() => database.close());
  return { database, logins };
}

/**
 * For the browser tests: a fresh data directory holding the demo data (seeded once per run at the real now, then
 * copied), and the password of its sign-ins.
 */
export async function demoDataDir(prefix = 'lj-e2e-'): Promise<{ dataDir: string; adminPassword: string }> {
  const seeded = path.join(cacheDir(), 'e2e-data');
  await once('e2e-data', async () => {
    fs.rmSync(seeded, { recursive: true, force: true });
    fs.mkdirSync(seeded);
    const database = await openDatabase({ dataDir: seeded });
    try {
      await migrate(database);
      await seedDemo(database, DEMO_E2E_PASSWORD, Date.now());
    } finally {
      await database.close();
    }
    return {};
  });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.cpSync(seeded, dataDir, { recursive: true, filter: (src) => path.basename(src) !== 'lianjian.lock' });
  return { dataDir, adminPassword: DEMO_E2E_PASSWORD };
}
