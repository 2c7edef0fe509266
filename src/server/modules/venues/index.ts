import { VENUES_AUDIT_ACTIONS, VENUES_PERMISSIONS } from '../../../shared/capabilities/venues.ts';
import { defineCapability } from '../../platform/capability.ts';
import { venuesMessages } from './messages.ts';
import { venuesRoutes } from './routes.ts';
import { venueBlackouts, venueBookings, venueResources, venueSeries, venueVisits } from './schema.ts';
import { seedVenues } from './seed.ts';

/** Shared venues (共享阵地): bookable resources of orgs and units, bookings without double booking, visits. */
export const venues = defineCapability({
  name: 'venues',
  routes: venuesRoutes,
  permissions: VENUES_PERMISSIONS,
  auditActions: VENUES_AUDIT_ACTIONS,
  messages: venuesMessages,
  seed: async ({ db, now }) => { await seedVenues(db, { now }); return {}; },
  tables: { region: [venueResources, venueBlackouts, venueSeries, venueBookings, venueVisits], shared: [] },
});
