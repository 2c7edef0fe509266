import { and, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { uuidv7 } from './ids.ts';
import { maskRecord } from './mask.ts';
import { auditLog } from './schema.ts';
import type { Principal } from './scope.ts';

/** Who is acting: passed from the route to every service that writes. */
export interface Actor {
  principal: Principal | null;
  requestId?: string;
  ip?: string;
}

export interface AuditInput {
  regionId: string;
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

function plain(v: unknown): unknown {
  if (v === undefined) return null;
  return JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x)));
}

/** Writes one audit row (inside the caller's transaction), with personal data masked. */
export async function audit(db: DbOrTx, actor: Actor, input: AuditInput | AuditInput[]): Promise<void> {
  const list = Array.isArray(input) ? input : [input];
  if (!list.length) return;
  await db.insert(auditLog).values(list.map((e) => ({
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
  })));
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

export async function listAudit(db: DbOrTx, f: AuditFilter) {
  const conds: SQL[] = [];
  if (f.regionIds !== 'all') {
    if (!f.regionIds.length) return { items: [], total: 0, page: f.page, pageSize: f.pageSize };
    conds.push(sql`${auditLog.regionId} in (${sql.join(f.regionIds.map((r) => sql`${r}::uuid`), sql`, `)})`);
  }
  if (f.entityType) conds.push(eq(auditLog.entityType, f.entityType));
  if (f.entityId) conds.push(eq(auditLog.entityId, f.entityId));
  if (f.actorId) conds.push(eq(auditLog.actorId, f.actorId));
  if (f.from) conds.push(gte(auditLog.at, new Date(f.from)));
  if (f.to) conds.push(lte(auditLog.at, new Date(f.to)));
  const where = conds.length ? and(...conds) : undefined;
  const [items, [{ n }]] = await Promise.all([
    db.select().from(auditLog).where(where).orderBy(desc(auditLog.at), desc(auditLog.id))
      .limit(f.pageSize).offset((f.page - 1) * f.pageSize),
    db.select({ n: sql<number>`count(*)::int` }).from(auditLog).where(where),
  ]);
  return {
    items: items.map((r) => ({ ...r, at: r.at.toISOString() })),
    total: Number(n), page: f.page, pageSize: f.pageSize,
  };
}
