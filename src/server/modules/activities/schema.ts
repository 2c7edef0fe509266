import { sql } from 'drizzle-orm';
import {
  boolean, date, foreignKey, index, integer, jsonb, numeric, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid,
} from 'drizzle-orm/pg-core';
import { members, orgs } from '../directory/schema.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const day = (name: string) => date(name, { mode: 'string' });

/** A series of activities (e.g. 「我和党章的故事」书记讲党课); the series shows its count. */
export const activitySeries = pgTable('activity_series', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  orgId: uuid('org_id'),
  allianceId: uuid('alliance_id'),
  name: text('name').notNull(),
  description: text('description'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.orgId], foreignColumns: [orgs.regionId, orgs.id], name: 'activity_series_org_fk' }),
  uniqueIndex('activity_series_name_uq').on(t.regionId, t.name),
]);

/**
 * Organisational life and service in one model: 三会一课, theme days, lessons, lectures, volunteer
 * service, social events. Organised by an org or an alliance.
 */
export const activities = pgTable('activities', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  kind: text('kind').notNull(),
  orgId: uuid('org_id'),
  allianceId: uuid('alliance_id'),
  seriesId: uuid('series_id'),
  title: text('title').notNull(),
  topic: text('topic'),
  place: text('place'),
  speaker: text('speaker'),
  startsAt: ts('starts_at').notNull(),
  endsAt: ts('ends_at').notNull(),
  /** the date of record (Asia/Shanghai) the activity counts for */
  heldOn: day('held_on').notNull(),
  checkinOpensAt: ts('checkin_opens_at').notNull(),
  checkinClosesAt: ts('checkin_closes_at').notNull(),
  /** random token carried by the QR code */
  checkinCode: text('checkin_code').notNull(),
  signupOpen: boolean('signup_open').notNull().default(false),
  capacity: integer('capacity'),
  status: text('status').notNull().default('planned'),
  minutes: text('minutes'),
  photos: text('photos').array().notNull().default(sql`'{}'::text[]`),
  /** lectures (宣讲): the team, the lecturer and the request it answers */
  lectureTeamId: uuid('lecture_team_id'),
  lecturerMemberId: uuid('lecturer_member_id'),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.orgId], foreignColumns: [orgs.regionId, orgs.id], name: 'activities_org_fk' }),
  foreignKey({ columns: [t.regionId, t.seriesId], foreignColumns: [activitySeries.regionId, activitySeries.id], name: 'activities_series_fk' }),
  index('activities_org_held_idx').on(t.regionId, t.orgId, t.heldOn),
  index('activities_held_idx').on(t.regionId, t.heldOn),
  index('activities_series_idx').on(t.regionId, t.seriesId),
  index('activities_lecturer_idx').on(t.regionId, t.lecturerMemberId),
]);

/** Who is expected at or signed up for an activity, absences, service hours and (lectures) ratings. */
/** Photos uploaded to an activity (images checked by content; the file is kept under DATA_DIR/uploads). */
export const activityPhotos = pgTable('activity_photos', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  activityId: uuid('activity_id').notNull(),
  fileName: text('file_name').notNull(),
  contentType: text('content_type').notNull(),
  size: integer('size').notNull(),
  sha256: text('sha256').notNull(),
  storageKey: text('storage_key').notNull(),
  caption: text('caption'),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.activityId], foreignColumns: [activities.regionId, activities.id], name: 'activity_photos_activity_fk' }).onDelete('cascade'),
  index('activity_photos_activity_idx').on(t.regionId, t.activityId),
]);

export const activityAttendees = pgTable('activity_attendees', {
  regionId: uuid('region_id').notNull(),
  activityId: uuid('activity_id').notNull(),
  memberId: uuid('member_id').notNull(),
  expected: boolean('expected').notNull().default(false),
  /** null (not signed up), 'signed_up' or 'waitlisted' */
  signup: text('signup'),
  signedUpAt: ts('signed_up_at'),
  absenceReason: text('absence_reason'),
  serviceHours: numeric('service_hours', { precision: 5, scale: 2, mode: 'number' }),
  rating: smallint('rating'),
  comment: text('comment'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.activityId, t.memberId] }),
  foreignKey({ columns: [t.regionId, t.activityId], foreignColumns: [activities.regionId, activities.id], name: 'activity_attendees_activity_fk' }).onDelete('cascade'),
  foreignKey({ columns: [t.regionId, t.memberId], foreignColumns: [members.regionId, members.id], name: 'activity_attendees_member_fk' }),
  index('activity_attendees_member_idx').on(t.regionId, t.memberId),
]);

/** One check-in per person per activity: the primary key refuses a second one. */
export const activityCheckins = pgTable('activity_checkins', {
  regionId: uuid('region_id').notNull(),
  activityId: uuid('activity_id').notNull(),
  memberId: uuid('member_id').notNull(),
  at: ts('at').notNull(),
  /** 'qr' (the member scanned) or 'admin' (ticked by staff) */
  method: text('method').notNull(),
  byUserId: uuid('by_user_id'),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.activityId, t.memberId] }),
  foreignKey({ columns: [t.regionId, t.activityId], foreignColumns: [activities.regionId, activities.id], name: 'activity_checkins_activity_fk' }).onDelete('cascade'),
  foreignKey({ columns: [t.regionId, t.memberId], foreignColumns: [members.regionId, members.id], name: 'activity_checkins_member_fk' }),
  index('activity_checkins_member_idx').on(t.regionId, t.memberId),
]);

/**
 * 三会一课 frequencies per region: configuration, not code. A region without rows uses
 * DEFAULT_COMPLIANCE_RULES (compliance.ts).
 */
export const complianceRules = pgTable('compliance_rules', {
  regionId: uuid('region_id').notNull(),
  kind: text('kind').notNull(),
  /** 'month' | 'quarter' | 'year' */
  period: text('period').notNull(),
  minCount: integer('min_count').notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.regionId, t.kind] })]);

/** A lecture team (宣讲团) such as 青春微巡讲团. */
export const lectureTeams = pgTable('lecture_teams', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  orgId: uuid('org_id').notNull(),
  name: text('name').notNull(),
  description: text('description'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.orgId], foreignColumns: [orgs.regionId, orgs.id], name: 'lecture_teams_org_fk' }),
  uniqueIndex('lecture_teams_name_uq').on(t.regionId, t.name),
]);

export const lecturers = pgTable('lecturers', {
  regionId: uuid('region_id').notNull(),
  teamId: uuid('team_id').notNull(),
  memberId: uuid('member_id').notNull(),
  topics: text('topics').array().notNull().default(sql`'{}'::text[]`),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.teamId, t.memberId] }),
  foreignKey({ columns: [t.regionId, t.teamId], foreignColumns: [lectureTeams.regionId, lectureTeams.id], name: 'lecturers_team_fk' }).onDelete('cascade'),
  foreignKey({ columns: [t.regionId, t.memberId], foreignColumns: [members.regionId, members.id], name: 'lecturers_member_fk' }),
]);

/** A host branch asks a team for a lecture; scheduling it creates the 宣讲 activity. */
export const lectureRequests = pgTable('lecture_requests', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  teamId: uuid('team_id').notNull(),
  hostOrgId: uuid('host_org_id').notNull(),
  topic: text('topic').notNull(),
  preferredOn: day('preferred_on'),
  note: text('note'),
  /** 'requested' | 'scheduled' | 'declined' */
  status: text('status').notNull().default('requested'),
  activityId: uuid('activity_id'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.teamId], foreignColumns: [lectureTeams.regionId, lectureTeams.id], name: 'lecture_requests_team_fk' }),
  foreignKey({ columns: [t.regionId, t.hostOrgId], foreignColumns: [orgs.regionId, orgs.id], name: 'lecture_requests_host_fk' }),
  foreignKey({ columns: [t.regionId, t.activityId], foreignColumns: [activities.regionId, activities.id], name: 'lecture_requests_activity_fk' }),
  index('lecture_requests_team_idx').on(t.regionId, t.teamId),
]);

/** Courseware (精品课件): an uploaded PDF or video, or a link. */
export const courseware = pgTable('courseware', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  orgId: uuid('org_id').notNull(),
  title: text('title').notNull(),
  description: text('description'),
  /** 'pdf' | 'video' | 'link' */
  kind: text('kind').notNull(),
  url: text('url'),
  fileName: text('file_name'),
  fileSize: integer('file_size'),
  contentType: text('content_type'),
  durationMinutes: integer('duration_minutes'),
  tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
  /** archived material is no longer offered to members; its views and completions stay in the figures */
  archivedAt: ts('archived_at'),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.orgId], foreignColumns: [orgs.regionId, orgs.id], name: 'courseware_org_fk' }),
  index('courseware_org_idx').on(t.regionId, t.orgId),
]);

export const coursewareProgress = pgTable('courseware_progress', {
  regionId: uuid('region_id').notNull(),
  coursewareId: uuid('courseware_id').notNull(),
  memberId: uuid('member_id').notNull(),
  views: integer('views').notNull().default(0),
  firstViewedAt: ts('first_viewed_at').notNull(),
  lastViewedAt: ts('last_viewed_at').notNull(),
  completedAt: ts('completed_at'),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.coursewareId, t.memberId] }),
  foreignKey({ columns: [t.regionId, t.coursewareId], foreignColumns: [courseware.regionId, courseware.id], name: 'courseware_progress_cw_fk' }).onDelete('cascade'),
  foreignKey({ columns: [t.regionId, t.memberId], foreignColumns: [members.regionId, members.id], name: 'courseware_progress_member_fk' }),
  index('courseware_progress_member_idx').on(t.regionId, t.memberId),
]);

/** Question bank: single / multiple choice and true/false, with explanation and tags. */
export const questions = pgTable('questions', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  orgId: uuid('org_id').notNull(),
  /** 'single' | 'multiple' | 'truefalse' */
  kind: text('kind').notNull(),
  stem: text('stem').notNull(),
  options: jsonb('options').$type<string[]>().notNull(),
  /** indexes into options, ascending */
  answer: integer('answer').array().notNull(),
  explanation: text('explanation'),
  tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.orgId], foreignColumns: [orgs.regionId, orgs.id], name: 'questions_org_fk' }),
  uniqueIndex('questions_stem_uq').on(t.regionId, t.stem),
  index('questions_tags_idx').using('gin', t.tags),
]);

/** A quiz competition (党规竞赛) for the members of an org subtree or of an alliance. */
export const quizzes = pgTable('quizzes', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  orgId: uuid('org_id').notNull(),
  allianceId: uuid('alliance_id'),
  title: text('title').notNull(),
  description: text('description'),
  opensAt: ts('opens_at').notNull(),
  closesAt: ts('closes_at').notNull(),
  /** 'fixed' (questionIds) or 'random' (questionCount drawn per attempt from tags) */
  mode: text('mode').notNull(),
  questionIds: uuid('question_ids').array().notNull().default(sql`'{}'::uuid[]`),
  tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
  questionCount: integer('question_count').notNull(),
  timeLimitSeconds: integer('time_limit_seconds').notNull(),
  attemptsAllowed: integer('attempts_allowed').notNull().default(1),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.orgId], foreignColumns: [orgs.regionId, orgs.id], name: 'quizzes_org_fk' }),
]);

/** One attempt: (quiz, member, attempt number) is unique, so a double start stores one row. */
export const quizAttempts = pgTable('quiz_attempts', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  quizId: uuid('quiz_id').notNull(),
  memberId: uuid('member_id').notNull(),
  attemptNo: integer('attempt_no').notNull(),
  questionIds: uuid('question_ids').array().notNull(),
  /** questionId → chosen option indexes */
  answers: jsonb('answers').$type<Record<string, number[]>>().notNull().default({}),
  /**
   * questionId → the order this attempt shows the options in (entry i = the bank's index of the option shown at
   * i), drawn when it starts; none = the bank's order (true/false questions, attempts from before shuffling).
   * `answers` are stored as bank indexes; the member sends and sees indexes in the shown order.
   */
  optionOrders: jsonb('option_orders').$type<Record<string, number[]>>().notNull().default({}),
  startedAt: ts('started_at').notNull(),
  deadlineAt: ts('deadline_at').notNull(),
  submittedAt: ts('submitted_at'),
  correctCount: integer('correct_count'),
  score: integer('score'),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.quizId], foreignColumns: [quizzes.regionId, quizzes.id], name: 'quiz_attempts_quiz_fk' }),
  foreignKey({ columns: [t.regionId, t.memberId], foreignColumns: [members.regionId, members.id], name: 'quiz_attempts_member_fk' }),
  uniqueIndex('quiz_attempts_no_uq').on(t.regionId, t.quizId, t.memberId, t.attemptNo),
  index('quiz_attempts_member_idx').on(t.regionId, t.memberId),
]);
