/**
 * Typed calls of the chamber API (people's mediation). Bodies and answers are typed from the shared zod contract,
 * src/shared/chamber.ts (type-only imports: no zod in the web bundle).
 */
import type {
  CaseFile as CaseFileSchema, DISPUTE_TYPES, MEDIATION_SOURCES, MEDIATION_STAGES, MediationAgreementIn, MediationAssign, MediationCase as CaseSchema,
  MediationCreate, MediationExtend, MediationFailure, MediationFigures as FiguresSchema, MediationFollowUp, MediationListItem, MediationListQuery,
  MediationSessionIn, Mediator as MediatorSchema, TermPerformed, TRANSFER_TO,
  Agency as AgencySchema, REQUEST_STAGES, RequestCreate, RequestDispatch, RequestHandBack, RequestItem as RequestItemSchema, RequestListQuery, RequestRate, RequestSendBack,
  RequestReply, SERVICE_KINDS, LIMIT_KINDS, StageLimits as StageLimitsSchema, StageLimitsIn, ServiceBoxes as BoxesSchema, ServiceRequest as RequestSchema,
} from '../../../shared/chamber.ts';
import { everyValue, request, upload, type Body, type Page, type Reply } from '../../api.ts';

export type MediationCase = Reply<typeof CaseSchema>;
export type MediationItem = Reply<typeof MediationListItem>;
export type MediationFigures = Reply<typeof FiguresSchema>;
export type Mediator = Reply<typeof MediatorSchema>;
export type CaseFile = Reply<typeof CaseFileSchema>;
export type DisputeType = (typeof DISPUTE_TYPES)[number];
export type MediationSource = (typeof MEDIATION_SOURCES)[number];
export type MediationStage = (typeof MEDIATION_STAGES)[number];
export type TransferTo = (typeof TRANSFER_TO)[number];
export type MediationQuery = Body<typeof MediationListQuery>;

export const DISPUTE_TYPE_LIST = everyValue<DisputeType>()(['labour', 'contract', 'debt', 'injury', 'neighbourhood', 'other']);
export const SOURCE_LIST = everyValue<MediationSource>()(['application', 'proactive', 'police', 'court', 'government']);
export const STAGE_LIST = everyValue<MediationStage>()(['accepted', 'mediating', 'agreed', 'failed', 'closed']);
export const TRANSFER_LIST = everyValue<TransferTo>()(['court', 'arbitration']);

export type Agency = Reply<typeof AgencySchema>;
export type RequestItem = Reply<typeof RequestItemSchema>;
export type ServiceRequest = Reply<typeof RequestSchema>;
export type ServiceBoxes = Reply<typeof BoxesSchema>;
export type ServiceKind = (typeof SERVICE_KINDS)[number];
export type RequestStage = (typeof REQUEST_STAGES)[number];
export type RequestQuery = Body<typeof RequestListQuery>;
export const SERVICE_LIST = everyValue<ServiceKind>()(['project', 'patent', 'energy_env', 'legal', 'finance', 'talent', 'safety', 'tax', 'permits']);
export const REQUEST_STAGE_LIST = everyValue<RequestStage>()(['accepted', 'dispatched', 'handling', 'replied', 'closed']);

const sr = (id: string) => `/api/v1/service-requests/${id}`;
export const servicesApi = {
  boxes: (signal?: AbortSignal) => request<ServiceBoxes>('/api/v1/service-boxes', { signal }),
  requests: (query: RequestQuery, signal?: AbortSignal) => request<Page<RequestItem>>('/api/v1/service-requests', { query, signal }),
  request: (id: string, signal?: AbortSignal) => request<ServiceRequest>(sr(id), { signal }),
  create: (body: Body<typeof RequestCreate>) => request<ServiceRequest>('/api/v1/service-requests', { method: 'POST', body }),
  dispatch: (id: string, body: Body<typeof RequestDispatch>) => request<ServiceRequest>(`${sr(id)}/dispatch`, { method: 'POST', body }),
  sign: (id: string) => request<ServiceRequest>(`${sr(id)}/sign`, { method: 'POST' }),
  reply: (id: string, body: Body<typeof RequestReply>) => request<ServiceRequest>(`${sr(id)}/reply`, { method: 'POST', body }),
  handBack: (id: string, body: Body<typeof RequestHandBack>) => request<{ ok: true }>(`${sr(id)}/hand-back`, { method: 'POST', body }),
  sendBack: (id: string, body: Body<typeof RequestSendBack>) => request<ServiceRequest>(`${sr(id)}/send-back`, { method: 'POST', body }),
  rate: (id: string, body: Body<typeof RequestRate>) => request<ServiceRequest>(`${sr(id)}/rate`, { method: 'POST', body }),
  agencies: (query: { service?: ServiceKind }, signal?: AbortSignal) => request<Agency[]>('/api/v1/agencies', { query, signal }),
  setCatalogue: (unitId: string, services: { service: ServiceKind; note: string | null }[]) => request<Agency>(`/api/v1/units/${unitId}/services`, { method: 'PUT', body: { services } }),
};

const c = (id: string) => `/api/v1/mediation-cases/${id}`;
export const chamberApi = {
  cases: (query: MediationQuery, signal?: AbortSignal) => request<Page<MediationItem>>('/api/v1/mediation-cases', { query, signal }),
  figures: (query: { orgId?: string }, signal?: AbortSignal) => request<MediationFigures>('/api/v1/mediation-figures', { query, signal }),
  mediators: (orgId: string, signal?: AbortSignal) => request<Mediator[]>('/api/v1/mediation-mediators', { query: { orgId }, signal }),
  case: (id: string, signal?: AbortSignal) => request<MediationCase>(c(id), { signal }),
  create: (body: Body<typeof MediationCreate>) => request<MediationCase>('/api/v1/mediation-cases', { method: 'POST', body }),
  assign: (id: string, body: Body<typeof MediationAssign>) => request<MediationCase>(`${c(id)}/mediators`, { method: 'POST', body }),
  session: (id: string, body: Body<typeof MediationSessionIn>) => request<MediationCase>(`${c(id)}/sessions`, { method: 'POST', body }),
  extend: (id: string, body: Body<typeof MediationExtend>) => request<MediationCase>(`${c(id)}/extension`, { method: 'POST', body }),
  agreement: (id: string, body: Body<typeof MediationAgreementIn>) => request<MediationCase>(`${c(id)}/agreement`, { method: 'POST', body }),
  performed: (id: string, body: Body<typeof TermPerformed>) => request<MediationCase>(`${c(id)}/agreement/performed`, { method: 'POST', body }),
  failure: (id: string, body: Body<typeof MediationFailure>) => request<MediationCase>(`${c(id)}/failure`, { method: 'POST', body }),
  followUp: (id: string, body: Body<typeof MediationFollowUp>) => request<MediationCase>(`${c(id)}/follow-up`, { method: 'POST', body }),
  close: (id: string) => request<MediationCase>(`${c(id)}/close`, { method: 'POST' }),
  upload: (id: string, file: File) => {
    const form = new FormData();
    form.append('file', file);
    return upload<CaseFile>(`${c(id)}/files`, { body: form });
  },
  agreementPdfUrl: (id: string) => `${c(id)}/agreement.pdf`,
  fileUrl: (fileId: string) => `/api/v1/case-files/${fileId}`,
};

export type StageLimits = Reply<typeof StageLimitsSchema>;
export type LimitKind = (typeof LIMIT_KINDS)[number];
export const limitsApi = {
  get: (regionId: string, signal?: AbortSignal) => request<StageLimits[]>(`/api/v1/case-stage-limits?regionId=${regionId}`, { signal }),
  set: (body: Body<typeof StageLimitsIn>) => request<StageLimits>('/api/v1/case-stage-limits', { method: 'PUT', body }),
};
