import { useState } from 'react';
import { Navigate, useLocation, useNavigate, type Location } from 'react-router-dom';
import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { platformApi } from './api.ts';
import { FullPageSpinner, useAuth } from '../../auth.tsx';
import { LanguageSwitch } from '../../components/LanguageSwitch.tsx';
import { errorText, fieldErrors } from '../../errors.ts';
import { useT } from '../../i18n.ts';

interface Values {
  username: string;
  password: string;
}
const FIELDS = ['username', 'password'] as const;

/** Where to go after signing in: the page the user was sent away from, else home. */
function targetOf(state: unknown): string {
  const from = (state as { from?: Partial<Location> } | null)?.from;
  if (!from?.pathname || from.pathname === '/login') return '/';
  return `${from.pathname}${from.search ?? ''}${from.hash ?? ''}`;
}

export default function LoginPage() {
  const t = useT();
  const { status, me, signedIn } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const target = targetOf(location.state);

  if (status === 'loading') return <FullPageSpinner />;
  if (me && !submitting) return <Navigate to={target} replace />;

  const submit = async (values: Values) => {
    setSubmitting(true);
    setError(null);
    try {
      const signed = await platformApi.login({ username: values.username.trim(), password: values.password });
      signedIn(signed);
      navigate(target, { replace: true });
    } catch (err) {
      setError(errorText(err, t));
      form.setFields(fieldErrors(err, FIELDS));
      form.setFieldValue('password', '');
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <div className="login-page">
      <Flex justify="end" className="login-topbar">
        <LanguageSwitch />
      </Flex>
      <Flex vertical align="center" justify="center" className="login-main">
        <Card className="login-card">
          <Flex vertical align="center" gap={4} style={{ marginBottom: 24 }}>
            <img src="/favicon.svg" alt="" width={48} height={48} />
            <Typography.Title level={3} data-testid="page-title" style={{ margin: '8px 0 0' }}>
              {t('app.name')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('app.subtitle')}</Typography.Text>
          </Flex>
          {error && (
            <Alert type="error" showIcon title={error} data-testid="login-error" style={{ marginBottom: 16 }} />
          )}
          <Form<Values> form={form} layout="vertical" onFinish={submit} requiredMark={false} size="large">
            <Form.Item
              name="username"
              label={t('login.username')}
              rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
            >
              <Input
                prefix={<UserOutlined />}
                autoComplete="username"
                autoFocus
                maxLength={64}
                data-testid="login-username"
              />
            </Form.Item>
            <Form.Item
              name="password"
              label={t('login.password')}
              rules={[{ required: true, message: t('login.passwordRequired') }]}
            >
              <Input.Password
                prefix={<LockOutlined />}
                autoComplete="current-password"
                maxLength={256}
                data-testid="login-password"
              />
            </Form.Item>
            <Form.Item style={{ marginBottom: 0 }}>
              <Button type="primary" htmlType="submit" block loading={submitting} data-testid="login-submit">
                {t('login.submit')}
              </Button>
            </Form.Item>
          </Form>
        </Card>
      </Flex>
    </div>
  );
}
