import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { App, Button, Dropdown, type MenuProps } from 'antd';
import { DownOutlined, KeyOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { useAuth } from '../auth.tsx';
import { errorText } from '../errors.ts';
import { useT } from '../i18n.ts';
import { ChangePasswordModal } from './ChangePasswordModal.tsx';

/** The signed-in user's name; opens "Change password" and "Sign out". */
export function UserMenu({ compact }: { compact?: boolean }) {
  const t = useT();
  const { me, signOut } = useAuth();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [passwordOpen, setPasswordOpen] = useState(false);

  const items: MenuProps['items'] = [
    {
      key: 'change-password',
      icon: <KeyOutlined />,
      label: <span data-testid="change-password">{t('user.changePassword')}</span>,
    },
    { type: 'divider' },
    {
      key: 'logout',
      icon: <LogoutOutlined />,
      label: <span data-testid="logout">{t('user.logout')}</span>,
    },
  ];

  const onClick: MenuProps['onClick'] = ({ key }) => {
    if (key === 'change-password') setPasswordOpen(true);
    if (key === 'logout') {
      signOut()
        .catch((err: unknown) => message.error(t('user.logoutFailed', { message: errorText(err, t) })))
        .finally(() => navigate('/login', { replace: true }));
    }
  };

  return (
    <>
      <Dropdown menu={{ items, onClick }} trigger={['click']} placement="bottomRight">
        <Button type="text" data-testid="user-menu" aria-label={t('user.menu')} className="user-menu-trigger">
          <UserOutlined />
          <span className="user-menu-name">{me?.user.displayName || me?.user.username}</span>
          {!compact && <DownOutlined style={{ fontSize: 10 }} />}
        </Button>
      </Dropdown>
      <ChangePasswordModal open={passwordOpen} onClose={() => setPasswordOpen(false)} />
    </>
  );
}
