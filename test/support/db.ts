import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import pg from 'pg';
import { afterAll, inject } from 'vitest';
import { migrate, openDatabase, type Database } from '../../src/server/db/client.ts';
import { citusNodes, cloneEverywhere, dropEverywhere, urlFor } from './citus.ts';

/** 'pg' on PostgreSQL and on Citus (both are PostgreSQL servers to the app). */
export const DB_KIND: 'pglite' | 'pg' = process.env.TEST_DB === 'pg' || process.env.TEST_DB === 'citus' ? 'pg' : 'pglite';
/** The suite runs on a Citus cluster (TEST_CITUS_URL, the `citus` vitest project). */
export const ON_CITUS = process.env.TEST_DB === 'citus';

/**
 * A fresh, migrated database for one test file: in-memory PGlite, or (TEST_DB=pg) a new PostgreSQL database
 * cloned from the run's template. Dropped after the file.
 */
export async function freshDatabase(template?: string): Promise<Database> {
  if (ON_CITUS) return freshCitusDatabase();
  if (DB_KIND === 'pg') {
    const runTemplate = inject('pgTemplate');
    if (!runTemplate) throw new Error('TEST_DB=pg needs TEST_DATABASE_URL');
    // databases of this run share the template's suffix, so a run only ever drops its own
    const name = `lj_t_${runTemplate.replace('lj_tmpl_', '')}_${randomBytes(5).toString('hex')}`;
    return cloneDatabase(template ?? runTemplate, name, { dropAfterAll: true });
  }
  const database = await openPgliteMigrated();
  afterAll(() => database.close());
  return database;
}

/** An in-memory PGlite holding the migrated schema: the run's dump of it when there is one (global setup). */
export async function openPgliteMigrated(): Promise<Database> {
  const template = inject('pgliteTemplate');
  if (template) return openDatabase({ noLock: true, loadDataDir: new Blob([fs.readFileSync(template)]) });
  const database = await openDatabase({ noLock: true });
  await migrate(database);
  return database;
}

/**
 * PostgreSQL: a new database `name` copied from `template` (CREATE DATABASE … TEMPLATE), opened; dropped after the
 * file when dropAfterAll (the run's global teardown drops every `lj_t_<run>_…` left).
 */
export async function cloneDatabase(template: string, name: string, opts: { dropAfterAll: boolean }): Promise<Database> {
  const url = process.env.TEST_DATABASE_URL!;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  // CREATE DATABASE ... TEMPLATE fails while another file is copying the same template: retry
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.query(`create database ${name} template ${template}`);
      break;
    } catch (e) {
      if ((e as { code?: string }).code !== '55006' || attempt > 400) throw e;
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 200));
    }
  }
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: u.toString(), poolMax: 5 });
  if (opts.dropAfterAll) {
    afterAll(async () => {
      await database.close();
      const a = new pg.Client({ connectionString: url });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    });
  }
  return database;
}

/** A copy of the run's distributed template database on every node of the Citus cluster (test/support/citus.ts). */
async function freshCitusDatabase(): Promise<Database> {
  const url = process.env.TEST_CITUS_URL!;
  const template = inject('pgTemplate');
  if (!template) throw new Error('TEST_DB=citus needs TEST_CITUS_URL');
  const nodes = await citusNodes(url);
  const name = `lj_tc_${template.replace('lj_ctmpl_', '')}_${randomBytes(5).toString('hex')}`;
  await cloneEverywhere(url, nodes, template, name);
  const database = await openDatabase({ databaseUrl: urlFor(url, nodes.find((n) => n.coordinator)!, name), poolMax: 5 });
  afterAll(async () => {
    await database.close();
    await dropEverywhere(url, nodes, name);
  });
  return database;
}
