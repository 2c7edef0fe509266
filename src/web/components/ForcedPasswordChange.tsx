import { Alert, Button, Card, Flex } from 'antd';
import { useAuth } from '../auth.tsx';
import { useT } from '../i18n.ts';
import { platformApi } from '../pages/platform/api.ts';
import { ChangePasswordForm } from './ChangePasswordModal.tsx';

/** Signed in with a first or reset password: nothing else until the user has chosen their own (the server agrees). */
export function ForcedPasswordChange() {
  const t = useT();
  const { signedIn, signOut } = useAuth();
  return (
    <Flex align="center" justify="center" style={{ minHeight: '100vh', padding: 16 }}>
      <Card title={t('force.title')} style={{ width: 440, maxWidth: '100%' }} data-testid="force-password"
        extra={<Button type="link" onClick={() => void signOut()}>{t('force.logout')}</Button>}>
        <Alert type="info" showIcon title={t('force.help')} style={{ marginBottom: 16 }} />
        <ChangePasswordForm forced onDone={() => void platformApi.me().then(signedIn)} />
      </Card>
    </Flex>
  );
}
