/**
 * `/my-fund` (我的转贷): a member enterprise's liaison — its capital, share and loans outstanding, its statement,
 * its loans, and an application with the bank's renewal commitment.
 */
import { useState } from 'react';
import { Button, Card, Descriptions, Empty, Flex, Skeleton, Space } from 'antd';
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useQuery } from '../../hooks.ts';
import { useT } from '../../i18n.ts';
import { fundApi, percent, yuan } from './api.ts';
import { ApplyForm, LoansPanel, withCode } from './fund-common.tsx';
import { useChosenFund } from './FundPage.tsx';

export default function MyFundPage() {
  const t = useT();
  const { funds, id, picker, none } = useChosenFund('member');
  const [generation, setGeneration] = useState(0);
  const fund = useQuery(`fund:${id ?? ''}:${generation}`, (signal) => (id ? fundApi.fund(id, signal) : Promise.resolve(null)));
  const members = useQuery(`fund-members:${id ?? ''}:${generation}`, (signal) => (id ? fundApi.members(id, signal) : Promise.resolve([])));
  const [applying, setApplying] = useState(false);
  const changed = () => setGeneration((g) => g + 1);
  const f = fund.data;
  const ms = members.data ?? [];
  return (
    <Flex vertical gap={12}>
      <PageTitle extra={(
        <Flex gap={8} wrap>
          {picker}
          {f && ms.length > 0 && <Button type="primary" icon={<PlusOutlined />} onClick={() => setApplying(true)} data-testid="fund-apply">{t('fund.apply')}</Button>}
        </Flex>
      )}>
        {t('fund.mine.title')}
      </PageTitle>
      <ErrorAlert error={withCode(funds.error ?? fund.error ?? members.error)} onRetry={() => { funds.reload(); changed(); }} />
      {none && <Empty description={t('fund.mine.none')} />}
      {!f && !none && !fund.error && <Skeleton active />}
      {f && ms.map((m) => (
        <Card key={m.unitId} size="small" title={m.unitName} data-testid="fund-my-member"
          extra={(
            <Space size={4}>
              <Button size="small" icon={<DownloadOutlined />} href={fundApi.statementUrl(f.id, m.unitId)} data-testid="fund-statement">{t('fund.statement')}</Button>
              <Button size="small" icon={<DownloadOutlined />} href={fundApi.statementPdfUrl(f.id, m.unitId)} data-testid="fund-statement-pdf">{t('fund.statementPdf')}</Button>
            </Space>
          )}>
          <Descriptions size="small" column={{ xs: 1, sm: 3 }} items={[
            { key: 'c', label: t('fund.col.capital'), children: yuan(m.capitalFen) },
            { key: 's', label: t('fund.col.share'), children: percent(m.shareBp) },
            { key: 'o', label: t('fund.col.outstanding'), children: yuan(m.outstandingFen) },
          ]} />
        </Card>
      ))}
      {f && <LoansPanel fund={f} members={ms} actions={false} testId="fund-my-loans" reloadKey={generation} />}
      {applying && f && <ApplyForm fund={f} members={ms} onClose={() => setApplying(false)} onDone={() => { setApplying(false); changed(); }} />}
    </Flex>
  );
}
