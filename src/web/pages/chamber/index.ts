/** The chamber of commerce (骆驼商会): people's mediation (the register, intake, the mediator's case page) and the service alliance (dispatch, the agency's inbox, the enterprise's requests). */
import { lazy } from 'react';
import { ApartmentOutlined, AuditOutlined, CustomerServiceOutlined, ReconciliationOutlined, RiseOutlined } from '@ant-design/icons';
import { defineCapability } from '../../capability.ts';
import { growthEn, growthZh } from './growth-messages.ts';
import { enUS, zhCN } from './messages.ts';

export default defineCapability({
  name: 'chamber',
  messages: { 'zh-CN': { ...zhCN, ...growthZh }, 'en-US': { ...enUS, ...growthEn } },
  menu: [
    { key: 'mediation', path: '/mediation', labelKey: 'menu.mediation', icon: AuditOutlined, group: 'chamber', permission: 'mediation.handle', page: lazy(() => import('./MediationPage.tsx')) },
    { key: 'services', path: '/services', labelKey: 'menu.services', icon: CustomerServiceOutlined, group: 'chamber', permission: 'services.request', page: lazy(() => import('./ServicesPage.tsx')) },
    { key: 'ledgers', path: '/duties', labelKey: 'menu.ledgers', icon: ReconciliationOutlined, group: 'chamber', permission: 'duty.read', page: lazy(() => import('./DutyPage.tsx')) },
    { key: 'growth', path: '/growth', labelKey: 'menu.growth', icon: RiseOutlined, group: 'chamber', permission: 'growth.read', page: lazy(() => import('./GrowthPage.tsx')) },
    { key: 'workflows', path: '/workflows', labelKey: 'menu.workflows', icon: ApartmentOutlined, group: 'chamber', permission: 'duty.read', page: lazy(() => import('./WorkflowsPage.tsx')) },
  ],
});
