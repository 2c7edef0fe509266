import { AuditEntry, AuditQuery, pageOf } from '../../shared/api.ts';
import { todayShanghai } from '../../shared/dates.ts';
import { audit, auditXlsx, listAudit } from './audit.ts';
import { actorOf, principalOf, typed, type App } from './context.ts';
import { localeOf, notFound } from './errors.ts';
import { holdsAnywhere, regionsWith, type Principal } from './scope.ts';
import { sendXlsx } from './xlsx.ts';

const NO_REGION = '00000000-0000-0000-0000-000000000000';

/** The regions whose audit rows the caller may read, narrowed to the one asked for (404 when it is not theirs). */
function readableRegions(p: Principal, regionId: string | undefined): string[] | 'all' {
  if (!holdsAnywhere(p, 'audit.read')) throw notFound();
  const regionIds: string[] | 'all' = p.isPlatformAdmin ? 'all' : regionsWith(p, 'audit.read');
  if (!regionId) return regionIds;
  if (regionIds !== 'all' && !regionIds.includes(regionId)) throw notFound();
  return [regionId];
}

export async function auditRoutes(app: App): Promise<void> {
  const { database } = app.deps;
  const r = typed(app);
  r.get('/api/v1/audit', {
    schema: {
      tags: ['audit'], summary: 'Browse the audit log (region admins: their regions)',
      querystring: AuditQuery, response: { 200: pageOf(AuditEntry) },
    },
  }, async (req) => listAudit(database.db, { ...req.query, regionIds: readableRegions(principalOf(req), req.query.regionId) }));

  r.get('/api/v1/audit.xlsx', {
    schema: {
      tags: ['audit'], summary: 'The filtered audit log as xlsx (newest first, at most 100,000 rows); the export is itself audited',
      querystring: AuditQuery.omit({ page: true, pageSize: true }),
    },
  }, async (req, reply) => {
    const actor = actorOf(req);
    const regionIds = readableRegions(actor.principal!, req.query.regionId);
    const file = await auditXlsx(database.db, { ...req.query, regionIds }, localeOf(req));
    const regionId = req.query.regionId ?? (regionIds !== 'all' && regionIds.length === 1 ? regionIds[0] : NO_REGION);
    await audit(database.db, actor, { regionId, action: 'audit.export', entityType: 'audit', entityId: 'list', after: req.query });
    return sendXlsx(reply, file, `audit-${todayShanghai(Date.now())}.xlsx`, { temporary: true });
  });
}
