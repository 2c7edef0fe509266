import { z } from 'zod';
import { PageQuery, SelectedIds } from './api.ts';
import { isoDate, isoDateTime as isoTime } from './dates.ts';

/** 支部党员大会, 支部委员会, 党小组会, 党课, 主题党日, 宣讲, 志愿服务, 联谊, other */
export const ACTIVITY_KINDS = [
  'general_meeting', 'committee_meeting', 'group_meeting', 'party_lesson', 'theme_day',
  'lecture', 'volunteer', 'social', 'other',
] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];
/** kinds whose attendees log service hours */
export const SERVICE_KINDS: readonly ActivityKind[] = ['volunteer'];
export const ACTIVITY_STATUSES = ['planned', 'held', 'cancelled'] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];
export const COMPLIANCE_PERIODS = ['month', 'quarter', 'year'] as const;

const text = (max: number) => z.string().trim().min(1).max(max);

export const Activity = z.object({
  id: z.string(),
  regionId: z.string(),
  kind: z.enum(ACTIVITY_KINDS),
  orgId: z.string().nullable(),
  orgName: z.string().nullable(),
  allianceId: z.string().nullable(),
  seriesId: z.string().nullable(),
  title: z.string(),
  topic: z.string().nullable(),
  place: z.string().nullable(),
  speaker: z.string().nullable(),
  startsAt: z.string(),
  endsAt: z.string(),
  heldOn: z.string(),
  checkinOpensAt: z.string(),
  checkinClosesAt: z.string(),
  signupOpen: z.boolean(),
  capacity: z.number().int().nullable(),
  status: z.enum(ACTIVITY_STATUSES),
  minutes: z.string().nullable(),
  photos: z.array(z.string()),
  lectureTeamId: z.string().nullable(),
  lecturerMemberId: z.string().nullable(),
  counts: z.object({ expected: z.number(), signedUp: z.number(), waitlisted: z.number(), checkedIn: z.number() }).optional(),
});
export type Activity = z.infer<typeof Activity>;

export const ActivityCreate = z.strictObject({
  orgId: z.uuid().optional(),
  allianceId: z.uuid().optional(),
  /** for an alliance activity: the org that books it (defaults to the alliance's lead org) */
  kind: z.enum(ACTIVITY_KINDS),
  title: text(200),
  topic: z.string().trim().max(500).nullable().optional(),
  place: z.string().trim().max(200).nullable().optional(),
  speaker: z.string().trim().max(100).nullable().optional(),
  startsAt: isoTime,
  endsAt: isoTime,
  seriesId: z.uuid().nullable().optional(),
  signupOpen: z.boolean().optional(),
  capacity: z.number().int().min(1).max(100000).nullable().optional(),
  checkinOpensAt: isoTime.optional(),
  checkinClosesAt: isoTime.optional(),
  /** who is expected; omitted = the organising org's members (its subtree) */
  expectedMemberIds: z.array(z.uuid()).max(5000).optional(),
  lectureTeamId: z.uuid().nullable().optional(),
  lecturerMemberId: z.uuid().nullable().optional(),
});

export const ActivityUpdate = z.strictObject({
  title: text(200).optional(),
  topic: z.string().trim().max(500).nullable().optional(),
  place: z.string().trim().max(200).nullable().optional(),
  speaker: z.string().trim().max(100).nullable().optional(),
  startsAt: isoTime.optional(),
  endsAt: isoTime.optional(),
  checkinOpensAt: isoTime.optional(),
  checkinClosesAt: isoTime.optional(),
  status: z.enum(ACTIVITY_STATUSES).optional(),
  minutes: z.string().max(20000).nullable().optional(),
  photos: z.array(z.string().max(500)).max(50).optional(),
  signupOpen: z.boolean().optional(),
  capacity: z.number().int().min(1).max(100000).nullable().optional(),
  seriesId: z.uuid().nullable().optional(),
});

export const ActivityListQuery = PageQuery.extend({
  regionId: z.uuid().optional(),
  orgId: z.uuid().optional(),
  allianceId: z.uuid().optional(),
  seriesId: z.uuid().optional(),
  kind: z.enum(ACTIVITY_KINDS).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
}).strict();
/** The activities export: the list's filters, and ids to hold only the selected rows. */
export const ActivityExportQuery = ActivityListQuery.omit({ page: true, pageSize: true }).extend({ ids: SelectedIds.optional() }).strict();

// ── activity photos (uploaded files; the older `Activity.photos` is a list of URLs) ─────────────
/** What a photo may be, decided by its content */
export const ACTIVITY_PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export const MAX_ACTIVITY_PHOTOS = 50;
export const MAX_PHOTO_CAPTION = 200;
export const ActivityPhoto = z.object({
  id: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  caption: z.string().nullable(),
  createdAt: z.string(),
});
export type ActivityPhoto = z.infer<typeof ActivityPhoto>;
export const PhotoUploadQuery = z.strictObject({ caption: z.string().trim().max(MAX_PHOTO_CAPTION).optional() });

export const Attendee = z.object({
  memberId: z.string(),
  name: z.string(),
  orgId: z.string(),
  expected: z.boolean(),
  signup: z.enum(['signed_up', 'waitlisted']).nullable(),
  signedUpAt: z.string().nullable(),
  checkedInAt: z.string().nullable(),
  checkinMethod: z.string().nullable(),
  absenceReason: z.string().nullable(),
  serviceHours: z.number().nullable(),
  rating: z.number().nullable(),
  comment: z.string().nullable(),
});

export const AttendeeUpdate = z.strictObject({
  expected: z.boolean().optional(),
  absenceReason: z.string().trim().max(500).nullable().optional(),
  serviceHours: z.number().nullable().optional(),
});

export const CheckinTick = z.strictObject({ memberIds: z.array(z.uuid()).min(1).max(2000) });
export const CheckinByCode = z.strictObject({ code: z.string().min(1).max(100) });
export const RatingBody = z.strictObject({ rating: z.number().int().min(1).max(5), comment: z.string().trim().max(1000).nullable().optional() });

export const SignupResult = z.object({ signup: z.enum(['signed_up', 'waitlisted']), position: z.number().int().nullable() });
export const CheckinResult = z.object({ memberId: z.string(), at: z.string(), method: z.string() });

export const Series = z.object({
  id: z.string(), regionId: z.string(), orgId: z.string().nullable(), allianceId: z.string().nullable(),
  name: z.string(), description: z.string().nullable(), count: z.number().int(), heldCount: z.number().int(),
});
export const SeriesCreate = z.strictObject({
  orgId: z.uuid(),
  allianceId: z.uuid().nullable().optional(),
  name: text(200),
  description: z.string().trim().max(2000).nullable().optional(),
});
export const SeriesListQuery = z.strictObject({ regionId: z.uuid().optional() });

// ── compliance ──────────────────────────────────────────────────────────────
export const ComplianceRule = z.object({
  kind: z.enum(ACTIVITY_KINDS), period: z.enum(COMPLIANCE_PERIODS), minCount: z.number().int().min(1).max(100),
});
export const ComplianceRules = z.object({ regionId: z.string(), isDefault: z.boolean(), rules: z.array(ComplianceRule) });
export const ComplianceRulesPut = z.strictObject({
  rules: z.array(z.strictObject({
    kind: z.enum(ACTIVITY_KINDS), period: z.enum(COMPLIANCE_PERIODS), minCount: z.number().int().min(1).max(100),
  })).max(20),
});
/** The board, a page of branches at a time (`q` searches branch names). */
export const ComplianceQuery = PageQuery.extend({
  regionId: z.uuid(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  orgId: z.uuid().optional(),
}).strict();
export const DueQuery = z.strictObject({ regionId: z.uuid(), orgId: z.uuid().optional() });
export const COMPLIANCE_CELL_STATUSES = ['ok', 'missing', 'pending', 'future'] as const;
export type ComplianceCellStatus = (typeof COMPLIANCE_CELL_STATUSES)[number];
/** A cell's status as one letter of a row's `status` string. */
export const CELL_STATUS_LETTER: Record<ComplianceCellStatus, string> = { ok: 'o', missing: 'm', pending: 'p', future: 'f' };
/** One column of the board: a rule's kind and one of its periods this year. */
export const ComplianceColumn = z.object({ kind: z.string(), period: z.string(), required: z.number().int() });
/**
 * The board as the screen shows it: the columns once, and per branch of the page what was held (`held[i]`) and
 * the cell's status (`status[i]`: o ok, m missing, p pending, f future) for column i.
 */
export const ComplianceBoard = z.object({
  regionId: z.string(),
  year: z.number().int(),
  asOf: z.string(),
  rules: z.array(ComplianceRule),
  columns: z.array(ComplianceColumn),
  items: z.array(z.object({
    orgId: z.string(), orgName: z.string(), secretaryName: z.string().nullable(),
    held: z.array(z.number().int()), status: z.string(), missing: z.number().int(), ok: z.number().int(),
  })),
  total: z.number().int(), page: z.number().int(), pageSize: z.number().int(),
});
export const DueItem = z.object({
  orgId: z.string(), orgName: z.string(), secretaryName: z.string().nullable(),
  kind: z.string(), period: z.string(), held: z.number().int(), required: z.number().int(), status: z.enum(['missing', 'pending']),
});
export const AttendanceQuery = z.strictObject({
  regionId: z.uuid(), from: isoDate, to: isoDate, orgId: z.uuid().optional(),
});
export const AttendanceReport = z.object({
  branches: z.array(z.object({ orgId: z.string(), orgName: z.string(), expected: z.number().int(), attended: z.number().int(), rate: z.number().nullable() })),
  members: z.array(z.object({ memberId: z.string(), name: z.string(), orgId: z.string(), expected: z.number().int(), attended: z.number().int(), rate: z.number().nullable() })),
});

// ── lecture team ────────────────────────────────────────────────────────────
export const LectureTeam = z.object({
  id: z.string(), regionId: z.string(), orgId: z.string(), name: z.string(), description: z.string().nullable(),
  lecturers: z.array(z.object({ memberId: z.string(), name: z.string(), topics: z.array(z.string()) })),
});
export const LectureTeamCreate = z.strictObject({
  orgId: z.uuid(), name: text(100), description: z.string().trim().max(2000).nullable().optional(),
});
export const LecturerPut = z.strictObject({ topics: z.array(text(100)).max(20) });
export const LectureRequest = z.object({
  id: z.string(), regionId: z.string(), teamId: z.string(), hostOrgId: z.string(), hostOrgName: z.string().nullable(),
  topic: z.string(), preferredOn: z.string().nullable(), note: z.string().nullable(),
  status: z.enum(['requested', 'scheduled', 'declined']), activityId: z.string().nullable(),
});
export const LectureRequestCreate = z.strictObject({
  hostOrgId: z.uuid(), topic: text(200), preferredOn: isoDate.nullable().optional(), note: z.string().trim().max(1000).nullable().optional(),
});
export const LectureSchedule = z.strictObject({
  lecturerMemberId: z.uuid(), startsAt: isoTime, endsAt: isoTime, place: z.string().trim().max(200).nullable().optional(),
  title: text(200).optional(),
});
export const LectureFigures = z.object({
  lecturers: z.array(z.object({ memberId: z.string(), name: z.string(), lectures: z.number().int(), audience: z.number().int(), rating: z.number().nullable(), ratings: z.number().int() })),
  branches: z.array(z.object({ orgId: z.string(), orgName: z.string(), lectures: z.number().int() })),
});

// ── courseware ──────────────────────────────────────────────────────────────
export const COURSEWARE_KINDS = ['pdf', 'video', 'link'] as const;
export const Courseware = z.object({
  id: z.string(), regionId: z.string(), orgId: z.string(), title: z.string(), description: z.string().nullable(),
  kind: z.enum(COURSEWARE_KINDS), url: z.string().nullable(), fileName: z.string().nullable(), fileSize: z.number().nullable(),
  durationMinutes: z.number().nullable(), tags: z.array(z.string()), views: z.number().int().optional(), completions: z.number().int().optional(),
  /** set when archived: no longer offered to members, still listed for staff and counted in the figures */
  archivedAt: z.string().nullable(),
});
export const CoursewareCreate = z.strictObject({
  orgId: z.uuid(), title: text(200), description: z.string().trim().max(2000).nullable().optional(),
  kind: z.enum(COURSEWARE_KINDS), url: z.url({ protocol: /^https?$/ }).max(1000).nullable().optional(),
  durationMinutes: z.number().int().min(1).max(1000).nullable().optional(),
  tags: z.array(text(50)).max(20).optional(),
});
/** Edit: the same rules as create; `url` only for links (kind and organisation do not change). */
export const CoursewareUpdate = z.strictObject({
  title: text(200).optional(), description: z.string().trim().max(2000).nullable().optional(),
  url: z.url({ protocol: /^https?$/ }).max(1000).nullable().optional(),
  durationMinutes: z.number().int().min(1).max(1000).nullable().optional(),
  tags: z.array(text(50)).max(20).optional(),
});
export const CoursewareListQuery = PageQuery.extend({
  regionId: z.uuid().optional(), tag: z.string().max(50).optional(),
  /** archived items: `false` (default) hides them, `true` shows only them, `all` both */
  archived: z.enum(['true', 'false', 'all']).default('false'),
}).strict();
export const CoursewareStats = z.object({
  orgs: z.array(z.object({ orgId: z.string(), orgName: z.string(), members: z.number().int(), viewers: z.number().int(), completions: z.number().int() })),
});
/** The member's own library: each item with their views and completion. */
export const MyCourseware = Courseware.extend({ myViews: z.number().int(), completedAt: z.string().nullable() });
export const ProgressResult = z.object({ views: z.number().int(), completedAt: z.string().nullable() });
/** Who opened one courseware item (members in the reader's scope), most recent first. */
export const CoursewareLearnersQuery = PageQuery.extend({}).strict();
export const CoursewareLearner = z.object({
  memberId: z.string(), name: z.string(), orgId: z.string(), orgName: z.string(), views: z.number().int(),
  firstViewedAt: z.string(), lastViewedAt: z.string(), completedAt: z.string().nullable(),
});
export const ProgressBody = z.strictObject({ completed: z.boolean().optional() });

// ── quizzes ─────────────────────────────────────────────────────────────────
export const QUESTION_KINDS = ['single', 'multiple', 'truefalse'] as const;
export const Question = z.object({
  id: z.string(), regionId: z.string(), orgId: z.string(), kind: z.enum(QUESTION_KINDS), stem: z.string(),
  options: z.array(z.string()), answer: z.array(z.number().int()), explanation: z.string().nullable(), tags: z.array(z.string()),
});
export const QuestionCreate = z.strictObject({
  orgId: z.uuid(), kind: z.enum(QUESTION_KINDS), stem: text(1000),
  options: z.array(text(300)).min(2).max(8), answer: z.array(z.number().int().min(0)).min(1).max(8),
  explanation: z.string().trim().max(2000).nullable().optional(), tags: z.array(text(50)).max(20).optional(),
});
export const QuestionListQuery = PageQuery.extend({
  regionId: z.uuid().optional(), tag: z.string().max(50).optional(),
}).strict();
export const ImportQuery = z.strictObject({
  orgId: z.uuid(),
  /** `true`: run every check and report, write nothing */
  dryRun: z.enum(['true', 'false']).optional(),
});
export const ImportResult = z.object({
  imported: z.number().int(),
  /** check only: the rows that passed every check (nothing was written) */
  checked: z.number().int().optional(),
  dryRun: z.boolean().optional(),
});

export const Quiz = z.object({
  id: z.string(), regionId: z.string(), orgId: z.string(), allianceId: z.string().nullable(), title: z.string(),
  description: z.string().nullable(), opensAt: z.string(), closesAt: z.string(), mode: z.enum(['fixed', 'random']),
  questionIds: z.array(z.string()), tags: z.array(z.string()), questionCount: z.number().int(),
  timeLimitSeconds: z.number().int(), attemptsAllowed: z.number().int(),
  /** someone has started an attempt: only title, description and closesAt may change, and it cannot be deleted */
  started: z.boolean().optional(),
  /** the caller may edit, close or delete it (write on the organising org) */
  editable: z.boolean().optional(),
});
export const QuizCreate = z.strictObject({
  orgId: z.uuid(), allianceId: z.uuid().nullable().optional(), title: text(200),
  description: z.string().trim().max(2000).nullable().optional(),
  opensAt: isoTime, closesAt: isoTime, mode: z.enum(['fixed', 'random']),
  questionIds: z.array(z.uuid()).max(200).optional(), tags: z.array(text(50)).max(20).optional(),
  questionCount: z.number().int().min(1).max(200).optional(),
  timeLimitSeconds: z.number().int().min(30).max(4 * 3600), attemptsAllowed: z.number().int().min(1).max(20).default(1),
});
/**
 * A change to a competition. Before anyone starts, every field (validated as on create); once someone has
 * started, only title, description and closesAt (not before now, nor before opensAt).
 */
export const QuizUpdate = z.strictObject({
  title: text(200).optional(),
  description: z.string().trim().max(2000).nullable().optional(),
  opensAt: isoTime.optional(), closesAt: isoTime.optional(), mode: z.enum(['fixed', 'random']).optional(),
  questionIds: z.array(z.uuid()).max(200).optional(), tags: z.array(text(50)).max(20).optional(),
  questionCount: z.number().int().min(1).max(200).optional(),
  timeLimitSeconds: z.number().int().min(30).max(4 * 3600).optional(), attemptsAllowed: z.number().int().min(1).max(20).optional(),
});
export const QuizListQuery = z.strictObject({ regionId: z.uuid().optional() });

/** What the member sees while taking a quiz: never the answers. */
export const AttemptView = z.object({
  id: z.string(), quizId: z.string(), attemptNo: z.number().int(), startedAt: z.string(), deadlineAt: z.string(),
  submittedAt: z.string().nullable(), serverNow: z.string(),
  questions: z.array(z.object({ id: z.string(), kind: z.enum(QUESTION_KINDS), stem: z.string(), options: z.array(z.string()) })),
  answers: z.record(z.string(), z.array(z.number().int())),
  score: z.number().int().nullable(), correctCount: z.number().int().nullable(),
  /** only after submitting */
  review: z.array(z.object({ questionId: z.string(), answer: z.array(z.number().int()), correct: z.boolean(), explanation: z.string().nullable() })).optional(),
});
export const AnswerBody = z.strictObject({ questionId: z.uuid(), choice: z.array(z.number().int().min(0).max(7)).max(8) });
export const SubmitBody = z.strictObject({ answers: z.record(z.string(), z.array(z.number().int().min(0).max(7)).max(8)).optional() });
export const LeaderboardQuery = z.strictObject({ by: z.enum(['member', 'org', 'alliance']).default('member'), limit: z.coerce.number().int().min(1).max(1000).default(100) });
export const Leaderboard = z.object({
  by: z.enum(['member', 'org', 'alliance']),
  items: z.array(z.object({
    rank: z.number().int(), id: z.string(), name: z.string(), orgName: z.string().nullable().optional(),
    bestScore: z.number().nullable().optional(), durationSeconds: z.number().nullable().optional(),
    averageBestScore: z.number().nullable().optional(), participants: z.number().int().optional(),
    eligible: z.number().int().optional(), participationRate: z.number().nullable().optional(),
  })),
});

// ── a member's own page ─────────────────────────────────────────────────────
export const MyActivity = z.object({
  id: z.string(), kind: z.enum(ACTIVITY_KINDS), title: z.string(), place: z.string().nullable(), startsAt: z.string(), endsAt: z.string(),
  orgName: z.string().nullable(), expected: z.boolean(), signup: z.string().nullable(), checkedInAt: z.string().nullable(),
  checkinOpen: z.boolean(), serviceHours: z.number().nullable(), signupOpen: z.boolean(),
  /** my rating (1–5) and comment, once I rated it (lectures I checked in to: PUT /me/activities/:id/rating) */
  rating: z.number().int().nullable(), comment: z.string().nullable(),
});
export const MyOverview = z.object({
  member: z.object({ id: z.string(), name: z.string(), orgId: z.string(), orgName: z.string().nullable() }),
  upcoming: z.array(MyActivity),
  past: z.array(MyActivity),
  serviceHours: z.object({ total: z.number(), thisYear: z.number(), entries: z.number().int() }),
  quizzes: z.array(z.object({
    quizId: z.string(), title: z.string(), opensAt: z.string(), closesAt: z.string(), attemptsUsed: z.number().int(),
    attemptsAllowed: z.number().int(), bestScore: z.number().nullable(), openAttemptId: z.string().nullable(),
  })),
  courseware: z.object({ total: z.number().int(), viewed: z.number().int(), completed: z.number().int() }),
});
