/**
 * `/fund` (转贷互助资金): the fund officer's workspace — the balance sheet and figures, member enterprises with their
 * capital and share (contribute, statement), the loans with their filters and paging (take in an application with
 * the bank's commitment, prepare, disburse, record the repayment), and the overdue queue. The approver reads it too.
 */
import { useState } from 'react';
import { Button, Empty, Flex, Select, Skeleton, Tabs } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useCan } from '../../components/permissions.ts';
import { useQuery } from '../../hooks.ts';
import { useT } from '../../i18n.ts';
import { fundApi, type FundSummary } from './api.ts';
import { FundRulesForm } from './FundRulesForm.tsx';
import { ApplyForm, BalanceSheetCard, ContributeForm, LoansPanel, MembersTable, useFunds, withCode } from './fund-common.tsx';

/** The funds the user may open, and the one chosen (the first by default). */
export function useChosenFund(role: FundSummary['role']) {
  const funds = useFunds();
  const mine = (funds.data ?? []).filter((f) => f.role === role);
  const [chosen, setChosen] = useState<string | undefined>();
  const id = chosen ?? mine[0]?.id;
  const picker = mine.length > 1
    ? <Select value={id} onChange={setChosen} options={mine.map((f) => ({ value: f.id, label: f.name }))} style={{ minWidth: 220 }} data-testid="fund-picker" />
    : null;
  return { funds, id, picker, none: !!funds.data && !mine.length, choose: setChosen };
}

export default function FundPage() {
  const t = useT();
  const mayPrepare = useCan('fund.prepare');
  const mayApprove = useCan('fund.approve');
  const { funds, id, picker, none, choose } = useChosenFund('officer');
  const [rulesOf, setRulesOf] = useState<'new' | 'edit' | null>(null);
  const [generation, setGeneration] = useState(0);
  const fund = useQuery(`fund:${id ?? ''}:${generation}`, (signal) => (id ? fundApi.fund(id, signal) : Promise.resolve(null)));
  const members = useQuery(`fund-members:${id ?? ''}:${generation}`, (signal) => (id ? fundApi.members(id, signal) : Promise.resolve([])));
  const [applying, setApplying] = useState(false);
  const [contributing, setContributing] = useState<{ unitId?: string } | null>(null);
  const changed = () => setGeneration((g) => g + 1);
  const f = fund.data;
  const ms = members.data ?? [];
  return (
    <Flex vertical gap={12}>
      <PageTitle extra={(
        <Flex gap={8} wrap>
          {picker}
          {mayPrepare && <Button onClick={() => setRulesOf('new')} data-testid="fund-create">{t('fund.create')}</Button>}
          {f && mayPrepare && <Button onClick={() => setContributing({})} data-testid="fund-contribute-new">{t('fund.contribute')}</Button>}
          {f && mayPrepare && <Button type="primary" icon={<PlusOutlined />} onClick={() => setApplying(true)} data-testid="fund-apply">{t('fund.apply')}</Button>}
        </Flex>
      )}>
        {f?.name ?? t('fund.title')}
      </PageTitle>
      <ErrorAlert error={withCode(funds.error ?? fund.error ?? members.error)} onRetry={() => { funds.reload(); changed(); }} />
      {none && <Empty description={t('fund.none')} />}
      {!f && !none && !fund.error && <Skeleton active />}
      {f && (
        <Tabs destroyOnHidden items={[
          { key: 'loans', label: t('fund.tab.loans'), children: <LoansPanel fund={f} members={ms} reloadKey={generation} onChanged={changed} /> },
          { key: 'overdue', label: t('fund.tab.overdue', { n: f.figures.overdueLoans }), children: <LoansPanel fund={f} members={ms} queue="overdue" testId="fund-overdue" reloadKey={generation} onChanged={changed} /> },
          { key: 'members', label: t('fund.tab.members', { n: ms.length }), children: <MembersTable fund={f} members={ms} loading={members.loading} onContribute={mayPrepare ? (m) => setContributing({ unitId: m.unitId }) : undefined} /> },
          { key: 'sheet', label: t('fund.tab.sheet'), children: <BalanceSheetCard fund={f} onEditRules={mayApprove ? () => setRulesOf('edit') : undefined} /> },
        ]} />
      )}
      {rulesOf && (
        <FundRulesForm fund={rulesOf === 'edit' ? f ?? undefined : undefined} onClose={() => setRulesOf(null)}
          onDone={(newId) => { setRulesOf(null); if (rulesOf === 'new') { choose(newId); funds.reload(); } changed(); }} />
      )}
      {applying && f && <ApplyForm fund={f} members={ms} onClose={() => setApplying(false)} onDone={() => { setApplying(false); changed(); }} />}
      {contributing && f && <ContributeForm fund={f} members={ms} unitId={contributing.unitId} onClose={() => setContributing(null)} onDone={() => { setContributing(null); changed(); }} />}
    </Flex>
  );
}
