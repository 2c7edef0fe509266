import { useState } from 'react';
import { App as AntApp, Alert, Button, Card, Checkbox, Flex, Form, Input, InputNumber, Popconfirm, Radio, Space, Switch, Table, Tag, Typography } from 'antd';
import { PlusOutlined, RedoOutlined } from '@ant-design/icons';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { RegionSelect, useRegions } from '../../components/OrgTreeSelect.tsx';
import { formatDateTime } from '../../format.ts';
import { useQuery } from '../../hooks.ts';
import { useT, type MessageKey } from '../../i18n.ts';
import { notifyApi, type Channel, type ChannelBody } from './api.ts';

interface Values {
  name: string; kind: 'webhook' | 'email'; enabled: boolean; kinds: ('notice' | 'reminder')[];
  url?: string; host?: string; port?: number; secure?: boolean; user?: string; password?: string; from?: string; to?: string;
}

const FIELDS = ['name', 'kind', 'enabled', 'kinds', 'webhook', 'webhook.url', 'email', 'email.host', 'email.port', 'email.user', 'email.password', 'email.from', 'email.to'];

function ChannelModal({ regionId, channel, onClose, onSaved }: { regionId: string; channel: Channel | null; onClose: () => void; onSaved: () => void }) {
  const t = useT();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('kind', form) ?? channel?.kind ?? 'webhook';
  const initial: Values = channel
    ? {
      name: channel.name, kind: channel.kind, enabled: channel.enabled, kinds: channel.kinds, url: channel.webhook?.url,
      host: channel.email?.host, port: channel.email?.port, secure: channel.email?.secure, user: channel.email?.user ?? undefined,
      from: channel.email?.from, to: channel.email?.to.join('\n'),
    }
    : { name: '', kind: 'webhook', enabled: true, kinds: ['notice', 'reminder'], port: 25, secure: false };
  return (
    <FormModal<Values> title={channel ? t('notify.channels.edit') : t('notify.channels.add')} form={form} fields={FIELDS} initialValues={initial}
      onClose={onClose} testId="channel-form"
      mapError={(e) => e}
      onSubmit={async (v) => {
        const webhook = v.kind === 'webhook' ? { url: v.url ?? '' } : undefined;
        const email = v.kind === 'email' ? {
          host: v.host ?? '', port: v.port ?? 25, secure: v.secure ?? false, user: v.user || undefined, password: v.password || undefined,
          from: v.from ?? '', to: (v.to ?? '').split(/[\n,;]+/).map((s) => s.trim()).filter(Boolean),
        } : undefined;
        if (channel) await notifyApi.updateChannel(channel.id, { name: v.name, enabled: v.enabled, kinds: v.kinds, webhook, email });
        else await notifyApi.createChannel({ regionId, name: v.name, kind: v.kind, enabled: v.enabled, kinds: v.kinds, webhook, email } satisfies ChannelBody);
        message.success(t('notify.channels.saved'));
        onSaved();
      }}>
      <Form.Item name="name" label={t('notify.channels.name')} rules={[{ required: true, max: 100 }]}><Input data-testid="channel-name" /></Form.Item>
      <Form.Item name="kind" label={t('notify.channels.kind')}>
        <Radio.Group disabled={!!channel} options={[
          { value: 'webhook', label: t('notify.channelKind.webhook') }, { value: 'email', label: t('notify.channelKind.email') },
        ]} />
      </Form.Item>
      <Form.Item name="kinds" label={t('notify.channels.kinds')} rules={[{ required: true }]}>
        <Checkbox.Group options={[{ value: 'notice', label: t('notify.kind.notice') }, { value: 'reminder', label: t('notify.kind.reminder') }]} />
      </Form.Item>
      <Form.Item name="enabled" label={t('notify.channels.enabled')} valuePropName="checked"><Switch /></Form.Item>
      {kind === 'webhook' ? (
        <Form.Item name="url" label={t('notify.channels.url')} rules={[{ required: true }]}><Input data-testid="channel-url" placeholder="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…" /></Form.Item>
      ) : (
        <>
          <Space wrap>
            <Form.Item name="host" label={t('notify.channels.host')} rules={[{ required: true }]}><Input /></Form.Item>
            <Form.Item name="port" label={t('notify.channels.port')} rules={[{ required: true }]}><InputNumber min={1} max={65535} /></Form.Item>
            <Form.Item name="secure" label={t('notify.channels.secure')} valuePropName="checked"><Switch /></Form.Item>
          </Space>
          <Space wrap>
            <Form.Item name="user" label={t('notify.channels.user')}><Input autoComplete="off" /></Form.Item>
            <Form.Item name="password" label={t('notify.channels.password')} extra={channel?.email?.hasPassword ? t('notify.channels.passwordKept') : undefined}>
              <Input.Password autoComplete="new-password" />
            </Form.Item>
          </Space>
          <Form.Item name="from" label={t('notify.channels.from')} rules={[{ required: true }]}><Input /></Form.Item>
          <Form.Item name="to" label={t('notify.channels.to')} rules={[{ required: true }]}><Input.TextArea rows={3} /></Form.Item>
        </>
      )}
    </FormModal>
  );
}

function DeadLetters({ regionId, version }: { regionId: string; version: number }) {
  const t = useT();
  const { message } = AntApp.useApp();
  const [page, setPage] = useState(1);
  const q = useQuery(`notify:dead:${regionId}:${page}:${version}`, (signal) => notifyApi.outbox({ regionId, status: 'dead', page, pageSize: 20 }, signal));
  return (
    <Card size="small" title={t('notify.dead.title')} data-testid="dead-letters">
      {q.error ? <ErrorAlert error={q.error} onRetry={q.reload} /> : null}
      <Table
        rowKey="id" size="small" loading={q.loading} dataSource={q.data?.items ?? []} scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('notify.dead.none') }}
        pagination={{ current: page, pageSize: 20, total: q.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        columns={[
          { title: t('notify.send.subject'), dataIndex: 'title' },
          { title: t('notify.dead.channel'), dataIndex: 'channelName' },
          { title: t('notify.dead.attempts'), dataIndex: 'attempts', align: 'right' },
          { title: t('notify.dead.error'), dataIndex: 'lastError', render: (v: string | null) => <Typography.Text type="danger" ellipsis={{ tooltip: v }} style={{ maxWidth: 320 }}>{v}</Typography.Text> },
          { title: t('notify.at'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
          {
            title: t('notify.actions'), key: 'a', render: (_: unknown, r) => (
              <Button size="small" icon={<RedoOutlined />} data-testid="dead-retry"
                onClick={async () => { await notifyApi.retry(r.id); message.success(t('notify.dead.retried')); q.reload(); }}>{t('notify.dead.retry')}</Button>
            ),
          },
        ]}
      />
    </Card>
  );
}

export default function ChannelsPage() {
  const t = useT();
  const regions = useRegions();
  const [picked, setPicked] = useState<string>();
  const regionId = picked ?? regions.data?.items[0]?.id;
  const [editing, setEditing] = useState<Channel | null | undefined>(undefined);
  const [version, setVersion] = useState(0);
  const q = useQuery(`notify:channels:${regionId ?? ''}:${version}`, (signal) => (regionId ? notifyApi.channels(regionId, signal) : Promise.resolve([])));
  const toggle = async (c: Channel, enabled: boolean) => { await notifyApi.updateChannel(c.id, { enabled }); setVersion((v) => v + 1); };
  const remove = async (c: Channel) => { await notifyApi.deleteChannel(c.id); setVersion((v) => v + 1); };

  return (
    <Flex vertical gap={12}>
      <Card title={t('notify.channels.title')}
        extra={(
          <Space wrap>
            {(regions.data?.items.length ?? 0) > 1 && <RegionSelect regions={regions.data?.items ?? []} value={regionId} onChange={setPicked} />}
            <Button type="primary" icon={<PlusOutlined />} disabled={!regionId} onClick={() => setEditing(null)} data-testid="channel-new">{t('notify.channels.add')}</Button>
          </Space>
        )}>
        <Alert type="info" showIcon message={t('notify.channels.hint')} style={{ marginBottom: 12 }} />
        {q.error ? <ErrorAlert error={q.error} onRetry={q.reload} /> : null}
        <Table<Channel>
          data-testid="channels-table" rowKey="id" size="small" loading={q.loading || regions.loading} dataSource={q.data ?? []} scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('notify.channels.none') }} pagination={false}
          columns={[
            { title: t('notify.channels.name'), dataIndex: 'name' },
            { title: t('notify.channels.kind'), dataIndex: 'kind', render: (k: string) => t(`notify.channelKind.${k}` as MessageKey) },
            { title: t('notify.channels.kinds'), dataIndex: 'kinds', render: (ks: string[]) => ks.map((k) => <Tag key={k}>{t(`notify.kind.${k}` as MessageKey)}</Tag>) },
            { title: t('notify.channels.target'), key: 'target', render: (_: unknown, c) => c.webhook?.url ?? `${c.email?.host}:${c.email?.port} → ${c.email?.to.join(', ')}` },
            { title: t('notify.channels.enabled'), dataIndex: 'enabled', render: (v: boolean, c) => <Switch size="small" checked={v} onChange={(x) => void toggle(c, x)} /> },
            {
              title: t('notify.actions'), key: 'a', render: (_: unknown, c) => (
                <Space>
                  <Button size="small" type="link" onClick={() => setEditing(c)}>{t('notify.channels.edit')}</Button>
                  <Popconfirm title={t('notify.channels.deleteConfirm')} onConfirm={() => remove(c)}>
                    <Button size="small" type="link" danger>{t('notify.channels.delete')}</Button>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {regionId && <DeadLetters regionId={regionId} version={version} />}
      {editing !== undefined && regionId && (
        <ChannelModal regionId={regionId} channel={editing} onClose={() => setEditing(undefined)} onSaved={() => { setEditing(undefined); setVersion((v) => v + 1); }} />
      )}
    </Flex>
  );
}
