import { useState } from 'react';
import { Alert, Button, Card, Empty, Flex, Progress, Select, Skeleton, Table, Typography } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import type { Campaign, CampaignProgress } from '../../../shared/cluster.ts';
import { request } from '../../api.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { errorText } from '../../errors.ts';
import { useQuery } from '../../hooks.ts';
import { useT } from '../../i18n.ts';

type Row = CampaignProgress['byCommunity'][number];

/** A plaque campaign's live progress per community (three display levels) and the printable plaques. */
export default function PlaquesPage() {
  const t = useT();
  const campaigns = useQuery('campaigns', (signal) => request<Campaign[]>('/api/v1/plaque-campaigns', { signal }));
  const [chosen, setChosen] = useState<string | undefined>();
  const list = campaigns.data ?? [];
  const id = chosen ?? list[0]?.id;
  const progress = useQuery(`progress:${id ?? ''}`, (signal) =>
    id ? request<CampaignProgress>(`/api/v1/plaque-campaigns/${id}/progress`, { signal }) : Promise.resolve(null));

  if (campaigns.error) return <Alert type="error" showIcon title={errorText(campaigns.error, t)} />;
  if (!campaigns.data) return <Skeleton active />;
  if (!list.length) return (<><PageTitle>{t('plaques.title')}</PageTitle><Empty description={t('plaques.empty')} /></>);
  const p = progress.data;
  const pct = (n: number, of: number) => (of ? Math.round((n / of) * 100) : 0);

  return (
    <Flex vertical gap={12}>
      <PageTitle extra={id && <Button icon={<PrinterOutlined />} href={`/api/v1/plaques/pdf?campaignId=${id}`}>{t('plaques.print')}</Button>}>
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
    </Flex>
  );
}
