/** Directory: organisations, members (and their import), units, alliances. */
import { lazy } from 'react';
import { ApartmentOutlined, BankOutlined, ImportOutlined, TeamOutlined, UsergroupAddOutlined } from '@ant-design/icons';
import { defineCapability } from '../../capability.ts';
import { enUS, zhCN } from './messages.ts';

export default defineCapability({
  name: 'directory',
  messages: { 'zh-CN': zhCN, 'en-US': enUS },
  menu: [
    { key: 'orgs', path: '/orgs', labelKey: 'menu.orgs', icon: ApartmentOutlined, permission: 'directory.read', page: lazy(() => import('./OrgsPage.tsx')) },
    { key: 'members', path: '/members', labelKey: 'menu.members', icon: TeamOutlined, permission: 'members.read', page: lazy(() => import('./MembersPage.tsx')) },
    { key: 'membersImport', path: '/members/import', labelKey: 'menu.membersImport', icon: ImportOutlined, permission: 'members.write', page: lazy(() => import('./ImportPage.tsx')) },
    { key: 'units', path: '/units', labelKey: 'menu.units', icon: BankOutlined, permission: 'directory.read', page: lazy(() => import('./UnitsPage.tsx')) },
    { key: 'alliances', path: '/alliances', labelKey: 'menu.alliances', icon: UsergroupAddOutlined, permission: 'directory.read', page: lazy(() => import('./AlliancesPage.tsx')) },
  ],
});
