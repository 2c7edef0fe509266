/** Create / edit an organisation, and move it under another parent (modals). */
import { App, DatePicker, Form, Input, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { FormModal } from '../../components/FormModal.tsx';
import { enumOptions } from '../../components/labels.ts';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { fromDay, toDay } from '../../format.ts';
import { useT } from '../../i18n.ts';
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
  const submit = async (v: OrgFormValues) => {
    const body = {
      kind: v.kind,
      name: v.name,
      secretaryName: v.secretaryName?.trim() || null,
      foundedOn: fromDay(v.foundedOn),
      termStart: fromDay(v.termStart),
      termEnd: fromDay(v.termEnd),
    };
    const saved = org
      ? await directoryApi.updateOrg(org.id, body)
      : await directoryApi.createOrg({ ...body, regionId: parent?.regionId, parentId: parent?.id ?? null });
    message.success(t('dir.saved'));
    onSaved(saved);
  };
  return (
    <FormModal<OrgFormValues>
      open={open}
      title={org ? t('dir.org.edit') : t('dir.org.createSub')}
      onClose={onClose}
      onSubmit={submit}
      fields={ORG_FIELDS}
      okText={t('dir.save')}
      cancelText={t('dir.cancel')}
      testId="org-form"
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
    </FormModal>
  );
}

export function MoveOrgModal({ open, org, onClose, onMoved }: { open: boolean; org: Org; onClose: () => void; onMoved: (org: Org) => void }) {
  const t = useT();
  const { message } = App.useApp();
  const submit = async (v: { parentId?: string }) => {
    if (!v.parentId) return;
    const moved = await directoryApi.moveOrg(org.id, { parentId: v.parentId });
    message.success(t('dir.org.moved'));
    onMoved(moved);
  };
  return (
    <FormModal<{ parentId?: string }>
      open={open}
      title={t('dir.org.moveTitle', { name: org.name })}
      onClose={onClose}
      onSubmit={submit}
      fields={['parentId']}
      okText={t('dir.org.move')}
      cancelText={t('dir.cancel')}
      testId="org-move"
    >
      <Form.Item name="parentId" label={t('dir.org.newParent')} rules={[{ required: true, message: t('dir.required') }]} extra={t('dir.org.moveHint')}>
        <OrgTreeSelect testId="org-move-parent" allowClear={false} style={{ width: '100%' }} />
      </Form.Item>
    </FormModal>
  );
}
