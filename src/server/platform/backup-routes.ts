import { z } from 'zod';
import { BackupStatus } from '../../shared/backups.ts';
import { BackupScheduler, parseRetention, parseSchedule } from './backup-schedule.ts';
import { principalOf, typed, type App } from './context.ts';
import { AppError, notFound } from './errors.ts';

/**
 * The platform admin's view of the scheduled backups (BACKUP_DIR): schedule, recent runs with their status
 * (a failed one says why), the files kept. Anyone else gets the 404 a made-up path gets. With BACKUP_DIR set,
 * the scheduler lives here (`app.deps.backups`); the CLI's `start` starts its timer, closing the app stops it.
 */
export async function backupRoutes(app: App): Promise<void> {
  const { config, database, now } = app.deps;
  const scheduler = config.backupDir ? new BackupScheduler({
    database, dir: config.backupDir, now, log: app.log,
    times: parseSchedule(config.backupSchedule), retention: parseRetention(config.backupRetention),
  }) : undefined;
  app.deps.backups = scheduler;
  app.addHook('onClose', async () => { await scheduler?.stop(); });

  const status = (): BackupStatus => scheduler
    ? { enabled: true, ...scheduler.status() }
    : { enabled: false, dir: null, schedule: null, retention: null, nextRunAt: null, running: false, runs: [], files: [] };

  typed(app).get('/api/v1/platform/backups', {
    schema: {
      tags: ['platform'], summary: 'Scheduled backups: schedule, recent runs and their status, files kept (platform admin)',
      response: { 200: BackupStatus },
    },
  }, async (req) => {
    if (!principalOf(req).isPlatformAdmin) throw notFound();
    return status();
  });

  typed(app).post('/api/v1/platform/backups', {
    schema: {
      tags: ['platform'], summary: 'Take a backup now, into BACKUP_DIR (platform admin); answers at once, the run shows in the list',
      body: z.strictObject({}).optional(), response: { 202: BackupStatus },
    },
  }, async (req, reply) => {
    if (!principalOf(req).isPlatformAdmin) throw notFound();
    if (!scheduler) throw new AppError(409, 'BACKUPS_NOT_CONFIGURED');
    void scheduler.runNow({ manual: true });
    return reply.code(202).send(status());
  });
}
