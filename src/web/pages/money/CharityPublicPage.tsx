/**
 * `/charity-public/:token` (公示): a charity fund's public disclosure, without sign-in — totals, the disbursements by
 * purpose and one by one, the latest donations (donor names unless anonymous). Refreshed every 30 s (live); a made-up
 * or revoked link shows "not found". Laid out for a phone (375 px): cards and lists, no wide tables.
 */
import { useEffect } from 'react';
import { useParams } from 'react-router-dom';
import { Card, Empty, Flex, List, Result, Skeleton, Statistic, Tag, Typography } from 'antd';
import { ApiError } from '../../api.ts';
import { enumLabel } from '../../components/labels.ts';
import { LanguageSwitch } from '../../components/LanguageSwitch.tsx';
import { formatDateTime } from '../../format.ts';
import { useQuery } from '../../hooks.ts';
import { useT } from '../../i18n.ts';
import { charityApi, yuan } from './api.ts';

export default function CharityPublicPage() {
  const t = useT();
  const { token = '' } = useParams();
  const q = useQuery(`charity-public:${token}`, (signal) => charityApi.disclosure(token, signal));
  const { reload } = q;
  useEffect(() => {
    const id = window.setInterval(reload, 30_000);
    return () => window.clearInterval(id);
  }, [reload]);
  const d = q.data;
  const notFound = q.error instanceof ApiError && q.error.status === 404;
  return (
    <Flex vertical gap={12} style={{ maxWidth: 720, margin: '0 auto', padding: 12 }} data-testid="charity-public">
      <Flex justify="flex-end"><LanguageSwitch /></Flex>
      {notFound && <Result status="404" title={t('charity.pub.notFound')} data-testid="charity-public-404" />}
      {!d && !q.error && <Skeleton active />}
      {!!q.error && !notFound && <Result status="warning" title={String((q.error as Error).message)} />}
      {d && (
        <>
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="charity-public-title">{t('charity.pub.title', { name: d.name })}</Typography.Title>
          <Typography.Text type="secondary">
            <Tag color={d.kind === 'endowment' ? 'red' : 'blue'}>{enumLabel(t, 'charity.kind', d.kind)}</Tag>
            {t('charity.pub.by', { org: d.orgName, time: formatDateTime(d.asOf) })}
          </Typography.Text>
          <Flex gap={8} wrap>
            <Card size="small" style={{ flex: '1 1 150px' }}>
              <Statistic title={t('charity.pub.donated')} value={yuan(d.totals.donatedFen)} />
              <Typography.Text type="secondary">{t('charity.pub.count', { n: d.totals.donations.toLocaleString() })}</Typography.Text>
            </Card>
            <Card size="small" style={{ flex: '1 1 150px' }}>
              <Statistic title={t('charity.pub.disbursed')} value={yuan(d.totals.disbursedFen)} />
              <Typography.Text type="secondary" data-testid="charity-public-disbursed">{t('charity.pub.count', { n: d.totals.disbursements.toLocaleString() })}</Typography.Text>
            </Card>
            {d.kind === 'endowment' && (
              <Card size="small" style={{ flex: '1 1 150px' }}>
                <Statistic title={t('charity.pub.principal')} value={yuan(d.totals.principalFen)} />
                <Typography.Text type="secondary">{t('charity.pub.income')} {yuan(d.totals.incomeFen)}</Typography.Text>
              </Card>
            )}
          </Flex>
          <Card size="small" title={t('charity.pub.byPurpose')}>
            {d.byPurpose.length ? (
              <List size="small" dataSource={d.byPurpose} renderItem={(b) => (
                <List.Item extra={yuan(b.amountFen)}>{enumLabel(t, 'charity.purpose', b.purpose)} · {t('charity.pub.count', { n: b.count })}</List.Item>
              )} />
            ) : <Empty description={t('charity.pub.empty')} />}
          </Card>
          <Card size="small" title={t('charity.pub.disbursements')}>
            <List size="small" dataSource={d.disbursements} locale={{ emptyText: t('charity.pub.empty') }} data-testid="charity-public-disbursements" renderItem={(x) => (
              <List.Item>
                <Flex vertical style={{ width: '100%' }}>
                  <Flex justify="space-between" gap={8}><Typography.Text>{x.beneficiary}</Typography.Text><Typography.Text strong>{yuan(x.amountFen)}</Typography.Text></Flex>
                  <Typography.Text type="secondary">{x.approvedOn} · {enumLabel(t, 'charity.purpose', x.purpose)}</Typography.Text>
                </Flex>
              </List.Item>
            )} />
          </Card>
          <Card size="small" title={t('charity.pub.donations')}>
            <List size="small" dataSource={d.donations} locale={{ emptyText: t('charity.pub.empty') }} data-testid="charity-public-donations" renderItem={(x) => (
              <List.Item>
                <Flex justify="space-between" gap={8} style={{ width: '100%' }}>
                  <Typography.Text>{x.donor ?? t(x.donorKind === 'unit' ? 'charity.anonymousDonor.unit' : 'charity.anonymousDonor.person')}<Typography.Text type="secondary"> · {x.receivedOn}</Typography.Text></Typography.Text>
                  <Typography.Text>{yuan(x.amountFen)}</Typography.Text>
                </Flex>
              </List.Item>
            )} />
          </Card>
        </>
      )}
    </Flex>
  );
}
