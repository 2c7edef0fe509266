/** Household plaques: register a household, start a campaign, import households from xlsx (with the row report). */
import { useState } from 'react';
import { Alert, App, Button, Form, Input, InputNumber, Modal, Select, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { FormModal } from '../../components/FormModal.tsx';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { errorText, rowProblems } from '../../errors.ts';
import { useQuery } from '../../hooks.ts';
import { useT } from '../../i18n.ts';
import { directoryApi } from '../directory/api.ts';
import { clusterApi } from './api.ts';

interface HouseholdValues { orgId: string; building: string; room?: string; memberIds: string[] }

export function HouseholdForm({ campaignId, orgId: defaultOrg, onClose, onSaved }: { campaignId?: string; orgId?: string; onClose: () => void; onSaved: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<HouseholdValues>();
  const orgId = Form.useWatch('orgId', form);
  const people = useQuery(`household-members:${orgId ?? ''}`, (signal) =>
    orgId ? directoryApi.members({ orgId, pageSize: 500 }, signal) : Promise.resolve(null));
  return (
    <FormModal<HouseholdValues>
      title={t('plaques.add')} form={form} fields={['orgId', 'building', 'room', 'memberIds']} testId="household-form"
      initialValues={{ orgId: defaultOrg, memberIds: [] }}
      onClose={onClose}
      onSubmit={async (v) => {
        await clusterApi.createHousehold({ ...v, room: v.room?.trim() || null, campaignId: campaignId ?? null });
        message.success(t('plaques.added'));
        onSaved();
      }}
    >
      <Form.Item name="orgId" label={t('plaques.form.org')} rules={[{ required: true, message: t('projects.form.required') }]}>
        <OrgTreeSelect testId="household-org" />
      </Form.Item>
      <Form.Item name="building" label={t('plaques.form.building')} rules={[{ required: true, message: t('projects.form.required') }]}>
        <Input maxLength={100} placeholder="怡江春色 3幢" />
      </Form.Item>
      <Form.Item name="room" label={t('plaques.form.room')} extra={t('plaques.form.roomHint')}>
        <Input maxLength={50} placeholder="408室" />
      </Form.Item>
      <Form.Item name="memberIds" label={t('plaques.form.members')} rules={[{ required: true, message: t('projects.form.required') }]}>
        <Select
          mode="multiple" showSearch optionFilterProp="label" data-testid="household-members" loading={people.loading} maxCount={10}
          options={(people.data?.items ?? []).map((m) => ({ value: m.id, label: m.name }))}
        />
      </Form.Item>
    </FormModal>
  );
}

interface CampaignValues { name: string; orgId: string; day?: string; target?: number }

export function CampaignForm({ orgId, onClose, onSaved }: { orgId?: string; onClose: () => void; onSaved: (id: string) => void }) {
  const t = useT();
  const { message } = App.useApp();
  return (
    <FormModal<CampaignValues>
      title={t('plaques.newCampaign')} fields={['name', 'orgId', 'day', 'target']} testId="campaign-form" onClose={onClose}
      initialValues={{ target: 0, orgId }}
      onSubmit={async (v) => {
        const c = await clusterApi.createCampaign({ name: v.name, orgId: v.orgId, day: v.day || null, target: v.target ?? 0 });
        message.success(t('plaques.campaignCreated'));
        onSaved(c.id);
      }}
    >
      <Form.Item name="name" label={t('plaques.form.campaignName')} rules={[{ required: true, message: t('projects.form.required') }]}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="orgId" label={t('plaques.form.org')} rules={[{ required: true, message: t('projects.form.required') }]}>
        <OrgTreeSelect testId="campaign-org" />
      </Form.Item>
      <Form.Item name="day" label={t('plaques.form.day')}>
        <Input type="date" />
      </Form.Item>
      <Form.Item name="target" label={t('plaques.form.target')}>
        <InputNumber min={0} max={100000} />
      </Form.Item>
    </FormModal>
  );
}

/** The import: a community, a file; a refused file shows every problem of every row (nothing was imported). */
export function ImportModal({ campaignId, orgId: defaultOrg, onClose, onDone }: { campaignId?: string; orgId?: string; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [orgId, setOrgId] = useState<string | undefined>(defaultOrg);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [report, setReport] = useState<{ row: number; problems: string[] }[]>([]);
  const send = async (file: File) => {
    if (!orgId) { setError(t('plaques.import.pickOrg')); return; }
    setBusy(true);
    setError(undefined);
    setReport([]);
    try {
      const r = await clusterApi.importHouseholds(file, orgId, campaignId);
      message.success(t('plaques.import.done', { n: r.created }));
      onDone();
    } catch (err) {
      setError(errorText(err, t));
      setReport(rowProblems(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={t('plaques.import')} onCancel={onClose} footer={null} data-testid="import-modal">
      <Typography.Paragraph type="secondary">{t('plaques.import.hint')}</Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label={t('plaques.form.org')} required>
          <OrgTreeSelect testId="import-org" value={orgId} onChange={setOrgId} />
        </Form.Item>
        <Upload accept=".xlsx" showUploadList={false} beforeUpload={(f) => { void send(f); return false; }}>
          <Button icon={<UploadOutlined />} loading={busy} data-testid="import-file">{t('plaques.import.choose')}</Button>
        </Upload>
      </Form>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
      {report.length > 0 && (
        <ul data-testid="import-report" style={{ marginTop: 12, paddingLeft: 18 }}>
          {report.map((r) => <li key={r.row}>{t('plaques.import.row', { row: r.row })}{r.problems.join('；')}</li>)}
        </ul>
      )}
    </Modal>
  );
}
