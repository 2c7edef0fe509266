/** Accounts and roles: region admins create accounts, grant and revoke roles, reset passwords, disable accounts. */
import { lazy } from 'react';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { defineCapability } from '../../capability.ts';
import { enUS, zhCN } from './messages.ts';

export default defineCapability({
  name: 'accounts',
  messages: { 'zh-CN': zhCN, 'en-US': enUS },
  menu: [
    { key: 'accounts', path: '/accounts', labelKey: 'menu.accounts', icon: SafetyCertificateOutlined, order: 90, group: 'admin', permission: 'users.manage', page: lazy(() => import('./AccountsPage.tsx')) },
  ],
});
