/** The platform's pages: home, the audit log and the sign-in page (the 403 / 404 pages are App.tsx's). */
import { lazy } from 'react';
import { AuditOutlined, HomeOutlined } from '@ant-design/icons';
import { defineCapability } from '../../capability.ts';
import { enUS, zhCN } from './messages.ts';

export default defineCapability({
  name: 'platform',
  messages: { 'zh-CN': zhCN, 'en-US': enUS },
  menu: [
    { key: 'home', path: '/', labelKey: 'menu.home', icon: HomeOutlined, order: -100, group: 'none', page: lazy(() => import('./HomePage.tsx')) },
    { key: 'audit', path: '/audit', labelKey: 'menu.audit', icon: AuditOutlined, order: 100, group: 'admin', permission: 'audit.read', page: lazy(() => import('./AuditPage.tsx')) },
  ],
  routes: [{ path: '/login', public: true, page: lazy(() => import('./LoginPage.tsx')) }],
});
