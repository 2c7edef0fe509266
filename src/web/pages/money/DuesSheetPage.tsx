/** `/dues`: a branch collector's monthly sheet (375 px first): pick the branch and month, set amounts, record payments with the receipt number. */
import { useMemo, useState } from 'react';
import { App, Button, Card, Checkbox, Empty, Flex, Form, Input, InputNumber, Radio, Select, Space, Tag, Typography } from 'antd';
import { monthlyDuesFen, type DuesCategory } from '../../../shared/dues.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { enumLabel, enumOptions } from '../../components/labels.ts';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useCan } from '../../components/permissions.ts';
import { useQuery } from '../../hooks.ts';
import { useT } from '../../i18n.ts';
import { todayIso } from '../../format.ts';
import { DUES_CATEGORY_LIST, DUES_METHOD_LIST, moneyApi, yuan, type DuesMethod, type DuesRow, type DuesSheet } from './api.ts';

/** This month in Asia/Shanghai, as YYYY-MM. */
/** this month in Beijing, by the server's clock (format.ts todayIso) */
const thisMonth = () => todayIso().slice(0, 7);

export default function DuesSheetPage() {
  const t = useT();
  const mayCollect = useCan('dues.collect');
  const [orgId, setOrgId] = useState<string | undefined>();
  const [ym, setYm] = useState(thisMonth());
  const [paying, setPaying] = useState<DuesRow | null>(null);
  const [setting, setSetting] = useState<DuesRow | null>(null);
  const year = Number(ym.slice(0, 4));
  const month = Number(ym.slice(5, 7));
  const sheet = useQuery(`dues:${orgId ?? ''}:${ym}`, (signal) => (orgId ? moneyApi.sheet({ orgId, year, month }, signal) : Promise.resolve(null)));
  const s = sheet.data;
  return (
    <Flex vertical gap={12}>
      <PageTitle>{t('dues.title')}</PageTitle>
      <Flex gap={8} wrap>
        <OrgTreeSelect value={orgId} onChange={setOrgId} placeholder={t('dues.pickBranch')} testId="dues-branch" allowClear={false} style={{ minWidth: 200, flex: 1 }} />
        <Input type="month" value={ym} onChange={(e) => e.target.value && setYm(e.target.value)} style={{ width: 150 }} data-testid="dues-month" aria-label={t('dues.month')} />
      </Flex>
      <ErrorAlert error={sheet.error} onRetry={sheet.reload} />
      {!orgId && <Empty description={t('dues.pickBranch')} />}
      {s && (
        <Typography.Text data-testid="dues-summary">{t('dues.summary', { due: yuan(s.dueFen), paid: yuan(s.paidFen), balance: yuan(s.balanceFen) })}</Typography.Text>
      )}
      {s && !s.rows.length && <Empty description={t('dues.empty')} />}
      {(s?.rows ?? []).map((r) => (
        <Card key={r.memberId} size="small" data-testid="dues-row"
          title={<Space wrap><span>{r.name}</span>{r.paid ? <Tag color="green">{t('dues.paid')}</Tag> : <Tag>{t('dues.unpaid')}</Tag>}</Space>}
          extra={mayCollect && (
            <Space>
              <Button size="small" onClick={() => setSetting(r)} data-testid="dues-set">{r.monthlyFen === null ? t('dues.setAmount') : t('dues.changeAmount')}</Button>
              {r.monthlyFen !== null && r.monthlyFen > 0 && !r.paid && <Button size="small" type="primary" onClick={() => setPaying(r)} data-testid="dues-pay">{t('dues.pay')}</Button>}
            </Space>
          )}>
          <Flex gap={8} wrap>
            <Typography.Text>{r.monthlyFen === null ? t('dues.notSet') : `${enumLabel(t, 'dues.category', r.category)} · ${t('dues.perMonth', { amount: yuan(r.monthlyFen) })}`}</Typography.Text>
            {r.receiptNo && <Typography.Text type="secondary">{t('dues.receipt', { no: r.receiptNo })}</Typography.Text>}
            {r.unpaidMonths.length > 0 && (r.flagged
              ? <Tag color="red" data-testid="dues-flag">{t('dues.flagged', { n: r.unpaidMonths.length })}</Tag>
              : <Typography.Text type="secondary">{t('dues.arrears', { n: r.unpaidMonths.length })}</Typography.Text>)}
          </Flex>
        </Card>
      ))}
      {paying && s && <PayForm sheet={s} row={paying} onClose={() => setPaying(null)} onSaved={() => { setPaying(null); sheet.reload(); }} />}
      {setting && s && <AmountForm year={s.year} row={setting} onClose={() => setSetting(null)} onSaved={() => { setSetting(null); sheet.reload(); }} />}
    </Flex>
  );
}

interface PayValues { months: number[]; method: DuesMethod; receiptNo: string }

function PayForm({ sheet, row, onClose, onSaved }: { sheet: DuesSheet; row: DuesRow; onClose: () => void; onSaved: () => void }) {
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
  const chosen = Form.useWatch('months', form) ?? [sheet.month];
  const total = (row.monthlyFen ?? 0) * chosen.length;
  return (
    <FormModal<PayValues>
      title={t('dues.payTitle', { name: row.name })} form={form} testId="dues-pay-form" fields={['months', 'method', 'receiptNo', 'amountFen']}
      initialValues={{ months: [sheet.month], method: 'cash' }} onClose={onClose}
      onSubmit={async (v) => {
        await moneyApi.pay({ memberId: row.memberId, year: sheet.year, months: v.months, amountFen: total, method: v.method, receiptNo: v.receiptNo }, key);
        message.success(t('dues.paidOk'));
        onSaved();
      }}>
      <Form.Item name="months" label={t('dues.months')} rules={[{ required: true, message: t('dues.required') }]}>
        <Checkbox.Group options={open.map((m) => ({ value: m, label: t('dues.monthN', { n: m }) }))} data-testid="dues-months" />
      </Form.Item>
      <Typography.Paragraph strong data-testid="dues-total">{t('dues.total', { amount: yuan(total) })}</Typography.Paragraph>
      <Form.Item name="method" label={t('dues.method')}>
        <Radio.Group options={enumOptions(t, 'dues.method', DUES_METHOD_LIST)} />
      </Form.Item>
      <Form.Item name="receiptNo" label={t('dues.receiptNo')} rules={[{ required: true, whitespace: true, message: t('dues.required') }]}>
        <Input maxLength={40} data-testid="dues-receipt" />
      </Form.Item>
    </FormModal>
  );
}

interface AmountValues { category: DuesCategory; income: number; reason?: string }

function AmountForm({ year, row, onClose, onSaved }: { year: number; row: DuesRow; onClose: () => void; onSaved: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<AmountValues>();
  const category = Form.useWatch('category', form) ?? row.category ?? 'employed';
  const income = Form.useWatch('income', form);
  const baseFen = typeof income === 'number' && income >= 0 ? Math.round(income * 100) : null;
  return (
    <FormModal<AmountValues>
      title={t('dues.amountTitle', { name: row.name })} form={form} testId="dues-amount-form" fields={['category', 'baseFen', 'reason']}
      initialValues={{ category: row.category ?? 'employed', income: row.baseFen === null ? undefined : row.baseFen / 100 }} onClose={onClose}
      onSubmit={async (v) => {
        await moneyApi.setAmount({ memberId: row.memberId, year, category: v.category, baseFen: Math.round(v.income * 100), reason: v.reason || undefined });
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
      {row.monthlyFen !== null && (
        <Form.Item name="reason" label={t('dues.reason')} rules={[{ required: true, whitespace: true, message: t('dues.required') }]}>
          <Input.TextArea maxLength={500} rows={2} data-testid="dues-reason" />
        </Form.Item>
      )}
    </FormModal>
  );
}
