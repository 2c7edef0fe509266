import { useEffect, useState } from 'react';
import { Alert, Button, Card, Descriptions, Flex, Skeleton, Table, Tag, Typography } from 'antd';
import { CloudUploadOutlined, ReloadOutlined } from '@ant-design/icons';
import { platformApi, type BackupStatus } from './api.ts';
import { errorText } from '../../errors.ts';
import { formatDateTime } from '../../format.ts';
import { useQuery } from '../../hooks.ts';
import { useT } from '../../i18n.ts';

type Run = BackupStatus['runs'][number];

const size = (bytes?: number) => (bytes === undefined ? '—' : bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

/** The platform admin's view of the scheduled backups (GET /api/v1/platform/backups): a failed last run stands out. */
export function BackupsCard() {
  const t = useT();
  const q = useQuery('backups', (signal) => platformApi.backups(signal));
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<unknown>(null);
  const data = q.data;
  const last = data?.runs[0];
  // while a backup runs, look again every second until its run is listed
  const running = data?.running ?? false;
  const { reload } = q;
  useEffect(() => {
    if (!running) return;
    const timer = setTimeout(reload, 1000);
    return () => clearTimeout(timer);
  }, [running, reload, data]);

  const backupNow = async () => {
    setStarting(true);
    setStartError(null);
    try { await platformApi.backupNow(); } catch (e) { setStartError(e); } finally { setStarting(false); q.reload(); }
  };

  return (
    <Card
      title={t('home.backups')}
      data-testid="backups-card"
      extra={
        <Flex gap={4}>
          {data?.enabled && (
            <Button size="small" icon={<CloudUploadOutlined />} loading={starting || data.running} onClick={backupNow} data-testid="backup-now">
              {data.running ? t('home.backups.running') : t('home.backups.now')}
            </Button>
          )}
          <Button type="text" size="small" icon={<ReloadOutlined />} aria-label={t('home.health.refresh')} loading={q.loading} onClick={q.reload} />
        </Flex>
      }
    >
      {q.error || startError ? (
        <Alert type="warning" showIcon title={errorText(q.error ?? startError, t)} />
      ) : !data ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : !data.enabled ? (
        <Typography.Text type="secondary">{t('home.backups.off')}</Typography.Text>
      ) : (
        <Flex vertical gap={12}>
          {last?.status === 'failed' && (
            <Alert type="error" showIcon data-testid="backup-failed"
              title={t('home.backups.lastFailed', { at: formatDateTime(last.startedAt), error: last.error ?? '' })} />
          )}
          <Descriptions column={{ xs: 1, md: 2 }} size="small" items={[
            { key: 'schedule', label: t('home.backups.schedule'), children: <span data-testid="backup-schedule">{t('home.backups.scheduleValue', { times: data.schedule ?? '' })}</span> },
            { key: 'retention', label: t('home.backups.retention'), children: data.retention },
            { key: 'next', label: t('home.backups.next'), children: <span data-testid="backup-next">{formatDateTime(data.nextRunAt)}</span> },
            { key: 'dir', label: t('home.backups.dir'), children: <Typography.Text code>{data.dir}</Typography.Text> },
          ]} />
          <Table<Run>
            rowKey={(r) => `${r.startedAt}:${r.file}`}
            data-testid="backup-runs"
            size="small"
            pagination={false}
            dataSource={data.runs.slice(0, 7)}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: t('home.backups.none') }}
            columns={[
              { key: 'at', title: t('home.backups.at'), render: (_, r) => formatDateTime(r.startedAt) },
              {
                key: 'status', title: t('home.backups.status'),
                render: (_, r) => r.status === 'ok'
                  ? <Tag color="success">{t('home.backups.ok')}</Tag>
                  : <Tag color="error" title={r.error}>{t('home.backups.failed')}</Tag>,
              },
              { key: 'file', title: t('home.backups.file'), render: (_, r) => r.file },
              { key: 'rows', title: t('home.backups.rows'), align: 'right', render: (_, r) => r.rows?.toLocaleString() ?? '—' },
              { key: 'size', title: t('home.backups.size'), align: 'right', render: (_, r) => size(r.bytes) },
            ]}
          />
        </Flex>
      )}
    </Card>
  );
}
