import os from 'node:os';
import { asc, sql } from 'drizzle-orm';
import type { Ctx } from '../context.ts';
import { uuidv7 } from '../ids.ts';
import { rowsOf } from '../rows.ts';
import { OutboxDispatcher, type DispatchOptions } from './outbox.ts';
import { notifyJobs } from './schema.ts';

/**
 * The scheduler in the process. Each job has one row in `notify_jobs` (the whole database's, not the process's):
 * `next_run_at` says when it is due. A process runs a due job only after claiming it with one conditional UPDATE
 * (due, and no live lease): the UPDATE takes the row's lock, and a second process blocked on it re-reads the row
 * after the first commits and finds the lease taken, so of several processes on one PostgreSQL exactly one runs
 * each run. A run missed while every process was down is due at the next start (its `next_run_at` is in the past).
 * A process that dies mid-run leaves a lease that lapses after `leaseMs`: another then runs the job again.
 * Between job checks the scheduler drains the outbox (each process may: rows are claimed with SKIP LOCKED).
 */

export interface Job {
  name: string;
  /** the first scheduled instant strictly after `now` */
  next: (now: number) => number;
  run: (ctx: Ctx) => Promise<unknown>;
  /** how long a claim holds the job (default 30 min): longer than a run takes */
  leaseMs?: number;
}

export interface JobRun { job: string; status: 'ok' | 'failed'; error?: string; result?: unknown }

interface Log { info(obj: object, msg: string): void; error(obj: object, msg: string): void }

export interface SchedulerOptions {
  jobs: Job[];
  log?: Log;
  /** how often due jobs are looked for (default 30 s) */
  jobEveryMs?: number;
  /** how often the outbox is drained (default 5 s) */
  outboxEveryMs?: number;
  outbox?: DispatchOptions;
  /** this process's name in `locked_by` (default host:pid:random) */
  owner?: string;
}

const SILENT: Log = { info: () => undefined, error: () => undefined };

export class Scheduler {
  readonly owner: string;
  readonly dispatcher: OutboxDispatcher;
  private timers: NodeJS.Timeout[] = [];
  private busy: Promise<unknown> = Promise.resolve();
  private draining: Promise<unknown> | null = null;
  private halted = false;
  private readonly log: Log;

  constructor(private readonly ctx: Ctx, private readonly o: SchedulerOptions) {
    this.owner = o.owner ?? `${os.hostname()}:${process.pid}:${uuidv7().slice(-8)}`;
    this.dispatcher = new OutboxDispatcher(ctx, o.outbox);
    this.log = o.log ?? SILENT;
  }

  /**
   * Makes sure every job has its row: a new job is first due at its next scheduled time; a known one keeps a due
   * time in the past (a missed run) or moves to an earlier one when its schedule changed.
   */
  async register(): Promise<void> {
    const now = this.ctx.now();
    for (const j of this.o.jobs) {
      await this.ctx.db.insert(notifyJobs).values({ name: j.name, nextRunAt: new Date(j.next(now)) })
        .onConflictDoUpdate({ target: notifyJobs.name, set: { nextRunAt: sql`least(${notifyJobs.nextRunAt}, excluded.next_run_at)` } });
    }
  }

  /** Registers the jobs, runs the due ones (missed runs) and starts the timers. */
  async start(): Promise<void> {
    await this.register();
    this.halted = false;
    const every = (ms: number, fn: () => Promise<unknown>) => {
      const t = setInterval(() => { void fn(); }, ms);
      t.unref();
      this.timers.push(t);
    };
    every(this.o.jobEveryMs ?? 30_000, () => this.tick());
    every(this.o.outboxEveryMs ?? 5_000, () => this.drainOutbox());
    void this.tick();
  }

  /** Claims and runs each due job, one after the other; answers the runs this process made. */
  tick(): Promise<JobRun[]> {
    const run = this.busy.then(async () => {
      const runs: JobRun[] = [];
      for (const j of this.o.jobs) {
        if (this.halted) break;
        const r = await this.runIfDue(j);
        if (r) runs.push(r);
      }
      return runs;
    });
    this.busy = run.catch(() => undefined);
    return run;
  }

  /** The claim: one UPDATE of the job's row, true when this process got it. */
  async claim(j: Job): Promise<boolean> {
    const now = this.ctx.now();
    const rows = rowsOf<{ name: string }>(await this.ctx.db.execute(sql`
      update notify_jobs set locked_until = ${new Date(now + (j.leaseMs ?? 30 * 60_000))}, locked_by = ${this.owner}, last_started_at = ${new Date(now)}
       where name = ${j.name} and next_run_at <= ${new Date(now)} and (locked_until is null or locked_until <= ${new Date(now)})
      returning name`));
    return rows.length === 1;
  }

  private async runIfDue(j: Job): Promise<JobRun | null> {
    try {
      if (!await this.claim(j)) return null;
    } catch (e) {
      this.log.error({ job: j.name, err: (e as Error).message }, 'scheduler: could not claim the job');
      return null;
    }
    let out: JobRun;
    try {
      const result = await j.run(this.ctx);
      out = { job: j.name, status: 'ok', result };
      this.log.info({ job: j.name, result }, 'scheduled job done');
    } catch (e) {
      out = { job: j.name, status: 'failed', error: ((e as Error).message || String(e)).split('\n')[0]!.slice(0, 500) };
      this.log.error({ job: j.name, err: out.error }, 'scheduled job failed');
    }
    const now = this.ctx.now();
    await this.ctx.db.execute(sql`
      update notify_jobs set next_run_at = ${new Date(j.next(now))}, locked_until = null, locked_by = null, last_finished_at = ${new Date(now)},
             last_status = ${out.status}, last_error = ${out.error ?? null}, runs = runs + 1
       where name = ${j.name} and locked_by = ${this.owner}`);
    return out;
  }

  /** Sends what is due in the outbox (one drain at a time in this process). */
  drainOutbox(): Promise<unknown> {
    this.draining ??= this.dispatcher.drain()
      .catch((e) => { this.log.error({ err: (e as Error).message }, 'outbox: drain failed'); })
      .finally(() => { this.draining = null; });
    return this.draining;
  }

  /** The jobs' rows, for the admin page. */
  jobs() {
    return this.ctx.db.select().from(notifyJobs).orderBy(asc(notifyJobs.name));
  }

  /** Stops the timers and waits for a job or a drain in progress. */
  async stop(): Promise<void> {
    this.halted = true;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    await this.busy;
    await this.draining;
  }
}
