import os from 'node:os';
import path from 'node:path';
import type { AuditAction } from '../../shared/capabilities/index.ts';
import { AUDIT_ACTION_LABELS, isAuditAction, labelOf } from '../../shared/capabilities/index.ts';
import { shanghaiMinute } from '../../shared/dates.ts';
import { and, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { uuidv7 } from './ids.ts';
import { maskRecord } from './mask.ts';
import type { Locale } from './messages.ts';
import { countAll, emptyPage, paginate } from './pagination.ts';
import { auditLog } from './schema.ts';
import type { Principal } from './scope.ts';
import { writeXlsx, type Cell } from './xlsx.ts';

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
  action?: string;
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

const toEntry = (r: typeof auditLog.$inferSelect) => ({ ...r, at: r.at.toISOString() });

/** The filter's conditions; null when the caller may read no region at all. */
function auditWhere(f: Omit<AuditFilter, 'page' | 'pageSize'>): SQL | undefined | null {
  const conds: SQL[] = [];
  if (f.regionIds !== 'all') {
    if (!f.regionIds.length) return null;
    conds.push(sql`${auditLog.regionId} in (${sql.join(f.regionIds.map((r) => sql`${r}::uuid`), sql`, `)})`);
  }
  if (f.entityType) conds.push(eq(auditLog.entityType, f.entityType));
  if (f.entityId) conds.push(eq(auditLog.entityId, f.entityId));
  if (f.actorId) conds.push(eq(auditLog.actorId, f.actorId));
  if (f.action) conds.push(eq(auditLog.action, f.action));
  if (f.from) conds.push(gte(auditLog.at, new Date(f.from)));
  if (f.to) conds.push(lte(auditLog.at, new Date(f.to)));
  return conds.length ? and(...conds) : undefined;
}

export async function listAudit(db: DbOrTx, f: AuditFilter) {
  const where = auditWhere(f);
  if (where === null) return emptyPage<ReturnType<typeof toEntry>>(f);
  return paginate(f, db.select().from(auditLog).where(where).orderBy(desc(auditLog.at), desc(auditLog.id)),
    db.select({ n: countAll }).from(auditLog).where(where), toEntry);
}

/** The most rows one audit export holds (the filters narrow it; the file says when it was cut). */
export const AUDIT_EXPORT_MAX_ROWS = 100_000;

const EXPORT_LABELS = {
  'zh-CN': { sheet: '操作日志', header: ['时间', '操作人', '操作', '操作代码', '对象类型', '对象', '修改前', '修改后', '请求编号'], cut: '（仅导出前 {n} 条，请缩小筛选范围）' },
  'en-US': { sheet: 'Audit log', header: ['Time', 'Actor', 'Action', 'Action code', 'Entity type', 'Entity', 'Before', 'After', 'Request id'], cut: '(only the first {n} rows: narrow the filters)' },
};
/** Excel's limit for one cell's text. */
const CELL_MAX = 32_767;
const jsonCell = (v: unknown) => (v === null || v === undefined ? '' : JSON.stringify(v).slice(0, CELL_MAX));

/**
 * The filtered audit log as an xlsx file in the temp directory (streamed page by page, newest first, bounded by
 * AUDIT_EXPORT_MAX_ROWS), with the actions' labels in the reader's language and times in Asia/Shanghai.
 * Rows are stored masked (auditRow), so the file holds nothing the page does not show.
 */
export async function auditXlsx(db: DbOrTx, f: Omit<AuditFilter, 'page' | 'pageSize'>, locale: Locale): Promise<string> {
  const L = EXPORT_LABELS[locale];
  const file = path.join(os.tmpdir(), `lj-audit-${uuidv7()}.xlsx`);
  const where = auditWhere(f);
  async function* rows(): AsyncGenerator<Cell[]> {
    if (where === null) return;
    const size = 2000;
    let after: { at: Date; id: string } | null = null;
    let n = 0;
    while (n < AUDIT_EXPORT_MAX_ROWS) {
      // keyset paging on (at, id) descending: stable while new rows arrive, and no OFFSET scan
      const page: (typeof auditLog.$inferSelect)[] = await db.select().from(auditLog)
        .where(and(where, after ? sql`(${auditLog.at}, ${auditLog.id}) < (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)` : undefined))
        .orderBy(desc(auditLog.at), desc(auditLog.id)).limit(Math.min(size, AUDIT_EXPORT_MAX_ROWS - n));
      for (const r of page) {
        yield [shanghaiMinute(r.at), r.actorName ?? '', labelOf(AUDIT_ACTION_LABELS, r.action, locale), r.action, r.entityType, r.entityId,
          jsonCell(r.before), jsonCell(r.after), r.requestId ?? ''];
      }
      n += page.length;
      if (page.length < size) return;
      const last = page[page.length - 1];
      after = { at: last.at, id: last.id };
    }
    yield [L.cut.replace('{n}', String(AUDIT_EXPORT_MAX_ROWS))];
  }
  await writeXlsx(file, L.sheet, L.header, rows(), { widths: [17, 12, 20, 24, 14, 38, 50, 50, 20], textColumns: [6] });
  return file;
}
