/** A region's time limits of a chamber flow (case_stage_limits): read by those who work the flow, edited by the region admin. */
import { useState } from 'react';
import { App, Button, Card, Checkbox, Form, InputNumber, Table, Tag, Typography } from 'antd';
import { useAuth } from '../../auth.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { enumLabel } from '../../components/labels.ts';
import { useQuery } from '../../hooks.ts';
import { useT } from '../../i18n.ts';
import { limitsApi, type LimitKind, type StageLimits } from './api.ts';

const days = (t: ReturnType<typeof useT>, n: number, working: boolean) => t(working ? 'limits.workingDays' : 'limits.days', { n });

export function StageLimitsCard({ kind }: { kind: LimitKind }) {
  const t = useT();
  const { me } = useAuth();
  const regionId = me?.grants.find((g) => g.scopeKind === 'region')?.regionId;
  const q = useQuery(`limits:${regionId}`, (signal) => (regionId ? limitsApi.get(regionId, signal) : Promise.resolve([])));
  const [editing, setEditing] = useState(false);
  if (!regionId) return null;
  if (q.error) return <ErrorAlert error={q.error} onRetry={q.reload} />;
  const k = q.data?.find((x) => x.kind === kind);
  if (!k) return null;
  return (
    <Card size="small" title={t('limits.title')} data-testid={`limits-${kind}`}
      extra={k.may.edit && <Button size="small" onClick={() => setEditing(true)} data-testid="limits-edit">{t('limits.edit')}</Button>}>
      <Table size="small" rowKey="stage" pagination={false} dataSource={k.stages} columns={[
        { title: t('limits.stage'), dataIndex: 'stage', render: (s: string) => enumLabel(t, `limits.stage.${kind}`, s) },
        { title: t('limits.limit'), key: 'l', render: (_: unknown, s: StageLimits['stages'][number]) => <>{days(t, s.days, s.workingDays)} {s.configured ? <Tag color="blue">{t('limits.configured')}</Tag> : <Tag>{t('limits.default')}</Tag>}</> },
        { title: t('limits.defaultCol'), key: 'd', responsive: ['sm'], render: (_: unknown, s: StageLimits['stages'][number]) => days(t, s.defaultDays, s.defaultWorkingDays) },
      ]} />
      <Typography.Text type="secondary">{t('limits.note')}</Typography.Text>
      {editing && <LimitsForm regionId={regionId} k={k} onClose={() => setEditing(false)} onSaved={() => { setEditing(false); q.reload(); }} />}
    </Card>
  );
}

type Values = Record<string, { days: number; workingDays: boolean }>;

function LimitsForm({ regionId, k, onClose, onSaved }: { regionId: string; k: StageLimits; onClose: () => void; onSaved: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const initial: Values = Object.fromEntries(k.stages.map((s) => [s.stage, { days: s.days, workingDays: s.workingDays }]));
  return (
    <FormModal<Values> title={t('limits.edit')} okText={t('svc.submit')} cancelText={t('svc.cancel')} onClose={onClose} testId="limits-form"
      fields={k.stages.map((_, i) => `limits.${i}.days`)} initialValues={initial}
      onSubmit={async (v) => {
        // a stage back at its default is not stored: the region follows the flow's default when it changes
        const limits = k.stages.map((s) => ({ stage: s.stage, days: v[s.stage].days, workingDays: !!v[s.stage].workingDays }))
          .filter((l, i) => l.days !== k.stages[i].defaultDays || l.workingDays !== k.stages[i].defaultWorkingDays);
        await limitsApi.set({ regionId, kind: k.kind, limits });
        message.success(t('limits.saved'));
        onSaved();
      }}>
      {k.stages.map((s) => (
        <Form.Item key={s.stage} label={`${enumLabel(t, `limits.stage.${k.kind}`, s.stage)}（${t('limits.defaultCol')}：${days(t, s.defaultDays, s.defaultWorkingDays)}）`} style={{ marginBottom: 8 }}>
          <Form.Item name={[s.stage, 'days']} noStyle rules={[{ required: true, message: t('svc.required') }]}>
            <InputNumber min={1} max={365} precision={0} addonAfter={t('limits.daysUnit')} data-testid={`limits-days-${s.stage}`} />
          </Form.Item>
          <Form.Item name={[s.stage, 'workingDays']} noStyle valuePropName="checked">
            <Checkbox style={{ marginInlineStart: 12 }} data-testid={`limits-working-${s.stage}`}>{t('limits.working')}</Checkbox>
          </Form.Item>
        </Form.Item>
      ))}
    </FormModal>
  );
}
