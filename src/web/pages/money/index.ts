/** Money (issue 15): party dues — the collector's monthly sheet of a branch; the bridge-loan fund — the officer's workspace, the approver's queues, a member enterprise's page. */
import { lazy } from 'react';
import { AccountBookOutlined, AuditOutlined, BankOutlined, HeartOutlined, ShopOutlined } from '@ant-design/icons';
import { defineCapability } from '../../capability.ts';
import { enUS, zhCN } from './messages.ts';

/** the menu's test of GET /api/v1/funds: the caller opens a fund in that role (an officer's workspace, a member's page) */
const hasFundAs = (role: 'officer' | 'member') => (answer: unknown) => Array.isArray(answer) && answer.some((f: { role?: string }) => f.role === role);

export default defineCapability({
  name: 'money',
  messages: { 'zh-CN': zhCN, 'en-US': enUS },
  menu: [
    { key: 'myDues', path: '/my-dues', labelKey: 'menu.myDues', icon: AccountBookOutlined, group: 'mine', personal: 'member', permission: 'dues.self', page: lazy(() => import('./MyDuesPage.tsx')) },
    { key: 'duesSheet', path: '/dues', labelKey: 'menu.duesSheet', icon: AccountBookOutlined, permission: 'dues.read', page: lazy(() => import('./DuesSheetPage.tsx')) },
    { key: 'fund', path: '/fund', labelKey: 'menu.fund', icon: BankOutlined, permission: 'fund.read', personal: 'grant', visibleWhen: { path: '/api/v1/funds', test: hasFundAs('officer'), or: { path: '/api/v1/fund-orgs' } }, page: lazy(() => import('./FundPage.tsx')) },
    { key: 'fundApprovals', path: '/fund-approvals', labelKey: 'menu.fundApprovals', icon: AuditOutlined, permission: 'fund.approve', personal: 'grant', page: lazy(() => import('./FundApprovalsPage.tsx')) },
    { key: 'charity', path: '/charity', labelKey: 'menu.charity', icon: HeartOutlined, permission: 'charity.read', personal: 'grant', visibleWhen: { path: '/api/v1/charity-funds', or: { path: '/api/v1/charity-orgs' } }, page: lazy(() => import('./CharityPage.tsx')) },
    { key: 'myFund', path: '/my-fund', labelKey: 'menu.myFund', icon: ShopOutlined, permission: 'fund.apply', personal: 'grant', visibleWhen: { path: '/api/v1/funds', test: hasFundAs('member') }, page: lazy(() => import('./MyFundPage.tsx')) },
  ],
  routes: [{ path: '/charity-public/:token', public: true, page: lazy(() => import('./CharityPublicPage.tsx')) }],
});
