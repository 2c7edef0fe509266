import { DIRECTORY_AUDIT_ACTIONS, DIRECTORY_PERMISSIONS } from '../../../shared/capabilities/directory.ts';
import { defineCapability } from '../../platform/capability.ts';
import { directoryFigures } from './figures.ts';
import { directoryMessages } from './messages.ts';
import { directoryRoutes } from './routes.ts';
import { allianceOrgs, alliances, allianceUnits, members, memberTransfers, orgs, regions, units } from './schema.ts';
import { seedDirectory } from './seed.ts';
import { directoryTodos } from './todos.ts';

/** Regions, the organisation tree, units, alliances and the member roster. */
export const directory = defineCapability({
  name: 'directory',
  routes: directoryRoutes,
  permissions: DIRECTORY_PERMISSIONS,
  auditActions: DIRECTORY_AUDIT_ACTIONS,
  messages: directoryMessages,
  figures: directoryFigures,
  seed: async ({ db, password, now }) => seedDirectory(db, { password, now }),
  tables: {
    region: [orgs, units, alliances, allianceOrgs, allianceUnits, members, memberTransfers],
    shared: [regions],
  },
  todos: directoryTodos,
});
