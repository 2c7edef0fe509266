/** Create / edit an organisation, and move it under another parent (modals). */
import { useState } from 'react';
import { Alert, App, DatePicker, Form, Input, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useT } from '../../i18n.ts';
import { OrgTreeSelect, applyServerErrors, enumOptions, fromDay, toDay } from './common.tsx';
import { ORG_KIND_LIST, directoryApi, type Org, type OrgKind } from './api.ts';

interface OrgFormValues {
  kind: OrgKind;
  name: string;
  secretaryName?: string | null;
  foundedOn?: Dayjs | null;
  termStart?: Dayjs | null;
  termEnd?: Dayjs | null;
}
const ORG_FIELDS = ['kind', 'name', 'secretaryName', 'foundedOn', 'termStart', 'termEnd'] as const;

/** `org` given: edit it; otherwise create a sub-organisation of `parent`. */
export function OrgFormModal({
  open, org, parent, onClose, onSaved,
}: { open: boolean; org?: Org; parent?: Org; onClose: () => void; onSaved: (org: Org) => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<OrgFormValues>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string>();
  const submit = async (v: OrgFormValues) => {
    setSaving(true);
    setError(undefined);
    const body = {
      kind: v.kind,
      name: v.name,
      secretaryName: v.secretaryName?.trim() || null,
      foundedOn: fromDay(v.foundedOn),
      termStart: fromDay(v.termStart),
      termEnd: fromDay(v.termEnd),
    };
    try {
      const saved = org
        ? await directoryApi.updateOrg(org.id, body)
        : await directoryApi.createOrg({ ...body, regionId: parent?.regionId, parentId: parent?.id ?? null });
      message.success(t('dir.saved'));
      onSaved(saved);
    } catch (err) {
      setError(applyServerErrors(form, err, ORG_FIELDS, t));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open={open}
      title={org ? t('dir.org.edit') : t('dir.org.createSub')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('dir.save')}
      cancelText={t('dir.cancel')}
      confirmLoading={saving}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'org-form-submit' }}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="org-form-error" />}
      <Form<OrgFormValues>
        form={form}
        layout="vertical"
        preserve={false}
        onFinish={submit}
        initialValues={{
          kind: org?.kind ?? 'branch',
          name: org?.name,
          secretaryName: org?.secretaryName,
          foundedOn: toDay(org?.foundedOn),
          termStart: toDay(org?.termStart),
          termEnd: toDay(org?.termEnd),
        }}
      >
        <Form.Item name="name" label={t('dir.org.name')} rules={[{ required: true, whitespace: true, message: t('dir.required') }, { max: 100 }]}>
          <Input maxLength={100} data-testid="org-form-name" />
        </Form.Item>
        <Form.Item name="kind" label={t('dir.org.kind')} rules={[{ required: true }]}>
          <Select options={enumOptions(t, 'dir.orgKind', ORG_KIND_LIST)} />
        </Form.Item>
        <Form.Item name="secretaryName" label={t('dir.org.secretary')} rules={[{ max: 50 }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="foundedOn" label={t('dir.org.founded')}>
          <DatePicker style={{ width: '100%' }} inputReadOnly />
        </Form.Item>
        <Form.Item name="termStart" label={t('dir.org.termStart')}>
          <DatePicker style={{ width: '100%' }} inputReadOnly />
        </Form.Item>
        <Form.Item name="termEnd" label={t('dir.org.termEnd')}>
          <DatePicker style={{ width: '100%' }} inputReadOnly />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function MoveOrgModal({ open, org, onClose, onMoved }: { open: boolean; org: Org; onClose: () => void; onMoved: (org: Org) => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ parentId?: string }>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string>();
  const submit = async (v: { parentId?: string }) => {
    if (!v.parentId) return;
    setSaving(true);
    setError(undefined);
    try {
      const moved = await directoryApi.moveOrg(org.id, { parentId: v.parentId });
      message.success(t('dir.org.moved'));
      onMoved(moved);
    } catch (err) {
      setError(applyServerErrors(form, err, ['parentId'] as const, t));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open={open}
      title={t('dir.org.moveTitle', { name: org.name })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('dir.org.move')}
      cancelText={t('dir.cancel')}
      confirmLoading={saving}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'org-move-submit' }}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="org-move-error" />}
      <Form form={form} layout="vertical" preserve={false} onFinish={submit}>
        <Form.Item name="parentId" label={t('dir.org.newParent')} rules={[{ required: true, message: t('dir.required') }]} extra={t('dir.org.moveHint')}>
          <OrgTreeSelect testId="org-move-parent" allowClear={false} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
