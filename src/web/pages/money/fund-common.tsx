/**
 * The bridge-loan fund's shared pieces (转贷互助资金): the fund picker, the balance sheet, the loans list with its
 * filters and paging, and every action's form (apply with the commitment upload, contribute, prepare, approve,
 * disburse, repay with the tiered fee shown first, write off by decision). Every refusal is shown in the user's
 * language with its error code (`withCode`).
 */
import { useMemo, useState } from 'react';
import { App, Button, Card, DatePicker, Descriptions, Empty, Flex, Form, Input, InputNumber, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { ApiError, type UploadProgress as Sent } from '../../api.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { enumLabel, enumOptions } from '../../components/labels.ts';
import { useCan } from '../../components/permissions.ts';
import { UploadProgress } from '../../components/UploadProgress.tsx';
import { errorText } from '../../errors.ts';
import { fromDay, todayIso, toDay } from '../../format.ts';
import { useQuery } from '../../hooks.ts';
import { useT, type TFunction } from '../../i18n.ts';
import { fundApi, LOAN_QUEUE_LIST, percent, toFen, yuan, type Commitment, type Fund, type FundMember, type Loan, type LoanQueue } from './api.ts';

/** A server refusal with its code appended (“……（FUND_MAKER_CHECKER）”), its field details kept for the form. */
export function withCode(err: unknown): unknown {
  if (!(err instanceof ApiError) || !err.fromServer) return err;
  return new ApiError({
    code: err.code, status: err.status, requestId: err.requestId, message: `${err.message}（${err.code}）`,
    // a rule of the whole fund (halted) names `fundId`, no field of any form: shown in the alert, without the name
    details: err.details.map((d) => (d.field === 'fundId' ? { ...d, field: undefined } : d)),
  });
}

/** The text of a refusal with its code. */
export const refusalText = (err: unknown, t: TFunction) => errorText(withCode(err), t);

export function useFunds() {
  return useQuery('funds', (signal) => fundApi.funds(signal));
}

/** The penalty rule as text: “0.10%/天（按逾期天数）”, or “无”. */
export const penaltyText = (t: TFunction, ppm: number | undefined) =>
  (ppm ? t('fund.rules.penaltyRate', { rate: (ppm / 10_000).toFixed(2) }) : t('fund.rules.penaltyNone'));

/** The daily fee tiers as text: “第 1 天起 0.02%/天；第 6 天起 0.04%/天”. */
export const tiersText = (t: TFunction, fund: Fund) =>
  fund.rules.feeTiers.map((x) => t('fund.tier', { day: x.fromDay, rate: (x.ppm / 10_000).toFixed(2) })).join(t('fund.tierSep'));

export function LoanStatusTag({ loan }: { loan: Loan }) {
  const t = useT();
  const color = { applied: 'blue', prepared: 'geekblue', approved: 'purple', disbursed: 'orange', repaid: 'green', written_off: 'red' }[loan.status];
  return (
    <Space size={4} wrap>
      <Tag color={color} data-testid="fund-loan-status">{enumLabel(t, 'fund.status', loan.status)}</Tag>
      {loan.overdue && <Tag color="red" data-testid="fund-loan-overdue">{t('fund.overdue')}</Tag>}
    </Space>
  );
}

/** The balance sheet and the figures, from the fund's ledger. */
export function BalanceSheetCard({ fund, onEditRules }: { fund: Fund; onEditRules?: () => void }) {
  const t = useT();
  const b = fund.balanceSheet;
  const f = fund.figures;
  const reads = useCan('fund.read');
  return (
    <Flex vertical gap={12} data-testid="fund-balance-sheet">
      {fund.halted && <Tag color="red">{t('fund.haltedNow')}</Tag>}
      <Card size="small" title={t('fund.bs.title')}
        extra={reads && <Button size="small" href={fundApi.balanceSheetPdfUrl(fund.id)} data-testid="fund-balance-pdf">{t('fund.bs.pdf')}</Button>}>
        <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered items={[
          { key: 'cash', label: t('fund.bs.cash'), children: yuan(b.cashFen) },
          { key: 'capital', label: t('fund.bs.capital'), children: yuan(b.capitalFen) },
          { key: 'out', label: t('fund.bs.outstanding'), children: yuan(b.outstandingFen) },
          { key: 'fees', label: t('fund.bs.fees'), children: yuan(b.feesFen) },
          { key: 'avail', label: t('fund.bs.available'), children: <span data-testid="fund-available">{yuan(b.availableFen)}</span> },
          { key: 'bad', label: t('fund.bs.badDebt'), children: yuan(b.badDebtFen) },
          { key: 'bal', label: t('fund.bs.balanced'), children: b.balanced ? <Tag color="green">{t('fund.bs.yes')}</Tag> : <Tag color="red">{t('fund.bs.no')}</Tag> },
        ]} />
      </Card>
      <Card size="small" title={t('fund.fig.title')}>
        <Descriptions size="small" column={{ xs: 1, sm: 2 }} items={[
          { key: 'helped', label: t('fund.fig.helped'), children: f.enterprisesHelped.toLocaleString() },
          { key: 'loans', label: t('fund.fig.loans'), children: <span data-testid="fund-fig-loans">{f.loans.toLocaleString()}</span> },
          { key: 'bridged', label: t('fund.fig.bridged'), children: yuan(f.bridgedFen) },
          { key: 'days', label: t('fund.fig.days'), children: f.averageDays },
          { key: 'fees', label: t('fund.fig.fees'), children: yuan(f.feesFen) },
          { key: 'overdue', label: t('fund.fig.overdue'), children: t('fund.fig.countAmount', { n: f.overdueLoans, amount: yuan(f.overdueFen) }) },
          { key: 'bad', label: t('fund.fig.badDebts'), children: t('fund.fig.countAmount', { n: f.badDebts, amount: yuan(f.badDebtFen) }) },
        ]} />
      </Card>
      <Card size="small" title={t('fund.rules.title')}
        extra={onEditRules && <Button size="small" onClick={onEditRules} data-testid="fund-edit-rules">{t('fund.editRules')}</Button>}>
        <Descriptions size="small" column={{ xs: 1, sm: 2 }} items={[
          { key: 'max', label: t('fund.rules.maxLoan'), children: yuan(fund.rules.maxLoanFen) },
          { key: 'share', label: t('fund.rules.renewalShare'), children: percent(fund.rules.maxRenewalShareBp) },
          { key: 'ent', label: t('fund.rules.maxOutstanding'), children: yuan(fund.rules.maxOutstandingFen) },
          { key: 'term', label: t('fund.rules.term'), children: t('fund.days', { n: fund.rules.termDays }) },
          { key: 'fee', label: t('fund.rules.fee'), children: tiersText(t, fund) },
          { key: 'halt', label: t('fund.rules.halt'), children: percent(fund.rules.haltOverdueShareBp) },
          { key: 'penalty', label: t('fund.rules.penalty'), children: <span data-testid="fund-rules-penalty">{penaltyText(t, fund.rules.penaltyPpm)}</span> },
        ]} />
      </Card>
    </Flex>
  );
}

/** Members with capital, share and loans outstanding; the statement of each (xlsx). */
export function MembersTable({ fund, members, loading, onContribute }: { fund: Fund; members: FundMember[]; loading: boolean; onContribute?: (m: FundMember) => void }) {
  const t = useT();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const shown = q ? members.filter((m) => m.unitName.includes(q)) : members;
  return (
    <Flex vertical gap={8}>
      {members.length > 1 && <Input.Search allowClear placeholder={t('fund.members.search')} style={{ maxWidth: 260 }} onSearch={(v) => { setQ(v.trim()); setPage(1); }} data-testid="fund-members-search" />}
      <Table<FundMember>
        rowKey="unitId" size="small" loading={loading} dataSource={shown} scroll={{ x: 'max-content' }} data-testid="fund-members"
        pagination={{ current: page, pageSize: 20, total: shown.length, onChange: setPage, showSizeChanger: false, hideOnSinglePage: true }}
        columns={[
          { title: t('fund.col.unit'), dataIndex: 'unitName' },
          { title: t('fund.col.capital'), dataIndex: 'capitalFen', align: 'right', render: (v: number) => yuan(v) },
          { title: t('fund.col.share'), dataIndex: 'shareBp', align: 'right', render: (v: number) => percent(v) },
          { title: t('fund.col.outstanding'), dataIndex: 'outstandingFen', align: 'right', render: (v: number) => yuan(v) },
          {
            title: t('fund.col.actions'), key: 'a', render: (_: unknown, m) => (
              <Space size={4}>
                {onContribute && <Button size="small" onClick={() => onContribute(m)} data-testid="fund-contribute">{t('fund.contribute')}</Button>}
                <Button size="small" href={fundApi.statementUrl(fund.id, m.unitId)} data-testid="fund-statement">{t('fund.statement')}</Button>
                <Button size="small" href={fundApi.statementPdfUrl(fund.id, m.unitId)} data-testid="fund-statement-pdf">{t('fund.statementPdf')}</Button>
              </Space>
            ),
          },
        ]}
      />
    </Flex>
  );
}

type Action = 'prepare' | 'approve' | 'disburse' | 'repay' | 'writeOff';

/**
 * A fund's loans: the queue (status, due soon, overdue) and enterprise filters, paged; each row's next step for
 * the one who may take it (prepare / disburse / repay for the officer, approve / write off for the approver).
 */
export function LoansPanel({ fund, members, queue: fixed, actions = true, testId = 'fund-loans', reloadKey = 0, onChanged }: {
  fund: Fund; members: FundMember[]; queue?: LoanQueue; actions?: boolean; testId?: string; reloadKey?: number; onChanged?: () => void;
}) {
  const t = useT();
  const mayPrepare = useCan('fund.prepare') && actions;
  const mayApprove = useCan('fund.approve') && actions;
  const [queue, setQueue] = useState<LoanQueue | undefined>(fixed);
  const [unitId, setUnitId] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [open, setOpen] = useState<{ action: Action; loan: Loan } | null>(null);
  const query = { fundId: fund.id, status: fixed ?? queue, unitId, page, pageSize };
  const list = useQuery(`${JSON.stringify(query)}:${reloadKey}`, (signal) => fundApi.loans(query, signal));
  const done = () => { setOpen(null); list.reload(); onChanged?.(); };
  const next = (l: Loan): { action: Action; label: string }[] => {
    const out: { action: Action; label: string }[] = [];
    if (l.status === 'applied' && mayPrepare) out.push({ action: 'prepare', label: t('fund.prepare') });
    if (l.status === 'prepared' && mayApprove) out.push({ action: 'approve', label: t('fund.approve') });
    if (l.status === 'approved' && mayPrepare) out.push({ action: 'disburse', label: t('fund.disburse') });
    if (l.status === 'disbursed' && mayPrepare) out.push({ action: 'repay', label: t('fund.repay') });
    if (l.status === 'disbursed' && l.overdue && mayApprove) out.push({ action: 'writeOff', label: t('fund.writeOff') });
    return out;
  };
  return (
    <Flex vertical gap={8}>
      <Flex gap={8} wrap>
        {!fixed && (
          <Select allowClear placeholder={t('fund.filter.queue')} style={{ minWidth: 140 }} value={queue} data-testid={`${testId}-queue`}
            onChange={(v) => { setQueue(v); setPage(1); }} options={enumOptions(t, 'fund.queue', LOAN_QUEUE_LIST)} />
        )}
        {members.length > 1 && (
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder={t('fund.filter.unit')} style={{ minWidth: 220 }} value={unitId} data-testid={`${testId}-unit`}
            onChange={(v) => { setUnitId(v); setPage(1); }} options={members.map((m) => ({ value: m.unitId, label: m.unitName }))} />
        )}
      </Flex>
      {list.error ? <Typography.Text type="danger" data-testid={`${testId}-error`}>{refusalText(list.error, t)}</Typography.Text> : null}
      <Table<Loan>
        rowKey="id" size="small" loading={list.loading} dataSource={list.data?.items ?? []} scroll={{ x: 'max-content' }} data-testid={testId}
        locale={{ emptyText: <Empty description={t('fund.loans.empty')} /> }}
        pagination={{
          current: page, pageSize, total: list.data?.total ?? 0, showSizeChanger: true, pageSizeOptions: [20, 50, 100],
          showTotal: (n) => t('fund.loans.total', { n: n.toLocaleString() }), onChange: (p, s) => { setPage(s === pageSize ? p : 1); setPageSize(s); },
        }}
        onRow={() => ({ 'data-testid': 'fund-loan-row' }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('fund.col.unit'), dataIndex: 'unitName' },
          { title: t('fund.col.amount'), dataIndex: 'amountFen', align: 'right', render: (v: number) => yuan(v) },
          { title: t('fund.col.status'), key: 'status', render: (_: unknown, l) => <LoanStatusTag loan={l} /> },
          { title: t('fund.col.bank'), key: 'bank', render: (_: unknown, l) => t('fund.bankLine', { bank: l.bank, amount: yuan(l.bankLoanFen), due: l.bankDueOn }) },
          { title: t('fund.col.dates'), key: 'dates', render: (_: unknown, l) => (l.disbursedOn ? t('fund.datesLine', { from: l.disbursedOn, due: l.dueOn ?? '', repaid: l.repaidOn ?? '—' }) : '—') },
          { title: t('fund.col.fee'), key: 'fee', align: 'right', render: (_: unknown, l) => (l.feeFen !== null ? yuan(l.feeFen) : l.accruedFeeFen !== null ? t('fund.accrued', { fee: yuan(l.accruedFeeFen) }) : '—') },
          {
            title: t('fund.rules.penalty'), key: 'penalty', align: 'right',
            render: (_: unknown, l) => (l.penaltyFen ? yuan(l.penaltyFen) : l.accruedPenaltyFen ? t('fund.accrued', { fee: yuan(l.accruedPenaltyFen) }) : '—'),
          },
          { title: t('fund.col.people'), key: 'who', responsive: ['md'], render: (_: unknown, l) => t('fund.peopleLine', { applied: l.appliedBy ?? '—', prepared: l.preparedBy ?? '—', approved: l.approvedBy ?? '—' }) },
          { title: t('fund.col.commitment'), key: 'c', responsive: ['lg'], render: (_: unknown, l) => <CommitmentLink loan={l} /> },
          ...(mayPrepare || mayApprove ? [{
            title: t('fund.col.actions'), key: 'a', fixed: 'right' as const, render: (_: unknown, l: Loan) => (
              <Space size={4}>
                {next(l).map((n) => <Button key={n.action} size="small" type="primary" onClick={() => setOpen({ action: n.action, loan: l })} data-testid={`fund-${n.action}`}>{n.label}</Button>)}
              </Space>
            ),
          }] : []),
        ]}
      />
      {open?.action === 'prepare' && <StepForm kind="prepare" loan={open.loan} onClose={() => setOpen(null)} onDone={done} />}
      {open?.action === 'approve' && <StepForm kind="approve" loan={open.loan} onClose={() => setOpen(null)} onDone={done} />}
      {open?.action === 'disburse' && <StepForm kind="disburse" fund={fund} loan={open.loan} onClose={() => setOpen(null)} onDone={done} />}
      {open?.action === 'repay' && <RepayForm fund={fund} loan={open.loan} onClose={() => setOpen(null)} onDone={done} />}
      {open?.action === 'writeOff' && <WriteOffForm loan={open.loan} onClose={() => setOpen(null)} onDone={done} />}
    </Flex>
  );
}

/** The commitment's file, downloadable (demo loans have none stored). */
function CommitmentLink({ loan }: { loan: Loan }) {
  const t = useT();
  if (!loan.commitment) return <>{t('fund.noFile')}</>;
  if (!loan.commitment.stored) return <>{loan.commitment.fileName}</>;
  return <a href={fundApi.commitmentUrl(loan.fundId, loan.commitment.id)} target="_blank" rel="noreferrer" data-testid="fund-commitment-link">{loan.commitment.fileName}</a>;
}

function LoanSummary({ loan }: { loan: Loan }) {
  const t = useT();
  return (
    <Descriptions size="small" column={1} items={[
      { key: 'u', label: t('fund.col.unit'), children: loan.unitName },
      { key: 'a', label: t('fund.col.amount'), children: yuan(loan.amountFen) },
      { key: 'b', label: t('fund.col.bank'), children: t('fund.bankLine', { bank: loan.bank, amount: yuan(loan.bankLoanFen), due: loan.bankDueOn }) },
      { key: 'r', label: t('fund.form.renewal'), children: yuan(loan.renewalFen) },
      { key: 'c', label: t('fund.col.commitment'), children: <CommitmentLink loan={loan} /> },
      { key: 'p', label: t('fund.col.people'), children: t('fund.peopleLine', { applied: loan.appliedBy ?? '—', prepared: loan.preparedBy ?? '—', approved: loan.approvedBy ?? '—' }) },
    ]} />
  );
}

/** prepare / approve / disburse: the loan, then the one button; a refusal (maker-checker, status) shown with its code. */
function StepForm({ kind, loan, fund, onClose, onDone }: { kind: 'prepare' | 'approve' | 'disburse'; loan: Loan; fund?: Fund; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const k = useMemo(() => crypto.randomUUID(), []);
  const title = { prepare: t('fund.prepareTitle'), approve: t('fund.approveTitle'), disburse: t('fund.disburseTitle') }[kind];
  return (
    <FormModal title={title} fields={[]} onClose={onClose} testId={`fund-${kind}-form`} okText={t(`fund.${kind}`)} mapError={withCode}
      onSubmit={async () => {
        if (kind === 'prepare') await fundApi.prepare(loan.id);
        else if (kind === 'approve') await fundApi.approve(loan.id);
        else await fundApi.disburse(loan.id, k);
        message.success(t(`fund.${kind}Ok`));
        onDone();
      }}>
      <LoanSummary loan={loan} />
      {kind === 'approve' && <Typography.Paragraph type="secondary">{t('fund.makerChecker')}</Typography.Paragraph>}
      {kind === 'disburse' && fund && <Typography.Paragraph strong data-testid="fund-disburse-due">{t('fund.disburseDue', { days: fund.rules.termDays })}</Typography.Paragraph>}
    </FormModal>
  );
}

interface RepayValues { amountFen: number }

/** Repayment: the days, the tiered fee and the total owed today are shown first; the amount must be exactly that. */
function RepayForm({ fund, loan, onClose, onDone }: { fund: Fund; loan: Loan; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const k = useMemo(() => crypto.randomUUID(), []);
  const owed = loan.owedFen ?? loan.amountFen;
  return (
    <FormModal<RepayValues> title={t('fund.repayTitle')} fields={['amountFen']} onClose={onClose} testId="fund-repay-form" okText={t('fund.repayConfirm')} mapError={withCode}
      initialValues={{ amountFen: owed / 100 }}
      onSubmit={async (v) => {
        await fundApi.repay(loan.id, { amountFen: toFen(v.amountFen) }, k);
        message.success(t('fund.repayOk'));
        onDone();
      }}>
      <Descriptions size="small" column={1} bordered data-testid="fund-repay-breakdown" items={[
        { key: 'u', label: t('fund.col.unit'), children: loan.unitName },
        { key: 'p', label: t('fund.repay.principal'), children: yuan(loan.amountFen) },
        { key: 'd', label: t('fund.repay.days'), children: <span data-testid="fund-repay-days">{t('fund.repay.daysLine', { n: loan.accruedDays ?? 1, from: loan.disbursedOn ?? '' })}</span> },
        { key: 't', label: t('fund.rules.fee'), children: tiersText(t, fund) },
        { key: 'f', label: t('fund.repay.fee'), children: <span data-testid="fund-repay-fee">{yuan(loan.accruedFeeFen ?? 0)}</span> },
        ...(loan.accruedPenaltyFen ? [{ key: 'pen', label: t('fund.repay.penalty', { n: loan.overdueDays ?? 0 }), children: <span data-testid="fund-repay-penalty">{yuan(loan.accruedPenaltyFen)}</span> }] : []),
        { key: 'o', label: t('fund.repay.owed'), children: <Typography.Text strong data-testid="fund-repay-owed">{yuan(owed)}</Typography.Text> },
      ]} />
      <Form.Item name="amountFen" label={t('fund.repay.amount')} rules={[{ required: true, message: t('fund.required') }]} style={{ marginTop: 12 }}>
        <InputNumber min={0.01} precision={2} style={{ width: '100%' }} data-testid="fund-repay-amount" />
      </Form.Item>
    </FormModal>
  );
}

interface WriteOffValues { decision: string; decidedOn: Dayjs }

/** Write-off of an overdue loan: only with the recorded decision (its text and date). */
function WriteOffForm({ loan, onClose, onDone }: { loan: Loan; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const k = useMemo(() => crypto.randomUUID(), []);
  return (
    <FormModal<WriteOffValues> title={t('fund.writeOffTitle')} fields={['decision', 'decidedOn']} onClose={onClose} testId="fund-write-off-form" okText={t('fund.writeOff')} mapError={withCode}
      initialValues={{ decidedOn: toDay(todayIso())! }}
      onSubmit={async (v) => {
        await fundApi.writeOff(loan.id, { decision: v.decision, decidedOn: fromDay(v.decidedOn)! }, k);
        message.success(t('fund.writeOffOk'));
        onDone();
      }}>
      <LoanSummary loan={loan} />
      <Typography.Paragraph type="warning">{t('fund.writeOffHint')}</Typography.Paragraph>
      <Form.Item name="decision" label={t('fund.form.decision')} rules={[{ required: true, whitespace: true, min: 4, message: t('fund.form.decisionMin') }]}>
        <Input.TextArea rows={3} maxLength={500} data-testid="fund-write-off-decision" />
      </Form.Item>
      <Form.Item name="decidedOn" label={t('fund.form.decidedOn')} rules={[{ required: true, message: t('fund.required') }]}>
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
    </FormModal>
  );
}

interface ContributeValues { unitId: string; amountFen: number }

/** A member enterprise's contribution of capital (posted on the fund's ledger). */
export function ContributeForm({ fund, members, unitId, onClose, onDone }: { fund: Fund; members: FundMember[]; unitId?: string; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const k = useMemo(() => crypto.randomUUID(), []);
  return (
    <FormModal<ContributeValues> title={t('fund.contributeTitle')} fields={['unitId', 'amountFen']} onClose={onClose} testId="fund-contribute-form" mapError={withCode}
      initialValues={{ unitId }}
      onSubmit={async (v) => {
        await fundApi.contribute(fund.id, { unitId: v.unitId, amountFen: toFen(v.amountFen) }, k);
        message.success(t('fund.contributeOk'));
        onDone();
      }}>
      <Form.Item name="unitId" label={t('fund.col.unit')} rules={[{ required: true, message: t('fund.required') }]}>
        <Select showSearch={{ optionFilterProp: 'label' }} options={members.map((m) => ({ value: m.unitId, label: m.unitName }))} data-testid="fund-contribute-unit" />
      </Form.Item>
      <Form.Item name="amountFen" label={t('fund.form.amountYuan')} rules={[{ required: true, message: t('fund.required') }]}>
        <InputNumber min={0.01} precision={2} style={{ width: '100%' }} data-testid="fund-contribute-amount" />
      </Form.Item>
    </FormModal>
  );
}

/** The commitment's upload: a form control whose value is the stored commitment's id. */
function CommitmentUpload({ fundId, unitId, value, onChange }: { fundId: string; unitId?: string; value?: string; onChange?: (id: string | undefined) => void }) {
  const t = useT();
  const [file, setFile] = useState<Commitment | null>(null);
  const [sent, setSent] = useState<Sent>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const send = async (f: File) => {
    if (!unitId) { setError(t('fund.form.pickUnitFirst')); return; }
    setBusy(true);
    setError(undefined);
    try {
      const c = await fundApi.uploadCommitment(fundId, unitId, f, setSent);
      setFile(c);
      onChange?.(c.id);
    } catch (e) {
      setError(refusalText(e, t));
      onChange?.(undefined);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Flex vertical gap={4}>
      <Upload accept=".pdf,image/*" showUploadList={false} beforeUpload={(f) => { void send(f); return false; }}>
        <Button icon={<UploadOutlined />} loading={busy} data-testid="fund-commitment">{t('fund.form.chooseFile')}</Button>
      </Upload>
      <UploadProgress busy={busy} sent={sent} testId="fund-commitment-progress" />
      {value && file && <Typography.Text type="success" data-testid="fund-commitment-file">{t('fund.form.uploaded', { name: file.fileName })}</Typography.Text>}
      {error && <Typography.Text type="danger" data-testid="fund-commitment-error">{error}</Typography.Text>}
    </Flex>
  );
}

interface ApplyValues { unitId: string; bank: string; bankLoanFen: number; bankDueOn: Dayjs; renewalFen: number; commitmentId?: string; amountFen: number }

/**
 * The application (the enterprise's liaison, or the fund officer taking it in): the expiring bank loan, the bank's
 * renewal commitment (uploaded here), the amount asked; every rule it breaks comes back at once, on its field.
 */
export function ApplyForm({ fund, members, onClose, onDone }: { fund: Fund; members: FundMember[]; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<ApplyValues>();
  const unitId = Form.useWatch('unitId', form);
  const renewal = Form.useWatch('renewalFen', form);
  const capByRenewal = typeof renewal === 'number' ? Math.floor((toFen(renewal) * fund.rules.maxRenewalShareBp) / 10_000) : null;
  const cap = capByRenewal === null ? fund.rules.maxLoanFen : Math.min(capByRenewal, fund.rules.maxLoanFen);
  return (
    <FormModal<ApplyValues> title={t('fund.applyTitle')} form={form} width={560} onClose={onClose} testId="fund-apply-form" okText={t('fund.applySubmit')} mapError={withCode}
      fields={['unitId', 'bank', 'bankLoanFen', 'bankDueOn', 'renewalFen', 'commitmentId', 'amountFen']}
      initialValues={{ unitId: members.length === 1 ? members[0].unitId : undefined }}
      onSubmit={async (v) => {
        await fundApi.apply({
          fundId: fund.id, unitId: v.unitId, bank: v.bank, bankLoanFen: toFen(v.bankLoanFen), bankDueOn: fromDay(v.bankDueOn)!,
          renewalFen: toFen(v.renewalFen), commitmentId: v.commitmentId ?? null, amountFen: toFen(v.amountFen),
        });
        message.success(t('fund.applyOk'));
        onDone();
      }}>
      <Form.Item name="unitId" label={t('fund.col.unit')} rules={[{ required: true, message: t('fund.required') }]}>
        <Select showSearch={{ optionFilterProp: 'label' }} options={members.map((m) => ({ value: m.unitId, label: m.unitName }))} data-testid="fund-apply-unit"
          onChange={() => form.setFieldValue('commitmentId', undefined)} />
      </Form.Item>
      <Form.Item name="bank" label={t('fund.form.bank')} rules={[{ required: true, whitespace: true, message: t('fund.required') }]}>
        <Input maxLength={100} data-testid="fund-apply-bank" />
      </Form.Item>
      <Flex gap={8} wrap>
        <Form.Item name="bankLoanFen" label={t('fund.form.bankLoan')} rules={[{ required: true, message: t('fund.required') }]} style={{ flex: 1, minWidth: 160 }}>
          <InputNumber min={0.01} precision={2} style={{ width: '100%' }} data-testid="fund-apply-bank-loan" />
        </Form.Item>
        <Form.Item name="bankDueOn" label={t('fund.form.bankDue')} rules={[{ required: true, message: t('fund.required') }]} style={{ flex: 1, minWidth: 160 }}>
          <DatePicker style={{ width: '100%' }} data-testid="fund-apply-bank-due" />
        </Form.Item>
      </Flex>
      <Form.Item name="renewalFen" label={t('fund.form.renewal')} rules={[{ required: true, message: t('fund.required') }]}>
        <InputNumber min={0.01} precision={2} style={{ width: '100%' }} data-testid="fund-apply-renewal" />
      </Form.Item>
      <Form.Item name="commitmentId" label={t('fund.form.commitment')} extra={t('fund.form.commitmentHint')}>
        <CommitmentUpload fundId={fund.id} unitId={unitId} />
      </Form.Item>
      <Form.Item name="amountFen" label={t('fund.form.amount')} extra={t('fund.form.capHint', { cap: yuan(cap), share: percent(fund.rules.maxRenewalShareBp), term: fund.rules.termDays })}
        rules={[{ required: true, message: t('fund.required') }]}>
        <InputNumber min={0.01} precision={2} style={{ width: '100%' }} data-testid="fund-apply-amount" />
      </Form.Item>
    </FormModal>
  );
}
