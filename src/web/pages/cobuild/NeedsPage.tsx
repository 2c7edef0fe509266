import { useState } from 'react';
import { Alert, App, Button, Flex, Form, Input, Select, Table, Typography } from 'antd';
import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { hasPermission, useAuth } from '../../auth.tsx';
import { enumLabel, enumOptions } from '../../components/labels.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { errorText } from '../../errors.ts';
import { XlsxImportModal } from '../../components/XlsxImportModal.tsx';
import { useQuery } from '../../hooks.ts';
import { useT } from '../../i18n.ts';
import { cobuildApi, needAlliances, NEED_CATEGORY_LIST, NEED_STATUS_LIST, type Need, type NeedCategory, type NeedStatus } from './api.ts';
import { NeedForm } from './NeedForm.tsx';
import { NeedStatusTag, NeedView } from './NeedView.tsx';

/** `/needs`: the office's needs list (filters, batch, xlsx); `/needs/<id>`: one need. */
export default function NeedsRoute() {
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const id = pathname.match(/^\/needs\/([0-9a-f-]{36})/i)?.[1];
  return id ? <NeedView key={id} id={id} onBack={() => navigate('/needs')} /> : <NeedsPage />;
}

function NeedsPage() {
  const t = useT();
  const { message } = App.useApp();
  const { me } = useAuth();
  const allianceId = me?.grants.find((g) => g.scopeKind === 'alliance')?.scopeId;
  const canWrite = hasPermission(me, 'cobuild.write');
  const [status, setStatus] = useState<NeedStatus | undefined>();
  const [category, setCategory] = useState<NeedCategory | undefined>();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<string[]>([]);
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const [error, setError] = useState<unknown>();
  const filters = { allianceId, status, category, q: q || undefined };
  const query = { ...filters, page, pageSize: 50 };
  const list = useQuery(JSON.stringify(query), (signal) => cobuildApi.needs(query, signal));
  const figures = useQuery(`figures:${allianceId ?? ''}`, (signal) => cobuildApi.figures(allianceId, signal));
  const reload = () => { list.reload(); figures.reload(); };
  const batch = async (action: 'accept' | 'publish') => {
    setError(undefined);
    try {
      const r = await cobuildApi.batch({ ids: selected, action });
      message.success(t('needs.batch.done', { n: r.updated }));
      setSelected([]);
      reload();
    } catch (e) { setError(e); }
  };
  const f = figures.data;

  return (
    <Flex vertical gap={12}>
      <PageTitle
        extra={(
          <Flex gap={8} wrap>
            {canWrite && <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="need-new">{t('needs.new')}</Button>}
            {canWrite && <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>{t('needs.import')}</Button>}
            <Button icon={<DownloadOutlined />} href={cobuildApi.exportUrl(filters)}>{t('needs.export')}</Button>
          </Flex>
        )}
      >
        {t('needs.title')}
      </PageTitle>
      {f && (
        <Typography.Text type="secondary" data-testid="need-figures">
          {t('needs.figures', { raised: f.raised, settled: f.settled, days: f.avgDaysToSettle ?? '—', sat: f.satisfaction ?? '—', placements: f.placements })}
          {t('needs.figures2', { offered: f.resourcesOffered, used: f.resourcesUsed, projects: f.projects, done: f.projectsDone })}
        </Typography.Text>
      )}
      <Flex gap={8} wrap>
        <Select allowClear placeholder={t('needs.filter.status')} style={{ minWidth: 130 }} value={status} data-testid="need-filter-status"
          onChange={(v) => { setStatus(v); setPage(1); }} options={enumOptions(t, 'need.st', NEED_STATUS_LIST)} />
        <Select allowClear placeholder={t('needs.filter.category')} style={{ minWidth: 130 }} value={category}
          onChange={(v) => { setCategory(v); setPage(1); }} options={enumOptions(t, 'need.category', NEED_CATEGORY_LIST)} />
        <Input.Search allowClear placeholder={t('needs.search')} style={{ maxWidth: 240 }} onSearch={(v) => { setQ(v.trim()); setPage(1); }} />
        {canWrite && selected.length > 0 && (
          <>
            <Typography.Text>{t('needs.selected', { n: selected.length })}</Typography.Text>
            <Button onClick={() => batch('accept')} data-testid="need-batch-accept">{t('needs.batch.accept')}</Button>
            <Button onClick={() => batch('publish')} data-testid="need-batch-publish">{t('needs.batch.publish')}</Button>
          </>
        )}
      </Flex>
      {error ? <Alert type="error" showIcon title={errorText(error, t)} /> : null}
      {list.error ? <Alert type="error" showIcon title={errorText(list.error, t)} /> : null}
      <Table<Need>
        rowKey="id" size="small" loading={list.loading} dataSource={list.data?.items ?? []} scroll={{ x: 'max-content' }} data-testid="needs-table"
        rowSelection={canWrite ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]) } : undefined}
        pagination={{ current: page, pageSize: 50, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        columns={[
          { title: t('needs.col.title'), dataIndex: 'title', render: (v: string, n) => <Link to={`/needs/${n.id}`} data-testid="need-link">{v}</Link> },
          { title: t('needs.col.category'), dataIndex: 'category', render: (v: string) => enumLabel(t, 'need.category', v) },
          { title: t('needs.col.party'), dataIndex: 'partyName' },
          { title: t('needs.col.slots'), key: 'slots', render: (_: unknown, n) => t('needs.slots', { claimed: n.claimed, filled: n.filled, quantity: n.quantity }) },
          { title: t('needs.col.wantedBy'), dataIndex: 'wantedBy', responsive: ['lg'] },
          { title: t('needs.col.dispatches'), dataIndex: 'dispatchCount', responsive: ['lg'] },
          { title: t('needs.col.status'), dataIndex: 'status', render: (v: string) => <NeedStatusTag status={v} /> },
        ]}
      />
      {creating && <NeedForm allianceId={allianceId} onClose={() => setCreating(false)} onSaved={() => { setCreating(false); reload(); }} />}
      {importing && <ImportModal allianceId={allianceId} onClose={() => setImporting(false)} onDone={() => { setImporting(false); reload(); }} />}
    </Flex>
  );
}

/** The import: a joint meeting, a file; a refused file shows every problem of every row (nothing was imported). */
function ImportModal({ allianceId: fixed, onClose, onDone }: { allianceId?: string; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const alliances = useQuery('import-alliances', (signal) => needAlliances(signal));
  const [chosen, setChosen] = useState<string | undefined>(fixed);
  const send = (file: File) => {
    const allianceId = chosen ?? alliances.data?.items[0]?.id;
    if (!allianceId) return Promise.reject(new Error(t('needs.import.pickAlliance')));
    return cobuildApi.importNeeds(file, allianceId);
  };
  return (
    <XlsxImportModal title={t('needs.import')} hint={t('needs.import.hint')} templateUrl={cobuildApi.templateUrl()} send={send}
      doneText={(n) => t('needs.import.done', { n })} onClose={onClose} onDone={onDone} testId="need-import">
      {!fixed && (
        <Form.Item label={t('needs.form.alliance')} required>
          <Select value={chosen ?? alliances.data?.items[0]?.id} onChange={setChosen} options={(alliances.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }))} />
        </Form.Item>
      )}
    </XlsxImportModal>
  );
}
