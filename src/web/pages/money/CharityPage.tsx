/**
 * `/charity` (慈善基金): the chamber's charity funds — the list with each fund's kept principal and spendable money,
 * and a fund's page: donations with their receipts (PDF), pledges paid in parts, disbursements with the approval
 * queue (prepared by one person, approved by another), income (留本捐息), and the public disclosure link (公示).
 * Every money form makes one Idempotency-Key per opened form; every refusal shows its code (`withCode`).
 */
import { useMemo, useState } from 'react';
import { App, Button, Card, Checkbox, DatePicker, Descriptions, Empty, Flex, Form, Input, InputNumber, Modal, Popconfirm, Radio, Select, Skeleton, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { enumLabel, enumOptions } from '../../components/labels.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { formatDateTime, fromDay, todayIso, toDay } from '../../format.ts';
import { useQuery } from '../../hooks.ts';
import { useT } from '../../i18n.ts';
import { charityApi, CHARITY_KIND_LIST, CHARITY_PURPOSE_LIST, toFen, yuan, type CharityFund, type CharityKind, type CharityOrg, type Disbursement, type Pledge } from './api.ts';
import { refusalText, withCode } from './fund-common.tsx';

export default function CharityPage() {
  const t = useT();
  const funds = useQuery('charity-funds', (signal) => charityApi.funds(signal));
  const [chosen, setChosen] = useState<string | undefined>();
  const list = funds.data ?? [];
  const id = chosen ?? list[0]?.id;
  const [generation, setGeneration] = useState(0);
  const changed = () => setGeneration((g) => g + 1);
  const fund = useQuery(`charity:${id ?? ''}:${generation}`, (signal) => (id ? charityApi.fund(id, signal) : Promise.resolve(null)));
  const f = fund.data;
  const orgs = useQuery('charity-orgs', (signal) => charityApi.orgs(signal));
  const [creating, setCreating] = useState(false);
  return (
    <Flex vertical gap={12}>
      <PageTitle extra={(
        <Space wrap>
          {list.length > 1 && (
            <Radio.Group value={id} onChange={(e) => setChosen(e.target.value as string)} optionType="button" data-testid="charity-picker"
              options={list.map((x) => ({ value: x.id, label: x.name }))} />
          )}
          {!!orgs.data?.length && <Button onClick={() => setCreating(true)} data-testid="charity-create">{t('charity.create')}</Button>}
        </Space>
      )}>
        {t('charity.title')}
      </PageTitle>
      <ErrorAlert error={withCode(funds.error ?? fund.error)} onRetry={() => { funds.reload(); changed(); }} />
      {funds.data && !list.length && <Empty description={t('charity.none')} />}
      {!f && !!list.length && !fund.error && <Skeleton active />}
      {f && <FundView key={f.id} fund={f} generation={generation} onChanged={changed} />}
      {creating && orgs.data && (
        <CreateFundForm orgs={orgs.data} onClose={() => setCreating(false)}
          onDone={(newId) => { setCreating(false); setChosen(newId); funds.reload(); orgs.reload(); changed(); }} />
      )}
    </Flex>
  );
}

interface CreateValues { orgId: string; name: string; kind: CharityKind }

/** A new charity fund of an org the caller prepares for: its own ledger with its accounts is opened with it. */
function CreateFundForm({ orgs, onClose, onDone }: { orgs: CharityOrg[]; onClose: () => void; onDone: (id: string) => void }) {
  const t = useT();
  const { message } = App.useApp();
  const req = { required: true, message: t('fund.required') };
  return (
    <FormModal<CreateValues> title={t('charity.createTitle')} fields={['orgId', 'name', 'kind']} onClose={onClose} testId="charity-create-form" mapError={withCode}
      initialValues={{ orgId: orgs[0]?.orgId, kind: 'spend' }}
      onSubmit={async (v) => {
        const out = await charityApi.create({ orgId: v.orgId, name: v.name.trim(), kind: v.kind });
        message.success(t('charity.createOk'));
        onDone(out.id);
      }}>
      <Form.Item name="orgId" label={t('charity.form.org')} rules={[req]}>
        <Select options={orgs.map((o) => ({ value: o.orgId, label: o.name }))} data-testid="charity-create-org" />
      </Form.Item>
      <Form.Item name="name" label={t('charity.form.name')} rules={[{ ...req, whitespace: true }]}>
        <Input maxLength={100} data-testid="charity-create-name" />
      </Form.Item>
      <Form.Item name="kind" label={t('charity.form.kind')} extra={t('charity.form.kindHint')} rules={[req]}>
        <Radio.Group options={enumOptions(t, 'charity.kind', CHARITY_KIND_LIST)} data-testid="charity-create-kind" />
      </Form.Item>
    </FormModal>
  );
}

function BalanceCard({ fund }: { fund: CharityFund }) {
  const t = useT();
  const b = fund.balance;
  return (
    <Card size="small" data-testid="charity-balance" title={(
      <Space wrap>
        <span>{fund.name}</span>
        <Tag color={fund.kind === 'endowment' ? 'red' : 'blue'}>{enumLabel(t, 'charity.kind', fund.kind)}</Tag>
        <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>{enumLabel(t, 'charity.kindHint', fund.kind)}</Typography.Text>
      </Space>
    )}>
      <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} bordered items={[
        { key: 'principal', label: t('charity.bal.principal'), children: <span data-testid="charity-principal">{yuan(b.principalFen)}</span> },
        { key: 'spendable', label: t('charity.bal.spendable'), children: <Typography.Text strong data-testid="charity-spendable">{yuan(b.spendableFen)}</Typography.Text> },
        { key: 'reserved', label: t('charity.bal.reserved'), children: yuan(b.reservedFen) },
        { key: 'donated', label: t('charity.bal.donated'), children: <span data-testid="charity-donated">{yuan(b.donatedFen)}</span> },
        { key: 'income', label: t('charity.bal.income'), children: yuan(b.incomeFen) },
        { key: 'disbursed', label: t('charity.bal.disbursed'), children: yuan(b.disbursedFen) },
      ]} />
      <Typography.Text type="secondary">{t('charity.bal.donors', { n: fund.donations.toLocaleString(), d: fund.donors.toLocaleString() })}</Typography.Text>
    </Card>
  );
}

function FundView({ fund, generation, onChanged }: { fund: CharityFund; generation: number; onChanged: () => void }) {
  const t = useT();
  const [donating, setDonating] = useState<{ pledge?: Pledge } | null>(null);
  const [pledging, setPledging] = useState(false);
  const [income, setIncome] = useState(false);
  const [disbursing, setDisbursing] = useState(false);
  const queue = useQuery(`charity-queue:${fund.id}:${generation}`, (signal) => charityApi.disbursements(fund.id, 'prepared', signal));
  return (
    <Flex vertical gap={12}>
      <BalanceCard fund={fund} />
      {fund.can.prepare && (
        <Flex gap={8} wrap>
          <Button type="primary" onClick={() => setDonating({})} data-testid="charity-donate">{t('charity.donate')}</Button>
          <Button onClick={() => setPledging(true)} data-testid="charity-pledge">{t('charity.pledge')}</Button>
          {fund.kind === 'endowment' && <Button onClick={() => setIncome(true)} data-testid="charity-income">{t('charity.income')}</Button>}
          <Button onClick={() => setDisbursing(true)} data-testid="charity-disburse">{t('charity.disburse')}</Button>
        </Flex>
      )}
      <Tabs destroyOnHidden defaultActiveKey={fund.can.approve && !fund.can.prepare ? 'queue' : 'donations'} items={[
        { key: 'donations', label: t('charity.tab.donations'), children: <DonationsTable fund={fund} generation={generation} /> },
        { key: 'pledges', label: t('charity.tab.pledges'), children: <PledgesTable fund={fund} generation={generation} onPay={fund.can.prepare ? (p) => setDonating({ pledge: p }) : undefined} /> },
        { key: 'queue', label: <span data-testid="charity-tab-queue">{t('charity.tab.queue', { n: queue.data?.length ?? 0 })}</span>, children: <DisbursementsTable fund={fund} status="prepared" generation={generation} onChanged={onChanged} /> },
        { key: 'disbursements', label: t('charity.tab.disbursements'), children: <DisbursementsTable fund={fund} generation={generation} onChanged={onChanged} /> },
        { key: 'public', label: t('charity.tab.public'), children: <PublicLink fund={fund} onChanged={onChanged} /> },
      ]} />
      {donating && <DonationForm fund={fund} pledge={donating.pledge} onClose={() => setDonating(null)} onDone={() => { setDonating(null); onChanged(); }} />}
      {pledging && <PledgeForm fund={fund} onClose={() => setPledging(false)} onDone={() => { setPledging(false); onChanged(); }} />}
      {income && <IncomeForm fund={fund} onClose={() => setIncome(false)} onDone={() => { setIncome(false); onChanged(); }} />}
      {disbursing && <DisbursementForm fund={fund} onClose={() => setDisbursing(false)} onDone={() => { setDisbursing(false); onChanged(); }} />}
    </Flex>
  );
}

function DonationsTable({ fund, generation }: { fund: CharityFund; generation: number }) {
  const t = useT();
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const q = useQuery(`charity-donations:${fund.id}:${page.page}:${page.pageSize}:${generation}`, (signal) => charityApi.donations(fund.id, page, signal));
  return (
    <Flex vertical gap={8}>
      <ErrorAlert error={withCode(q.error)} onRetry={q.reload} />
      <Table size="small" rowKey="id" loading={q.loading} dataSource={q.data?.items ?? []} scroll={{ x: 'max-content' }} data-testid="charity-donations"
        pagination={{ current: page.page, pageSize: page.pageSize, total: q.data?.total ?? 0, showSizeChanger: true, pageSizeOptions: [20, 50, 100], showTotal: (n) => `${n.toLocaleString()}`, onChange: (p, s) => setPage({ page: p, pageSize: s }) }}
        columns={[
          { key: 'date', title: t('charity.col.date'), dataIndex: 'receivedOn' },
          { key: 'receipt', title: t('charity.col.receipt'), dataIndex: 'receiptNo', render: (no: string) => <span data-testid="charity-receipt-no">{no}</span> },
          { key: 'donor', title: t('charity.col.donor'), render: (_: unknown, d) => <Space size={4}>{d.donorName}{d.anonymous && <Tag>{t('charity.anonymous')}</Tag>}{d.pledgeId && <Tag color="purple">{t('charity.col.pledge')}</Tag>}</Space> },
          { key: 'amount', title: t('charity.col.amount'), align: 'right', render: (_: unknown, d) => yuan(d.amountFen) },
          { key: 'pdf', title: '', render: (_: unknown, d) => <a href={charityApi.receiptUrl(fund.id, d.id)} target="_blank" rel="noreferrer" data-testid="charity-receipt-pdf">{t('charity.receiptPdf')}</a> },
        ]} />
    </Flex>
  );
}

function PledgesTable({ fund, generation, onPay }: { fund: CharityFund; generation: number; onPay?: (p: Pledge) => void }) {
  const t = useT();
  const q = useQuery(`charity-pledges:${fund.id}:${generation}`, (signal) => charityApi.pledges(fund.id, signal));
  return (
    <Flex vertical gap={8}>
      <ErrorAlert error={withCode(q.error)} onRetry={q.reload} />
      <Table size="small" rowKey="id" loading={q.loading} dataSource={q.data ?? []} scroll={{ x: 'max-content' }} pagination={false} data-testid="charity-pledges"
        columns={[
          { key: 'date', title: t('charity.col.date'), dataIndex: 'pledgedOn' },
          { key: 'donor', title: t('charity.col.donor'), dataIndex: 'donorName' },
          { key: 'total', title: t('charity.col.total'), align: 'right', render: (_: unknown, p) => yuan(p.totalFen) },
          { key: 'paid', title: t('charity.col.paid'), align: 'right', render: (_: unknown, p) => yuan(p.paidFen) },
          { key: 'remaining', title: t('charity.col.remaining'), align: 'right', render: (_: unknown, p) => <span data-testid="charity-pledge-remaining">{yuan(p.remainingFen)}</span> },
          { key: 'act', title: '', render: (_: unknown, p) => (onPay && p.remainingFen > 0 ? <Button size="small" onClick={() => onPay(p)} data-testid="charity-pledge-pay">{t('charity.payPledge')}</Button> : null) },
        ]} />
    </Flex>
  );
}

function DisbursementsTable({ fund, status, generation, onChanged }: { fund: CharityFund; status?: Disbursement['status']; generation: number; onChanged: () => void }) {
  const t = useT();
  const q = useQuery(`charity-disb:${fund.id}:${status ?? ''}:${generation}`, (signal) => charityApi.disbursements(fund.id, status, signal));
  const [deciding, setDeciding] = useState<Disbursement | null>(null);
  const color = { prepared: 'orange', approved: 'green', rejected: 'default' } as const;
  return (
    <Flex vertical gap={8}>
      <ErrorAlert error={withCode(q.error)} onRetry={q.reload} />
      <Table size="small" rowKey="id" loading={q.loading} dataSource={q.data ?? []} scroll={{ x: 'max-content' }} pagination={{ pageSize: 20, hideOnSinglePage: true }}
        data-testid={status ? 'charity-queue' : 'charity-disbursements'}
        columns={[
          { key: 'date', title: t('charity.col.date'), render: (_: unknown, d) => formatDateTime(d.approvedAt ?? d.preparedAt).slice(0, 10) },
          { key: 'beneficiary', title: t('charity.col.beneficiary'), dataIndex: 'beneficiary' },
          { key: 'purpose', title: t('charity.col.purpose'), render: (_: unknown, d) => enumLabel(t, 'charity.purpose', d.purpose) },
          { key: 'amount', title: t('charity.col.amount'), align: 'right', render: (_: unknown, d) => yuan(d.amountFen) },
          { key: 'status', title: t('charity.col.status'), render: (_: unknown, d) => <Tag color={color[d.status]} data-testid="charity-disb-status">{enumLabel(t, 'charity.status', d.status)}</Tag> },
          { key: 'by', title: t('charity.col.preparedBy'), dataIndex: 'preparedByName' },
          { key: 'ok', title: t('charity.col.approvedBy'), dataIndex: 'approvedByName' },
          { key: 'act', title: '', render: (_: unknown, d) => (fund.can.approve && d.status === 'prepared'
            ? <Button size="small" type="primary" onClick={() => setDeciding(d)} data-testid="charity-decide">{t('charity.approve')}</Button> : null) },
        ]} />
      {deciding && <DecideModal d={deciding} onClose={() => setDeciding(null)} onDone={() => { setDeciding(null); onChanged(); }} />}
    </Flex>
  );
}

function DecideModal({ d, onClose, onDone }: { d: Disbursement; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const k = useMemo(() => ({ approve: crypto.randomUUID(), reject: crypto.randomUUID() }), []);
  const [busy, setBusy] = useState<'approve' | 'reject' | null>(null);
  const [error, setError] = useState<unknown>();
  const go = async (action: 'approve' | 'reject') => {
    setBusy(action);
    setError(undefined);
    try {
      await charityApi.decide(d.id, action, k[action]);
      message.success(t(action === 'approve' ? 'charity.approvedOk' : 'charity.rejectedOk'));
      onDone();
    } catch (e) { setError(e); } finally { setBusy(null); }
  };
  return (
    <Modal open title={t('charity.approveTitle', { beneficiary: d.beneficiary, amount: yuan(d.amountFen) })} onCancel={onClose} data-testid="charity-decide-modal"
      footer={[
        <Button key="reject" danger loading={busy === 'reject'} onClick={() => void go('reject')} data-testid="charity-reject">{t('charity.reject')}</Button>,
        <Button key="approve" type="primary" loading={busy === 'approve'} onClick={() => void go('approve')} data-testid="charity-approve">{t('charity.approve')}</Button>,
      ]}>
      <Flex vertical gap={8}>
        <Typography.Text>{enumLabel(t, 'charity.purpose', d.purpose)}{d.note ? ` · ${d.note}` : ''}</Typography.Text>
        <Typography.Text type="secondary">{t('charity.approveHint', { name: d.preparedByName ?? '—' })}</Typography.Text>
        {!!error && <Typography.Text type="danger" data-testid="charity-decide-error">{refusalText(error, t)}</Typography.Text>}
      </Flex>
    </Modal>
  );
}

function PublicLink({ fund, onChanged }: { fund: CharityFund; onChanged: () => void }) {
  const t = useT();
  const [error, setError] = useState<unknown>();
  const act = async (action: 'revoke' | 'reissue') => {
    try { await charityApi.link(fund.id, action); onChanged(); } catch (e) { setError(e); }
  };
  const url = fund.publicPath ? `${window.location.origin}${fund.publicPath}` : null;
  return (
    <Flex vertical gap={8}>
      <ErrorAlert error={withCode(error)} />
      <Typography.Text>{t('charity.public.link')}</Typography.Text>
      {url ? <Typography.Text copyable code data-testid="charity-public-url">{url}</Typography.Text> : <Tag>{t('charity.public.none')}</Tag>}
      <Flex gap={8} wrap>
        {url && <Button href={fund.publicPath!} target="_blank" data-testid="charity-public-open">{t('charity.public.open')}</Button>}
        {fund.can.prepare && url && (
          <Popconfirm title={t('charity.public.revokeConfirm')} onConfirm={() => act('revoke')}>
            <Button danger data-testid="charity-public-revoke">{t('charity.public.revoke')}</Button>
          </Popconfirm>
        )}
        {fund.can.prepare && <Button onClick={() => void act('reissue')} data-testid="charity-public-reissue">{t('charity.public.reissue')}</Button>}
      </Flex>
    </Flex>
  );
}

// ── forms ──

interface DonationValues { donorKind: 'unit' | 'person'; donorName: string; anonymous?: boolean; amountFen: number; receiptNo?: string; receivedOn?: Dayjs | null; memo?: string }

function DonationForm({ fund, pledge, onClose, onDone }: { fund: CharityFund; pledge?: Pledge; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const k = useMemo(() => crypto.randomUUID(), []);
  return (
    <FormModal<DonationValues> title={t('charity.donate')} fields={['donorKind', 'donorName', 'anonymous', 'amountFen', 'receiptNo', 'receivedOn', 'memo']} onClose={onClose}
      testId="charity-donation-form" mapError={withCode}
      initialValues={pledge
        ? { donorKind: pledge.donorKind, donorName: pledge.donorName, anonymous: pledge.anonymous, receivedOn: toDay(todayIso()) }
        : { donorKind: 'unit', anonymous: false, receivedOn: toDay(todayIso()) }}
      onSubmit={async (v) => {
        const d = await charityApi.donate(fund.id, {
          donorKind: v.donorKind, donorName: v.donorName, anonymous: !!v.anonymous, amountFen: toFen(v.amountFen), receiptNo: v.receiptNo?.trim() || undefined,
          receivedOn: fromDay(v.receivedOn ?? null) ?? undefined, memo: v.memo?.trim() || undefined, pledgeId: pledge?.id ?? null, unitId: pledge?.unitId ?? null,
        }, k);
        message.success(t('charity.donatedOk', { no: d.receiptNo }));
        onDone();
      }}>
      {pledge && <Typography.Paragraph type="secondary">{t('charity.form.pledgeOf', { name: pledge.donorName, remaining: yuan(pledge.remainingFen) })}</Typography.Paragraph>}
      <Form.Item name="donorKind" label={t('charity.form.donorKind')}>
        <Radio.Group disabled={!!pledge} options={enumOptions(t, 'charity.donorKind', ['unit', 'person'] as const)} data-testid="charity-donor-kind" />
      </Form.Item>
      <Form.Item name="donorName" label={t('charity.form.donorName')} rules={[{ required: true, whitespace: true, message: t('fund.required') }]}>
        <Input maxLength={100} disabled={!!pledge} data-testid="charity-donor-name" />
      </Form.Item>
      <Form.Item name="anonymous" valuePropName="checked"><Checkbox data-testid="charity-anonymous">{t('charity.form.anonymous')}</Checkbox></Form.Item>
      <Form.Item name="amountFen" label={t('charity.form.amountYuan')} rules={[{ required: true, message: t('fund.required') }]}>
        <InputNumber min={0.01} precision={2} style={{ width: '100%' }} data-testid="charity-amount" />
      </Form.Item>
      <Form.Item name="receiptNo" label={t('charity.form.receiptNo')}><Input maxLength={40} data-testid="charity-receipt-input" /></Form.Item>
      <Form.Item name="receivedOn" label={t('charity.form.receivedOn')}><DatePicker style={{ width: '100%' }} /></Form.Item>
      <Form.Item name="memo" label={t('charity.form.memo')}><Input maxLength={200} /></Form.Item>
    </FormModal>
  );
}

interface PledgeValues { donorKind: 'unit' | 'person'; donorName: string; anonymous?: boolean; totalFen: number; memo?: string }

function PledgeForm({ fund, onClose, onDone }: { fund: CharityFund; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  return (
    <FormModal<PledgeValues> title={t('charity.pledge')} fields={['donorKind', 'donorName', 'anonymous', 'totalFen', 'memo']} onClose={onClose} testId="charity-pledge-form" mapError={withCode}
      initialValues={{ donorKind: 'unit', anonymous: false }}
      onSubmit={async (v) => {
        await charityApi.pledge(fund.id, { donorKind: v.donorKind, donorName: v.donorName, anonymous: !!v.anonymous, totalFen: toFen(v.totalFen), memo: v.memo?.trim() || undefined });
        message.success(t('charity.pledgedOk'));
        onDone();
      }}>
      <Form.Item name="donorKind" label={t('charity.form.donorKind')}><Radio.Group options={enumOptions(t, 'charity.donorKind', ['unit', 'person'] as const)} /></Form.Item>
      <Form.Item name="donorName" label={t('charity.form.donorName')} rules={[{ required: true, whitespace: true, message: t('fund.required') }]}><Input maxLength={100} /></Form.Item>
      <Form.Item name="anonymous" valuePropName="checked"><Checkbox>{t('charity.form.anonymous')}</Checkbox></Form.Item>
      <Form.Item name="totalFen" label={t('charity.form.totalYuan')} rules={[{ required: true, message: t('fund.required') }]}>
        <InputNumber min={0.01} precision={2} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="memo" label={t('charity.form.memo')}><Input maxLength={200} /></Form.Item>
    </FormModal>
  );
}

function IncomeForm({ fund, onClose, onDone }: { fund: CharityFund; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const k = useMemo(() => crypto.randomUUID(), []);
  return (
    <FormModal<{ amountFen: number; memo: string }> title={t('charity.income')} fields={['amountFen', 'memo']} onClose={onClose} testId="charity-income-form" mapError={withCode}
      onSubmit={async (v) => {
        await charityApi.income(fund.id, { amountFen: toFen(v.amountFen), memo: v.memo.trim() }, k);
        message.success(t('charity.incomeOk'));
        onDone();
      }}>
      <Form.Item name="amountFen" label={t('charity.form.amountYuan')} rules={[{ required: true, message: t('fund.required') }]}>
        <InputNumber min={0.01} precision={2} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="memo" label={t('charity.form.incomeMemo')} rules={[{ required: true, whitespace: true, message: t('fund.required') }]}><Input maxLength={200} /></Form.Item>
    </FormModal>
  );
}

function DisbursementForm({ fund, onClose, onDone }: { fund: CharityFund; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const k = useMemo(() => crypto.randomUUID(), []);
  return (
    <FormModal<{ beneficiary: string; purpose: Disbursement['purpose']; amountFen: number; note?: string }> title={t('charity.disburse')} fields={['beneficiary', 'purpose', 'amountFen', 'note']}
      onClose={onClose} testId="charity-disbursement-form" mapError={withCode}
      onSubmit={async (v) => {
        await charityApi.prepare(fund.id, { beneficiary: v.beneficiary, purpose: v.purpose, amountFen: toFen(v.amountFen), note: v.note?.trim() || undefined }, k);
        message.success(t('charity.preparedOk'));
        onDone();
      }}>
      <Typography.Paragraph type="secondary">{t('charity.bal.spendable')}：{yuan(fund.balance.spendableFen)}</Typography.Paragraph>
      <Form.Item name="beneficiary" label={t('charity.form.beneficiary')} rules={[{ required: true, whitespace: true, message: t('fund.required') }]}>
        <Input maxLength={100} data-testid="charity-beneficiary" />
      </Form.Item>
      <Form.Item name="purpose" label={t('charity.form.purpose')} rules={[{ required: true, message: t('fund.required') }]}>
        <Select options={enumOptions(t, 'charity.purpose', CHARITY_PURPOSE_LIST)} data-testid="charity-purpose" />
      </Form.Item>
      <Form.Item name="amountFen" label={t('charity.form.amountYuan')} rules={[{ required: true, message: t('fund.required') }]}>
        <InputNumber min={0.01} precision={2} style={{ width: '100%' }} data-testid="charity-disb-amount" />
      </Form.Item>
      <Form.Item name="note" label={t('charity.form.note')}><Input.TextArea maxLength={500} rows={2} /></Form.Item>
    </FormModal>
  );
}
