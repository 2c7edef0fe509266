import { z } from 'zod';

/** GET /api/v1/platform/backups: the scheduled backups, as the platform admin sees them. */
export const BackupRun = z.object({
  file: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  status: z.enum(['ok', 'failed']),
  manual: z.boolean().optional(),
  tables: z.number().optional(),
  rows: z.number().optional(),
  bytes: z.number().optional(),
  error: z.string().optional(),
  deleted: z.array(z.string()).optional(),
});
export type BackupRun = z.infer<typeof BackupRun>;

export const BackupStatus = z.object({
  /** false when BACKUP_DIR is not set: no scheduled backups */
  enabled: z.boolean(),
  dir: z.string().nullable(),
  schedule: z.string().nullable(),
  retention: z.string().nullable(),
  nextRunAt: z.string().nullable(),
  running: z.boolean(),
  runs: z.array(BackupRun),
  files: z.array(z.object({ file: z.string(), takenAt: z.string(), bytes: z.number(), status: z.enum(['ok', 'failed', 'unknown']) })),
});
export type BackupStatus = z.infer<typeof BackupStatus>;
