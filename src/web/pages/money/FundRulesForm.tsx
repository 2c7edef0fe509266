/**
 * A bridge-loan fund's rules as a form (转贷互助资金规则): caps in yuan, shares in %, the term, the tiered daily fee,
 * the halt share and the overdue penalty — for a new fund (新建资金: the org and the name as well; a fund officer) or
 * to change a fund's rules (修改规则; an approver, audited before/after by the server). Sent as fen, bp and ppm.
 */
import { App, Button, Flex, Form, Input, InputNumber, Select, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { FormModal } from '../../components/FormModal.tsx';
import { useQuery } from '../../hooks.ts';
import { useT } from '../../i18n.ts';
import { fundApi, toFen, type Fund, type FundRulesBody } from './api.ts';
import { withCode } from './fund-common.tsx';

interface RulesValues {
  orgId?: string; name?: string;
  maxLoanYuan: number; renewalSharePct: number; maxOutstandingYuan: number; termDays: number;
  tiers: { fromDay: number; ratePct: number }[]; haltPct: number; penaltyPct: number;
}

/** % (two decimals) → basis points; %/day → millionths a day */
const bp = (pct: number) => Math.round(pct * 100);
const ppm = (pct: number) => Math.round(pct * 10_000);

const DEFAULTS: FundRulesBody = {
  maxLoanFen: 1_000_000_000, maxRenewalShareBp: 9_500, maxOutstandingFen: 1_500_000_000, termDays: 10,
  feeTiers: [{ fromDay: 1, ppm: 200 }, { fromDay: 6, ppm: 400 }], haltOverdueShareBp: 500, penaltyPpm: 1_000,
};

function toValues(r: FundRulesBody): RulesValues {
  return {
    maxLoanYuan: r.maxLoanFen / 100, renewalSharePct: r.maxRenewalShareBp / 100, maxOutstandingYuan: r.maxOutstandingFen / 100, termDays: r.termDays,
    tiers: r.feeTiers.map((x) => ({ fromDay: x.fromDay, ratePct: x.ppm / 10_000 })), haltPct: r.haltOverdueShareBp / 100, penaltyPct: (r.penaltyPpm ?? 0) / 10_000,
  };
}

function toRules(v: RulesValues): FundRulesBody {
  return {
    maxLoanFen: toFen(v.maxLoanYuan), maxRenewalShareBp: bp(v.renewalSharePct), maxOutstandingFen: toFen(v.maxOutstandingYuan), termDays: v.termDays,
    feeTiers: v.tiers.map((x) => ({ fromDay: x.fromDay, ppm: ppm(x.ratePct) })), haltOverdueShareBp: bp(v.haltPct), penaltyPpm: ppm(v.penaltyPct),
  };
}

const FIELDS = ['orgId', 'name', 'maxLoanYuan', 'renewalSharePct', 'maxOutstandingYuan', 'termDays', 'tiers', 'haltPct', 'penaltyPct'];

/** New fund (`fund` absent) or the rules of `fund`. */
export function FundRulesForm({ fund, onClose, onDone }: { fund?: Fund; onClose: () => void; onDone: (id: string) => void }) {
  const t = useT();
  const { message } = App.useApp();
  const orgs = useQuery(`fund-orgs:${fund ? '' : 'new'}`, (signal) => (fund ? Promise.resolve([]) : fundApi.fundOrgs(signal)));
  const req = { required: true, message: t('fund.required') };
  // a new fund's org is picked from the answer: the form opens once it came (its initial values are read once)
  if (!fund && !orgs.data && !orgs.error) return null;
  const num = (name: keyof RulesValues, label: string, props: { min: number; max?: number; precision: number }, testId: string) => (
    <Form.Item name={name} label={label} rules={[req]} style={{ flex: 1, minWidth: 200 }}>
      <InputNumber {...props} style={{ width: '100%' }} data-testid={testId} />
    </Form.Item>
  );
  return (
    <FormModal<RulesValues> title={t(fund ? 'fund.editRulesTitle' : 'fund.createTitle')} fields={FIELDS} onClose={onClose} testId="fund-rules-form" mapError={withCode} width={640}
      initialValues={{ ...toValues(fund?.rules ?? DEFAULTS), orgId: orgs.data?.[0]?.orgId }}
      onSubmit={async (v) => {
        const out = fund ? await fundApi.updateRules(fund.id, toRules(v)) : await fundApi.create({ orgId: v.orgId!, name: v.name!, rules: toRules(v) });
        message.success(t(fund ? 'fund.editRulesOk' : 'fund.createOk'));
        onDone(out.id);
      }}>
      {!fund && (
        <>
          {orgs.data && !orgs.data.length && <Typography.Paragraph type="warning">{t('fund.noOrgs')}</Typography.Paragraph>}
          <Form.Item name="orgId" label={t('fund.form.org')} rules={[req]}>
            <Select loading={orgs.loading} options={(orgs.data ?? []).map((o) => ({ value: o.orgId, label: o.name }))} data-testid="fund-rules-org" />
          </Form.Item>
          <Form.Item name="name" label={t('fund.form.name')} rules={[{ ...req, whitespace: true }]}>
            <Input maxLength={100} data-testid="fund-rules-name" />
          </Form.Item>
        </>
      )}
      <Flex gap={12} wrap>
        {num('maxLoanYuan', t('fund.form.maxLoanYuan'), { min: 0.01, precision: 2 }, 'fund-rules-max-loan')}
        {num('renewalSharePct', t('fund.form.renewalSharePct'), { min: 0.01, max: 100, precision: 2 }, 'fund-rules-share')}
      </Flex>
      <Flex gap={12} wrap>
        {num('maxOutstandingYuan', t('fund.form.maxOutstandingYuan'), { min: 0.01, precision: 2 }, 'fund-rules-max-outstanding')}
        {num('termDays', t('fund.form.termDays'), { min: 1, max: 10, precision: 0 }, 'fund-rules-term')}
      </Flex>
      <Form.Item label={t('fund.form.tiers')} extra={t('fund.form.tiersHint')} required>
        <Form.List name="tiers">
          {(items, { add, remove }) => (
            <Flex vertical gap={4}>
              {items.map(({ key, name }, i) => (
                <Flex key={key} gap={8} align="baseline" wrap>
                  <Form.Item name={[name, 'fromDay']} rules={[req]} noStyle>
                    <InputNumber min={1} max={366} precision={0} addonBefore={t('fund.form.tierFrom')} disabled={i === 0} data-testid="fund-rules-tier-from" />
                  </Form.Item>
                  <Form.Item name={[name, 'ratePct']} rules={[req]} noStyle>
                    <InputNumber min={0} max={10} precision={4} step={0.01} addonBefore={t('fund.form.tierRate')} data-testid="fund-rules-tier-rate" />
                  </Form.Item>
                  {i > 0 && <Button size="small" icon={<DeleteOutlined />} onClick={() => remove(name)} aria-label="remove" />}
                </Flex>
              ))}
              {items.length < 10 && (
                <Button size="small" icon={<PlusOutlined />} style={{ alignSelf: 'flex-start' }} data-testid="fund-rules-add-tier"
                  onClick={() => add({ fromDay: (items.length ? items.length * 5 : 0) + 1, ratePct: 0.02 })}>{t('fund.form.addTier')}</Button>
              )}
            </Flex>
          )}
        </Form.List>
      </Form.Item>
      <Flex gap={12} wrap>
        {num('haltPct', t('fund.form.haltPct'), { min: 0, max: 100, precision: 2 }, 'fund-rules-halt')}
        {num('penaltyPct', t('fund.form.penaltyPct'), { min: 0, max: 10, precision: 4 }, 'fund-rules-penalty-input')}
      </Flex>
    </FormModal>
  );
}
