/** Co-building (联建): the joint meeting's needs list, a recipient's dispatched-needs inbox and a party's own needs. */
import { lazy } from 'react';
import { InboxOutlined, OrderedListOutlined, SolutionOutlined, TeamOutlined } from '@ant-design/icons';
import { defineCapability } from '../../capability.ts';
import { enUS, zhCN } from './messages.ts';

export default defineCapability({
  name: 'cobuild',
  messages: { 'zh-CN': zhCN, 'en-US': enUS },
  menu: [
    { key: 'needInbox', path: '/need-inbox', labelKey: 'menu.needInbox', icon: InboxOutlined, group: 'mine', personal: 'grant', permission: 'cobuild.claim', page: lazy(() => import('./InboxPage.tsx')) },
    { key: 'myNeeds', path: '/my-needs', labelKey: 'menu.myNeeds', icon: SolutionOutlined, group: 'mine', personal: 'grant', permission: 'cobuild.raise', page: lazy(() => import('./MyNeedsPage.tsx')) },
    { key: 'needs', path: '/needs', labelKey: 'menu.needs', icon: OrderedListOutlined, permission: 'cobuild.read', page: lazy(() => import('./NeedsPage.tsx')) },
    { key: 'meetings', path: '/meetings', labelKey: 'menu.meetings', icon: TeamOutlined, permission: 'cobuild.read', page: lazy(() => import('./MeetingsPage.tsx')) },
  ],
});
