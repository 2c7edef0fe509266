import cluster from 'node:cluster';
import { parseArgs } from 'node:util';
import { loadConfig, type Config } from './config.ts';
import { DataDirLockedError, migrate, openDatabase, type Database } from './db/client.ts';
import { backup, checkMigration, installedMigrations, restore, RestoreRefused, verifyBackup, type BackupInfo, type OnProgress } from './db/backup.ts';
import { citusCli } from './db/citus.ts';
import { ledgerCli } from './platform/ledger/cli.ts';
import { expireAllPending } from './platform/ledger/ledger.ts';
import { progressLine } from './cli-progress.ts';
import { startBus } from './platform/bus.ts';
import { generatePassword } from './platform/auth/passwords.ts';
import { transaction } from './platform/transaction.ts';
import { createUser, grantRole } from './platform/users.ts';
import { ROLES, SCOPE_KINDS, type Role, type ScopeKind } from '../shared/roles.ts';
import { seedIfEmpty, type SeedResult } from './seed.ts';

const USAGE = `Usage: lianjian <command> [options]

Commands:
  start                  migrate, load the demo data on an empty database, serve the web app and API
  migrate                apply pending migrations and exit
  seed                   load the demo data into an empty database and exit
  create-user USERNAME   create a user [--name NAME] [--password PW] [--platform-admin]
                         [--role ROLE --scope-kind KIND --scope-id ID --region-id ID]
  backup FILE            write the whole database to FILE (gzipped JSON lines, with row counts and a checksum)
  backup --verify FILE   check that FILE is a complete, undamaged backup this version can restore (no database needed)
  restore FILE           check FILE, then load it into an empty database [--force to replace a non-empty one]
  import-members FILE    import a roster (.xlsx, the web app's template) [--org ORG_ID for rows naming no organisation]
                         [--as USERNAME (default admin)] [--check: only check] [--valid-only: skip bad rows] [--lang zh-CN]
  citus distribute       on a Citus coordinator: distribute the tables by region_id (docs/scaling.md)
  ledger verify          recompute every ledger balance from its transfers; exit 1 on any difference [--region-id ID]
  ledger expire          void the pending transfers whose timeout has passed [--region-id ID] (docs/ledger.md)

Configuration comes from the environment: see docs/operations.md.`;

export async function openConfigured(config: Config): Promise<Database> {
  return openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
}

function printSeed(config: Config, seed: SeedResult, url?: string) {
  const lines: string[] = [];
  if (url) lines.push('', `  Lianjian 联建 is running at ${url}`, `  API docs: ${url}/api/docs`);
  if (seed.created) {
    lines.push('', '  Demo data loaded (the three regions of the article). Sign in as:');
    for (const l of seed.logins) lines.push(`    ${l.username.padEnd(22)} (${l.role})`);
    if (seed.generatedPassword) {
      lines.push('', `  Password for all of them (generated now, shown only this once): ${seed.generatedPassword}`,
        '  Set LIANJIAN_ADMIN_PASSWORD before the first start to choose it yourself.');
    } else {
      lines.push('', '  Password: the value of LIANJIAN_ADMIN_PASSWORD.');
    }
  } else if (url) {
    lines.push('', '  Sign in as "admin" with the password printed at the first start',
      `  (or LIANJIAN_ADMIN_PASSWORD if it was set then). Data: ${config.databaseUrl ? 'PostgreSQL' : config.dataDir}`);
  }
  console.log(lines.join('\n') + '\n');
}

/** WORKERS > 1 on the embedded database: refused before anything is opened. */
export class WorkersRefused extends Error {
  constructor(n: number) {
    super(`WORKERS=${n} needs PostgreSQL: the embedded database (DATA_DIR) is owned by one process. ` +
      'Set DATABASE_URL to a PostgreSQL database, or unset WORKERS (docs/operations.md).');
  }
}

/** What `start` serves with: one process (WORKERS=1), or one worker of WORKERS (its index 0..N-1). */
async function start(config: Config) {
  if (config.workers > 1 && !config.databaseUrl) throw new WorkersRefused(config.workers);
  if (config.workers > 1 && cluster.isPrimary) return startWorkers(config);
  return serve(config);
}

/**
 * The WORKERS launcher (node:cluster): migrates and seeds once, then runs N workers sharing the port (the primary
 * hands connections to them in turn). A worker that dies is started again (after a pause that grows if it keeps
 * dying); one that fails before the first start completes stops them all. SIGINT/SIGTERM stop every worker.
 */
async function startWorkers(config: Config) {
  const t0 = performance.now();
  const seed = await withDb(config, (db) => seedIfEmpty(db, config));
  const n = config.workers;
  let stopping = false;
  let started = false;
  const failures = new Map<number, number>();
  const alive = () => Object.values(cluster.workers ?? {}).filter((w) => w && !w.isDead());
  /** Stops every worker (SIGTERM: each closes its server and database), then the launcher with `code`. */
  const stopAll = (code: number) => {
    if (stopping) return;
    stopping = true;
    process.exitCode = code;
    if (!alive().length) process.exit(code);
    cluster.on('exit', () => { if (!alive().length) process.exit(code); });
    for (const w of alive()) w!.kill('SIGTERM');
  };
  const fork = (index: number) => {
    const w = cluster.fork({ LIANJIAN_WORKER_INDEX: String(index) });
    w.on('exit', (code, signal) => {
      if (stopping) return;
      if (!started) {
        console.error(`Error: worker ${index} stopped while starting (${signal ?? `exit ${code}`}); stopping the others.`);
        stopAll(1);
        return;
      }
      const k = (failures.get(index) ?? 0) + 1;
      failures.set(index, k);
      const wait = Math.min(1000 * 2 ** (k - 1), 30_000);
      console.error(`  worker ${index} (pid ${w.process.pid}) stopped (${signal ?? `exit ${code}`}); starting it again in ${wait / 1000} s`);
      setTimeout(() => { if (!stopping) fork(index); }, wait).unref();
    });
    // a worker that has served for a minute starts its count of failures afresh
    w.on('listening', () => setTimeout(() => failures.delete(index), 60_000).unref());
    return w;
  };
  const listening = new Promise<void>((resolve) => {
    let up = 0;
    cluster.on('listening', () => { if (++up === n) resolve(); });
  });
  process.on('SIGINT', () => stopAll(0));
  process.on('SIGTERM', () => stopAll(0));
  for (let i = 0; i < n; i++) fork(i);
  await listening;
  started = true;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  printSeed(config, seed, `http://${shownHost}:${config.port}`);
  console.log(`  ready in ${Math.round(performance.now() - t0)} ms (database: postgres, ${n} workers, pids ${Object.values(cluster.workers ?? {}).map((w) => w!.process.pid).join(' ')})\n`);
}

/** One serving process: the whole server (WORKERS=1), or worker `config.workerIndex` of the launcher. */
async function serve(config: Config) {
  const t0 = performance.now();
  const worker = config.workerIndex;
  // worker 0 (or the only process) runs what must run once per database: the backups, the ledger sweep, the purge
  const first = worker === undefined || worker === 0;
  // the app's modules load while the database starts
  const [database, { buildApp }] = await Promise.all([openConfigured(config), import('./app.ts')]);
  if (worker === undefined) await migrate(database);
  const seed = worker === undefined ? await seedIfEmpty(database, config) : { created: false, logins: [] };
  const app = await buildApp({ database, config });
  // on PostgreSQL every process listens for what the others change (platform/bus.ts; other hosts too)
  const bus = config.databaseUrl ? await startBus(config.databaseUrl, database, app.log) : undefined;
  if (first) await app.deps.sessions.purgeExpired();
  const backups = first ? app.deps.backups : undefined;
  backups?.start({ timer: false }); // a job of the scheduler below
  // the daily reminders, the scheduled backup, the outbox (docs/notifications.md): in every process, each run claimed
  // by one; started before listening, as it hooks the app's close
  await (await import('./platform/notify/start.ts')).startScheduler(app);
  await app.listen({ host: config.host, port: config.port });
  if (worker !== undefined) {
    app.log.info({ worker }, `worker ${worker} of ${config.workers} listening`);
  } else {
    const shownHost = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
    printSeed(config, seed, `http://${shownHost}:${config.port}`);
    console.log(`  ready in ${Math.round(performance.now() - t0)} ms (database: ${database.kind}, 1 worker)\n`);
  }
  if (backups) {
    const s = backups.status();
    console.log(`  Scheduled backups: ${s.schedule} (Asia/Shanghai) into ${s.dir}, keeping ${s.retention}; next ${s.nextRunAt}\n`);
  }
  // PGlite has no autovacuum: refresh the planner's statistics shortly after start and every 6 hours
  let analyzeTimer: NodeJS.Timeout | undefined;
  if (database.kind === 'pglite') {
    const analyze = () => { database.query('analyze').catch((e) => app.log.warn({ err: (e as Error).message }, 'analyze failed')); };
    setTimeout(analyze, 5_000).unref();
    analyzeTimer = setInterval(analyze, 6 * 3600_000);
    analyzeTimer.unref();
  }
  // pending ledger transfers past their timeout are voided (docs/ledger.md); a lapsed one can never be posted anyway
  const sweep = first ? setInterval(() => {
    expireAllPending(database, Date.now()).catch((e) => app.log.warn({ err: (e as Error).message }, 'ledger sweep failed'));
  }, 60_000) : undefined;
  sweep?.unref();
  let closing = false;
  const stop = async () => {
    if (closing) return;
    closing = true;
    if (analyzeTimer) clearInterval(analyzeTimer);
    if (sweep) clearInterval(sweep);
    await app.close();
    await bus?.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

const fmt = (n: number) => n.toLocaleString('en-US');
const tableCount = (r: Pick<BackupInfo, 'tables'>) => Object.keys(r.tables).length;
const LABELS = { read: 'Reading the database', write: 'Writing the backup', verify: 'Checking the backup', restore: 'Restoring' } as const;

function progressOf(bar: ReturnType<typeof progressLine>): OnProgress {
  return (p) => bar.update(LABELS[p.phase], p.done, p.total);
}

/** Table by table, what a restore loaded: the tables with rows one per line, the empty ones together. */
function printTables(r: Pick<BackupInfo, 'tables'>) {
  const entries = Object.entries(r.tables);
  const width = Math.max(...entries.map(([t]) => t.length));
  for (const [t, n] of entries) if (n > 0) console.log(`  ${t.padEnd(width)} ${fmt(n).padStart(9)}`);
  const empty = entries.filter(([, n]) => n === 0).map(([t]) => t);
  if (empty.length) console.log(`  empty (${empty.length}): ${empty.join(', ')}`);
}

async function withDb<T>(config: Config, fn: (db: Database) => Promise<T>, doMigrate = true): Promise<T> {
  const database = await openConfigured(config);
  try {
    if (doMigrate) await migrate(database);
    return await fn(database);
  } finally {
    await database.close();
  }
}

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  const config = loadConfig();
  const { values, positionals } = parseArgs({
    args: rest, allowPositionals: true, strict: true,
    options: {
      force: { type: 'boolean' }, name: { type: 'string' }, password: { type: 'string' },
      'platform-admin': { type: 'boolean' }, role: { type: 'string' }, 'scope-kind': { type: 'string' },
      'scope-id': { type: 'string' }, 'region-id': { type: 'string' }, verify: { type: 'boolean' },
      org: { type: 'string' }, as: { type: 'string' }, check: { type: 'boolean' }, 'valid-only': { type: 'boolean' }, lang: { type: 'string' },
    },
  });
  switch (cmd) {
    case 'start':
      await start(config);
      return -1; // keep running
    case 'migrate':
      await withDb(config, async () => console.log('Migrations applied.'));
      return 0;
    case 'seed':
      await withDb(config, async (db) => {
        const r = await seedIfEmpty(db, config);
        if (!r.created) console.log('The database already has data; nothing seeded.');
        else printSeed(config, r);
      });
      return 0;
    case 'create-user': {
      const username = positionals[0];
      if (!username) { console.error('create-user needs a USERNAME.'); return 2; }
      const role = values.role as Role | undefined;
      if (role && !ROLES.includes(role)) { console.error(`Unknown role ${role}; one of ${ROLES.join(', ')}`); return 2; }
      const scopeKind = (values['scope-kind'] ?? 'region') as ScopeKind;
      if (!SCOPE_KINDS.includes(scopeKind)) { console.error(`Unknown scope kind ${scopeKind}`); return 2; }
      if (role && (!values['scope-id'] || !values['region-id'])) { console.error('--role needs --scope-id and --region-id.'); return 2; }
      const password = values.password ?? generatePassword();
      await withDb(config, async (db) => {
        await transaction(db.db, async (tx) => {
          const actor = { principal: null, requestId: 'cli' };
          const id = await createUser(tx, actor, {
            username, displayName: values.name ?? username, password, isPlatformAdmin: values['platform-admin'] ?? false,
          });
          if (role) {
            await grantRole(tx, actor, { userId: id, role, scopeKind, scopeId: values['scope-id']!, regionId: values['region-id']! });
          }
        });
      });
      console.log(`User ${username} created.${values.password ? '' : ` Password: ${password}`}`);
      return 0;
    }
    case 'backup': {
      const file = positionals[0];
      if (!file) { console.error(`backup needs a FILE${values.verify ? ' to verify' : ''}.`); return 2; }
      const bar = progressLine();
      if (values.verify) {
        const info = await verifyBackup(file, { onProgress: progressOf(bar) });
        bar.end();
        const mine = installedMigrations();
        const h = info.header;
        console.log(`${file} is a complete backup: ${tableCount(info)} tables, ${fmt(info.total)} rows, checksum correct.`);
        console.log(`  made ${h.createdAt} from ${h.database ?? 'a database'} at migration ${h.migration.applied} (${h.migration.latest ?? 'none'})`);
        if (h.migration.applied === mine.applied) {
          console.log('  This version of Lianjian can restore it.');
          return 0;
        }
        console.log(`  This version of Lianjian is at migration ${mine.applied} (${mine.latest ?? 'none'}) and cannot restore it: ` +
          'restore it with the version that made it, then upgrade.');
        return 1;
      }
      const r = await withDb(config, (db) => backup(db, file, { onProgress: progressOf(bar) }), false);
      bar.end();
      console.log(`Backup written to ${file}: ${tableCount(r)} tables, ${fmt(r.total)} rows (${fmt(Math.ceil(r.bytes / 1024))} KB).`);
      // read it back: a backup is only worth keeping if it restores
      await verifyBackup(file, { onProgress: progressOf(bar) });
      bar.end();
      console.log('Verified: the file reads back complete, checksum correct.');
      return 0;
    }
    case 'restore': {
      const file = positionals[0];
      if (!file) { console.error('restore needs a FILE.'); return 2; }
      const bar = progressLine();
      // the whole file is checked before the database is even opened (or migrated)
      const verified = await verifyBackup(file, { onProgress: progressOf(bar) });
      bar.end();
      checkMigration(verified, installedMigrations(), 'this version of Lianjian');
      const r = await withDb(config, (db) => restore(db, file, { force: values.force, verified, onProgress: progressOf(bar) }));
      bar.end();
      console.log(`Restored ${fmt(r.total)} rows into ${tableCount(r)} tables from ${file}` +
        ` (made ${r.header.createdAt}${values.force ? '; the previous contents were replaced' : ''}):`);
      printTables(r);
      return 0;
    }
    case 'import-members': {
      const file = positionals[0];
      if (!file) { console.error('import-members needs a FILE (.xlsx).'); return 2; }
      const locale = values.lang === 'zh-CN' || values.lang === 'zh' ? 'zh-CN' : 'en-US';
      const { importMembersCli } = await import('./cli-import.ts');
      return withDb(config, (db) => importMembersCli(db, config, {
        file, org: values.org, as: values.as ?? 'admin', check: values.check ?? false, validOnly: values['valid-only'] ?? false, locale,
      }));
    }
    case 'citus':
      return withDb(config, (db) => citusCli(db, positionals));
    case 'ledger':
      return withDb(config, (db) => ledgerCli(db, positionals, { regionId: values['region-id'], now: Date.now() }));
    default:
      console.log(USAGE);
      return cmd && cmd !== 'help' && cmd !== '--help' ? 2 : 0;
  }
}

export async function run(argv: string[]) {
  try {
    const code = await main(argv);
    if (code >= 0) process.exit(code);
  } catch (e) {
    if (e instanceof DataDirLockedError || e instanceof RestoreRefused || e instanceof WorkersRefused) {
      console.error(`Error: ${e.message}`);
      process.exit(1);
    }
    // never print query parameters: they may hold personal data
    const err = e as Error & { cause?: Error };
    console.error(`Error: ${err.cause?.message ?? err.message.split('\n')[0].slice(0, 300)}`);
    if (process.env.LOG_LEVEL === 'debug') console.error(err.stack);
    process.exit(1);
  }
}
