import { z } from 'zod';
import { PageQuery } from './api.ts';
import { isoDate, isoDateTime } from './dates.ts';

/** Shared venues (共享阵地) and their bookings: the API contract of src/server/modules/venues. */

const text = (max: number) => z.string().trim().min(1).max(max);

export const VENUE_KINDS = ['court', 'meeting_room', 'education_base', 'activity_room', 'other'] as const;
export const BOOKABLE_BY = ['alliance', 'region', 'anyone'] as const;
export const BOOKING_STATUSES = ['pending', 'approved', 'rejected', 'cancelled', 'checked_in', 'no_show', 'done'] as const;
/** Statuses that hold the slot (the database refuses two of them overlapping on one venue). */
export const ACTIVE_BOOKING_STATUSES = ['pending', 'approved', 'checked_in'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/);
/** closing after opening is the service's check (422 on openingHours.N.close) */
export const OpeningWindow = z.strictObject({ open: hhmm, close: hhmm }).nullable();
/** Seven windows, Monday first; null = closed that day. */
export const OpeningHours = z.array(OpeningWindow).length(7);

const rules = {
  capacity: z.number().int().min(1).max(100_000),
  openingHours: OpeningHours,
  bookableBy: z.enum(BOOKABLE_BY),
  minNoticeMinutes: z.number().int().min(0).max(60 * 24 * 60),
  maxAdvanceDays: z.number().int().min(1).max(366),
  minDurationMinutes: z.number().int().min(15).max(24 * 60),
  maxDurationMinutes: z.number().int().min(15).max(24 * 60),
  approvalRequired: z.boolean(),
  weeklyQuota: z.number().int().min(1).max(100).nullable(),
  cancelCutoffMinutes: z.number().int().min(0).max(60 * 24 * 30),
  noShowLimit: z.number().int().min(1).max(100),
  noShowWindowDays: z.number().int().min(1).max(366),
  suspensionDays: z.number().int().min(1).max(366),
};

export const VenueCreate = z.strictObject({
  name: text(100),
  kind: z.enum(VENUE_KINDS),
  /** the owner: exactly one of orgId and unitId */
  orgId: z.uuid().optional(),
  unitId: z.uuid().optional(),
  /** whose orgs and units may book when bookableBy = 'alliance' */
  allianceId: z.uuid().nullable().optional(),
  address: z.string().trim().max(200).nullable().optional(),
  description: z.string().trim().max(2000).default(''),
  ...rules,
  minNoticeMinutes: rules.minNoticeMinutes.default(60),
  maxAdvanceDays: rules.maxAdvanceDays.default(60),
  minDurationMinutes: rules.minDurationMinutes.default(30),
  maxDurationMinutes: rules.maxDurationMinutes.default(240),
  approvalRequired: rules.approvalRequired.default(true),
  weeklyQuota: rules.weeklyQuota.default(null),
  cancelCutoffMinutes: rules.cancelCutoffMinutes.default(120),
  noShowLimit: rules.noShowLimit.default(3),
  noShowWindowDays: rules.noShowWindowDays.default(90),
  suspensionDays: rules.suspensionDays.default(30),
});
export const VenueUpdate = z.strictObject({
  name: text(100).optional(),
  kind: z.enum(VENUE_KINDS).optional(),
  allianceId: z.uuid().nullable().optional(),
  address: z.string().trim().max(200).nullable().optional(),
  description: z.string().trim().max(2000).optional(),
  active: z.boolean().optional(),
  ...Object.fromEntries(Object.entries(rules).map(([k, v]) => [k, v.optional()])) as { [K in keyof typeof rules]: z.ZodOptional<(typeof rules)[K]> },
});

export const Venue = z.object({
  id: z.string(), regionId: z.string(), name: z.string(), kind: z.enum(VENUE_KINDS),
  ownerOrgId: z.string().nullable(), ownerUnitId: z.string().nullable(), ownerName: z.string(),
  allianceId: z.string().nullable(), address: z.string().nullable(), description: z.string(),
  capacity: z.number().int(), openingHours: z.array(z.object({ open: z.string(), close: z.string() }).nullable()),
  bookableBy: z.enum(BOOKABLE_BY), minNoticeMinutes: z.number().int(), maxAdvanceDays: z.number().int(),
  minDurationMinutes: z.number().int(), maxDurationMinutes: z.number().int(), approvalRequired: z.boolean(),
  weeklyQuota: z.number().int().nullable(), cancelCutoffMinutes: z.number().int(), noShowLimit: z.number().int(),
  noShowWindowDays: z.number().int(), suspensionDays: z.number().int(), active: z.boolean(),
  /** the caller may manage it (approve, check in, record visits) */
  canManage: z.boolean(),
});
export type Venue = z.infer<typeof Venue>;

export const VenueListQuery = PageQuery.extend({
  regionId: z.uuid().optional(),
  kind: z.enum(VENUE_KINDS).optional(),
  /** only venues the caller manages */
  managed: z.enum(['true', 'false']).optional(),
}).strict();

/**
 * A closure. Over pending/approved bookings it is refused (409 BLACKOUT_HITS_BOOKINGS, one detail per booking) unless
 * `cancelBookings` with `cancelReason`: then those bookings are cancelled in the same step and their bookers notified.
 */
export const BlackoutCreate = z.strictObject({
  startsAt: isoDateTime, endsAt: isoDateTime, reason: text(200),
  cancelBookings: z.boolean().optional(),
  cancelReason: z.string().trim().min(1).max(500).optional(),
});
export const Blackout = z.object({ id: z.string(), startsAt: z.string(), endsAt: z.string(), reason: z.string() });
export const BlackoutCreated = Blackout.extend({ cancelled: z.array(z.object({ id: z.string(), startsAt: z.string(), endsAt: z.string(), bookerName: z.string() })) });

export const BookingCreate = z.strictObject({
  venueResourceId: z.uuid(),
  /** booked for an org or a unit the caller books for; neither: the caller alone (venues bookable by anyone) */
  orgId: z.uuid().optional(),
  unitId: z.uuid().optional(),
  purpose: text(200),
  attendees: z.number().int().min(1).max(100_000).optional(),
  startsAt: isoDateTime,
  endsAt: isoDateTime,
  /** weekly recurrence: this many occurrences in all (the first included), one week apart */
  weeks: z.number().int().min(2).max(52).optional(),
  /** a recurring request with some occurrences refused: book the others (otherwise nothing is booked) */
  bookAvailable: z.boolean().default(false),
});
export const BookingMove = z.strictObject({ startsAt: isoDateTime, endsAt: isoDateTime });
/**
 * A change to a weekly booking: the time of day (Shanghai, HH:mm) and the duration of every occurrence from
 * `fromBookingId` onward (or of the whole series), each on its own day. Exceptions (moved or cancelled on their own)
 * are never touched; refused occurrences are reported per occurrence (nothing changed unless `bookAvailable`).
 */
export const SeriesChange = z.strictObject({
  fromBookingId: z.uuid().optional(),
  startTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
  durationMinutes: z.number().int().min(15).max(24 * 60),
  bookAvailable: z.boolean().default(false),
});
export const SERIES_CHANGE_OUTCOMES = ['changed', 'refused', 'kept'] as const;
export const SeriesChangeResult = z.object({
  changed: z.number().int(),
  occurrences: z.array(z.object({
    index: z.number().int(), bookingId: z.string(), startsAt: z.string(), endsAt: z.string(),
    /** changed; refused (code: the rule or BOOKING_CONFLICT, times asked); kept (code: EXCEPTION, NOT_ACTIVE, CUTOFF: times as they are) */
    outcome: z.enum(SERIES_CHANGE_OUTCOMES), code: z.string().nullable(),
  })),
});
export const BookingReject = z.strictObject({ reason: text(500) });
export const BookingDone = z.strictObject({ visitors: z.number().int().min(1).max(100_000).optional() });

export const Booking = z.object({
  id: z.string(), regionId: z.string(), resourceId: z.string(), resourceName: z.string(),
  seriesId: z.string().nullable(), occurrence: z.number().int().nullable(),
  bookerOrgId: z.string().nullable(), bookerUnitId: z.string().nullable(), bookerName: z.string(),
  purpose: z.string(), attendees: z.number().int().nullable(),
  startsAt: z.string(), endsAt: z.string(), status: z.enum(BOOKING_STATUSES), isException: z.boolean(),
  rejectReason: z.string().nullable(), checkedInAt: z.string().nullable(), createdAt: z.string(),
  /** the caller booked it or books for its booker (may move and cancel it) */
  mine: z.boolean(),
});
export type Booking = z.infer<typeof Booking>;

export const OCCURRENCE_OUTCOMES = ['booked', 'refused', 'skipped'] as const;
export const Occurrence = z.object({
  index: z.number().int(), startsAt: z.string(), endsAt: z.string(),
  /** booked; refused (code says why); skipped (would have been booked, the request was not booked) */
  outcome: z.enum(OCCURRENCE_OUTCOMES), code: z.string().nullable(), bookingId: z.string().nullable(),
});
export const BookingResult = z.object({
  seriesId: z.string().nullable(),
  bookings: z.array(Booking),
  occurrences: z.array(Occurrence),
});
export type BookingResult = z.infer<typeof BookingResult>;

export const BookingListQuery = PageQuery.extend({
  /** mine: booked by me or for a booker I book for; approvals: bookings of venues I manage */
  view: z.enum(['mine', 'approvals']).default('mine'),
  status: z.enum(BOOKING_STATUSES).optional(),
  venueResourceId: z.uuid().optional(),
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
}).strict();

export const CalendarQuery = z.strictObject({ from: isoDateTime, to: isoDateTime });
export const CalendarEntry = z.object({
  id: z.string(), startsAt: z.string(), endsAt: z.string(), status: z.enum(BOOKING_STATUSES), bookerName: z.string(),
  purpose: z.string().nullable(), seriesId: z.string().nullable(), mine: z.boolean(),
});
export const Calendar = z.object({
  venue: Venue,
  bookings: z.array(CalendarEntry),
  blackouts: z.array(Blackout),
  /** the caller's bookers that are suspended on this venue, until when */
  suspendedUntil: z.string().nullable(),
});

export const VisitCreate = z.strictObject({
  visitedOn: isoDate,
  visitors: z.number().int().min(1).max(100_000),
  groupName: text(100),
});
export const Visit = z.object({
  id: z.string(), visitedOn: z.string(), visitors: z.number().int(), groupName: z.string(), bookingId: z.string().nullable(),
});
export const VisitListQuery = PageQuery.extend({ from: isoDate.optional(), to: isoDate.optional() }).strict();
export const VenueFigures = z.object({
  from: z.string(), to: z.string(),
  visits: z.number().int(), visitors: z.number().int(),
  bookings: z.number().int(), noShows: z.number().int(),
  byMonth: z.array(z.object({ month: z.string(), visitors: z.number().int() })),
});
export const FiguresQuery = z.strictObject({ from: isoDate.optional(), to: isoDate.optional() });

/** The booker choices the caller has on a venue: orgs and units they book for that the venue accepts. */
export const BookerOptions = z.object({
  orgs: z.array(z.object({ id: z.string(), name: z.string() })),
  units: z.array(z.object({ id: z.string(), name: z.string() })),
  self: z.boolean(),
});
