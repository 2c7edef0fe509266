import { CLUSTER_AUDIT_ACTIONS, CLUSTER_PERMISSIONS } from '../../../shared/capabilities/cluster.ts';
import { defineCapability } from '../../platform/capability.ts';
import { clusterFigures } from './figures.ts';
import { clusterMessages } from './messages.ts';
import { clusterRoutes } from './routes.ts';
import {
  clusterAttachments, contestCriteria, contestEntries, contestJudges, contests, contestScores, plaqueCampaigns, plaqueHouseholdMembers,
  plaqueHouseholds, pledgeCategories, pledges, projectMilestones, projectReports, projects,
} from './schema.ts';
import { seedCluster } from './seed.ts';
import { clusterTodos } from './todos.ts';

/** The 五朵金花 cluster's work: household plaques, pledges, three-level projects and the judged contest. */
export const cluster = defineCapability({
  name: 'cluster',
  routes: clusterRoutes,
  permissions: CLUSTER_PERMISSIONS,
  auditActions: CLUSTER_AUDIT_ACTIONS,
  messages: clusterMessages,
  figures: clusterFigures,
  seed: async ({ db, password, now }) => seedCluster(db, { password, now }),
  tables: {
    region: [
      pledgeCategories, pledges, projects, projectMilestones, projectReports, contests, contestCriteria, contestEntries, contestJudges,
      contestScores, plaqueCampaigns, plaqueHouseholds, plaqueHouseholdMembers, clusterAttachments,
    ],
    shared: [],
  },
  todos: clusterTodos,
});
