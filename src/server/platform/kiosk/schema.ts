import { sql } from 'drizzle-orm';
import { boolean, index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { regions } from '../../modules/directory/schema.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * A revocable kiosk link (展示链接) of the big screen for one level: an unguessable token opens that level's big
 * screen without sign-in, read-only. `permissions` are the creator's permissions on the level when the link was
 * made (the link never reads more than its creator could); `keys` the headline figures (null: every figure those
 * permissions read, as the catalogue grows).
 */
export const kioskLinks = pgTable('kiosk_links', {
  regionId: uuid('region_id').notNull().references(() => regions.id),
  id: uuid('id').notNull(),
  scopeKind: text('scope_kind').notNull(),
  scopeId: uuid('scope_id').notNull(),
  name: text('name').notNull(),
  keys: text('keys').array(),
  /** the period the screen counts: `year` / `quarter` / `month` (the current one, rolling) or a fixed `2026` / `2026Q3` / `2026-11` */
  period: text('period').notNull().default('year'),
  permissions: text('permissions').array().notNull().default(sql`'{}'::text[]`),
  token: text('token').notNull(),
  active: boolean('active').notNull().default(true),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
  revokedBy: uuid('revoked_by'),
  revokedAt: ts('revoked_at'),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  uniqueIndex('kiosk_links_token_uq').on(t.regionId, t.token),
  index('kiosk_links_token_idx').on(t.token),
]);
