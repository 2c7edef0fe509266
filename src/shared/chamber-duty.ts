import { z } from 'zod';

/**
 * Responsibility lists (党建责任清单) and the secretary performance ledger (书记绩效对账表) of the chamber's grids:
 * a committee's yearly template of weighted items, items added per grid or branch, evidence counted from the
 * platform's records or uploaded, three publication points, review by the grid then the committee, sign-off.
 */

const text = (max: number) => z.string().trim().min(1).max(max);
const year = z.coerce.number().int().min(2000).max(2100);

/** Where an item's evidence comes from: the platform's own records, or uploaded files (manual). */
export const DUTY_SOURCES = ['activities', 'development', 'pledges', 'needs', 'manual'] as const;
export type DutySource = (typeof DUTY_SOURCES)[number];
/** a number to reach, or a yes/no (done once evidence counts 1) */
export const DUTY_INDICATORS = ['count', 'yesno'] as const;
/** 年初晒清单 / 年中晒进度 / 年底晒实绩 */
export const DUTY_POINTS = ['start', 'mid', 'end'] as const;
export type DutyPoint = (typeof DUTY_POINTS)[number];
/** open (or returned to the secretary) → submitted by the secretary → accepted by the grid → accepted by the committee → signed off (销账) */
export const DUTY_STATUSES = ['open', 'returned', 'submitted', 'grid_accepted', 'committee_accepted', 'signed_off'] as const;
export type DutyStatus = (typeof DUTY_STATUSES)[number];
/** the development stage whose date counts for a `development` item */
export const DUTY_STAGES = ['activist', 'candidate', 'probationary', 'full'] as const;

export const DutyItemIn = z.strictObject({
  code: z.string().trim().regex(/^[a-z0-9_-]{1,40}$/),
  name: text(100),
  weight: z.number().int().min(1).max(100),
  indicator: z.enum(DUTY_INDICATORS),
  /** a count's number to reach; a yes/no's is 1 */
  target: z.number().int().min(1).max(100_000),
  source: z.enum(DUTY_SOURCES),
  stage: z.enum(DUTY_STAGES).nullable().optional(),
});
export type DutyItemInput = z.infer<typeof DutyItemIn>;

export const DutyTemplatePut = z.strictObject({
  orgId: z.uuid(),
  year: z.number().int().min(2000).max(2100),
  items: z.array(DutyItemIn).min(1).max(40),
});

/** An item added for one grid (allianceId) or one branch (branchId): its weight comes on top of the template's 100; the score is scaled back to 100. */
export const DutyExtraItem = DutyItemIn.extend({
  orgId: z.uuid(),
  year: z.number().int().min(2000).max(2100),
  allianceId: z.uuid().nullable().optional(),
  branchId: z.uuid().nullable().optional(),
});

/** An added grid / branch item changed (its code, year and grid or branch stay). */
export const DutyItemEdit = DutyItemIn.omit({ code: true });

export const DutyTemplateQuery = z.strictObject({ orgId: z.uuid(), year });
export const DutyYearQuery = z.strictObject({ year });

export const DutyItem = z.object({
  id: z.string(), code: z.string(), name: z.string(), weight: z.number().int(), indicator: z.enum(DUTY_INDICATORS),
  target: z.number().int(), source: z.enum(DUTY_SOURCES), stage: z.enum(DUTY_STAGES).nullable(),
  scope: z.enum(['template', 'grid', 'branch']), allianceId: z.string().nullable(), branchId: z.string().nullable(),
});
export const DutyTemplate = z.object({ orgId: z.string(), year: z.number().int(), items: z.array(DutyItem), weightTotal: z.number().int() });

/** A record that counts for an item, with the page where it lives. */
export const DutyRecord = z.object({ id: z.string(), label: z.string(), date: z.string().nullable(), link: z.string() });

export const DutyLine = DutyItem.extend({
  done: z.number().int(),
  /** done ÷ target, capped at 1 */
  ratio: z.number(),
  /** the weighted points this item earns (of the weight) */
  points: z.number(),
  /** done is short of the target pro rata to the year's days gone */
  behind: z.boolean(),
  records: z.array(DutyRecord),
});

export const DutyReview = z.object({
  level: z.enum(['secretary', 'grid', 'committee']), decision: z.enum(['submit', 'accept', 'return']), comment: z.string().nullable(), by: z.string(), at: z.string(),
});

export const DutyVersion = z.object({
  id: z.string(), version: z.number().int(), status: z.enum(DUTY_STATUSES), reason: z.string().nullable(),
  signedOffAt: z.string().nullable(), signedOffBy: z.string().nullable(),
});

export const DutyLedger = z.object({
  orgId: z.string(), orgName: z.string(), year: z.number().int(), secretaryName: z.string().nullable(),
  committeeId: z.string().nullable(), gridId: z.string().nullable(), gridName: z.string().nullable(),
  asOf: z.string(),
  /** the figures as frozen at the sign-off (the signed-off version), else live */
  frozen: z.boolean(),
  score: z.number(), assigned: z.number().int(), done: z.number().int(),
  lines: z.array(DutyLine),
  report: DutyVersion.extend({ reviews: z.array(DutyReview) }).nullable(),
  versions: z.array(DutyVersion),
  publications: z.array(z.object({ id: z.string(), point: z.enum(DUTY_POINTS), publishedAt: z.string(), score: z.number() })),
});
export type DutyLedger = z.infer<typeof DutyLedger>;

export const DutyPublish = z.strictObject({ year: z.number().int().min(2000).max(2100), point: z.enum(DUTY_POINTS) });
export const DutyPublication = z.object({
  id: z.string(), orgId: z.string(), year: z.number().int(), point: z.enum(DUTY_POINTS), publishedAt: z.string(), publishedBy: z.string().nullable(),
  ledger: DutyLedger,
});

export const DutyReviewIn = z.strictObject({
  year: z.number().int().min(2000).max(2100),
  level: z.enum(['grid', 'committee']),
  decision: z.enum(['accept', 'return']),
  comment: z.string().trim().max(1000).nullable().optional(),
});
/** The secretary submits the ledger for review (open or returned → submitted), with an optional note to the reviewers. */
export const DutySubmit = z.strictObject({ year: z.number().int().min(2000).max(2100), note: z.string().trim().max(1000).nullable().optional() });
export const DutySignOff = z.strictObject({ year: z.number().int().min(2000).max(2100) });
export const DutyCorrection = z.strictObject({ year: z.number().int().min(2000).max(2100), reason: text(1000) });

export const DutyEvidenceQuery = z.strictObject({
  year, itemId: z.uuid(),
  /** what this evidence counts for the item (a yes/no: 1) */
  value: z.coerce.number().int().min(1).max(100_000).default(1),
  note: z.string().trim().max(200).optional(),
});
export const DutyEvidence = z.object({ id: z.string(), itemId: z.string(), value: z.number().int(), fileName: z.string(), note: z.string().nullable(), createdAt: z.string() });

export const DutyOverviewQuery = z.strictObject({ orgId: z.uuid(), year });
export const DutyBranchRow = z.object({
  orgId: z.string(), orgName: z.string(), secretaryName: z.string().nullable(), score: z.number(), rank: z.number().int(),
  status: z.enum(DUTY_STATUSES), behind: z.number().int(),
  /** per item of the template, in its order: done */
  done: z.array(z.number().int()),
});
export const DutyOverview = z.object({
  orgId: z.string(), year: z.number().int(), asOf: z.string(),
  items: z.array(DutyItem),
  grids: z.array(z.object({
    id: z.string().nullable(), name: z.string(), branches: z.number().int(), averageScore: z.number(), signedOff: z.number().int(),
    behind: z.number().int(), published: z.object({ start: z.number().int(), mid: z.number().int(), end: z.number().int() }),
    ranking: z.array(DutyBranchRow),
  })),
});
