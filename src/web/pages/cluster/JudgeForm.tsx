import { App, Form, Input, Select } from 'antd';
import { FormModal } from '../../components/FormModal.tsx';
import { useQuery } from '../../hooks.ts';
import { useT } from '../../i18n.ts';
import { directoryApi } from '../directory/api.ts';
import { clusterApi, JUDGE_CATEGORY_LIST, type JudgeCategory } from './api.ts';

interface Values { username: string; name: string; category: JudgeCategory; orgId?: string }

/** Modal: make a user a judge of the contest (POST /api/v1/contests/:id/judges, by username). */
export function JudgeForm({ contestId, onClose, onSaved }: { contestId: string; onClose: () => void; onSaved: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const orgs = useQuery('judge-orgs', (signal) => directoryApi.orgs({ pageSize: 500 }, signal));

  const submit = async (v: Values) => {
    await clusterApi.addJudge(contestId, { ...v, orgId: v.orgId ?? null });
    message.success(t('contests.judges.added'));
    onSaved();
  };

  return (
    <FormModal<Values> title={t('contests.judges.add')} okText={t('contests.judges.submit')} cancelText={t('projects.form.cancel')}
      fields={['username', 'name', 'category', 'orgId']} onSubmit={submit} onClose={onClose} initialValues={{ category: 'veteran' }}>
      <Form.Item name="username" label={t('contests.judges.username')} rules={[{ required: true, message: t('projects.form.required') }]}>
        <Input autoComplete="off" data-testid="judge-username" />
      </Form.Item>
      <Form.Item name="name" label={t('contests.judges.name')} rules={[{ required: true, message: t('projects.form.required') }]}>
        <Input maxLength={50} />
      </Form.Item>
      <Form.Item name="category" label={t('contests.judges.category')} rules={[{ required: true }]}>
        <Select options={JUDGE_CATEGORY_LIST.map((c) => ({ value: c, label: t(`judge.cat.${c}`) }))} />
      </Form.Item>
      <Form.Item name="orgId" label={t('contests.judges.org')} extra={t('contests.judges.orgHint')}>
        <Select allowClear showSearch optionFilterProp="label" loading={orgs.loading}
          options={(orgs.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))} />
      </Form.Item>
    </FormModal>
  );
}
