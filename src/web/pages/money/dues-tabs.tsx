/** The dues pages' parts of the second slice: the arrears across a committee, a member's payments with corrections, the yearly disclosure. */
import { useMemo, useState } from 'react';
import { App, Button, Empty, Flex, Form, Input, Modal, Select, Space, Tag, Typography } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { enumLabel } from '../../components/labels.ts';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { RowItem, RowList } from '../../components/RowList.tsx';
import { useCan } from '../../components/permissions.ts';
import { useQuery } from '../../hooks.ts';
import { useT } from '../../i18n.ts';
import { yuan } from './api.ts';
import { duesApi, type DuesPaymentItem } from './dues-api.ts';

/** Arrears across the branches of a committee (the org picked and its subtree): 3+ months behind, warned at 5. */
export function ArrearsTab({ year }: { year: number }) {
  const t = useT();
  const tree = useCan('directory.read');
  const [orgId, setOrgId] = useState<string | undefined>();
  const branches = useQuery(`dues:branches:${tree}`, (signal) => (tree ? Promise.resolve([]) : duesApi.branches(signal)));
  const a = useQuery(`dues:arrears:${orgId ?? ''}:${year}`, (signal) => (orgId ? duesApi.arrears({ orgId, year }, signal) : Promise.resolve(null)));
  return (
    <Flex vertical gap={8}>
      {tree
        ? <OrgTreeSelect value={orgId} onChange={setOrgId} placeholder={t('dues.committee')} testId="dues-arrears-org" allowClear={false} style={{ minWidth: 200 }} />
        : <Select value={orgId} onChange={setOrgId} placeholder={t('dues.committee')} data-testid="dues-arrears-org" style={{ minWidth: 200 }}
          options={(branches.data ?? []).map((b) => ({ value: b.id, label: b.name }))} />}
      <ErrorAlert error={a.error} onRetry={a.reload} />
      {a.data && <Typography.Text data-testid="dues-arrears-summary">{t('dues.arrearsSummary', { flagged: a.data.flagged, warned: a.data.warned, through: a.data.throughMonth })}</Typography.Text>}
      {a.data && !a.data.rows.length && <Empty description={t('dues.arrearsNone')} />}
      {a.data && a.data.rows.length > 0 && (
        <RowList items={a.data.rows}>
          {(r) => (
            <RowItem key={r.memberId} data-testid="dues-arrears-row"
              extra={r.warned ? <Tag color="red">{t('dues.flagged', { n: r.unpaidMonths.length })}</Tag> : <Tag color="orange">{t('dues.arrears', { n: r.unpaidMonths.length })}</Tag>}>
              <Space wrap>
                <Typography.Text strong>{r.name}</Typography.Text>
                <Typography.Text type="secondary">{r.orgName}</Typography.Text>
                {r.monthlyFen === null ? <Typography.Text type="secondary">{t('dues.notSet')}</Typography.Text> : <Typography.Text>{t('dues.owed', { amount: yuan(r.owedFen) })}</Typography.Text>}
              </Space>
              {r.warned && <Typography.Paragraph type="danger" style={{ margin: 0 }}>{t('dues.warned', { n: r.unpaidMonths.length })}</Typography.Paragraph>}
            </RowItem>
          )}
        </RowList>
      )}
    </Flex>
  );
}

/** One payment as a line: receipt, months (or one-off), amount, method, 代交, extra, forwarding, correction. */
export function PaymentLine({ p }: { p: DuesPaymentItem }) {
  const t = useT();
  return (
    <Space wrap>
      <Typography.Text strong delete={Boolean(p.corrected)}>{t('dues.receipt', { no: p.receiptNo })}</Typography.Text>
      <Typography.Text>{p.months.length ? t('dues.monthsList', { months: p.months.join('、') }) : t('dues.oneOff')}</Typography.Text>
      <Typography.Text>{yuan(p.amountFen)}</Typography.Text>
      <Typography.Text type="secondary">{enumLabel(t, 'dues.method', p.method)}</Typography.Text>
      {p.extraFen > 0 && <Tag>{t('dues.extraTag', { amount: yuan(p.extraFen) })}</Tag>}
      {p.paidBy && <Tag>{t('dues.paidByTag', { name: p.paidBy })}</Tag>}
      {p.forwardUp && <Tag color="orange">{t('dues.forwardUp')}</Tag>}
      {p.corrected && <Tag color="red">{t('dues.corrected', { reason: p.corrected.reason })}</Tag>}
    </Space>
  );
}

/** A member's payments of the year, each correctable once (reversed on the ledger, months freed). */
export function PaymentsModal({ orgId, year, memberId, name, onClose, onChanged }: { orgId: string; year: number; memberId: string; name: string; onClose: () => void; onChanged: () => void }) {
  const t = useT();
  const list = useQuery(`dues:payments:${orgId}:${year}:${memberId}`, (signal) => duesApi.payments({ orgId, year, memberId }, signal));
  const [correcting, setCorrecting] = useState<DuesPaymentItem | null>(null);
  return (
    <Modal open title={t('dues.historyTitle', { name, year })} onCancel={onClose} footer={null} destroyOnHidden data-testid="dues-history-modal">
      <ErrorAlert error={list.error} onRetry={list.reload} />
      {list.data && !list.data.length && <Empty description={t('dues.noPayments')} />}
      <RowList items={list.data ?? []}>
        {(p) => (
          <RowItem key={p.id} data-testid="dues-payment"
            extra={!p.corrected && <Button size="small" danger onClick={() => setCorrecting(p)} data-testid="dues-correct">{t('dues.correct')}</Button>}>
            <PaymentLine p={p} />
          </RowItem>
        )}
      </RowList>
      {correcting && <CorrectForm payment={correcting} onClose={() => setCorrecting(null)} onSaved={() => { setCorrecting(null); list.reload(); onChanged(); }} />}
    </Modal>
  );
}

function CorrectForm({ payment, onClose, onSaved }: { payment: DuesPaymentItem; onClose: () => void; onSaved: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const key = useMemo(() => crypto.randomUUID(), []);
  return (
    <FormModal<{ reason: string }> title={t('dues.correctTitle', { no: payment.receiptNo })} testId="dues-correct-form" fields={['reason']} onClose={onClose}
      onSubmit={async (v) => {
        await duesApi.correct(payment.id, { reason: v.reason }, key);
        message.success(t('dues.correctOk'));
        onSaved();
      }}>
      <Typography.Paragraph type="secondary">{t('dues.correctHint')}</Typography.Paragraph>
      <Form.Item name="reason" label={t('dues.correctReason')} rules={[{ required: true, whitespace: true, message: t('dues.required') }]}>
        <Input.TextArea maxLength={500} rows={2} data-testid="dues-correct-reason" />
      </Form.Item>
    </FormModal>
  );
}

/** The yearly disclosure (党费收缴公示) of a branch: per member the months paid and the amount, totals; printable. */
export function DisclosureView({ orgId, year }: { orgId: string; year: number }) {
  const t = useT();
  const d = useQuery(`dues:disclosure:${orgId}:${year}`, (signal) => duesApi.disclosure({ orgId, year }, signal));
  const x = d.data;
  return (
    <Flex vertical gap={8}>
      <ErrorAlert error={d.error} onRetry={d.reload} />
      {x && (
        <div className="print-area" data-testid="dues-disclosure">
          <Flex justify="space-between" align="center" wrap gap={8}>
            <Typography.Title level={5} style={{ margin: 0 }}>{t('dues.disclosureTitle', { org: x.orgName, year: x.year })}</Typography.Title>
            <Button size="small" icon={<PrinterOutlined />} onClick={() => window.print()}>{t('dues.print')}</Button>
          </Flex>
          <Typography.Paragraph data-testid="dues-disclosure-summary">{t('dues.disclosureSummary', { members: x.members, paid: yuan(x.paidFen), extra: yuan(x.extraFen) })}</Typography.Paragraph>
          <Typography.Paragraph type="secondary">{t('dues.disclosureNote')}</Typography.Paragraph>
          <RowList items={x.rows}>
            {(r, i) => (
              <RowItem key={i} data-testid="dues-disclosure-row" extra={<Typography.Text strong>{yuan(r.paidFen)}</Typography.Text>}>
                <Space wrap>
                  <Typography.Text>{r.name}</Typography.Text>
                  <Typography.Text type="secondary">{r.monthsPaid.length ? t('dues.monthsList', { months: r.monthsPaid.join('、') }) : '—'}</Typography.Text>
                </Space>
              </RowItem>
            )}
          </RowList>
        </div>
      )}
    </Flex>
  );
}
