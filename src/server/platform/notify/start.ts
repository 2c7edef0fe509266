import type { FastifyInstance } from 'fastify';
import { nextRun, parseSchedule } from '../backup-schedule.ts';
import { ctxOf } from '../context.ts';
import { sendDailyReminders } from './reminders.ts';
import { Scheduler, type Job } from './scheduler.ts';

/** When the daily reminders go out: 08:00 in Asia/Shanghai (minutes after midnight). */
export const REMINDER_TIMES = [8 * 60];

/**
 * The server's jobs: the daily reminders and, when BACKUP_DIR is set, the scheduled backup (BACKUP_SCHEDULE; the
 * backup scheduler then keeps no timer of its own, so of several processes on one database one takes each backup,
 * and a backup missed while the server was down is taken at the next start).
 */
export function serverJobs(app: FastifyInstance): Job[] {
  const jobs: Job[] = [{ name: 'reminders.daily', next: (now) => nextRun(now, REMINDER_TIMES), run: (ctx) => sendDailyReminders(ctx) }];
  const backups = app.deps.backups;
  if (backups) {
    const times = parseSchedule(app.deps.config.backupSchedule);
    jobs.push({ name: 'backup', next: (now) => nextRun(now, times), run: async () => {
      const r = await backups.runNow();
      if (r.status === 'failed') throw new Error(r.error ?? 'backup failed');
      return { file: r.file, rows: r.rows };
    }, leaseMs: 6 * 3600_000 });
  }
  return jobs;
}

/** Starts the scheduler of a listening server (the CLI's `start`); closing the app stops it. */
export async function startScheduler(app: FastifyInstance): Promise<Scheduler> {
  const scheduler = new Scheduler(ctxOf(app.deps), { jobs: serverJobs(app), log: app.log });
  // (a listening app takes no more hooks: the HTTP server's close, which app.close() makes, stops it)
  app.server.once('close', () => { void scheduler.stop(); });
  await scheduler.start();
  return scheduler;
}
