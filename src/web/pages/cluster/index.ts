/** Cluster work (五朵金花): contest scoring, pledges, projects, pledge reviews, contests, household plaques. */
import { lazy } from 'react';
import { CheckSquareOutlined, FlagOutlined, IdcardOutlined, ProjectOutlined, TrophyOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { defineCapability } from '../../capability.ts';
import { enUS, zhCN } from './messages.ts';

export default defineCapability({
  name: 'cluster',
  messages: { 'zh-CN': zhCN, 'en-US': enUS },
  menu: [
    { key: 'judging', path: '/judging', labelKey: 'menu.judging', icon: TrophyOutlined, group: 'mine', personal: 'grant', permission: 'contests.score', page: lazy(() => import('./JudgePage.tsx')) },
    { key: 'myPledges', path: '/my-pledges', labelKey: 'menu.myPledges', icon: FlagOutlined, group: 'mine', personal: 'member', permission: 'pledges.self', page: lazy(() => import('./PledgesPage.tsx')) },
    { key: 'projects', path: '/projects', labelKey: 'menu.projects', icon: UnorderedListOutlined, permission: 'cluster.read', page: lazy(() => import('./ProjectsPage.tsx')) },
    { key: 'pledgeReview', path: '/pledge-reviews', labelKey: 'menu.pledgeReview', icon: CheckSquareOutlined, permission: 'cluster.write', page: lazy(() => import('./PledgeReviewPage.tsx')) },
    { key: 'contests', path: '/contests', labelKey: 'menu.contests', icon: ProjectOutlined, permission: 'contests.manage', page: lazy(() => import('./ContestsPage.tsx')) },
    { key: 'plaques', path: '/plaques', labelKey: 'menu.plaques', icon: IdcardOutlined, permission: 'cluster.read', page: lazy(() => import('./PlaquesPage.tsx')) },
  ],
});
