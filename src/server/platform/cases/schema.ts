import {
  boolean, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid,
} from 'drizzle-orm/pg-core';
import { orgs, units } from '../../modules/directory/schema.ts';

/**
 * The case engine's tables (docs/cases.md): one row per case of any kind (a mediation case, a service request,
 * later a co-building need), its assignments, its timeline, its files and its ratings. A capability keeps its
 * own facts in a table keyed by the same (region_id, id) and describes its stages in a `CaseFlow`.
 */
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const cases = pgTable('cases', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  /** the flow: 'mediation', 'service_request', … */
  kind: text('kind').notNull(),
  /** the organisation the case belongs to (scope follows it) */
  orgId: uuid('org_id').notNull(),
  /** numbered per kind and year: 2026-007 */
  year: integer('year').notNull(),
  seq: integer('seq').notNull(),
  title: text('title').notNull(),
  stage: text('stage').notNull(),
  stageSince: ts('stage_since').notNull(),
  /** the moment the stage clocks count from (acceptance, dispatch …); null until that moment */
  clockFrom: ts('clock_from'),
  /** days added to every limit (an extension agreed by the parties) */
  extensionDays: integer('extension_days').notNull().default(0),
  /** when the current stage is due; null for a stage without a limit or a closed case */
  dueAt: ts('due_at'),
  openedAt: ts('opened_at').notNull(),
  closedAt: ts('closed_at'),
  createdBy: uuid('created_by'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.orgId], foreignColumns: [orgs.regionId, orgs.id], name: 'cases_org_fk' }),
  uniqueIndex('cases_number_uq').on(t.regionId, t.kind, t.year, t.seq),
  index('cases_open_due_idx').on(t.regionId, t.kind, t.dueAt),
  index('cases_org_idx').on(t.regionId, t.kind, t.orgId),
]);

/** Who handles a case: a user (a mediator) or a unit (an agency), in a role; ended when replaced or handed back. */
export const caseAssignments = pgTable('case_assignments', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  caseId: uuid('case_id').notNull(),
  role: text('role').notNull(),
  userId: uuid('user_id'),
  unitId: uuid('unit_id'),
  name: text('name').notNull(),
  assignedAt: ts('assigned_at').notNull(),
  assignedBy: uuid('assigned_by'),
  endedAt: ts('ended_at'),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.caseId], foreignColumns: [cases.regionId, cases.id], name: 'case_assignments_case_fk' }),
  foreignKey({ columns: [t.regionId, t.unitId], foreignColumns: [units.regionId, units.id], name: 'case_assignments_unit_fk' }),
  index('case_assignments_case_idx').on(t.regionId, t.caseId),
  index('case_assignments_user_idx').on(t.regionId, t.userId),
  index('case_assignments_unit_idx').on(t.regionId, t.unitId),
]);

/** The timeline: every step of a case, who took it and when (stage changes, assignments, sessions, notes, files, ratings). */
export const caseEvents = pgTable('case_events', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  caseId: uuid('case_id').notNull(),
  at: ts('at').notNull(),
  kind: text('kind').notNull(),
  fromStage: text('from_stage'),
  toStage: text('to_stage'),
  actorId: uuid('actor_id'),
  actorName: text('actor_name'),
  note: text('note'),
  data: jsonb('data').$type<Record<string, unknown>>(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.caseId], foreignColumns: [cases.regionId, cases.id], name: 'case_events_case_fk' }),
  index('case_events_case_idx').on(t.regionId, t.caseId, t.at),
]);

/** Files of a case (records of a session, signed agreements, evidence): stored by platform/uploads.ts. */
export const caseFiles = pgTable('case_files', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  caseId: uuid('case_id').notNull(),
  fileName: text('file_name').notNull(),
  contentType: text('content_type').notNull(),
  size: integer('size').notNull(),
  sha256: text('sha256').notNull(),
  storageKey: text('storage_key').notNull(),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.caseId], foreignColumns: [cases.regionId, cases.id], name: 'case_files_case_fk' }),
  index('case_files_case_idx').on(t.regionId, t.caseId),
]);

/** Satisfaction: one rating per subject (a party of a mediation, the enterprise of a request) on the flow's scale. */
export const caseRatings = pgTable('case_ratings', {
  regionId: uuid('region_id').notNull(),
  caseId: uuid('case_id').notNull(),
  /** who the rating is of or by: a party id, 'enterprise' … */
  subject: text('subject').notNull(),
  value: integer('value').notNull(),
  comment: text('comment'),
  ratedBy: uuid('rated_by'),
  ratedAt: ts('rated_at').notNull(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.caseId, t.subject] }),
  foreignKey({ columns: [t.regionId, t.caseId], foreignColumns: [cases.regionId, cases.id], name: 'case_ratings_case_fk' }),
]);

/** A region's own time limits for a flow's stages (configuration): overrides the flow's defaults. */
export const caseStageLimits = pgTable('case_stage_limits', {
  regionId: uuid('region_id').notNull(),
  kind: text('kind').notNull(),
  stage: text('stage').notNull(),
  days: integer('days').notNull(),
  workingDays: boolean('working_days').notNull().default(false),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.regionId, t.kind, t.stage] })]);
