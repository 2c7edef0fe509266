import type { AuditAction } from '../../shared/capabilities/index.ts';
import { isAuditAction } from '../../shared/capabilities/index.ts';
import { and, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { uuidv7 } from './ids.ts';
import { maskRecord } from './mask.ts';
import { countAll, emptyPage, paginate } from './pagination.ts';
import { auditLog } from './schema.ts';
import type { Principal } from './scope.ts';

/** Who is acting: passed from the route to every service that writes. */
export interface Actor {
  principal: Principal | null;
  requestId?: string;
  ip?: string;
}

export type { AuditAction };

export interface AuditInput {
  regionId: string;
  /** one of the actions declared in src/shared/capabilities (a type error otherwise, and refused at run time) */
  action: AuditAction;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

function plain(v: unknown): unknown {
  if (v === undefined) return null;
  return JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x)));
}

/**
 * The audit row for one write, as stored: a fresh id, the actor, personal data masked and secrets dropped. The one
 * builder of audit rows — `audit()` inserts it, and hot paths that write in raw SQL pass its fields along.
 */
export function auditRow(actor: Actor, e: AuditInput) {
  if (!isAuditAction(e.action)) throw new Error(`audit action ${JSON.stringify(e.action)} is not declared in src/shared/capabilities`);
  return {
    regionId: e.regionId,
    id: uuidv7(),
    actorId: actor.principal?.id ?? null,
    actorName: actor.principal?.displayName ?? null,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    before: e.before === undefined ? null : maskRecord(plain(e.before)),
    after: e.after === undefined ? null : maskRecord(plain(e.after)),
    requestId: actor.requestId ?? null,
    ip: actor.ip ?? null,
  };
}

/** Writes audit rows (inside the caller's transaction, so a rejected write leaves none). */
export async function audit(db: DbOrTx, actor: Actor, input: AuditInput | AuditInput[]): Promise<void> {
  const list = Array.isArray(input) ? input : [input];
  if (!list.length) return;
  await db.insert(auditLog).values(list.map((e) => auditRow(actor, e)));
}

export interface AuditFilter {
  regionIds: string[] | 'all';
  entityType?: string;
  entityId?: string;
  actorId?: string;
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

const toEntry = (r: typeof auditLog.$inferSelect) => ({ ...r, at: r.at.toISOString() });

export async function listAudit(db: DbOrTx, f: AuditFilter) {
  const conds: SQL[] = [];
  if (f.regionIds !== 'all') {
    if (!f.regionIds.length) return emptyPage<ReturnType<typeof toEntry>>(f);
    conds.push(sql`${auditLog.regionId} in (${sql.join(f.regionIds.map((r) => sql`${r}::uuid`), sql`, `)})`);
  }
  if (f.entityType) conds.push(eq(auditLog.entityType, f.entityType));
  if (f.entityId) conds.push(eq(auditLog.entityId, f.entityId));
  if (f.actorId) conds.push(eq(auditLog.actorId, f.actorId));
  if (f.from) conds.push(gte(auditLog.at, new Date(f.from)));
  if (f.to) conds.push(lte(auditLog.at, new Date(f.to)));
  const where = conds.length ? and(...conds) : undefined;
  return paginate(f, db.select().from(auditLog).where(where).orderBy(desc(auditLog.at), desc(auditLog.id)),
    db.select({ n: countAll }).from(auditLog).where(where), toEntry);
}
