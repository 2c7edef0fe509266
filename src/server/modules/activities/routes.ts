import { z } from 'zod';
import { Ok, pageOf } from '../../../shared/api.ts';
import {
  Activity, ActivityCreate, ActivityExportQuery, ActivityListQuery, ActivityUpdate, Attendee, AttendeeUpdate, CheckinByCode, CheckinResult, CheckinTick,
  RatingBody, Series, SeriesCreate, SeriesListQuery, SignupResult,
} from '../../../shared/activities.ts';
import { actorOf, principalOf, typed, type App } from '../../platform/context.ts';
import { localeOf } from '../../platform/errors.ts';
import { sendXlsx } from '../../platform/xlsx.ts';
import { activitiesWorkbook, signInSheet } from './exports.ts';
import {
  checkinCode, createActivity, createSeries, findActivity, activityCounts, listActivities, listAttendees, listSeries, selfActivity,
  selfCancelSignup, selfCheckin, selfRate, selfSignup, tickCheckins, toActivity, updateActivity, updateAttendee,
} from './activities.ts';
import type { Ctx } from './common.ts';
import { complianceRoutes } from './compliance-routes.ts';
import { coursewareRoutes } from './courseware-routes.ts';
import { lectureRoutes } from './lecture-routes.ts';
import { meRoutes } from './me-routes.ts';
import { photoRoutes } from './photos.ts';
import { quizRoutes } from './quiz-routes.ts';

const IdParams = z.object({ id: z.uuid() });
const tags = ['activities'];

export async function activitiesRoutes(app: App, { ctx }: { ctx: Ctx }): Promise<void> {
  const r = typed(app);

  r.get('/api/v1/activities.xlsx', {
    schema: { tags, summary: 'The activities the list shows for these filters, with attendance, as xlsx; ids: only those selected rows', querystring: ActivityExportQuery },
  }, async (req, reply) => sendXlsx(reply, await activitiesWorkbook(ctx, principalOf(req), req.query, localeOf(req)), 'activities.xlsx'));

  r.get('/api/v1/activities/:id/sign-in-sheet.xlsx', {
    schema: { tags, summary: 'The sign-in sheet (签到表) to print: attendees, check-in times, a column to sign', params: IdParams },
  }, async (req, reply) => sendXlsx(reply, await signInSheet(ctx, principalOf(req), req.params.id, localeOf(req)), `sign-in-${req.params.id}.xlsx`));

  r.get('/api/v1/activities', {
    schema: { tags, summary: 'Activities in my scope', querystring: ActivityListQuery, response: { 200: pageOf(Activity) } },
  }, async (req) => listActivities(ctx, principalOf(req), req.query));

  r.post('/api/v1/activities', {
    schema: { tags, summary: 'Create an activity (expected attendees default to the org’s members)', body: ActivityCreate, response: { 201: Activity } },
  }, async (req, reply) => reply.status(201).send(await createActivity(ctx, actorOf(req), req.body)));

  r.get('/api/v1/activities/:id', {
    schema: { tags, summary: 'One activity with counts', params: IdParams, response: { 200: Activity } },
  }, async (req) => {
    const l = await findActivity(ctx.db, principalOf(req), req.params.id);
    return toActivity(l, ctx.now(), await activityCounts(ctx.db, l.a.regionId, l.a.id));
  });

  r.patch('/api/v1/activities/:id', {
    schema: { tags, summary: 'Update an activity (minutes, photos, status, times…)', params: IdParams, body: ActivityUpdate, response: { 200: Activity } },
  }, async (req) => updateActivity(ctx, actorOf(req), req.params.id, req.body));

  r.get('/api/v1/activities/:id/attendees', {
    schema: { tags, summary: 'Expected, signed-up and checked-in people', params: IdParams, response: { 200: z.array(Attendee) } },
  }, async (req) => listAttendees(ctx, principalOf(req), req.params.id));

  r.put('/api/v1/activities/:id/attendees/:memberId', {
    schema: {
      tags, summary: 'Add to the list, record an absence reason or service hours', params: z.object({ id: z.uuid(), memberId: z.uuid() }),
      body: AttendeeUpdate, response: { 200: z.object({ memberId: z.string(), serviceHours: z.number().nullable(), absenceReason: z.string().nullable(), expected: z.boolean() }) },
    },
  }, async (req) => updateAttendee(ctx, actorOf(req), req.params.id, req.params.memberId, req.body));

  r.post('/api/v1/activities/:id/checkins', {
    schema: { tags, summary: 'Staff tick names (all or nothing)', params: IdParams, body: CheckinTick, response: { 201: z.array(CheckinResult) } },
  }, async (req, reply) => reply.status(201).send(await tickCheckins(ctx, actorOf(req), req.params.id, req.body.memberIds)));

  r.get('/api/v1/activities/:id/checkin-code', {
    schema: { tags, summary: 'The code behind the activity’s QR code (staff only)', params: IdParams, response: { 200: z.object({ code: z.string(), path: z.string(), opensAt: z.string(), closesAt: z.string() }) } },
  }, async (req) => checkinCode(ctx, principalOf(req), req.params.id));

  r.get('/api/v1/activity-series', {
    schema: { tags, summary: 'Series with their counts', querystring: SeriesListQuery, response: { 200: z.array(Series) } },
  }, async (req) => listSeries(ctx, principalOf(req), req.query.regionId));

  r.post('/api/v1/activity-series', {
    schema: { tags, summary: 'Create a series', body: SeriesCreate, response: { 201: Series } },
  }, async (req, reply) => reply.status(201).send(await createSeries(ctx, actorOf(req), req.body)));

  // ── a member's own actions (phone) ─────────────────────────────────────────
  r.get('/api/v1/me/activities/:id', {
    schema: { tags, summary: 'An activity I am expected at or may sign up for', params: IdParams, response: { 200: Activity } },
  }, async (req) => selfActivity(ctx, principalOf(req), req.params.id));

  r.post('/api/v1/me/activities/:id/signup', {
    schema: { tags, summary: 'Sign up (or join the waiting list)', params: IdParams, response: { 201: SignupResult } },
  }, async (req, reply) => reply.status(201).send(await selfSignup(ctx, actorOf(req), req.params.id)));

  r.delete('/api/v1/me/activities/:id/signup', {
    schema: { tags, summary: 'Cancel my sign-up (the waiting list moves up)', params: IdParams, response: { 200: Ok } },
  }, async (req) => selfCancelSignup(ctx, actorOf(req), req.params.id));

  r.post('/api/v1/me/activities/:id/checkin', {
    schema: { tags, summary: 'Check in with the code from the QR code', params: IdParams, body: CheckinByCode, response: { 201: CheckinResult } },
  }, async (req, reply) => reply.status(201).send(await selfCheckin(ctx, actorOf(req), req.params.id, req.body.code)));

  r.put('/api/v1/me/activities/:id/rating', {
    schema: { tags, summary: 'Rate an activity I attended (1–5)', params: IdParams, body: RatingBody, response: { 200: z.object({ ok: z.literal(true), rating: z.number().nullable() }) } },
  }, async (req) => selfRate(ctx, actorOf(req), req.params.id, req.body.rating, req.body.comment ?? null));


  await app.register(complianceRoutes, { ctx });
  await app.register(quizRoutes, { ctx });
  await app.register(lectureRoutes, { ctx });
  await app.register(coursewareRoutes, { ctx });
  await app.register(meRoutes, { ctx });
  await app.register(photoRoutes, { ctx });
}
