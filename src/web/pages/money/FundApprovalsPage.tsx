/**
 * `/fund-approvals` (转贷审批): the approver's queues — prepared loans to approve (never one the approver took in or
 * prepared: the refusal is shown with its code) and overdue loans to write off by a recorded decision.
 */
import { useState } from 'react';
import { Empty, Flex, Skeleton, Tabs } from 'antd';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useQuery } from '../../hooks.ts';
import { useT } from '../../i18n.ts';
import { fundApi } from './api.ts';
import { LoansPanel, withCode } from './fund-common.tsx';
import { useChosenFund } from './FundPage.tsx';

export default function FundApprovalsPage() {
  const t = useT();
  const { funds, id, picker, none } = useChosenFund('officer');
  const [generation, setGeneration] = useState(0);
  const fund = useQuery(`fund:${id ?? ''}:${generation}`, (signal) => (id ? fundApi.fund(id, signal) : Promise.resolve(null)));
  const members = useQuery(`fund-members:${id ?? ''}`, (signal) => (id ? fundApi.members(id, signal) : Promise.resolve([])));
  const changed = () => setGeneration((g) => g + 1);
  const f = fund.data;
  const ms = members.data ?? [];
  return (
    <Flex vertical gap={12}>
      <PageTitle extra={picker}>{t('fund.approvals.title')}</PageTitle>
      <ErrorAlert error={withCode(funds.error ?? fund.error ?? members.error)} onRetry={() => { funds.reload(); changed(); }} />
      {none && <Empty description={t('fund.none')} />}
      {!f && !none && !fund.error && <Skeleton active />}
      {f && (
        <Tabs destroyOnHidden items={[
          { key: 'prepared', label: t('fund.tab.toApprove'), children: <LoansPanel fund={f} members={ms} queue="prepared" testId="fund-to-approve" reloadKey={generation} onChanged={changed} /> },
          { key: 'overdue', label: t('fund.tab.overdue', { n: f.figures.overdueLoans }), children: <LoansPanel fund={f} members={ms} queue="overdue" testId="fund-overdue" reloadKey={generation} onChanged={changed} /> },
        ]} />
      )}
    </Flex>
  );
}
