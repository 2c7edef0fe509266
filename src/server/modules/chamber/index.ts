import { chamberFigures } from './figures.ts';
import { CHAMBER_AUDIT_ACTIONS, CHAMBER_PERMISSIONS } from '../../../shared/capabilities/chamber.ts';
import { defineCapability } from '../../platform/capability.ts';
import { chamberMessages } from './messages.ts';
import { chamberRoutes } from './routes.ts';
import { dutyEvidence, dutyItems, dutyPublications, dutyReports } from './duty-schema.ts';
import { agencyServices, mediationAgreements, mediationCases, mediationFollowUps, mediationParties, mediationSessions, serviceRequests } from './schema.ts';
import { investmentRecords, mentoringPairs, schoolPartners, talentPlacements, workflowProcedures } from './growth-schema.ts';
import { seedChamber } from './seed.ts';
import { chamberTodos } from './todos.ts';

/** The chamber of commerce (骆驼商会 1+9+N): people's mediation and the one-stop service alliance on the platform's case engine (docs/chamber.md). */
export const chamber = defineCapability({
  name: 'chamber',
  routes: chamberRoutes,
  permissions: CHAMBER_PERMISSIONS,
  auditActions: CHAMBER_AUDIT_ACTIONS,
  messages: chamberMessages,
  seed: async ({ db, password, now }) => seedChamber(db, { password, now }),
  figures: chamberFigures,
  tables: { region: [mediationCases, mediationParties, mediationSessions, mediationAgreements, mediationFollowUps, agencyServices, serviceRequests, dutyItems, dutyEvidence, dutyPublications, dutyReports, mentoringPairs, schoolPartners, talentPlacements, investmentRecords, workflowProcedures], shared: [] },
  todos: chamberTodos,
});
