/** Activities and learning: the member's own page, activities, quizzes, the lecture team, courseware, 三会一课. */
import { lazy } from 'react';
import { BookOutlined, CalendarOutlined, ReadOutlined, ScheduleOutlined, SoundOutlined, UserOutlined } from '@ant-design/icons';
import { defineCapability } from '../../capability.ts';
import { enUS, zhCN } from './messages.ts';

export default defineCapability({
  name: 'activities',
  messages: { 'zh-CN': zhCN, 'en-US': enUS },
  menu: [
    { key: 'my', path: '/my', labelKey: 'menu.my', icon: UserOutlined, group: 'mine', personal: 'member', permission: 'activities.self', page: lazy(() => import('./MyPage.tsx')) },
    { key: 'activities', path: '/activities', labelKey: 'menu.activities', icon: ScheduleOutlined, permission: 'activities.read', page: lazy(() => import('./ActivitiesPage.tsx')) },
    { key: 'quizzes', path: '/quizzes', labelKey: 'menu.quizzes', icon: ReadOutlined, permission: 'activities.read', page: lazy(() => import('./QuizzesPage.tsx')) },
    { key: 'lectures', path: '/lectures', labelKey: 'menu.lectures', icon: SoundOutlined, permission: 'activities.read', page: lazy(() => import('./LecturesPage.tsx')) },
    { key: 'courseware', path: '/courseware', labelKey: 'menu.courseware', icon: BookOutlined, permission: 'activities.read', page: lazy(() => import('./CoursewarePage.tsx')) },
    { key: 'compliance', path: '/activities/compliance', labelKey: 'menu.compliance', icon: CalendarOutlined, permission: 'activities.read', page: lazy(() => import('./CompliancePage.tsx')) },
  ],
});
