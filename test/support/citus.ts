import pg from 'pg';

/**
 * A Citus cluster for tests (TEST_CITUS_URL names a database on the coordinator that has the citus extension and
 * its workers added, e.g. the one `../shared/citus/cluster.sh start DIR 9700 lianjian` makes).
 *
 * Each test file gets its own copy of a migrated and distributed template database. Citus connects to a worker
 * using the same database name as on the coordinator, so the copy is made on every node under one name:
 * CREATE DATABASE … TEMPLATE copies the coordinator's metadata and each worker's shards alike, and the copy is a
 * complete cluster of its own. The template disallows connections (Citus's maintenance daemon would otherwise stay
 * connected to it, and PostgreSQL only copies a database nobody is connected to).
 */
export interface CitusNode { host: string; port: number; coordinator: boolean }

export function urlFor(base: string, node: CitusNode, db: string): string {
  const u = new URL(base);
  u.hostname = node.host;
  u.port = String(node.port);
  u.pathname = `/${db}`;
  return u.toString();
}

export async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try { return await fn(c); } finally { await c.end(); }
}

/** The cluster's nodes, read from the coordinator's metadata (coordinator first). */
export async function citusNodes(url: string): Promise<CitusNode[]> {
  const rows = await withClient(url, (c) => c.query<{ h: string; p: number; g: number }>(
    `select nodename as h, nodeport as p, groupid as g from pg_dist_node where noderole = 'primary' order by groupid`));
  const nodes = rows.rows.map((r) => ({ host: r.h, port: r.p, coordinator: r.g === 0 }));
  if (!nodes.some((n) => n.coordinator)) {
    const u = new URL(url);
    nodes.unshift({ host: u.hostname, port: Number(u.port || 5432), coordinator: true });
  }
  return nodes;
}

/** Runs `sql` in the `postgres` database of every node. */
export async function onEveryNode(base: string, nodes: CitusNode[], sql: (n: CitusNode) => string[]): Promise<void> {
  await Promise.all(nodes.map((n) => withClient(urlFor(base, n, 'postgres'), async (c) => {
    for (const s of sql(n)) await c.query(s);
  })));
}

/** A new database `name` on every node, copied from `template` (retried while another file copies it). */
export async function cloneEverywhere(base: string, nodes: CitusNode[], template: string, name: string): Promise<void> {
  await Promise.all(nodes.map((n) => withClient(urlFor(base, n, 'postgres'), async (c) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await c.query(`create database ${name} template ${template}`);
        return;
      } catch (e) {
        if ((e as { code?: string }).code !== '55006' || attempt > 200) throw e;
        await new Promise((r) => setTimeout(r, 50 + Math.random() * 200));
      }
    }
  })));
}

export async function dropEverywhere(base: string, nodes: CitusNode[], name: string): Promise<void> {
  await onEveryNode(base, nodes, () => [`drop database if exists ${name} with (force)`]);
}
