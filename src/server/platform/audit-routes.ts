import { AuditEntry, AuditQuery, pageOf } from '../../shared/api.ts';
import { listAudit } from './audit.ts';
import { principalOf, typed, type App } from './context.ts';
import { notFound } from './errors.ts';
import { holdsAnywhere, regionsWith } from './scope.ts';

export async function auditRoutes(app: App): Promise<void> {
  const { database } = app.deps;
  typed(app).get('/api/v1/audit', {
    schema: {
      tags: ['audit'], summary: 'Browse the audit log (region admins: their regions)',
      querystring: AuditQuery, response: { 200: pageOf(AuditEntry) },
    },
  }, async (req) => {
    const p = principalOf(req);
    if (!holdsAnywhere(p, 'audit.read')) throw notFound();
    let regionIds: string[] | 'all' = p.isPlatformAdmin ? 'all' : regionsWith(p, 'audit.read');
    if (req.query.regionId) {
      if (regionIds !== 'all' && !regionIds.includes(req.query.regionId)) throw notFound();
      regionIds = [req.query.regionId];
    }
    return listAudit(database.db, { ...req.query, regionIds });
  });
}
