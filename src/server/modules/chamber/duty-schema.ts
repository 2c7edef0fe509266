import { boolean, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { orgs } from '../directory/schema.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/* ───────────── responsibility lists and the secretary performance ledger (docs/chamber.md) ───────────── */

/**
 * A responsibility item of a committee's year: the template (scope 'template', weights summing to 100), or one
 * added for a grid (alliance_id) or a branch (branch_id).
 */
export const dutyItems = pgTable('duty_items', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  committeeId: uuid('committee_id').notNull(),
  year: integer('year').notNull(),
  scope: text('scope').notNull(),
  allianceId: uuid('alliance_id'),
  branchId: uuid('branch_id'),
  code: text('code').notNull(),
  name: text('name').notNull(),
  weight: integer('weight').notNull(),
  indicator: text('indicator').notNull(),
  target: integer('target').notNull(),
  source: text('source').notNull(),
  stage: text('stage'),
  sort: integer('sort').notNull().default(0),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.committeeId], foreignColumns: [orgs.regionId, orgs.id], name: 'duty_items_committee_fk' }),
  uniqueIndex('duty_items_code_uq').on(t.regionId, t.committeeId, t.year, t.code),
]);

/** Uploaded evidence for a manual item of one branch. */
export const dutyEvidence = pgTable('duty_evidence', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  itemId: uuid('item_id').notNull(),
  orgId: uuid('org_id').notNull(),
  year: integer('year').notNull(),
  value: integer('value').notNull(),
  note: text('note'),
  fileKey: text('file_key').notNull(),
  fileName: text('file_name').notNull(),
  contentType: text('content_type').notNull(),
  size: integer('size').notNull(),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.itemId], foreignColumns: [dutyItems.regionId, dutyItems.id], name: 'duty_evidence_item_fk' }),
  foreignKey({ columns: [t.regionId, t.orgId], foreignColumns: [orgs.regionId, orgs.id], name: 'duty_evidence_org_fk' }),
  index('duty_evidence_org_idx').on(t.regionId, t.orgId, t.year),
]);

/** 年初晒清单 / 年中晒进度 / 年底晒实绩: the branch's list and figures frozen at a publication point. */
export const dutyPublications = pgTable('duty_publications', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  orgId: uuid('org_id').notNull(),
  year: integer('year').notNull(),
  point: text('point').notNull(),
  publishedAt: ts('published_at').notNull(),
  publishedBy: text('published_by'),
  snapshot: jsonb('snapshot').notNull(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.orgId], foreignColumns: [orgs.regionId, orgs.id], name: 'duty_publications_org_fk' }),
  uniqueIndex('duty_publications_point_uq').on(t.regionId, t.orgId, t.year, t.point),
]);

/** A version of a branch secretary's ledger for a year: reviews, the sign-off and, once signed off, its frozen figures. */
export const dutyReports = pgTable('duty_reports', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  orgId: uuid('org_id').notNull(),
  year: integer('year').notNull(),
  version: integer('version').notNull(),
  /** the latest version of the year (a correction clears it on the one before) */
  current: boolean('current').notNull().default(true),
  status: text('status').notNull(),
  reason: text('reason'),
  reviews: jsonb('reviews').notNull().default([]),
  signedOffAt: ts('signed_off_at'),
  signedOffBy: text('signed_off_by'),
  snapshot: jsonb('snapshot'),
  createdAt: ts('created_at').notNull(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.orgId], foreignColumns: [orgs.regionId, orgs.id], name: 'duty_reports_org_fk' }),
  uniqueIndex('duty_reports_version_uq').on(t.regionId, t.orgId, t.year, t.version),
]);
