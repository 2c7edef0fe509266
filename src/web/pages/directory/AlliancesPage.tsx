/** Alliances (集群 / 网格 / 联席会议): list by kind, `?id=` detail with member orgs, units and coordinators. */
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, App, Button, Card, Flex, Form, Input, Popconfirm, Segmented, Select, Space, Table, Tabs, Typography } from 'antd';
import { ArrowLeftOutlined, DeleteOutlined, PlusOutlined, UserAddOutlined } from '@ant-design/icons';
import { PageTitle } from '../../components/PageTitle.tsx';
import { errorText } from '../../errors.ts';
import { useIsMobile, useQuery } from '../../hooks.ts';
import { useT } from '../../i18n.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { enumLabel } from '../../components/labels.ts';
import { useCan } from '../../components/permissions.ts';
import { DetailLink, FieldList, KindTag, dash, useDetailId } from './common.tsx';
import { ALLIANCE_KIND_LIST, directoryApi, type Alliance, type AllianceDetail } from './api.ts';

function UnitPicker({ regionId, value, onChange }: { regionId: string; value?: string; onChange: (v: string | undefined) => void }) {
  const t = useT();
  const [q, setQ] = useState('');
  const res = useQuery(`dir:unitPick:${regionId}:${q}`, (signal) => directoryApi.units({ regionId, q: q || undefined, pageSize: 50 }, signal));
  return (
    <Select
      showSearch
      allowClear
      filterOption={false}
      onSearch={setQ}
      value={value}
      onChange={onChange}
      loading={res.loading}
      placeholder={t('dir.alliance.pickUnit')}
      options={(res.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))}
      style={{ minWidth: 220, maxWidth: '100%' }}
      data-testid="alliance-unit-picker"
    />
  );
}

function AllianceDetailView({ id }: { id: string }) {
  const t = useT();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const canWrite = useCan('directory.write');
  const res = useQuery(`dir:alliance:${id}`, (signal) => directoryApi.alliance(id, signal));
  const [detail, setDetail] = useState<AllianceDetail>();
  const a = detail ?? res.data;
  const [orgId, setOrgId] = useState<string>();
  const [unitId, setUnitId] = useState<string>();
  const [username, setUsername] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const run = async (fn: () => Promise<AllianceDetail | void>) => {
    setBusy(true);
    setError(undefined);
    try {
      const next = await fn();
      if (next) setDetail(next);
      else res.reload();
      message.success(t('dir.saved'));
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Flex vertical gap={16}>
      <PageTitle extra={<Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/alliances')}>{t('dir.backToList')}</Button>}>
        <span data-testid="alliance-name">{a?.name ?? t('dir.alliance.detail')}</span>
      </PageTitle>
      <ErrorAlert error={res.error} onRetry={res.reload} />
      {error && <Alert type="error" showIcon title={error} closable onClose={() => setError(undefined)} data-testid="alliance-error" />}
      {a && (
        <Card size="small">
          <FieldList
            items={[
              { key: 'kind', label: t('dir.alliance.kind'), value: <KindTag prefix="dir.allianceKind" value={a.kind} /> },
              { key: 'lead', label: t('dir.alliance.lead'), value: a.leadOrgId ? <DetailLink kind="orgs" id={a.leadOrgId}>{a.leadOrgName}</DetailLink> : null },
              { key: 'founded', label: t('dir.org.founded'), value: a.foundedOn },
              { key: 'desc', label: t('dir.alliance.description'), value: a.description },
            ]}
          />
        </Card>
      )}
      {a && (
        <Card size="small">
          <Tabs
            items={[
              {
                key: 'orgs',
                label: `${t('dir.alliance.orgs')} (${a.orgs.length})`,
                children: (
                  <Flex vertical gap={8}>
                    {canWrite && (
                      <Flex wrap gap={8}>
                        <OrgTreeSelect value={orgId} onChange={setOrgId} testId="alliance-org-picker" />
                        <Button icon={<PlusOutlined />} disabled={!orgId} loading={busy} data-testid="alliance-add-org"
                          onClick={() => run(() => directoryApi.addAllianceMembers(id, { orgIds: [orgId!] })).then(() => setOrgId(undefined))}>
                          {t('dir.alliance.add')}
                        </Button>
                      </Flex>
                    )}
                    <Table<AllianceDetail['orgs'][number]>
                      data-testid="alliance-orgs"
                      rowKey="id"
                      size={isMobile ? 'small' : 'middle'}
                      dataSource={a.orgs}
                      pagination={false}
                      scroll={{ x: 'max-content' }}
                      columns={[
                        { key: 'name', title: t('dir.org.name'), dataIndex: 'name', render: (n: string, r: { id: string }) => <DetailLink kind="orgs" id={r.id}>{n}</DetailLink> },
                        { key: 'kind', title: t('dir.org.kind'), dataIndex: 'kind', render: (k: string) => <KindTag prefix="dir.orgKind" value={k} /> },
                        ...(canWrite ? [{
                          key: 'remove', title: '', render: (_: unknown, r: { id: string; name: string }) => (
                            <Popconfirm title={t('dir.alliance.removeConfirm', { name: r.name })} okText={t('dir.alliance.remove')} cancelText={t('dir.cancel')}
                              onConfirm={() => run(() => directoryApi.removeAllianceMembers(id, { orgIds: [r.id] }))}>
                              <Button size="small" danger icon={<DeleteOutlined />}>{t('dir.alliance.remove')}</Button>
                            </Popconfirm>
                          ),
                        }] : []),
                      ]}
                    />
                  </Flex>
                ),
              },
              {
                key: 'units',
                label: `${t('dir.alliance.units')} (${a.units.length})`,
                children: (
                  <Flex vertical gap={8}>
                    {canWrite && (
                      <Flex wrap gap={8}>
                        <UnitPicker regionId={a.regionId} value={unitId} onChange={setUnitId} />
                        <Button icon={<PlusOutlined />} disabled={!unitId} loading={busy} data-testid="alliance-add-unit"
                          onClick={() => run(() => directoryApi.addAllianceMembers(id, { unitIds: [unitId!] })).then(() => setUnitId(undefined))}>
                          {t('dir.alliance.add')}
                        </Button>
                      </Flex>
                    )}
                    <Table<AllianceDetail['units'][number]>
                      data-testid="alliance-units"
                      rowKey="id"
                      size={isMobile ? 'small' : 'middle'}
                      dataSource={a.units}
                      pagination={false}
                      scroll={{ x: 'max-content' }}
                      columns={[
                        { key: 'name', title: t('dir.unit.name'), dataIndex: 'name', render: (n: string, r: { id: string }) => <DetailLink kind="units" id={r.id}>{n}</DetailLink> },
                        { key: 'kind', title: t('dir.unit.kind'), dataIndex: 'kind', render: (k: string) => enumLabel(t, 'dir.unitKind', k) },
                        ...(canWrite ? [{
                          key: 'remove', title: '', render: (_: unknown, r: { id: string; name: string }) => (
                            <Popconfirm title={t('dir.alliance.removeConfirm', { name: r.name })} okText={t('dir.alliance.remove')} cancelText={t('dir.cancel')}
                              onConfirm={() => run(() => directoryApi.removeAllianceMembers(id, { unitIds: [r.id] }))}>
                              <Button size="small" danger icon={<DeleteOutlined />}>{t('dir.alliance.remove')}</Button>
                            </Popconfirm>
                          ),
                        }] : []),
                      ]}
                    />
                  </Flex>
                ),
              },
              {
                key: 'coordinators',
                label: `${t('dir.alliance.coordinators')} (${a.coordinators.length})`,
                children: (
                  <Flex vertical gap={8}>
                    {canWrite && (
                      <Form layout="inline" onFinish={() => run(() => directoryApi.addCoordinator(id, username.trim()).then(() => undefined)).then(() => setUsername(''))}>
                        <Form.Item label={t('dir.alliance.username')}>
                          <Input value={username} onChange={(e) => setUsername(e.target.value)} maxLength={64} data-testid="alliance-coordinator-username" />
                        </Form.Item>
                        <Form.Item>
                          <Button htmlType="submit" icon={<UserAddOutlined />} disabled={!username.trim()} loading={busy} data-testid="alliance-add-coordinator">
                            {t('dir.alliance.addCoordinator')}
                          </Button>
                        </Form.Item>
                      </Form>
                    )}
                    <Table
                      data-testid="alliance-coordinators"
                      rowKey="userId"
                      size={isMobile ? 'small' : 'middle'}
                      dataSource={a.coordinators}
                      pagination={false}
                      scroll={{ x: 'max-content' }}
                      columns={[
                        { key: 'displayName', title: t('dir.alliance.displayName'), dataIndex: 'displayName' },
                        { key: 'username', title: t('dir.alliance.username'), dataIndex: 'username' },
                      ]}
                    />
                  </Flex>
                ),
              },
            ]}
          />
        </Card>
      )}
    </Flex>
  );
}

function AllianceList() {
  const t = useT();
  const isMobile = useIsMobile();
  const [params, setParams] = useSearchParams();
  const kind = (ALLIANCE_KIND_LIST as readonly string[]).includes(params.get('kind') ?? '') ? params.get('kind')! : '';
  const res = useQuery(`dir:alliances:${kind}`, (signal) => directoryApi.alliances({ kind: kind || undefined, pageSize: 500 }, signal));
  return (
    <Flex vertical gap={16}>
      <PageTitle>{t('dir.alliances.title')}</PageTitle>
      <Segmented
        data-testid="alliance-kind"
        value={kind}
        onChange={(v) => setParams(v ? { kind: String(v) } : {})}
        options={[{ value: '', label: t('dir.all') }, ...ALLIANCE_KIND_LIST.map((k) => ({ value: k, label: enumLabel(t, 'dir.allianceKind', k) }))]}
        style={{ alignSelf: 'flex-start', maxWidth: '100%', overflowX: 'auto' }}
      />
      <ErrorAlert error={res.error} onRetry={res.reload} />
      <Table<Alliance>
        data-testid="alliance-table"
        rowKey="id"
        size={isMobile ? 'small' : 'middle'}
        loading={res.loading}
        dataSource={res.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 20, hideOnSinglePage: true, simple: isMobile }}
        locale={{ emptyText: <Typography.Text type="secondary">{t('dir.none')}</Typography.Text> }}
        columns={[
          { key: 'name', title: t('dir.alliance.name'), dataIndex: 'name', render: (n: string, r) => <DetailLink kind="alliances" id={r.id}>{n}</DetailLink> },
          { key: 'kind', title: t('dir.alliance.kind'), dataIndex: 'kind', render: (k: string) => <KindTag prefix="dir.allianceKind" value={k} /> },
          { key: 'lead', title: t('dir.alliance.lead'), dataIndex: 'leadOrgName', render: dash },
          { key: 'orgs', title: t('dir.alliance.orgCount'), dataIndex: 'orgCount', align: 'right' },
          { key: 'units', title: t('dir.alliance.unitCount'), dataIndex: 'unitCount', align: 'right' },
        ]}
      />
      <Space />
    </Flex>
  );
}

export default function AlliancesPage() {
  const id = useDetailId('alliances');
  return id ? <AllianceDetailView key={id} id={id} /> : <AllianceList />;
}
