import rateLimit from '@fastify/rate-limit';
import { z } from 'zod';
import { BigScreen, BigScreenQuery, KioskLink, KioskLinkCreate, KioskListQuery, KioskScreen } from '../../../shared/kiosk.ts';
import { actorOf, principalOf, typed, type App, type Ctx } from '../context.ts';
import { localeOf } from '../errors.ts';
import { publicRoute } from '../public-links.ts';
import { bigScreen, createKioskLink, kioskScreen, listKioskLinks, revokeKioskLink } from './links.ts';

/** The big screen (数据大屏) and its kiosk links (docs/bigscreen.md). */
export async function kioskRoutes(app: App, { ctx }: { ctx: Ctx }): Promise<void> {
  await app.register(rateLimit, { global: false });
  const r = typed(app);
  const tags = ['platform'];

  r.get('/api/v1/bigscreen', {
    schema: { tags, summary: 'A level\'s big screen: headline figures, trends, the sub-orgs by a figure, live feeds (masked), each block with its computedAt', querystring: BigScreenQuery, response: { 200: BigScreen } },
  }, async (req) => bigScreen(ctx, principalOf(req), req.query, localeOf(req)));

  r.get('/api/v1/kiosk-links', {
    schema: { tags, summary: 'The region\'s kiosk links whose level I manage (revoked ones too)', querystring: KioskListQuery, response: { 200: z.array(KioskLink) } },
  }, async (req) => listKioskLinks(ctx, principalOf(req), req.query.regionId));

  r.post('/api/v1/kiosk-links', {
    schema: { tags, summary: 'Create a kiosk link: a level\'s big screen without sign-in, read-only, with my permissions there', body: KioskLinkCreate, response: { 201: KioskLink } },
  }, async (req, reply) => reply.status(201).send(await createKioskLink(ctx, actorOf(req), req.body)));

  r.post('/api/v1/kiosk-links/:id/revoke', {
    schema: { tags, summary: 'Revoke a kiosk link (its token answers 404 from then on)', params: z.object({ id: z.uuid() }), response: { 200: KioskLink } },
  }, async (req) => revokeKioskLink(ctx, actorOf(req), req.params.id));

  r.get('/api/v1/public/kiosk/:token', {
    config: publicRoute(ctx.config),
    schema: { tags, summary: 'A kiosk link\'s big screen (public, rate-limited; 404 when made up or revoked)', params: z.object({ token: z.string().max(200) }), response: { 200: KioskScreen } },
  }, async (req, reply) => reply.header('Cache-Control', 'no-store').send(await kioskScreen(ctx, req.params.token, localeOf(req))));
}
