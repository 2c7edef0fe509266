import { z } from 'zod';
import { PageQuery } from './api.ts';
import { isoDate, isoDateTime } from './dates.ts';

/** The chamber of commerce (骆驼商会 1+9+N): people's mediation (人民调解) on the platform's case engine. */

const text = (max: number) => z.string().trim().min(1).max(max);
const optText = (max: number) => z.string().trim().max(max).nullable().optional();
/** money in fen: an integer, never negative, at most ¥10 billion */
const fen = z.number().int().min(0).max(1_000_000_000_000);

export const MEDIATION_SOURCES = ['application', 'proactive', 'police', 'court', 'government'] as const;
export const DISPUTE_TYPES = ['labour', 'contract', 'debt', 'injury', 'neighbourhood', 'other'] as const;
export const MEDIATION_STAGES = ['accepted', 'mediating', 'agreed', 'failed', 'closed'] as const;
export const PARTY_KINDS = ['person', 'enterprise'] as const;
export const PARTY_ROLES = ['applicant', 'respondent'] as const;
export const TRANSFER_TO = ['court', 'arbitration'] as const;
/** satisfaction at the follow-up visit: 3 satisfied, 2 basically satisfied, 1 not satisfied */
export const SATISFACTION = [1, 2, 3] as const;

export const PartyIn = z.strictObject({
  kind: z.enum(PARTY_KINDS),
  role: z.enum(PARTY_ROLES),
  name: text(100),
  phone: z.string().trim().regex(/^[0-9+\- ]{5,20}$/).nullable().optional(),
  idNumber: z.string().trim().max(30).nullable().optional(),
  address: optText(200),
});

export const MediationCreate = z.strictObject({
  orgId: z.uuid(),
  source: z.enum(MEDIATION_SOURCES),
  disputeType: z.enum(DISPUTE_TYPES),
  amountFen: fen,
  facts: text(4000),
  acceptedAt: isoDateTime,
  parties: z.array(PartyIn).min(1).max(20),
});

export const MediationAssign = z.strictObject({ userId: z.uuid(), note: optText(500) });
export const MediationSessionIn = z.strictObject({ heldAt: isoDateTime, place: text(200), record: text(8000) });
export const MediationExtend = z.strictObject({ consent: text(500) });
export const AgreementTermIn = z.strictObject({ text: text(1000), dueOn: isoDate.nullable().optional(), amountFen: fen.nullable().optional() });
export const MediationAgreementIn = z.strictObject({
  signedOn: isoDate,
  responsibility: text(4000),
  terms: z.array(AgreementTermIn).min(1).max(30),
  performance: text(1000),
});
export const TermPerformed = z.strictObject({ index: z.number().int().min(0).max(29), performedOn: isoDate });
export const MediationFailure = z.strictObject({ reason: text(2000), transferTo: z.enum(TRANSFER_TO).nullable().optional() });
export const MediationFollowUp = z.strictObject({
  visitedOn: isoDate,
  note: text(2000),
  ratings: z.array(z.strictObject({ partyId: z.uuid(), value: z.union([z.literal(1), z.literal(2), z.literal(3)]) })).min(1).max(20),
});

export const MediationListQuery = z.strictObject({
  page: PageQuery.shape.page,
  pageSize: PageQuery.shape.pageSize.unwrap().default(50),
  orgId: z.uuid().optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  disputeType: z.enum(DISPUTE_TYPES).optional(),
  source: z.enum(MEDIATION_SOURCES).optional(),
  stage: z.enum(MEDIATION_STAGES).optional(),
  open: z.enum(['1', 'true']).optional(),
  overdue: z.enum(['1', 'true']).optional(),
});
export const MediationFiguresQuery = z.strictObject({ orgId: z.uuid().optional(), regionId: z.uuid().optional() });
export const MediatorsQuery = z.strictObject({ orgId: z.uuid() });

/** A line of the register: no personal data, no facts. */
export const MediationListItem = z.object({
  id: z.string(), number: z.string(), orgId: z.string(), orgName: z.string(), year: z.number().int(),
  source: z.enum(MEDIATION_SOURCES), disputeType: z.enum(DISPUTE_TYPES), amountFen: z.number().int(), stage: z.enum(MEDIATION_STAGES),
  outcome: z.enum(['agreement', 'failed']).nullable(), partyCount: z.number().int(), mediators: z.array(z.string()),
  acceptedAt: z.string(), dueAt: z.string().nullable(), overdue: z.boolean(), closedAt: z.string().nullable(),
});

export const Party = z.object({
  id: z.string(), kind: z.enum(PARTY_KINDS), role: z.enum(PARTY_ROLES), name: z.string(),
  phone: z.string().nullable(), idNumber: z.string().nullable(), address: z.string().nullable(),
});
export const TimelineEvent = z.object({
  id: z.string(), at: z.string(), kind: z.string(), fromStage: z.string().nullable(), toStage: z.string().nullable(),
  actorName: z.string().nullable(), note: z.string().nullable(),
});
export const CaseFile = z.object({ id: z.string(), fileName: z.string(), contentType: z.string(), size: z.number().int(), createdAt: z.string() });
export const AgreementTerm = z.object({ text: z.string(), dueOn: z.string().nullable(), amountFen: z.number().int().nullable(), performedOn: z.string().nullable() });

export const MediationCase = MediationListItem.extend({
  regionId: z.string(), facts: z.string(), extended: z.boolean(), extensionConsent: z.string().nullable(),
  failureReason: z.string().nullable(), transferTo: z.enum(TRANSFER_TO).nullable(),
  parties: z.array(Party),
  assignments: z.array(z.object({ userId: z.string().nullable(), name: z.string(), assignedAt: z.string() })),
  sessions: z.array(z.object({ id: z.string(), heldAt: z.string(), place: z.string(), record: z.string(), recordedBy: z.string().nullable() })),
  agreement: z.object({
    signedOn: z.string(), responsibility: z.string(), terms: z.array(AgreementTerm), performance: z.string(),
    /** the last day parties may apply for judicial confirmation (司法确认): 30 days from signing */
    confirmationBy: z.string(), allPerformed: z.boolean(),
  }).nullable(),
  followUp: z.object({ visitedOn: z.string(), note: z.string(), ratings: z.array(z.object({ partyId: z.string(), value: z.number().int() })) }).nullable(),
  timeline: z.array(TimelineEvent),
  files: z.array(CaseFile),
  /** what the caller may do */
  canManage: z.boolean(),
  canHandle: z.boolean(),
});

export const Mediator = z.object({ userId: z.string(), name: z.string(), openCases: z.number().int() });

export const MediationFigures = z.object({
  cases: z.number().int(), settled: z.number().int(), failed: z.number().int(), open: z.number().int(), rate: z.number(),
  amountFen: z.number().int(), ratings: z.number().int(), satisfied: z.number().int(), satisfaction: z.number(),
  byType: z.array(z.object({ disputeType: z.enum(DISPUTE_TYPES), cases: z.number().int(), settled: z.number().int(), amountFen: z.number().int() })),
  byYear: z.array(z.object({ year: z.number().int(), cases: z.number().int(), settled: z.number().int(), amountFen: z.number().int() })),
});

/* ───────── one-stop service alliance (服务联盟) ───────── */

export const SERVICE_KINDS = ['project', 'patent', 'energy_env', 'legal', 'finance', 'talent', 'safety', 'tax', 'permits'] as const;
/** 受理 → 交办 → 处置 → 反馈 → 办结 */
export const REQUEST_STAGES = ['accepted', 'dispatched', 'handling', 'replied', 'closed'] as const;
export const REQUEST_BOXES = ['dispatch', 'inbox', 'mine'] as const;

export const AgencyServicesIn = z.strictObject({
  services: z.array(z.strictObject({ service: z.enum(SERVICE_KINDS), note: optText(200) })).max(SERVICE_KINDS.length),
});
export const Agency = z.object({
  id: z.string(), regionId: z.string(), name: z.string(), liaisonName: z.string().nullable(),
  services: z.array(z.object({ service: z.enum(SERVICE_KINDS), note: z.string().nullable() })),
  open: z.number().int(), overdue: z.number().int(),
});
export const AgencyQuery = z.strictObject({ regionId: z.uuid().optional(), service: z.enum(SERVICE_KINDS).optional() });

export const RequestCreate = z.strictObject({ unitId: z.uuid(), service: z.enum(SERVICE_KINDS), title: text(100), detail: text(4000) });
export const RequestDispatch = z.strictObject({ unitId: z.uuid(), note: optText(500) });
export const RequestReply = z.strictObject({ result: text(4000) });
export const RequestHandBack = z.strictObject({ reason: text(1000) });
/** The enterprise finds the result unsatisfactory: back to the agency (处置) with a reason. */
export const RequestSendBack = z.strictObject({ reason: text(1000) });
export const RequestRate = z.strictObject({ value: z.number().int().min(1).max(5), comment: optText(500) });
export const RequestListQuery = z.strictObject({
  page: PageQuery.shape.page,
  pageSize: PageQuery.shape.pageSize.unwrap().default(50),
  box: z.enum(REQUEST_BOXES).default('dispatch'),
  stage: z.enum(REQUEST_STAGES).optional(),
  service: z.enum(SERVICE_KINDS).optional(),
  overdue: z.enum(['1', 'true']).optional(),
  open: z.enum(['1', 'true']).optional(),
});

export const RequestItem = z.object({
  id: z.string(), number: z.string(), title: z.string(), service: z.enum(SERVICE_KINDS), stage: z.enum(REQUEST_STAGES),
  unitId: z.string(), unitName: z.string(), agencyId: z.string().nullable(), agencyName: z.string().nullable(),
  submittedAt: z.string(), dispatchedAt: z.string().nullable(), dueAt: z.string().nullable(), overdue: z.boolean(),
  closedAt: z.string().nullable(), handedBack: z.number().int(), rating: z.number().int().nullable(),
});
export const ServiceRequest = RequestItem.extend({
  regionId: z.string(), detail: z.string(), result: z.string().nullable(), lastHandBack: z.string().nullable(),
  /** the enterprise's reason when it last sent the result back as unsatisfactory */
  lastSendBack: z.string().nullable(),
  timeline: z.array(TimelineEvent),
  /** what the caller may do with it */
  may: z.object({ dispatch: z.boolean(), handle: z.boolean(), rate: z.boolean() }),
});
export const ServiceBoxes = z.object({
  dispatch: z.boolean(),
  inbox: z.array(z.object({ id: z.string(), name: z.string() })),
  mine: z.array(z.object({ id: z.string(), name: z.string() })),
});

/** A region's time limits for the chamber's flows (case_stage_limits): the flows with the stages that have a clock. */
export const LIMIT_KINDS = ['mediation', 'service_request'] as const;
export const StageLimitIn = z.strictObject({ stage: z.string().min(1).max(40), days: z.number().int().min(1).max(365), workingDays: z.boolean() });
export const StageLimitsQuery = z.object({ regionId: z.uuid() });
export const StageLimitsIn = z.strictObject({ regionId: z.uuid(), kind: z.enum(LIMIT_KINDS), limits: z.array(StageLimitIn).max(10) });
export const StageLimit = z.object({
  stage: z.string(), days: z.number(), workingDays: z.boolean(),
  /** the flow's own limit (used when the region sets none) */
  defaultDays: z.number(), defaultWorkingDays: z.boolean(), configured: z.boolean(),
});
export const StageLimits = z.object({ kind: z.enum(LIMIT_KINDS), stages: z.array(StageLimit), may: z.object({ edit: z.boolean() }) });
