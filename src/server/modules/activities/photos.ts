/**
 * Photos of an activity, taken on a phone and uploaded (multipart field "file"): JPEG, PNG or WebP by content,
 * at most 10 MB each and 50 per activity. Stored through the platform's attachment store (`platform/uploads.ts`);
 * served only to those who may read the activity. The older `activities.photos` (a list of URLs) is untouched.
 */
import multipart from '@fastify/multipart';
import { and, asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { Ok } from '../../../shared/api.ts';
import { ACTIVITY_PHOTO_TYPES, ActivityPhoto, MAX_ACTIVITY_PHOTOS, PhotoUploadQuery } from '../../../shared/activities.ts';
import type { Config } from '../../config.ts';
import type { DbOrTx } from '../../db/client.ts';
import { audit, type Actor } from '../../platform/audit.ts';
import { actorOf, principalOf, typed, type App } from '../../platform/context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import type { Principal } from '../../platform/scope.ts';
import { sendStoredFile } from '../../platform/files.ts';
import { MAX_UPLOAD_BYTES, receiveFile, removeFile, storeFile, type ReceivedFile } from '../../platform/uploads.ts';
import { findActivity, loadActivity } from './activities.ts';
import { conflictError, type Ctx } from './common.ts';
import { activityPhotos } from './schema.ts';

type PhotoRow = typeof activityPhotos.$inferSelect;

const toPhoto = (r: PhotoRow) => ({
  id: r.id, fileName: r.fileName, contentType: r.contentType, size: r.size, caption: r.caption, createdAt: r.createdAt.toISOString(),
});

async function photoCount(db: DbOrTx, regionId: string, activityId: string) {
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(activityPhotos)
    .where(and(eq(activityPhotos.regionId, regionId), eq(activityPhotos.activityId, activityId)));
  return Number(n);
}

const limitError = () => conflictError('PHOTO_LIMIT', { max: MAX_ACTIVITY_PHOTOS });

/**
 * Before the upload is read: the caller may write the activity (404 otherwise) and it has room for another
 * photo (409). Returns the activity's region.
 */
export async function photoTarget(ctx: Ctx, p: Principal, activityId: string): Promise<string> {
  const l = await findActivity(ctx.db, p, activityId, 'activities.write');
  if (await photoCount(ctx.db, l.a.regionId, activityId) >= MAX_ACTIVITY_PHOTOS) throw limitError();
  return l.a.regionId;
}

/** Only photos: the platform store also takes GIF and PDF. */
export function assertPhotoType(f: ReceivedFile): void {
  if (!(ACTIVITY_PHOTO_TYPES as readonly string[]).includes(f.contentType)) throw new AppError(415, 'PHOTO_TYPE_NOT_ALLOWED');
}

/**
 * Stores the file, then the row and its audit entry; the activity row is locked while the photos are counted
 * again, so concurrent uploads never pass the limit. On any failure the file is removed.
 */
export async function addPhoto(ctx: Ctx, config: Config, actor: Actor, regionId: string, activityId: string, f: ReceivedFile, caption: string | null) {
  assertPhotoType(f);
  const key = storeFile(config, regionId, f, ctx.now());
  try {
    return await ctx.db.transaction(async (tx) => {
      if (!(await loadActivity(tx, activityId, regionId, true))) throw notFound();
      if (await photoCount(tx, regionId, activityId) >= MAX_ACTIVITY_PHOTOS) throw limitError();
      const [row] = await tx.insert(activityPhotos).values({
        regionId, id: uuidv7(), activityId, fileName: f.fileName, contentType: f.contentType, size: f.size, sha256: f.sha256,
        storageKey: key, caption, createdBy: actor.principal?.id ?? null, createdAt: new Date(ctx.now()),
      }).returning();
      await audit(tx, actor, {
        regionId, action: 'activity.photo_create', entityType: 'activity_photo', entityId: row.id,
        after: { activityId, fileName: f.fileName, contentType: f.contentType, size: f.size, sha256: f.sha256, caption },
      });
      return toPhoto(row);
    });
  } catch (e) {
    removeFile(config, key);
    throw e;
  }
}

/** The photos of an activity the caller may read, oldest first. */
export async function listPhotos(ctx: Ctx, p: Principal, activityId: string) {
  const l = await findActivity(ctx.db, p, activityId, 'activities.read');
  const rows = await ctx.db.select().from(activityPhotos)
    .where(and(eq(activityPhotos.regionId, l.a.regionId), eq(activityPhotos.activityId, activityId)))
    .orderBy(asc(activityPhotos.createdAt), asc(activityPhotos.id));
  return rows.map(toPhoto);
}

/** The photo row when the caller may read (or write) its activity; 404 otherwise. */
export async function findPhoto(db: DbOrTx, p: Principal, id: string, perm: 'activities.read' | 'activities.write') {
  const [row] = await db.select().from(activityPhotos).where(eq(activityPhotos.id, id)).limit(1);
  if (!row) throw notFound();
  await findActivity(db, p, row.activityId, perm);
  return row;
}

/** Removes the row (audited), then the file once the removal is committed. */
export async function deletePhoto(ctx: Ctx, config: Config, actor: Actor, id: string) {
  const row = await ctx.db.transaction(async (tx) => {
    const r = await findPhoto(tx, actor.principal!, id, 'activities.write');
    const gone = await tx.delete(activityPhotos).where(and(eq(activityPhotos.regionId, r.regionId), eq(activityPhotos.id, id))).returning();
    if (!gone.length) throw notFound();
    const { storageKey: _k, ...before } = r;
    await audit(tx, actor, { regionId: r.regionId, action: 'activity.photo_delete', entityType: 'activity_photo', entityId: id, before });
    return r;
  });
  removeFile(config, row.storageKey);
  return { ok: true as const };
}

const IdParams = z.object({ id: z.uuid() });

/** The photo routes (their own plugin: multipart parsing is registered for these routes only). */
export async function photoRoutes(app: App, opts: { ctx: Ctx }): Promise<void> {
  const { ctx } = opts;
  const { config } = ctx;
  await app.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10 } });
  const r = typed(app);
  const tags = ['activities'];

  r.post('/api/v1/activities/:id/photos', {
    schema: {
      tags, summary: `Upload a photo (multipart field "file": JPEG, PNG or WebP by content, ≤ 10 MB; ≤ ${MAX_ACTIVITY_PHOTOS} per activity; caption in the query)`,
      consumes: ['multipart/form-data'], params: IdParams, querystring: PhotoUploadQuery, response: { 201: ActivityPhoto },
    },
  }, async (req, reply) => {
    const actor = actorOf(req);
    // scope (and room) first: an out-of-scope caller learns nothing and nothing is read or stored
    const regionId = await photoTarget(ctx, principalOf(req), req.params.id);
    const file = await receiveFile(req).catch((e: unknown) => {
      // the platform's message names GIF and PDF too; a photo is narrower
      throw e instanceof AppError && e.code === 'UPLOAD_TYPE_NOT_ALLOWED' ? new AppError(415, 'PHOTO_TYPE_NOT_ALLOWED') : e;
    });
    return reply.status(201).send(await addPhoto(ctx, config, actor, regionId, req.params.id, file, req.query.caption || null));
  });

  r.get('/api/v1/activities/:id/photos', {
    schema: { tags, summary: 'Photos of an activity (the image itself: GET /api/v1/activity-photos/:id)', params: IdParams, response: { 200: z.array(ActivityPhoto) } },
  }, async (req) => listPhotos(ctx, principalOf(req), req.params.id));

  r.get('/api/v1/activity-photos/:id', {
    schema: { tags, summary: 'The image of a photo (only for those who may see its activity)', params: IdParams },
  }, async (req, reply) => {
    const p = await findPhoto(ctx.db, principalOf(req), req.params.id, 'activities.read');
    return sendStoredFile(reply, config, { key: p.storageKey, contentType: p.contentType, fileName: p.fileName, disposition: 'inline' });
  });

  r.delete('/api/v1/activity-photos/:id', {
    schema: { tags, summary: 'Delete a photo (row and file)', params: IdParams, response: { 200: Ok } },
  }, async (req) => deletePhoto(ctx, config, actorOf(req), req.params.id));
}
