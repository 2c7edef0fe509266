import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import type { Ctx } from '../../platform/context.ts';
import type { StoredFile } from '../../platform/files.ts';
import { audit, type Actor } from '../../platform/audit.ts';
import { notFound } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import type { Principal } from '../../platform/scope.ts';
import { removeFile, storeFile, type ReceivedFile } from '../../platform/uploads.ts';
import { findPledge } from './pledges.ts';
import { findProject } from './projects.ts';
import { clusterAttachments, projectReports } from './schema.ts';

export type OwnerKind = 'report' | 'pledge';

const toAttachment = (a: typeof clusterAttachments.$inferSelect) => ({ id: a.id, fileName: a.fileName, contentType: a.contentType, size: a.size });

/** Checks that the caller may read (or add to) the owning record; returns its region. 404 otherwise. */
export async function ownerRegion(db: DbOrTx, p: Principal | null, kind: OwnerKind, ownerId: string, mode: 'read' | 'write'): Promise<string> {
  if (kind === 'report') {
    const [r] = await db.select({ regionId: projectReports.regionId, projectId: projectReports.projectId }).from(projectReports).where(eq(projectReports.id, ownerId)).limit(1);
    if (!r) throw notFound();
    await findProject(db, p, r.projectId, mode === 'read' ? 'cluster.read' : 'cluster.write');
    return r.regionId;
  }
  const x = await findPledge(db, p, ownerId, mode === 'read' ? 'read' : 'edit');
  return x.p.regionId;
}

/**
 * Attaches a file to a record: the scope is checked before the upload is read (an out-of-scope caller learns
 * nothing and uploads nothing), then the file is stored and the row written; the file is removed if that fails.
 */
export async function addAttachment(ctx: Ctx, actor: Actor, kind: OwnerKind, ownerId: string, receive: () => Promise<ReceivedFile>) {
  const { config } = ctx;
  const regionId = await ownerRegion(ctx.db, actor.principal, kind, ownerId, 'write');
  const f = await receive();
  const key = storeFile(config, regionId, f, ctx.now());
  try {
    return await ctx.db.transaction(async (tx) => {
      const [row] = await tx.insert(clusterAttachments).values({
        regionId, id: uuidv7(), ownerKind: kind, ownerId, fileName: f.fileName, contentType: f.contentType, size: f.size, sha256: f.sha256,
        storageKey: key, createdBy: actor.principal?.id ?? null,
      }).returning();
      await audit(tx, actor, { regionId, action: 'attachment.create', entityType: 'attachment', entityId: row.id, after: { ownerKind: kind, ownerId, fileName: f.fileName, contentType: f.contentType, size: f.size, sha256: f.sha256 } });
      return toAttachment(row);
    });
  } catch (e) {
    removeFile(config, key);
    throw e;
  }
}

export async function listAttachments(ctx: Ctx, p: Principal, kind: OwnerKind, ownerId: string) {
  const { db } = ctx;
  const regionId = await ownerRegion(db, p, kind, ownerId, 'read');
  const rows = await db.select().from(clusterAttachments)
    .where(and(eq(clusterAttachments.regionId, regionId), eq(clusterAttachments.ownerKind, kind), eq(clusterAttachments.ownerId, ownerId))).orderBy(asc(clusterAttachments.id));
  return rows.map(toAttachment);
}

/** The attachment row when the caller may read the record it belongs to. */
export async function findAttachment(ctx: Ctx, p: Principal, id: string): Promise<StoredFile> {
  const { db } = ctx;
  const [a] = await db.select().from(clusterAttachments).where(eq(clusterAttachments.id, id)).limit(1);
  if (!a) throw notFound();
  await ownerRegion(db, p, a.ownerKind as OwnerKind, a.ownerId, 'read');
  return { key: a.storageKey, contentType: a.contentType, fileName: a.fileName };
}
