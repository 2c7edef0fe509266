import multipart from '@fastify/multipart';
import { z } from 'zod';
import { pageOf } from '../../../shared/api.ts';
import {
  ClaimBody, DeclineBody, DirectClaimBody, DispatchListQuery, InboxItem, Need, NeedBatch, NeedCreate, NeedDetail, NeedDispatchCreate, NeedFigures,
  NeedImportResult, NeedListQuery, NeedMerge, NeedReview, NeedUpdate, RatingBody, ResultCreate, WithdrawClaimBody,
} from '../../../shared/cobuild.ts';
import { actorOf, principalOf, typed, type App, type Ctx } from '../../platform/context.ts';
import { MAX_UPLOAD_BYTES } from '../../platform/uploads.ts';
import { sendXlsx } from '../../platform/xlsx.ts';
import { claimDirect, claimDispatch, declineDispatch, dispatchNeed, listInbox, markSeen, withdrawClaim } from './dispatches.ts';
import { importNeeds, needsTemplate, needsXlsx } from './needs-xlsx.ts';
import { batchNeeds, createNeed, listNeeds, mergeNeed, needDetail, needFigures, publishNeed, reviewNeed, updateNeed } from './needs.ts';
import { meetingRoutes } from './meetings-routes.ts';
import { coprojectRoutes } from './projects-routes.ts';
import { resourceRoutes } from './resources-routes.ts';
import { confirmNeed, rateNeed, recordResult } from './results.ts';

const IdParams = z.object({ id: z.uuid() });

export async function cobuildRoutes(app: App, { ctx }: { ctx: Ctx }): Promise<void> {
  await app.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10 } });
  const r = typed(app);
  const tags = ['cobuild'];
  meetingRoutes(app, ctx);
  resourceRoutes(app, ctx);
  coprojectRoutes(app, ctx);

  r.get('/api/v1/needs', {
    schema: { tags, summary: 'Needs I may see (the office: its joint meeting\'s; a party: its own; a recipient: those dispatched to it)', querystring: NeedListQuery, response: { 200: pageOf(Need) } },
  }, async (req) => listNeeds(ctx, principalOf(req), req.query));

  r.get('/api/v1/needs/export.xlsx', {
    schema: { tags, summary: 'The filtered needs list as xlsx', querystring: NeedListQuery },
  }, async (req, reply) => sendXlsx(reply, await needsXlsx(ctx, principalOf(req), req.query), 'needs.xlsx'));

  r.get('/api/v1/needs/template.xlsx', {
    schema: { tags, summary: 'The blank sheet the needs import reads' },
  }, async (_req, reply) => sendXlsx(reply, await needsTemplate(), 'needs-template.xlsx'));

  r.post('/api/v1/needs/import', {
    schema: {
      tags, summary: 'Import needs collected on paper (multipart: allianceId, file); all rows or none, every problem of every row reported',
      response: { 201: NeedImportResult },
    },
  }, async (req, reply) => reply.status(201).send(await importNeeds(ctx, actorOf(req), req)));

  r.get('/api/v1/needs/figures', {
    schema: { tags, summary: 'Needs raised, settled, days to settle, satisfaction and placements, from the records', querystring: z.strictObject({ allianceId: z.uuid().optional() }), response: { 200: NeedFigures } },
  }, async (req) => needFigures(ctx, principalOf(req), req.query));

  r.post('/api/v1/needs', {
    schema: { tags, summary: 'Raise a need (the office for any party of its region; a liaison or secretary for its own unit or org)', body: NeedCreate, response: { 201: NeedDetail } },
  }, async (req, reply) => reply.status(201).send(await createNeed(ctx, actorOf(req), req.body)));

  r.post('/api/v1/needs/batch', {
    schema: { tags, summary: 'Accept or publish several needs at once (all or none)', body: NeedBatch, response: { 200: z.object({ updated: z.number().int() }) } },
  }, async (req) => batchNeeds(ctx, actorOf(req), req.body));

  r.get('/api/v1/needs/:id', {
    schema: { tags, summary: 'A need with its dispatches, claims and results', params: IdParams, response: { 200: NeedDetail } },
  }, async (req) => needDetail(ctx.db, principalOf(req), req.params.id));

  r.patch('/api/v1/needs/:id', {
    schema: { tags, summary: 'Change a need (the office until settled; its party while it waits for review)', params: IdParams, body: NeedUpdate, response: { 200: NeedDetail } },
  }, async (req) => updateNeed(ctx, actorOf(req), req.params.id, req.body));

  r.post('/api/v1/needs/:id/review', {
    schema: { tags, summary: 'Accept a submitted need, or reject it with a reason', params: IdParams, body: NeedReview, response: { 200: NeedDetail } },
  }, async (req) => reviewNeed(ctx, actorOf(req), req.params.id, req.body));

  r.post('/api/v1/needs/:id/merge', {
    schema: { tags, summary: 'Close a duplicate need as merged into another of the same joint meeting', params: IdParams, body: NeedMerge, response: { 200: NeedDetail } },
  }, async (req) => mergeNeed(ctx, actorOf(req), req.params.id, req.body));

  r.post('/api/v1/needs/:id/publish', {
    schema: { tags, summary: 'Publish an accepted need', params: IdParams, response: { 200: NeedDetail } },
  }, async (req) => publishNeed(ctx, actorOf(req), req.params.id));

  r.post('/api/v1/needs/:id/dispatches', {
    schema: {
      tags, summary: 'Dispatch a published need to orgs and units of its region (or every village and community at once)', params: IdParams, body: NeedDispatchCreate,
      response: { 200: z.object({ added: z.number().int(), skipped: z.number().int(), need: NeedDetail }) },
    },
  }, async (req) => dispatchNeed(ctx, actorOf(req), req.params.id, req.body));

  r.post('/api/v1/needs/:id/claims', {
    schema: { tags, summary: 'Claim slots of a need shown to my alliance or region, for an org or unit I answer for', params: IdParams, body: DirectClaimBody, response: { 200: NeedDetail } },
  }, async (req) => claimDirect(ctx, actorOf(req), req.params.id, req.body));

  r.post('/api/v1/needs/:id/results', {
    schema: { tags, summary: 'Record the result of a claimed slot (a placement: person, start date, employer)', params: IdParams, body: ResultCreate, response: { 201: NeedDetail } },
  }, async (req, reply) => reply.status(201).send(await recordResult(ctx, actorOf(req), req.params.id, req.body)));

  r.post('/api/v1/needs/:id/confirm', {
    schema: { tags, summary: 'The party confirms the results: the need is settled', params: IdParams, response: { 200: NeedDetail } },
  }, async (req) => confirmNeed(ctx, actorOf(req), req.params.id));

  r.post('/api/v1/needs/:id/rating', {
    schema: { tags, summary: 'The party rates a settled need 1–5', params: IdParams, body: RatingBody, response: { 200: NeedDetail } },
  }, async (req) => rateNeed(ctx, actorOf(req), req.params.id, req.body));

  r.get('/api/v1/need-dispatches', {
    schema: { tags, summary: 'The dispatches I answer for (a secretary\'s or liaison\'s inbox)', querystring: DispatchListQuery, response: { 200: pageOf(InboxItem) } },
  }, async (req) => listInbox(ctx, principalOf(req), req.query));

  r.post('/api/v1/need-dispatches/:id/seen', {
    schema: { tags, summary: 'Mark a dispatch seen', params: IdParams, response: { 200: NeedDetail } },
  }, async (req) => markSeen(ctx, actorOf(req), req.params.id));

  r.post('/api/v1/need-dispatches/:id/claim', {
    schema: { tags, summary: 'Claim slots through a dispatch (409 NO_SLOTS_LEFT when fewer are left)', params: IdParams, body: ClaimBody, response: { 200: NeedDetail } },
  }, async (req) => claimDispatch(ctx, actorOf(req), req.params.id, req.body.slots));

  r.post('/api/v1/need-dispatches/:id/decline', {
    schema: { tags, summary: 'Decline a dispatch with a reason (before claiming)', params: IdParams, body: DeclineBody, response: { 200: NeedDetail } },
  }, async (req) => declineDispatch(ctx, actorOf(req), req.params.id, req.body.reason));

  r.post('/api/v1/need-claims/:id/withdraw', {
    schema: { tags, summary: 'Withdraw a claim with a reason while none of its slots has a result (its slots go back to the need)', params: IdParams, body: WithdrawClaimBody, response: { 200: NeedDetail } },
  }, async (req) => withdrawClaim(ctx, actorOf(req), req.params.id, req.body.reason));
}
