import { App, Form, Select } from 'antd';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { useQuery } from '../../hooks.ts';
import { useT } from '../../i18n.ts';
import { clusterApi } from './api.ts';

/** Modal: add projects of the contest's alliance as entries (POST /api/v1/contests/:id/entries). */
export function EntriesForm({ contestId, allianceId, onClose, onSaved }: {
  contestId: string; allianceId: string; onClose: () => void; onSaved: () => void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const detail = useQuery(`contest:${contestId}`, (signal) => clusterApi.contest(contestId, signal));
  const projects = useQuery(`projects:${allianceId}`, (signal) =>
    clusterApi.projects({ allianceId, pageSize: 500 }, signal));
  const entered = new Set((detail.data?.entries ?? []).map((e) => e.projectId));
  const options = (projects.data?.items ?? []).filter((p) => !entered.has(p.id)).map((p) => ({ value: p.id, label: `${p.title}（${p.orgName}）` }));

  const submit = async (v: { projectIds: string[] }) => {
    await clusterApi.addEntries(contestId, v.projectIds);
    message.success(t('contests.entries.added'));
    onSaved();
  };

  return (
    <FormModal<{ projectIds: string[] }>
      width={640}
      title={t('contests.entries.add')}
      okText={t('contests.entries.submit')}
      cancelText={t('projects.form.cancel')}
      fields={['projectIds']}
      onSubmit={submit}
      onClose={onClose}
    >
      <ErrorAlert error={detail.error ?? projects.error} style={{ marginBottom: 12 }} />
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
    </FormModal>
  );
}
