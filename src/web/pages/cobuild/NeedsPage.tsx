import { useState } from 'react';
import { Alert, App, Button, Flex, Form, Input, Modal, Select, Table, Typography, Upload } from 'antd';
import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { hasPermission, useAuth } from '../../auth.tsx';
import { enumLabel, enumOptions } from '../../components/labels.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { errorText, rowProblems } from '../../errors.ts';
import { useQuery } from '../../hooks.ts';
import { useT } from '../../i18n.ts';
import { cobuildApi, NEED_CATEGORY_LIST, NEED_STATUS_LIST, type Need, type NeedCategory, type NeedStatus } from './api.ts';
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
  const { message } = App.useApp();
  const alliances = useQuery('import-alliances', (signal) => import('../directory/api.ts').then((m) => m.directoryApi.alliances({ kind: 'joint_meeting', pageSize: 100 }, signal)));
  const [chosen, setChosen] = useState<string | undefined>(fixed);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [report, setReport] = useState<{ row: number; problems: string[] }[]>([]);
  const send = async (file: File) => {
    const allianceId = chosen ?? alliances.data?.items[0]?.id;
    if (!allianceId) { setError(t('needs.import.pickAlliance')); return; }
    setBusy(true);
    setError(undefined);
    setReport([]);
    try {
      const r = await cobuildApi.importNeeds(file, allianceId);
      message.success(t('needs.import.done', { n: r.created }));
      onDone();
    } catch (err) {
      setError(errorText(err, t));
      setReport(rowProblems(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={t('needs.import')} onCancel={onClose} footer={null} data-testid="need-import-modal">
      <Typography.Paragraph type="secondary">{t('needs.import.hint')}</Typography.Paragraph>
      <Form layout="vertical">
        {!fixed && (
          <Form.Item label={t('needs.form.alliance')} required>
            <Select value={chosen ?? alliances.data?.items[0]?.id} onChange={setChosen} options={(alliances.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }))} />
          </Form.Item>
        )}
        <Flex gap={8} wrap>
          <Upload accept=".xlsx" showUploadList={false} beforeUpload={(f) => { void send(f); return false; }}>
            <Button icon={<UploadOutlined />} loading={busy} data-testid="need-import-file">{t('needs.import.choose')}</Button>
          </Upload>
          <Button icon={<DownloadOutlined />} href={cobuildApi.templateUrl()}>{t('needs.template')}</Button>
        </Flex>
      </Form>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
      {report.length > 0 && (
        <ul data-testid="need-import-report" style={{ marginTop: 12, paddingLeft: 18 }}>
          {report.map((r) => <li key={r.row}>{t('needs.import.row', { row: r.row })}{r.problems.join('；')}</li>)}
        </ul>
      )}
    </Modal>
  );
}
