/**
 * The outbox (issue 16, docs/notifications.md): 10,000 daily reminders made by the reminder job (1,000 users with
 * grants × 10 to-do items of a source registered here) go through the outbox to a local webhook receiver that fails
 * some requests at first — every fifth letter's first attempt answers 500, every twentieth's first two — sent by two
 * dispatchers on two connection pools (two processes' worth) sharing one PostgreSQL database.
 *
 * Figures: letters lost (goal 0), letters accepted twice (goal 0: none sent again once accepted, within the retry
 * window), dead letters (goal 0: every failure heals within the attempts), delivery throughput (letters/s, printed),
 * and the reminder job's time. Knobs: BENCH_OUTBOX_USERS (1000), BENCH_OUTBOX_ITEMS (10 per user).
 * Runs as a bench module (`npm run bench outbox`) or alone: `node --import tsx bench/outbox.ts`.
 */
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/server/config.ts';
import { migrate, openDatabase, type Database } from '../src/server/db/client.ts';
import { regions } from '../src/server/modules/directory/schema.ts';
import type { Ctx } from '../src/server/platform/context.ts';
import { uuidv7 } from '../src/server/platform/ids.ts';
import { OutboxDispatcher } from '../src/server/platform/notify/outbox.ts';
import { sendDailyReminders } from '../src/server/platform/notify/reminders.ts';
import { notifyChannels } from '../src/server/platform/notify/schema.ts';
import type { TodoSource } from '../src/server/platform/todos-types.ts';
import { webhookReceiver } from '../test/support/notify-receivers.ts';
import { withDatabase } from './lib/pg.ts';
import type { BenchResult } from './lib/report.ts';

const num = (name: string, dflt: number) => {
  const n = Number(process.env[name]);
  return Number.isFinite(n) && n > 0 ? n : dflt;
};
const log = (s: string) => process.stderr.write(`  outbox: ${s}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A stable number per letter id, to decide which requests fail. */
const bucket = (id: string) => [...id].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7) % 20;

export async function run(): Promise<BenchResult[]> {
  const USERS = num('BENCH_OUTBOX_USERS', 1000);
  const ITEMS = num('BENCH_OUTBOX_ITEMS', 10);
  const total = USERS * ITEMS;
  return withDatabase('lj_bench_outbox', async (url) => {
    const config = loadConfig({}, { databaseUrl: url, logLevel: 'warn' });
    const a = await openDatabase({ databaseUrl: url });
    const b = await openDatabase({ databaseUrl: url });
    const ctxOf = (database: Database): Ctx => ({ database, db: database.db, now: Date.now, config });
    const hook = await webhookReceiver({ fail: (id, attempt) => (bucket(id) === 0 ? attempt <= 2 : bucket(id) % 5 === 0 ? attempt === 1 : false) });
    try {
      await migrate(a);
      const regionId = uuidv7();
      await a.db.insert(regions).values({ id: regionId, code: 'bench-outbox', name: '外发基准区域' });
      await a.db.insert(notifyChannels).values({ regionId, id: uuidv7(), name: 'bench robot', kind: 'webhook', kinds: ['reminder'], config: { url: hook.url } });
      // users with a grant each (a region-wide one: nothing to resolve but the region)
      const users = Array.from({ length: USERS }, (_, i) => ({ id: uuidv7(), name: `bench${i}` }));
      for (let i = 0; i < users.length; i += 500) {
        const chunk = users.slice(i, i + 500);
        await a.query(`insert into users (id, username, display_name, password_hash) select * from unnest($1::uuid[], $2::text[], $2::text[], $3::text[])`,
          [chunk.map((u) => u.id), chunk.map((u) => u.name), chunk.map(() => 'x')]);
        await a.query(`insert into grants (region_id, id, user_id, role, scope_kind, scope_id) select $1, g, u, 'region_admin', 'region', $1 from unnest($2::uuid[], $3::uuid[]) as x(g, u)`,
          [regionId, chunk.map(() => uuidv7()), chunk.map((u) => u.id)]);
      }
      const source: TodoSource = {
        key: 'bench.items', label: { 'zh-CN': '基准待办', 'en-US': 'Bench to-dos' },
        list: async (_ctx, p) => Array.from({ length: ITEMS }, (_, k) => ({
          source: 'bench.items', id: `${p.id}:${k}`, title: { 'zh-CN': `待办 ${k}`, 'en-US': `To-do ${k}` }, href: '/', severity: 'due' as const, due: null, regionId,
        })),
      };
      const t0 = performance.now();
      const job = await sendDailyReminders(ctxOf(a), [source]);
      const jobMs = performance.now() - t0;
      const again = await sendDailyReminders(ctxOf(a), [source]);
      log(`reminder job: ${job.messages} messages for ${job.users} users in ${(jobMs / 1000).toFixed(1)} s; run again the same day: ${again.messages} new`);
      const [{ n: queued }] = await a.query<{ n: number }>(`select count(*)::int as n from notify_outbox`);

      const opts = { baseDelayMs: 200, maxDelayMs: 2000, maxAttempts: 6, batch: 200, concurrency: 16 };
      const dispatchers = [new OutboxDispatcher(ctxOf(a), opts), new OutboxDispatcher(ctxOf(b), opts)];
      const t1 = performance.now();
      const deadline = t1 + 5 * 60_000;
      for (;;) {
        await Promise.all(dispatchers.map((d) => d.drain()));
        const [{ n }] = await a.query<{ n: number }>(`select count(*)::int as n from notify_outbox where status = 'pending'`);
        if (!n || performance.now() > deadline) break;
        await sleep(50);
      }
      const secs = (performance.now() - t1) / 1000;
      const [st] = await a.query<{ sent: number; dead: number; pending: number }>(
        `select count(*) filter (where status = 'sent')::int as sent, count(*) filter (where status = 'dead')::int as dead, count(*) filter (where status = 'pending')::int as pending from notify_outbox`);
      const accepted = hook.accepted.size;
      const twice = [...hook.accepted.values()].filter((c) => c > 1).length;
      const failedRequests = hook.hits.filter((h) => h.status !== 200).length;
      log(`${queued} letters queued; ${accepted} accepted by the receiver in ${secs.toFixed(1)} s after ${failedRequests} failed requests; ` +
        `outbox: ${st.sent} sent, ${st.dead} dead, ${st.pending} pending`);
      return [
        { name: `reminders made by the job (${USERS} users × ${ITEMS})`, value: job.messages, unit: '', goal: `= ${total}`, pass: job.messages === total && again.messages === 0 },
        { name: 'reminder job time', value: jobMs / 1000, unit: 's' },
        { name: 'letters lost (queued, never accepted)', value: total - accepted, unit: '', goal: '0', pass: accepted === total && queued === total },
        { name: 'letters accepted twice', value: twice, unit: '', goal: '0', pass: twice === 0 },
        { name: 'dead letters', value: st.dead, unit: '', goal: '0', pass: st.dead === 0 },
        { name: `failed requests retried (${((failedRequests / (failedRequests + accepted)) * 100).toFixed(0)} % of requests)`, value: failedRequests, unit: '' },
        { name: 'delivery throughput, 2 dispatchers', value: accepted / secs, unit: 'letters/s' },
      ];
    } finally {
      await hook.close();
      await a.close();
      await b.close();
    }
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { formatTable } = await import('./lib/report.ts');
  const rows = await run();
  console.log(formatTable(rows.map((result) => ({ module: 'outbox', result }))));
}
