import path from 'node:path';

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  databaseUrl: string | undefined;
  logLevel: string;
  sessionIdleMinutes: number;
  sessionAbsoluteMinutes: number;
  loginMaxFailures: number;
  loginLockMinutes: number;
  loginRatePerMinute: number;
  adminPassword: string | undefined;
  uploadDir: string;
  trustProxy: boolean;
  secureCookies: boolean;
  /** scheduled backups go here; unset: none (docs/operations.md) */
  backupDir: string | undefined;
  /** times of day, Asia/Shanghai: "02:00" or "02:00,14:00" */
  backupSchedule: string;
  /** which scheduled backups to keep: "7d,4w,12m" */
  backupRetention: string;
  /** requests per minute per client IP on the public pages (plaque page, published contest results) */
  publicRatePerMinute: number;
  /** absolute base URL the plaques' QR codes point at; unset: the request's own origin */
  publicBaseUrl: string | undefined;
  /** the CJK font plaques are printed with (.ttf/.otf, or .ttc with cjkFontFamily); unset: Debian's fonts-noto-cjk */
  cjkFont: string | undefined;
  cjkFontFamily: string | undefined;
  /** server processes `start` runs (WORKERS, default 1); more than one needs PostgreSQL (docs/operations.md) */
  workers: number;
  /** set by the WORKERS launcher in each worker process (0..WORKERS-1); undefined in a single process */
  workerIndex: number | undefined;
}

function int(env: NodeJS.ProcessEnv, name: string, dflt: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return dflt;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got "${raw}"`);
  return n;
}

/** WORKERS: a whole number of processes, 1 to 64 (unset or empty: 1). */
function workersOf(env: NodeJS.ProcessEnv): number {
  const raw = env.WORKERS;
  if (raw === undefined || raw.trim() === '') return 1;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new Error(`WORKERS must be a whole number from 1 to 64, got "${raw}"`);
  return n;
}

/** Reads configuration from the environment. Every knob is documented in docs/operations.md. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const dataDir = path.resolve(env.DATA_DIR || './data');
  const cfg: Config = {
    host: env.HOST || '127.0.0.1',
    port: int(env, 'PORT', 3000),
    dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    logLevel: env.LOG_LEVEL || 'info',
    sessionIdleMinutes: int(env, 'SESSION_IDLE_MINUTES', 120),
    sessionAbsoluteMinutes: int(env, 'SESSION_ABSOLUTE_MINUTES', 720),
    loginMaxFailures: int(env, 'LOGIN_MAX_FAILURES', 5),
    loginLockMinutes: int(env, 'LOGIN_LOCK_MINUTES', 15),
    loginRatePerMinute: int(env, 'LOGIN_RATE_PER_MINUTE', 20),
    adminPassword: env.LIANJIAN_ADMIN_PASSWORD || undefined,
    uploadDir: path.resolve(env.UPLOAD_DIR || path.join(dataDir, 'uploads')),
    trustProxy: env.TRUST_PROXY === '1' || env.TRUST_PROXY === 'true',
    secureCookies: env.SECURE_COOKIES === '1' || env.SECURE_COOKIES === 'true',
    backupDir: env.BACKUP_DIR ? path.resolve(env.BACKUP_DIR) : undefined,
    backupSchedule: env.BACKUP_SCHEDULE || '02:00',
    backupRetention: env.BACKUP_RETENTION || '7d,4w,12m',
    publicRatePerMinute: int(env, 'PUBLIC_RATE_PER_MINUTE', 120) || 120,
    publicBaseUrl: env.PUBLIC_BASE_URL || undefined,
    cjkFont: env.CJK_FONT || undefined,
    cjkFontFamily: env.CJK_FONT_FAMILY || undefined,
    workers: workersOf(env),
    workerIndex: env.LIANJIAN_WORKER_INDEX ? Number(env.LIANJIAN_WORKER_INDEX) : undefined,
  };
  return { ...cfg, ...overrides };
}
