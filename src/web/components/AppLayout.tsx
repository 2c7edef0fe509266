import { createElement, Suspense, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { Breadcrumb, Button, Drawer, Flex, Layout, Menu, Spin, type MenuProps } from 'antd';
import { MenuOutlined } from '@ant-design/icons';
import { useAuth } from '../auth.tsx';
import { useIsMobile } from '../hooks.ts';
import { hasMessage, useT, type MessageKey } from '../i18n.ts';
import { menuEntryFor, menuGroupsFor, useHiddenEntries } from '../menu.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { UserMenu } from './UserMenu.tsx';
import { GlobalSearch } from '../pages/directory/GlobalSearch.tsx';
import { NotifyBell } from '../pages/messages/Bell.tsx';

const { Header, Sider, Content } = Layout;

function NavMenu({ onNavigate }: { onNavigate?: () => void }) {
  const t = useT();
  const { me } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  const { hidden, ready } = useHiddenEntries(me);
  const groups = menuGroupsFor(me, hidden);
  const visible = groups.flatMap(([, entries]) => entries);
  const selected = menuEntryFor(location.pathname);
  const [closed, setClosed] = useState<string[]>(() => readClosedGroups());

  const item = (entry: (typeof visible)[number]) => ({
    key: entry.key,
    icon: createElement(entry.icon),
    label: <span data-path={entry.path}>{t(entry.labelKey)}</span>,
  });
  // one line per capability group (open unless the user closed it), top-level lines (home) as they are
  const items: MenuProps['items'] = groups.flatMap(([group, entries]): NonNullable<MenuProps['items']> => (group === 'none' || !hasMessage(`menu.group.${group}`)
    ? entries.map(item)
    : [{ key: `group:${group}`, label: t(`menu.group.${group}` as MessageKey), children: entries.map(item) }]));
  const groupKeys = groups.map(([g]) => `group:${g}`);

  return (
    <Menu
      data-testid="side-menu"
      data-ready={ready}
      mode="inline"
      items={items}
      selectedKeys={selected ? [selected.key] : []}
      openKeys={groupKeys.filter((k) => !closed.includes(k))}
      onOpenChange={(open) => {
        const next = groupKeys.filter((k) => !open.includes(k));
        setClosed(next);
        try { localStorage.setItem(CLOSED_GROUPS_KEY, JSON.stringify(next)); } catch { /* private mode */ }
      }}
      style={{ borderInlineEnd: 'none' }}
      onClick={({ key }) => {
        const entry = visible.find((e) => e.key === key);
        if (entry && entry.path !== location.pathname) navigate(entry.path);
        onNavigate?.();
      }}
    />
  );
}

const CLOSED_GROUPS_KEY = 'lianjian.menu.closed';
function readClosedGroups(): string[] {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(CLOSED_GROUPS_KEY) ?? '[]');
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch { return []; }
}

/** Where the page is: 首页 / its menu group / its menu entry (a link when deeper) / 详情 for a page below it. */
function Breadcrumbs() {
  const t = useT();
  const location = useLocation();
  const entry = menuEntryFor(location.pathname);
  if (!entry || entry.path === '/') return null;
  const deeper = location.pathname !== entry.path;
  const group = entry.group && entry.group !== 'none' && hasMessage(`menu.group.${entry.group}`) ? t(`menu.group.${entry.group}` as MessageKey) : null;
  const items = [
    { title: <Link to="/">{t('menu.home')}</Link> },
    ...(group ? [{ title: group }] : []),
    { title: deeper ? <Link to={entry.path}>{t(entry.labelKey)}</Link> : t(entry.labelKey) },
    ...(deeper ? [{ title: t('crumb.detail') }] : []),
  ];
  return <Breadcrumb aria-label={t('crumb.label')} data-testid="breadcrumbs" items={items} style={{ marginBottom: 8 }} />;
}

function Brand({ collapsed }: { collapsed?: boolean }) {
  const t = useT();
  return (
    <Flex align="center" gap={8} className="brand">
      <img src="/favicon.svg" alt="" width={28} height={28} />
      {!collapsed && <span className="brand-name">{t('app.name')}</span>}
    </Flex>
  );
}

export function AppLayout() {
  const t = useT();
  const isMobile = useIsMobile();
  const [collapsed, setCollapsed] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);
  // The drawer only exists on narrow screens; widening the window must not leave it open.
  const showDrawer = isMobile && drawerOpen;

  return (
    <Layout className="app-layout">
      {!isMobile && (
        <Sider
          theme="light"
          collapsible
          collapsed={collapsed}
          onCollapse={setCollapsed}
          width={220}
          className="app-sider"
          style={{ position: 'sticky', top: 0, height: '100vh' }}
        >
          {/* the menu scrolls on its own, above the collapse trigger, so no entry hides behind it */}
          <Flex vertical style={{ height: '100%' }}>
            <div className="sider-brand">
              <img src="/favicon.svg" alt={t('app.name')} width={28} height={28} />
            </div>
            <div style={{ flex: 1, minHeight: 0, overflowY: 'auto' }}>
              <NavMenu />
            </div>
          </Flex>
        </Sider>
      )}
      <Layout>
        <Header className="app-header">
          <Flex align="center" gap={isMobile ? 4 : 12} className="app-header-left">
            {isMobile && (
              <Button
                type="text"
                icon={<MenuOutlined />}
                aria-label={t('menu.open')}
                data-testid="menu-toggle"
                onClick={() => setDrawerOpen(true)}
              />
            )}
            <span className="app-title">{t('app.name')}</span>
          </Flex>
          <Flex align="center" gap={isMobile ? 4 : 12} className="app-header-right">
            {!isMobile && <GlobalSearch />}
            <NotifyBell />
            <LanguageSwitch size={isMobile ? 'small' : 'middle'} />
            <UserMenu compact={isMobile} />
          </Flex>
        </Header>
        <Content className="app-content">
          <Suspense
            fallback={
              <Flex justify="center" style={{ padding: 48 }}>
                <Spin />
              </Flex>
            }
          >
            <Breadcrumbs />
            <Outlet />
          </Suspense>
        </Content>
      </Layout>
      {isMobile && (
        <Drawer
          placement="left"
          open={showDrawer}
          onClose={() => setDrawerOpen(false)}
          size={260}
          title={<Brand />}
          styles={{ body: { padding: 0 } }}
        >
          <NavMenu onNavigate={() => setDrawerOpen(false)} />
        </Drawer>
      )}
    </Layout>
  );
}
