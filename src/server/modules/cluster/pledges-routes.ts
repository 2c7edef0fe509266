import { z } from 'zod';
import { pageOf } from '../../../shared/api.ts';
import {
  Pledge, PledgeBatchReview, PledgeCategory, PledgeCategoryCreate, PledgeCreate, PledgeListQuery, PledgeReview, PledgeStats, PledgeStatsQuery, PledgeUndo, PledgeUpdate,
} from '../../../shared/cluster.ts';
import { actorOf, principalOf, typed, type App, type Ctx } from '../../platform/context.ts';
import { localeOf } from '../../platform/errors.ts';
import { sendXlsx } from '../../platform/xlsx.ts';
import { pledgesXlsx } from './exports.ts';
import {
  addCategory, categoriesFor, createPledge, listPledges, pledgeStats, pledgeView, reviewPledge, reviewPledges, undoPledgeReviews, updatePledge,
} from './pledges.ts';

const IdParams = z.object({ id: z.uuid() });

export async function pledgeRoutes(app: App, ctx: Ctx): Promise<void> {
  const r = typed(app);
  const tags = ['cluster'];

  r.get('/api/v1/pledge-categories', {
    schema: { tags, summary: 'Pledge categories of a region (built-in and added)', querystring: z.strictObject({ regionId: z.uuid().optional() }), response: { 200: z.array(PledgeCategory) } },
  }, async (req) => categoriesFor(ctx, principalOf(req), req.query.regionId));

  r.post('/api/v1/pledge-categories', {
    schema: { tags, summary: 'Add a pledge category for the region (region admins)', body: PledgeCategoryCreate, response: { 201: PledgeCategory } },
  }, async (req, reply) => reply.status(201).send(await addCategory(ctx, actorOf(req), req.body)));

  r.get('/api/v1/pledges', {
    schema: { tags, summary: 'Pledges in my scope (mine=1: my own)', querystring: PledgeListQuery, response: { 200: pageOf(Pledge) } },
  }, async (req) => listPledges(ctx, principalOf(req), req.query));

  r.get('/api/v1/pledges/export.xlsx', {
    schema: { tags, summary: 'The filtered pledge list as xlsx (at most 10,000 rows)', querystring: PledgeListQuery.omit({ page: true, pageSize: true }) },
  }, async (req, reply) => {
    const x = await pledgesXlsx(ctx, principalOf(req), req.query, localeOf(req));
    return sendXlsx(reply, x.buffer, x.filename);
  });

  r.get('/api/v1/pledges/stats', {
    schema: { tags, summary: 'Pledge figures for an organisation or alliance', querystring: PledgeStatsQuery, response: { 200: PledgeStats } },
  }, async (req) => pledgeStats(ctx, principalOf(req), req.query));

  r.get('/api/v1/pledges/:id', {
    schema: { tags, summary: 'One pledge', params: IdParams, response: { 200: Pledge } },
  }, async (req) => pledgeView(ctx, principalOf(req), req.params.id));

  r.post('/api/v1/pledges', {
    schema: { tags, summary: 'Make a pledge (a member for him/herself, or an org admin for a member in scope)', body: PledgeCreate, response: { 201: Pledge } },
  }, async (req, reply) => reply.status(201).send(await createPledge(ctx, actorOf(req), req.body)));

  r.patch('/api/v1/pledges/:id', {
    schema: { tags, summary: 'Change a pledge still in progress', params: IdParams, body: PledgeUpdate, response: { 200: Pledge } },
  }, async (req) => updatePledge(ctx, actorOf(req), req.params.id, req.body));

  r.post('/api/v1/pledges/:id/review', {
    schema: { tags, summary: 'Review: fulfilled / not fulfilled, with a comment', params: IdParams, body: PledgeReview, response: { 200: Pledge } },
  }, async (req) => reviewPledge(ctx, actorOf(req), req.params.id, req.body));

  r.post('/api/v1/pledges/reviews', {
    schema: { tags, summary: 'Review many pledges at once (all in scope and in progress, or nothing changes)', body: PledgeBatchReview, response: { 200: z.object({ items: z.array(Pledge) }) } },
  }, async (req) => reviewPledges(ctx, actorOf(req), req.body));

  r.post('/api/v1/pledges/reviews/undo', {
    schema: { tags, summary: 'Take reviews back: the pledges return to in progress (all reviewed and in scope, or nothing changes)', body: PledgeUndo, response: { 200: z.object({ items: z.array(Pledge) }) } },
  }, async (req) => undoPledgeReviews(ctx, actorOf(req), req.body));
}
