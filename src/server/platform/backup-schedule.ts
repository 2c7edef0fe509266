import fs from 'node:fs';
import path from 'node:path';
import type { Database } from '../db/client.ts';
import { backup, verifyBackup } from '../db/backup.ts';

/**
 * Scheduled backups, taken by the running server: at each time of day in `BACKUP_SCHEDULE` (Asia/Shanghai) a
 * backup is written to `BACKUP_DIR`, read back to verify it, and old ones are thinned out by `BACKUP_RETENTION`.
 * Every run, good or failed, is recorded in `BACKUP_DIR/lianjian-backups.json` (what the platform admin's page
 * shows) and logged. The clock is injected: tests move it and call {@link BackupScheduler.tick}.
 */

/** A time of day in Asia/Shanghai, as minutes after midnight. */
export type ScheduleTimes = number[];
export interface Retention { daily: number; weekly: number; monthly: number }

const SHANGHAI = 8 * 3600_000; // UTC+8, no daylight saving since 1991
const DAY = 86_400_000;

export function parseSchedule(raw: string): ScheduleTimes {
  const times = raw.split(',').map((s) => s.trim()).filter(Boolean).map((s) => {
    const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(s);
    if (!m) throw new Error(`BACKUP_SCHEDULE must be times of day like 02:00 or 02:00,14:00 (Asia/Shanghai), got "${raw}"`);
    return Number(m[1]) * 60 + Number(m[2]);
  });
  if (!times.length) throw new Error(`BACKUP_SCHEDULE must name at least one time of day, got "${raw}"`);
  return [...new Set(times)].sort((a, b) => a - b);
}

export function parseRetention(raw: string): Retention {
  const r: Retention = { daily: 0, weekly: 0, monthly: 0 };
  const parts = raw.split(',').map((s) => s.trim()).filter(Boolean);
  for (const p of parts) {
    const m = /^(\d+)\s*([dwm])$/.exec(p);
    if (!m) throw new Error(`BACKUP_RETENTION must be like 7d,4w,12m (days, weeks, months), got "${raw}"`);
    r[({ d: 'daily', w: 'weekly', m: 'monthly' } as const)[m[2] as 'd' | 'w' | 'm']] = Number(m[1]);
  }
  if (!parts.length || r.daily + r.weekly + r.monthly === 0) throw new Error(`BACKUP_RETENTION must keep at least one backup, got "${raw}"`);
  return r;
}

export const formatSchedule = (times: ScheduleTimes) =>
  times.map((t) => `${String(Math.floor(t / 60)).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}`).join(',');
export const formatRetention = (r: Retention) =>
  [r.daily && `${r.daily}d`, r.weekly && `${r.weekly}w`, r.monthly && `${r.monthly}m`].filter(Boolean).join(',');

/** The first scheduled instant strictly after `now`. */
export function nextRun(now: number, times: ScheduleTimes): number {
  const local = now + SHANGHAI;
  const midnight = Math.floor(local / DAY) * DAY;
  for (let day = 0; day <= 1; day++) {
    for (const t of times) {
      const at = midnight + day * DAY + t * 60_000 - SHANGHAI;
      if (at > now) return at;
    }
  }
  return midnight + DAY + times[0] * 60_000 - SHANGHAI; // (unreachable: tomorrow's first time is always later)
}

const PREFIX = 'lianjian-';
const SUFFIX = '.jsonl.gz';
const NAME = /^lianjian-(\d{4})-(\d{2})-(\d{2})T(\d{2})(\d{2})(\d{2})\.jsonl\.gz$/;
export const HISTORY_FILE = 'lianjian-backups.json';

/** The file name of a scheduled backup taken at `at`: its time in Asia/Shanghai, sortable. */
export function backupFileName(at: number): string {
  const d = new Date(at + SHANGHAI).toISOString(); // 2026-11-25T10:00:00.000Z, read as Shanghai wall time
  return `${PREFIX}${d.slice(0, 10)}T${d.slice(11, 13)}${d.slice(14, 16)}${d.slice(17, 19)}${SUFFIX}`;
}

/** When a scheduled backup named so was taken; null for any other file (never touched by retention). */
export function parseBackupFileName(name: string): number | null {
  const m = NAME.exec(name);
  if (!m) return null;
  const at = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) - SHANGHAI;
  return backupFileName(at) === name ? at : null;
}

/** Shanghai calendar keys of an instant: day, ISO week, month. */
function periods(at: number): { day: string; week: string; month: string } {
  const d = new Date(at + SHANGHAI);
  const day = d.toISOString().slice(0, 10);
  // ISO week: the Thursday of this week decides the year
  const wd = (d.getUTCDay() + 6) % 7; // Monday 0
  const thursday = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - wd + 3));
  const jan1 = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  const week = `${thursday.getUTCFullYear()}-W${String(Math.floor((thursday.getTime() - jan1) / (7 * DAY)) + 1).padStart(2, '0')}`;
  return { day, week, month: day.slice(0, 7) };
}

/**
 * Which backups retention removes: it keeps the newest backup of each of the `daily` most recent days that have
 * one, of each of the `weekly` most recent ISO weeks, and of each of the `monthly` most recent months (days in
 * Asia/Shanghai), and always the newest of all; everything else goes. Counting days that *have* a backup (not
 * calendar days) means a week of failed backups never deletes the last good ones.
 */
export function expired(backups: { name: string; at: number }[], r: Retention): string[] {
  const sorted = [...backups].sort((a, b) => b.at - a.at);
  const keep = new Set<string>();
  if (sorted[0]) keep.add(sorted[0].name);
  for (const [key, n] of [['day', r.daily], ['week', r.weekly], ['month', r.monthly]] as const) {
    const seen = new Set<string>();
    for (const b of sorted) {
      const k = periods(b.at)[key];
      if (seen.has(k)) continue;
      if (seen.size >= n) break;
      seen.add(k);
      keep.add(b.name);
    }
  }
  return sorted.filter((b) => !keep.has(b.name)).map((b) => b.name);
}

export interface BackupRun {
  file: string;
  startedAt: string;
  finishedAt: string;
  status: 'ok' | 'failed';
  /** set by a run started by hand (the platform admin's "back up now") */
  manual?: boolean;
  tables?: number;
  rows?: number;
  bytes?: number;
  error?: string;
  /** scheduled backups removed by retention after this one */
  deleted?: string[];
}

export interface BackupFile { file: string; takenAt: string; bytes: number; status: 'ok' | 'failed' | 'unknown' }

export interface BackupStatus {
  dir: string;
  schedule: string;
  retention: string;
  nextRunAt: string | null;
  running: boolean;
  runs: BackupRun[];
  files: BackupFile[];
}

interface Log {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface SchedulerOptions {
  database: Database;
  dir: string;
  times: ScheduleTimes;
  retention: Retention;
  now: () => number;
  log: Log;
  /** rows per query while the server serves requests (default 500) */
  chunkRows?: number;
}

const KEEP_RUNS = 100;

export class BackupScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<BackupRun> | null = null;
  private abort: AbortController | null = null;
  private next: number | null = null;
  private stopped = false;

  constructor(private readonly o: SchedulerOptions) {}

  /**
   * Starts the timer (the server calls this once it listens). Leftovers of a backup cut off by a crash are removed.
   * `timer: false`: the server's scheduler (platform/notify/start.ts) runs the backup as one of its jobs instead.
   */
  start(opts: { timer?: boolean } = {}): void {
    fs.mkdirSync(this.o.dir, { recursive: true });
    for (const f of fs.readdirSync(this.o.dir)) {
      if (f.startsWith('.lianjian-backup-')) fs.rmSync(path.join(this.o.dir, f), { recursive: true, force: true });
    }
    this.stopped = false;
    if (opts.timer !== false) this.arm();
  }

  private arm() {
    if (this.stopped) return;
    const now = this.o.now();
    this.next ??= nextRun(now, this.o.times);
    clearTimeout(this.timer);
    // a timer at most an hour ahead: the clock is re-read at each wake-up (a suspended machine, a changed clock)
    this.timer = setTimeout(() => { void this.tick().finally(() => this.arm()); }, Math.min(Math.max(this.next - now, 0), 3600_000));
    this.timer.unref();
  }

  /** Runs the scheduled backup if its time has come (and sets the next time). Returns the run, if one was made. */
  async tick(): Promise<BackupRun | null> {
    const now = this.o.now();
    this.next ??= nextRun(now, this.o.times);
    if (now < this.next) return null;
    this.next = nextRun(now, this.o.times);
    return this.runNow();
  }

  /** Takes a backup now (or joins the one already running). Never throws: a failure is recorded in the run. */
  runNow(opts: { manual?: boolean } = {}): Promise<BackupRun> {
    this.running ??= this.run(opts.manual ?? false).finally(() => { this.running = null; this.abort = null; });
    return this.running;
  }

  private async run(manual: boolean): Promise<BackupRun> {
    const startedAt = this.o.now();
    const file = path.join(this.o.dir, backupFileName(startedAt));
    const entry: BackupRun = { file: path.basename(file), startedAt: new Date(startedAt).toISOString(), finishedAt: '', status: 'failed', ...(manual ? { manual } : {}) };
    this.abort = new AbortController();
    try {
      fs.mkdirSync(this.o.dir, { recursive: true });
      const made = await backup(this.o.database, file, { chunkRows: this.o.chunkRows ?? 500, now: this.o.now, signal: this.abort.signal });
      // read it back from disk: only a backup that verifies counts
      const checked = await verifyBackup(file);
      if (checked.sha256 !== made.sha256 || checked.total !== made.total) throw new Error('the file read back differs from what was written');
      Object.assign(entry, { status: 'ok', tables: Object.keys(checked.tables).length, rows: checked.total, bytes: checked.bytes });
      const deleted = this.applyRetention();
      if (deleted.length) entry.deleted = deleted;
      this.o.log.info({ file, rows: checked.total, bytes: checked.bytes, deleted }, 'scheduled backup written and verified');
    } catch (e) {
      entry.error = (e as Error).message.split('\n')[0].slice(0, 500);
      // a backup that does not verify is worth nothing (the run stays recorded); something else in its place stays
      try { if (fs.statSync(file).isFile()) fs.rmSync(file); } catch { /* not there */ }
      this.o.log.error({ file, err: entry.error }, 'scheduled backup failed');
    }
    entry.finishedAt = new Date(this.o.now()).toISOString();
    this.record(entry);
    return entry;
  }

  /** Deletes the scheduled backups retention no longer keeps; only files named like ours that verified. */
  private applyRetention(): string[] {
    const failed = new Set(this.history().filter((r) => r.status === 'failed').map((r) => r.file));
    const ours = fs.readdirSync(this.o.dir)
      .map((name) => ({ name, at: parseBackupFileName(name) }))
      .filter((b): b is { name: string; at: number } => b.at !== null && !failed.has(b.name));
    const gone = expired(ours, this.o.retention);
    for (const name of gone) fs.rmSync(path.join(this.o.dir, name), { force: true });
    return gone;
  }

  private history(): BackupRun[] {
    try {
      const runs = JSON.parse(fs.readFileSync(path.join(this.o.dir, HISTORY_FILE), 'utf8')) as unknown;
      return Array.isArray(runs) ? runs as BackupRun[] : [];
    } catch { return []; }
  }

  private record(entry: BackupRun) {
    try {
      const runs = [entry, ...this.history()].slice(0, KEEP_RUNS);
      const file = path.join(this.o.dir, HISTORY_FILE);
      fs.writeFileSync(`${file}.tmp`, JSON.stringify(runs, null, 1));
      fs.renameSync(`${file}.tmp`, file);
    } catch (e) {
      this.o.log.error({ err: (e as Error).message }, 'could not record the backup run');
    }
  }

  status(): BackupStatus {
    const runs = this.history();
    const byFile = new Map(runs.map((r) => [r.file, r] as const));
    let names: string[] = [];
    try { names = fs.readdirSync(this.o.dir); } catch { /* not made yet */ }
    const files: BackupFile[] = names
      .map((name) => ({ name, at: parseBackupFileName(name) }))
      .filter((b): b is { name: string; at: number } => b.at !== null)
      .sort((a, b) => b.at - a.at)
      .map((b) => ({
        file: b.name, takenAt: new Date(b.at).toISOString(), bytes: fs.statSync(path.join(this.o.dir, b.name)).size,
        status: byFile.get(b.name)?.status ?? 'unknown',
      }));
    const next = this.next ?? nextRun(this.o.now(), this.o.times);
    return {
      dir: this.o.dir, schedule: formatSchedule(this.o.times), retention: formatRetention(this.o.retention),
      nextRunAt: this.stopped ? null : new Date(next).toISOString(), running: this.running !== null,
      runs: runs.slice(0, 30), files,
    };
  }

  /** Stops the timer and cuts off a backup in progress (its temporary files are removed). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.abort?.abort();
    await this.running?.catch(() => undefined);
  }
}
