/** Typed calls of the projects list (项目清单), from the shared contract src/shared/cobuild-projects.ts (types only). */
import type { Coproject as CoprojectSchema, CoprojectCreate, CoprojectListQuery, CoprojectUpdate } from '../../../shared/cobuild-projects.ts';
import { request, type Body, type Reply } from '../../api.ts';

export type Coproject = Reply<typeof CoprojectSchema>;

export const coprojectsApi = {
  list: (query: Body<typeof CoprojectListQuery>, signal?: AbortSignal) => request<Coproject[]>('/api/v1/cobuild-projects', { query, signal }),
  create: (body: Body<typeof CoprojectCreate>) => request<Coproject>('/api/v1/cobuild-projects', { method: 'POST', body }),
  update: (id: string, body: Body<typeof CoprojectUpdate>) => request<Coproject>(`/api/v1/cobuild-projects/${id}`, { method: 'PATCH', body }),
};
