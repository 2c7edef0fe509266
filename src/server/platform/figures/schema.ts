import { sql } from 'drizzle-orm';
import { bigint, date, index, numeric, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { regions } from '../../modules/directory/schema.ts';

/**
 * The per-day summaries of the figures that declare `summary` (platform/figures/summary.ts, docs/scaling.md):
 * the figure's `rows` grouped by where they hang and their day — `n` rows, `total` the sum of their values. Derived
 * only (never written by hand): a day's rows are replaced from `rows` whenever a write marked the day.
 */
export const figureSummaries = pgTable('figure_summaries', {
  regionId: uuid('region_id').notNull().references(() => regions.id),
  id: uuid('id').notNull().default(sql`gen_random_uuid()`),
  figureKey: text('figure_key').notNull(),
  orgId: uuid('org_id'),
  unitId: uuid('unit_id'),
  allianceId: uuid('alliance_id'),
  at: date('at', { mode: 'string' }),
  n: bigint('n', { mode: 'number' }).notNull(),
  total: numeric('total').notNull(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  index('figure_summaries_day_idx').on(t.regionId, t.figureKey, t.at),
]);

/**
 * The days of a summary a write has touched since it was last brought up to date: inserted (never updated, so
 * writers never wait on each other) by the triggers on the figure's source tables; `at` '-infinity' means every
 * day (a write that moves records between orgs or units). The engine deletes the markers it sees and recomputes
 * those days in one transaction before reading the summary.
 */
export const figureSummaryDirty = pgTable('figure_summary_dirty', {
  regionId: uuid('region_id').notNull().references(() => regions.id),
  id: uuid('id').notNull().default(sql`gen_random_uuid()`),
  figureKey: text('figure_key').notNull(),
  at: date('at', { mode: 'string' }),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  index('figure_summary_dirty_key_idx').on(t.regionId, t.figureKey),
]);
