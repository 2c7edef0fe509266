import { useState } from 'react';
import { Alert, App, Form, Modal, Select } from 'antd';
import { errorText } from '../../errors.ts';
import { useQuery } from '../../hooks.ts';
import { useT } from '../../i18n.ts';
import { applyServerErrors } from '../directory/common.tsx';
import { clusterApi } from './api.ts';

/** Modal: add projects of the contest's alliance as entries (POST /api/v1/contests/:id/entries). */
export function EntriesForm({ contestId, allianceId, onClose, onSaved }: {
  contestId: string; allianceId: string; onClose: () => void; onSaved: () => void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ projectIds: string[] }>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string>();
  const detail = useQuery(`contest:${contestId}`, (signal) => clusterApi.contest(contestId, signal));
  const projects = useQuery(`projects:${allianceId}`, (signal) =>
    clusterApi.projects({ allianceId, pageSize: 500 }, signal));
  const entered = new Set((detail.data?.entries ?? []).map((e) => e.projectId));
  const options = (projects.data?.items ?? []).filter((p) => !entered.has(p.id)).map((p) => ({ value: p.id, label: `${p.title}（${p.orgName}）` }));

  const submit = async (v: { projectIds: string[] }) => {
    setSaving(true);
    setError(undefined);
    try {
      await clusterApi.addEntries(contestId, v.projectIds);
      message.success(t('contests.entries.added'));
      onSaved();
    } catch (err) {
      setError(applyServerErrors(form, err, ['projectIds'] as const, t));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      width={640}
      title={t('contests.entries.add')}
      okText={t('contests.entries.submit')}
      cancelText={t('projects.form.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {!error && (detail.error || projects.error) ? <Alert type="error" showIcon title={errorText(detail.error ?? projects.error, t)} style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          name="projectIds"
          label={t('contests.entries.projects')}
          extra={t('contests.entries.hint')}
          rules={[{ required: true, message: t('projects.form.required') }]}
        >
          <Select
            mode="multiple"
            showSearch={{ optionFilterProp: 'label' }}
            loading={projects.loading || detail.loading}
            options={options}
            notFoundContent={t('contests.entries.none')}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
