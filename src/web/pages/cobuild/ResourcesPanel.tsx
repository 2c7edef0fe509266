/**
 * The resources list (资源清单) of a joint meeting, a tab of /meetings for its office: every resource its members offer
 * (filter by category, only those offered today), xlsx of what the filters show, and, opened on a row, the needs the
 * resource serves and the open needs it could serve, best first, each with "link" (匹配) — the same link a need's page
 * makes from the other side.
 */
import { useState } from 'react';
import { Alert, App, Button, Checkbox, Flex, List, Select, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { XlsxImportModal } from '../../components/XlsxImportModal.tsx';
import { Link } from 'react-router-dom';
import { enumOptions } from '../../components/labels.ts';
import { errorText } from '../../errors.ts';
import { useQuery } from '../../hooks.ts';
import { useT } from '../../i18n.ts';
import { NEED_CATEGORY_LIST, type NeedCategory } from './api.ts';
import { resourcesApi, type Resource } from './resources-api.ts';

export function ResourcesPanel({ allianceId }: { allianceId: string }) {
  const t = useT();
  const [category, setCategory] = useState<NeedCategory | ''>('');
  const [available, setAvailable] = useState(false);
  const query = { allianceId, ...(category ? { category } : {}), ...(available ? { available: '1' as const } : {}) };
  const list = useQuery(`resources:${JSON.stringify(query)}`, (s) => resourcesApi.list(query, s));
  const [importing, setImporting] = useState(false);
  return (
    <Flex vertical gap={12}>
      <Flex gap={8} wrap align="center">
        <Select style={{ width: 160 }} value={category} onChange={setCategory} data-testid="res-filter-category"
          options={[{ value: '', label: t('res.allCategories') }, ...enumOptions(t, 'need.category', NEED_CATEGORY_LIST)]} />
        <Checkbox checked={available} onChange={(e) => setAvailable(e.target.checked)}>{t('res.onlyAvailable')}</Checkbox>
        <Button icon={<DownloadOutlined />} href={resourcesApi.exportUrl(query)} data-testid="res-export">{t('res.export')}</Button>
        <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="res-import">{t('res.import')}</Button>
      </Flex>
      {importing && (
        <XlsxImportModal title={t('res.import')} hint={t('res.import.hint')} templateUrl={resourcesApi.templateUrl()} testId="res-import-modal"
          send={(file) => resourcesApi.importFile(file, allianceId)} doneText={(n) => t('res.import.done', { n })}
          onClose={() => setImporting(false)} onDone={() => { setImporting(false); list.reload(); }} />
      )}
      {list.error ? <Alert type="error" showIcon title={errorText(list.error, t)} /> : null}
      <Table<Resource>
        rowKey="id" size="small" pagination={{ pageSize: 20, hideOnSinglePage: true }} dataSource={list.data ?? []} loading={list.loading}
        scroll={{ x: 'max-content' }} data-testid="resources-table"
        expandable={{ expandedRowRender: (r) => <ResourceNeedsCard resource={r} onLinked={list.reload} />, rowExpandable: () => true }}
        columns={[
          { title: t('res.col.title'), dataIndex: 'title' },
          { title: t('res.col.category'), dataIndex: 'category', render: (v: NeedCategory) => <Tag>{t(`need.category.${v}`)}</Tag> },
          { title: t('res.col.party'), dataIndex: 'partyName' },
          { title: t('res.col.quantity'), dataIndex: 'quantity' },
          { title: t('res.col.conditions'), dataIndex: 'conditions', render: (v: string) => v || '—' },
          { title: t('res.f.tags'), dataIndex: 'tags', render: (v: string[]) => v.map((x) => <Tag key={x}>{x}</Tag>) },
          { title: t('res.col.until'), dataIndex: 'availableUntil', render: (v: string | null) => v ?? '—' },
          {
            title: t('res.col.state'), key: 'state',
            render: (_: unknown, r) => (r.withdrawn ? <Tag>{t('res.withdrawn')}</Tag> : r.available ? <Tag color="green">{t('res.available')}</Tag> : <Tag>{t('res.unavailable')}</Tag>),
          },
          { title: t('res.col.needs'), dataIndex: 'needs' },
        ]}
      />
    </Flex>
  );
}

function ResourceNeedsCard({ resource, onLinked }: { resource: Resource; onLinked: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const d = useQuery(`resource-needs:${resource.id}`, (s) => resourcesApi.needsOf(resource.id, s));
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState<string>();
  const link = async (needId: string) => {
    setError(undefined);
    setBusy(needId);
    try { await resourcesApi.link(needId, resource.id); message.success(t('res.linked')); d.reload(); onLinked(); } catch (e) { setError(e); } finally { setBusy(undefined); }
  };
  const line = (n: { id: string; title: string; partyName: string; quantity: number; filled: number; allianceName: string }) => (
    <Flex vertical gap={0}>
      <Link to={`/needs/${n.id}`}>{n.title}</Link>
      <Typography.Text type="secondary">{n.partyName} · {n.allianceName} · {t('res.openSlots', { open: n.quantity - n.filled, n: n.quantity })}</Typography.Text>
    </Flex>
  );
  return (
    <Flex vertical gap={4} data-testid="resource-needs">
      {d.error ? <Alert type="error" showIcon title={errorText(d.error, t)} /> : null}
      {error ? <Alert type="error" showIcon title={errorText(error, t)} /> : null}
      <Typography.Text strong>{t('res.servesList')}</Typography.Text>
      <List size="small" dataSource={d.data?.linked ?? []} loading={d.loading} locale={{ emptyText: t('res.servesNone') }} data-testid="resource-needs-linked"
        renderItem={(n) => <List.Item>{line(n)}</List.Item>} />
      <Typography.Text strong>{t('res.couldServe')}</Typography.Text>
      <List size="small" dataSource={d.data?.suggestions ?? []} loading={d.loading} locale={{ emptyText: t('res.couldServeNone') }} data-testid="resource-needs-suggested"
        renderItem={(n) => (
          <List.Item actions={[<Button key="link" size="small" loading={busy === n.id} onClick={() => void link(n.id)} data-testid="resource-need-link">{t('res.link')}</Button>]}>
            <Flex vertical gap={2}>
              {line(n)}
              <Space size={4} wrap>{n.reasons.map((x) => <Tag key={x} color="blue">{t(`res.reason.${x}`)}</Tag>)}</Space>
            </Flex>
          </List.Item>
        )} />
    </Flex>
  );
}
