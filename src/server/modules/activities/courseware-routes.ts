import { Readable } from 'node:stream';
import { z } from 'zod';
import { Ok, pageOf } from '../../../shared/api.ts';
import {
  Courseware, CoursewareCreate, CoursewareLearner, CoursewareLearnersQuery, CoursewareListQuery, CoursewareStats, CoursewareUpdate, MyCourseware, ProgressBody, ProgressResult,
} from '../../../shared/activities.ts';
import { actorOf, principalOf, typed, type App } from '../../platform/context.ts';
import { sendStoredFile } from '../../platform/files.ts';
import type { Ctx } from './common.ts';
import {
  coursewareLearners, coursewareStats, createCourseware, deleteCourseware, fileFor, FILE_TYPES, getCourseware, listCourseware, myCourseware, recordProgress,
  setArchived, updateCourseware, uploadFile,
} from './courseware.ts';

const tags = ['courseware'];
const IdParams = z.object({ id: z.uuid() });

export async function coursewareRoutes(app: App, opts: { ctx: Ctx }): Promise<void> {
  const { ctx } = opts;
  const { config } = ctx;
  const { uploadDir } = config;
  const r = typed(app);
  // PDF and video uploads stream to disk (this plugin only); the service caps the size
  app.addContentTypeParser(Object.keys(FILE_TYPES), (_req, payload, done) => done(null, payload));

  r.get('/api/v1/courseware', {
    schema: { tags, summary: 'The courseware library (staff), with views and completions; archived items with ?archived=true|all', querystring: CoursewareListQuery, response: { 200: pageOf(Courseware) } },
  }, async (req) => listCourseware(ctx, principalOf(req), req.query));

  r.post('/api/v1/courseware', {
    schema: { tags, summary: 'Add courseware (a link, or a PDF/video whose file is uploaded next)', body: CoursewareCreate, response: { 201: Courseware } },
  }, async (req, reply) => reply.status(201).send(await createCourseware(ctx, actorOf(req), req.body)));

  r.get('/api/v1/courseware/stats', {
    schema: { tags, summary: 'Views and completions per organisation', querystring: z.strictObject({ regionId: z.uuid() }), response: { 200: CoursewareStats } },
  }, async (req) => coursewareStats(ctx, principalOf(req), req.query.regionId));

  r.get('/api/v1/courseware/:id', {
    schema: { tags, summary: 'One courseware item', params: IdParams, response: { 200: Courseware } },
  }, async (req) => getCourseware(ctx, principalOf(req), req.params.id));

  r.get('/api/v1/courseware/:id/learners', {
    schema: {
      tags, summary: 'Who opened this item: the members in the caller’s scope, with views and completion (staff)',
      params: IdParams, querystring: CoursewareLearnersQuery, response: { 200: pageOf(CoursewareLearner) },
    },
  }, async (req) => coursewareLearners(ctx, principalOf(req), req.params.id, req.query));

  r.patch('/api/v1/courseware/:id', {
    schema: { tags, summary: 'Edit title, description, tags, length, and a link’s address (activities.write on its organisation)', params: IdParams, body: CoursewareUpdate, response: { 200: Courseware } },
  }, async (req) => updateCourseware(ctx, actorOf(req), req.params.id, req.body));

  r.post('/api/v1/courseware/:id/archive', {
    schema: { tags, summary: 'Archive: no longer offered to members; still listed for staff and counted in the figures', params: IdParams, response: { 200: Courseware } },
  }, async (req) => setArchived(ctx, actorOf(req), req.params.id, true));

  r.post('/api/v1/courseware/:id/restore', {
    schema: { tags, summary: 'Restore an archived item: offered to members again', params: IdParams, response: { 200: Courseware } },
  }, async (req) => setArchived(ctx, actorOf(req), req.params.id, false));

  r.delete('/api/v1/courseware/:id', {
    schema: { tags, summary: 'Delete an item nobody has opened, with its file (409 COURSEWARE_IN_USE otherwise: archive it)', params: IdParams, response: { 200: Ok } },
  }, async (req) => deleteCourseware(ctx, config, actorOf(req), req.params.id));

  r.put('/api/v1/courseware/:id/file', {
    schema: { tags, summary: 'Upload the file (body: the PDF or video; Content-Type application/pdf, video/mp4 or video/webm)', params: IdParams, querystring: z.strictObject({ name: z.string().max(200).optional() }), response: { 200: Courseware } },
  }, async (req) => {
    const body = req.body as unknown;
    const stream = body instanceof Readable ? body : Readable.from([Buffer.from(typeof body === 'string' ? body : JSON.stringify(body ?? ''))]);
    return uploadFile(ctx, uploadDir, actorOf(req), req.params.id, String(req.headers['content-type'] ?? ''), req.query.name ?? null, stream);
  });

  r.get('/api/v1/courseware/:id/file', {
    schema: { tags, summary: 'Open the file (staff, or a member under the courseware’s organisation)', params: IdParams },
  }, async (req, reply) => {
    const f = await fileFor(ctx, uploadDir, principalOf(req), req.params.id);
    // the browser's own PDF viewer and video player show it, which a sandbox would block
    return sendStoredFile(reply, config, { path: f.file, contentType: f.contentType, fileName: f.fileName, size: f.size, disposition: 'inline', sandbox: false });
  });

  r.get('/api/v1/me/courseware', {
    schema: {
      tags, summary: 'My courseware with my progress',
      response: { 200: z.array(MyCourseware) },
    },
  }, async (req) => myCourseware(ctx, principalOf(req)));

  r.post('/api/v1/me/courseware/:id/progress', {
    schema: { tags, summary: 'I opened (or finished) this courseware', params: IdParams, body: ProgressBody, response: { 200: ProgressResult } },
  }, async (req) => recordProgress(ctx, actorOf(req), req.params.id, req.body.completed ?? false));
}
