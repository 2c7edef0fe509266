import { COBUILD_AUDIT_ACTIONS, COBUILD_PERMISSIONS } from '../../../shared/capabilities/cobuild.ts';
import { defineCapability } from '../../platform/capability.ts';
import { cobuildMessages } from './messages.ts';
import { cobuildFigures } from './figures.ts';
import { cobuildRoutes } from './routes.ts';
import { agendaItems, jointHosts, jointRoles, meetingActionFiles, meetingActions, meetingAttendees, meetings, needClaims, needDispatches, needResources, needResults, needs, resources, coprojects } from './schema.ts';
import { seedCobuild } from './seed.ts';
import { cobuildTodos } from './todos.ts';

/** Co-building (联建, 白峰 动脉党建): the joint meeting's needs list, dispatched to orgs and units and tracked to a result. */
export const cobuild = defineCapability({
  name: 'cobuild',
  routes: cobuildRoutes,
  permissions: COBUILD_PERMISSIONS,
  auditActions: COBUILD_AUDIT_ACTIONS,
  messages: cobuildMessages,
  seed: async ({ db, password, now }) => seedCobuild(db, { password, now }),
  figures: cobuildFigures,
  tables: { region: [needs, needDispatches, needClaims, needResults, jointRoles, jointHosts, meetings, meetingAttendees, agendaItems, meetingActions, meetingActionFiles, resources, needResources, coprojects], shared: [] },
  todos: cobuildTodos,
});
