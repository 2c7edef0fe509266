import { useState } from 'react';
import { Alert, App, Button, Flex, Form, Input, Modal } from 'antd';
import { platformApi } from '../pages/platform/api.ts';
import { errorText, fieldErrors } from '../errors.ts';
import { useT } from '../i18n.ts';

/** Same rule as ChangePasswordBody in src/shared/api.ts. */
const MIN_PASSWORD_LENGTH = 10;

interface Values {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}
const FIELDS = ['currentPassword', 'newPassword'] as const;

export function ChangePasswordModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  return (
    <Modal
      open={open}
      title={t('password.title')}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
      width={440}
    >
      <ChangePasswordForm onDone={onClose} />
    </Modal>
  );
}

/** The form alone; `forced`: the first-password screen, with no way to cancel. */
export function ChangePasswordForm({ onDone, forced = false }: { onDone: () => void; forced?: boolean }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (values: Values) => {
    setSubmitting(true);
    setError(null);
    try {
      await platformApi.changePassword({ currentPassword: values.currentPassword, newPassword: values.newPassword });
      message.success(t('password.success'));
      onDone();
    } catch (err) {
      setError(errorText(err, t));
      form.setFields(fieldErrors(err, FIELDS));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Form<Values> form={form} layout="vertical" onFinish={submit} requiredMark={false} autoComplete="off">
      {error && (
        <Alert type="error" showIcon title={error} data-testid="password-error" style={{ marginBottom: 16 }} />
      )}
      <Form.Item
        name="currentPassword"
        label={t('password.current')}
        rules={[{ required: true, message: t('password.currentRequired') }]}
      >
        <Input.Password autoComplete="current-password" data-testid="password-current" autoFocus />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label={t('password.new')}
        dependencies={['currentPassword']}
        rules={[
          { required: true, message: t('password.newRequired') },
          { min: MIN_PASSWORD_LENGTH, message: t('password.newTooShort', { min: MIN_PASSWORD_LENGTH }) },
          ({ getFieldValue }) => ({
            validator: (_, value: string | undefined) =>
              value && value === getFieldValue('currentPassword')
                ? Promise.reject(new Error(t('password.newSameAsCurrent')))
                : Promise.resolve(),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid="password-new" />
      </Form.Item>
      <Form.Item
        name="confirmPassword"
        label={t('password.confirm')}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('password.confirmRequired') },
          ({ getFieldValue }) => ({
            validator: (_, value: string | undefined) =>
              !value || value === getFieldValue('newPassword')
                ? Promise.resolve()
                : Promise.reject(new Error(t('password.confirmMismatch'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid="password-confirm" />
      </Form.Item>
      <Flex justify="end" gap={8}>
        {!forced && (
          <Button onClick={onDone} disabled={submitting}>
            {t('password.cancel')}
          </Button>
        )}
        <Button type="primary" htmlType="submit" loading={submitting} data-testid="password-submit">
          {t('password.submit')}
        </Button>
      </Flex>
    </Form>
  );
}
