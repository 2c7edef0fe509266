import { z } from 'zod';
import { PageQuery } from './api.ts';
import { isoDate } from './dates.ts';

/** Cluster work (五朵金花): pledges, three-level projects, quarterly contests, household plaques. */

const text = (max: number) => z.string().trim().min(1).max(max);
// the platform's page bounds (PageQuery); cluster lists show 50 rows unless asked otherwise
const paging = {
  page: PageQuery.shape.page,
  pageSize: PageQuery.shape.pageSize.unwrap().default(50),
};

/* ───────── pledges ───────── */

export const BUILTIN_PLEDGE_CATEGORIES = ['key_work', 'environment', 'volunteer'] as const;
export const PLEDGE_STATUSES = ['in_progress', 'fulfilled', 'not_fulfilled'] as const;

export const Pledge = z.object({
  id: z.string(), regionId: z.string(), memberId: z.string(), memberName: z.string(), orgId: z.string(),
  year: z.number().int(), category: z.string(), content: z.string(), isPublic: z.boolean(),
  status: z.enum(PLEDGE_STATUSES), reviewComment: z.string().nullable(), reviewedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type Pledge = z.infer<typeof Pledge>;

export const PledgeCreate = z.strictObject({
  /** omitted by a member pledging for him/herself */
  memberId: z.uuid().optional(),
  year: z.number().int().min(2000).max(2100),
  category: z.string().trim().min(1).max(40),
  content: text(500),
  isPublic: z.boolean().default(true),
});
export const PledgeUpdate = z.strictObject({
  category: z.string().trim().min(1).max(40).optional(),
  content: text(500).optional(),
  isPublic: z.boolean().optional(),
});
export const PledgeReview = z.strictObject({
  status: z.enum(PLEDGE_STATUSES),
  comment: z.string().trim().max(500).nullable().optional(),
});
/** Review many pledges at once (批量评定): all or none. */
export const PledgeBatchReview = z.strictObject({
  ids: z.array(z.uuid()).min(1).max(200),
  status: z.enum(['fulfilled', 'not_fulfilled']),
  comment: z.string().trim().max(500).nullable().optional(),
});
/** Take reviews back (撤销): the pledges go back to in progress. */
export const PledgeUndo = z.strictObject({ ids: z.array(z.uuid()).min(1).max(200) });
export const PledgeListQuery = z.strictObject({
  ...paging,
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  orgId: z.uuid().optional(),
  memberId: z.uuid().optional(),
  category: z.string().max(40).optional(),
  status: z.enum(PLEDGE_STATUSES).optional(),
  mine: z.enum(['1', 'true']).optional(),
});
export const PledgeStatsQuery = z.strictObject({
  year: z.coerce.number().int().min(2000).max(2100),
  orgId: z.uuid().optional(),
  allianceId: z.uuid().optional(),
});
export const PledgeStats = z.object({
  year: z.number().int(),
  members: z.number().int(),
  membersPledged: z.number().int(),
  pledges: z.number().int(),
  byCategory: z.array(z.object({ category: z.string(), count: z.number().int() })),
  byStatus: z.record(z.string(), z.number().int()),
  /** fulfilled / (fulfilled + not fulfilled); null before any review */
  fulfilmentRate: z.number().nullable(),
});
export const PledgeCategory = z.object({ code: z.string(), name: z.string(), builtin: z.boolean() });
export const PledgeCategoryCreate = z.strictObject({
  regionId: z.uuid(), code: z.string().trim().regex(/^[a-z][a-z0-9_]{1,39}$/), name: text(40),
});

/* ───────── projects ───────── */

export const PROJECT_LEVELS = ['secretary', 'branch', 'member'] as const;
/** the three levels of the cluster's projects, plus `cobuild`: a joint meeting's co-building project (made by the co-building capability) */
export const PROJECT_LEVELS_ALL = [...PROJECT_LEVELS, 'cobuild'] as const;
export const PROJECT_STATUSES = ['planned', 'in_progress', 'done', 'suspended'] as const;

export const Milestone = z.object({ id: z.string(), title: z.string(), dueOn: z.string(), doneOn: z.string().nullable(), sort: z.number().int() });
export const Project = z.object({
  id: z.string(), regionId: z.string(), title: z.string(), level: z.enum(PROJECT_LEVELS_ALL), orgId: z.string(), orgName: z.string(),
  allianceId: z.string().nullable(), category: z.string(), goals: z.string(), startOn: z.string(), endOn: z.string(),
  people: z.array(z.string()), status: z.enum(PROJECT_STATUSES), progress: z.number().int(),
});
export type Project = z.infer<typeof Project>;
export const ProjectDetail = Project.extend({
  milestones: z.array(Milestone),
  reports: z.array(z.object({
    id: z.string(), milestoneId: z.string().nullable(), reportedOn: z.string(), text: z.string(), progress: z.number().int().nullable(),
    attachments: z.array(z.object({ id: z.string(), fileName: z.string(), contentType: z.string(), size: z.number().int() })),
  })),
});
const MilestoneInput = z.strictObject({ title: text(100), dueOn: isoDate, doneOn: isoDate.nullable().optional() });
export const ProjectCreate = z.strictObject({
  title: text(100),
  level: z.enum(PROJECT_LEVELS),
  orgId: z.uuid(),
  allianceId: z.uuid().nullable().optional(),
  category: text(40),
  goals: z.string().trim().max(2000).default(''),
  startOn: isoDate,
  endOn: isoDate,
  people: z.array(text(50)).max(100).default([]),
  status: z.enum(PROJECT_STATUSES).default('planned'),
  milestones: z.array(MilestoneInput).max(50).default([]),
});
export const ProjectUpdate = z.strictObject({
  title: text(100).optional(),
  level: z.enum(PROJECT_LEVELS).optional(),
  category: text(40).optional(),
  goals: z.string().trim().max(2000).optional(),
  startOn: isoDate.optional(),
  endOn: isoDate.optional(),
  people: z.array(text(50)).max(100).optional(),
  status: z.enum(PROJECT_STATUSES).optional(),
});
export const ProjectListQuery = z.strictObject({
  ...paging,
  level: z.enum(PROJECT_LEVELS_ALL).optional(),
  orgId: z.uuid().optional(),
  allianceId: z.uuid().optional(),
  status: z.enum(PROJECT_STATUSES).optional(),
  q: z.string().max(100).optional(),
});
export const ProjectReportCreate = z.strictObject({
  milestoneId: z.uuid().nullable().optional(),
  reportedOn: isoDate,
  text: text(4000),
  progress: z.number().int().min(0).max(100).nullable().optional(),
  milestoneDone: z.boolean().optional(),
});

/* ───────── contests ───────── */

export const JUDGE_CATEGORY_KEYS = ['veteran', 'resident', 'department'] as const;
export const CONTEST_STATUSES = ['open', 'closed', 'published'] as const;

export const Criterion = z.object({ id: z.string(), name: z.string(), maxPoints: z.number().int(), weight: z.number(), sort: z.number().int() });
export const Contest = z.object({
  id: z.string(), regionId: z.string(), allianceId: z.string(), title: z.string(), quarter: z.string(),
  status: z.enum(CONTEST_STATUSES), categoryWeights: z.record(z.string(), z.number()),
  criteria: z.array(Criterion),
  entries: z.array(z.object({ id: z.string(), projectId: z.string(), title: z.string(), orgId: z.string(), orgName: z.string(), level: z.string() })),
  judges: z.array(z.object({
    id: z.string(), userId: z.string(), name: z.string(), category: z.string(), orgId: z.string().nullable(),
    /** entries this judge has fully scored, and entries (not recused) still to score: on GET /contests/:id */
    scored: z.number().int().optional(), toScore: z.number().int().optional(),
  })),
  closedAt: z.string().nullable(), publishedAt: z.string().nullable(),
});
export type Contest = z.infer<typeof Contest>;
export const ContestCreate = z.strictObject({
  allianceId: z.uuid(),
  title: text(100),
  quarter: z.string().regex(/^\d{4}Q[1-4]$/),
  categoryWeights: z.strictObject({
    veteran: z.number().min(0).max(100), resident: z.number().min(0).max(100), department: z.number().min(0).max(100),
  }),
  criteria: z.array(z.strictObject({ name: text(50), maxPoints: z.number().int().min(1).max(1000), weight: z.number().int().min(0).max(100) })).min(1).max(20),
  projectIds: z.array(z.uuid()).max(200).default([]),
});
export const JudgeAdd = z.strictObject({
  /** the judge's account: by id, or by username */
  userId: z.uuid().optional(),
  username: z.string().trim().min(1).max(64).optional(),
  name: text(50),
  category: z.enum(JUDGE_CATEGORY_KEYS),
  orgId: z.uuid().nullable().optional(),
});
export const ScoreInput = z.strictObject({
  scores: z.array(z.strictObject({ criterionId: z.uuid(), points: z.number().min(0).max(10000).multipleOf(0.01) })).min(1).max(50),
});
/** Closing or publishing: `confirmed` goes ahead despite the warnings a first try answered (409 CONTEST_WARNINGS). */
export const ContestStatusChange = z.strictObject({ confirmed: z.boolean().optional() });
export const JudgeSheet = z.object({
  contest: z.object({ id: z.string(), title: z.string(), quarter: z.string(), status: z.enum(CONTEST_STATUSES) }),
  judge: z.object({ id: z.string(), name: z.string(), category: z.string() }),
  criteria: z.array(Criterion),
  entries: z.array(z.object({
    id: z.string(), title: z.string(), orgName: z.string(), level: z.string(), recused: z.boolean(),
    scores: z.record(z.string(), z.number()),
  })),
});
export const ContestResult = z.object({
  contest: z.object({ id: z.string(), title: z.string(), quarter: z.string(), status: z.enum(CONTEST_STATUSES), publishedAt: z.string().nullable() }),
  formula: z.string(),
  criteria: z.array(Criterion),
  /** the weights as set */
  categoryWeights: z.record(z.string(), z.number()),
  /** the weights the ranking applied: a weighted category without any score counts 0, the others share its weight */
  appliedWeights: z.record(z.string(), z.number()),
  unscoredCategories: z.array(z.string()),
  ranking: z.array(z.object({
    entryId: z.string(), rank: z.number().int(), title: z.string(), orgName: z.string(), level: z.string(),
    total: z.number().nullable(), firstPlaces: z.number().int(), spread: z.number().nullable(), judgesCounted: z.number().int(),
    criteria: z.array(z.object({ criterionId: z.string(), score: z.number().nullable(), categoryMeans: z.record(z.string(), z.number().nullable()) })),
  })),
});
export type ContestResult = z.infer<typeof ContestResult>;

/* ───────── plaques ───────── */

export const DISPLAY_LEVELS = ['door', 'board', 'stair'] as const;
export const LEVEL_STATES = ['pending', 'done'] as const;

export const Household = z.object({
  id: z.string(), regionId: z.string(), orgId: z.string(), orgName: z.string(), campaignId: z.string().nullable(),
  building: z.string(), room: z.string().nullable(),
  members: z.array(z.object({ id: z.string(), name: z.string() })),
  door: z.object({ state: z.enum(LEVEL_STATES), on: z.string().nullable() }),
  board: z.object({ state: z.enum(LEVEL_STATES), on: z.string().nullable() }),
  stair: z.object({ state: z.enum(LEVEL_STATES), on: z.string().nullable() }),
  publicPath: z.string().nullable(),
});
export type Household = z.infer<typeof Household>;
export const HouseholdCreate = z.strictObject({
  orgId: z.uuid(),
  campaignId: z.uuid().nullable().optional(),
  building: text(100),
  room: z.string().trim().max(50).nullable().optional(),
  memberIds: z.array(z.uuid()).min(1).max(10),
});
export const LevelUpdate = z.strictObject({
  level: z.enum(DISPLAY_LEVELS),
  state: z.enum(LEVEL_STATES),
  on: isoDate.nullable().optional(),
});
export const HouseholdListQuery = z.strictObject({
  ...paging,
  orgId: z.uuid().optional(),
  campaignId: z.uuid().optional(),
  /** part of the building, the address (room) or a member's name */
  q: z.string().trim().max(50).optional(),
});
export const CampaignCreate = z.strictObject({ name: text(100), orgId: z.uuid(), day: isoDate.nullable().optional(), target: z.number().int().min(0).max(100000).default(0) });
export const Campaign = z.object({ id: z.string(), regionId: z.string(), name: z.string(), orgId: z.string(), day: z.string().nullable(), target: z.number().int() });
export const CampaignProgress = z.object({
  campaign: Campaign,
  total: z.object({ households: z.number().int(), door: z.number().int(), board: z.number().int(), stair: z.number().int() }),
  byCommunity: z.array(z.object({ orgId: z.string(), orgName: z.string(), households: z.number().int(), door: z.number().int(), board: z.number().int(), stair: z.number().int() })),
});
export const PlaquePdfQuery = z.strictObject({
  campaignId: z.uuid().optional(),
  orgId: z.uuid().optional(),
  ids: z.string().max(20000).optional(),
});
export const PublicPlaque = z.object({
  title: z.string(),
  building: z.string(),
  names: z.array(z.string()),
  pledges: z.array(z.object({ memberName: z.string(), year: z.number().int(), category: z.string(), content: z.string(), status: z.string() })),
});

export const Attachment = z.object({ id: z.string(), fileName: z.string(), contentType: z.string(), size: z.number().int() });

export type JudgeSheet = z.infer<typeof JudgeSheet>;
export type PledgeCategory = z.infer<typeof PledgeCategory>;
export type ContestSummary = { id: string; regionId: string; allianceId: string; title: string; quarter: string; status: (typeof CONTEST_STATUSES)[number]; closedAt: string | null; publishedAt: string | null };
export type Campaign = z.infer<typeof Campaign>;
export type CampaignProgress = z.infer<typeof CampaignProgress>;
