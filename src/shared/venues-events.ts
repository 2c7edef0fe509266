import { z } from 'zod';
import { VOLUNTEER_PHONE } from './venues-volunteers.ts';

/** Events open to units' staff (联谊, 义卖): the public registration page of a 联谊 activity, its registrations and takings. */
export const EVENT_FIELDS = ['unit', 'phone', 'gender', 'ageBand'] as const;
export type EventField = (typeof EVENT_FIELDS)[number];
export const EVENT_GENDERS = ['M', 'F'] as const;
export const EVENT_AGE_BANDS = ['18-25', '26-30', '31-35', '36-40', '41+'] as const;
export const EVENT_STATUSES = ['confirmed', 'waitlisted', 'cancelled'] as const;

const text = (max: number) => z.string().trim().min(1).max(max);

export const EventUnit = z.strictObject({ name: text(100), quota: z.number().int().min(1).max(100000).nullable() });

/** Open (or change) the registration page of a 联谊 activity. The name is always asked. */
export const EventSetup = z.strictObject({
  fields: z.array(z.enum(EVENT_FIELDS)).max(EVENT_FIELDS.length),
  capacity: z.number().int().min(1).max(100000),
  /** the units registrants pick from, with optional quotas; empty = the unit is typed in */
  units: z.array(EventUnit).max(200).default([]),
  fundName: z.string().trim().max(100).nullable().optional(),
});

export const EventLink = z.strictObject({ on: z.boolean() });

export const EventCounts = z.object({ confirmed: z.number().int(), waitlisted: z.number().int(), checkedIn: z.number().int(), takingsFen: z.number().int() });

export const EventPage = z.object({
  id: z.uuid(), activityId: z.uuid(), title: z.string(), startsAt: z.string(), endsAt: z.string(), place: z.string().nullable(),
  fields: z.array(z.enum(EVENT_FIELDS)), capacity: z.number().int(), units: z.array(EventUnit), fundName: z.string().nullable(),
  /** the public link while it is on, else null */
  token: z.string().nullable(), counts: EventCounts, canManage: z.boolean(),
});
export const EventOfActivity = z.object({ event: EventPage.nullable() });

export const EventRegistration = z.object({
  id: z.uuid(), name: z.string(), unit: z.string().nullable(), phone: z.string().nullable(), gender: z.enum(EVENT_GENDERS).nullable(),
  ageBand: z.string().nullable(), status: z.enum(EVENT_STATUSES), position: z.number().int().nullable(), code: z.string(),
  registeredAt: z.string(), checkedInAt: z.string().nullable(),
});
export const EventRegistrationList = z.object({ items: z.array(EventRegistration) });

export const EventCheckin = z.strictObject({ code: z.string().trim().min(1).max(20) });

export const TakingCreate = z.strictObject({
  payer: text(100),
  amountFen: z.number().int().min(1).max(100_000_000),
  note: z.string().trim().max(200).nullable().optional(),
});
export const Taking = z.object({
  id: z.uuid(), payer: z.string(), amountFen: z.number().int(), note: z.string().nullable(), status: z.enum(['ready', 'posted']),
  recordedAt: z.string(), recordedByName: z.string().nullable(),
});
/** Post every taking still ready into a charity fund (慈善基金) of the event's region, as one donation each. */
export const TakingsPost = z.strictObject({ fundId: z.uuid() });
export const TakingsPosted = z.object({ posted: z.number().int(), totalFen: z.number().int(), fundName: z.string(), receiptNos: z.array(z.string()) });
export const TakingList = z.object({ items: z.array(Taking), totalFen: z.number().int(), fundName: z.string().nullable() });

/** What the public page shows: the event and the form, no one's personal data. */
export const PublicEvent = z.object({
  title: z.string(), startsAt: z.string(), endsAt: z.string(), place: z.string().nullable(), organiser: z.string().nullable(),
  fields: z.array(z.enum(EVENT_FIELDS)), units: z.array(z.object({ name: z.string(), full: z.boolean() })), full: z.boolean(), open: z.boolean(),
});

export const PublicRegister = z.strictObject({
  name: text(50),
  unit: z.string().trim().min(1).max(100).optional(),
  phone: z.string().trim().regex(VOLUNTEER_PHONE).optional(),
  gender: z.enum(EVENT_GENDERS).optional(),
  ageBand: z.enum(EVENT_AGE_BANDS).optional(),
});
/** The answer to a registration: the confirmation code and the place or the waiting-list position (the phone is not echoed). */
/** a registrant cancelling by their confirmation code (the public page) */
export const PublicCancel = z.strictObject({ code: z.string().trim().min(1).max(20) });
export const PublicCancelled = z.object({ status: z.literal('cancelled'), name: z.string() });
export const PublicRegistered = z.object({ code: z.string(), status: z.enum(['confirmed', 'waitlisted']), position: z.number().int().nullable(), name: z.string() });
