import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { migrate, openDatabase } from '../../src/server/db/client.ts';
import { distribute } from '../../src/server/db/citus.ts';
import { citusNodes, onEveryNode, urlFor, withClient } from './citus.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgTemplate: string | null;
    /** PGlite: a dump of a migrated database, made once per run; each test file loads it instead of migrating */
    pgliteTemplate: string | null;
    /** this project's directory for the demo data built once per run (test/support/demo.ts) */
    demoCache: string;
  }
}

/** For the PostgreSQL and Citus projects: migrate a template database once; each test file clones it. */
export default async function setup(project: TestProject) {
  const demoCache = fs.mkdtempSync(path.join(os.tmpdir(), `lj-demo-${project.name}-`));
  project.provide('demoCache', demoCache);
  const teardown = await setupDatabase(project, demoCache);
  return async () => {
    await teardown?.();
    fs.rmSync(demoCache, { recursive: true, force: true });
  };
}

async function setupDatabase(project: TestProject, demoCache: string): Promise<(() => Promise<void>) | undefined> {
  if (project.config.env?.TEST_DB === 'citus') return setupCitus(project);
  project.provide('pgliteTemplate', null);
  if (project.config.env?.TEST_DB === 'pglite') {
    // initdb and the migrations cost a PGlite test file seconds each; loading a dump of them costs a fraction
    const database = await openDatabase({ noLock: true });
    try {
      await migrate(database);
      const file = path.join(demoCache, 'pglite-migrated.tar');
      fs.writeFileSync(file, Buffer.from(await (await database.dump!()).arrayBuffer()));
      project.provide('pgliteTemplate', file);
    } finally {
      await database.close();
    }
  }
  const url = process.env.TEST_DATABASE_URL;
  if (project.config.env?.TEST_DB !== 'pg' || !url) { project.provide('pgTemplate', null); return undefined; }
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

/**
 * For the Citus project: on every node a template database with the citus extension and the coordinator's node
 * list; on the coordinator it is migrated and distributed (`lianjian citus distribute`). Then it is closed to
 * connections so that each test file can copy it (test/support/citus.ts).
 */
async function setupCitus(project: TestProject) {
  const url = process.env.TEST_CITUS_URL!;
  const nodes = await citusNodes(url);
  const name = `lj_ctmpl_${process.pid}`;
  const dropAll = async (pattern: string) => {
    await Promise.all(nodes.map((n) => withClient(urlFor(url, n, 'postgres'), async (c) => {
      const rows = await c.query<{ datname: string }>(`select datname from pg_database where datname like $1`, [pattern]);
      for (const r of rows.rows) await c.query(`drop database if exists ${r.datname} with (force)`).catch(() => {});
    })));
  };
  await dropAll(name);
  // fewer shards than the product's 32: a test database holds a few regions, and copying it is faster
  await onEveryNode(url, nodes, () => [`create database ${name}`, `alter database ${name} set citus.shard_count = 8`]);
  await Promise.all(nodes.map((n) => withClient(urlFor(url, n, name), (c) => c.query('set client_min_messages = warning; create extension if not exists citus'))));
  const coordinator = nodes.find((n) => n.coordinator)!;
  await withClient(urlFor(url, coordinator, name), async (c) => {
    await c.query(`select citus_set_coordinator_host($1, $2)`, [coordinator.host, coordinator.port]);
    for (const n of nodes) if (!n.coordinator) await c.query(`select citus_add_node($1, $2)`, [n.host, n.port]);
  });
  const database = await openDatabase({ databaseUrl: urlFor(url, coordinator, name), poolMax: 1 });
  await migrate(database);
  await distribute(database);
  await database.close();
  await onEveryNode(url, nodes, () => [
    `alter database ${name} allow_connections false`,
    `select pg_terminate_backend(pid) from pg_stat_activity where datname = '${name}'`,
  ]);
  project.provide('pgTemplate', name);
  return async () => {
    await dropAll(`lj_tc_${process.pid}_%`);
    await dropAll(name);
  };
}
