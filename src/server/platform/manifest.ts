import { PLATFORM_AUDIT_ACTIONS, PLATFORM_PERMISSIONS } from '../../shared/capabilities/platform.ts';
import { auditRoutes } from './audit-routes.ts';
import { backupRoutes } from './backup-routes.ts';
import { authRoutes } from './auth/routes.ts';
import { defineCapability } from './capability.ts';
import { auditLog, grants, sessions, users } from './schema.ts';

/** The platform declared like a capability: sign-in, users and grants, the audit log. */
export const platformCapability = defineCapability({
  name: 'platform',
  routes: async (app) => {
    await app.register(authRoutes);
    await app.register(auditRoutes);
    await app.register(backupRoutes);
  },
  permissions: PLATFORM_PERMISSIONS,
  auditActions: PLATFORM_AUDIT_ACTIONS,
  messages: {},
  tables: { region: [grants, auditLog], shared: [users, sessions] },
});
