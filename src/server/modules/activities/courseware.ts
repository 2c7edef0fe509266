import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable } from 'node:stream';
import { and, asc, desc, eq, inArray, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { CoursewareCreate, CoursewareListQuery, CoursewareUpdate } from '../../../shared/activities.ts';
import type { Config } from '../../config.ts';
import type { DbOrTx } from '../../db/client.ts';
import { audit, type Actor } from '../../platform/audit.ts';
import { AppError, conflict, fieldError, invalid, notFound } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { assertCan, pathUnder, readableRegions, scopeWhere, type Principal } from '../../platform/scope.ts';
import { countAll, emptyPage, paginate, type PageParams } from '../../platform/pagination.ts';
import { members, orgs } from '../directory/schema.ts';
import { memberById, orgById, selfOf, type Ctx } from './common.ts';
import { courseware, coursewareProgress } from './schema.ts';
import { removeFile, sniffMedia } from '../../platform/uploads.ts';
import { escapeLike } from '../../platform/like.ts';

export const FILE_TYPES: Record<string, { kind: 'pdf' | 'video'; ext: string }> = {
  'application/pdf': { kind: 'pdf', ext: 'pdf' },
  'video/mp4': { kind: 'video', ext: 'mp4' },
  'video/webm': { kind: 'video', ext: 'webm' },
};
export const MAX_FILE_BYTES = 300 * 1024 * 1024;


type Row = typeof courseware.$inferSelect;
const toCourseware = (r: Row, counts?: { views: number; completions: number }) => ({
  id: r.id, regionId: r.regionId, orgId: r.orgId, title: r.title, description: r.description, kind: r.kind as 'pdf', url: r.url,
  fileName: r.fileName, fileSize: r.fileSize, durationMinutes: r.durationMinutes, tags: r.tags, archivedAt: r.archivedAt?.toISOString() ?? null,
  ...(counts ?? {}),
});


async function load(db: DbOrTx, id: string, regionId?: string) {
  const [row] = await db.select({ c: courseware, orgPath: orgs.path }).from(courseware)
    .innerJoin(orgs, and(eq(orgs.regionId, courseware.regionId), eq(orgs.id, courseware.orgId)))
    .where(regionId ? and(eq(courseware.regionId, regionId), eq(courseware.id, id)) : eq(courseware.id, id)).limit(1);
  return row ?? null;
}

export async function createCourseware(ctx: Ctx, actor: Actor, input: z.infer<typeof CoursewareCreate>) {
  const p = actor.principal!;
  return ctx.db.transaction(async (tx) => {
    const o = await orgById(tx, null, input.orgId);
    assertCan(p, 'activities.write', o ? { regionId: o.regionId, orgPath: o.path } : null);
    if (input.kind === 'link' && !input.url) throw invalid([fieldError('url', 'courseware.needs_url')]);
    const [row] = await tx.insert(courseware).values({
      regionId: o!.regionId, id: uuidv7(), orgId: o!.id, title: input.title, description: input.description ?? null, kind: input.kind,
      url: input.kind === 'link' ? input.url! : null, durationMinutes: input.durationMinutes ?? null, tags: input.tags ?? [], createdBy: p.id,
    }).returning();
    await audit(tx, actor, { regionId: row.regionId, action: 'courseware.create', entityType: 'courseware', entityId: row.id, after: row });
    return toCourseware(row);
  });
}

/** Where an uploaded file lives, relative to the upload directory. */
const fileKey = (r: { regionId: string; id: string }) => path.join('courseware', r.regionId, r.id);
const fileOf = (uploadDir: string, r: { regionId: string; id: string }) => path.join(uploadDir, fileKey(r));

/** The row, locked for the rest of the transaction, when the principal may change it (activities.write on its org); 404 otherwise. */
async function lockForWrite(tx: DbOrTx, p: Principal, id: string) {
  // a locking read names the region (on Citus it must run on one shard): find it first
  const [r] = await tx.select({ regionId: courseware.regionId }).from(courseware).where(eq(courseware.id, id)).limit(1);
  const [l] = r ? await tx.select({ c: courseware, orgPath: orgs.path }).from(courseware)
    .innerJoin(orgs, and(eq(orgs.regionId, courseware.regionId), eq(orgs.id, courseware.orgId)))
    .where(and(eq(courseware.regionId, r.regionId), eq(courseware.id, id))).limit(1).for('update', { of: courseware }) : [];
  assertCan(p, 'activities.write', l ? { regionId: l.c.regionId, orgPath: l.orgPath } : null);
  return l!.c;
}

/** Edits title, description, tags, length, and the address of a link (an uploaded file keeps its own). */
export async function updateCourseware(ctx: Ctx, actor: Actor, id: string, input: z.infer<typeof CoursewareUpdate>) {
  const p = actor.principal!;
  return ctx.db.transaction(async (tx) => {
    const before = await lockForWrite(tx, p, id);
    if (input.url !== undefined) {
      if (before.kind !== 'link' && input.url !== null) throw invalid([fieldError('url', 'courseware.url_only_links')]);
      if (before.kind === 'link' && !input.url) throw invalid([fieldError('url', 'courseware.needs_url')]);
    }
    const set: Partial<Row> = {};
    if (input.title !== undefined) set.title = input.title;
    if (input.description !== undefined) set.description = input.description;
    if (input.durationMinutes !== undefined) set.durationMinutes = input.durationMinutes;
    if (input.tags !== undefined) set.tags = input.tags;
    if (input.url !== undefined && before.kind === 'link') set.url = input.url;
    if (!Object.keys(set).length) return toCourseware(before);
    const [row] = await tx.update(courseware).set(set).where(and(eq(courseware.regionId, before.regionId), eq(courseware.id, id))).returning();
    await audit(tx, actor, { regionId: row.regionId, action: 'courseware.update', entityType: 'courseware', entityId: id, before, after: row });
    return toCourseware(row);
  });
}

/**
 * Archives (or restores) an item: archived material is no longer offered to members (their list, the phone page,
 * opening it), stays in the staff library, and its views and completions stay in the figures. Archiving an archived
 * item (restoring a current one) changes nothing.
 */
export async function setArchived(ctx: Ctx, actor: Actor, id: string, archived: boolean) {
  const p = actor.principal!;
  return ctx.db.transaction(async (tx) => {
    const before = await lockForWrite(tx, p, id);
    if (!!before.archivedAt === archived) return toCourseware(before);
    const [row] = await tx.update(courseware).set({ archivedAt: archived ? new Date(ctx.now()) : null })
      .where(and(eq(courseware.regionId, before.regionId), eq(courseware.id, id))).returning();
    await audit(tx, actor, {
      regionId: row.regionId, action: archived ? 'courseware.archive' : 'courseware.restore', entityType: 'courseware', entityId: id,
      before: { archivedAt: before.archivedAt }, after: { archivedAt: row.archivedAt },
    });
    return toCourseware(row);
  });
}

/**
 * Deletes an item nobody has opened (no progress rows), and its uploaded file; otherwise 409 COURSEWARE_IN_USE
 * (archive it instead: the figures depend on its progress rows). The row is locked first, so a member's first
 * view either lands before (→ 409) or finds it gone (→ 404).
 */
export async function deleteCourseware(ctx: Ctx, config: Config, actor: Actor, id: string) {
  const p = actor.principal!;
  const row = await ctx.db.transaction(async (tx) => {
    const before = await lockForWrite(tx, p, id);
    const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(coursewareProgress)
      .where(and(eq(coursewareProgress.regionId, before.regionId), eq(coursewareProgress.coursewareId, id)));
    if (Number(n) > 0) throw conflict('COURSEWARE_IN_USE', { members: Number(n) });
    await tx.delete(courseware).where(and(eq(courseware.regionId, before.regionId), eq(courseware.id, id)));
    await audit(tx, actor, { regionId: before.regionId, action: 'courseware.delete', entityType: 'courseware', entityId: id, before });
    return before;
  });
  if (row.kind !== 'link') removeFile(config, fileKey(row));
  return { ok: true as const };
}

/** Stores the uploaded PDF or video (streamed to disk, size-capped); the kind follows the file's type. */
export async function uploadFile(ctx: Ctx, uploadDir: string, actor: Actor, id: string, contentType: string, fileName: string | null, body: Readable) {
  const p = actor.principal!;
  const l = await load(ctx.db, id);
  assertCan(p, 'activities.write', l ? { regionId: l.c.regionId, orgPath: l.orgPath } : null);
  const type = FILE_TYPES[contentType.split(';')[0].trim().toLowerCase()];
  if (!type || l!.c.kind === 'link') { body.resume(); throw invalid([fieldError('file', 'courseware.bad_type')]); }
  const target = fileOf(uploadDir, l!.c);
  await fs.promises.mkdir(path.dirname(target), { recursive: true });
  const tmp = `${target}.${uuidv7()}.part`;
  let size = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      size += chunk.length;
      if (size > MAX_FILE_BYTES) cb(new AppError(413, 'BODY_TOO_LARGE'));
      else cb(null, chunk);
    },
  });
  try {
    await pipeline(body, counter, fs.createWriteStream(tmp));
  } catch (e) {
    await fs.promises.rm(tmp, { force: true });
    throw e;
  }
  if (!size) { await fs.promises.rm(tmp, { force: true }); throw invalid([fieldError('file', 'field.required')]); }
  // the type is checked by content, not by what the client claims
  const head = Buffer.alloc(16);
  const fh = await fs.promises.open(tmp, 'r');
  await fh.read(head, 0, 16, 0);
  await fh.close();
  if (sniffMedia(head) !== contentType.split(';')[0].trim().toLowerCase()) {
    await fs.promises.rm(tmp, { force: true });
    throw invalid([fieldError('file', 'courseware.bad_type')]);
  }
  await fs.promises.rename(tmp, target);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.update(courseware).set({ kind: type.kind, contentType: contentType.split(';')[0].trim(), fileSize: size, fileName: fileName ?? `${l!.c.title}.${type.ext}` })
      .where(and(eq(courseware.regionId, l!.c.regionId), eq(courseware.id, id))).returning();
    // deleted while the file was arriving
    if (!row) { await fs.promises.rm(target, { force: true }); throw notFound(); }
    await audit(tx, actor, { regionId: row.regionId, action: 'courseware.upload', entityType: 'courseware', entityId: id, before: l!.c, after: row });
    return toCourseware(row);
  });
}

/**
 * Staff with activities.read in a region, or a member whose org lies under the courseware's org, may open it;
 * archived material only staff.
 */
async function openable(ctx: Ctx, p: Principal, id: string) {
  const l = await load(ctx.db, id);
  if (!l) throw notFound();
  const regions = readableRegions(p, 'activities.read');
  if (!regions || regions.includes(l.c.regionId)) return l;
  if (p.memberId && p.memberRegionId === l.c.regionId && !l.c.archivedAt) {
    const m = await memberById(ctx.db, l.c.regionId, p.memberId);
    if (m && m.path.startsWith(l.orgPath)) return l;
  }
  throw notFound();
}

export async function getCourseware(ctx: Ctx, p: Principal, id: string) {
  return toCourseware((await openable(ctx, p, id)).c);
}

export async function fileFor(ctx: Ctx, uploadDir: string, p: Principal, id: string) {
  const l = await openable(ctx, p, id);
  if (!l.c.fileSize || !l.c.contentType) throw notFound();
  const file = fileOf(uploadDir, l.c);
  return { file, contentType: l.c.contentType, fileName: l.c.fileName ?? l.c.id, size: l.c.fileSize };
}

/** The library for staff: the region's courseware with view and completion counts. */
export async function listCourseware(ctx: Ctx, p: Principal, q: z.infer<typeof CoursewareListQuery>) {
  const regions = readableRegions(p, 'activities.read');
  if (regions && !regions.length) return emptyPage<ReturnType<typeof toCourseware>>(q);
  const conds: (SQL | undefined)[] = [regions ? inArray(courseware.regionId, regions) : undefined];
  if (q.regionId) conds.push(eq(courseware.regionId, q.regionId));
  if (q.tag) conds.push(sql`${q.tag} = any(${courseware.tags})`);
  if (q.q) conds.push(sql`${courseware.title} ilike ${'%' + escapeLike(q.q) + '%'}`);
  if (q.archived === 'false') conds.push(isNull(courseware.archivedAt));
  else if (q.archived === 'true') conds.push(isNotNull(courseware.archivedAt));
  const where = and(...conds);
  return paginate(q, ctx.db.select({
    c: courseware,
    views: sql<number>`(select coalesce(sum(views), 0)::int from courseware_progress cp where cp.region_id = courseware.region_id and cp.courseware_id = courseware.id)`,
    completions: sql<number>`(select count(*)::int from courseware_progress cp where cp.region_id = courseware.region_id and cp.courseware_id = courseware.id and cp.completed_at is not null)`,
  }).from(courseware).where(where).orderBy(desc(courseware.createdAt), desc(courseware.id)),
  ctx.db.select({ n: countAll }).from(courseware).where(where),
  (r) => toCourseware(r.c, { views: Number(r.views), completions: Number(r.completions) }));
}

/** The member's library: courseware (not archived) of their org and the orgs above it, with their own progress. */
export async function myCourseware(ctx: Ctx, p: Principal) {
  const me = selfOf(p);
  const m = await memberById(ctx.db, me.regionId, me.memberId);
  if (!m) return [];
  const rows = await ctx.db.select({ c: courseware, pr: coursewareProgress }).from(courseware)
    .innerJoin(orgs, and(eq(orgs.regionId, courseware.regionId), eq(orgs.id, courseware.orgId)))
    .leftJoin(coursewareProgress, and(eq(coursewareProgress.regionId, courseware.regionId), eq(coursewareProgress.coursewareId, courseware.id), eq(coursewareProgress.memberId, me.memberId)))
    .where(and(eq(courseware.regionId, me.regionId), isNull(courseware.archivedAt), pathUnder(sql`${m.path}`, orgs.path)))
    .orderBy(desc(courseware.createdAt)).limit(200);
  return rows.map((r) => ({ ...toCourseware(r.c), myViews: r.pr?.views ?? 0, completedAt: r.pr?.completedAt?.toISOString() ?? null }));
}

/** Records that the member opened (and perhaps finished) the courseware. */
export async function recordProgress(ctx: Ctx, actor: Actor, id: string, completed: boolean) {
  const me = selfOf(actor.principal!);
  const l = await openable(ctx, actor.principal!, id);
  // archived material is not offered to members, whatever else the user may be
  if (l.c.regionId !== me.regionId || l.c.archivedAt) throw notFound();
  const now = new Date(ctx.now());
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.insert(coursewareProgress).values({
      regionId: me.regionId, coursewareId: id, memberId: me.memberId, views: 1, firstViewedAt: now, lastViewedAt: now, completedAt: completed ? now : null,
    }).onConflictDoUpdate({
      target: [coursewareProgress.regionId, coursewareProgress.coursewareId, coursewareProgress.memberId],
      set: {
        views: sql`${coursewareProgress.views} + 1`, lastViewedAt: now,
        completedAt: completed ? sql`coalesce(${coursewareProgress.completedAt}, ${now.toISOString()}::timestamptz)` : sql`${coursewareProgress.completedAt}`,
      },
    }).returning();
    await audit(tx, actor, { regionId: me.regionId, action: 'courseware.progress', entityType: 'courseware', entityId: id, after: { memberId: me.memberId, views: row.views, completed } });
    return { views: row.views, completedAt: row.completedAt?.toISOString() ?? null };
  }).catch((e: unknown) => {
    // deleted meanwhile (the progress row's foreign key): as if it had never been there
    if (pgCode(e) === '23503') throw notFound();
    throw e;
  });
}

const pgCode = (e: unknown): string | undefined => {
  const x = e as { code?: unknown; cause?: { code?: unknown } } | null;
  const code = x?.code ?? x?.cause?.code;
  return typeof code === 'string' ? code : undefined;
};

/**
 * Who opened one item: the members in the caller's scope (a secretary: their own org's subtree) with their views
 * and completion, most recent first. Staff with activities.read in the item's region; anyone else 404, as for an
 * id that does not exist.
 */
export async function coursewareLearners(ctx: Ctx, p: Principal, id: string, q: PageParams) {
  const l = await load(ctx.db, id);
  const regions = readableRegions(p, 'activities.read');
  if (!l || (regions && !regions.includes(l.c.regionId))) throw notFound();
  const where = and(eq(coursewareProgress.regionId, l.c.regionId), eq(coursewareProgress.coursewareId, id),
    scopeWhere(p, 'activities.read', { regionId: members.regionId, orgId: members.orgId }));
  return paginate(q, ctx.db.select({
    memberId: members.id, name: members.name, orgId: orgs.id, orgName: orgs.name, views: coursewareProgress.views,
    firstViewedAt: coursewareProgress.firstViewedAt, lastViewedAt: coursewareProgress.lastViewedAt, completedAt: coursewareProgress.completedAt,
  }).from(coursewareProgress)
    .innerJoin(members, and(eq(members.regionId, coursewareProgress.regionId), eq(members.id, coursewareProgress.memberId)))
    .innerJoin(orgs, and(eq(orgs.regionId, members.regionId), eq(orgs.id, members.orgId)))
    .where(where).orderBy(desc(coursewareProgress.lastViewedAt), asc(members.id)),
  ctx.db.select({ n: countAll }).from(coursewareProgress)
    .innerJoin(members, and(eq(members.regionId, coursewareProgress.regionId), eq(members.id, coursewareProgress.memberId)))
    .where(where),
  (r) => ({
    ...r, views: Number(r.views), firstViewedAt: r.firstViewedAt.toISOString(), lastViewedAt: r.lastViewedAt.toISOString(),
    completedAt: r.completedAt?.toISOString() ?? null,
  }));
}

/** Per organisation (in the caller's scope): members, members who opened anything, completions. */
export async function coursewareStats(ctx: Ctx, p: Principal, regionId: string) {
  const regions = readableRegions(p, 'activities.read');
  if (regions && !regions.includes(regionId)) throw notFound();
  const rows = await ctx.db.select({
    orgId: orgs.id, orgName: orgs.name,
    members: sql<number>`(select count(*)::int from members m where m.region_id = orgs.region_id and m.org_id = orgs.id)`,
    viewers: sql<number>`(select count(distinct cp.member_id)::int from courseware_progress cp join members m on m.region_id = cp.region_id and m.id = cp.member_id where m.region_id = orgs.region_id and m.org_id = orgs.id)`,
    completions: sql<number>`(select count(*)::int from courseware_progress cp join members m on m.region_id = cp.region_id and m.id = cp.member_id where m.region_id = orgs.region_id and m.org_id = orgs.id and cp.completed_at is not null)`,
  }).from(orgs)
    .where(and(eq(orgs.regionId, regionId), scopeWhere(p, 'activities.read', { regionId: orgs.regionId, orgPath: orgs.path })))
    .orderBy(asc(orgs.path));
  return { orgs: rows.filter((r) => Number(r.members) > 0).map((r) => ({ orgId: r.orgId, orgName: r.orgName, members: Number(r.members), viewers: Number(r.viewers), completions: Number(r.completions) })) };
}
