import { sql } from 'drizzle-orm';
import {
  boolean, check, customType, date, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid,
} from 'drizzle-orm/pg-core';
import { alliances, orgs, units } from '../directory/schema.ts';

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
