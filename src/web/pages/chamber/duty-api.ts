/** Typed calls of the responsibility lists and secretary ledgers (src/shared/chamber-duty.ts; type-only imports). */
import type {
  DutyCorrection, DutyEvidence as EvidenceSchema, DutyLedger as LedgerSchema, DutyOverview as OverviewSchema, DutyPublication as PublicationSchema,
  DutyExtraItem, DutyItem as ItemSchema, DutyItemIn, DutyItemEdit, DutyPublish, DutyReviewIn, DutyTemplate as TemplateSchema, DutyTemplatePut,
} from '../../../shared/chamber-duty.ts';
import { request, upload, type Body, type Reply } from '../../api.ts';

export type DutyLedger = Reply<typeof LedgerSchema>;
export type DutyOverview = Reply<typeof OverviewSchema>;
export type DutyLine = DutyLedger['lines'][number];
export type DutyTemplate = Reply<typeof TemplateSchema>;
export type DutyItemBody = Body<typeof DutyItemIn>;
export type DutyItem = Reply<typeof ItemSchema>;

const led = (id: string) => `/api/v1/duty-ledgers/${id}`;
export const dutyApi = {
  overview: (orgId: string, year: number, signal?: AbortSignal) => request<DutyOverview>('/api/v1/duty-overview', { query: { orgId, year }, signal }),
  ledger: (orgId: string, year: number, signal?: AbortSignal) => request<DutyLedger>(led(orgId), { query: { year }, signal }),
  version: (id: string) => request<DutyLedger>(`/api/v1/duty-reports/${id}`),
  publish: (orgId: string, body: Body<typeof DutyPublish>) => request<Reply<typeof PublicationSchema>>(`${led(orgId)}/publications`, { method: 'POST', body }),
  submit: (orgId: string, body: { year: number; note?: string | null }) => request<DutyLedger>(`${led(orgId)}/submit`, { method: 'POST', body }),
  review: (orgId: string, body: Body<typeof DutyReviewIn>) => request<DutyLedger>(`${led(orgId)}/review`, { method: 'POST', body }),
  signOff: (orgId: string, year: number) => request<DutyLedger>(`${led(orgId)}/sign-off`, { method: 'POST', body: { year } }),
  correct: (orgId: string, body: Body<typeof DutyCorrection>) => request<DutyLedger>(`${led(orgId)}/corrections`, { method: 'POST', body }),
  evidence: (orgId: string, year: number, itemId: string, file: File, value = 1) => {
    const form = new FormData();
    form.append('file', file);
    return upload<Reply<typeof EvidenceSchema>>(`${led(orgId)}/evidence`, { body: form, query: { year, itemId, value } });
  },
  template: (orgId: string, year: number, signal?: AbortSignal) => request<DutyTemplate>('/api/v1/duty-templates', { query: { orgId, year }, signal }),
  putTemplate: (body: Body<typeof DutyTemplatePut>) => request<DutyTemplate>('/api/v1/duty-templates', { method: 'PUT', body }),
  editItem: (id: string, body: Body<typeof DutyItemEdit>) => request<Reply<typeof ItemSchema>>(`/api/v1/duty-items/${id}`, { method: 'PUT', body }),
  removeItem: (id: string) => request<{ ok: true }>(`/api/v1/duty-items/${id}`, { method: 'DELETE' }),
  addItem: (body: Body<typeof DutyExtraItem>) => request<Reply<typeof ItemSchema>>('/api/v1/duty-items', { method: 'POST', body }),
  leadOf: (allianceId: string, signal?: AbortSignal) => request<{ leadOrgId: string | null }>(`/api/v1/alliances/${allianceId}`, { signal }),
};
