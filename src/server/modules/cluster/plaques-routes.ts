import { z } from 'zod';
import { pageOf } from '../../../shared/api.ts';
import {
  Campaign, CampaignCreate, CampaignProgress, Household, HouseholdCreate, HouseholdListQuery, LevelUpdate, PlaquePdfQuery, PublicPlaque,
} from '../../../shared/cluster.ts';
import { actorOf, principalOf, typed, type App, type Ctx } from '../../platform/context.ts';
import { localeOf } from '../../platform/errors.ts';
import { publicRoute } from '../../platform/public-links.ts';
import { sendXlsx } from '../../platform/xlsx.ts';
import { householdsXlsx } from './exports.ts';
import { importHouseholds } from './plaques-import.ts';
import {
  campaignProgress, createCampaign, createHousehold, householdOf, listCampaigns, listHouseholds, plaquesPdf, publicPlaqueData,
  publicPlaquePage, setLevel, setToken,
} from './plaques.ts';

const IdParams = z.object({ id: z.uuid() });
const TokenParams = z.object({ token: z.string().max(200) });

export async function plaqueRoutes(app: App, ctx: Ctx): Promise<void> {
  const r = typed(app);
  const tags = ['cluster'];
  const limited = publicRoute(ctx.config);

  r.get('/api/v1/plaque-campaigns', {
    schema: { tags, summary: 'Plaque campaigns in my scope', response: { 200: z.array(Campaign) } },
  }, async (req) => listCampaigns(ctx, principalOf(req)));

  r.post('/api/v1/plaque-campaigns', {
    schema: { tags, summary: 'Start a plaque campaign', body: CampaignCreate, response: { 201: Campaign } },
  }, async (req, reply) => reply.status(201).send(await createCampaign(ctx, actorOf(req), req.body)));

  r.get('/api/v1/plaque-campaigns/:id/progress', {
    schema: { tags, summary: 'Live progress per community', params: IdParams, response: { 200: CampaignProgress } },
  }, async (req) => campaignProgress(ctx, principalOf(req), req.params.id));

  r.get('/api/v1/plaques/export.xlsx', {
    schema: { tags, summary: 'The filtered household list as xlsx (at most 10,000 rows)', querystring: HouseholdListQuery.omit({ page: true, pageSize: true }) },
  }, async (req, reply) => {
    const x = await householdsXlsx(ctx, principalOf(req), req.query, localeOf(req));
    return sendXlsx(reply, x.buffer, x.filename);
  });

  r.get('/api/v1/plaques', {
    schema: { tags, summary: 'Member households in my scope', querystring: HouseholdListQuery, response: { 200: pageOf(Household) } },
  }, async (req) => listHouseholds(ctx, principalOf(req), req.query));

  r.post('/api/v1/plaques', {
    schema: { tags, summary: 'Register a member household', body: HouseholdCreate, response: { 201: Household } },
  }, async (req, reply) => reply.status(201).send(await createHousehold(ctx, actorOf(req), req.body)));

  r.post('/api/v1/plaques/import', {
    schema: {
      tags, summary: 'Import households from xlsx (multipart: file; fields orgId, campaignId?): all or nothing, every problem of every row reported',
      response: { 201: z.object({ created: z.number().int(), rows: z.array(z.object({ row: z.number().int(), id: z.string(), building: z.string(), room: z.string().nullable() })) }) },
    },
  }, async (req, reply) => reply.status(201).send(await importHouseholds(ctx, actorOf(req), req)));

  r.get('/api/v1/plaques/pdf', {
    schema: { tags, summary: 'Printable plaques (A5 PDF, one page per household)', querystring: PlaquePdfQuery },
  }, async (req, reply) => reply.type('application/pdf').header('Content-Disposition', 'attachment; filename="plaques.pdf"')
    .send(await plaquesPdf(ctx, principalOf(req), req.query, `${req.protocol}://${req.host}`)));

  r.get('/api/v1/plaques/:id', {
    schema: { tags, summary: 'One household', params: IdParams, response: { 200: Household } },
  }, async (req) => householdOf(ctx, principalOf(req), req.params.id));

  r.post('/api/v1/plaques/:id/levels', {
    schema: { tags, summary: 'Set a display level (door / board / stair) to pending or done', params: IdParams, body: LevelUpdate, response: { 200: Household } },
  }, async (req) => setLevel(ctx, actorOf(req), req.params.id, req.body));

  r.post('/api/v1/plaques/:id/revoke', {
    schema: { tags, summary: 'Revoke the public link', params: IdParams, response: { 200: Household } },
  }, async (req) => setToken(ctx, actorOf(req), req.params.id, 'revoke'));

  r.post('/api/v1/plaques/:id/reissue', {
    schema: { tags, summary: 'Issue a new public link (the old one stays dead)', params: IdParams, response: { 200: Household } },
  }, async (req) => setToken(ctx, actorOf(req), req.params.id, 'reissue'));

  r.get('/api/v1/public/plaques/:token', {
    config: limited,
    schema: { tags, summary: 'A household\'s public page data (public)', params: TokenParams, response: { 200: PublicPlaque } },
  }, async (req) => publicPlaqueData(ctx, req.params.token));

  r.get('/p/:token', {
    config: limited,
    schema: { tags, summary: 'The page the plaque\'s QR code opens (public, HTML)', params: TokenParams },
  }, async (req, reply) => reply.type('text/html; charset=utf-8').header('Cache-Control', 'no-store')
    .send(await publicPlaquePage(ctx, req.params.token, localeOf(req))));
}
