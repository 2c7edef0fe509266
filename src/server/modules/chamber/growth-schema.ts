import { bigint, date, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { members, orgs, regions, units } from '../directory/schema.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const day = (name: string) => date(name, { mode: 'string' });

/* ───────────── the party's growth among entrepreneurs (docs/chamber.md §4) ───────────── */

/** 交叉结对: a party-member entrepreneur mentoring a second-generation owner, kept by an org (the committee). */
export const mentoringPairs = pgTable('mentoring_pairs', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  orgId: uuid('org_id').notNull(),
  mentorMemberId: uuid('mentor_member_id').notNull(),
  menteeName: text('mentee_name').notNull(),
  menteeUnitId: uuid('mentee_unit_id').notNull(),
  /** the mentee's own member record once they joined the party (linked, never copied; the name stays as entered) */
  menteeMemberId: uuid('mentee_member_id'),
  startedOn: day('started_on').notNull(),
  outcome: text('outcome').notNull().default('ongoing'),
  tookOverOn: day('took_over_on'),
  /** meetings and salons: activities of the org's subtree (checked when written) */
  activityIds: uuid('activity_ids').array().notNull().default([]),
  note: text('note'),
  createdAt: ts('created_at').notNull(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.orgId], foreignColumns: [orgs.regionId, orgs.id], name: 'mentoring_pairs_org_fk' }),
  foreignKey({ columns: [t.regionId, t.mentorMemberId], foreignColumns: [members.regionId, members.id], name: 'mentoring_pairs_mentor_fk' }),
  foreignKey({ columns: [t.regionId, t.menteeUnitId], foreignColumns: [units.regionId, units.id], name: 'mentoring_pairs_unit_fk' }),
  foreignKey({ columns: [t.regionId, t.menteeMemberId], foreignColumns: [members.regionId, members.id], name: 'mentoring_pairs_mentee_fk' }),
  index('mentoring_pairs_org_idx').on(t.regionId, t.orgId),
]);

/** A school the org (the committee) works with: its contact and the agreement's period (to: open-ended when null). */
export const schoolPartners = pgTable('school_partners', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  orgId: uuid('org_id').notNull(),
  name: text('name').notNull(),
  contactName: text('contact_name').notNull(),
  contactPhone: text('contact_phone'),
  agreementFrom: day('agreement_from').notNull(),
  agreementTo: day('agreement_to'),
  note: text('note'),
  createdAt: ts('created_at').notNull(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.orgId], foreignColumns: [orgs.regionId, orgs.id], name: 'school_partners_org_fk' }),
  unique('school_partners_name_uq').on(t.regionId, t.orgId, t.name),
]);

/** Students or technicians placed with an enterprise from a partner school in a year (people: how many). */
export const talentPlacements = pgTable('talent_placements', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  orgId: uuid('org_id').notNull(),
  unitId: uuid('unit_id').notNull(),
  schoolId: uuid('school_id').notNull(),
  year: integer('year').notNull(),
  kind: text('kind').notNull(),
  people: integer('people').notNull(),
  note: text('note'),
  createdAt: ts('created_at').notNull(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.orgId], foreignColumns: [orgs.regionId, orgs.id], name: 'talent_placements_org_fk' }),
  foreignKey({ columns: [t.regionId, t.unitId], foreignColumns: [units.regionId, units.id], name: 'talent_placements_unit_fk' }),
  foreignKey({ columns: [t.regionId, t.schoolId], foreignColumns: [schoolPartners.regionId, schoolPartners.id], name: 'talent_placements_school_fk' }),
  index('talent_placements_school_idx').on(t.regionId, t.schoolId),
  index('talent_placements_org_idx').on(t.regionId, t.orgId, t.year),
]);

/** 引进来 / 走出去: a project introduced, a joint venture or a branch set up by a member enterprise, dated. */
export const investmentRecords = pgTable('investment_records', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  orgId: uuid('org_id').notNull(),
  unitId: uuid('unit_id').notNull(),
  kind: text('kind').notNull(),
  title: text('title').notNull(),
  on: day('on').notNull(),
  place: text('place'),
  amountFen: bigint('amount_fen', { mode: 'number' }),
  note: text('note'),
  createdAt: ts('created_at').notNull(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.orgId], foreignColumns: [orgs.regionId, orgs.id], name: 'investment_records_org_fk' }),
  foreignKey({ columns: [t.regionId, t.unitId], foreignColumns: [units.regionId, units.id], name: 'investment_records_unit_fk' }),
  index('investment_records_org_idx').on(t.regionId, t.orgId, t.on),
]);

/* ───────────── workflow charts (党务工作流程图): a region's procedures, seeded with the defaults, edited by its admin ───────────── */

/** A procedure of a region (发展党员, 组织关系转接, 换届选举, 三会一课): its text and stages of steps, each step linked to a page. */
export const workflowProcedures = pgTable('workflow_procedures', {
  regionId: uuid('region_id').notNull(),
  code: text('code').notNull(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  /** [{ title, steps: [{ title, text, path }] }] */
  stages: jsonb('stages').notNull(),
  sort: integer('sort').notNull().default(0),
  updatedAt: ts('updated_at').notNull(),
  updatedBy: text('updated_by'),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.code] }),
  foreignKey({ columns: [t.regionId], foreignColumns: [regions.id], name: 'workflow_procedures_region_fk' }),
]);
