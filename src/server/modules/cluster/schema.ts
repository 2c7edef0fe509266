import { sql } from 'drizzle-orm';
import {
  boolean, date, foreignKey, index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid,
} from 'drizzle-orm/pg-core';
import { alliances, members, orgs, regions } from '../directory/schema.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const day = (name: string) => date(name, { mode: 'string' });

/* ───────────── pledges (承诺) ───────────── */

/** Pledge categories a region adds to the built-in three (重点工作, 环境美化, 志愿服务). */
export const pledgeCategories = pgTable('pledge_categories', {
  regionId: uuid('region_id').notNull().references(() => regions.id),
  code: text('code').notNull(),
  name: text('name').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.regionId, t.code] })]);

/** A member's pledge for a year; `org_id` is the member's organisation when pledged (scope follows it). */
export const pledges = pgTable('pledges', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  memberId: uuid('member_id').notNull(),
  orgId: uuid('org_id').notNull(),
  year: integer('year').notNull(),
  category: text('category').notNull(),
  content: text('content').notNull(),
  isPublic: boolean('is_public').notNull().default(true),
  status: text('status').notNull().default('in_progress'),
  reviewComment: text('review_comment'),
  reviewedBy: uuid('reviewed_by'),
  reviewedAt: ts('reviewed_at'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.memberId], foreignColumns: [members.regionId, members.id], name: 'pledges_member_fk' }),
  foreignKey({ columns: [t.regionId, t.orgId], foreignColumns: [orgs.regionId, orgs.id], name: 'pledges_org_fk' }),
  index('pledges_member_idx').on(t.regionId, t.memberId, t.year),
  index('pledges_org_idx').on(t.regionId, t.orgId, t.year),
]);

/* ───────────── projects (党建项目) ───────────── */

export const projects = pgTable('projects', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  title: text('title').notNull(),
  /** secretary (书记向前冲) | branch (支部打头阵) | member (党员作表率) */
  level: text('level').notNull(),
  orgId: uuid('org_id').notNull(),
  allianceId: uuid('alliance_id'),
  category: text('category').notNull(),
  goals: text('goals').notNull().default(''),
  startOn: day('start_on').notNull(),
  endOn: day('end_on').notNull(),
  people: text('people').array().notNull().default(sql`'{}'::text[]`),
  status: text('status').notNull().default('planned'),
  progress: integer('progress').notNull().default(0),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.orgId], foreignColumns: [orgs.regionId, orgs.id], name: 'projects_org_fk' }),
  foreignKey({ columns: [t.regionId, t.allianceId], foreignColumns: [alliances.regionId, alliances.id], name: 'projects_alliance_fk' }),
  index('projects_org_idx').on(t.regionId, t.orgId),
  index('projects_alliance_idx').on(t.regionId, t.allianceId),
]);

export const projectMilestones = pgTable('project_milestones', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  projectId: uuid('project_id').notNull(),
  title: text('title').notNull(),
  dueOn: day('due_on').notNull(),
  doneOn: day('done_on'),
  sort: integer('sort').notNull().default(0),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.projectId], foreignColumns: [projects.regionId, projects.id], name: 'project_milestones_project_fk' }).onDelete('cascade'),
  index('project_milestones_project_idx').on(t.regionId, t.projectId),
]);

/** A progress report (text, photos as attachments), optionally against a milestone. */
export const projectReports = pgTable('project_reports', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  projectId: uuid('project_id').notNull(),
  milestoneId: uuid('milestone_id'),
  reportedOn: day('reported_on').notNull(),
  text: text('text').notNull(),
  progress: integer('progress'),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.projectId], foreignColumns: [projects.regionId, projects.id], name: 'project_reports_project_fk' }).onDelete('cascade'),
  foreignKey({ columns: [t.regionId, t.milestoneId], foreignColumns: [projectMilestones.regionId, projectMilestones.id], name: 'project_reports_milestone_fk' }),
  index('project_reports_project_idx').on(t.regionId, t.projectId),
]);

/* ───────────── contests (项目赛花会) ───────────── */

/** A quarterly contest of an alliance. status: open → closed → published. */
export const contests = pgTable('contests', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  allianceId: uuid('alliance_id').notNull(),
  title: text('title').notNull(),
  /** '2026Q4' */
  quarter: text('quarter').notNull(),
  status: text('status').notNull().default('open'),
  /** judge category → weight in percent; sums to 100 */
  categoryWeights: jsonb('category_weights').$type<Record<string, number>>().notNull(),
  closedAt: ts('closed_at'),
  publishedAt: ts('published_at'),
  /** the published ranking, frozen when published */
  results: jsonb('results'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.allianceId], foreignColumns: [alliances.regionId, alliances.id], name: 'contests_alliance_fk' }),
  index('contests_alliance_idx').on(t.regionId, t.allianceId),
]);

export const contestCriteria = pgTable('contest_criteria', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  contestId: uuid('contest_id').notNull(),
  name: text('name').notNull(),
  maxPoints: integer('max_points').notNull(),
  /** percent; the criteria of a contest sum to 100 */
  weight: integer('weight').notNull(),
  sort: integer('sort').notNull().default(0),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.contestId], foreignColumns: [contests.regionId, contests.id], name: 'contest_criteria_contest_fk' }).onDelete('cascade'),
  index('contest_criteria_contest_idx').on(t.regionId, t.contestId),
]);

export const contestEntries = pgTable('contest_entries', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  contestId: uuid('contest_id').notNull(),
  projectId: uuid('project_id').notNull(),
  /** the project's owner organisation (for recusal) */
  orgId: uuid('org_id').notNull(),
  sort: integer('sort').notNull().default(0),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.contestId], foreignColumns: [contests.regionId, contests.id], name: 'contest_entries_contest_fk' }).onDelete('cascade'),
  foreignKey({ columns: [t.regionId, t.projectId], foreignColumns: [projects.regionId, projects.id], name: 'contest_entries_project_fk' }),
  uniqueIndex('contest_entries_project_uq').on(t.regionId, t.contestId, t.projectId),
]);

/** A judge on a contest's panel: category veteran | resident | department, and own organisation (recusal). */
export const contestJudges = pgTable('contest_judges', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  contestId: uuid('contest_id').notNull(),
  userId: uuid('user_id').notNull(),
  name: text('name').notNull(),
  category: text('category').notNull(),
  orgId: uuid('org_id'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.contestId], foreignColumns: [contests.regionId, contests.id], name: 'contest_judges_contest_fk' }).onDelete('cascade'),
  foreignKey({ columns: [t.regionId, t.orgId], foreignColumns: [orgs.regionId, orgs.id], name: 'contest_judges_org_fk' }),
  uniqueIndex('contest_judges_user_uq').on(t.regionId, t.contestId, t.userId),
]);

export const contestScores = pgTable('contest_scores', {
  regionId: uuid('region_id').notNull(),
  contestId: uuid('contest_id').notNull(),
  judgeId: uuid('judge_id').notNull(),
  entryId: uuid('entry_id').notNull(),
  criterionId: uuid('criterion_id').notNull(),
  points: numeric('points', { precision: 7, scale: 2, mode: 'number' }).notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.contestId, t.judgeId, t.entryId, t.criterionId] }),
  foreignKey({ columns: [t.regionId, t.contestId], foreignColumns: [contests.regionId, contests.id], name: 'contest_scores_contest_fk' }).onDelete('cascade'),
  foreignKey({ columns: [t.regionId, t.judgeId], foreignColumns: [contestJudges.regionId, contestJudges.id], name: 'contest_scores_judge_fk' }).onDelete('cascade'),
  foreignKey({ columns: [t.regionId, t.entryId], foreignColumns: [contestEntries.regionId, contestEntries.id], name: 'contest_scores_entry_fk' }).onDelete('cascade'),
  foreignKey({ columns: [t.regionId, t.criterionId], foreignColumns: [contestCriteria.regionId, contestCriteria.id], name: 'contest_scores_criterion_fk' }).onDelete('cascade'),
]);

/* ───────────── household plaques (党员亮牌, 三级亮相) ───────────── */

/** A plaque campaign, e.g. "100 plaques in one day" in 怡江. */
export const plaqueCampaigns = pgTable('plaque_campaigns', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  name: text('name').notNull(),
  orgId: uuid('org_id').notNull(),
  day: day('day'),
  target: integer('target').notNull().default(0),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.orgId], foreignColumns: [orgs.regionId, orgs.id], name: 'plaque_campaigns_org_fk' }),
]);

/**
 * A member household. `building` is public (e.g. 怡江春色 3幢); `room` is not. Three display levels:
 * door plaque (门牌), bulletin-board profile (宣传栏), stairwell pledge (楼道承诺), each pending|done with a date.
 * `token` is the unguessable key of the public page; revoking clears `token_active`.
 */
export const plaqueHouseholds = pgTable('plaque_households', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  orgId: uuid('org_id').notNull(),
  campaignId: uuid('campaign_id'),
  building: text('building').notNull(),
  room: text('room'),
  token: text('token').notNull(),
  tokenActive: boolean('token_active').notNull().default(true),
  doorState: text('door_state').notNull().default('pending'),
  doorOn: day('door_on'),
  boardState: text('board_state').notNull().default('pending'),
  boardOn: day('board_on'),
  stairState: text('stair_state').notNull().default('pending'),
  stairOn: day('stair_on'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.orgId], foreignColumns: [orgs.regionId, orgs.id], name: 'plaque_households_org_fk' }),
  foreignKey({ columns: [t.regionId, t.campaignId], foreignColumns: [plaqueCampaigns.regionId, plaqueCampaigns.id], name: 'plaque_households_campaign_fk' }),
  index('plaque_households_token_idx').on(t.token),
  index('plaque_households_org_idx').on(t.regionId, t.orgId),
  index('plaque_households_campaign_idx').on(t.regionId, t.campaignId),
]);

export const plaqueHouseholdMembers = pgTable('plaque_household_members', {
  regionId: uuid('region_id').notNull(),
  householdId: uuid('household_id').notNull(),
  memberId: uuid('member_id').notNull(),
  sort: integer('sort').notNull().default(0),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.householdId, t.memberId] }),
  foreignKey({ columns: [t.regionId, t.householdId], foreignColumns: [plaqueHouseholds.regionId, plaqueHouseholds.id], name: 'plaque_household_members_household_fk' }).onDelete('cascade'),
  foreignKey({ columns: [t.regionId, t.memberId], foreignColumns: [members.regionId, members.id], name: 'plaque_household_members_member_fk' }),
  index('plaque_household_members_member_idx').on(t.regionId, t.memberId),
]);

/* ───────────── attachments ───────────── */

/** A stored file belonging to a progress report or a pledge; the file lives under config.uploadDir. */
export const clusterAttachments = pgTable('cluster_attachments', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  /** report | pledge */
  ownerKind: text('owner_kind').notNull(),
  ownerId: uuid('owner_id').notNull(),
  fileName: text('file_name').notNull(),
  contentType: text('content_type').notNull(),
  size: integer('size').notNull(),
  sha256: text('sha256').notNull(),
  storageKey: text('storage_key').notNull(),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  index('cluster_attachments_owner_idx').on(t.regionId, t.ownerKind, t.ownerId),
]);
