/** `/my-dues` 我的党费: a member's own dues for a year — the monthly amount, what is owed, the months paid, the receipts — and the branch's yearly disclosure. */
import { useState } from 'react';
import { Card, Empty, Flex, InputNumber, Space, Tag, Typography } from 'antd';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { RowItem, RowList } from '../../components/RowList.tsx';
import { useQuery } from '../../hooks.ts';
import { useT } from '../../i18n.ts';
import { todayIso } from '../../format.ts';
import { yuan } from './api.ts';
import { duesApi } from './dues-api.ts';
import { DisclosureView, PaymentLine } from './dues-tabs.tsx';

export default function MyDuesPage() {
  const t = useT();
  const [year, setYear] = useState(Number(todayIso().slice(0, 4)));
  const mine = useQuery(`dues:mine:${year}`, (signal) => duesApi.mine(year, signal));
  const m = mine.data;
  return (
    <Flex vertical gap={12}>
      <PageTitle>{t('my.dues.title')}</PageTitle>
      <Space>
        <Typography.Text>{t('dues.year')}</Typography.Text>
        <InputNumber value={year} min={2000} max={2200} onChange={(v) => typeof v === 'number' && setYear(v)} data-testid="my-dues-year" />
      </Space>
      <ErrorAlert error={mine.error} onRetry={mine.reload} />
      {m && !m.member && <Empty description={t('my.dues.notMember')} />}
      {m?.member && (
        <Card size="small" data-testid="my-dues-card">
          <Flex vertical gap={4}>
            <Typography.Text type="secondary">{t('my.dues.branch', { org: m.orgName ?? '' })}</Typography.Text>
            <Space wrap>
              <Typography.Text strong>{m.monthlyFen === null ? t('dues.notSet') : t('my.dues.monthly', { amount: yuan(m.monthlyFen) })}</Typography.Text>
              {m.reduced && <Tag color="blue">{t('dues.reduced')}</Tag>}
            </Space>
            {m.unpaidMonths.length
              ? <Typography.Text type="danger" data-testid="my-dues-owed">{t('my.dues.owed', { n: m.unpaidMonths.length, amount: yuan(m.owedFen) })}</Typography.Text>
              : <Typography.Text type="success" data-testid="my-dues-owed">{t('my.dues.allPaid')}</Typography.Text>}
            <Flex gap={4} wrap data-testid="my-dues-months">
              {Array.from({ length: 12 }, (_, i) => i + 1).map((mo) => (
                <Tag key={mo} color={m.paidMonths.includes(mo) ? 'green' : m.unpaidMonths.includes(mo) ? 'red' : undefined}>{t('dues.monthN', { n: mo })}</Tag>
              ))}
            </Flex>
          </Flex>
        </Card>
      )}
      {m?.member && (
        <Card size="small" title={t('my.dues.receipts')}>
          {m.payments.length ? (
            <RowList items={m.payments}>{(p) => <RowItem key={p.id} data-testid="my-dues-payment"><PaymentLine p={p} /></RowItem>}</RowList>
          ) : <Empty description={t('dues.noPayments')} />}
        </Card>
      )}
      {m?.member && m.orgId && <Card size="small"><DisclosureView orgId={m.orgId} year={year} /></Card>}
    </Flex>
  );
}
