/**
 * The projects list (项目清单) of a joint meeting, a tab of /meetings: each co-building project with where it came from
 * (a need and its resource, or a decision), the units taking part, its owner, status, progress and milestones, and its
 * outcome; the title opens the project's own page (the cluster's: milestones, progress reports with photos, edit,
 * close). The office makes projects here (from a need) and records the outcome; members read.
 */
import { useState } from 'react';
import { Alert, App, Button, Flex, Form, Input, Progress, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { FormModal } from '../../components/FormModal.tsx';
import { errorText } from '../../errors.ts';
import { useQuery } from '../../hooks.ts';
import { useT } from '../../i18n.ts';
import { CoprojectForm } from './CoprojectForm.tsx';
import { coprojectsApi, type Coproject } from './coprojects-api.ts';

const STATUS_COLOR: Record<string, string> = { planned: 'default', in_progress: 'processing', done: 'green', suspended: 'orange' };

export function CoprojectsPanel({ allianceId, manage }: { allianceId: string; manage: boolean }) {
  const t = useT();
  const { message } = App.useApp();
  const list = useQuery(`coprojects:${allianceId}`, (s) => coprojectsApi.list({ allianceId }, s));
  const [creating, setCreating] = useState(false);
  const [outcomeOf, setOutcomeOf] = useState<Coproject>();
  return (
    <Flex vertical gap={12}>
      {manage && (
        <Space>
          <Button type="primary" onClick={() => setCreating(true)} data-testid="coproject-new">{t('coproject.new')}</Button>
          <Typography.Text type="secondary">{t('coproject.hint')}</Typography.Text>
        </Space>
      )}
      {list.error ? <Alert type="error" showIcon title={errorText(list.error, t)} /> : null}
      <Table<Coproject>
        rowKey="projectId" size="small" pagination={false} dataSource={list.data ?? []} loading={list.loading} scroll={{ x: 'max-content' }}
        data-testid="coprojects-table" locale={{ emptyText: t('coproject.none') }}
        columns={[
          { title: t('coproject.title'), dataIndex: 'title', render: (v: string, p) => <Link to={`/projects/${p.projectId}`}>{v}</Link> },
          {
            title: t('coproject.source'), key: 'source',
            render: (_: unknown, p) => (
              <Flex vertical gap={0}>
                {p.need && <span>{t('coproject.fromNeed')}：{p.need.title}</span>}
                {p.resource && <Typography.Text type="secondary">{t('coproject.resource')}：{p.resource.title}</Typography.Text>}
                {p.item && <span>{t('coproject.fromItem')}：{p.item.title}</span>}
              </Flex>
            ),
          },
          { title: t('coproject.units'), key: 'units', render: (_: unknown, p) => p.units.map((u) => u.name).join('、') || '—' },
          { title: t('coproject.owner'), dataIndex: 'ownerOrgName' },
          { title: t('coproject.period'), key: 'period', render: (_: unknown, p) => `${p.startOn} ~ ${p.endOn}` },
          { title: t('coproject.status'), dataIndex: 'status', render: (v: string) => <Tag color={STATUS_COLOR[v]}>{t(`coproject.status.${v as 'planned'}`)}</Tag> },
          { title: t('coproject.progress'), dataIndex: 'progress', render: (v: number) => <Progress percent={v} size="small" style={{ width: 100 }} /> },
          { title: t('coproject.milestones'), key: 'ms', render: (_: unknown, p) => `${p.milestonesDone}/${p.milestones}` },
          { title: t('coproject.outcome'), dataIndex: 'outcome', render: (v: string) => v || '—' },
          ...(manage ? [{
            title: '', key: 'act',
            render: (_: unknown, p: Coproject) => <Button size="small" onClick={() => setOutcomeOf(p)} data-testid="coproject-outcome">{t('coproject.recordOutcome')}</Button>,
          }] : []),
        ]}
      />
      {creating && (
        <CoprojectForm allianceId={allianceId} onClose={() => setCreating(false)}
          onSaved={() => { setCreating(false); message.success(t('coproject.saved')); list.reload(); }} />
      )}
      {outcomeOf && (
        <FormModal<{ outcome: string }> title={t('coproject.recordOutcome')} fields={['outcome']} testId="coproject-outcome-form"
          initialValues={{ outcome: outcomeOf.outcome }} onClose={() => setOutcomeOf(undefined)}
          onSubmit={async (v) => {
            await coprojectsApi.update(outcomeOf.projectId, { outcome: v.outcome ?? '' });
            setOutcomeOf(undefined); message.success(t('coproject.saved')); list.reload();
          }}>
          <Form.Item name="outcome" label={t('coproject.outcome')}><Input.TextArea rows={3} maxLength={2000} data-testid="coproject-outcome-text" /></Form.Item>
        </FormModal>
      )}
    </Flex>
  );
}

/** On a need's page (the office): the need's project, or a button to make one. */
export function NeedProjectLine({ need }: { need: { id: string; title: string; allianceId: string; unitId: string | null } }) {
  const t = useT();
  const { message } = App.useApp();
  const list = useQuery(`coprojects:${need.allianceId}:need:${need.id}`, (s) => coprojectsApi.list({ allianceId: need.allianceId, needId: need.id }, s));
  const [creating, setCreating] = useState(false);
  const p = list.data?.[0];
  return (
    <Space wrap data-testid="need-project">
      <Typography.Text strong>{t('coproject.label')}：</Typography.Text>
      {p ? <Link to={`/projects/${p.projectId}`}>{p.title}</Link> : (
        <Button size="small" onClick={() => setCreating(true)} loading={list.loading} data-testid="need-project-new">{t('coproject.fromThisNeed')}</Button>
      )}
      {p && <Tag color={STATUS_COLOR[p.status]}>{t(`coproject.status.${p.status as 'planned'}`)}</Tag>}
      {creating && (
        <CoprojectForm allianceId={need.allianceId} need={need} onClose={() => setCreating(false)}
          onSaved={() => { setCreating(false); message.success(t('coproject.saved')); list.reload(); }} />
      )}
    </Space>
  );
}
