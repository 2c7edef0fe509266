import { ACTIVITIES_AUDIT_ACTIONS, ACTIVITIES_PERMISSIONS } from '../../../shared/capabilities/activities.ts';
import { defineCapability } from '../../platform/capability.ts';
import { activitiesFigures } from './figures.ts';
import { activitiesMessages } from './messages.ts';
import { activitiesRoutes } from './routes.ts';
import {
  activities, activityAttendees, activityCheckins, activityPhotos, activitySeries, complianceRules, courseware, coursewareProgress,
  lecturers, lectureRequests, lectureTeams, questions, quizAttempts, quizzes,
} from './schema.ts';
import { seedActivities } from './seed.ts';
import { activitiesTodos } from './todos.ts';

/** 三会一课 and other activities, compliance, the lecture team, courseware and quiz competitions. */
export const activitiesCapability = defineCapability({
  name: 'activities',
  routes: activitiesRoutes,
  permissions: ACTIVITIES_PERMISSIONS,
  auditActions: ACTIVITIES_AUDIT_ACTIONS,
  messages: activitiesMessages,
  figures: activitiesFigures,
  seed: async ({ db, now }) => { await seedActivities(db, { now }); return {}; },
  tables: {
    region: [
      activitySeries, activities, activityPhotos, activityAttendees, activityCheckins, complianceRules, lectureTeams, lecturers,
      lectureRequests, courseware, coursewareProgress, questions, quizzes, quizAttempts,
    ],
    shared: [],
  },
  todos: activitiesTodos,
});
