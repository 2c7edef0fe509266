import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { pageOf } from '../../../shared/api.ts';
import {
  Campaign, CampaignCreate, CampaignProgress, Household, HouseholdCreate, HouseholdListQuery, LevelUpdate, PlaquePdfQuery, PublicPlaque,
} from '../../../shared/cluster.ts';
import { actorOf, principalOf, typed, type App } from '../../platform/context.ts';
import { AppError, localeOf, notFound } from '../../platform/errors.ts';
import { findCjkFonts, plaquePdf } from './plaque-pdf.ts';
import {
  campaignProgress, createCampaign, createHousehold, householdsForPdf, householdView, listCampaigns, listHouseholds, publicPlaque,
  publicPlaquePage, setLevel, setToken,
} from './plaques.ts';
import { publicRate } from './public-rate.ts';

const IdParams = z.object({ id: z.uuid() });
const TokenParams = z.object({ token: z.string().max(200) });

/** Absolute base URL for QR codes: PUBLIC_BASE_URL, else the request's own origin. */
export function publicBase(req: FastifyRequest): string {
  return (process.env.PUBLIC_BASE_URL || `${req.protocol}://${req.host}`).replace(/\/+$/, '');
}

export async function plaqueRoutes(app: App): Promise<void> {
  const { db } = app.deps.database;
  const r = typed(app);
  const tags = ['cluster'];
  const limited = { public: true, rateLimit: { max: publicRate(), timeWindow: 60_000, keyGenerator: (req: FastifyRequest) => req.ip } };

  r.get('/api/v1/plaque-campaigns', {
    schema: { tags, summary: 'Plaque campaigns in my scope', response: { 200: z.array(Campaign) } },
  }, async (req) => listCampaigns(db, principalOf(req)));

  r.post('/api/v1/plaque-campaigns', {
    schema: { tags, summary: 'Start a plaque campaign', body: CampaignCreate, response: { 201: Campaign } },
  }, async (req, reply) => reply.status(201).send(await createCampaign(db, actorOf(req), req.body)));

  r.get('/api/v1/plaque-campaigns/:id/progress', {
    schema: { tags, summary: 'Live progress per community', params: IdParams, response: { 200: CampaignProgress } },
  }, async (req) => campaignProgress(db, principalOf(req), req.params.id));

  r.get('/api/v1/plaques', {
    schema: { tags, summary: 'Member households in my scope', querystring: HouseholdListQuery, response: { 200: pageOf(Household) } },
  }, async (req) => listHouseholds(db, principalOf(req), req.query));

  r.post('/api/v1/plaques', {
    schema: { tags, summary: 'Register a member household', body: HouseholdCreate, response: { 201: Household } },
  }, async (req, reply) => reply.status(201).send(await createHousehold(db, actorOf(req), req.body)));

  r.get('/api/v1/plaques/pdf', {
    schema: { tags, summary: 'Printable plaques (A5 PDF, one page per household)', querystring: PlaquePdfQuery },
  }, async (req, reply) => {
    const fonts = findCjkFonts();
    if (!fonts) throw new AppError(503, 'PLAQUE_FONT_MISSING');
    const list = await householdsForPdf(db, principalOf(req), req.query);
    if (!list.length) throw new AppError(422, 'PLAQUE_PDF_EMPTY');
    const base = publicBase(req);
    const doc = plaquePdf(fonts, list.map((h) => ({ names: h.names, building: h.building, url: `${base}/p/${h.token}` })));
    return reply.type('application/pdf').header('Content-Disposition', 'attachment; filename="plaques.pdf"').send(doc);
  });

  r.get('/api/v1/plaques/:id', {
    schema: { tags, summary: 'One household', params: IdParams, response: { 200: Household } },
  }, async (req) => householdView(db, principalOf(req), req.params.id));

  r.post('/api/v1/plaques/:id/levels', {
    schema: { tags, summary: 'Set a display level (door / board / stair) to pending or done', params: IdParams, body: LevelUpdate, response: { 200: Household } },
  }, async (req) => setLevel(db, actorOf(req), req.params.id, req.body, app.deps.now()));

  r.post('/api/v1/plaques/:id/revoke', {
    schema: { tags, summary: 'Revoke the public link', params: IdParams, response: { 200: Household } },
  }, async (req) => setToken(db, actorOf(req), req.params.id, 'revoke'));

  r.post('/api/v1/plaques/:id/reissue', {
    schema: { tags, summary: 'Issue a new public link (the old one stays dead)', params: IdParams, response: { 200: Household } },
  }, async (req) => setToken(db, actorOf(req), req.params.id, 'reissue'));

  r.get('/api/v1/public/plaques/:token', {
    config: limited,
    schema: { tags, summary: 'A household\'s public page data (public)', params: TokenParams, response: { 200: PublicPlaque } },
  }, async (req) => {
    const d = await publicPlaque(db, req.params.token);
    if (!d) throw notFound();
    return d;
  });

  r.get('/p/:token', {
    config: limited,
    schema: { tags, summary: 'The page the plaque\'s QR code opens (public, HTML)', params: TokenParams },
  }, async (req, reply) => {
    const html = await publicPlaquePage(db, req.params.token, localeOf(req));
    if (html === null) throw notFound();
    return reply.type('text/html; charset=utf-8').header('Cache-Control', 'no-store').send(html);
  });
}
