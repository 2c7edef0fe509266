/** Typed calls of the figures catalogue (src/shared/figures.ts, types only): the statistics page, the home dashboard, the big screen and the reports use these. */
import type {
  FigureBreakdown, FigureInfo as FigureInfoSchema, FigureRanking, FigureRecords, FigureScopeQuery, FigureTrend, FigureValues as FigureValuesSchema,
} from '../../../shared/figures.ts';
import { request, withQuery, type Body, type Reply } from '../../api.ts';

export type FigureInfo = Reply<typeof FigureInfoSchema>;
export type FigureValues = Reply<typeof FigureValuesSchema>;
export type FigureScope = Body<typeof FigureScopeQuery>;

export const figuresApi = {
  catalogue: (signal?: AbortSignal) => request<FigureInfo[]>('/api/v1/figures', { signal }),
  values: (scope: FigureScope & { keys?: string; compare?: '0' | '1' }, signal?: AbortSignal) => request<FigureValues>('/api/v1/figures/values', { query: scope, signal }),
  records: (key: string, query: FigureScope & { page?: number; pageSize?: number }, signal?: AbortSignal) =>
    request<Reply<typeof FigureRecords>>(`/api/v1/figures/${key}/records`, { query, signal }),
  recordsXlsxUrl: (key: string, scope: FigureScope) => withQuery(`/api/v1/figures/${key}/records.xlsx`, scope),
  ranking: (key: string, scope: FigureScope, signal?: AbortSignal) => request<Reply<typeof FigureRanking>>(`/api/v1/figures/${key}/ranking`, { query: scope, signal }),
  trend: (key: string, scope: FigureScope & { bucket?: 'month' | 'quarter' | 'year' }, signal?: AbortSignal) =>
    request<Reply<typeof FigureTrend>>(`/api/v1/figures/${key}/trend`, { query: scope, signal }),
  breakdown: (key: string, scope: FigureScope & { by: string }, signal?: AbortSignal) =>
    request<Reply<typeof FigureBreakdown>>(`/api/v1/figures/${key}/breakdown`, { query: scope, signal }),
};
