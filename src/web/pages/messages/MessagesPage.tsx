import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { App as AntApp, Button, Card, Flex, Form, Input, List, Segmented, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { CheckOutlined, SendOutlined } from '@ant-design/icons';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { useCan } from '../../components/permissions.ts';
import { formatDateTime, todayIso } from '../../format.ts';
import { useQuery } from '../../hooks.ts';
import { useT, type MessageKey } from '../../i18n.ts';
import { activitiesApi } from '../activities/api.ts';
import { notifyApi, notifyChanged, type Message } from './api.ts';

const PAGE_SIZE = 20;

function Inbox() {
  const t = useT();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const [filter, setFilter] = useState<'all' | 'unread'>('all');
  const [page, setPage] = useState(1);
  const q = useQuery(`notify:messages:${filter}:${page}`, (signal) =>
    notifyApi.messages({ page, pageSize: PAGE_SIZE, unread: filter === 'unread' ? 'true' : undefined }, signal));
  const [busy, setBusy] = useState(false);

  const read = async (m: Message) => {
    if (!m.readAt) { await notifyApi.markRead(m.id); notifyChanged(); }
    q.reload();
  };
  const open = async (m: Message) => {
    await read(m);
    if (m.href) navigate(m.href);
  };
  const readAll = async () => {
    setBusy(true);
    try {
      const r = await notifyApi.markAllRead();
      message.success(t('notify.readAllDone', { count: r.updated }));
      notifyChanged();
      q.reload();
    } finally { setBusy(false); }
  };

  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" wrap gap={8}>
        <Segmented data-testid="notify-filter" value={filter} onChange={(v) => { setFilter(v as 'all' | 'unread'); setPage(1); }}
          options={[{ value: 'all', label: t('notify.filter.all') }, { value: 'unread', label: t('notify.filter.unread') }]} />
        <Button icon={<CheckOutlined />} onClick={() => void readAll()} loading={busy} data-testid="notify-read-all">{t('notify.readAll')}</Button>
      </Flex>
      {q.error ? <ErrorAlert error={q.error} onRetry={q.reload} /> : null}
      <List<Message>
        data-testid="notify-list"
        loading={q.loading}
        dataSource={q.data?.items ?? []}
        locale={{ emptyText: t('notify.empty') }}
        pagination={(q.data?.total ?? 0) > PAGE_SIZE ? { current: page, pageSize: PAGE_SIZE, total: q.data?.total, onChange: setPage, showSizeChanger: false } : false}
        renderItem={(m) => (
          <List.Item
            data-testid="notify-item"
            data-read={m.readAt ? 'true' : 'false'}
            actions={[
              m.href ? <Button key="open" type="link" size="small" onClick={() => void open(m)} data-testid="notify-open">{t('notify.open')}</Button> : null,
              !m.readAt ? <Button key="read" type="link" size="small" onClick={() => void read(m)} data-testid="notify-mark-read">{t('notify.markRead')}</Button> : null,
            ].filter(Boolean)}
          >
            <List.Item.Meta
              title={(
                <Space wrap>
                  <Tag color={m.kind === 'notice' ? 'blue' : 'orange'}>{t(`notify.kind.${m.kind}` as MessageKey)}</Tag>
                  {!m.readAt && <Tag color="red">{t('notify.unread')}</Tag>}
                  <Typography.Text strong={!m.readAt}>{m.title}</Typography.Text>
                </Space>
              )}
              description={(
                <Flex vertical gap={2}>
                  {m.body && <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}>{m.body}</Typography.Paragraph>}
                  <Typography.Text type="secondary">
                    {formatDateTime(m.createdAt)}{m.senderName ? ` · ${t('notify.from', { name: m.senderName })}` : ''}
                  </Typography.Text>
                </Flex>
              )}
            />
          </List.Item>
        )}
      />
    </Flex>
  );
}

interface NoticeValues { orgId?: string; title: string; body?: string; activityId?: string }

function NoticeModal({ onClose, onSent }: { onClose: () => void; onSent: () => void }) {
  const t = useT();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<NoticeValues>();
  const orgId = Form.useWatch('orgId', form);
  const acts = useQuery(`notify:acts:${orgId ?? ''}`, (signal) => (orgId
    ? activitiesApi.activities({ orgId, from: todayIso(), page: 1, pageSize: 100 }, signal)
    : Promise.resolve({ items: [], total: 0, page: 1, pageSize: 100 })));
  return (
    <FormModal<NoticeValues> title={t('notify.send.title')} form={form} fields={['orgId', 'title', 'body', 'activityId']} onClose={onClose} testId="notice-form"
      onSubmit={async (v) => {
        const n = await notifyApi.sendNotice({ orgId: v.orgId!, title: v.title, body: v.body ?? '', activityId: v.activityId ?? null });
        message.success(t('notify.send.done', { count: n.recipients }));
        notifyChanged();
        onSent();
      }}>
      <Form.Item name="orgId" label={t('notify.send.org')} rules={[{ required: true }]}>
        <OrgTreeSelect testId="notice-org" />
      </Form.Item>
      <Form.Item name="title" label={t('notify.send.subject')} rules={[{ required: true, max: 100 }]}>
        <Input data-testid="notice-title" maxLength={100} />
      </Form.Item>
      <Form.Item name="body" label={t('notify.send.body')} rules={[{ max: 2000 }]}>
        <Input.TextArea data-testid="notice-body" rows={4} maxLength={2000} />
      </Form.Item>
      <Form.Item name="activityId" label={t('notify.send.activity')} extra={t('notify.send.activityHint')}>
        <Select data-testid="notice-activity" allowClear showSearch optionFilterProp="label" loading={acts.loading} disabled={!orgId}
          options={(acts.data?.items ?? []).map((a) => ({ value: a.id, label: `${a.title}（${formatDateTime(a.startsAt)}）` }))} />
      </Form.Item>
    </FormModal>
  );
}

function Sent({ version }: { version: number }) {
  const t = useT();
  const [page, setPage] = useState(1);
  const q = useQuery(`notify:notices:${page}:${version}`, (signal) => notifyApi.notices({ page, pageSize: PAGE_SIZE }, signal));
  return (
    <>
      {q.error ? <ErrorAlert error={q.error} onRetry={q.reload} /> : null}
      <Table
        data-testid="notices-table"
        rowKey="id"
        size="small"
        loading={q.loading}
        dataSource={q.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: q.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        columns={[
          { title: t('notify.send.subject'), dataIndex: 'title' },
          { title: t('notify.sent.org'), dataIndex: 'orgName' },
          { title: t('notify.sent.recipients'), dataIndex: 'recipients', align: 'right' },
          { title: t('notify.sent.by'), dataIndex: 'senderName' },
          { title: t('notify.sent.at'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
        ]}
      />
    </>
  );
}

export default function MessagesPage() {
  const t = useT();
  const canSend = useCan('notify.send');
  const [sending, setSending] = useState(false);
  const [version, setVersion] = useState(0);
  return (
    <Card title={t('notify.title')}
      extra={canSend ? <Button type="primary" icon={<SendOutlined />} onClick={() => setSending(true)} data-testid="notice-new">{t('notify.send')}</Button> : null}>
      {canSend ? (
        <Tabs items={[
          { key: 'inbox', label: t('notify.tab.inbox'), children: <Inbox /> },
          { key: 'sent', label: t('notify.tab.sent'), children: <Sent version={version} /> },
        ]} />
      ) : <Inbox />}
      {sending && <NoticeModal onClose={() => setSending(false)} onSent={() => { setSending(false); setVersion((v) => v + 1); }} />}
    </Card>
  );
}
