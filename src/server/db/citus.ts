import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { is, sql, type SQL } from 'drizzle-orm';
import type { Database } from './client.ts';
import * as schema from './schema.ts';
import { platformCapability } from '../platform/manifest.ts';
import { MODULES } from '../modules/index.ts';

const ALL_CAPABILITIES: readonly DeclaredTables[] = [platformCapability, ...MODULES];

/**
 * Citus (distributed PostgreSQL): every region-scoped table is distributed by region_id, all of them
 * co-located with the first one, and every shared table becomes a reference table (a copy on each node).
 * See docs/scaling.md.
 */

export interface DistributionPlan {
  /** Shared tables, in foreign-key order (a table comes after the tables it references). */
  reference: string[];
  /** Region-scoped tables, distributed by region_id and co-located with `distributed[0]`. */
  distributed: string[];
}

/** A table some capability declares, as src/server/platform/capability.ts `tables` says. */
export interface DeclaredTables { name: string; tables: { region: PgTable[]; shared: PgTable[] } }

/** A schema that cannot be distributed as declared; `problems` says which table and why, in words. */
export class DistributionPlanInvalid extends Error {
  constructor(readonly problems: string[]) {
    super(`The capability manifests do not describe the schema: ${problems.join('; ')}`);
  }
}

/**
 * Which tables are distributed and which are reference tables, read from the capability manifests (each declares
 * its tables as `region` or `shared`), in foreign-key order. Refuses (DistributionPlanInvalid) a schema table no
 * manifest declares, a table declared twice, a region table without region_id and a shared table with one — so a
 * new table cannot be forgotten or half-declared.
 */
export function distributionPlan(capabilities: readonly DeclaredTables[] = ALL_CAPABILITIES): DistributionPlan {
  const tables = (Object.values(schema) as unknown[]).filter((v): v is PgTable => is(v, PgTable)).map((t) => getTableConfig(t));
  const kind = new Map<string, 'region' | 'shared'>();
  const problems: string[] = [];
  for (const c of capabilities) {
    for (const k of ['region', 'shared'] as const) {
      for (const t of c.tables[k]) {
        const name = getTableConfig(t).name;
        if (kind.has(name)) problems.push(`${name} is declared twice (again by ${c.name})`);
        kind.set(name, k);
      }
    }
  }
  for (const t of tables) {
    const k = kind.get(t.name);
    const hasRegion = t.columns.some((c) => c.name === 'region_id');
    if (!k) problems.push(`${t.name} is in the schema but no capability manifest declares it (tables.region or tables.shared)`);
    else if (k === 'region' && !hasRegion) problems.push(`${t.name} is declared region-scoped but has no region_id column to distribute it by`);
    else if (k === 'shared' && hasRegion) problems.push(`${t.name} is declared shared but has a region_id: declare it region-scoped`);
  }
  for (const name of kind.keys()) if (!tables.some((t) => t.name === name)) problems.push(`${name} is declared but not in src/server/db/schema.ts`);
  if (problems.length) throw new DistributionPlanInvalid(problems);

  const deps = new Map<string, string[]>();
  for (const t of tables) {
    deps.set(t.name, t.foreignKeys.map((fk) => getTableConfig(fk.reference().foreignTable).name).filter((n) => n !== t.name));
  }
  const reference: string[] = [];
  const distributed: string[] = [];
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    // a reference table must exist before the tables whose foreign keys point at it (../shared/citus/verify.sh)
    for (const d of deps.get(name) ?? []) visit(d);
    (kind.get(name) === 'region' ? distributed : reference).push(name);
  };
  // orgs first: the co-location group is named after it (as docs/scaling.md has always said)
  for (const name of ['orgs', ...tables.map((t) => t.name).sort()]) if (deps.has(name)) visit(name);
  return { reference, distributed };
}

export class CitusMissing extends Error {
  constructor() {
    super('This database does not have the citus extension, so there is nothing to distribute. ' +
      'Point DATABASE_URL at a Citus coordinator (CREATE EXTENSION citus; and add its workers) first.');
  }
}

export interface DistributeResult {
  /** Tables made reference or distributed by this run (an empty list: everything already was). */
  changed: string[];
  reference: string[];
  distributed: string[];
}

type CitusType = 'distributed' | 'reference' | 'local';

/** Which tables Citus already manages, and how. */
async function citusTables(database: Database): Promise<Map<string, CitusType>> {
  const rows = await database.query<{ t: string; k: CitusType }>(
    `select logicalrelid::regclass::text as t,
            case partmethod when 'h' then 'distributed' when 'n' then
              (case when repmodel = 't' then 'reference' else 'local' end) else 'local' end as k
       from pg_dist_partition`);
  return new Map(rows.map((r) => [r.t.replace(/^.*\./, '').replace(/"/g, ''), r.k]));
}

export async function hasCitus(database: Database): Promise<boolean> {
  if (database.kind !== 'postgres') return false;
  const rows = await database.query(`select 1 from pg_extension where extname = 'citus'`);
  return rows.length > 0;
}

/**
 * Distributes the schema (idempotent). Foreign keys between tables Citus does not manage yet are dropped first
 * and re-created at the end, all in one transaction: Citus turns a plain table that references a new
 * reference table into a "citus local" table, which then cannot be distributed.
 */
export async function distribute(database: Database): Promise<DistributeResult> {
  if (!(await hasCitus(database))) throw new CitusMissing();
  const plan = distributionPlan();
  const before = await citusTables(database);
  const todo = [...plan.reference, ...plan.distributed].filter((t) => {
    const want = plan.reference.includes(t) ? 'reference' : 'distributed';
    return before.get(t) !== want;
  });
  if (todo.length === 0) return { changed: [], ...plan };
  const [colocateWith] = plan.distributed;
  await database.db.transaction(async (tx) => {
    const q = async <T>(query: SQL) => (await tx.execute(query) as unknown as { rows: T[] }).rows;
    // Citus creates shards over several connections unless told to stay on one inside a transaction
    await q(sql`set local citus.multi_shard_modify_mode to 'sequential'`);
    // ledger_transfers carries a row trigger refusing UPDATE/DELETE (append-only, docs/ledger.md): it reads nothing
    // else, so it is safe on each shard; Citus refuses to distribute a table with triggers unless told so
    await q(sql`set local citus.enable_unsafe_triggers to on`);
    const names = sql`string_to_array(${todo.join(',')}, ',')`;
    const fks = await q<{ t: string; name: string; def: string }>(sql`
      select c.conrelid::regclass::text as t, c.conname as name, pg_get_constraintdef(c.oid) as def
        from pg_constraint c
       where c.contype = 'f' and c.connamespace = current_schema()::regnamespace
         and (c.conrelid::regclass::text = any(${names}) or c.confrelid::regclass::text = any(${names}))`);
    for (const fk of fks) await q(sql.raw(`alter table ${fk.t} drop constraint "${fk.name}"`));
    for (const t of todo) {
      if (before.get(t) === 'local') await q(sql`select undistribute_table(${t})`);
      if (plan.reference.includes(t)) await q(sql`select create_reference_table(${t})`);
      else if (t === colocateWith) await q(sql`select create_distributed_table(${t}, 'region_id')`);
      else await q(sql`select create_distributed_table(${t}, 'region_id', colocate_with => ${colocateWith})`);
    }
    for (const fk of fks) await q(sql.raw(`alter table ${fk.t} add constraint "${fk.name}" ${fk.def}`));
  });
  return { changed: todo, ...plan };
}

/** `lianjian citus distribute`: prints what it did; exit code 1 on a database without Citus. */
export async function citusCli(database: Database, args: string[]): Promise<number> {
  if (args[0] !== 'distribute') {
    console.error('Usage: lianjian citus distribute');
    return 2;
  }
  try {
    const r = await distribute(database);
    if (r.changed.length === 0) {
      console.log(`Already distributed: ${r.distributed.length} tables by region_id, ${r.reference.length} reference tables. Nothing to do.`);
    } else {
      const ref = r.changed.filter((t) => r.reference.includes(t));
      const dist = r.changed.filter((t) => r.distributed.includes(t));
      if (ref.length) console.log(`Reference tables (a copy on every node): ${ref.join(', ')}`);
      if (dist.length) console.log(`Distributed by region_id, co-located with ${r.distributed[0]}: ${dist.join(', ')}`);
      console.log(`Done: ${r.distributed.length} distributed and ${r.reference.length} reference tables.`);
    }
    return 0;
  } catch (e) {
    if (!(e instanceof CitusMissing) && !(e instanceof DistributionPlanInvalid)) throw e;
    console.error(`Error: ${e.message}`);
    return 1;
  }
}
