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
  startedOn: isoDate,
  outcome: z.enum(MENTORING_OUTCOMES).default('ongoing'),
  tookOverOn: isoDate.nullable().optional(),
  activityIds: z.array(z.uuid()).max(50).default([]),
  note: optText(500),
});
export const MentoringPairUpdate = MentoringPairIn.omit({ orgId: true }).partial();

export const MentoringPair = z.object({
  id: z.string(), regionId: z.string(), orgId: z.string(), orgName: z.string(),
  mentorMemberId: z.string(), mentorName: z.string(), mentorUnitName: z.string().nullable(),
  menteeName: z.string(), menteeUnitId: z.string(), menteeUnitName: z.string(),
  startedOn: z.string(), outcome: z.enum(MENTORING_OUTCOMES), tookOverOn: z.string().nullable(), note: z.string().nullable(),
  activities: z.array(z.object({ id: z.string(), title: z.string(), kind: z.string(), heldOn: z.string() })),
});
export const MentoringListQuery = PageQuery.extend({
  orgId: z.uuid().optional(),
  outcome: z.enum(MENTORING_OUTCOMES).optional(),
  q: z.string().trim().max(50).optional(),
});

export const PlacementIn = z.strictObject({
  orgId: z.uuid(),
  unitId: z.uuid(),
  school: text(100),
  year: z.number().int().min(2000).max(2100),
  kind: z.enum(PLACEMENT_KINDS),
  people: z.number().int().min(1).max(10_000),
  note: optText(500),
});
/** A placement changed as a whole (its org stays). */
export const PlacementUpdate = PlacementIn.omit({ orgId: true });
export const Placement = z.object({
  id: z.string(), regionId: z.string(), orgId: z.string(), unitId: z.string(), unitName: z.string(), school: z.string(),
  year: z.number(), kind: z.enum(PLACEMENT_KINDS), people: z.number(), note: z.string().nullable(),
});
export const PlacementListQuery = PageQuery.extend({
  orgId: z.uuid().optional(), year: year.optional(), kind: z.enum(PLACEMENT_KINDS).optional(), unitId: z.uuid().optional(),
  school: z.string().trim().max(100).optional(),
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
  investments: z.object({ introduced: z.number(), joint_venture: z.number(), branch: z.number() }),
  since: z.string(), developed: z.number(), owners: z.number(), technicians: z.number(),
});
