/** The chamber of commerce (骆驼商会): people's mediation — the register, intake and the mediator's case page. */
import { lazy } from 'react';
import { AuditOutlined } from '@ant-design/icons';
import { defineCapability } from '../../capability.ts';
import { enUS, zhCN } from './messages.ts';

export default defineCapability({
  name: 'chamber',
  messages: { 'zh-CN': zhCN, 'en-US': enUS },
  menu: [
    { key: 'mediation', path: '/mediation', labelKey: 'menu.mediation', icon: AuditOutlined, group: 'chamber', permission: 'mediation.handle', page: lazy(() => import('./MediationPage.tsx')) },
  ],
});
