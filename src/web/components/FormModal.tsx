/**
 * The one modal form: it owns the busy state, the error alert above the form and the server's per-field
 * errors (applyServerErrors), and submits through the form's own validation. The caller gives the fields,
 * the initial values and `onSubmit(values)`: a promise that throws the ApiError of a refused save.
 *
 *   <FormModal title={t('x.edit')} fields={FIELDS} initialValues={…} onClose={close} testId="x-form"
 *     onSubmit={async (v) => { await xApi.update(id, v); message.success(t('x.saved')); onSaved(); }}>
 *     <Form.Item name="name" …/>
 *   </FormModal>
 *
 * Test ids: `${testId}-submit` on the OK button, `${testId}-error` on the alert.
 */
import { useState, type ReactNode } from 'react';
import { Form, Modal, type FormInstance, type FormProps, type ModalProps } from 'antd';
import { useT } from '../i18n.ts';
import { ErrorAlert } from './ErrorAlert.tsx';
import { applyServerErrors } from './forms.ts';

/** Thrown by `onSubmit` for a problem the page found itself (its message is shown as it is). */
export class FormProblem extends Error {}

export interface FormModalProps<V> {
  /** Default true: most callers mount the modal only while it is open. */
  open?: boolean;
  title: ReactNode;
  /** Give one when the caller reads or sets values (Form.useWatch, setFieldsValue); else one is made. */
  form?: FormInstance<V>;
  /** The form's field names the server's error details may name (others go into the alert's text). */
  fields: readonly string[];
  initialValues?: FormProps<V>['initialValues'];
  onSubmit: (values: V) => Promise<unknown>;
  onClose: () => void;
  okText?: string;
  cancelText?: string;
  testId?: string;
  /** Test ids of the OK button, the alert and the form element, when they are not `${testId}-submit` / `-error`. */
  okTestId?: string;
  errorTestId?: string;
  formTestId?: string;
  /** Rewrites an error before it is placed (e.g. server field `startsAt` → form field `time`). */
  mapError?: (err: unknown) => unknown;
  width?: ModalProps['width'];
  /** Extra Modal props (footer, okButtonProps…) and Form props (layout, onValuesChange…). */
  modalProps?: Omit<ModalProps, 'open' | 'title' | 'onOk' | 'onCancel' | 'confirmLoading'>;
  formProps?: Omit<FormProps<V>, 'form' | 'onFinish' | 'initialValues'>;
  children: ReactNode;
}

export function FormModal<V = Record<string, unknown>>({
  open = true, title, form: given, fields, initialValues, onSubmit, onClose, okText, cancelText, testId, okTestId, errorTestId, formTestId, mapError,
  width, modalProps, formProps, children,
}: FormModalProps<V>) {
  const t = useT();
  const [own] = Form.useForm<V>();
  const form = given ?? own;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const finish = async (values: V) => {
    setBusy(true);
    setError(undefined);
    try {
      await onSubmit(values);
    } catch (err) {
      if (err instanceof FormProblem) setError(err.message);
      else setError(applyServerErrors(form, mapError ? mapError(err) : err, fields, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={title}
      onOk={() => form.submit()}
      onCancel={onClose}
      okText={okText ?? t('common.save')}
      cancelText={cancelText ?? t('common.cancel')}
      confirmLoading={busy}
      destroyOnHidden
      width={width}
      {...modalProps}
      okButtonProps={{ ...(okTestId ?? testId ? { 'data-testid': okTestId ?? `${testId}-submit` } : {}), ...modalProps?.okButtonProps }}
    >
      <ErrorAlert error={error} testId={errorTestId ?? (testId ? `${testId}-error` : undefined)} style={{ marginBottom: 12 }} />
      <Form<V>
        layout="vertical"
        preserve={false}
        data-testid={formTestId}
        {...formProps}
        form={form}
        initialValues={initialValues}
        onFinish={(v) => void finish(v)}
      >
        {children}
      </Form>
    </Modal>
  );
}
