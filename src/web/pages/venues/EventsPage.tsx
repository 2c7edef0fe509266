import { useEffect, useState } from 'react';
import { ExpandOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert, App, Button, Card, Checkbox, Descriptions, Flex, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Switch, Table, Tabs, Tag, Typography,
} from 'antd';
import QRCode from 'qrcode';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { applyServerErrors } from '../../components/forms.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { everyValue } from '../../api.ts';
import { errorText } from '../../errors.ts';
import { formatDateTime } from '../../format.ts';
import { useQuery } from '../../hooks.ts';
import { useT } from '../../i18n.ts';
import type { EventField } from '../../../shared/venues-events.ts';
import { eventsApi, type EventPage, type Registration, type SocialActivity } from './events-api.ts';

export const EVENT_FIELDS = everyValue<EventField>()(['unit', 'phone', 'gender', 'ageBand']);
const STATUS_COLOR = { confirmed: 'green', waitlisted: 'gold', cancelled: 'default' } as const;
/** fen → "1,234.5" yuan */
export const yuan = (fen: number) => (fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 0, maximumFractionDigits: 2 });

/** Events open to units' staff (联谊): the 联谊 activities, each one's public registration page, the door and the charity sale. */
export default function EventsPage() {
  const t = useT();
  const socials = useQuery('socials', (signal) => eventsApi.socials(signal));
  const [picked, setPicked] = useState<SocialActivity | null>(null);
  const current = picked ?? socials.data?.items[0] ?? null;
  return (
    <Flex vertical gap={12}>
      <PageTitle>{t('ev.title')}</PageTitle>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>{t('ev.hint')}</Typography.Paragraph>
      <ErrorAlert error={socials.error} onRetry={socials.reload} />
      <Table<SocialActivity>
        rowKey="id" size="small" loading={socials.loading} dataSource={socials.data?.items ?? []} pagination={{ pageSize: 10, showSizeChanger: false }}
        data-testid="event-activities" locale={{ emptyText: t('ev.empty') }} onRow={(r) => ({ onClick: () => setPicked(r), style: { cursor: 'pointer' } })}
        rowClassName={(r) => (r.id === current?.id ? 'ant-table-row-selected' : '')}
        columns={[
          { title: t('ev.activity'), dataIndex: 'title' },
          { title: t('ev.time'), dataIndex: 'startsAt', render: (v: string) => formatDateTime(v).slice(0, 16) },
          { title: t('ev.place'), dataIndex: 'place', responsive: ['md'] },
          { title: t('ev.organiser'), dataIndex: 'orgName', responsive: ['md'] },
        ]}
      />
      {current && <EventPanel key={current.id} activity={current} />}
    </Flex>
  );
}

interface SetupValues { fields: EventField[]; capacity: number; units?: { name: string; quota?: number | null }[]; fundName?: string }

function SetupForm({ activity, event, onClose, onSaved }: { activity: SocialActivity; event: EventPage | null; onClose: () => void; onSaved: (e: EventPage) => void }) {
  const t = useT();
  const { message } = App.useApp();
  return (
    <FormModal<SetupValues>
      title={`${event ? t('ev.setup.edit') : t('ev.setup.open')} · ${activity.title}`} testId="event-setup" onClose={onClose}
      fields={['fields', 'capacity', 'units', 'fundName']}
      initialValues={event
        ? { fields: event.fields, capacity: event.capacity, units: event.units.map((u) => ({ name: u.name, quota: u.quota })), fundName: event.fundName ?? undefined }
        : { fields: ['unit', 'phone', 'gender', 'ageBand'], capacity: activity.capacity ?? 80, units: [] }}
      onSubmit={async (v) => {
        const saved = await eventsApi.setup(activity.id, {
          fields: v.fields ?? [], capacity: v.capacity, fundName: v.fundName?.trim() || null,
          units: (v.units ?? []).filter((u) => u?.name?.trim()).map((u) => ({ name: u.name.trim(), quota: u.quota ?? null })),
        });
        message.success(t('ev.saved'));
        onSaved(saved);
      }}
    >
      <Form.Item label={t('ev.setup.fields')} extra={t('ev.setup.nameAlways')} name="fields">
        <Checkbox.Group options={EVENT_FIELDS.map((f) => ({ value: f, label: t(`ev.field.${f}`) }))} data-testid="event-fields" />
      </Form.Item>
      <Form.Item label={t('ev.setup.capacity')} name="capacity" rules={[{ required: true }]}>
        <InputNumber min={1} max={100000} precision={0} data-testid="event-capacity" />
      </Form.Item>
      <Typography.Text>{t('ev.setup.units')}</Typography.Text>
      <Form.List name="units">
        {(items, { add, remove }) => (
          <Flex vertical gap={4} style={{ marginTop: 4, marginBottom: 12 }}>
            {items.map((it) => (
              <Space key={it.key} align="baseline">
                <Form.Item name={[it.name, 'name']} rules={[{ required: true }]} style={{ marginBottom: 0 }}>
                  <Input placeholder={t('ev.setup.unitName')} data-testid={`event-unit-${it.name}`} />
                </Form.Item>
                <Form.Item name={[it.name, 'quota']} style={{ marginBottom: 0 }}>
                  <InputNumber min={1} precision={0} placeholder={t('ev.setup.quota')} data-testid={`event-quota-${it.name}`} />
                </Form.Item>
                <MinusCircleOutlined onClick={() => remove(it.name)} aria-label={t('ev.setup.removeUnit')} />
              </Space>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '', quota: null })} data-testid="event-unit-add">{t('ev.setup.addUnit')}</Button>
          </Flex>
        )}
      </Form.List>
      <Form.Item label={t('ev.setup.fund')} name="fundName" extra={t('ev.setup.fundHint')}>
        <Input maxLength={100} data-testid="event-fund" />
      </Form.Item>
    </FormModal>
  );
}

function EventPanel({ activity }: { activity: SocialActivity }) {
  const t = useT();
  const { message } = App.useApp();
  const ev = useQuery(`event:${activity.id}`, (signal) => eventsApi.event(activity.id, signal));
  const [editing, setEditing] = useState(false);
  const event = ev.data?.event ?? null;
  const toggle = async (on: boolean) => {
    try { await eventsApi.link(event!.id, on); message.success(on ? t('ev.link.onDone') : t('ev.link.offDone')); ev.reload(); } catch (e) { message.error(errorText(e, t)); }
  };
  return (
    <Card size="small" title={activity.title} data-testid="event-panel"
      extra={event?.canManage !== false && <Button onClick={() => setEditing(true)} data-testid="event-setup-open">{event ? t('ev.setup.edit') : t('ev.setup.open')}</Button>}>
      <ErrorAlert error={ev.error} onRetry={ev.reload} />
      {editing && <SetupForm activity={activity} event={event} onClose={() => setEditing(false)} onSaved={() => { setEditing(false); ev.reload(); }} />}
      {ev.data && !event && <Typography.Text type="secondary">{t('ev.none')}</Typography.Text>}
      {event && (
        <Flex vertical gap={12}>
          <Flex gap={16} wrap>
            <Descriptions size="small" column={1} style={{ flex: '1 1 320px' }} data-testid="event-summary" items={[
              { key: 'fields', label: t('ev.setup.fields'), children: [t('ev.field.name'), ...event.fields.map((f) => t(`ev.field.${f}`))].join('、') },
              { key: 'capacity', label: t('ev.setup.capacity'), children: t('ev.counts', { capacity: event.capacity, ...event.counts }) },
              { key: 'units', label: t('ev.setup.units'), children: event.units.length ? event.units.map((u) => (u.quota ? `${u.name}（${u.quota}）` : u.name)).join('、') : t('ev.setup.unitsFree') },
              { key: 'fund', label: t('ev.setup.fund'), children: event.fundName ?? '—' },
            ]} />
            <Flex vertical gap={8} align="center" style={{ flex: '0 1 260px' }}>
              <Space>
                <Switch checked={event.token != null} onChange={(on) => void toggle(on)} disabled={!event.canManage} data-testid="event-link-switch" />
                <Typography.Text>{event.token ? t('ev.link.on') : t('ev.link.off')}</Typography.Text>
              </Space>
              {event.token && <LinkQr url={eventsApi.publicUrl(event.token)} title={activity.title} />}
            </Flex>
          </Flex>
          <Tabs items={[
            { key: 'regs', label: t('ev.tab.registrations'), children: <Registrations event={event} onChange={ev.reload} /> },
            { key: 'door', label: t('ev.tab.door'), children: <Door event={event} onChange={ev.reload} /> },
            { key: 'sale', label: t('ev.tab.sale'), children: <Takings event={event} onChange={ev.reload} /> },
          ]} />
        </Flex>
      )}
    </Card>
  );
}

function LinkQr({ url, title }: { url: string; title: string }) {
  const t = useT();
  const [png, setPng] = useState<string>();
  const [big, setBig] = useState(false);
  useEffect(() => {
    let live = true;
    QRCode.toDataURL(url, { width: 600, margin: 2, errorCorrectionLevel: 'M' }).then((d) => { if (live) setPng(d); }, () => undefined);
    return () => { live = false; };
  }, [url]);
  return (
    <Flex vertical align="center" gap={4} data-testid="event-qr">
      {png && <img src={png} alt={t('ev.link.qr')} style={{ width: 180, aspectRatio: '1 / 1' }} />}
      <Typography.Link href={url} target="_blank" copyable={{ text: url }} style={{ wordBreak: 'break-all', fontSize: 12 }} data-testid="event-url">{url}</Typography.Link>
      <Button size="small" icon={<ExpandOutlined />} onClick={() => setBig(true)}>{t('ev.link.big')}</Button>
      <Modal open={big} onCancel={() => setBig(false)} footer={null} width="min(92vw, 92vh)" centered title={title}>
        {png && <img src={png} alt={t('ev.link.qr')} style={{ width: '100%' }} />}
      </Modal>
    </Flex>
  );
}

function Registrations({ event, onChange }: { event: EventPage; onChange: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const list = useQuery(`regs:${event.id}:${event.counts.confirmed}:${event.counts.waitlisted}:${event.counts.checkedIn}`, (signal) => eventsApi.registrations(event.id, signal));
  const cancel = async (r: Registration) => {
    try { await eventsApi.cancel(r.id); message.success(t('ev.saved')); onChange(); } catch (e) { message.error(errorText(e, t)); }
  };
  return (
    <>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table<Registration>
        rowKey="id" size="small" loading={list.loading} dataSource={list.data?.items ?? []} pagination={{ pageSize: 20, showSizeChanger: false }}
        data-testid="event-registrations" scroll={{ x: 'max-content' }} locale={{ emptyText: t('ev.regs.empty') }}
        columns={[
          { title: t('ev.field.name'), dataIndex: 'name' },
          { title: t('ev.regs.status'), dataIndex: 'status', render: (s: Registration['status'], r) => <Tag color={STATUS_COLOR[s]}>{s === 'waitlisted' ? t('ev.status.waitlistedAt', { position: r.position ?? 0 }) : t(`ev.status.${s}`)}</Tag> },
          { title: t('ev.field.unit'), dataIndex: 'unit' },
          { title: t('ev.field.phone'), dataIndex: 'phone', responsive: ['md'] },
          { title: t('ev.field.gender'), dataIndex: 'gender', responsive: ['md'], render: (g: string | null) => (g ? t(`ev.gender.${g as 'M'}`) : '') },
          { title: t('ev.field.ageBand'), dataIndex: 'ageBand', responsive: ['lg'] },
          { title: t('ev.regs.code'), dataIndex: 'code' },
          { title: t('ev.regs.checkedIn'), dataIndex: 'checkedInAt', render: (v: string | null) => (v ? formatDateTime(v).slice(11, 16) : '') },
          ...(event.canManage ? [{
            title: '', key: 'op', render: (_: unknown, r: Registration) => r.status !== 'cancelled' && !r.checkedInAt && (
              <Popconfirm title={t('ev.regs.cancelConfirm')} onConfirm={() => cancel(r)}><a>{t('ev.regs.cancel')}</a></Popconfirm>
            ),
          }] : []),
        ]}
      />
    </>
  );
}

/** Check-in at the door: the registrant shows the confirmation code, staff type it. */
function Door({ event, onChange }: { event: EventPage; onChange: () => void }) {
  const t = useT();
  const [form] = Form.useForm<{ code: string }>();
  const [done, setDone] = useState<Registration | null>(null);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  if (!event.canManage) return <Typography.Text type="secondary">{t('ev.readOnly')}</Typography.Text>;
  return (
    <Flex vertical gap={8} style={{ maxWidth: 420 }}>
      <Form form={form} layout="inline" onFinish={async (v) => {
        setBusy(true); setError(undefined); setDone(null);
        try {
          const r = await eventsApi.checkin(event.id, v.code.trim());
          setDone(r); form.resetFields(); onChange();
        } catch (e) { setError(applyServerErrors(form, e, ['code'], t)); } finally { setBusy(false); }
      }}>
        <Form.Item name="code" rules={[{ required: true }]}><Input placeholder={t('ev.door.code')} maxLength={12} style={{ textTransform: 'uppercase', width: 180 }} data-testid="event-door-code" /></Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="event-door-submit">{t('ev.door.checkin')}</Button>
      </Form>
      {error && <Alert type="error" showIcon title={error} data-testid="event-door-error" />}
      {done && <Alert type="success" showIcon title={t('ev.door.done', { name: done.name, unit: done.unit ?? '' })} data-testid="event-door-done" />}
    </Flex>
  );
}

/** Takings of the charity sale (义卖): payer and amount, kept on the event, ready to post to the fund. */
function Takings({ event, onChange }: { event: EventPage; onChange: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const list = useQuery(`takings:${event.id}:${event.counts.takingsFen}`, (signal) => eventsApi.takings(event.id, signal));
  const [adding, setAdding] = useState(false);
  const [posting, setPosting] = useState(false);
  return (
    <Flex vertical gap={8}>
      <Flex gap={8} wrap align="center">
        <Typography.Text strong data-testid="event-takings-total">{t('ev.sale.total', { amount: yuan(list.data?.totalFen ?? event.counts.takingsFen) })}</Typography.Text>
        <Typography.Text type="secondary">{event.fundName ? t('ev.sale.ready', { fund: event.fundName }) : t('ev.sale.noFund')}</Typography.Text>
        {event.canManage && <Button onClick={() => setAdding(true)} data-testid="event-taking-add">{t('ev.sale.add')}</Button>}
        {event.canManage && (list.data?.items ?? []).some((x) => x.status === 'ready') && (
          <Button type="primary" onClick={() => setPosting(true)} data-testid="event-takings-post">{t('ev.sale.post')}</Button>
        )}
      </Flex>
      {posting && <PostTakings event={event} onClose={() => setPosting(false)} onDone={() => { setPosting(false); list.reload(); onChange(); }} />}
      {adding && (
        <FormModal<{ payer: string; amountYuan: number; note?: string }>
          title={t('ev.sale.add')} testId="event-taking" fields={['payer', 'amountYuan', 'note']} onClose={() => setAdding(false)}
          mapError={(e) => e} onSubmit={async (v) => {
            await eventsApi.addTaking(event.id, { payer: v.payer, amountFen: Math.round(v.amountYuan * 100), note: v.note?.trim() || null });
            message.success(t('ev.saved')); setAdding(false); onChange();
          }}
        >
          <Form.Item name="payer" label={t('ev.sale.payer')} rules={[{ required: true }]}><Input maxLength={100} data-testid="event-taking-payer" /></Form.Item>
          <Form.Item name="amountYuan" label={t('ev.sale.amount')} rules={[{ required: true }]}>
            <InputNumber min={0.01} max={1000000} precision={2} data-testid="event-taking-amount" />
          </Form.Item>
          <Form.Item name="note" label={t('ev.sale.note')}><Input maxLength={200} /></Form.Item>
        </FormModal>
      )}
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table
        rowKey="id" size="small" loading={list.loading} dataSource={list.data?.items ?? []} pagination={{ pageSize: 20, showSizeChanger: false }} data-testid="event-takings"
        columns={[
          { title: t('ev.sale.payer'), dataIndex: 'payer' },
          { title: t('ev.sale.amount'), dataIndex: 'amountFen', render: (f: number) => yuan(f) },
          { title: t('ev.sale.note'), dataIndex: 'note', responsive: ['md'] },
          { title: t('ev.sale.status'), dataIndex: 'status', render: (s: 'ready' | 'posted') => <Tag color={s === 'ready' ? 'gold' : 'green'}>{t(`ev.sale.status.${s}`)}</Tag> },
          { title: t('ev.sale.at'), dataIndex: 'recordedAt', render: (v: string) => formatDateTime(v).slice(0, 16), responsive: ['md'] },
        ]}
      />
    </Flex>
  );
}

/** Posts the ready takings into a charity fund the organiser prepares for: one donation each, with its receipt number. */
function PostTakings({ event, onClose, onDone }: { event: EventPage; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const funds = useQuery('event-charity-funds', (signal) => eventsApi.charityFunds(signal));
  const [key] = useState(() => crypto.randomUUID());
  const mine = (funds.data ?? []).filter((f) => f.role === 'officer');
  const [form] = Form.useForm<{ fundId: string }>();
  // the fund the event names, once the list has come
  const named = mine.find((f) => f.name === event.fundName)?.id;
  useEffect(() => { if (named && !form.getFieldValue('fundId')) form.setFieldValue('fundId', named); }, [named, form]);
  return (
    <FormModal<{ fundId: string }> title={t('ev.sale.post')} form={form} testId="event-takings-post-form" formTestId="event-takings-post-form" fields={['fundId']} onClose={onClose}
      onSubmit={async (v) => {
        const r = await eventsApi.postTakings(event.id, v.fundId, key);
        message.success(t('ev.sale.posted', { n: r.posted, fund: r.fundName }));
        onDone();
      }}>
      <Typography.Paragraph type="secondary">{t('ev.sale.postHint')}</Typography.Paragraph>
      <Form.Item name="fundId" label={t('ev.sale.fund')} rules={[{ required: true }]}>
        <Select loading={funds.loading} data-testid="event-takings-fund" notFoundContent={t('ev.sale.noFunds')}
          options={mine.map((f) => ({ value: f.id, label: f.name }))} />
      </Form.Item>
    </FormModal>
  );
}
