import { z } from 'zod';
import { PageQuery } from './api.ts';
import { isoDate } from './dates.ts';

/**
 * Co-building (联建): the needs list (需求清单) of a joint meeting. A need is raised for a party (a unit or an org,
 * the beneficiary), reviewed and published by the office, dispatched to orgs and units, claimed slot by slot,
 * settled with a result per claimed slot, confirmed and rated by the beneficiary.
 */

const text = (max: number) => z.string().trim().min(1).max(max);
const paging = { page: PageQuery.shape.page, pageSize: PageQuery.shape.pageSize.unwrap().default(50) };

export const NEED_CATEGORIES = ['jobs', 'transport', 'venue', 'training', 'volunteers', 'funds', 'other'] as const;
export type NeedCategory = (typeof NEED_CATEGORIES)[number];
/** 征集 submitted → 审核 accepted / rejected / merged → 发布 published → 办结 confirmed → 评价 rated */
export const NEED_STATUSES = ['submitted', 'accepted', 'rejected', 'merged', 'published', 'confirmed', 'rated'] as const;
export type NeedStatus = (typeof NEED_STATUSES)[number];
/** who sees a published need besides the office and the party: the alliance's members, the whole region, or only the orgs it is dispatched to */
export const NEED_VISIBILITIES = ['alliance', 'region', 'named'] as const;
export const NEED_RAISED_AS = ['liaison', 'secretary', 'office'] as const;
/** `withdrawn`: the recipient withdrew its claims (none of its slots left); it may claim again */
export const DISPATCH_STATUSES = ['sent', 'seen', 'claimed', 'declined', 'withdrawn'] as const;
/** most slots one need may have (a need of 2 vacancies has 2) */
export const NEED_MAX_QUANTITY = 1000;

export const Need = z.object({
  id: z.string(), regionId: z.string(), allianceId: z.string(), allianceName: z.string(),
  category: z.enum(NEED_CATEGORIES), title: z.string(), description: z.string(), quantity: z.number().int(),
  claimed: z.number().int(), filled: z.number().int(), wantedBy: z.string().nullable(), visibility: z.enum(NEED_VISIBILITIES),
  tags: z.array(z.string()), status: z.enum(NEED_STATUSES),
  unitId: z.string().nullable(), orgId: z.string().nullable(), partyName: z.string(),
  raisedAs: z.enum(NEED_RAISED_AS), raisedByName: z.string().nullable(),
  rejectReason: z.string().nullable(), mergedIntoId: z.string().nullable(),
  publishedAt: z.string().nullable(), confirmedAt: z.string().nullable(),
  rating: z.number().int().nullable(), ratingComment: z.string().nullable(),
  dispatchCount: z.number().int(), createdAt: z.string(),
});

export const Dispatch = z.object({
  id: z.string(), needId: z.string(), orgId: z.string().nullable(), unitId: z.string().nullable(), recipientName: z.string(),
  status: z.enum(DISPATCH_STATUSES), claimedSlots: z.number().int(), seenAt: z.string().nullable(), claimedAt: z.string().nullable(),
  declinedAt: z.string().nullable(), declineReason: z.string().nullable(),
  /** the last claim the recipient withdrew, and why */
  withdrawnAt: z.string().nullable(), withdrawReason: z.string().nullable(), createdAt: z.string(),
});

export const NeedResult = z.object({
  id: z.string(), slotNo: z.number().int(), claimId: z.string(), personName: z.string(), startOn: z.string(),
  employer: z.string().nullable(), note: z.string().nullable(), recordedByName: z.string().nullable(), createdAt: z.string(),
});

export const NeedDetail = Need.extend({
  dispatches: z.array(Dispatch),
  claims: z.array(z.object({
    id: z.string(), dispatchId: z.string(), recipientName: z.string(), slots: z.number().int(), slotFrom: z.number().int(), slotTo: z.number().int(),
    claimedByName: z.string().nullable(), createdAt: z.string(),
    /** withdrawn by the recipient: its slots went back to the need */
    withdrawnAt: z.string().nullable(), withdrawnByName: z.string().nullable(), withdrawReason: z.string().nullable(),
    /** the reader answers for its recipient and none of its slots has a result: it may withdraw it */
    mayWithdraw: z.boolean(),
  })),
  results: z.array(NeedResult),
  /** what the reader may do with this need (the buttons the page shows; the server checks again) */
  may: z.object({
    manage: z.boolean(), confirm: z.boolean(), rate: z.boolean(), record: z.boolean(),
    /** may change it (PATCH): the office until it is settled, the party while it waits for review */
    edit: z.boolean(),
    /** may claim slots without a dispatch, for an org or unit it answers for (the need is shown to the alliance or region) */
    claimOpen: z.boolean(),
  }),
  /** the dispatches of this need the reader answers for */
  myDispatchIds: z.array(z.string()),
});

export const NeedCreate = z.strictObject({
  allianceId: z.uuid(),
  category: z.enum(NEED_CATEGORIES),
  title: text(100),
  description: z.string().trim().max(2000).default(''),
  quantity: z.number().int().min(1).max(NEED_MAX_QUANTITY).default(1),
  wantedBy: isoDate.nullable().optional(),
  visibility: z.enum(NEED_VISIBILITIES).default('alliance'),
  tags: z.array(z.string().trim().min(1).max(20)).max(10).default([]),
  /** the party the need is for: a unit (its liaison raises it) or an org (its secretary); one of the two */
  unitId: z.uuid().nullable().optional(),
  orgId: z.uuid().nullable().optional(),
});

export const NeedUpdate = z.strictObject({
  category: z.enum(NEED_CATEGORIES).optional(),
  title: text(100).optional(),
  description: z.string().trim().max(2000).optional(),
  quantity: z.number().int().min(1).max(NEED_MAX_QUANTITY).optional(),
  wantedBy: isoDate.nullable().optional(),
  visibility: z.enum(NEED_VISIBILITIES).optional(),
  tags: z.array(z.string().trim().min(1).max(20)).max(10).optional(),
});

export const NeedReview = z.strictObject({
  decision: z.enum(['accept', 'reject']),
  /** required when rejecting */
  reason: z.string().trim().max(500).nullable().optional(),
});

/** Merge this need into `needId` (the one kept): a duplicate. */
export const NeedMerge = z.strictObject({ needId: z.uuid() });

/** Accept or publish many needs at once: all or none. */
export const NeedBatch = z.strictObject({ ids: z.array(z.uuid()).min(1).max(200), action: z.enum(['accept', 'publish']) });

export const NeedDispatchCreate = z.strictObject({
  orgIds: z.array(z.uuid()).max(500).default([]),
  unitIds: z.array(z.uuid()).max(500).default([]),
  /** every village and community (units of those kinds) of the need's region, in one action */
  villagesAndCommunities: z.boolean().default(false),
});

export const ClaimBody = z.strictObject({ slots: z.number().int().min(1).max(NEED_MAX_QUANTITY) });
/** Claim a published need one may see without a dispatch, for an org or unit one answers for. */
export const DirectClaimBody = z.strictObject({
  slots: z.number().int().min(1).max(NEED_MAX_QUANTITY), orgId: z.uuid().nullable().optional(), unitId: z.uuid().nullable().optional(),
});
export const DeclineBody = z.strictObject({ reason: text(500) });
/** Withdraw a claim (撤回认领): why. */
export const WithdrawClaimBody = z.strictObject({ reason: text(500) });

export const ResultCreate = z.strictObject({
  slotNo: z.number().int().min(1).max(NEED_MAX_QUANTITY),
  personName: text(50),
  startOn: isoDate,
  employer: z.string().trim().max(100).nullable().optional(),
  note: z.string().trim().max(500).nullable().optional(),
});

export const RatingBody = z.strictObject({ score: z.number().int().min(1).max(5), comment: z.string().trim().max(500).nullable().optional() });

export const NeedListQuery = z.strictObject({
  ...paging,
  allianceId: z.uuid().optional(),
  status: z.enum(NEED_STATUSES).optional(),
  category: z.enum(NEED_CATEGORIES).optional(),
  /** only the needs of parties I raise for (a liaison's or secretary's own) */
  mine: z.enum(['1', 'true']).optional(),
  /** only needs I may claim without a dispatch: published, slots left, shown to the alliance or region, none of my orgs or units dispatched or claimed yet */
  claimable: z.enum(['1', 'true']).optional(),
  q: z.string().max(100).optional(),
});

export const DispatchListQuery = z.strictObject({
  ...paging,
  status: z.enum(DISPATCH_STATUSES).optional(),
  /** open: not declined, and slots left or claimed by me */
  open: z.enum(['1', 'true']).optional(),
});

export const InboxItem = Dispatch.extend({
  need: Need.pick({ id: true, title: true, category: true, quantity: true, claimed: true, filled: true, wantedBy: true, status: true, allianceName: true, partyName: true, description: true }),
});

export const NeedFigures = z.object({
  raised: z.number().int(), published: z.number().int(), settled: z.number().int(),
  /** mean days from raising to the beneficiary's confirmation, of the settled ones; null when none */
  avgDaysToSettle: z.number().nullable(),
  /** mean rating 1–5 of the rated ones; null when none */
  satisfaction: z.number().nullable(), rated: z.number().int(),
  placements: z.number().int(), slots: z.number().int(), claimedSlots: z.number().int(),
  /** resources of the joint meeting(s) the reader is the office of: offered (all, withdrawn ones too) and used (linked to a need) */
  resourcesOffered: z.number().int(), resourcesUsed: z.number().int(),
  /** co-building projects (项目清单) of those joint meetings, and how many are done */
  projects: z.number().int(), projectsDone: z.number().int(),
  byCategory: z.array(z.object({ category: z.enum(NEED_CATEGORIES), raised: z.number().int(), settled: z.number().int() })),
});

export const NeedImportResult = z.object({ created: z.number().int(), rows: z.array(z.object({ row: z.number().int(), id: z.string(), title: z.string() })) });
