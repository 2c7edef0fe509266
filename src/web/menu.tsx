/**
 * The navigation table: one line per page. The side menu shows an entry only when the user holds
 * its permission (platform admins hold all); the router mounts the same entries, so a page
 * reached by URL without the permission answers 403.
 *
 * To add a page (organisations, members, units, alliances…): write `pages/XxxPage.tsx` with a
 * default export, add a `menu.xxx` key to both dictionaries in i18n.ts, and add one line here.
 */
import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import {
  ApartmentOutlined, AuditOutlined, BankOutlined, BookOutlined, CalendarOutlined, CheckSquareOutlined, FlagOutlined, HomeOutlined, IdcardOutlined, ImportOutlined,
  ProjectOutlined, ReadOutlined, ScheduleOutlined, SoundOutlined, TeamOutlined, TrophyOutlined, UnorderedListOutlined, UsergroupAddOutlined, UserOutlined,
} from '@ant-design/icons';
import type { Permission } from '../shared/roles.ts';
import type { MessageKey } from './i18n.ts';

export interface MenuEntry {
  key: string;
  /** Route path; the entry is selected for this path and everything below it. */
  path: string;
  labelKey: MessageKey;
  icon: ReactNode;
  /** Needed to see the entry and open its page; absent = every signed-in user. */
  permission?: Permission;
  page: LazyExoticComponent<ComponentType>;
}

export const MENU: readonly MenuEntry[] = [
  { key: 'home', path: '/', labelKey: 'menu.home', icon: <HomeOutlined />, page: lazy(() => import('./pages/HomePage.tsx')) },
  { key: 'orgs', path: '/orgs', labelKey: 'menu.orgs', icon: <ApartmentOutlined />, permission: 'directory.read', page: lazy(() => import('./pages/directory/OrgsPage.tsx')) },
  { key: 'members', path: '/members', labelKey: 'menu.members', icon: <TeamOutlined />, permission: 'members.read', page: lazy(() => import('./pages/directory/MembersPage.tsx')) },
  { key: 'membersImport', path: '/members/import', labelKey: 'menu.membersImport', icon: <ImportOutlined />, permission: 'members.write', page: lazy(() => import('./pages/directory/ImportPage.tsx')) },
  { key: 'units', path: '/units', labelKey: 'menu.units', icon: <BankOutlined />, permission: 'directory.read', page: lazy(() => import('./pages/directory/UnitsPage.tsx')) },
  { key: 'alliances', path: '/alliances', labelKey: 'menu.alliances', icon: <UsergroupAddOutlined />, permission: 'directory.read', page: lazy(() => import('./pages/directory/AlliancesPage.tsx')) },
  { key: 'judging', path: '/judging', labelKey: 'menu.judging', icon: <TrophyOutlined />, permission: 'contests.score', page: lazy(() => import('./pages/cluster/JudgePage.tsx')) },
  { key: 'myPledges', path: '/my-pledges', labelKey: 'menu.myPledges', icon: <FlagOutlined />, permission: 'pledges.self', page: lazy(() => import('./pages/cluster/PledgesPage.tsx')) },
  { key: 'projects', path: '/projects', labelKey: 'menu.projects', icon: <UnorderedListOutlined />, permission: 'cluster.read', page: lazy(() => import('./pages/cluster/ProjectsPage.tsx')) },
  { key: 'pledgeReview', path: '/pledge-reviews', labelKey: 'menu.pledgeReview', icon: <CheckSquareOutlined />, permission: 'cluster.write', page: lazy(() => import('./pages/cluster/PledgeReviewPage.tsx')) },
  { key: 'contests', path: '/contests', labelKey: 'menu.contests', icon: <ProjectOutlined />, permission: 'contests.manage', page: lazy(() => import('./pages/cluster/ContestsPage.tsx')) },
  { key: 'plaques', path: '/plaques', labelKey: 'menu.plaques', icon: <IdcardOutlined />, permission: 'cluster.read', page: lazy(() => import('./pages/cluster/PlaquesPage.tsx')) },
  { key: 'my', path: '/my', labelKey: 'menu.my', icon: <UserOutlined />, permission: 'activities.self', page: lazy(() => import('./pages/activities/MyPage.tsx')) },
  { key: 'activities', path: '/activities', labelKey: 'menu.activities', icon: <ScheduleOutlined />, permission: 'activities.read', page: lazy(() => import('./pages/activities/ActivitiesPage.tsx')) },
  { key: 'quizzes', path: '/quizzes', labelKey: 'menu.quizzes', icon: <ReadOutlined />, permission: 'activities.read', page: lazy(() => import('./pages/activities/QuizzesPage.tsx')) },
  { key: 'lectures', path: '/lectures', labelKey: 'menu.lectures', icon: <SoundOutlined />, permission: 'activities.read', page: lazy(() => import('./pages/activities/LecturesPage.tsx')) },
  { key: 'courseware', path: '/courseware', labelKey: 'menu.courseware', icon: <BookOutlined />, permission: 'activities.read', page: lazy(() => import('./pages/activities/CoursewarePage.tsx')) },
  { key: 'compliance', path: '/activities/compliance', labelKey: 'menu.compliance', icon: <CalendarOutlined />, permission: 'activities.read', page: lazy(() => import('./pages/activities/CompliancePage.tsx')) },
  { key: 'audit', path: '/audit', labelKey: 'menu.audit', icon: <AuditOutlined />, permission: 'audit.read', page: lazy(() => import('./pages/AuditPage.tsx')) },
];

/** The entry whose path is the longest prefix of `pathname` (so /audit/123 selects "audit"). */
export function menuEntryFor(pathname: string): MenuEntry | undefined {
  let best: MenuEntry | undefined;
  for (const entry of MENU) {
    const matches =
      entry.path === '/' ? pathname === '/' : pathname === entry.path || pathname.startsWith(`${entry.path}/`);
    if (matches && (!best || entry.path.length > best.path.length)) best = entry;
  }
  return best;
}
