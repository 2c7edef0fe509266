import { sql } from 'drizzle-orm';
import { boolean, check, date, foreignKey, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { alliances, orgs, regions, units } from '../directory/schema.ts';
import { projects } from '../cluster/schema.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const day = (name: string) => date(name, { mode: 'string' });

/**
 * A need (需求) of a joint meeting, raised for a party: a unit (`unit_id`, with its org in `org_id`) or an org.
 * `claimed` counts the slots taken: the check constraint holds it within `quantity` whatever claims at once, and a
 * claim is one conditional UPDATE of this row (all rows of a need live in its region: one shard under Citus).
 */
export const needs = pgTable('needs', {
  regionId: uuid('region_id').notNull().references(() => regions.id),
  id: uuid('id').notNull(),
  allianceId: uuid('alliance_id').notNull(),
  category: text('category').notNull(),
  title: text('title').notNull(),
  description: text('description').notNull().default(''),
  quantity: integer('quantity').notNull(),
  claimed: integer('claimed').notNull().default(0),
  /** the last slot number handed out: claims number their slots from here, so a withdrawn claim's numbers are never reused */
  slotSeq: integer('slot_seq').notNull().default(0),
  filled: integer('filled').notNull().default(0),
  wantedBy: day('wanted_by'),
  visibility: text('visibility').notNull().default('alliance'),
  tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
  status: text('status').notNull(),
  unitId: uuid('unit_id'),
  orgId: uuid('org_id'),
  raisedAs: text('raised_as').notNull(),
  raisedBy: uuid('raised_by'),
  raisedByName: text('raised_by_name'),
  rejectReason: text('reject_reason'),
  mergedIntoId: uuid('merged_into_id'),
  reviewedAt: ts('reviewed_at'),
  publishedAt: ts('published_at'),
  confirmedAt: ts('confirmed_at'),
  rating: integer('rating'),
  ratingComment: text('rating_comment'),
  ratedBy: uuid('rated_by'),
  ratedAt: ts('rated_at'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.allianceId], foreignColumns: [alliances.regionId, alliances.id], name: 'needs_alliance_fk' }),
  foreignKey({ columns: [t.regionId, t.unitId], foreignColumns: [units.regionId, units.id], name: 'needs_unit_fk' }),
  foreignKey({ columns: [t.regionId, t.orgId], foreignColumns: [orgs.regionId, orgs.id], name: 'needs_org_fk' }),
  foreignKey({ columns: [t.regionId, t.mergedIntoId], foreignColumns: [t.regionId, t.id], name: 'needs_merged_into_fk' }),
  check('needs_slots_ck', sql`${t.claimed} >= 0 and ${t.claimed} <= ${t.quantity} and ${t.filled} >= 0 and ${t.filled} <= ${t.claimed}`),
  check('needs_slot_seq_ck', sql`${t.slotSeq} >= ${t.claimed}`),
  check('needs_quantity_ck', sql`${t.quantity} >= 1`),
  check('needs_rating_ck', sql`${t.rating} is null or ${t.rating} between 1 and 5`),
  check('needs_party_ck', sql`${t.unitId} is not null or ${t.orgId} is not null`),
  index('needs_alliance_idx').on(t.regionId, t.allianceId, t.createdAt),
  index('needs_status_idx').on(t.regionId, t.allianceId, t.status, t.createdAt),
  // the office's list filtered by status and category, newest first (read backwards), and its count
  index('needs_filter_idx').on(t.regionId, t.allianceId, t.status, t.category, t.createdAt, t.id),
  index('needs_unit_idx').on(t.regionId, t.unitId),
  index('needs_org_idx').on(t.regionId, t.orgId),
]);

/** A need sent to an org or a unit (派单); `org_id` is the recipient org, or the recipient unit's org. */
export const needDispatches = pgTable('need_dispatches', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  needId: uuid('need_id').notNull(),
  /** 'org:<id>' or 'unit:<id>': one dispatch per recipient and need */
  recipient: text('recipient').notNull(),
  orgId: uuid('org_id'),
  unitId: uuid('unit_id'),
  /** dispatched by the office, or taken up by the recipient itself from a need it could see */
  source: text('source').notNull().default('office'),
  status: text('status').notNull().default('sent'),
  claimedSlots: integer('claimed_slots').notNull().default(0),
  seenAt: ts('seen_at'),
  claimedAt: ts('claimed_at'),
  declinedAt: ts('declined_at'),
  declineReason: text('decline_reason'),
  /** the last claim the recipient withdrew (status 'withdrawn' once none of its slots is left) */
  withdrawnAt: ts('withdrawn_at'),
  withdrawReason: text('withdraw_reason'),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.needId], foreignColumns: [needs.regionId, needs.id], name: 'need_dispatches_need_fk' }),
  foreignKey({ columns: [t.regionId, t.orgId], foreignColumns: [orgs.regionId, orgs.id], name: 'need_dispatches_org_fk' }),
  foreignKey({ columns: [t.regionId, t.unitId], foreignColumns: [units.regionId, units.id], name: 'need_dispatches_unit_fk' }),
  uniqueIndex('need_dispatches_recipient_uq').on(t.regionId, t.needId, t.recipient),
  index('need_dispatches_org_idx').on(t.regionId, t.orgId),
  index('need_dispatches_unit_idx').on(t.regionId, t.unitId),
  check('need_dispatches_recipient_ck', sql`${t.orgId} is not null or ${t.unitId} is not null`),
]);

/** Slots taken by a dispatch's recipient: slots `slot_from`..`slot_to` of the need, in the order claimed. */
export const needClaims = pgTable('need_claims', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  needId: uuid('need_id').notNull(),
  dispatchId: uuid('dispatch_id').notNull(),
  slots: integer('slots').notNull(),
  slotFrom: integer('slot_from').notNull(),
  slotTo: integer('slot_to').notNull(),
  claimedBy: uuid('claimed_by'),
  claimedByName: text('claimed_by_name'),
  /** withdrawn by the recipient (while none of its slots had a result): its slots were given back to the need */
  withdrawnAt: ts('withdrawn_at'),
  withdrawnBy: uuid('withdrawn_by'),
  withdrawnByName: text('withdrawn_by_name'),
  withdrawReason: text('withdraw_reason'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.needId], foreignColumns: [needs.regionId, needs.id], name: 'need_claims_need_fk' }),
  foreignKey({ columns: [t.regionId, t.dispatchId], foreignColumns: [needDispatches.regionId, needDispatches.id], name: 'need_claims_dispatch_fk' }),
  uniqueIndex('need_claims_slot_uq').on(t.regionId, t.needId, t.slotFrom),
  index('need_claims_dispatch_idx').on(t.regionId, t.dispatchId),
  check('need_claims_slots_ck', sql`${t.slots} >= 1 and ${t.slotTo} - ${t.slotFrom} + 1 = ${t.slots}`),
]);

/** The result of one claimed slot (a placement: who, from when, where); one per slot. */
export const needResults = pgTable('need_results', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  needId: uuid('need_id').notNull(),
  claimId: uuid('claim_id').notNull(),
  slotNo: integer('slot_no').notNull(),
  personName: text('person_name').notNull(),
  startOn: day('start_on').notNull(),
  employer: text('employer'),
  note: text('note'),
  recordedBy: uuid('recorded_by'),
  recordedByName: text('recorded_by_name'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.needId], foreignColumns: [needs.regionId, needs.id], name: 'need_results_need_fk' }),
  foreignKey({ columns: [t.regionId, t.claimId], foreignColumns: [needClaims.regionId, needClaims.id], name: 'need_results_claim_fk' }),
  uniqueIndex('need_results_slot_uq').on(t.regionId, t.needId, t.slotNo),
]);

/*
 * Joint meetings (联席会议) — the machinery of any alliance that meets: member roles and liaisons, the rotating host,
 * meetings with attendees, agenda items, decisions and follow-up actions. Keyed by `alliance_id` alone (no kind column),
 * so a grid or cluster can use the same tables; which kinds may is one list in the service (MEETING_ALLIANCE_KINDS).
 * A member ("party") is a unit or an org of the alliance, written `unit:<id>` / `org:<id>` in `party` for unique keys.
 */

/** The role and named liaison of a member of the alliance (chair, vice-chair or member), in member order. */
export const jointRoles = pgTable('joint_roles', {
  regionId: uuid('region_id').notNull(),
  allianceId: uuid('alliance_id').notNull(),
  party: text('party').notNull(),
  unitId: uuid('unit_id'),
  orgId: uuid('org_id'),
  position: integer('position').notNull(),
  role: text('role').notNull().default('member'),
  liaisonUserId: uuid('liaison_user_id'),
  liaisonName: text('liaison_name'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.allianceId, t.party] }),
  foreignKey({ columns: [t.regionId, t.allianceId], foreignColumns: [alliances.regionId, alliances.id], name: 'joint_roles_alliance_fk' }).onDelete('cascade'),
  foreignKey({ columns: [t.regionId, t.unitId], foreignColumns: [units.regionId, units.id], name: 'joint_roles_unit_fk' }),
  foreignKey({ columns: [t.regionId, t.orgId], foreignColumns: [orgs.regionId, orgs.id], name: 'joint_roles_org_fk' }),
  uniqueIndex('joint_roles_chair_uq').on(t.regionId, t.allianceId).where(sql`role = 'chair'`),
  check('joint_roles_role_ck', sql`${t.role} in ('chair', 'vice_chair', 'member')`),
  check('joint_roles_party_ck', sql`${t.unitId} is not null or ${t.orgId} is not null`),
]);

/** The yearly rotating host (轮值单位) of an alliance. */
export const jointHosts = pgTable('joint_hosts', {
  regionId: uuid('region_id').notNull(),
  allianceId: uuid('alliance_id').notNull(),
  year: integer('year').notNull(),
  party: text('party').notNull(),
  unitId: uuid('unit_id'),
  orgId: uuid('org_id'),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.allianceId, t.year] }),
  foreignKey({ columns: [t.regionId, t.allianceId], foreignColumns: [alliances.regionId, alliances.id], name: 'joint_hosts_alliance_fk' }).onDelete('cascade'),
  foreignKey({ columns: [t.regionId, t.unitId], foreignColumns: [units.regionId, units.id], name: 'joint_hosts_unit_fk' }),
  foreignKey({ columns: [t.regionId, t.orgId], foreignColumns: [orgs.regionId, orgs.id], name: 'joint_hosts_org_fk' }),
]);

/** A meeting of an alliance: plenary (全体会议), liaison (联络员会议) or ad hoc (专题会议). */
export const meetings = pgTable('meetings', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  allianceId: uuid('alliance_id').notNull(),
  kind: text('kind').notNull(),
  title: text('title').notNull(),
  heldOn: day('held_on').notNull(),
  place: text('place').notNull().default(''),
  hostParty: text('host_party'),
  hostUnitId: uuid('host_unit_id'),
  hostOrgId: uuid('host_org_id'),
  /** member units propose agenda items until `held_on - agenda_days` (inclusive) */
  agendaDays: integer('agenda_days').notNull().default(7),
  minutes: text('minutes').notNull().default(''),
  recorderName: text('recorder_name'),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.allianceId], foreignColumns: [alliances.regionId, alliances.id], name: 'meetings_alliance_fk' }),
  foreignKey({ columns: [t.regionId, t.hostUnitId], foreignColumns: [units.regionId, units.id], name: 'meetings_host_unit_fk' }),
  foreignKey({ columns: [t.regionId, t.hostOrgId], foreignColumns: [orgs.regionId, orgs.id], name: 'meetings_host_org_fk' }),
  index('meetings_alliance_idx').on(t.regionId, t.allianceId, t.heldOn),
  check('meetings_kind_ck', sql`${t.kind} in ('plenary', 'liaison', 'ad_hoc')`),
  check('meetings_agenda_days_ck', sql`${t.agendaDays} between 0 and 60`),
]);

/** A member unit or org invited to a meeting, checked in when it came. */
export const meetingAttendees = pgTable('meeting_attendees', {
  regionId: uuid('region_id').notNull(),
  meetingId: uuid('meeting_id').notNull(),
  party: text('party').notNull(),
  unitId: uuid('unit_id'),
  orgId: uuid('org_id'),
  attendeeName: text('attendee_name'),
  checkedInAt: ts('checked_in_at'),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.meetingId, t.party] }),
  foreignKey({ columns: [t.regionId, t.meetingId], foreignColumns: [meetings.regionId, meetings.id], name: 'meeting_attendees_meeting_fk' }).onDelete('cascade'),
  foreignKey({ columns: [t.regionId, t.unitId], foreignColumns: [units.regionId, units.id], name: 'meeting_attendees_unit_fk' }),
  foreignKey({ columns: [t.regionId, t.orgId], foreignColumns: [orgs.regionId, orgs.id], name: 'meeting_attendees_org_fk' }),
]);

/** An agenda item (议题) proposed by a member (or the office), accepted or deferred, optionally about a need; its decision. */
export const agendaItems = pgTable('agenda_items', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  meetingId: uuid('meeting_id').notNull(),
  title: text('title').notNull(),
  description: text('description').notNull().default(''),
  party: text('party').notNull(),
  unitId: uuid('unit_id'),
  orgId: uuid('org_id'),
  needId: uuid('need_id'),
  status: text('status').notNull().default('proposed'),
  decision: text('decision'),
  proposedBy: uuid('proposed_by'),
  proposedByName: text('proposed_by_name'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.meetingId], foreignColumns: [meetings.regionId, meetings.id], name: 'agenda_items_meeting_fk' }),
  foreignKey({ columns: [t.regionId, t.needId], foreignColumns: [needs.regionId, needs.id], name: 'agenda_items_need_fk' }),
  foreignKey({ columns: [t.regionId, t.unitId], foreignColumns: [units.regionId, units.id], name: 'agenda_items_unit_fk' }),
  foreignKey({ columns: [t.regionId, t.orgId], foreignColumns: [orgs.regionId, orgs.id], name: 'agenda_items_org_fk' }),
  index('agenda_items_meeting_idx').on(t.regionId, t.meetingId, t.createdAt),
  check('agenda_items_status_ck', sql`${t.status} in ('proposed', 'accepted', 'deferred')`),
]);

/** A follow-up action (督办事项) of an item's decision: owner, due date (not before the meeting), status, evidence. */
export const meetingActions = pgTable('meeting_actions', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  allianceId: uuid('alliance_id').notNull(),
  meetingId: uuid('meeting_id').notNull(),
  agendaItemId: uuid('agenda_item_id').notNull(),
  title: text('title').notNull(),
  party: text('party').notNull(),
  unitId: uuid('unit_id'),
  orgId: uuid('org_id'),
  dueOn: day('due_on').notNull(),
  /** the meeting's date, copied so the database can hold `due_on >= held_on` */
  meetingOn: day('meeting_on').notNull(),
  status: text('status').notNull().default('open'),
  evidence: text('evidence').notNull().default(''),
  /** a record linked as evidence: a need of the same alliance, or a co-building project of it (its cluster project's id) */
  linkKind: text('link_kind'),
  linkId: uuid('link_id'),
  doneOn: day('done_on'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.meetingId], foreignColumns: [meetings.regionId, meetings.id], name: 'meeting_actions_meeting_fk' }),
  foreignKey({ columns: [t.regionId, t.agendaItemId], foreignColumns: [agendaItems.regionId, agendaItems.id], name: 'meeting_actions_item_fk' }),
  foreignKey({ columns: [t.regionId, t.unitId], foreignColumns: [units.regionId, units.id], name: 'meeting_actions_unit_fk' }),
  foreignKey({ columns: [t.regionId, t.orgId], foreignColumns: [orgs.regionId, orgs.id], name: 'meeting_actions_org_fk' }),
  index('meeting_actions_alliance_idx').on(t.regionId, t.allianceId, t.status, t.dueOn),
  index('meeting_actions_unit_idx').on(t.regionId, t.unitId),
  index('meeting_actions_org_idx').on(t.regionId, t.orgId),
  check('meeting_actions_status_ck', sql`${t.status} in ('open', 'in_progress', 'done')`),
  check('meeting_actions_due_ck', sql`${t.dueOn} >= ${t.meetingOn}`),
  check('meeting_actions_done_ck', sql`(${t.status} = 'done') = (${t.doneOn} is not null)`),
  check('meeting_actions_link_ck', sql`(${t.linkKind} is null) = (${t.linkId} is null) and (${t.linkKind} is null or ${t.linkKind} in ('need', 'project'))`),
]);

/** A file attached to a follow-up action as evidence (an image or a PDF, in the upload store: platform/uploads.ts). */
export const meetingActionFiles = pgTable('meeting_action_files', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  actionId: uuid('action_id').notNull(),
  fileKey: text('file_key').notNull(),
  fileName: text('file_name').notNull(),
  contentType: text('content_type').notNull(),
  size: integer('size').notNull(),
  sha256: text('sha256').notNull(),
  createdBy: uuid('created_by'),
  createdByName: text('created_by_name'),
  createdAt: ts('created_at').notNull(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.actionId], foreignColumns: [meetingActions.regionId, meetingActions.id], name: 'meeting_action_files_action_fk' }),
  index('meeting_action_files_action_idx').on(t.regionId, t.actionId, t.createdAt),
]);

/**
 * A resource (资源) a member unit or org of a joint meeting or grid offers: a category of the needs' list, a quantity or
 * capacity, conditions, until when; `withdrawn` takes it off the list (it stays linked to the needs it served).
 */
export const resources = pgTable('resources', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  allianceId: uuid('alliance_id').notNull(),
  party: text('party').notNull(),
  unitId: uuid('unit_id'),
  orgId: uuid('org_id'),
  category: text('category').notNull(),
  title: text('title').notNull(),
  description: text('description').notNull().default(''),
  quantity: integer('quantity').notNull(),
  conditions: text('conditions').notNull().default(''),
  availableUntil: day('available_until'),
  visibility: text('visibility').notNull().default('alliance'),
  /** free tags (夜班, 持证, 周末…): a need sharing one ranks the resource higher */
  tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
  withdrawn: boolean('withdrawn').notNull().default(false),
  offeredBy: uuid('offered_by'),
  offeredByName: text('offered_by_name'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.allianceId], foreignColumns: [alliances.regionId, alliances.id], name: 'resources_alliance_fk' }),
  foreignKey({ columns: [t.regionId, t.unitId], foreignColumns: [units.regionId, units.id], name: 'resources_unit_fk' }),
  foreignKey({ columns: [t.regionId, t.orgId], foreignColumns: [orgs.regionId, orgs.id], name: 'resources_org_fk' }),
  check('resources_quantity_ck', sql`${t.quantity} >= 1`),
  check('resources_party_ck', sql`(${t.unitId} is null) <> (${t.orgId} is null)`),
  index('resources_alliance_idx').on(t.regionId, t.allianceId, t.category),
  index('resources_category_idx').on(t.regionId, t.category),
]);

/** A resource the office linked to a need (匹配): once per need and resource. */
export const needResources = pgTable('need_resources', {
  regionId: uuid('region_id').notNull(),
  needId: uuid('need_id').notNull(),
  resourceId: uuid('resource_id').notNull(),
  linkedBy: uuid('linked_by'),
  linkedByName: text('linked_by_name'),
  linkedAt: ts('linked_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.needId, t.resourceId] }),
  foreignKey({ columns: [t.regionId, t.needId], foreignColumns: [needs.regionId, needs.id], name: 'need_resources_need_fk' }),
  foreignKey({ columns: [t.regionId, t.resourceId], foreignColumns: [resources.regionId, resources.id], name: 'need_resources_resource_fk' }),
  index('need_resources_resource_idx').on(t.regionId, t.resourceId),
]);

/**
 * A co-building project (联建项目) of the projects list: a cluster project (level `cobuild`; milestones, reports and
 * photos are the cluster's) made from a need (optionally with a resource linked to it) or from a decided agenda item of
 * the joint meeting; once per need and once per item. `unit_ids` are the member units taking part.
 */
export const coprojects = pgTable('coprojects', {
  regionId: uuid('region_id').notNull(),
  projectId: uuid('project_id').notNull(),
  allianceId: uuid('alliance_id').notNull(),
  needId: uuid('need_id'),
  resourceId: uuid('resource_id'),
  agendaItemId: uuid('agenda_item_id'),
  unitIds: uuid('unit_ids').array().notNull().default(sql`'{}'::uuid[]`),
  outcome: text('outcome').notNull().default(''),
  createdBy: uuid('created_by'),
  createdByName: text('created_by_name'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.projectId] }),
  foreignKey({ columns: [t.regionId, t.projectId], foreignColumns: [projects.regionId, projects.id], name: 'coprojects_project_fk' }).onDelete('cascade'),
  foreignKey({ columns: [t.regionId, t.allianceId], foreignColumns: [alliances.regionId, alliances.id], name: 'coprojects_alliance_fk' }),
  foreignKey({ columns: [t.regionId, t.needId], foreignColumns: [needs.regionId, needs.id], name: 'coprojects_need_fk' }),
  foreignKey({ columns: [t.regionId, t.resourceId], foreignColumns: [resources.regionId, resources.id], name: 'coprojects_resource_fk' }),
  foreignKey({ columns: [t.regionId, t.agendaItemId], foreignColumns: [agendaItems.regionId, agendaItems.id], name: 'coprojects_item_fk' }),
  uniqueIndex('coprojects_need_uq').on(t.regionId, t.needId).where(sql`${t.needId} is not null`),
  uniqueIndex('coprojects_item_uq').on(t.regionId, t.agendaItemId).where(sql`${t.agendaItemId} is not null`),
  index('coprojects_alliance_idx').on(t.regionId, t.allianceId),
  check('coprojects_source_ck', sql`${t.needId} is not null or ${t.agendaItemId} is not null`),
  check('coprojects_resource_ck', sql`${t.resourceId} is null or ${t.needId} is not null`),
]);
