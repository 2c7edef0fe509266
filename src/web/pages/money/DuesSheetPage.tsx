/**
 * `/dues`: a branch collector's monthly sheet (375 px first): pick the branch and month, set amounts (or a reduction),
 * record payments with the receipt number (代交, voluntary extra), see and correct a member's payments; tabs for the
 * arrears across a committee's branches and the branch's yearly disclosure (dues-tabs.tsx).
 */
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { App, Button, Card, Checkbox, Empty, Flex, Form, Input, InputNumber, Radio, Select, Space, Switch, Tabs, Tag, Typography } from 'antd';
import { monthlyDuesFen, type DuesCategory } from '../../../shared/dues.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { enumLabel, enumOptions } from '../../components/labels.ts';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useCan } from '../../components/permissions.ts';
import { XlsxImportModal } from '../../components/XlsxImportModal.tsx';
import { useQuery } from '../../hooks.ts';
import { useT } from '../../i18n.ts';
import { todayIso } from '../../format.ts';
import { DUES_CATEGORY_LIST, DUES_METHOD_LIST, moneyApi, yuan, type DuesMethod, type DuesRow, type DuesSheet } from './api.ts';
import { duesApi } from './dues-api.ts';
import { ArrearsTab, DisclosureView, PaymentsModal } from './dues-tabs.tsx';

/** This month in Asia/Shanghai, as YYYY-MM. */
/** this month in Beijing, by the server's clock (format.ts todayIso) */
const thisMonth = () => todayIso().slice(0, 7);

export default function DuesSheetPage() {
  const t = useT();
  const [tab, setTab] = useState('sheet');
  // a to-do opens the branch's sheet of a month: /dues?orgId=…&ym=YYYY-MM
  const [params] = useSearchParams();
  const [orgId, setOrgId] = useState<string | undefined>(params.get('orgId') ?? undefined);
  const [ym, setYm] = useState(() => (/^\d{4}-(0[1-9]|1[0-2])$/.test(params.get('ym') ?? '') ? params.get('ym')! : thisMonth()));
  return (
    <Flex vertical gap={12}>
      <PageTitle>{t('dues.title')}</PageTitle>
      <Flex gap={8} wrap>
        <BranchPicker value={orgId} onChange={setOrgId} />
        <Input type="month" value={ym} onChange={(e) => e.target.value && setYm(e.target.value)} style={{ width: 150 }} data-testid="dues-month" aria-label={t('dues.month')} />
      </Flex>
      <Tabs activeKey={tab} onChange={setTab} destroyOnHidden items={[
        { key: 'sheet', label: t('dues.tab.sheet'), children: <SheetTab orgId={orgId} ym={ym} /> },
        { key: 'arrears', label: <span data-testid="dues-tab-arrears">{t('dues.tab.arrears')}</span>, children: <ArrearsTab year={Number(ym.slice(0, 4))} /> },
        { key: 'disclosure', label: <span data-testid="dues-tab-disclosure">{t('dues.tab.disclosure')}</span>,
          children: orgId ? <DisclosureView orgId={orgId} year={Number(ym.slice(0, 4))} /> : <Empty description={t('dues.pickBranch')} /> },
      ]} />
    </Flex>
  );
}

/** The branch: the org tree for those who read the directory; otherwise (a dues collector) the branches they collect for. */
function BranchPicker({ value, onChange }: { value?: string; onChange: (id: string | undefined) => void }) {
  const t = useT();
  const tree = useCan('directory.read');
  const branches = useQuery(`dues:branches:${tree}`, (signal) => (tree ? Promise.resolve([]) : duesApi.branches(signal)));
  if (tree) return <OrgTreeSelect value={value} onChange={onChange} placeholder={t('dues.pickBranch')} testId="dues-branch" allowClear={false} style={{ minWidth: 200, flex: 1 }} />;
  return (
    <Select value={value} onChange={onChange} placeholder={t('dues.pickBranch')} data-testid="dues-branch" showSearch optionFilterProp="label" style={{ minWidth: 200, flex: 1 }}
      options={(branches.data ?? []).map((b) => ({ value: b.id, label: b.name }))} />
  );
}

function SheetTab({ orgId, ym }: { orgId?: string; ym: string }) {
  const t = useT();
  const mayCollect = useCan('dues.collect');
  const [paying, setPaying] = useState<{ row: DuesRow; voluntary?: boolean } | null>(null);
  const [history, setHistory] = useState<DuesRow | null>(null);
  const [setting, setSetting] = useState<DuesRow | null>(null);
  const [importing, setImporting] = useState(false);
  const year = Number(ym.slice(0, 4));
  const month = Number(ym.slice(5, 7));
  const sheet = useQuery(`dues:${orgId ?? ''}:${ym}`, (signal) => (orgId ? moneyApi.sheet({ orgId, year, month }, signal) : Promise.resolve(null)));
  const s = sheet.data;
  return (
    <Flex vertical gap={12}>
      <ErrorAlert error={sheet.error} onRetry={sheet.reload} />
      {!orgId && <Empty description={t('dues.pickBranch')} />}
      {s && (
        <Flex gap={8} wrap align="center" justify="space-between">
          <Typography.Text data-testid="dues-summary">{t('dues.summary', { due: yuan(s.dueFen), paid: yuan(s.paidFen), balance: yuan(s.balanceFen) })}</Typography.Text>
          {mayCollect && <Button size="small" onClick={() => setImporting(true)} data-testid="dues-import">{t('dues.import')}</Button>}
        </Flex>
      )}
      {s && !s.rows.length && <Empty description={t('dues.empty')} />}
      {(s?.rows ?? []).map((r) => (
        <Card key={r.memberId} size="small" data-testid="dues-row"
          title={<Space wrap><span>{r.name}</span>{r.paid ? <Tag color="green">{t('dues.paid')}</Tag> : <Tag>{t('dues.unpaid')}</Tag>}
            {r.reduced && <Tag color="blue" data-testid="dues-reduced">{t('dues.reduced')}</Tag>}</Space>}
          extra={mayCollect && (
            <Space wrap>
              <Button size="small" onClick={() => setHistory(r)} data-testid="dues-history">{t('dues.history')}</Button>
              <Button size="small" onClick={() => setSetting(r)} data-testid="dues-set">{r.monthlyFen === null ? t('dues.setAmount') : t('dues.changeAmount')}</Button>
              {r.monthlyFen !== null && r.monthlyFen > 0 && !r.paid && <Button size="small" type="primary" onClick={() => setPaying({ row: r })} data-testid="dues-pay">{t('dues.pay')}</Button>}
              <Button size="small" onClick={() => setPaying({ row: r, voluntary: true })} data-testid="dues-voluntary">{t('dues.voluntary')}</Button>
            </Space>
          )}>
          <Flex gap={8} wrap>
            <Typography.Text>{r.monthlyFen === null ? t('dues.notSet') : `${enumLabel(t, 'dues.category', r.category)} · ${t('dues.perMonth', { amount: yuan(r.monthlyFen) })}`}</Typography.Text>
            {r.receiptNo && <Typography.Text type="secondary">{t('dues.receipt', { no: r.receiptNo })}</Typography.Text>}
            {r.unpaidMonths.length > 0 && (r.flagged
              ? <Tag color="red" data-testid="dues-flag">{t('dues.flagged', { n: r.unpaidMonths.length })}</Tag>
              : <Typography.Text type="secondary">{t('dues.arrears', { n: r.unpaidMonths.length })}</Typography.Text>)}
          </Flex>
          {r.warned && <Typography.Paragraph type="danger" style={{ margin: '4px 0 0' }} data-testid="dues-warned">{t('dues.warned', { n: r.unpaidMonths.length })}</Typography.Paragraph>}
        </Card>
      ))}
      {paying && s && <PayForm sheet={s} row={paying.row} voluntary={paying.voluntary} onClose={() => setPaying(null)} onSaved={() => { setPaying(null); sheet.reload(); }} />}
      {history && s && <PaymentsModal orgId={s.orgId} year={s.year} memberId={history.memberId} name={history.name} onClose={() => setHistory(null)} onChanged={sheet.reload} />}
      {importing && s && (
        <XlsxImportModal title={t('dues.importTitle', { year: s.year })} hint={t('dues.importHint')} templateUrl={duesApi.importTemplateUrl(s.orgId, s.year)}
          send={async (file) => { const r = await duesApi.importBases(file, s.orgId, s.year); return { created: r.created + r.changed }; }}
          doneText={(n) => t('dues.importDone', { n })} onClose={() => setImporting(false)} onDone={() => { setImporting(false); sheet.reload(); }} testId="dues-import-modal" />
      )}
      {setting && s && <AmountForm year={s.year} row={setting} onClose={() => setSetting(null)} onSaved={() => { setSetting(null); sheet.reload(); }} />}
    </Flex>
  );
}

interface PayValues { months: number[]; method: DuesMethod; receiptNo: string; extra?: number; paidBy?: string }

function PayForm({ sheet, row, voluntary, onClose, onSaved }: { sheet: DuesSheet; row: DuesRow; voluntary?: boolean; onClose: () => void; onSaved: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<PayValues>();
  // one key per opened form: a submit retried after a lost answer records the payment once
  const key = useMemo(() => crypto.randomUUID(), []);
  const open = useMemo(() => {
    const unpaid = new Set(row.unpaidMonths);
    if (!row.paid) unpaid.add(sheet.month);
    return [...unpaid].sort((a, b) => a - b);
  }, [row, sheet.month]);
  const chosen = Form.useWatch('months', form) ?? (voluntary ? [] : [sheet.month]);
  const extra = Form.useWatch('extra', form);
  const extraFen = typeof extra === 'number' && extra > 0 ? Math.round(extra * 100) : 0;
  const total = (row.monthlyFen ?? 0) * chosen.length + extraFen;
  return (
    <FormModal<PayValues>
      title={t('dues.payTitle', { name: row.name })} form={form} testId="dues-pay-form" fields={['months', 'method', 'receiptNo', 'amountFen', 'extraFen', 'paidBy']}
      initialValues={{ months: voluntary ? [] : [sheet.month], method: 'cash' }} onClose={onClose}
      onSubmit={async (v) => {
        await moneyApi.pay({
          memberId: row.memberId, year: sheet.year, months: v.months ?? [], amountFen: total, method: v.method, receiptNo: v.receiptNo,
          extraFen: extraFen || undefined, paidBy: v.paidBy?.trim() || undefined,
        }, key);
        message.success(t('dues.paidOk'));
        onSaved();
      }}>
      {!voluntary && (
        <Form.Item name="months" label={t('dues.months')} rules={[{ required: !extraFen, message: t('dues.required') }]}>
          <Checkbox.Group options={open.map((m) => ({ value: m, label: t('dues.monthN', { n: m }) }))} data-testid="dues-months" />
        </Form.Item>
      )}
      <Form.Item name="extra" label={t('dues.extra')} rules={[{ required: voluntary, message: t('dues.required') }]}>
        <InputNumber min={0} max={10_000_000} precision={2} style={{ width: '100%' }} data-testid="dues-extra" />
      </Form.Item>
      <Form.Item name="paidBy" label={t('dues.paidBy')}>
        <Input maxLength={100} data-testid="dues-paid-by" />
      </Form.Item>
      <Typography.Paragraph strong data-testid="dues-total">{t('dues.total', { amount: yuan(total) })}</Typography.Paragraph>
      {total >= 100_000 && <Tag color="orange" data-testid="dues-forward">{t('dues.forwardUp')}</Tag>}
      <Form.Item name="method" label={t('dues.method')}>
        <Radio.Group options={enumOptions(t, 'dues.method', DUES_METHOD_LIST)} />
      </Form.Item>
      <Form.Item name="receiptNo" label={t('dues.receiptNo')} rules={[{ required: true, whitespace: true, message: t('dues.required') }]}>
        <Input maxLength={40} data-testid="dues-receipt" />
      </Form.Item>
    </FormModal>
  );
}

interface AmountValues { category: DuesCategory; income: number; reason?: string; reduce?: boolean; reduced?: number; reductionDecision?: string; reductionApproval?: string }

function AmountForm({ year, row, onClose, onSaved }: { year: number; row: DuesRow; onClose: () => void; onSaved: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<AmountValues>();
  const category = Form.useWatch('category', form) ?? row.category ?? 'employed';
  const income = Form.useWatch('income', form);
  const baseFen = typeof income === 'number' && income >= 0 ? Math.round(income * 100) : null;
  const reduce = Form.useWatch('reduce', form) ?? row.reduced;
  return (
    <FormModal<AmountValues>
      title={t('dues.amountTitle', { name: row.name })} form={form} testId="dues-amount-form" fields={['category', 'baseFen', 'reason', 'monthlyFen', 'reductionDecision', 'reductionApproval']}
      initialValues={{ category: row.category ?? 'employed', income: row.baseFen === null ? undefined : row.baseFen / 100, reduce: row.reduced,
        reduced: row.reduced && row.monthlyFen !== null ? row.monthlyFen / 100 : undefined }} onClose={onClose}
      onSubmit={async (v) => {
        await moneyApi.setAmount({
          memberId: row.memberId, year, category: v.category, baseFen: Math.round(v.income * 100), reason: v.reason || undefined,
          ...(v.reduce ? { monthlyFen: Math.round((v.reduced ?? 0) * 100), reductionDecision: v.reductionDecision, reductionApproval: v.reductionApproval } : {}),
        });
        message.success(t('dues.amountOk'));
        onSaved();
      }}>
      <Form.Item name="category" label={t('dues.category')}>
        <Select options={enumOptions(t, 'dues.category', DUES_CATEGORY_LIST)} data-testid="dues-category" />
      </Form.Item>
      <Form.Item name="income" label={t('dues.income')} rules={[{ required: true, message: t('dues.required') }]}>
        <InputNumber min={0} max={1_000_000_000} precision={2} style={{ width: '100%' }} data-testid="dues-income" />
      </Form.Item>
      {baseFen !== null && <Typography.Paragraph data-testid="dues-monthly">{t('dues.monthly', { amount: yuan(monthlyDuesFen(category, baseFen)) })}</Typography.Paragraph>}
      <Form.Item name="reduce" label={t('dues.reduce')} valuePropName="checked">
        <Switch data-testid="dues-reduce" />
      </Form.Item>
      {reduce && (
        <>
          <Form.Item name="reduced" label={t('dues.reducedMonthly')} rules={[{ required: true, message: t('dues.required') }]}>
            <InputNumber min={0} max={1_000_000} precision={2} style={{ width: '100%' }} data-testid="dues-reduced-amount" />
          </Form.Item>
          <Form.Item name="reductionDecision" label={t('dues.reductionDecision')} rules={[{ required: true, whitespace: true, message: t('dues.required') }]}>
            <Input maxLength={500} data-testid="dues-decision" />
          </Form.Item>
          <Form.Item name="reductionApproval" label={t('dues.reductionApproval')} rules={[{ required: true, whitespace: true, message: t('dues.required') }]}>
            <Input maxLength={500} data-testid="dues-approval" />
          </Form.Item>
        </>
      )}
      {row.monthlyFen !== null && (
        <Form.Item name="reason" label={t('dues.reason')} rules={[{ required: true, whitespace: true, message: t('dues.required') }]}>
          <Input.TextArea maxLength={500} rows={2} data-testid="dues-reason" />
        </Form.Item>
      )}
    </FormModal>
  );
}
