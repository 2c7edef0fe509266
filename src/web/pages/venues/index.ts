/** Shared venues (共享阵地): the venues and their calendars, my bookings, the owner's approval queue; volunteer teams and hours. */
import { lazy } from 'react';
import { AuditOutlined, CalendarOutlined, GiftOutlined, HeartOutlined, ScheduleOutlined } from '@ant-design/icons';
import { defineCapability } from '../../capability.ts';
import { enUS, zhCN } from './messages.ts';

export default defineCapability({
  name: 'venues',
  messages: { 'zh-CN': zhCN, 'en-US': enUS },
  menu: [
    { key: 'venues', path: '/venues', labelKey: 'menu.venues', icon: CalendarOutlined, permission: 'venues.book', page: lazy(() => import('./VenuesPage.tsx')) },
    { key: 'myBookings', path: '/my-bookings', labelKey: 'menu.myBookings', icon: ScheduleOutlined, permission: 'venues.book', page: lazy(() => import('./MyBookingsPage.tsx')) },
    { key: 'venueApprovals', path: '/venue-approvals', labelKey: 'menu.venueApprovals', icon: AuditOutlined, permission: 'venues.manage', page: lazy(() => import('./ApprovalsPage.tsx')) },
    { key: 'volunteers', path: '/volunteer-teams', labelKey: 'menu.volunteers', icon: HeartOutlined, permission: 'activities.read', page: lazy(() => import('./VolunteersPage.tsx')) },
    // a team leader signed in as a member: the teams they lead (the same page; the API answers only those)
    {
      key: 'myVolunteerTeams', path: '/my-volunteer-teams', labelKey: 'menu.myVolunteerTeams', icon: HeartOutlined, group: 'mine', personal: 'member', permission: 'activities.self',
      visibleWhen: { path: '/api/v1/volunteer-teams', test: (a) => ((a as { items?: unknown[] }).items ?? []).length > 0 }, page: lazy(() => import('./VolunteersPage.tsx')),
    },
    { key: 'events', path: '/events', labelKey: 'menu.events', icon: GiftOutlined, permission: 'activities.write', page: lazy(() => import('./EventsPage.tsx')) },
  ],
  routes: [{ path: '/e/:token', public: true, page: lazy(() => import('./PublicEventPage.tsx')) }],
});
