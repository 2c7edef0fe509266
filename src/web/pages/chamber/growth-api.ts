/** Typed calls of mentoring, talent and investment records and of the workflow charts (src/shared/chamber-growth.ts, chamber-workflow.ts; type-only imports). */
import type {
  GrowthFigures as FiguresSchema, Investment as InvestmentSchema, InvestmentIn, InvestmentListQuery, MentoringListQuery, MentoringPair as PairSchema,
  MentoringPairIn, MentoringPairUpdate, Placement as PlacementSchema, PlacementIn, PlacementListQuery, Talent as TalentSchema, TalentQuery, PlacementUpdate, InvestmentUpdate,
  SchoolPartner as SchoolSchema, SchoolPartnerIn, SchoolPartnerListQuery, SchoolPartnerUpdate,
} from '../../../shared/chamber-growth.ts';
import type { Workflow as WorkflowSchema, WorkflowCode, WorkflowPut } from '../../../shared/chamber-workflow.ts';
import { everyValue, request, type Body, type Page, type Reply } from '../../api.ts';

export type MentoringPair = Reply<typeof PairSchema>;
export type Placement = Reply<typeof PlacementSchema>;
export type SchoolPartner = Reply<typeof SchoolSchema>;
export type Investment = Reply<typeof InvestmentSchema>;
export type Talent = Reply<typeof TalentSchema>;
export type GrowthFigures = Reply<typeof FiguresSchema>;
export type Workflow = Reply<typeof WorkflowSchema>;
export type WorkflowBody = Body<typeof WorkflowPut>;
export const OUTCOME_LIST = everyValue<MentoringPair['outcome']>()(['ongoing', 'took_over']);
export const PLACEMENT_KIND_LIST = everyValue<Placement['kind']>()(['student', 'technician']);
export const INVESTMENT_KIND_LIST = everyValue<Investment['kind']>()(['introduced', 'joint_venture', 'branch']);
/** the member-record tags the roster counts (as src/shared/chamber-growth.ts TALENT_TAGS) */
export const TALENT_TAGS = { owner: '企业主', technician: '技术骨干' } as const;

const qs = (q: Record<string, string | number | undefined>) =>
  new URLSearchParams(Object.entries(q).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => [k, String(v)])).toString();

export const growthApi = {
  pairs: (query: Body<typeof MentoringListQuery>, signal?: AbortSignal) => request<Page<MentoringPair>>('/api/v1/mentoring-pairs', { query, signal }),
  pairsXlsxUrl: (q: Record<string, string | number | undefined>) => `/api/v1/mentoring-pairs.xlsx?${qs(q)}`,
  createPair: (body: Body<typeof MentoringPairIn>) => request<MentoringPair>('/api/v1/mentoring-pairs', { method: 'POST', body }),
  updatePair: (id: string, body: Body<typeof MentoringPairUpdate>) => request<MentoringPair>(`/api/v1/mentoring-pairs/${id}`, { method: 'PATCH', body }),
  deletePair: (id: string) => request<{ ok: true }>(`/api/v1/mentoring-pairs/${id}`, { method: 'DELETE' }),
  updatePlacement: (id: string, body: Body<typeof PlacementUpdate>) => request<Placement>(`/api/v1/talent-placements/${id}`, { method: 'PUT', body }),
  deletePlacement: (id: string) => request<{ ok: true }>(`/api/v1/talent-placements/${id}`, { method: 'DELETE' }),
  updateInvestment: (id: string, body: Body<typeof InvestmentUpdate>) => request<Investment>(`/api/v1/investment-records/${id}`, { method: 'PUT', body }),
  deleteInvestment: (id: string) => request<{ ok: true }>(`/api/v1/investment-records/${id}`, { method: 'DELETE' }),
  schools: (query: Body<typeof SchoolPartnerListQuery>, signal?: AbortSignal) => request<Page<SchoolPartner>>('/api/v1/school-partners', { query, signal }),
  createSchool: (body: Body<typeof SchoolPartnerIn>) => request<SchoolPartner>('/api/v1/school-partners', { method: 'POST', body }),
  updateSchool: (id: string, body: Body<typeof SchoolPartnerUpdate>) => request<SchoolPartner>(`/api/v1/school-partners/${id}`, { method: 'PUT', body }),
  deleteSchool: (id: string) => request<{ ok: true }>(`/api/v1/school-partners/${id}`, { method: 'DELETE' }),
  placements: (query: Body<typeof PlacementListQuery>, signal?: AbortSignal) => request<Page<Placement>>('/api/v1/talent-placements', { query, signal }),
  placementsXlsxUrl: (q: Record<string, string | number | undefined>) => `/api/v1/talent-placements.xlsx?${qs(q)}`,
  createPlacement: (body: Body<typeof PlacementIn>) => request<Placement>('/api/v1/talent-placements', { method: 'POST', body }),
  investments: (query: Body<typeof InvestmentListQuery>, signal?: AbortSignal) => request<Page<Investment>>('/api/v1/investment-records', { query, signal }),
  investmentsXlsxUrl: (q: Record<string, string | number | undefined>) => `/api/v1/investment-records.xlsx?${qs(q)}`,
  createInvestment: (body: Body<typeof InvestmentIn>) => request<Investment>('/api/v1/investment-records', { method: 'POST', body }),
  talents: (query: Body<typeof TalentQuery>, signal?: AbortSignal) => request<Page<Talent>>('/api/v1/growth-talents', { query, signal }),
  figures: (orgId: string, signal?: AbortSignal) => request<GrowthFigures>('/api/v1/growth-figures', { query: { orgId }, signal }),
  workflows: (regionId: string, signal?: AbortSignal) => request<{ items: Workflow[] }>('/api/v1/workflows', { query: { regionId }, signal }),
  putWorkflow: (code: WorkflowCode, body: WorkflowBody) => request<Workflow>(`/api/v1/workflows/${code}`, { method: 'PUT', body }),
};
