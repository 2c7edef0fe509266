/**
 * The committee's yearly template of responsibility items (weights summing to 100, checked here before sending and
 * by the server: DUTY_WEIGHTS_NOT_100), and an item added for one grid or one branch (on top of the 100).
 */
import { useEffect, useState } from 'react';
import { Alert, App, Button, Flex, Form, Input, InputNumber, Modal, Popconfirm, Radio, Select, Skeleton, Space, Table, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { FormModal, FormProblem } from '../../components/FormModal.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { enumLabel } from '../../components/labels.ts';
import { useT } from '../../i18n.ts';
import { errorText } from '../../errors.ts';
import { useQuery } from '../../hooks.ts';
import { dutyApi, type DutyItem, type DutyItemBody, type DutyOverview } from './duty-api.ts';

const SOURCES = ['activities', 'development', 'pledges', 'needs', 'manual'] as const;
const STAGES = ['activist', 'candidate', 'probationary', 'full'] as const;
type Row = DutyItemBody & { stage?: DutyItemBody['stage'] };

/** One item's fields: in a list row (`prefix` the row's name inside the Form.List, `path` its absolute path) or alone. */
function ItemFields({ prefix, path = prefix, compact }: { prefix: (string | number)[]; path?: (string | number)[]; compact?: boolean }) {
  const t = useT();
  const form = Form.useFormInstance();
  const source = Form.useWatch([...path, 'source'], form) as string | undefined;
  const indicator = Form.useWatch([...path, 'indicator'], form) as string | undefined;
  const at = (k: string) => [...prefix, k];
  const abs = (k: string) => [...path, k];
  return (
    <Flex gap={8} wrap align="start">
      <Form.Item name={at('code')} label={compact ? undefined : t('ledger.code')} rules={[{ required: true, pattern: /^[a-z0-9_-]{1,40}$/, message: t('ledger.codeRule') }]} style={{ width: 120, marginBottom: 8 }}>
        <Input placeholder={t('ledger.code')} data-testid="duty-item-code" />
      </Form.Item>
      <Form.Item name={at('name')} label={compact ? undefined : t('ledger.itemName')} rules={[{ required: true, max: 100 }]} style={{ width: 180, marginBottom: 8 }}>
        <Input placeholder={t('ledger.itemName')} data-testid="duty-item-name" />
      </Form.Item>
      <Form.Item name={at('weight')} label={compact ? undefined : t('ledger.weight')} rules={[{ required: true }]} style={{ width: 90, marginBottom: 8 }}>
        <InputNumber min={1} max={100} precision={0} placeholder={t('ledger.weight')} data-testid="duty-item-weight" style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name={at('indicator')} label={compact ? undefined : t('ledger.indicator')} rules={[{ required: true }]} style={{ width: 100, marginBottom: 8 }}>
        <Select options={(['count', 'yesno'] as const).map((v) => ({ value: v, label: enumLabel(t, 'ledger.indicator', v) }))}
          onChange={(v) => { if (v === 'yesno') form.setFieldValue(abs('target'), 1); }} />
      </Form.Item>
      <Form.Item name={at('target')} label={compact ? undefined : t('ledger.assigned')} rules={[{ required: true }]} style={{ width: 90, marginBottom: 8 }}>
        <InputNumber min={1} max={100_000} precision={0} disabled={indicator === 'yesno'} placeholder={t('ledger.assigned')} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name={at('source')} label={compact ? undefined : t('ledger.source')} rules={[{ required: true }]} style={{ width: 120, marginBottom: 8 }}>
        <Select options={SOURCES.map((v) => ({ value: v, label: enumLabel(t, 'ledger.src', v) }))}
          onChange={(v) => { if (v !== 'development') form.setFieldValue(abs('stage'), null); }} />
      </Form.Item>
      {source === 'development' && (
        <Form.Item name={at('stage')} label={compact ? undefined : t('ledger.stage')} rules={[{ required: true, message: t('ledger.stageRequired') }]} style={{ width: 120, marginBottom: 8 }}>
          <Select placeholder={t('ledger.stage')} options={STAGES.map((v) => ({ value: v, label: enumLabel(t, 'ledger.stage', v) }))} />
        </Form.Item>
      )}
    </Flex>
  );
}

const toBody = (i: Row): DutyItemBody => ({
  code: i.code.trim(), name: i.name.trim(), weight: i.weight, indicator: i.indicator, target: i.indicator === 'yesno' ? 1 : i.target, source: i.source,
  stage: i.source === 'development' ? i.stage ?? null : null,
});

/** The whole template of a year: the weights' total shown as it is typed, refused before sending unless 100. */
export function TemplateEditor({ orgId, year, onClose, onSaved }: { orgId: string; year: number; onClose: () => void; onSaved: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ items: Row[] }>();
  const [initial, setInitial] = useState<{ items: Row[] } | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const c = new AbortController();
    dutyApi.template(orgId, year, c.signal).then((tpl) => setInitial({
      items: tpl.items.filter((i) => i.scope === 'template').map((i) => ({ code: i.code, name: i.name, weight: i.weight, indicator: i.indicator, target: i.target, source: i.source, stage: i.stage })),
    }), (e: unknown) => { if (!c.signal.aborted) setError(e); });
    return () => c.abort();
  }, [orgId, year]);
  const items = (Form.useWatch('items', form) ?? []) as (Row | undefined)[];
  const total = items.reduce((s, i) => s + (Number(i?.weight) || 0), 0);
  if (error) return <ErrorAlert error={error} />;
  if (!initial) return <Skeleton active />;
  return (
    <FormModal<{ items: Row[] }> title={t('ledger.templateOf', { year })} form={form} fields={['items']} initialValues={initial} onClose={onClose} width={1000} testId="duty-template"
      onSubmit={async (v) => {
        const sum = v.items.reduce((s, i) => s + (Number(i.weight) || 0), 0);
        if (sum !== 100) throw new FormProblem(t('ledger.weightsNot100', { total: sum }));
        await dutyApi.putTemplate({ orgId, year, items: v.items.map(toBody) });
        void message.success(t('ledger.saved'));
        onSaved();
      }}>
      <Form.List name="items">
        {(rows, { add, remove }) => (
          <Flex vertical gap={0} data-testid="duty-template-rows">
            {rows.map((r) => (
              <Flex key={r.key} gap={8} align="start">
                <ItemFields prefix={[r.name]} path={['items', r.name]} compact />
                <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(r.name)} aria-label={t('ledger.removeItem')} />
              </Flex>
            ))}
            <Space>
              <Button icon={<PlusOutlined />} onClick={() => add({ indicator: 'count', target: 1, source: 'manual', weight: 0 })} data-testid="duty-template-add">{t('ledger.addRow')}</Button>
              <Typography.Text strong data-testid="duty-template-total">{t('ledger.weightTotal', { total })}</Typography.Text>
            </Space>
          </Flex>
        )}
      </Form.List>
      {total !== 100 && <Alert type="warning" showIcon style={{ marginTop: 12 }} message={t('ledger.weightsNot100', { total })} data-testid="duty-template-warning" />}
    </FormModal>
  );
}

/** An item for one grid or one branch of the committee (its weight on top of the template's 100). */
export function ExtraItemForm({ orgId, year, overview, item, onClose, onSaved }: { orgId: string; year: number; overview: DutyOverview; /** an added item to change (its grid or branch and code stay) */ item?: DutyItem; onClose: () => void; onSaved: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<Row & { scope: 'grid' | 'branch'; allianceId?: string; branchId?: string }>();
  const scope = Form.useWatch('scope', form) ?? 'grid';
  const grids = overview.grids.filter((g) => g.id);
  const branches = overview.grids.flatMap((g) => g.ranking.map((r) => ({ value: r.orgId, label: g.name ? `${g.name} · ${r.orgName}` : r.orgName })));
  return (
    <FormModal title={item ? t('ledger.editItem') : t('ledger.addItem')} form={form} fields={['scope', 'allianceId', 'branchId', 'code', 'name', 'weight', 'indicator', 'target', 'source', 'stage']}
      initialValues={item ? { ...item, scope: item.scope === 'grid' ? 'grid' : 'branch', allianceId: item.allianceId ?? undefined, branchId: item.branchId ?? undefined, stage: item.stage ?? undefined }
        : { scope: 'grid', indicator: 'yesno', target: 1, source: 'manual', weight: 10 }} onClose={onClose} width={760} testId="duty-extra"
      onSubmit={async (v) => {
        if (item) {
          const { code: _code, ...body } = toBody({ ...v, code: item.code });
          await dutyApi.editItem(item.id, body);
        } else await dutyApi.addItem({ orgId, year, ...toBody(v), ...(v.scope === 'grid' ? { allianceId: v.allianceId } : { branchId: v.branchId }) });
        void message.success(t('ledger.saved'));
        onSaved();
      }}>
      <Form.Item name="scope" label={t('ledger.appliesTo')}>
        <Radio.Group disabled={!!item} options={[{ value: 'grid', label: t('ledger.scope.grid') }, { value: 'branch', label: t('ledger.scope.branch') }]} />
      </Form.Item>
      {scope === 'grid'
        ? <Form.Item name="allianceId" label={t('ledger.grid')} rules={[{ required: true }]}><Select disabled={!!item} data-testid="duty-extra-grid" options={grids.map((g) => ({ value: g.id!, label: g.name }))} /></Form.Item>
        : <Form.Item name="branchId" label={t('ledger.branch')} rules={[{ required: true }]}><Select disabled={!!item} data-testid="duty-extra-branch" showSearch optionFilterProp="label" options={branches} /></Form.Item>}
      <ItemFields prefix={[]} />
    </FormModal>
  );
}

/** The items added for a grid or a branch this year: change or remove one (the server refuses once a branch has published: DUTY_ITEM_FROZEN). */
export function AddedItems({ orgId, year, overview, onClose, onChanged }: { orgId: string; year: number; overview: DutyOverview; onClose: () => void; onChanged: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const tpl = useQuery(`duty-added:${orgId}:${year}`, (signal) => dutyApi.template(orgId, year, signal));
  const [editing, setEditing] = useState<DutyItem>();
  const where = (i: DutyItem) => (i.scope === 'grid'
    ? overview.grids.find((g) => g.id === i.allianceId)?.name
    : overview.grids.flatMap((g) => g.ranking).find((r) => r.orgId === i.branchId)?.orgName) ?? '—';
  const changed = () => { tpl.reload(); onChanged(); };
  return (
    <Modal open title={t('ledger.addedItems')} footer={null} onCancel={onClose} width={820}>
      <ErrorAlert error={tpl.error} onRetry={tpl.reload} />
      <Table<DutyItem> size="small" rowKey="id" loading={tpl.loading} pagination={false} data-testid="duty-added-items"
        dataSource={(tpl.data?.items ?? []).filter((i) => i.scope !== 'template')}
        columns={[
          { title: t('ledger.appliesTo'), key: 'w', render: (_: unknown, i) => `${enumLabel(t, 'ledger.scope', i.scope)} · ${where(i)}` },
          { title: t('ledger.code'), dataIndex: 'code', responsive: ['md'] },
          { title: t('ledger.itemName'), dataIndex: 'name' },
          { title: t('ledger.weight'), dataIndex: 'weight', align: 'right' },
          { title: '', key: 'a', render: (_: unknown, i) => (
            <Space size={8}>
              <a onClick={() => setEditing(i)} data-testid="duty-added-edit">{t('ledger.editItem')}</a>
              <Popconfirm title={t('ledger.removeItemConfirm')} okText={t('ledger.removeItem')} onConfirm={async () => {
                try { await dutyApi.removeItem(i.id); void message.success(t('ledger.saved')); changed(); } catch (e) { void message.error(errorText(e, t)); }
              }}><a style={{ color: '#cf1322' }} data-testid="duty-added-remove">{t('ledger.removeItem')}</a></Popconfirm>
            </Space>
          ) },
        ]} />
      {editing && <ExtraItemForm orgId={orgId} year={year} overview={overview} item={editing} onClose={() => setEditing(undefined)} onSaved={() => { setEditing(undefined); changed(); }} />}
    </Modal>
  );
}
