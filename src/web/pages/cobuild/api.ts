/** Typed calls of the co-building API (the needs list), from the shared contract src/shared/cobuild.ts (types only). */
import type {
  ClaimBody, DeclineBody, WithdrawClaimBody, DirectClaimBody, DispatchListQuery, DISPATCH_STATUSES, InboxItem as InboxItemSchema, Need as NeedSchema, NeedBatch,
  NEED_CATEGORIES, NeedCreate, NeedDetail as NeedDetailSchema, NeedDispatchCreate, NeedFigures as NeedFiguresSchema, NeedImportResult, NeedListQuery,
  NeedReview, NEED_STATUSES, NeedUpdate, NEED_VISIBILITIES, RatingBody, ResultCreate,
} from '../../../shared/cobuild.ts';
import { everyValue, request, upload, withQuery, type Body, type Page, type Reply } from '../../api.ts';

export type Need = Reply<typeof NeedSchema>;
export type NeedDetail = Reply<typeof NeedDetailSchema>;
export type InboxItem = Reply<typeof InboxItemSchema>;
export type NeedFigures = Reply<typeof NeedFiguresSchema>;
export type NeedQuery = Body<typeof NeedListQuery>;
export type NeedCategory = (typeof NEED_CATEGORIES)[number];
export type NeedStatus = (typeof NEED_STATUSES)[number];
export type NeedVisibility = (typeof NEED_VISIBILITIES)[number];
export type DispatchStatus = (typeof DISPATCH_STATUSES)[number];

export const NEED_CATEGORY_LIST = everyValue<NeedCategory>()(['jobs', 'transport', 'venue', 'training', 'volunteers', 'funds', 'other']);
export const NEED_STATUS_LIST = everyValue<NeedStatus>()(['submitted', 'accepted', 'rejected', 'merged', 'published', 'confirmed', 'rated']);
export const NEED_VISIBILITY_LIST = everyValue<NeedVisibility>()(['alliance', 'region', 'named']);

const post = <T>(path: string, body?: unknown) => request<T>(path, { method: 'POST', body: body ?? {} });

export const cobuildApi = {
  needs: (query: NeedQuery, signal?: AbortSignal) => request<Page<Need>>('/api/v1/needs', { query, signal }),
  need: (id: string, signal?: AbortSignal) => request<NeedDetail>(`/api/v1/needs/${id}`, { signal }),
  figures: (allianceId: string | undefined, signal?: AbortSignal) => request<NeedFigures>('/api/v1/needs/figures', { query: { allianceId }, signal }),
  exportUrl: (query: Omit<NeedQuery, 'page' | 'pageSize'>) => withQuery('/api/v1/needs/export.xlsx', query),
  templateUrl: () => '/api/v1/needs/template.xlsx',
  importNeeds: (file: File, allianceId: string) => {
    const form = new FormData();
    form.append('allianceId', allianceId);
    form.append('file', file);
    return upload<Reply<typeof NeedImportResult>>('/api/v1/needs/import', { body: form });
  },
  createNeed: (body: Body<typeof NeedCreate>) => post<NeedDetail>('/api/v1/needs', body),
  updateNeed: (id: string, body: Body<typeof NeedUpdate>) => request<NeedDetail>(`/api/v1/needs/${id}`, { method: 'PATCH', body }),
  review: (id: string, body: Body<typeof NeedReview>) => post<NeedDetail>(`/api/v1/needs/${id}/review`, body),
  merge: (id: string, needId: string) => post<NeedDetail>(`/api/v1/needs/${id}/merge`, { needId }),
  publish: (id: string) => post<NeedDetail>(`/api/v1/needs/${id}/publish`),
  batch: (body: Body<typeof NeedBatch>) => post<{ updated: number }>('/api/v1/needs/batch', body),
  dispatch: (id: string, body: Body<typeof NeedDispatchCreate>) => post<{ added: number; skipped: number; need: NeedDetail }>(`/api/v1/needs/${id}/dispatches`, body),
  claimDirect: (id: string, body: Body<typeof DirectClaimBody>) => post<NeedDetail>(`/api/v1/needs/${id}/claims`, body),
  recordResult: (id: string, body: Body<typeof ResultCreate>) => post<NeedDetail>(`/api/v1/needs/${id}/results`, body),
  confirm: (id: string) => post<NeedDetail>(`/api/v1/needs/${id}/confirm`),
  rate: (id: string, body: Body<typeof RatingBody>) => post<NeedDetail>(`/api/v1/needs/${id}/rating`, body),
  inbox: (query: Body<typeof DispatchListQuery>, signal?: AbortSignal) => request<Page<InboxItem>>('/api/v1/need-dispatches', { query, signal }),
  seen: (dispatchId: string) => post<NeedDetail>(`/api/v1/need-dispatches/${dispatchId}/seen`),
  claim: (dispatchId: string, body: Body<typeof ClaimBody>) => post<NeedDetail>(`/api/v1/need-dispatches/${dispatchId}/claim`, body),
  decline: (dispatchId: string, body: Body<typeof DeclineBody>) => post<NeedDetail>(`/api/v1/need-dispatches/${dispatchId}/decline`, body),
  withdrawClaim: (claimId: string, body: Body<typeof WithdrawClaimBody>) => post<NeedDetail>(`/api/v1/need-claims/${claimId}/withdraw`, body),
};

/**
 * The alliances a need may be raised in: the joint meetings and the chamber's grids (the kinds that hold meetings,
 * MEETING_ALLIANCE_KINDS on the server), those the reader may see, joint meetings first.
 */
export async function needAlliances(signal?: AbortSignal): Promise<Page<{ id: string; name: string }>> {
  const { directoryApi } = await import('../directory/api.ts');
  const [jm, grids] = await Promise.all(['joint_meeting', 'grid'].map((kind) => directoryApi.alliances({ kind, pageSize: 100 }, signal)));
  const items = [...jm.items, ...grids.items];
  return { items, total: items.length, page: 1, pageSize: items.length };
}
