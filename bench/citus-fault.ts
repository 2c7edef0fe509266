/**
 * A Citus worker fails during requests (issue 18). On the cluster of `../shared/citus/cluster.sh start DIR 9700 lianjian`
 * (as root; the nodes run as user postgres):
 *
 *   CITUS_DIR=/tmp/citus npx tsx bench/citus-fault.ts
 *
 * 1. the worker holding the region's shard is stopped (pg_ctl stop): creating an org and listing members answer
 *    503 DATABASE_UNAVAILABLE in the error shape, at once; no org and no audit row was written;
 * 2. the worker is started again: the same create answers 201, exactly one org and one audit row more;
 * 3. (CITUS_FAULT_HANG=1) the worker's processes are frozen (SIGSTOP: a hung node, not a refused connection): the
 *    request should answer 503 when statement_timeout ends it (5 s here; 60 s by default); after SIGCONT it works
 *    again (the app closes a connection whose statement timed out: Citus hangs on its ROLLBACK otherwise; docs/scaling.md).
 * Exit status 0 = every check passed. Uses BENCH_CITUS_URL / TEST_CITUS_URL like bench/citus.bench.ts.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { distribute } from '../src/server/db/citus.ts';
import { migrate, openDatabase } from '../src/server/db/client.ts';
import { uuidv7 } from '../src/server/platform/ids.ts';
import { sessionsFor } from './activities-lib.ts';
import { freshDb } from './citus.bench.ts';

const DIR = process.env.CITUS_DIR ?? '/tmp/citus';
const PGBIN = process.env.PGBIN ?? '/usr/lib/postgresql/15/bin';
const TIMEOUT_MS = 5000;
let failed = 0;
const check = (what: string, ok: boolean, got: unknown) => {
  console.log(`${ok ? 'PASS' : 'FAIL'} ${what}${ok ? '' : ` (got ${JSON.stringify(got)})`}`);
  if (!ok) failed++;
};
const asPostgres = (cmd: string, args: string[]) =>
  process.getuid?.() === 0 ? execFileSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { cwd: '/tmp' }) : execFileSync(cmd, args);

/** The data directory of the node on `port` (the one whose postmaster.pid names it). */
function nodeDir(port: number): string {
  for (const n of fs.readdirSync(DIR)) {
    const pidFile = path.join(DIR, n, 'postmaster.pid');
    if (fs.existsSync(pidFile) && fs.readFileSync(pidFile, 'utf8').split('\n')[3]?.trim() === String(port)) return path.join(DIR, n);
  }
  throw new Error(`no running node on port ${port} under ${DIR}`);
}
/** The postmaster's pid and those of its children (the backends). */
function nodePids(dir: string): number[] {
  const pm = Number(fs.readFileSync(path.join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const kids = fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((p) => {
    try { return fs.readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]?.split(' ')[1] === String(pm); } catch { return false; }
  }).map(Number);
  return [pm, ...kids];
}

async function main() {
  const { url, drop } = await freshDb('citus');
  const database = await openDatabase({ databaseUrl: url, poolMax: 5, statementTimeoutMs: TIMEOUT_MS });
  try {
    await migrate(database);
    await distribute(database);
    const regionId = uuidv7();
    const rootId = uuidv7();
    await database.query(`insert into regions (id, code, name) values ($1, 'fault', '故障测试街道')`, [regionId]);
    await database.query(`insert into orgs (region_id, id, kind, name, path) values ($1, $2, 'committee', '党工委', $3)`, [regionId, rootId, `/${rootId}/`]);
    const app = await buildApp({ database, config: loadConfig({}, { loginRatePerMinute: 100_000, logLevel: 'error' }), logger: false });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    const [cookie] = await sessionsFor({ database, app, base, close: async () => {} }, [{ regionId, role: 'region_admin', scopeKind: 'region', scopeId: regionId }]);
    const call = async (method: string, p: string, body?: unknown) => {
      const t0 = performance.now();
      const r = await fetch(`${base}${p}`, { method, headers: { cookie, 'x-requested-with': 'x', ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
      return { status: r.status, body: await r.json() as { error?: { code: string; message: string } }, ms: performance.now() - t0 };
    };
    const counts = async () => (await database.query<{ orgs: number; audit: number }>(
      `select (select count(*)::int from orgs where region_id = $1) as orgs, (select count(*)::int from audit_log where region_id = $1) as audit`, [regionId]))[0];
    // warm: the session is loaded and cached before the fault (the failure must come from the region's shard)
    check('before the fault the member list answers 200', (await call('GET', '/api/v1/members')).status === 200, null);

    const [{ port }] = await database.query<{ port: number }>(
      `select nodeport as port from citus_shards where shardid = get_shard_id_for_distribution_column('orgs', $1::uuid)`, [regionId]);
    const dir = nodeDir(port);
    console.log(`region ${regionId} lives on the worker on port ${port} (${dir})`);
    const before = await counts();

    asPostgres(`${PGBIN}/pg_ctl`, ['-D', dir, '-m', 'fast', '-w', '-s', 'stop']);
    try {
      const c = await call('POST', '/api/v1/orgs', { parentId: rootId, kind: 'branch', name: '故障中的支部' });
      check(`worker stopped: create org answers 503 DATABASE_UNAVAILABLE (${c.ms.toFixed(0)} ms)`, c.status === 503 && c.body.error?.code === 'DATABASE_UNAVAILABLE', c);
      check('  in the error shape with a message', typeof c.body.error?.message === 'string' && c.body.error.message.length > 0, c.body);
      check('  at once (< 5 s)', c.ms < 5000, c.ms);
      const l = await call('GET', '/api/v1/members');
      check(`worker stopped: member list answers 503 (${l.ms.toFixed(0)} ms)`, l.status === 503 && l.body.error?.code === 'DATABASE_UNAVAILABLE', l);
    } finally {
      asPostgres(`${PGBIN}/pg_ctl`, ['-D', dir, '-l', `${dir}.log`, '-w', '-s', 'start']);
    }
    check('nothing half-written while the worker was down', JSON.stringify(await counts()) === JSON.stringify(before), await counts());
    const ok = await call('POST', '/api/v1/orgs', { parentId: rootId, kind: 'branch', name: '恢复后的支部' });
    check('worker back: the same create answers 201', ok.status === 201, ok);
    const after = await counts();
    check('  exactly one org and one audit row more', after.orgs === before.orgs + 1 && after.audit === before.audit + 1, { before, after });

    // a hung worker: its processes frozen, connections stay open and nothing answers. Opt-in (CITUS_FAULT_HANG=1):
    if (!process.env.CITUS_FAULT_HANG) { await app.close(); return; }
    const pids = nodePids(nodeDir(port));
    for (const pid of pids) process.kill(pid, 'SIGSTOP');
    try {
      const h = await call('POST', '/api/v1/orgs', { parentId: rootId, kind: 'branch', name: '挂起中的支部' });
      check(`worker hung: create org answers 503 after statement_timeout (${h.ms.toFixed(0)} ms)`, h.status === 503 && h.body.error?.code === 'DATABASE_UNAVAILABLE', h);
      check(`  not long past the ${TIMEOUT_MS} ms timeout`, h.ms < TIMEOUT_MS + 5000, h.ms);
    } finally {
      for (const pid of pids) process.kill(pid, 'SIGCONT');
    }
    const again = await call('POST', '/api/v1/orgs', { parentId: rootId, kind: 'branch', name: '继续后的支部' });
    check('worker resumed: create answers 201', again.status === 201, again);
    const last = await counts();
    check('  the timed-out create left nothing: one org and one audit row more than before it', last.orgs === after.orgs + 1 && last.audit === after.audit + 1, { after, last });
    await app.close();
  } finally {
    await database.close();
    await drop();
    console.log(failed ? `${failed} check(s) FAILED` : 'ALL CHECKS PASSED');
  }
  process.exit(failed ? 1 : 0);
}

main().catch((e) => { console.error(e); process.exit(2); });
