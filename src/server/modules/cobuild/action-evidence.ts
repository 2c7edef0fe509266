import { and, eq } from 'drizzle-orm';
import { todayShanghai } from '../../../shared/dates.ts';
import { audit, type Actor } from '../../platform/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { conflict, notFound } from '../../platform/errors.ts';
import type { StoredFile } from '../../platform/files.ts';
import { uuidv7 } from '../../platform/ids.ts';
import type { Principal } from '../../platform/scope.ts';
import { removeFile, storeFile, type ReceivedFile } from '../../platform/uploads.ts';
import type { DbOrTx } from '../../db/client.ts';
import { actionEvidence, actionRows, findAlliance, toAction } from './meetings.ts';
import { meetingActionFiles, meetingActions } from './schema.ts';

/**
 * Files as a follow-up action's evidence (督办佐证: photos, scanned minutes, PDF), in the platform's upload store. The
 * office or the owner's liaison attaches and removes them (as it updates the action; anyone else 404); whoever reads
 * the joint meeting (the office, any member's liaison: they read its meetings and bulletin) downloads them.
 */
export const MAX_ACTION_FILES = 20;

/** The action with what the principal may do with it; 404 when it may not even read its joint meeting. */
async function actionAccess(db: DbOrTx, ctx: Pick<Ctx, 'now'>, p: Principal, id: string) {
  const [r] = await actionRows(db).where(eq(meetingActions.id, id)).limit(1);
  if (!r) throw notFound();
  const a = await findAlliance(db, p, r.x.allianceId);
  return { r, a, out: toAction(r, todayShanghai(ctx.now()), p, a.manage) };
}

export async function addActionFile(ctx: Ctx, actor: Actor, id: string, receive: () => Promise<ReceivedFile>) {
  const p = actor.principal!;
  const { r, out } = await actionAccess(ctx.db, ctx, p, id).catch(() => { throw notFound(); });
  if (!out.mayUpdate) throw notFound();
  const count = async (db: DbOrTx) => (await db.select({ id: meetingActionFiles.id }).from(meetingActionFiles)
    .where(and(eq(meetingActionFiles.regionId, r.x.regionId), eq(meetingActionFiles.actionId, id)))).length;
  if (await count(ctx.db) >= MAX_ACTION_FILES) throw conflict('MEETING_ACTION_FILES_FULL', { max: MAX_ACTION_FILES });
  const f = await receive();
  const key = storeFile(ctx.config, r.x.regionId, f, ctx.now());
  try {
    return await ctx.db.transaction(async (tx) => {
      // the action's row, locked: two uploads at once count each other
      await tx.select({ id: meetingActions.id }).from(meetingActions).where(and(eq(meetingActions.regionId, r.x.regionId), eq(meetingActions.id, id))).for('update');
      if (await count(tx) >= MAX_ACTION_FILES) throw conflict('MEETING_ACTION_FILES_FULL', { max: MAX_ACTION_FILES });
      const row = {
        regionId: r.x.regionId, id: uuidv7(), actionId: id, fileKey: key, fileName: f.fileName, contentType: f.contentType, size: f.size, sha256: f.sha256,
        createdBy: p.id, createdByName: p.displayName, createdAt: new Date(ctx.now()),
      };
      await tx.insert(meetingActionFiles).values(row);
      await audit(tx, actor, {
        regionId: r.x.regionId, action: 'meeting.action.file', entityType: 'meeting_action', entityId: id,
        after: { fileId: row.id, fileName: f.fileName, contentType: f.contentType, size: f.size, sha256: f.sha256 },
      });
      return toAction(r, todayShanghai(ctx.now()), p, out.mayUpdate && (await findAlliance(tx, p, r.x.allianceId)).manage, await actionEvidence(tx, [r]));
    });
  } catch (e) {
    removeFile(ctx.config, key);
    throw e;
  }
}

async function fileAccess(db: DbOrTx, ctx: Pick<Ctx, 'now'>, p: Principal, fileId: string) {
  const [f] = await db.select().from(meetingActionFiles).where(eq(meetingActionFiles.id, fileId)).limit(1);
  if (!f) throw notFound();
  const acc = await actionAccess(db, ctx, p, f.actionId);
  return { f, ...acc };
}

/** The file, for whoever reads the action's joint meeting; 404 for anyone else. */
export async function actionFile(ctx: Ctx, p: Principal, fileId: string): Promise<StoredFile> {
  const { f } = await fileAccess(ctx.db, ctx, p, fileId);
  return { key: f.fileKey, contentType: f.contentType, fileName: f.fileName, size: f.size };
}

/** Removes a file attached by mistake: the office or the owner's liaison (404 for anyone else); the audit keeps what it was. */
export async function removeActionFile(ctx: Ctx, actor: Actor, fileId: string) {
  const p = actor.principal!;
  const res = await ctx.db.transaction(async (tx) => {
    const { f, r, a, out } = await fileAccess(tx, ctx, p, fileId);
    if (!out.mayUpdate) throw notFound();
    await tx.delete(meetingActionFiles).where(and(eq(meetingActionFiles.regionId, f.regionId), eq(meetingActionFiles.id, f.id)));
    await audit(tx, actor, {
      regionId: f.regionId, action: 'meeting.action.file.remove', entityType: 'meeting_action', entityId: f.actionId,
      before: { fileId: f.id, fileName: f.fileName, contentType: f.contentType, size: f.size, sha256: f.sha256 },
    });
    return { key: f.fileKey, action: toAction(r, todayShanghai(ctx.now()), p, a.manage, await actionEvidence(tx, [r])) };
  });
  removeFile(ctx.config, res.key);
  return res.action;
}
