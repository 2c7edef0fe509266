/** The big screen (数据大屏, issue 16): a level's figures, trends, sub-orgs and live feeds on a 1920×1080 stage; kiosk links play it signed out. */
import { lazy } from 'react';
import { FundProjectionScreenOutlined } from '@ant-design/icons';
import { defineCapability } from '../../capability.ts';
import { enUS, zhCN } from './messages.ts';

export default defineCapability({
  name: 'bigscreen',
  messages: { 'zh-CN': zhCN, 'en-US': enUS },
  menu: [
    { key: 'bigscreen', path: '/bigscreen', labelKey: 'menu.bigscreen', icon: FundProjectionScreenOutlined, group: 'none', order: -90, permission: 'kiosk.manage', page: lazy(() => import('./BigScreenAdminPage.tsx')) },
  ],
  routes: [
    // full screen, outside the layout: the signed-in view (the page asks for the session itself) and the kiosk
    { path: '/bigscreen-view', public: true, page: lazy(() => import('./BigScreenViewPage.tsx')) },
    { path: '/kiosk/:token', public: true, page: lazy(() => import('./KioskPage.tsx')) },
  ],
});
