import { createElement, Suspense, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { Button, Drawer, Flex, Layout, Menu, Spin, type MenuProps } from 'antd';
import { MenuOutlined } from '@ant-design/icons';
import { hasPermission, useAuth } from '../auth.tsx';
import { useIsMobile } from '../hooks.ts';
import { useT } from '../i18n.ts';
import { MENU, menuEntryFor } from '../menu.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { UserMenu } from './UserMenu.tsx';

const { Header, Sider, Content } = Layout;

function NavMenu({ onNavigate }: { onNavigate?: () => void }) {
  const t = useT();
  const { me } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  const visible = MENU.filter((entry) => hasPermission(me, entry.permission));
  const selected = menuEntryFor(location.pathname);

  const items: MenuProps['items'] = visible.map((entry) => ({
    key: entry.key,
    icon: createElement(entry.icon),
    label: t(entry.labelKey),
  }));

  return (
    <Menu
      data-testid="side-menu"
      mode="inline"
      items={items}
      selectedKeys={selected ? [selected.key] : []}
      style={{ borderInlineEnd: 'none' }}
      onClick={({ key }) => {
        const entry = visible.find((e) => e.key === key);
        if (entry && entry.path !== location.pathname) navigate(entry.path);
        onNavigate?.();
      }}
    />
  );
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
          style={{ position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}
        >
          <div className="sider-brand">
            <img src="/favicon.svg" alt={t('app.name')} width={28} height={28} />
          </div>
          <NavMenu />
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
