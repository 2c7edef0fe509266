/** Typed calls of the resources list (资源清单), from the shared contract src/shared/cobuild-resources.ts (types only). */
import type {
  NeedResources as NeedResourcesSchema, Resource as ResourceSchema, ResourceCreate, ResourceListQuery, ResourceNeeds as ResourceNeedsSchema, ResourceUpdate,
} from '../../../shared/cobuild-resources.ts';
import { request, upload, withQuery, type Body, type Reply } from '../../api.ts';

export type Resource = Reply<typeof ResourceSchema>;
export type NeedResources = Reply<typeof NeedResourcesSchema>;
export type ResourceNeeds = Reply<typeof ResourceNeedsSchema>;

export const resourcesApi = {
  list: (query: Body<typeof ResourceListQuery>, signal?: AbortSignal) => request<Resource[]>('/api/v1/resources', { query, signal }),
  create: (body: Body<typeof ResourceCreate>) => request<Resource>('/api/v1/resources', { method: 'POST', body }),
  update: (id: string, body: Body<typeof ResourceUpdate>) => request<Resource>(`/api/v1/resources/${id}`, { method: 'PATCH', body }),
  forNeed: (needId: string, signal?: AbortSignal) => request<NeedResources>(`/api/v1/needs/${needId}/resources`, { signal }),
  needsOf: (id: string, signal?: AbortSignal) => request<ResourceNeeds>(`/api/v1/resources/${id}/needs`, { signal }),
  exportUrl: (query: Body<typeof ResourceListQuery>) => withQuery('/api/v1/resources/export.xlsx', query),
  templateUrl: () => '/api/v1/resources/template.xlsx',
  importFile: (file: File, allianceId: string) => {
    const form = new FormData();
    form.append('allianceId', allianceId);
    form.append('file', file);
    return upload<{ created: number }>('/api/v1/resources/import', { body: form });
  },
  link: (needId: string, resourceId: string) => request<NeedResources>(`/api/v1/needs/${needId}/resources`, { method: 'POST', body: { resourceId } }),
};
