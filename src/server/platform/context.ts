import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from '../config.ts';
import type { Database, Db } from '../db/client.ts';
import type { Actor } from './audit.ts';
import type { BackupScheduler } from './backup-schedule.ts';
import { AppError } from './errors.ts';
import type { SessionInfo, SessionStore } from './auth/sessions.ts';
import type { Principal } from './scope.ts';

export interface AppDeps {
  database: Database;
  config: Config;
  sessions: SessionStore;
  now: () => number;
  /** scheduled backups, when BACKUP_DIR is set (platform/backup-routes.ts) */
  backups?: BackupScheduler;
}

/**
 * The one context every service function takes: the database (`db` for the query builder, `database` for the
 * few hot paths that run prepared statements), the server's clock and the configuration. Services never read
 * `new Date()`, `Date.now()` or `process.env` (eslint refuses them under src/server/modules/): tests move the clock.
 */
export interface Ctx {
  database: Database;
  db: Db;
  /** the server's clock (ms since the epoch) */
  now: () => number;
  config: Config;
}

/** The service context of a built app. */
export const ctxOf = (deps: AppDeps): Ctx => ({ database: deps.database, db: deps.database.db, now: () => deps.now(), config: deps.config });

declare module 'fastify' {
  interface FastifyInstance { deps: AppDeps }
  interface FastifyRequest { principal: Principal | null; session: SessionInfo | null; sessionToken: string | null }
  interface FastifyContextConfig { public?: boolean }
}

export type App = FastifyInstance;
/** The app with zod schemas as the type provider: every capability registers its routes on this. */
export const typed = (app: FastifyInstance) => app.withTypeProvider<ZodTypeProvider>();

/** The signed-in principal; routes not marked public never run without one. */
export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw new AppError(401, 'UNAUTHENTICATED');
  return req.principal;
}

export function actorOf(req: FastifyRequest): Actor {
  return { principal: req.principal, requestId: req.id, ip: req.ip };
}
