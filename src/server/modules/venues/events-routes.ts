import { z } from 'zod';
import {
  EventCheckin, EventLink, EventOfActivity, EventPage, EventRegistration, EventRegistrationList, EventSetup, PublicEvent, PublicRegister,
  PublicCancel, PublicCancelled, PublicRegistered, Taking, TakingCreate, TakingList, TakingsPost, TakingsPosted,
} from '../../../shared/venues-events.ts';
import { idempotencyKeyOf } from '../../platform/ledger/idempotency.ts';
import { actorOf, principalOf, typed, type App, type Ctx } from '../../platform/context.ts';
import { publicRoute } from '../../platform/public-links.ts';
import {
  addTaking, cancelRegistration, checkinByCode, eventOfActivity, listRegistrations, listTakings, postTakings, publicCancel, publicEvent, publicRegister, setEventLink, setupEvent,
} from './events.ts';

const IdParams = z.object({ id: z.uuid() });
const TokenParams = z.object({ token: z.string().max(200) });

/** Events open to units' staff: the organiser's routes (activities.read / .write on the activity) and the public page's. */
export async function eventRoutes(app: App, ctx: Ctx): Promise<void> {
  const r = typed(app);
  const tags = ['venues'];
  // as the plaque and certificate public pages: per IP, PUBLIC_RATE_PER_MINUTE
  const limited = publicRoute(ctx.config);

  r.get('/api/v1/activities/:id/event', {
    schema: { tags, summary: 'The public registration page of a 联谊 activity (null when none is open)', params: IdParams, response: { 200: EventOfActivity } },
  }, async (req) => eventOfActivity(ctx, principalOf(req), req.params.id));
  r.put('/api/v1/activities/:id/event', {
    schema: { tags, summary: 'Open or change the registration page of a 联谊 activity: fields, capacity, units and quotas, fund', params: IdParams, body: EventSetup, response: { 200: EventPage } },
  }, async (req) => setupEvent(ctx, actorOf(req), req.params.id, req.body));
  r.post('/api/v1/event-pages/:id/link', {
    schema: { tags, summary: 'Turn the public link on (a new link) or off (the old one answers 404)', params: IdParams, body: EventLink, response: { 200: EventPage } },
  }, async (req) => setEventLink(ctx, actorOf(req), req.params.id, req.body.on));
  r.get('/api/v1/event-pages/:id/registrations', {
    schema: { tags, summary: 'Registrations: places, the waiting list in order, cancelled', params: IdParams, response: { 200: EventRegistrationList } },
  }, async (req) => listRegistrations(ctx, principalOf(req), req.params.id));
  r.post('/api/v1/event-pages/:id/checkin', {
    schema: { tags, summary: 'Check a registrant in at the door by confirmation code', params: IdParams, body: EventCheckin, response: { 200: EventRegistration } },
  }, async (req) => checkinByCode(ctx, actorOf(req), req.params.id, req.body.code));
  r.post('/api/v1/event-registrations/:id/cancel', {
    schema: { tags, summary: 'Cancel a registration (the waiting list moves up)', params: IdParams, response: { 200: EventRegistration } },
  }, async (req) => cancelRegistration(ctx, actorOf(req), req.params.id));
  r.get('/api/v1/event-pages/:id/takings', {
    schema: { tags, summary: 'Takings of the charity sale, ready to post to the fund', params: IdParams, response: { 200: TakingList } },
  }, async (req) => listTakings(ctx, principalOf(req), req.params.id));
  r.post('/api/v1/event-pages/:id/takings', {
    schema: { tags, summary: 'Record a payment at the charity sale (integer fen)', params: IdParams, body: TakingCreate, response: { 201: Taking } },
  }, async (req, reply) => reply.status(201).send(await addTaking(ctx, actorOf(req), req.params.id, req.body)));

  r.post('/api/v1/event-pages/:id/takings/post', {
    schema: {
      tags, summary: 'Post every taking still ready into a charity fund, one donation each (the organiser who prepares for the fund; Idempotency-Key)',
      params: IdParams, body: TakingsPost, response: { 200: TakingsPosted.extend({ replayed: z.boolean() }) },
    },
  }, async (req) => postTakings(ctx, actorOf(req), idempotencyKeyOf(req), req.params.id, req.body));

  r.get('/api/v1/public/events/:token', {
    config: limited,
    schema: { tags, summary: 'The public registration page\'s event and form (no account)', params: TokenParams, response: { 200: PublicEvent } },
  }, async (req) => publicEvent(ctx, req.params.token));
  r.post('/api/v1/public/events/:token/registrations', {
    config: limited,
    schema: { tags, summary: 'Register through the public link: a place or the waiting list, and a confirmation code', params: TokenParams, body: PublicRegister, response: { 201: PublicRegistered } },
  }, async (req, reply) => reply.status(201).send(await publicRegister(ctx, actorOf(req), req.params.token, req.body)));
  r.post('/api/v1/public/events/:token/cancel', {
    config: limited,
    schema: { tags, summary: 'A registrant cancels their registration by its confirmation code (the place goes to the waiting list)', params: TokenParams, body: PublicCancel, response: { 200: PublicCancelled } },
  }, async (req) => publicCancel(ctx, actorOf(req), req.params.token, req.body.code));
}
