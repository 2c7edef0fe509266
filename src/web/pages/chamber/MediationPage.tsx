/**
 * People's mediation: the register with figures (the committee) or the mediator's own cases, the intake form,
 * and at `/mediation?id=<case>` the case page (MediationCase.tsx), usable at 375 px.
 */
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { App, Button, Card, Checkbox, Col, DatePicker, Flex, Form, Input, InputNumber, Row, Select, Space, Statistic, Table, Tag } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useAuth } from '../../auth.tsx';
import { StageLimitsCard } from './StageLimits.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { enumLabel, enumOptions } from '../../components/labels.ts';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { useCan } from '../../components/permissions.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { formatDateTime, fromPicker, nowPicker, thisYear } from '../../format.ts';
import { useIsMobile, useQuery } from '../../hooks.ts';
import { useT } from '../../i18n.ts';
import {
  chamberApi, DISPUTE_TYPE_LIST, SOURCE_LIST, STAGE_LIST, type DisputeType, type MediationItem, type MediationSource, type MediationStage,
} from './api.ts';
import MediationCase from './MediationCase.tsx';

export const yuan = (fen: number) => (fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 0, maximumFractionDigits: 2 });
export const toFen = (y: number | null | undefined) => Math.round((y ?? 0) * 100);

function Figures({ orgId }: { orgId?: string }) {
  const t = useT();
  const f = useQuery(`fig:${orgId ?? ''}`, (signal) => chamberApi.figures({ orgId }, signal));
  if (f.error) return <ErrorAlert error={f.error} onRetry={f.reload} />;
  if (!f.data) return null;
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  return (
    <Row gutter={[12, 12]} data-testid="med-figures">
      {[
        ['med.fig.cases', String(f.data.cases)], ['med.fig.settled', String(f.data.settled)], ['med.fig.rate', pct(f.data.rate)],
        ['med.fig.amount', t('med.yuan', { amount: yuan(f.data.amountFen) })], ['med.fig.satisfaction', pct(f.data.satisfaction)], ['med.fig.open', String(f.data.open)],
      ].map(([k, v]) => (
        <Col key={k} xs={12} sm={8} md={4}><Card size="small"><Statistic title={t(k as 'med.fig.cases')} value={v} /></Card></Col>
      ))}
    </Row>
  );
}

interface PartyValues { kind: 'person' | 'enterprise'; role: 'applicant' | 'respondent'; name: string; phone?: string; idNumber?: string; address?: string }
interface IntakeValues { orgId: string; source: MediationSource; disputeType: DisputeType; amountYuan: number; facts: string; acceptedAt: Dayjs; parties: PartyValues[] }
const INTAKE_FIELDS = ['orgId', 'source', 'disputeType', 'amountFen', 'facts', 'acceptedAt', 'parties'] as const;

function IntakeForm({ defaultOrg, onClose, onSaved }: { defaultOrg?: string; onClose: () => void; onSaved: (id: string) => void }) {
  const t = useT();
  const { message } = App.useApp();
  const required = [{ required: true, message: t('med.required') }];
  return (
    <FormModal<IntakeValues>
      width={760} title={t('med.new')} okText={t('med.submit')} cancelText={t('med.cancel')} fields={INTAKE_FIELDS} testId="med-intake" onClose={onClose}
      initialValues={{ orgId: defaultOrg, source: 'application', disputeType: 'labour', amountYuan: 0, acceptedAt: nowPicker(), parties: [{ kind: 'person', role: 'applicant' }, { kind: 'enterprise', role: 'respondent' }] }}
      onSubmit={async (v) => {
        const c = await chamberApi.create({
          orgId: v.orgId, source: v.source, disputeType: v.disputeType, amountFen: toFen(v.amountYuan), facts: v.facts, acceptedAt: fromPicker(v.acceptedAt)!,
          parties: (v.parties ?? []).map((x) => ({ kind: x.kind, role: x.role, name: x.name, phone: x.phone || null, idNumber: x.idNumber || null, address: x.address || null })),
        });
        message.success(t('med.created', { number: c.number }));
        onSaved(c.id);
      }}
    >
      <Row gutter={12}>
        <Col xs={24} sm={12}><Form.Item name="orgId" label={t('med.org')} rules={required}><OrgTreeSelect allowClear={false} /></Form.Item></Col>
        <Col xs={24} sm={12}><Form.Item name="acceptedAt" label={t('med.acceptedAt')} rules={required}><DatePicker showTime style={{ width: '100%' }} /></Form.Item></Col>
        <Col xs={24} sm={8}><Form.Item name="source" label={t('med.col.source')} rules={required}><Select options={enumOptions(t, 'med.source', SOURCE_LIST)} /></Form.Item></Col>
        <Col xs={24} sm={8}><Form.Item name="disputeType" label={t('med.col.type')} rules={required}><Select options={enumOptions(t, 'med.type', DISPUTE_TYPE_LIST)} /></Form.Item></Col>
        <Col xs={24} sm={8}><Form.Item name="amountYuan" label={t('med.amountYuan')} rules={required}><InputNumber min={0} precision={2} style={{ width: '100%' }} data-testid="med-amount" /></Form.Item></Col>
        <Col xs={24}><Form.Item name="facts" label={t('med.facts')} rules={required}><Input.TextArea rows={3} maxLength={4000} data-testid="med-facts" /></Form.Item></Col>
      </Row>
      <Form.List name="parties">
        {(fields, { add, remove }) => (
          <Flex vertical gap={4}>
            {fields.map((f) => (
              <Card key={f.key} size="small" data-testid={`med-party-${f.name}`}
                extra={<Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} aria-label={t('med.remove')} />}>
                <Row gutter={8}>
                  <Col xs={12} sm={6}><Form.Item name={[f.name, 'role']} label={t('med.parties')} rules={required}><Select options={enumOptions(t, 'med.party', ['applicant', 'respondent'])} /></Form.Item></Col>
                  <Col xs={12} sm={6}><Form.Item name={[f.name, 'kind']} label=" " rules={required}><Select options={enumOptions(t, 'med.partyKind', ['person', 'enterprise'])} /></Form.Item></Col>
                  <Col xs={24} sm={12}><Form.Item name={[f.name, 'name']} label={t('med.partyName')} rules={required}><Input maxLength={100} /></Form.Item></Col>
                  <Col xs={24} sm={8}><Form.Item name={[f.name, 'phone']} label={t('med.phone')}><Input maxLength={20} /></Form.Item></Col>
                  <Col xs={24} sm={8}><Form.Item name={[f.name, 'idNumber']} label={t('med.idNumber')}><Input maxLength={30} /></Form.Item></Col>
                  <Col xs={24} sm={8}><Form.Item name={[f.name, 'address']} label={t('med.address')}><Input maxLength={200} /></Form.Item></Col>
                </Row>
              </Card>
            ))}
            <Button icon={<PlusOutlined />} onClick={() => add({ kind: 'person', role: 'applicant' })}>{t('med.addParty')}</Button>
          </Flex>
        )}
      </Form.List>
    </FormModal>
  );
}

function Register() {
  const t = useT();
  const mobile = useIsMobile();
  const { me } = useAuth();
  const manage = useCan('mediation.manage');
  const [, setParams] = useSearchParams();
  const [year, setYear] = useState<number | undefined>();
  const [disputeType, setType] = useState<DisputeType | undefined>();
  const [source, setSource] = useState<MediationSource | undefined>();
  const [stage, setStage] = useState<MediationStage | undefined>();
  const [overdue, setOverdue] = useState(false);
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const query = { year, disputeType, source, stage, overdue: overdue ? '1' as const : undefined, page, pageSize: 20 };
  const list = useQuery(JSON.stringify(query), (signal) => chamberApi.cases(query, signal));
  const defaultOrg = me?.grants.find((g) => g.scopeKind === 'org')?.scopeId;
  const open = (id: string) => setParams({ id });
  const years = Array.from({ length: 5 }, (_, i) => thisYear() - i);
  const reset = <T,>(set: (v: T) => void) => (v: T) => { set(v); setPage(1); };

  return (
    <Flex vertical gap={12}>
      <PageTitle extra={manage && <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="med-new">{t('med.new')}</Button>}>
        {manage ? t('med.register') : t('med.mine')}
      </PageTitle>
      {manage && <Figures />}
      {manage && <StageLimitsCard kind="mediation" />}
      <Flex gap={8} wrap>
        <Select allowClear placeholder={t('med.filter.year')} value={year} onChange={reset(setYear)} style={{ width: 110 }} options={years.map((y) => ({ value: y, label: String(y) }))} />
        <Select allowClear placeholder={t('med.filter.type')} value={disputeType} onChange={reset(setType)} style={{ width: 140 }} options={enumOptions(t, 'med.type', DISPUTE_TYPE_LIST)} />
        <Select allowClear placeholder={t('med.filter.source')} value={source} onChange={reset(setSource)} style={{ width: 150 }} options={enumOptions(t, 'med.source', SOURCE_LIST)} />
        <Select allowClear placeholder={t('med.filter.stage')} value={stage} onChange={reset(setStage)} style={{ width: 130 }} options={enumOptions(t, 'med.stage', STAGE_LIST)} data-testid="med-filter-stage" />
        <Checkbox checked={overdue} onChange={(e) => reset(setOverdue)(e.target.checked)}>{t('med.filter.overdue')}</Checkbox>
      </Flex>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table<MediationItem>
        rowKey="id" size="small" loading={list.loading} dataSource={list.data?.items ?? []} scroll={{ x: 'max-content' }} data-testid="med-register"
        onRow={(r) => ({ onClick: () => open(r.id), style: { cursor: 'pointer' } })}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false, simple: mobile }}
        columns={[
          { title: t('med.col.number'), dataIndex: 'number', render: (v: string, r) => <a onClick={() => open(r.id)}>{v}</a> },
          { title: t('med.col.type'), dataIndex: 'disputeType', render: (v: string) => enumLabel(t, 'med.type', v) },
          { title: t('med.col.stage'), dataIndex: 'stage', render: (v: string, r) => (
            <Space size={4} wrap><Tag color={v === 'closed' ? 'default' : 'blue'}>{enumLabel(t, 'med.stage', v)}</Tag>{r.overdue && <Tag color="red">{t('med.overdue')}</Tag>}</Space>
          ) },
          { title: t('med.col.amount'), dataIndex: 'amountFen', align: 'right', render: (v: number) => t('med.yuan', { amount: yuan(v) }) },
          { title: t('med.col.source'), dataIndex: 'source', responsive: ['md'], render: (v: string) => enumLabel(t, 'med.source', v) },
          { title: t('med.col.mediators'), dataIndex: 'mediators', responsive: ['md'], render: (v: string[]) => v.join('、') || t('med.none') },
          { title: t('med.col.accepted'), dataIndex: 'acceptedAt', responsive: ['lg'], render: (v: string) => formatDateTime(v) },
          { title: t('med.col.due'), dataIndex: 'dueAt', responsive: ['lg'], render: (v: string | null) => (v ? formatDateTime(v) : '—') },
        ]}
      />
      {creating && <IntakeForm defaultOrg={defaultOrg} onClose={() => setCreating(false)} onSaved={(id) => { setCreating(false); list.reload(); open(id); }} />}
    </Flex>
  );
}

export default function MediationPage() {
  const [params] = useSearchParams();
  const id = params.get('id');
  return id ? <MediationCase id={id} /> : <Register />;
}
