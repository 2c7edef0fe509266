/** Money (issue 15): party dues — the collector's monthly sheet of a branch. */
import { lazy } from 'react';
import { AccountBookOutlined } from '@ant-design/icons';
import { defineCapability } from '../../capability.ts';
import { enUS, zhCN } from './messages.ts';

export default defineCapability({
  name: 'money',
  messages: { 'zh-CN': zhCN, 'en-US': enUS },
  menu: [
    { key: 'duesSheet', path: '/dues', labelKey: 'menu.duesSheet', icon: AccountBookOutlined, permission: 'dues.read', page: lazy(() => import('./DuesSheetPage.tsx')) },
  ],
});
