import { sql } from 'drizzle-orm';
import {
  boolean, date, foreignKey, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const day = (name: string) => date(name, { mode: 'string' });

/** A region (街道 / 镇): the distribution key of every region-scoped table. Small: a reference table. */
export const regions = pgTable('regions', {
  id: uuid('id').primaryKey(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  district: text('district'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

/** Party organisations (党委 / 党总支 / 党支部) as a tree; `path` is '/rootId/.../id/' for subtree queries. */
export const orgs = pgTable('orgs', {
  regionId: uuid('region_id').notNull().references(() => regions.id),
  id: uuid('id').notNull(),
  parentId: uuid('parent_id'),
  kind: text('kind').notNull(),
  name: text('name').notNull(),
  path: text('path').notNull(),
  depth: integer('depth').notNull().default(0),
  secretaryName: text('secretary_name'),
  secretaryMemberId: uuid('secretary_member_id'),
  foundedOn: day('founded_on'),
  termStart: day('term_start'),
  termEnd: day('term_end'),
  unitId: uuid('unit_id'),
  sort: integer('sort').notNull().default(0),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.parentId], foreignColumns: [t.regionId, t.id], name: 'orgs_parent_fk' }),
  uniqueIndex('orgs_path_uq').on(t.regionId, t.path),
  index('orgs_path_pattern_idx').on(t.regionId, sql`${t.path} text_pattern_ops`),
  index('orgs_parent_idx').on(t.regionId, t.parentId),
]);

/** Units (单位): enterprises, schools, hospitals, army units, banks, communities, villages. */
export const units = pgTable('units', {
  regionId: uuid('region_id').notNull().references(() => regions.id),
  id: uuid('id').notNull(),
  kind: text('kind').notNull(),
  name: text('name').notNull(),
  industry: text('industry'),
  staffCount: integer('staff_count'),
  aboveScale: boolean('above_scale').notNull().default(false),
  address: text('address'),
  liaisonName: text('liaison_name'),
  liaisonPhone: text('liaison_phone'),
  orgId: uuid('org_id'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.orgId], foreignColumns: [orgs.regionId, orgs.id], name: 'units_org_fk' }),
  uniqueIndex('units_name_uq').on(t.regionId, t.name),
]);

/** Alliances: cluster (集群), grid (网格), joint meeting (联席会议). */
export const alliances = pgTable('alliances', {
  regionId: uuid('region_id').notNull().references(() => regions.id),
  id: uuid('id').notNull(),
  kind: text('kind').notNull(),
  name: text('name').notNull(),
  leadOrgId: uuid('lead_org_id'),
  description: text('description'),
  foundedOn: day('founded_on'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.leadOrgId], foreignColumns: [orgs.regionId, orgs.id], name: 'alliances_lead_fk' }),
  uniqueIndex('alliances_name_uq').on(t.regionId, t.name),
]);

export const allianceOrgs = pgTable('alliance_orgs', {
  regionId: uuid('region_id').notNull(),
  allianceId: uuid('alliance_id').notNull(),
  orgId: uuid('org_id').notNull(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.allianceId, t.orgId] }),
  foreignKey({ columns: [t.regionId, t.allianceId], foreignColumns: [alliances.regionId, alliances.id], name: 'alliance_orgs_alliance_fk' }).onDelete('cascade'),
  foreignKey({ columns: [t.regionId, t.orgId], foreignColumns: [orgs.regionId, orgs.id], name: 'alliance_orgs_org_fk' }),
  index('alliance_orgs_org_idx').on(t.regionId, t.orgId),
]);

export const allianceUnits = pgTable('alliance_units', {
  regionId: uuid('region_id').notNull(),
  allianceId: uuid('alliance_id').notNull(),
  unitId: uuid('unit_id').notNull(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.allianceId, t.unitId] }),
  foreignKey({ columns: [t.regionId, t.allianceId], foreignColumns: [alliances.regionId, alliances.id], name: 'alliance_units_alliance_fk' }).onDelete('cascade'),
  foreignKey({ columns: [t.regionId, t.unitId], foreignColumns: [units.regionId, units.id], name: 'alliance_units_unit_fk' }),
  index('alliance_units_unit_idx').on(t.regionId, t.unitId),
]);

/** Members of the roster, including people in the development pipeline (applicant → full member). */
export const members = pgTable('members', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  orgId: uuid('org_id').notNull(),
  name: text('name').notNull(),
  namePinyin: text('name_pinyin').notNull().default(''),
  nameInitials: text('name_initials').notNull().default(''),
  gender: text('gender').notNull(),
  ethnicity: text('ethnicity'),
  birthDate: day('birth_date').notNull(),
  idNumber: text('id_number').notNull(),
  education: text('education'),
  occupation: text('occupation'),
  phone: text('phone'),
  address: text('address'),
  stage: text('stage').notNull(),
  appliedOn: day('applied_on'),
  activistOn: day('activist_on'),
  candidateOn: day('candidate_on'),
  joinedOn: day('joined_on'),
  fullOn: day('full_on'),
  status: text('status').notNull().default('normal'),
  tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.orgId], foreignColumns: [orgs.regionId, orgs.id], name: 'members_org_fk' }),
  uniqueIndex('members_id_number_uq').on(t.regionId, t.idNumber),
  index('members_org_idx').on(t.regionId, t.orgId, sql`${t.name} text_pattern_ops`),
  index('members_name_idx').on(t.regionId, sql`${t.name} text_pattern_ops`),
  index('members_pinyin_idx').on(t.regionId, sql`${t.namePinyin} text_pattern_ops`),
  index('members_initials_idx').on(t.regionId, sql`${t.nameInitials} text_pattern_ops`),
]);

/** Organisation-relationship transfers (组织关系转接). Kept on the member's region of origin. */
export const memberTransfers = pgTable('member_transfers', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  memberId: uuid('member_id').notNull(),
  fromRegionId: uuid('from_region_id').notNull(),
  fromOrgId: uuid('from_org_id').notNull(),
  toRegionId: uuid('to_region_id').notNull(),
  toOrgId: uuid('to_org_id').notNull(),
  toMemberId: uuid('to_member_id').notNull(),
  transferredOn: day('transferred_on').notNull(),
  reason: text('reason'),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.memberId], foreignColumns: [members.regionId, members.id], name: 'member_transfers_member_fk' }),
  index('member_transfers_member_idx').on(t.regionId, t.memberId),
]);
