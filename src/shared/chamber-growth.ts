import { z } from 'zod';
import { PageQuery } from './api.ts';
import { isoDate } from './dates.ts';

/**
 * The party's growth among entrepreneurs (issue 14 §4): mentoring pairs (交叉结对) of a party-member entrepreneur and a
 * second-generation owner, talent placements with schools, investment records (引进来 / 走出去), and the developed
 * members tagged as enterprise owners or technicians on their own member record (the directory's tags).
 */

const text = (max: number) => z.string().trim().min(1).max(max);
const optText = (max: number) => z.string().trim().max(max).nullable().optional();
const year = z.coerce.number().int().min(2000).max(2100);

/** ongoing, or the mentee has taken over the business (with the date) */
export const MENTORING_OUTCOMES = ['ongoing', 'took_over'] as const;
export const PLACEMENT_KINDS = ['student', 'technician'] as const;
/** 引进来: a project introduced; 走出去: a joint venture, a branch set up elsewhere */
export const INVESTMENT_KINDS = ['introduced', 'joint_venture', 'branch'] as const;
/** the tags a developed member carries on the member record (directory tags), as stored */
export const TALENT_TAGS = { owner: '企业主', technician: '技术骨干' } as const;
export const TALENT_KINDS = ['owner', 'technician'] as const;

export const MentoringPairIn = z.strictObject({
  orgId: z.uuid(),
  mentorMemberId: z.uuid(),
  menteeName: text(50),
  menteeUnitId: z.uuid(),
  /** the mentee's member record once they joined the party (a party member of the org's subtree); null: not a member */
  menteeMemberId: z.uuid().nullable().optional(),
  startedOn: isoDate,
  outcome: z.enum(MENTORING_OUTCOMES).default('ongoing'),
  tookOverOn: isoDate.nullable().optional(),
  activityIds: z.array(z.uuid()).max(50).default([]),
  note: optText(500),
});
/** A pair changed in part: what is left out stays (no defaults here: a PATCH without the outcome keeps the take-over and the salons). */
export const MentoringPairUpdate = MentoringPairIn.omit({ orgId: true, outcome: true, activityIds: true }).partial().extend({
  outcome: z.enum(MENTORING_OUTCOMES).optional(),
  activityIds: z.array(z.uuid()).max(50).optional(),
});

export const MentoringPair = z.object({
  id: z.string(), regionId: z.string(), orgId: z.string(), orgName: z.string(),
  mentorMemberId: z.string(), mentorName: z.string(), mentorUnitName: z.string().nullable(),
  menteeName: z.string(), menteeUnitId: z.string(), menteeUnitName: z.string(),
  /** the linked member record, read live (name, stage, date joined), when the mentee joined the party */
  menteeMember: z.object({ id: z.string(), name: z.string(), stage: z.string(), joinedOn: z.string().nullable(), orgName: z.string() }).nullable(),
  startedOn: z.string(), outcome: z.enum(MENTORING_OUTCOMES), tookOverOn: z.string().nullable(), note: z.string().nullable(),
  activities: z.array(z.object({ id: z.string(), title: z.string(), kind: z.string(), heldOn: z.string() })),
});
export const MentoringListQuery = PageQuery.extend({
  orgId: z.uuid().optional(),
  outcome: z.enum(MENTORING_OUTCOMES).optional(),
  q: z.string().trim().max(50).optional(),
});

/** A partner school of the org (the committee): contact and the agreement's period (to: open-ended when null). */
export const SchoolPartnerIn = z.strictObject({
  orgId: z.uuid(),
  name: text(100),
  contactName: text(50),
  contactPhone: optText(30),
  agreementFrom: isoDate,
  agreementTo: isoDate.nullable().optional(),
  note: optText(500),
});
/** A partner changed as a whole (its org stays). */
export const SchoolPartnerUpdate = SchoolPartnerIn.omit({ orgId: true });
export const SchoolPartner = z.object({
  id: z.string(), regionId: z.string(), orgId: z.string(), name: z.string(), contactName: z.string(), contactPhone: z.string().nullable(),
  agreementFrom: z.string(), agreementTo: z.string().nullable(), note: z.string().nullable(),
  /** the agreement covers today */
  active: z.boolean(),
  /** counted from the placements: all years */
  students: z.number(), technicians: z.number(), placements: z.number(),
});
export const SchoolPartnerListQuery = PageQuery.extend({
  orgId: z.uuid().optional(), q: z.string().trim().max(50).optional(),
  active: z.enum(['1', '0']).optional(),
});

export const PlacementIn = z.strictObject({
  orgId: z.uuid(),
  unitId: z.uuid(),
  /** a partner school of the org or an org above it, whose agreement covers the year */
  schoolId: z.uuid(),
  year: z.number().int().min(2000).max(2100),
  kind: z.enum(PLACEMENT_KINDS),
  people: z.number().int().min(1).max(10_000),
  note: optText(500),
});
/** A placement changed as a whole (its org stays). */
export const PlacementUpdate = PlacementIn.omit({ orgId: true });
export const Placement = z.object({
  id: z.string(), regionId: z.string(), orgId: z.string(), unitId: z.string(), unitName: z.string(), schoolId: z.string(), school: z.string(),
  year: z.number(), kind: z.enum(PLACEMENT_KINDS), people: z.number(), note: z.string().nullable(),
});
export const PlacementListQuery = PageQuery.extend({
  orgId: z.uuid().optional(), year: year.optional(), kind: z.enum(PLACEMENT_KINDS).optional(), unitId: z.uuid().optional(),
  school: z.string().trim().max(100).optional(), schoolId: z.uuid().optional(),
});

export const InvestmentIn = z.strictObject({
  orgId: z.uuid(),
  unitId: z.uuid(),
  kind: z.enum(INVESTMENT_KINDS),
  title: text(200),
  on: isoDate,
  place: optText(100),
  /** fen, when known */
  amountFen: z.number().int().min(0).max(1e15).nullable().optional(),
  note: optText(500),
});
/** An investment record changed as a whole (its org stays). */
export const InvestmentUpdate = InvestmentIn.omit({ orgId: true });
export const Investment = z.object({
  id: z.string(), regionId: z.string(), orgId: z.string(), unitId: z.string(), unitName: z.string(), kind: z.enum(INVESTMENT_KINDS),
  title: z.string(), on: z.string(), place: z.string().nullable(), amountFen: z.number().nullable(), note: z.string().nullable(),
});
export const InvestmentListQuery = PageQuery.extend({
  orgId: z.uuid().optional(), kind: z.enum(INVESTMENT_KINDS).optional(), year: year.optional(), unitId: z.uuid().optional(),
});

/** Developed members of the committee's subtree (joined the party since `since`), with their owner / technician tag. */
export const TalentQuery = PageQuery.extend({
  orgId: z.uuid(),
  since: isoDate.optional(),
  talent: z.enum([...TALENT_KINDS, 'none']).optional(),
});
export const Talent = z.object({
  id: z.string(), name: z.string(), orgId: z.string(), orgName: z.string(), stage: z.string(), joinedOn: z.string().nullable(),
  occupation: z.string().nullable(), talent: z.enum(TALENT_KINDS).nullable(), tags: z.array(z.string()),
});

export const GrowthFiguresQuery = z.object({ orgId: z.uuid(), since: isoDate.optional() });
export const GrowthFigures = z.object({
  pairs: z.number(), tookOver: z.number(),
  placements: z.array(z.object({ year: z.number(), students: z.number(), technicians: z.number(), schools: z.number(), enterprises: z.number() })),
  /** partner schools on record, and those whose agreement covers today */
  schoolPartners: z.number(), schoolPartnersActive: z.number(),
  /** mentees linked to their member record (joined the party) */
  menteesJoined: z.number(),
  investments: z.object({ introduced: z.number(), joint_venture: z.number(), branch: z.number() }),
  since: z.string(), developed: z.number(), owners: z.number(), technicians: z.number(),
});
