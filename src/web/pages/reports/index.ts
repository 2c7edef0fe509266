/** Reports (issue 16): a level's party statistics as xlsx and its yearly work report as PDF, from the figures catalogue. */
import { lazy } from 'react';
import { FileExcelOutlined } from '@ant-design/icons';
import { defineCapability } from '../../capability.ts';
import { enUS, zhCN } from './messages.ts';

export default defineCapability({
  name: 'reports',
  messages: { 'zh-CN': zhCN, 'en-US': enUS },
  menu: [
    { key: 'reports', path: '/reports', labelKey: 'menu.reports', icon: FileExcelOutlined, order: -50, group: 'none', permission: 'directory.read', page: lazy(() => import('./ReportsPage.tsx')) },
  ],
  routes: [],
});
