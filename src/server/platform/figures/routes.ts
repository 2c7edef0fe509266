import {
  FigureBreakdown, FigureBreakdownQuery, FigureInfo, FigureKeyParams, FigureRanking, FigureRecords, FigureRecordsQuery, FigureScopeQuery,
  FigureTrend, FigureTrendQuery, FigureValues, FigureValuesQuery,
} from '../../../shared/figures.ts';
import { z } from 'zod';
import { actorOf, principalOf, typed, type App, type Ctx } from '../context.ts';
import { localeOf } from '../errors.ts';
import { sendXlsx } from '../xlsx.ts';
import { catalogue, figureBreakdown, figureRanking, figureRecords, figureRecordsXlsx, figureTrend, figureValues } from './service.ts';

const tags = ['figures'];

/** The figures catalogue (docs/figures.md): every number of every level, each with the records behind it. */
export async function figureRoutes(app: App, { ctx }: { ctx: Ctx }): Promise<void> {
  const r = typed(app);
  r.get('/api/v1/figures', {
    schema: { tags, summary: 'The figures catalogue: key, label, definition, unit, columns and dimensions of every figure', response: { 200: z.array(FigureInfo) } },
  }, async (req) => catalogue(localeOf(req)));
  r.get('/api/v1/figures/values', {
    schema: { tags, summary: 'The figures of a level and period the caller may read, with the previous period and the same period last year', querystring: FigureValuesQuery, response: { 200: FigureValues } },
  }, async (req) => figureValues(ctx, principalOf(req), req.query));
  r.get('/api/v1/figures/:key/records', {
    schema: { tags, summary: 'Exactly the records a figure counts on a level and period, a page at a time', params: FigureKeyParams, querystring: FigureRecordsQuery, response: { 200: FigureRecords } },
  }, async (req) => figureRecords(ctx, principalOf(req), req.params.key, req.query, localeOf(req)));
  r.get('/api/v1/figures/:key/records.xlsx', {
    schema: { tags, summary: 'The records behind a figure as xlsx (at most 100,000 rows; audited)', params: FigureKeyParams, querystring: FigureScopeQuery },
  }, async (req, reply) => {
    const x = await figureRecordsXlsx(ctx, actorOf(req), req.params.key, req.query, localeOf(req));
    return sendXlsx(reply, x.file, x.filename, { temporary: true });
  });
  r.get('/api/v1/figures/:key/ranking', {
    schema: { tags, summary: 'The sub-orgs (and an alliance\'s units) of a level ranked by a figure', params: FigureKeyParams, querystring: FigureScopeQuery, response: { 200: FigureRanking } },
  }, async (req) => figureRanking(ctx, principalOf(req), req.params.key, req.query));
  r.get('/api/v1/figures/:key/trend', {
    schema: { tags, summary: 'A figure per month, quarter or year across the period', params: FigureKeyParams, querystring: FigureTrendQuery, response: { 200: FigureTrend } },
  }, async (req) => figureTrend(ctx, principalOf(req), req.params.key, req.query));
  r.get('/api/v1/figures/:key/breakdown', {
    schema: { tags, summary: 'A figure grouped by one of its dimensions', params: FigureKeyParams, querystring: FigureBreakdownQuery, response: { 200: FigureBreakdown } },
  }, async (req) => figureBreakdown(ctx, principalOf(req), req.params.key, req.query, localeOf(req)));
}
