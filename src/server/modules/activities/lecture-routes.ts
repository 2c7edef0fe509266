import { z } from 'zod';
import {
  LectureFigures, LectureRequest, LectureRequestCreate, LectureSchedule, LectureTeam, LectureTeamCreate, LecturerPut,
} from '../../../shared/activities.ts';
import { actorOf, principalOf, typed, type App } from '../../platform/context.ts';
import type { Ctx } from './common.ts';
import {
  createTeam, declineLecture, getTeam, lectureFigures, listRequests, listTeams, putLecturer, removeLecturer, requestLecture, scheduleLecture,
} from './lectures.ts';

const tags = ['lectures'];
const IdParams = z.object({ id: z.uuid() });
const LecturerParams = z.object({ id: z.uuid(), memberId: z.uuid() });

export async function lectureRoutes(app: App, opts: { ctx: Ctx }): Promise<void> {
  const { ctx } = opts;
  const r = typed(app);

  r.get('/api/v1/lecture-teams', {
    schema: { tags, summary: 'Lecture teams (宣讲团) of my regions', querystring: z.strictObject({ regionId: z.uuid().optional() }), response: { 200: z.array(LectureTeam) } },
  }, async (req) => listTeams(ctx, principalOf(req), req.query.regionId));

  r.post('/api/v1/lecture-teams', {
    schema: { tags, summary: 'Create a lecture team', body: LectureTeamCreate, response: { 201: LectureTeam } },
  }, async (req, reply) => reply.status(201).send(await createTeam(ctx, actorOf(req), req.body)));

  r.get('/api/v1/lecture-teams/:id', {
    schema: { tags, summary: 'A team with its lecturers and topics', params: IdParams, response: { 200: LectureTeam } },
  }, async (req) => getTeam(ctx, principalOf(req), req.params.id));

  r.put('/api/v1/lecture-teams/:id/lecturers/:memberId', {
    schema: { tags, summary: 'Add a lecturer or set their topics', params: LecturerParams, body: LecturerPut, response: { 200: LectureTeam } },
  }, async (req) => putLecturer(ctx, actorOf(req), req.params.id, req.params.memberId, req.body.topics));

  r.delete('/api/v1/lecture-teams/:id/lecturers/:memberId', {
    schema: { tags, summary: 'Remove a lecturer', params: LecturerParams, response: { 200: LectureTeam } },
  }, async (req) => removeLecturer(ctx, actorOf(req), req.params.id, req.params.memberId));

  r.get('/api/v1/lecture-teams/:id/requests', {
    schema: { tags, summary: 'Lecture requests (managers: all; a host branch: its own)', params: IdParams, response: { 200: z.array(LectureRequest) } },
  }, async (req) => listRequests(ctx, principalOf(req), req.params.id));

  r.post('/api/v1/lecture-teams/:id/requests', {
    schema: { tags, summary: 'A host branch requests a lecture', params: IdParams, body: LectureRequestCreate, response: { 201: LectureRequest } },
  }, async (req, reply) => reply.status(201).send(await requestLecture(ctx, actorOf(req), req.params.id, req.body)));

  r.post('/api/v1/lecture-requests/:id/schedule', {
    schema: { tags, summary: 'Schedule a lecturer: creates the 宣讲 activity at the host branch', params: IdParams, body: LectureSchedule, response: { 200: LectureRequest } },
  }, async (req) => scheduleLecture(ctx, actorOf(req), req.params.id, req.body));

  r.post('/api/v1/lecture-requests/:id/decline', {
    schema: { tags, summary: 'Decline a request', params: IdParams, response: { 200: LectureRequest } },
  }, async (req) => declineLecture(ctx, actorOf(req), req.params.id));

  r.get('/api/v1/lecture-teams/:id/figures', {
    schema: { tags, summary: 'Per lecturer (lectures, audience, rating) and per branch (lectures received)', params: IdParams, response: { 200: LectureFigures } },
  }, async (req) => lectureFigures(ctx, principalOf(req), req.params.id));
}
