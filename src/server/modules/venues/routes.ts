import { z } from 'zod';
import { Ok, pageOf } from '../../../shared/api.ts';
import {
  BlackoutCreate, BlackoutCreated, Booking, BookingCreate, BookingDone, BookingListQuery, BookingMove, BookingReject, BookingResult, BookerOptions, SeriesChange, SeriesChangeResult,
  Calendar, CalendarQuery, FiguresQuery, Venue, VenueCreate, VenueFigures, VenueListQuery, VenueUpdate, Visit, VisitCreate, VisitListQuery,
} from '../../../shared/venues.ts';
import { actorOf, principalOf, typed, type App, type Ctx } from '../../platform/context.ts';
import { idempotencyKeyOf } from '../../platform/ledger/idempotency.ts';
import {
  approveSeries, bookingView, cancelBooking, cancelSeries, changeSeries, createBooking, listBookings, moveBooking, ownerStep,
} from './bookings.ts';
import {
  addBlackout, addVisit, bookerOptions, createVenue, deleteBlackout, listVenues, listVisits, updateVenue, venueCalendar, venueFigures, venueView,
} from './venues.ts';
import { eventRoutes } from './events-routes.ts';
import { volunteerRoutes } from './volunteers-routes.ts';

const IdParams = z.object({ id: z.uuid() });
const Count = z.object({ count: z.number().int() });

export async function venuesRoutes(app: App, { ctx }: { ctx: Ctx }): Promise<void> {
  await volunteerRoutes(app, { ctx });
  await eventRoutes(app, ctx);
  const r = typed(app);
  const tags = ['venues'];

  r.get('/api/v1/venue-resources', {
    schema: { tags, summary: 'Shared venues of my regions (or only those I manage)', querystring: VenueListQuery, response: { 200: pageOf(Venue) } },
  }, async (req) => listVenues(ctx, principalOf(req), req.query));
  r.post('/api/v1/venue-resources', {
    schema: { tags, summary: 'Open a shared venue of an org or unit', body: VenueCreate, response: { 201: Venue } },
  }, async (req, reply) => reply.status(201).send(await createVenue(ctx, actorOf(req), req.body)));
  r.get('/api/v1/venue-resources/:id', {
    schema: { tags, summary: 'A shared venue and its booking rules', params: IdParams, response: { 200: Venue } },
  }, async (req) => venueView(ctx, principalOf(req), req.params.id));
  r.patch('/api/v1/venue-resources/:id', {
    schema: { tags, summary: 'Change a venue and its booking rules', params: IdParams, body: VenueUpdate, response: { 200: Venue } },
  }, async (req) => updateVenue(ctx, actorOf(req), req.params.id, req.body));
  r.get('/api/v1/venue-resources/:id/calendar', {
    schema: { tags, summary: 'A venue\'s bookings and closures between two instants (week or month calendar)', params: IdParams, querystring: CalendarQuery, response: { 200: Calendar } },
  }, async (req) => venueCalendar(ctx, principalOf(req), req.params.id, req.query));
  r.get('/api/v1/venue-resources/:id/bookers', {
    schema: { tags, summary: 'The orgs and units I may book this venue for', params: IdParams, response: { 200: BookerOptions } },
  }, async (req) => bookerOptions(ctx, principalOf(req), req.params.id));
  r.post('/api/v1/venue-resources/:id/blackouts', {
    schema: { tags, summary: 'Close a venue for a period (maintenance, own use); over active bookings only with cancelBookings (they are cancelled, their bookers notified)', params: IdParams, body: BlackoutCreate, response: { 201: BlackoutCreated } },
  }, async (req, reply) => reply.status(201).send(await addBlackout(ctx, actorOf(req), req.params.id, req.body)));
  r.delete('/api/v1/venue-blackouts/:id', {
    schema: { tags, summary: 'Remove a closure', params: IdParams, response: { 200: Ok } },
  }, async (req) => deleteBlackout(ctx, actorOf(req), req.params.id));
  r.get('/api/v1/venue-resources/:id/visits', {
    schema: { tags, summary: 'Visits of a venue (visitor counts)', params: IdParams, querystring: VisitListQuery, response: { 200: pageOf(Visit) } },
  }, async (req) => listVisits(ctx, principalOf(req), req.params.id, req.query));
  r.post('/api/v1/venue-resources/:id/visits', {
    schema: { tags, summary: 'Record a walk-in group\'s visit', params: IdParams, body: VisitCreate, response: { 201: Visit } },
  }, async (req, reply) => reply.status(201).send(await addVisit(ctx, actorOf(req), req.params.id, req.body)));
  r.get('/api/v1/venue-resources/:id/figures', {
    schema: { tags, summary: 'Visitors, visits, bookings and no-shows of a venue over a period (default the past year)', params: IdParams, querystring: FiguresQuery, response: { 200: VenueFigures } },
  }, async (req) => venueFigures(ctx, principalOf(req), req.params.id, req.query));

  r.get('/api/v1/venue-bookings', {
    schema: { tags, summary: 'My bookings, or the bookings of the venues I manage (approval queue)', querystring: BookingListQuery, response: { 200: pageOf(Booking) } },
  }, async (req) => listBookings(ctx, principalOf(req), req.query));
  r.post('/api/v1/venue-bookings', {
    schema: {
      tags, summary: 'Book a venue once or weekly (overlaps are refused by the database); an optional Idempotency-Key makes a retry answer the first answer (200)',
      body: BookingCreate, response: { 201: BookingResult, 200: BookingResult },
    },
  }, async (req, reply) => {
    const out = await createBooking(ctx, actorOf(req), req.body, req.headers['idempotency-key'] === undefined ? undefined : idempotencyKeyOf(req));
    return reply.status(out.replayed ? 200 : 201).send(out);
  });
  r.get('/api/v1/venue-bookings/:id', {
    schema: { tags, summary: 'A booking (its booker or the venue\'s manager)', params: IdParams, response: { 200: Booking } },
  }, async (req) => bookingView(ctx, principalOf(req), req.params.id));
  r.post('/api/v1/venue-bookings/:id/move', {
    schema: { tags, summary: 'Move one booking (one occurrence of a weekly booking)', params: IdParams, body: BookingMove, response: { 200: Booking } },
  }, async (req) => moveBooking(ctx, actorOf(req), req.params.id, req.body));
  r.post('/api/v1/venue-bookings/:id/cancel', {
    schema: { tags, summary: 'Cancel one booking (until the cut-off)', params: IdParams, response: { 200: Booking } },
  }, async (req) => cancelBooking(ctx, actorOf(req), req.params.id));
  r.post('/api/v1/venue-bookings/:id/approve', {
    schema: { tags, summary: 'Approve a pending booking (the venue\'s owner)', params: IdParams, response: { 200: Booking } },
  }, async (req) => ownerStep(ctx, actorOf(req), req.params.id, 'approve'));
  r.post('/api/v1/venue-bookings/:id/reject', {
    schema: { tags, summary: 'Reject a pending booking with a reason (the venue\'s owner)', params: IdParams, body: BookingReject, response: { 200: Booking } },
  }, async (req) => ownerStep(ctx, actorOf(req), req.params.id, 'reject', req.body));
  r.post('/api/v1/venue-bookings/:id/check-in', {
    schema: { tags, summary: 'Check a booking in at the venue (the owner)', params: IdParams, response: { 200: Booking } },
  }, async (req) => ownerStep(ctx, actorOf(req), req.params.id, 'checkin'));
  r.post('/api/v1/venue-bookings/:id/no-show', {
    schema: { tags, summary: 'Mark an approved booking nobody came to (the owner)', params: IdParams, response: { 200: Booking } },
  }, async (req) => ownerStep(ctx, actorOf(req), req.params.id, 'no_show'));
  r.post('/api/v1/venue-bookings/:id/done', {
    schema: { tags, summary: 'Close a checked-in booking as used, with its visitor count (the owner)', params: IdParams, body: BookingDone, response: { 200: Booking } },
  }, async (req) => ownerStep(ctx, actorOf(req), req.params.id, 'done', req.body));
  r.post('/api/v1/venue-series/:id/cancel', {
    schema: { tags, summary: 'Cancel what is left of a weekly booking (the booker)', params: IdParams, response: { 200: Count } },
  }, async (req) => cancelSeries(ctx, actorOf(req), req.params.id));
  r.post('/api/v1/venue-series/:id/change', {
    schema: { tags, summary: 'Change the time of day and duration of a weekly booking, from an occurrence onward or all (exceptions kept; per-occurrence conflicts)', params: IdParams, body: SeriesChange, response: { 200: SeriesChangeResult } },
  }, async (req) => changeSeries(ctx, actorOf(req), req.params.id, req.body));
  r.post('/api/v1/venue-series/:id/approve', {
    schema: { tags, summary: 'Approve every pending occurrence of a weekly booking (the owner)', params: IdParams, response: { 200: Count } },
  }, async (req) => approveSeries(ctx, actorOf(req), req.params.id));
}
