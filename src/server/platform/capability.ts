import type { PgTable } from 'drizzle-orm/pg-core';
import type { LabelMap } from '../../shared/capabilities/index.ts';
import type { Db } from '../db/client.ts';
import type { App, Ctx } from './context.ts';
import type { FigureDef } from './figures/types.ts';
import type { Locale } from './messages.ts';
import type { TodoSource } from './todos-types.ts';

/** A sign-in the demo data created, printed at the first start. */
export interface SeedLogin { username: string; role: string }

/** What a capability's demo seed gets: the database, the demo sign-ins' password (each hashes it with its own salt) and the seeding clock. */
export interface SeedCtx { db: Db; password: string; now: number }

/**
 * A capability (one folder under src/server/modules/) declared in one object, its `index.ts`. The app registers
 * the routes of every manifest in src/server/modules/index.ts, the seed runs their seeds in that order, and
 * src/server/modules/manifest.test.ts fails when one is half-registered (a permission or audit action without
 * labels, a route without an OpenAPI tag, a table nobody declares or missing from docs/scaling.md).
 */
export interface Capability {
  /** the folder name; also the OpenAPI tag of its routes */
  name: string;
  /** a Fastify plugin registering the capability's routes (encapsulated: its own multipart, rate limits) */
  routes: (app: App, opts: { ctx: Ctx }) => Promise<void>;
  /** the permission codes it introduces, with labels (declared in src/shared/capabilities/<name>.ts) */
  permissions: LabelMap;
  /** the audit actions it writes, with labels (same file) */
  auditActions: LabelMap;
  /** its server-side error and field messages (added to the catalogue of platform/messages.ts) */
  messages: Record<string, Record<Locale, string>>;
  /** demo data loaded on an empty database, after the capabilities listed before it */
  seed?: (ctx: SeedCtx) => Promise<{ users?: SeedLogin[] }>;
  /**
   * Its tables. `region`: distributed by region_id (region_id first in the PK, in every FK and unique index);
   * `shared`: small reference tables copied to every node. The Citus set-up in docs/scaling.md lists them all.
   */
  tables: { region: PgTable[]; shared: PgTable[] };
  /** the figures it contributes to the catalogue (platform/figures, docs/figures.md) */
  figures?: FigureDef[];
  /** where its to-do items come from (the home page's list, the daily reminders) */
  todos?: TodoSource[];
}

export const defineCapability = (c: Capability): Capability => c;
