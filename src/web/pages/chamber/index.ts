/** The chamber of commerce (骆驼商会): people's mediation (the register, intake, the mediator's case page) and the service alliance (dispatch, the agency's inbox, the enterprise's requests). */
import { lazy } from 'react';
import { AuditOutlined, CustomerServiceOutlined, ReconciliationOutlined } from '@ant-design/icons';
import { defineCapability } from '../../capability.ts';
import { enUS, zhCN } from './messages.ts';

export default defineCapability({
  name: 'chamber',
  messages: { 'zh-CN': zhCN, 'en-US': enUS },
  menu: [
    { key: 'mediation', path: '/mediation', labelKey: 'menu.mediation', icon: AuditOutlined, group: 'chamber', permission: 'mediation.handle', page: lazy(() => import('./MediationPage.tsx')) },
    { key: 'services', path: '/services', labelKey: 'menu.services', icon: CustomerServiceOutlined, group: 'chamber', permission: 'services.request', page: lazy(() => import('./ServicesPage.tsx')) },
    { key: 'ledgers', path: '/duties', labelKey: 'menu.ledgers', icon: ReconciliationOutlined, group: 'chamber', permission: 'duty.read', page: lazy(() => import('./DutyPage.tsx')) },
  ],
});
