import { VENUES_AUDIT_ACTIONS, VENUES_PERMISSIONS } from '../../../shared/capabilities/venues.ts';
import { defineCapability } from '../../platform/capability.ts';
import { venuesFigures } from './figures.ts';
import { venuesMessages } from './messages.ts';
import { venuesRoutes } from './routes.ts';
import {
  eventPages, eventRegistrations, eventTakings, venueBlackouts, venueBookings, venueResources, venueSeries, venueVisits, volunteerCertificates, volunteerHours, volunteers, volunteerTeamMembers, volunteerTeams,
} from './schema.ts';
import { seedEvents } from './events-seed.ts';
import { seedVenues } from './seed.ts';
import { seedVolunteers } from './volunteers-seed.ts';
import { venuesTodos } from './todos.ts';

/**
 * Shared venues (共享阵地): bookable resources of orgs and units, bookings without double booking, visits; volunteer
 * teams, the service-hours ledger and service record certificates (志愿服务).
 */
export const venues = defineCapability({
  name: 'venues',
  routes: venuesRoutes,
  permissions: VENUES_PERMISSIONS,
  auditActions: VENUES_AUDIT_ACTIONS,
  messages: venuesMessages,
  figures: venuesFigures,
  seed: async ({ db, now }) => { await seedVenues(db, { now }); await seedVolunteers(db, { now }); await seedEvents(db, { now }); return {}; },
  tables: { region: [venueResources, venueBlackouts, venueSeries, venueBookings, venueVisits, volunteerTeams, volunteerTeamMembers, volunteers, volunteerHours, volunteerCertificates, eventPages, eventRegistrations, eventTakings], shared: [] },
  todos: venuesTodos,
});
