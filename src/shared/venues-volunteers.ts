import { z } from 'zod';
import { PageQuery } from './api.ts';
import { isoDate } from './dates.ts';

/** Volunteer teams, volunteers, the service-hours ledger and certificates (志愿服务): contract of modules/venues/volunteers*. */

const text = (max: number) => z.string().trim().min(1).max(max);

export const POLITICAL_STATUSES = ['party_member', 'league_member', 'masses'] as const;
export const HOURS_SOURCES = ['checkin', 'manual', 'reversal'] as const;
export const HOURS_STATUSES = ['pending', 'approved', 'rejected'] as const;

export const TeamCreate = z.strictObject({
  name: text(100),
  interest: z.string().trim().max(200).optional(),
  orgId: z.uuid().optional(),
  allianceId: z.uuid().optional(),
  unitId: z.uuid().optional(),
});
export const TeamUpdate = z.strictObject({
  name: text(100).optional(),
  interest: z.string().trim().max(200).optional(),
  leaderVolunteerId: z.uuid().nullable().optional(),
});
export const TeamListQuery = PageQuery.extend({ regionId: z.uuid().optional() });
export const Team = z.object({
  id: z.uuid(), regionId: z.uuid(), name: z.string(), interest: z.string(),
  ownerOrgId: z.uuid().nullable(), ownerAllianceId: z.uuid().nullable(), ownerUnitId: z.uuid().nullable(), ownerName: z.string(),
  leaderVolunteerId: z.uuid().nullable(), leaderName: z.string().nullable(),
  volunteers: z.number().int(), hoursThisYear: z.number(), canManage: z.boolean(),
  /** the caller is the team's leader: reads the team, records hours for its volunteers (pending) */
  leads: z.boolean(),
});
/** An existing volunteer joins another team: by volunteer number, or a party member by member record. */
export const TeamJoin = z.strictObject({
  volunteerNo: text(32).optional(),
  memberId: z.uuid().optional(),
  joinedOn: isoDate.optional(),
});

/** 11 digits (mainland mobile) or a landline with area code */
export const VOLUNTEER_PHONE = /^(1\d{10}|0\d{2,3}-?\d{7,8})$/;
const phone = z.string().trim().regex(VOLUNTEER_PHONE);

export const VolunteerCreate = z.strictObject({
  volunteerTeamId: z.uuid(),
  /** a party member: name and phone come from the member record */
  memberId: z.uuid().optional(),
  name: text(50).optional(),
  phone: phone.optional(),
  unitId: z.uuid().optional(),
  politicalStatus: z.enum(POLITICAL_STATUSES),
  volunteerNo: text(32),
  joinedOn: isoDate.optional(),
});
export const VolunteerListQuery = PageQuery.extend({ volunteerTeamId: z.uuid() });
export const Volunteer = z.object({
  id: z.uuid(), regionId: z.uuid(), teamId: z.uuid(), teamName: z.string(), memberId: z.uuid().nullable(),
  name: z.string(), phone: z.string().nullable(), unitId: z.uuid().nullable(), unitName: z.string().nullable(),
  politicalStatus: z.enum(POLITICAL_STATUSES), volunteerNo: z.string(), joinedOn: z.string(),
  /** approved hours, all time, across all the person's teams (one ledger per person) */
  hours: z.number(),
  /** every team of the person (teamId: the one that registered them) */
  teams: z.array(z.object({ id: z.uuid(), name: z.string(), joinedOn: z.string() })),
});

/** Hours in half-hour steps, at most 24. */
const hours = z.number().multipleOf(0.5).min(0.5).max(24);

export const HoursCreate = z.strictObject({
  volunteerId: z.uuid(),
  /** the team the service was for (one of the volunteer's): its staff confirm at once, its leader records pending hours */
  volunteerTeamId: z.uuid().optional(),
  activityId: z.uuid().optional(),
  description: text(200),
  servedOn: isoDate,
  hours,
});
export const HoursReverse = z.strictObject({
  reason: text(200),
  /** the corrected entry, recorded with the reversal */
  replacement: z.strictObject({ servedOn: isoDate, hours, description: text(200).optional() }).optional(),
});
export const HoursFromActivity = z.strictObject({ activityId: z.uuid() });
export const HoursEntry = z.object({
  id: z.uuid(), volunteerId: z.uuid(), teamId: z.uuid().nullable(), teamName: z.string().nullable(), activityId: z.uuid().nullable(), description: z.string(), servedOn: z.string(),
  hours: z.number(), source: z.enum(HOURS_SOURCES), status: z.enum(HOURS_STATUSES), reversesId: z.uuid().nullable(),
  reversedBy: z.uuid().nullable(), reason: z.string().nullable(), recordedBy: z.string().nullable(), recordedAt: z.string(),
  approvedBy: z.string().nullable(), approvedAt: z.string().nullable(),
});
export const HoursList = z.object({ items: z.array(HoursEntry), approvedHours: z.number(), pendingHours: z.number() });
export const HoursCount = z.object({ created: z.number().int(), skipped: z.number().int() });

export const CertificateCreate = z.strictObject({
  from: isoDate,
  to: isoDate,
  issuerName: text(50),
  issuerContact: text(50),
});
export const CertificateRevoke = z.strictObject({ reason: text(200) });
export const Certificate = z.object({
  id: z.uuid(), number: z.string(), volunteerId: z.uuid(), volunteerName: z.string(), periodFrom: z.string(), periodTo: z.string(),
  hours: z.number(), services: z.number().int(), issuerOrgName: z.string(), issuerName: z.string(), issuerContact: z.string(),
  issuedOn: z.string(), revoked: z.boolean(), revokedAt: z.string().nullable(), revokeReason: z.string().nullable(),
});
export const CertificateList = z.object({ items: z.array(Certificate) });
export const CertificateNumberParams = z.object({ number: z.string().regex(/^ZY-\d{4}-[0-9A-Z]{10}$/) });
/** What the public verification page shows: no personal data beyond the name. */
export const CertificateCheck = z.object({
  number: z.string(), valid: z.boolean(), name: z.string(), periodFrom: z.string(), periodTo: z.string(),
  hours: z.number(), services: z.number().int(), issuerOrgName: z.string(), issuedOn: z.string(),
});

/** What a roster import did, row by row (rows already in the team are left as they are). */
export const RosterImportResult = z.object({
  created: z.number().int(), unchanged: z.number().int(),
  rows: z.array(z.object({ row: z.number().int(), id: z.uuid(), volunteerNo: z.string(), name: z.string(), outcome: z.enum(['created', 'unchanged']) })),
});

export const VolunteerFiguresQuery = z.object({ regionId: z.uuid().optional(), year: z.coerce.number().int().min(2000).max(2100).optional() }).strict();
export const VolunteerFigureRow = z.object({ key: z.string().nullable(), name: z.string().nullable(), volunteers: z.number().int(), services: z.number().int(), hours: z.number() });
/** Volunteers, services and approved hours of a year, per team, owner (org / alliance / unit), volunteer's unit and political status. */
export const VolunteerFigures = z.object({
  year: z.number().int(), total: z.object({ volunteers: z.number().int(), services: z.number().int(), hours: z.number() }),
  byTeam: z.array(VolunteerFigureRow), byOwner: z.array(VolunteerFigureRow), byUnit: z.array(VolunteerFigureRow), byStatus: z.array(VolunteerFigureRow),
});
