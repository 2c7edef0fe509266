import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { migrate, openDatabase } from '../../src/server/db/client.ts';

declare module 'vitest' {
  export interface ProvidedContext { pgTemplate: string | null }
}

/** For the PostgreSQL project: migrate a template database once; each test file clones it. */
export default async function setup(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL;
  if (project.config.env?.TEST_DB !== 'pg' || !url) { project.provide('pgTemplate', null); return; }
  const name = `lj_tmpl_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`drop database if exists ${name}`);
  await admin.query(`create database ${name}`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: u.toString(), poolMax: 1 });
  await migrate(database);
  await database.close();
  project.provide('pgTemplate', name);
  return async () => {
    // drop leftovers of this run (a crashed file may not have dropped its own)
    const rows = await admin.query(`select datname from pg_database where datname like $2 or datname = $1`, [name, `lj_t_${process.pid}_%`]);
    for (const r of rows.rows) await admin.query(`drop database if exists ${r.datname} with (force)`).catch(() => {});
    await admin.end();
  };
}
