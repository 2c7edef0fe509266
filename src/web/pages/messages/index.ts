/** The message centre (the bell's list, notices) and the region admin's outbound channels (docs/notifications.md). */
import { lazy } from 'react';
import { MailOutlined, SendOutlined } from '@ant-design/icons';
import { defineCapability } from '../../capability.ts';
import { enUS, zhCN } from './messages.ts';

export default defineCapability({
  name: 'notify',
  messages: { 'zh-CN': zhCN, 'en-US': enUS },
  menu: [
    { key: 'messages', path: '/messages', labelKey: 'notify.menu.messages', icon: MailOutlined, order: -80, group: 'none', page: lazy(() => import('./MessagesPage.tsx')) },
    { key: 'notify-channels', path: '/notify/channels', labelKey: 'notify.menu.channels', icon: SendOutlined, order: 90, group: 'admin', permission: 'notify.manage', page: lazy(() => import('./ChannelsPage.tsx')) },
  ],
  routes: [],
});
