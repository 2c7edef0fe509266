import { sql } from 'drizzle-orm';
import {
  boolean, check, customType, date, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid,
} from 'drizzle-orm/pg-core';
import { activities } from '../activities/schema.ts';
import { alliances, members, orgs, units } from '../directory/schema.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const day = (name: string) => date(name, { mode: 'string' });
const tstzrange = customType<{ data: string }>({ dataType: () => 'tstzrange' });

/** One weekday's opening window in Asia/Shanghai, 'HH:MM'..'HH:MM' (close may be '24:00'); null = closed that day. */
export type OpeningWindow = { open: string; close: string } | null;

/**
 * A bookable shared venue (共享阵地) owned by an org or a unit (exactly one of the two). Booking rules live on the
 * venue: who may book, notice and advance, durations, approval, a weekly quota per booker, the cancellation cut-off
 * and the no-show suspension.
 */
export const venueResources = pgTable('venue_resources', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  name: text('name').notNull(),
  /** court | meeting_room | education_base | activity_room | other */
  kind: text('kind').notNull(),
  ownerOrgId: uuid('owner_org_id'),
  ownerUnitId: uuid('owner_unit_id'),
  /** the alliance whose orgs and units may book when bookable_by = 'alliance' */
  allianceId: uuid('alliance_id'),
  address: text('address'),
  description: text('description').notNull().default(''),
  capacity: integer('capacity').notNull(),
  /** seven windows, Monday first */
  openingHours: jsonb('opening_hours').$type<OpeningWindow[]>().notNull(),
  /** alliance | region | anyone */
  bookableBy: text('bookable_by').notNull(),
  minNoticeMinutes: integer('min_notice_minutes').notNull(),
  maxAdvanceDays: integer('max_advance_days').notNull(),
  minDurationMinutes: integer('min_duration_minutes').notNull(),
  maxDurationMinutes: integer('max_duration_minutes').notNull(),
  approvalRequired: boolean('approval_required').notNull(),
  /** bookings a week (Monday–Sunday, Shanghai) per booker; null = no quota */
  weeklyQuota: integer('weekly_quota'),
  cancelCutoffMinutes: integer('cancel_cutoff_minutes').notNull(),
  noShowLimit: integer('no_show_limit').notNull(),
  noShowWindowDays: integer('no_show_window_days').notNull(),
  suspensionDays: integer('suspension_days').notNull(),
  active: boolean('active').notNull().default(true),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.ownerOrgId], foreignColumns: [orgs.regionId, orgs.id], name: 'venue_resources_org_fk' }),
  foreignKey({ columns: [t.regionId, t.ownerUnitId], foreignColumns: [units.regionId, units.id], name: 'venue_resources_unit_fk' }),
  foreignKey({ columns: [t.regionId, t.allianceId], foreignColumns: [alliances.regionId, alliances.id], name: 'venue_resources_alliance_fk' }),
  check('venue_resources_one_owner', sql`num_nonnulls(${t.ownerOrgId}, ${t.ownerUnitId}) = 1`),
  index('venue_resources_org_idx').on(t.regionId, t.ownerOrgId),
  index('venue_resources_unit_idx').on(t.regionId, t.ownerUnitId),
]);

/** A closure of a venue (maintenance, the owner's own use): nothing can be booked over it. */
export const venueBlackouts = pgTable('venue_blackouts', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  resourceId: uuid('resource_id').notNull(),
  startsAt: ts('starts_at').notNull(),
  endsAt: ts('ends_at').notNull(),
  reason: text('reason').notNull(),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.resourceId], foreignColumns: [venueResources.regionId, venueResources.id], name: 'venue_blackouts_resource_fk' }),
  check('venue_blackouts_range', sql`${t.endsAt} > ${t.startsAt}`),
  index('venue_blackouts_resource_idx').on(t.regionId, t.resourceId, t.startsAt),
]);

/** A weekly recurring request: its occurrences are venue_bookings rows (series_id), each changed on its own. */
export const venueSeries = pgTable('venue_series', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  resourceId: uuid('resource_id').notNull(),
  bookerOrgId: uuid('booker_org_id'),
  bookerUnitId: uuid('booker_unit_id'),
  createdBy: uuid('created_by').notNull(),
  purpose: text('purpose').notNull(),
  firstStartsAt: ts('first_starts_at').notNull(),
  durationMinutes: integer('duration_minutes').notNull(),
  weeks: integer('weeks').notNull(),
  /** active | cancelled */
  status: text('status').notNull().default('active'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.resourceId], foreignColumns: [venueResources.regionId, venueResources.id], name: 'venue_series_resource_fk' }),
  foreignKey({ columns: [t.regionId, t.bookerOrgId], foreignColumns: [orgs.regionId, orgs.id], name: 'venue_series_org_fk' }),
  foreignKey({ columns: [t.regionId, t.bookerUnitId], foreignColumns: [units.regionId, units.id], name: 'venue_series_unit_fk' }),
]);

/**
 * A booking of a venue. Booked for an org, a unit, or (venues bookable by anyone) the signed-in person alone.
 * status: pending → approved | rejected; approved → checked_in → done, or no_show; pending/approved → cancelled.
 * Pending, approved and checked-in bookings of a venue never overlap: an exclusion constraint on `during`
 * (venue_bookings_no_overlap in migration 20261202061955_venues.sql), not a check in code.
 */
export const venueBookings = pgTable('venue_bookings', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  resourceId: uuid('resource_id').notNull(),
  seriesId: uuid('series_id'),
  /** 0-based position in its series */
  occurrence: integer('occurrence'),
  bookerOrgId: uuid('booker_org_id'),
  bookerUnitId: uuid('booker_unit_id'),
  createdBy: uuid('created_by').notNull(),
  purpose: text('purpose').notNull(),
  attendees: integer('attendees'),
  startsAt: ts('starts_at').notNull(),
  endsAt: ts('ends_at').notNull(),
  during: tstzrange('during').notNull().generatedAlwaysAs(sql`tstzrange(starts_at, ends_at, '[)')`),
  status: text('status').notNull(),
  /** an occurrence moved or cancelled on its own: a change to its series leaves it as it is */
  isException: boolean('is_exception').notNull().default(false),
  rejectReason: text('reject_reason'),
  decidedBy: uuid('decided_by'),
  decidedAt: ts('decided_at'),
  checkedInAt: ts('checked_in_at'),
  cancelledAt: ts('cancelled_at'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.resourceId], foreignColumns: [venueResources.regionId, venueResources.id], name: 'venue_bookings_resource_fk' }),
  foreignKey({ columns: [t.regionId, t.seriesId], foreignColumns: [venueSeries.regionId, venueSeries.id], name: 'venue_bookings_series_fk' }),
  foreignKey({ columns: [t.regionId, t.bookerOrgId], foreignColumns: [orgs.regionId, orgs.id], name: 'venue_bookings_org_fk' }),
  foreignKey({ columns: [t.regionId, t.bookerUnitId], foreignColumns: [units.regionId, units.id], name: 'venue_bookings_unit_fk' }),
  check('venue_bookings_range', sql`${t.endsAt} > ${t.startsAt}`),
  check('venue_bookings_booker', sql`num_nonnulls(${t.bookerOrgId}, ${t.bookerUnitId}) <= 1`),
  index('venue_bookings_resource_idx').on(t.regionId, t.resourceId, t.startsAt),
  index('venue_bookings_org_idx').on(t.regionId, t.bookerOrgId, t.startsAt),
  index('venue_bookings_unit_idx').on(t.regionId, t.bookerUnitId, t.startsAt),
  index('venue_bookings_creator_idx').on(t.regionId, t.createdBy, t.startsAt),
  index('venue_bookings_series_idx').on(t.regionId, t.seriesId),
]);

/** Visitors of a venue on a day: from a booking when it is used (one row per booking) or a walk-in group. */
export const venueVisits = pgTable('venue_visits', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  resourceId: uuid('resource_id').notNull(),
  bookingId: uuid('booking_id'),
  visitedOn: day('visited_on').notNull(),
  visitors: integer('visitors').notNull(),
  groupName: text('group_name').notNull(),
  recordedBy: uuid('recorded_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.resourceId], foreignColumns: [venueResources.regionId, venueResources.id], name: 'venue_visits_resource_fk' }),
  foreignKey({ columns: [t.regionId, t.bookingId], foreignColumns: [venueBookings.regionId, venueBookings.id], name: 'venue_visits_booking_fk' }),
  uniqueIndex('venue_visits_booking_uq').on(t.regionId, t.bookingId),
  check('venue_visits_visitors', sql`${t.visitors} > 0`),
  index('venue_visits_resource_idx').on(t.regionId, t.resourceId, t.visitedOn),
]);

// ── 志愿服务: volunteer teams, volunteers, the service-hours ledger and certificates ─────────────────────────

/** A volunteer team (服务队) by interest, owned by exactly one org, alliance or unit. */
export const volunteerTeams = pgTable('volunteer_teams', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  name: text('name').notNull(),
  interest: text('interest').notNull().default(''),
  ownerOrgId: uuid('owner_org_id'),
  ownerAllianceId: uuid('owner_alliance_id'),
  ownerUnitId: uuid('owner_unit_id'),
  /** a volunteer of the team (checked by the service) */
  leaderVolunteerId: uuid('leader_volunteer_id'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.ownerOrgId], foreignColumns: [orgs.regionId, orgs.id], name: 'volunteer_teams_org_fk' }),
  foreignKey({ columns: [t.regionId, t.ownerAllianceId], foreignColumns: [alliances.regionId, alliances.id], name: 'volunteer_teams_alliance_fk' }),
  foreignKey({ columns: [t.regionId, t.ownerUnitId], foreignColumns: [units.regionId, units.id], name: 'volunteer_teams_unit_fk' }),
  check('volunteer_teams_one_owner', sql`num_nonnulls(${t.ownerOrgId}, ${t.ownerAllianceId}, ${t.ownerUnitId}) = 1`),
  uniqueIndex('volunteer_teams_name_uq').on(t.regionId, t.name),
]);

/**
 * A volunteer of a team: a party member (member_id: name and phone are read from the member record, not copied), a
 * league member or anyone else (name and phone here). The volunteer number is unique in the region.
 */
export const volunteers = pgTable('volunteers', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  teamId: uuid('team_id').notNull(),
  memberId: uuid('member_id'),
  name: text('name'),
  phone: text('phone'),
  unitId: uuid('unit_id'),
  /** party_member | league_member | masses */
  politicalStatus: text('political_status').notNull(),
  volunteerNo: text('volunteer_no').notNull(),
  joinedOn: day('joined_on').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.teamId], foreignColumns: [volunteerTeams.regionId, volunteerTeams.id], name: 'volunteers_team_fk' }),
  foreignKey({ columns: [t.regionId, t.memberId], foreignColumns: [members.regionId, members.id], name: 'volunteers_member_fk' }),
  foreignKey({ columns: [t.regionId, t.unitId], foreignColumns: [units.regionId, units.id], name: 'volunteers_unit_fk' }),
  check('volunteers_member_or_name', sql`(${t.memberId} is not null and ${t.name} is null and ${t.phone} is null) or (${t.memberId} is null and ${t.name} is not null)`),
  check('volunteers_member_status', sql`(${t.memberId} is null) = (${t.politicalStatus} <> 'party_member')`),
  uniqueIndex('volunteers_no_uq').on(t.regionId, t.volunteerNo),
  uniqueIndex('volunteers_member_uq').on(t.regionId, t.memberId),
  index('volunteers_team_idx').on(t.regionId, t.teamId),
]);

/**
 * A volunteer's teams: one person (one volunteer record, one ledger) in several teams without being copied. The
 * volunteer's own team_id is the team that registered them (its owner issues certificates and decides the phone's
 * masking); it has a row here too.
 */
export const volunteerTeamMembers = pgTable('volunteer_team_members', {
  regionId: uuid('region_id').notNull(),
  teamId: uuid('team_id').notNull(),
  volunteerId: uuid('volunteer_id').notNull(),
  joinedOn: day('joined_on').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.teamId, t.volunteerId] }),
  foreignKey({ columns: [t.regionId, t.teamId], foreignColumns: [volunteerTeams.regionId, volunteerTeams.id], name: 'volunteer_team_members_team_fk' }),
  foreignKey({ columns: [t.regionId, t.volunteerId], foreignColumns: [volunteers.regionId, volunteers.id], name: 'volunteer_team_members_volunteer_fk' }),
  index('volunteer_team_members_volunteer_idx').on(t.regionId, t.volunteerId),
]);

/**
 * The service-hours ledger, append-only (a trigger refuses UPDATE and DELETE, except a pending entry's one-time
 * confirmation or rejection). Minutes are an integer; a correction is a reversal (negative minutes, reverses_id =
 * the entry it cancels) plus a new entry.
 */
export const volunteerHours = pgTable('volunteer_hours', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  volunteerId: uuid('volunteer_id').notNull(),
  /** the team the service was for (a leader's entry, hours from a team's check-ins); null: the volunteer's own team */
  teamId: uuid('team_id'),
  activityId: uuid('activity_id'),
  description: text('description').notNull(),
  servedOn: day('served_on').notNull(),
  minutes: integer('minutes').notNull(),
  /** checkin | manual | reversal */
  source: text('source').notNull(),
  /** pending | approved | rejected */
  status: text('status').notNull(),
  reversesId: uuid('reverses_id'),
  reason: text('reason'),
  recordedBy: uuid('recorded_by'),
  recordedAt: ts('recorded_at').notNull(),
  approvedBy: uuid('approved_by'),
  approvedAt: ts('approved_at'),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.volunteerId], foreignColumns: [volunteers.regionId, volunteers.id], name: 'volunteer_hours_volunteer_fk' }),
  foreignKey({ columns: [t.regionId, t.activityId], foreignColumns: [activities.regionId, activities.id], name: 'volunteer_hours_activity_fk' }),
  foreignKey({ columns: [t.regionId, t.teamId], foreignColumns: [volunteerTeams.regionId, volunteerTeams.id], name: 'volunteer_hours_team_fk' }),
  foreignKey({ columns: [t.regionId, t.reversesId], foreignColumns: [t.regionId, t.id], name: 'volunteer_hours_reverses_fk' }),
  check('volunteer_hours_sign', sql`(${t.source} = 'reversal') = (${t.reversesId} is not null) and (${t.source} = 'reversal') = (${t.minutes} < 0) and ${t.minutes} <> 0 and abs(${t.minutes}) <= 1440`),
  uniqueIndex('volunteer_hours_reversal_uq').on(t.regionId, t.reversesId),
  uniqueIndex('volunteer_hours_checkin_uq').on(t.regionId, t.activityId, t.volunteerId).where(sql`${t.source} = 'checkin'`),
  index('volunteer_hours_day_idx').on(t.regionId, t.volunteerId, t.servedOn),
]);

/** A service record certificate (志愿服务记录证明): reproducible from the ledger as it stood at issued_at. */
export const volunteerCertificates = pgTable('volunteer_certificates', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  number: text('number').notNull(),
  volunteerId: uuid('volunteer_id').notNull(),
  periodFrom: day('period_from').notNull(),
  periodTo: day('period_to').notNull(),
  totalMinutes: integer('total_minutes').notNull(),
  services: integer('services').notNull(),
  issuerOrgName: text('issuer_org_name').notNull(),
  issuerName: text('issuer_name').notNull(),
  issuerContact: text('issuer_contact').notNull(),
  issuedOn: day('issued_on').notNull(),
  issuedAt: ts('issued_at').notNull(),
  issuedBy: uuid('issued_by'),
  revokedAt: ts('revoked_at'),
  revokedBy: uuid('revoked_by'),
  revokeReason: text('revoke_reason'),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.volunteerId], foreignColumns: [volunteers.regionId, volunteers.id], name: 'volunteer_certificates_volunteer_fk' }),
  uniqueIndex('volunteer_certificates_number_uq').on(t.regionId, t.number),
  index('volunteer_certificates_number_idx').on(t.number),
  index('volunteer_certificates_volunteer_idx').on(t.regionId, t.volunteerId),
]);

/** One of the units a public event's registrants pick from, with an optional quota of places. */
export type EventUnit = { name: string; quota: number | null };

/**
 * The public registration page of a 联谊 activity (one per activity): the fields the organiser asks for (the name
 * always), the places, the units to pick from with their quotas, the link (a random token; null = off, a new one
 * each time it is turned on, so a revoked link stays dead) and the charity fund a sale's takings are for.
 * The registrations are the page's own rows (people without an account: activity_attendees and activity_checkins are
 * keyed by member records); the activity itself, its scope and its times are the activities module's.
 */
export const eventPages = pgTable('event_pages', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  activityId: uuid('activity_id').notNull(),
  fields: text('fields').array().notNull(),
  capacity: integer('capacity').notNull(),
  units: jsonb('units').$type<EventUnit[]>().notNull().default(sql`'[]'::jsonb`),
  token: text('token'),
  fundName: text('fund_name'),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.activityId], foreignColumns: [activities.regionId, activities.id], name: 'event_pages_activity_fk' }),
  uniqueIndex('event_pages_activity_uq').on(t.regionId, t.activityId),
  // 24 random bytes: unique by construction; a non-unique index, as the plaques' (a region-less unique index cannot be on Citus)
  index('event_pages_token_idx').on(t.token),
  check('event_pages_capacity_ck', sql`${t.capacity} between 1 and 100000`),
]);

/**
 * A registration through the public page: 'confirmed' (has a place), 'waitlisted' (in order of registration) or
 * 'cancelled'. The phone is kept for the organiser (never shown back to the public) and is unique per page among
 * registrations not cancelled. The confirmation code is what the door checks.
 */
export const eventRegistrations = pgTable('event_registrations', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  pageId: uuid('page_id').notNull(),
  name: text('name').notNull(),
  unit: text('unit'),
  phone: text('phone'),
  gender: text('gender'),
  ageBand: text('age_band'),
  status: text('status').notNull(),
  code: text('code').notNull(),
  registeredAt: ts('registered_at').notNull(),
  checkedInAt: ts('checked_in_at'),
  checkedInBy: uuid('checked_in_by'),
  ip: text('ip'),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.pageId], foreignColumns: [eventPages.regionId, eventPages.id], name: 'event_registrations_page_fk' }),
  uniqueIndex('event_registrations_code_uq').on(t.regionId, t.pageId, t.code),
  uniqueIndex('event_registrations_phone_uq').on(t.regionId, t.pageId, t.phone).where(sql`${t.phone} is not null and ${t.status} <> 'cancelled'`),
  index('event_registrations_page_idx').on(t.regionId, t.pageId, t.status, t.registeredAt),
  check('event_registrations_status_ck', sql`${t.status} in ('confirmed', 'waitlisted', 'cancelled')`),
]);

/** Takings of a charity sale at an event (payer, integer fen), kept on the event until posted to a charity fund. */
export const eventTakings = pgTable('event_takings', {
  regionId: uuid('region_id').notNull(),
  id: uuid('id').notNull(),
  pageId: uuid('page_id').notNull(),
  payer: text('payer').notNull(),
  amountFen: integer('amount_fen').notNull(),
  note: text('note'),
  /** 'ready' (to post to the fund) until the fund ledger takes it */
  status: text('status').notNull().default('ready'),
  recordedBy: uuid('recorded_by'),
  recordedAt: ts('recorded_at').notNull(),
}, (t) => [
  primaryKey({ columns: [t.regionId, t.id] }),
  foreignKey({ columns: [t.regionId, t.pageId], foreignColumns: [eventPages.regionId, eventPages.id], name: 'event_takings_page_fk' }),
  index('event_takings_page_idx').on(t.regionId, t.pageId),
  check('event_takings_amount_ck', sql`${t.amountFen} > 0`),
]);
