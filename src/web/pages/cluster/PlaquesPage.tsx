import { useState } from 'react';
import { Alert, App, Button, Card, Empty, Flex, Input, Popconfirm, Progress, Select, Skeleton, Switch, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, PlusOutlined, PrinterOutlined, UploadOutlined } from '@ant-design/icons';
import { hasPermission, useAuth } from '../../auth.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { errorText } from '../../errors.ts';
import { useQuery } from '../../hooks.ts';
import { useT } from '../../i18n.ts';
import { clusterApi, type CampaignProgress, type Household } from './api.ts';
import { CampaignForm, HouseholdForm, ImportModal } from './PlaqueForms.tsx';

type Row = CampaignProgress['byCommunity'][number];
const LEVELS = ['door', 'board', 'stair'] as const;

/** The campaign's households: the three display levels as switches, the public link, revoke / reissue. */
function Households({ campaignId, onChange, version }: { campaignId: string; onChange: () => void; version: number }) {
  const t = useT();
  const { me } = useAuth();
  const { message } = App.useApp();
  const canWrite = hasPermission(me, 'cluster.write');
  const [page, setPage] = useState(1);
  const [q, setQ] = useState('');
  const [selected, setSelected] = useState<string[]>([]);
  const list = useQuery(`households:${campaignId}:${page}:${q}:${version}`, (signal) =>
    clusterApi.households({ campaignId, page, pageSize: 20, q: q || undefined }, signal));
  const call = async (run: () => Promise<unknown>) => {
    try {
      await run();
      list.reload();
      onChange();
    } catch (err) {
      message.error(errorText(err, t));
    }
  };
  return (
    <Card
      size="small" title={t('plaques.households')}
      extra={(
        <Flex gap={8} wrap>
          <Input.Search allowClear placeholder={t('plaques.search')} onSearch={(v) => { setQ(v.trim()); setPage(1); }} style={{ width: 240 }} data-testid="plaque-search" />
          <Button icon={<DownloadOutlined />} href={clusterApi.householdsExportUrl({ campaignId, q: q || undefined })} data-testid="households-export">{t('plaques.export')}</Button>
          <Button icon={<PrinterOutlined />} disabled={!selected.length} href={selected.length ? clusterApi.plaquesPdfOf(selected) : undefined} data-testid="print-selected">
            {t('plaques.printSelected')}{selected.length ? `（${selected.length}）` : ''}
          </Button>
        </Flex>
      )}
    >
      {list.error ? <Alert type="error" showIcon title={errorText(list.error, t)} /> : null}
      <Table<Household>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]), preserveSelectedRowKeys: true }}
        columns={[
          { title: t('plaques.col.building'), dataIndex: 'building' },
          { title: t('plaques.col.room'), dataIndex: 'room', responsive: ['md'] },
          { title: t('plaques.col.members'), key: 'members', render: (_: unknown, h) => h.members.map((m) => m.name).join('、') },
          ...LEVELS.map((k) => ({
            title: t(`plaques.col.${k}`), key: k,
            render: (_: unknown, h: Household) => (
              <Switch
                size="small"
                aria-label={t(`plaques.col.${k}`)}
                checked={h[k].state === 'done'}
                disabled={!canWrite}
                onChange={(on) => call(() => clusterApi.setLevel(h.id, { level: k, state: on ? 'done' : 'pending' }))}
              />
            ),
          })),
          {
            title: t('plaques.col.link'), key: 'link',
            render: (_: unknown, h: Household) => h.publicPath ? (
              <Flex gap={4}>
                <Button size="small" type="link" href={h.publicPath} target="_blank">{t('plaques.open')}</Button>
                <Button size="small" type="link" href={clusterApi.plaquesPdfOf([h.id])} data-testid="print-one">{t('plaques.printOne')}</Button>
                {canWrite && (
                  <Popconfirm title={t('plaques.revokeConfirm')} onConfirm={() => call(() => clusterApi.revokePlaque(h.id))}>
                    <Button size="small" type="link" danger>{t('plaques.revoke')}</Button>
                  </Popconfirm>
                )}
              </Flex>
            ) : (
              <Flex gap={4} align="center">
                <Tag>{t('plaques.revoked')}</Tag>
                {canWrite && <Button size="small" type="link" onClick={() => call(() => clusterApi.reissuePlaque(h.id))}>{t('plaques.reissue')}</Button>}
              </Flex>
            ),
          },
        ]}
      />
    </Card>
  );
}

/** A plaque campaign's live progress per community (three display levels) and the printable plaques. */
export default function PlaquesPage() {
  const t = useT();
  const { me } = useAuth();
  const canWrite = hasPermission(me, 'cluster.write');
  const [dialog, setDialog] = useState<'household' | 'campaign' | 'import' | null>(null);
  const [version, setVersion] = useState(0);
  const campaigns = useQuery('campaigns', (signal) => clusterApi.campaigns(signal));
  const [chosen, setChosen] = useState<string | undefined>();
  const list = campaigns.data ?? [];
  const id = chosen ?? list[0]?.id;
  const progress = useQuery(`progress:${id ?? ''}`, (signal) =>
    id ? clusterApi.campaignProgress(id, signal) : Promise.resolve(null));

  if (campaigns.error) return <Alert type="error" showIcon title={errorText(campaigns.error, t)} />;
  if (!campaigns.data) return <Skeleton active />;
  // a household or an import goes into the campaign's community unless another is picked
  const campaignOrg = list.find((c) => c.id === id)?.orgId;
  const saved = () => { setDialog(null); setVersion((v) => v + 1); progress.reload(); };
  const dialogs = (
    <>
      {dialog === 'household' && <HouseholdForm campaignId={id} orgId={campaignOrg} onClose={() => setDialog(null)} onSaved={saved} />}
      {dialog === 'campaign' && <CampaignForm orgId={campaignOrg} onClose={() => setDialog(null)} onSaved={(c) => { setDialog(null); setChosen(c); campaigns.reload(); }} />}
      {dialog === 'import' && <ImportModal campaignId={id} orgId={campaignOrg} onClose={() => setDialog(null)} onDone={saved} />}
    </>
  );
  const actions = canWrite && (
    <Flex gap={8} wrap>
      <Button icon={<PlusOutlined />} onClick={() => setDialog('campaign')}>{t('plaques.newCampaign')}</Button>
      {id && <Button icon={<PlusOutlined />} onClick={() => setDialog('household')} data-testid="add-household">{t('plaques.add')}</Button>}
      {id && <Button icon={<UploadOutlined />} onClick={() => setDialog('import')} data-testid="import-households">{t('plaques.import')}</Button>}
    </Flex>
  );
  if (!list.length) return (<><PageTitle extra={actions || undefined}>{t('plaques.title')}</PageTitle><Empty description={t('plaques.empty')} />{dialogs}</>);
  const p = progress.data;
  const pct = (n: number, of: number) => (of ? Math.round((n / of) * 100) : 0);

  return (
    <Flex vertical gap={12}>
      <PageTitle extra={<Flex gap={8} wrap>{actions}{id && <Button icon={<PrinterOutlined />} href={clusterApi.plaquesPdfUrl(id)}>{t('plaques.print')}</Button>}</Flex>}>
        {t('plaques.title')}
      </PageTitle>
      {list.length > 1 && <Select value={id} onChange={setChosen} style={{ maxWidth: 480 }} options={list.map((c) => ({ value: c.id, label: c.name }))} />}
      {progress.error ? <Alert type="error" showIcon title={errorText(progress.error, t)} /> : !p ? <Skeleton active /> : (
        <Card size="small" title={p.campaign.name} extra={<Typography.Text type="secondary">{p.campaign.day ?? ''}</Typography.Text>}>
          <Flex vertical gap={4} style={{ marginBottom: 12, maxWidth: 480 }}>
            <Typography.Text>{t('plaques.target', { n: p.campaign.target })}</Typography.Text>
            {(['door', 'board', 'stair'] as const).map((k) => (
              <Flex key={k} gap={8} align="center">
                <span style={{ width: 96 }}>{t(`plaques.col.${k}`)}</span>
                <Progress percent={pct(p.total[k], p.campaign.target || p.total.households)} format={() => `${p.total[k]}`} style={{ flex: 1, margin: 0 }} />
              </Flex>
            ))}
          </Flex>
          <Table<Row>
            data-testid="plaque-progress-table"
            rowKey="orgId"
            size="small"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={p.byCommunity}
            columns={[
              { title: t('plaques.col.community'), dataIndex: 'orgName' },
              { title: t('plaques.col.households'), dataIndex: 'households', align: 'right' },
              { title: t('plaques.col.door'), dataIndex: 'door', align: 'right' },
              { title: t('plaques.col.board'), dataIndex: 'board', align: 'right' },
              { title: t('plaques.col.stair'), dataIndex: 'stair', align: 'right' },
            ]}
          />
        </Card>
      )}
      {id && <Households campaignId={id} onChange={progress.reload} version={version} />}
      {dialogs}
    </Flex>
  );
}
