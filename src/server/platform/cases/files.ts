import { and, asc, eq } from 'drizzle-orm';
import type { Ctx } from '../context.ts';
import type { StoredFile } from '../files.ts';
import { uuidv7 } from '../ids.ts';
import { removeFile, storeFile, type ReceivedFile } from '../uploads.ts';
import type { DbOrTx, Tx } from '../../db/client.ts';
import { addEvent, type CaseRow, type Who } from './engine.ts';
import { caseFiles } from './schema.ts';

export type CaseFileRow = typeof caseFiles.$inferSelect;
export const toCaseFile = (f: CaseFileRow) => ({ id: f.id, fileName: f.fileName, contentType: f.contentType, size: f.size, createdAt: f.createdAt.toISOString() });

/**
 * Stores a received file for a case (the capability has checked that the caller may add to it) with a `file`
 * event; `audit` writes the capability's audit row in the same transaction. The stored file is removed if the
 * transaction fails.
 */
export async function addCaseFile(ctx: Ctx, c: CaseRow, who: Who, f: ReceivedFile, audit: (tx: Tx, row: CaseFileRow) => Promise<void>) {
  const key = storeFile(ctx.config, c.regionId, f, ctx.now());
  try {
    return await ctx.db.transaction(async (tx) => {
      const at = new Date(ctx.now());
      const [row] = await tx.insert(caseFiles).values({
        regionId: c.regionId, id: uuidv7(), caseId: c.id, fileName: f.fileName, contentType: f.contentType, size: f.size, sha256: f.sha256,
        storageKey: key, createdBy: who.id, createdAt: at,
      }).returning();
      await addEvent(tx, c, who, { kind: 'file', at, note: f.fileName, data: { fileId: row.id } });
      await audit(tx, row);
      return row;
    });
  } catch (e) {
    removeFile(ctx.config, key);
    throw e;
  }
}

export async function filesOf(db: DbOrTx, c: Pick<CaseRow, 'regionId' | 'id'>) {
  return db.select().from(caseFiles).where(and(eq(caseFiles.regionId, c.regionId), eq(caseFiles.caseId, c.id))).orderBy(asc(caseFiles.createdAt), asc(caseFiles.id));
}

/** The file row by id (unscoped: the capability checks the case). */
export async function caseFileById(db: DbOrTx, id: string): Promise<CaseFileRow | undefined> {
  const [row] = await db.select().from(caseFiles).where(eq(caseFiles.id, id)).limit(1);
  return row;
}

export const storedCaseFile = (f: CaseFileRow): StoredFile => ({ key: f.storageKey, contentType: f.contentType, fileName: f.fileName, size: f.size });
