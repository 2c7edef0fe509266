/**
 * The one-stop service alliance: the dispatcher's list (with the overdue and the agencies), an agency's inbox
 * with clocks, an enterprise liaison's own requests; at `/services?id=<request>` the request (ServiceRequestView).
 */
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { App, Button, Card, Checkbox, Flex, Form, Input, List, Select, Skeleton, Space, Table, Tabs, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useAuth } from '../../auth.tsx';
import { StageLimitsCard } from './StageLimits.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { enumLabel, enumOptions } from '../../components/labels.ts';
import { useCan } from '../../components/permissions.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { formatDateTime } from '../../format.ts';
import { useIsMobile, useQuery } from '../../hooks.ts';
import { useT } from '../../i18n.ts';
import { SERVICE_LIST, servicesApi, type Agency, type RequestItem, type ServiceBoxes, type ServiceKind } from './api.ts';
import ServiceRequestView from './ServiceRequestView.tsx';

type Box = 'dispatch' | 'inbox' | 'mine';

export function RequestStageTags({ r }: { r: Pick<RequestItem, 'stage' | 'overdue' | 'handedBack'> }) {
  const t = useT();
  return (
    <Space size={4} wrap>
      <Tag color={r.stage === 'closed' ? 'default' : 'blue'}>{enumLabel(t, 'svc.stage', r.stage)}</Tag>
      {r.overdue && <Tag color="red">{t('svc.overdue')}</Tag>}
      {r.handedBack > 0 && <Tag color="orange">{t('svc.handedBack', { n: r.handedBack })}</Tag>}
    </Space>
  );
}

function RequestList({ box }: { box: Box }) {
  const t = useT();
  const mobile = useIsMobile();
  const [, setParams] = useSearchParams();
  const [overdue, setOverdue] = useState(false);
  const [open, setOpen] = useState(box !== 'mine');
  const [page, setPage] = useState(1);
  const query = { box, overdue: overdue ? '1' as const : undefined, open: open ? '1' as const : undefined, page, pageSize: 20 };
  const list = useQuery(JSON.stringify(query), (signal) => servicesApi.requests(query, signal));
  const show = (id: string) => setParams({ id });
  return (
    <Flex vertical gap={8}>
      <Flex gap={12} wrap>
        <Checkbox checked={open} onChange={(e) => { setOpen(e.target.checked); setPage(1); }}>{t('svc.filter.open')}</Checkbox>
        <Checkbox checked={overdue} onChange={(e) => { setOverdue(e.target.checked); setPage(1); }} data-testid={`svc-overdue-${box}`}>{t('svc.filter.overdue')}</Checkbox>
      </Flex>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table<RequestItem>
        rowKey="id" size="small" loading={list.loading} dataSource={list.data?.items ?? []} scroll={{ x: 'max-content' }} data-testid={`svc-list-${box}`}
        onRow={(r) => ({ onClick: () => show(r.id), style: { cursor: 'pointer' } })}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false, simple: mobile }}
        columns={[
          { title: t('svc.col.title'), dataIndex: 'title', render: (v: string, r) => <Flex vertical><a onClick={() => show(r.id)}>{v}</a><Typography.Text type="secondary">{r.number}</Typography.Text></Flex> },
          { title: t('svc.col.stage'), dataIndex: 'stage', render: (_: string, r) => <RequestStageTags r={r} /> },
          { title: t('svc.col.due'), dataIndex: 'dueAt', render: (v: string | null) => (v ? formatDateTime(v) : '—') },
          { title: t('svc.col.service'), dataIndex: 'service', responsive: ['md'], render: (v: string) => enumLabel(t, 'svc.service', v) },
          { title: t('svc.col.unit'), dataIndex: 'unitName', responsive: box === 'mine' ? ['xxl'] : ['md'] },
          { title: t('svc.col.agency'), dataIndex: 'agencyName', responsive: box === 'inbox' ? ['xxl'] : ['md'], render: (v: string | null) => v ?? '—' },
          { title: t('svc.col.rating'), dataIndex: 'rating', responsive: ['lg'], render: (v: number | null) => (v == null ? '—' : `${v} / 5`) },
        ]}
      />
    </Flex>
  );
}

function CatalogueForm({ agency, onClose, onSaved }: { agency: Agency; onClose: () => void; onSaved: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  return (
    <FormModal<{ services: ServiceKind[] }>
      title={`${t('svc.catalogue.edit')}：${agency.name}`} fields={['services']} testId="svc-catalogue" formTestId="svc-catalogue" onClose={onClose}
      initialValues={{ services: agency.services.map((s) => s.service) }}
      onSubmit={async (v) => {
        const notes = new Map(agency.services.map((s) => [s.service, s.note]));
        await servicesApi.setCatalogue(agency.id, (v.services ?? []).map((service) => ({ service, note: notes.get(service) ?? null })));
        message.success(t('svc.catalogue.saved'));
        onSaved();
      }}
    >
      <Form.Item name="services" label={t('svc.catalogue.services')}><Select mode="multiple" options={enumOptions(t, 'svc.service', SERVICE_LIST)} data-testid="svc-catalogue-services" /></Form.Item>
    </FormModal>
  );
}

function Agencies() {
  const t = useT();
  const { me } = useAuth();
  const dispatch = useCan('services.dispatch');
  const regionWide = dispatch && (me?.user.isPlatformAdmin || me?.grants.some((g) => g.scopeKind === 'region'));
  const [editing, setEditing] = useState<Agency>();
  const list = useQuery('agencies', (signal) => servicesApi.agencies({}, signal));
  if (list.error) return <ErrorAlert error={list.error} onRetry={list.reload} />;
  return (
    <Card size="small" title={t('svc.agencies')}>
      {editing && <CatalogueForm agency={editing} onClose={() => setEditing(undefined)} onSaved={() => { setEditing(undefined); list.reload(); }} />}
      <List size="small" loading={list.loading} dataSource={list.data ?? []} data-testid="svc-agencies" renderItem={(a) => (
        <List.Item extra={<Space size={4}><Tag>{t('svc.col.open')} {a.open}</Tag>{a.overdue > 0 && <Tag color="red">{t('svc.col.overdue')} {a.overdue}</Tag>}
          {regionWide && <a onClick={() => setEditing(a)} data-testid="svc-catalogue-edit">{t('svc.catalogue.edit')}</a>}</Space>}>
          <Flex vertical>
            <Typography.Text strong>{a.name}</Typography.Text>
            <Typography.Text type="secondary">{a.services.map((s) => enumLabel(t, 'svc.service', s.service)).join('、')}</Typography.Text>
          </Flex>
        </List.Item>
      )} />
    </Card>
  );
}

interface NewValues { unitId: string; service: ServiceKind; title: string; detail: string }

function NewRequest({ units, onClose, onSaved }: { units: ServiceBoxes['mine']; onClose: () => void; onSaved: (id: string) => void }) {
  const t = useT();
  const { message } = App.useApp();
  const required = [{ required: true, message: t('svc.required') }];
  return (
    <FormModal<NewValues> title={t('svc.new')} okText={t('svc.submit')} cancelText={t('svc.cancel')} fields={['unitId', 'service', 'title', 'detail']} testId="svc-new-form"
      initialValues={{ unitId: units[0]?.id, service: 'legal' }} onClose={onClose}
      onSubmit={async (v) => {
        const r = await servicesApi.create(v);
        message.success(t('svc.submitted', { number: r.number }));
        onSaved(r.id);
      }}>
      <Form.Item name="unitId" label={t('svc.unit')} rules={required}><Select options={units.map((u) => ({ value: u.id, label: u.name }))} /></Form.Item>
      <Form.Item name="service" label={t('svc.service')} rules={required}><Select options={enumOptions(t, 'svc.service', SERVICE_LIST)} data-testid="svc-new-service" /></Form.Item>
      <Form.Item name="title" label={t('svc.col.title')} rules={required}><Input maxLength={100} data-testid="svc-new-title" /></Form.Item>
      <Form.Item name="detail" label={t('svc.detail')} rules={required}><Input.TextArea rows={4} maxLength={4000} data-testid="svc-new-detail" /></Form.Item>
    </FormModal>
  );
}

function Boxes() {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const boxes = useQuery('boxes', (signal) => servicesApi.boxes(signal));
  const [creating, setCreating] = useState(false);
  if (boxes.error) return <ErrorAlert error={boxes.error} onRetry={boxes.reload} />;
  if (!boxes.data) return <Skeleton active />;
  const b = boxes.data;
  const tabs: { key: Box; label: string }[] = [
    ...(b.dispatch ? [{ key: 'dispatch' as const, label: t('svc.box.dispatch') }] : []),
    ...(b.inbox.length ? [{ key: 'inbox' as const, label: t('svc.box.inbox') }] : []),
    ...(b.mine.length ? [{ key: 'mine' as const, label: t('svc.box.mine') }] : []),
  ];
  const active = (tabs.find((x) => x.key === params.get('box'))?.key ?? tabs[0]?.key) as Box | undefined;
  return (
    <Flex vertical gap={12}>
      <PageTitle extra={b.mine.length > 0 && <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="svc-new">{t('svc.new')}</Button>}>
        {t('svc.title')}
      </PageTitle>
      {active ? (
        <Tabs activeKey={active} onChange={(k) => setParams({ box: k })} items={tabs.map((x) => ({
          key: x.key, label: x.label,
          children: <Flex vertical gap={12}><RequestList box={x.key} />{x.key === 'dispatch' && <Agencies />}{x.key === 'dispatch' && <StageLimitsCard kind="service_request" />}</Flex>,
        }))} />
      ) : <Typography.Text type="secondary">{t('svc.none')}</Typography.Text>}
      {creating && <NewRequest units={b.mine} onClose={() => setCreating(false)} onSaved={(id) => { setCreating(false); setParams({ id }); }} />}
    </Flex>
  );
}

export default function ServicesPage() {
  const [params] = useSearchParams();
  const id = params.get('id');
  return id ? <ServiceRequestView id={id} /> : <Boxes />;
}
