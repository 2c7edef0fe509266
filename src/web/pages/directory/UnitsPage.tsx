/** Units (单位): list with filters in the URL, `?id=` detail, create / edit for directory.write. */
import { useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { App, Button, Card, Flex, Form, Input, InputNumber, Select, Space, Switch, Table, Tag } from 'antd';
import type { TablePaginationConfig } from 'antd';
import { ArrowLeftOutlined, DownloadOutlined, EditOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { FormModal } from '../../components/FormModal.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useIsMobile, useQuery } from '../../hooks.ts';
import { useT } from '../../i18n.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { OrgTreeSelect, useRegions } from '../../components/OrgTreeSelect.tsx';
import { enumLabel, enumOptions } from '../../components/labels.ts';
import { useCan } from '../../components/permissions.ts';
import { DetailLink, FieldList, dash, detailPath, useDetailId } from './common.tsx';
import { UNIT_KIND_LIST, directoryApi, type Unit, type UnitKind, type UnitQuery } from './api.ts';

interface UnitFormValues {
  regionId?: string;
  kind: UnitKind;
  name: string;
  industry?: string | null;
  staffCount?: number | null;
  aboveScale?: boolean;
  address?: string | null;
  liaisonName?: string | null;
  liaisonPhone?: string | null;
  orgId?: string | null;
}
const UNIT_FIELDS = ['regionId', 'kind', 'name', 'industry', 'staffCount', 'aboveScale', 'address', 'liaisonName', 'liaisonPhone', 'orgId'] as const;
const blank = (s: string | null | undefined) => s?.trim() || null;

function UnitFormModal({ unit, onClose, onSaved }: { unit?: Unit; onClose: () => void; onSaved: (u: Unit) => void }) {
  const t = useT();
  const { message } = App.useApp();
  const regions = useRegions();
  const submit = async (v: UnitFormValues) => {
    const body = {
      kind: v.kind, name: v.name, industry: blank(v.industry), staffCount: v.staffCount ?? null, aboveScale: v.aboveScale ?? false,
      address: blank(v.address), liaisonName: blank(v.liaisonName), liaisonPhone: blank(v.liaisonPhone), orgId: v.orgId ?? null,
    };
    const saved = unit ? await directoryApi.updateUnit(unit.id, body) : await directoryApi.createUnit({ ...body, regionId: v.regionId! });
    message.success(t('dir.saved'));
    onSaved(saved);
  };
  const regionList = regions.data?.items ?? [];
  return (
    <FormModal<UnitFormValues>
      title={unit ? t('dir.unit.edit') : t('dir.unit.create')}
      onClose={onClose}
      onSubmit={submit}
      fields={UNIT_FIELDS}
      initialValues={unit ? { ...unit } : { kind: 'enterprise', aboveScale: false, regionId: regionList[0]?.id }}
      okText={t('dir.save')}
      cancelText={t('dir.cancel')}
      testId="unit-form"
    >
      {!unit && (
        <Form.Item name="regionId" label={t('dir.region')} rules={[{ required: true, message: t('dir.required') }]}>
          <Select options={regionList.map((r) => ({ value: r.id, label: r.name }))} />
        </Form.Item>
      )}
      <Form.Item name="name" label={t('dir.unit.name')} rules={[{ required: true, whitespace: true, message: t('dir.required') }, { max: 100 }]}>
        <Input maxLength={100} data-testid="unit-form-name" />
      </Form.Item>
      <Form.Item name="kind" label={t('dir.unit.kind')} rules={[{ required: true }]}>
        <Select options={enumOptions(t, 'dir.unitKind', UNIT_KIND_LIST)} />
      </Form.Item>
      <Form.Item name="industry" label={t('dir.unit.industry')} rules={[{ max: 50 }]}>
        <Input maxLength={50} />
      </Form.Item>
      <Form.Item name="staffCount" label={t('dir.unit.staffCount')}>
        <InputNumber min={0} max={1_000_000} precision={0} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="aboveScale" label={t('dir.unit.aboveScale')} valuePropName="checked">
        <Switch />
      </Form.Item>
      <Form.Item name="address" label={t('dir.unit.address')} rules={[{ max: 200 }]}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="liaisonName" label={t('dir.unit.liaison')} rules={[{ max: 50 }]}>
        <Input maxLength={50} />
      </Form.Item>
      <Form.Item name="liaisonPhone" label={t('dir.unit.liaisonPhone')}>
        <Input maxLength={20} inputMode="tel" />
      </Form.Item>
      <Form.Item name="orgId" label={t('dir.unit.org')}>
        <OrgTreeSelect style={{ width: '100%' }} />
      </Form.Item>
    </FormModal>
  );
}

function UnitDetail({ id }: { id: string }) {
  const t = useT();
  const navigate = useNavigate();
  const canWrite = useCan('directory.write');
  const unit = useQuery(`dir:unit:${id}`, (signal) => directoryApi.unit(id, signal));
  const orgId = unit.data?.orgId;
  const org = useQuery(`dir:unitOrg:${orgId ?? ''}`, (signal) => (orgId ? directoryApi.org(orgId, signal).catch(() => null) : Promise.resolve(null)));
  const alliances = useQuery(`dir:unitAlliances:${id}`, async (signal) => (await directoryApi.unitAlliances(id, signal)).items);
  const [editing, setEditing] = useState(false);
  const u = unit.data;
  return (
    <Flex vertical gap={16}>
      <PageTitle
        extra={
          <Space wrap>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/units')}>{t('dir.backToList')}</Button>
            {canWrite && u && <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="unit-edit">{t('dir.edit')}</Button>}
          </Space>
        }
      >
        <span data-testid="unit-name">{u?.name ?? t('dir.unit.detail')}</span>
      </PageTitle>
      <ErrorAlert error={unit.error} onRetry={unit.reload} />
      {u && (
        <Card size="small">
          <FieldList
            testId="unit-fields"
            items={[
              { key: 'kind', label: t('dir.unit.kind'), value: enumLabel(t, 'dir.unitKind', u.kind) },
              { key: 'industry', label: t('dir.unit.industry'), value: u.industry },
              { key: 'staff', label: t('dir.unit.staffCount'), value: u.staffCount },
              { key: 'above', label: t('dir.unit.aboveScale'), value: u.aboveScale ? <Tag color="gold">{t('dir.unit.aboveScaleYes')}</Tag> : t('common.no') },
              { key: 'address', label: t('dir.unit.address'), value: u.address },
              { key: 'liaison', label: t('dir.unit.liaison'), value: u.liaisonName },
              { key: 'phone', label: t('dir.unit.liaisonPhone'), value: u.liaisonPhone },
              { key: 'org', label: t('dir.unit.org'), value: org.data ? <DetailLink kind="orgs" id={org.data.id}>{org.data.name}</DetailLink> : t('dir.unit.noOrg') },
              {
                key: 'alliances', label: t('dir.org.alliances'),
                value: alliances.data?.length ? (
                  <Space wrap size={4}>{alliances.data.map((a) => <DetailLink key={a.id} kind="alliances" id={a.id}><Tag color="blue">{a.name}</Tag></DetailLink>)}</Space>
                ) : null,
              },
            ]}
          />
        </Card>
      )}
      {u && editing && <UnitFormModal unit={u} onClose={() => setEditing(false)} onSaved={() => { setEditing(false); unit.reload(); }} />}
    </Flex>
  );
}

const PAGE_SIZES = [10, 20, 50, 100];

function UnitList() {
  const t = useT();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const canWrite = useCan('directory.write');
  const [params, setParams] = useSearchParams();
  const query = useMemo((): UnitQuery & { page: number; pageSize: number } => ({
    kind: (params.get('kind') ?? undefined) as UnitKind | undefined,
    aboveScale: params.get('aboveScale') === 'true' || params.get('aboveScale') === 'false' ? (params.get('aboveScale') as 'true' | 'false') : undefined,
    q: params.get('q') ?? undefined,
    page: Math.max(1, Number(params.get('page')) || 1),
    pageSize: Math.min(500, Math.max(1, Number(params.get('pageSize')) || 20)),
  }), [params]);
  const key = JSON.stringify(query);
  const res = useQuery(`dir:units:${key}`, (signal) => directoryApi.units(query, signal));
  const [creating, setCreating] = useState(false);
  const [q, setQ] = useState(query.q ?? '');
  const update = (next: Partial<typeof query>) => {
    const merged = { ...query, page: 1, ...next };
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(merged)) {
      if (v === undefined || v === '' || (k === 'page' && v === 1) || (k === 'pageSize' && v === 20)) continue;
      p.set(k, String(v));
    }
    setParams(p);
  };
  return (
    <Flex vertical gap={16}>
      <PageTitle extra={(
        <Space wrap>
          <Button icon={<DownloadOutlined />} href={directoryApi.unitsExportUrl({ kind: query.kind, aboveScale: query.aboveScale, q: query.q })} data-testid="unit-export">
            {t('dir.member.export')}
          </Button>
          {canWrite && <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="unit-create">{t('dir.unit.create')}</Button>}
        </Space>
      )}>
        {t('dir.units.title')}
      </PageTitle>
      <Card size="small">
        <Flex wrap gap={8} data-testid="unit-filters">
          <Select
            allowClear
            placeholder={t('dir.unit.kind')}
            value={query.kind}
            onChange={(v: UnitKind | undefined) => update({ kind: v })}
            options={enumOptions(t, 'dir.unitKind', UNIT_KIND_LIST)}
            style={{ minWidth: 140 }}
            data-testid="unit-filter-kind"
          />
          <Select
            allowClear
            placeholder={t('dir.unit.aboveScale')}
            value={query.aboveScale}
            onChange={(v: 'true' | 'false' | undefined) => update({ aboveScale: v })}
            options={[{ value: 'true', label: t('dir.unit.aboveScaleYes') }, { value: 'false', label: t('dir.unit.aboveScaleNo') }]}
            style={{ minWidth: 140 }}
          />
          <Input.Search
            allowClear
            placeholder={t('dir.unit.search')}
            value={q}
            onChange={(e) => setQ(e.target.value)}
            onSearch={(v) => update({ q: v.trim() || undefined })}
            enterButton={<SearchOutlined />}
            style={{ width: isMobile ? '100%' : 260 }}
            data-testid="unit-search"
          />
        </Flex>
      </Card>
      <ErrorAlert error={res.error} onRetry={res.reload} />
      <Table<Unit>
        data-testid="unit-table"
        rowKey="id"
        size={isMobile ? 'small' : 'middle'}
        loading={res.loading}
        dataSource={res.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        onChange={(p: TablePaginationConfig) => {
          const pageSize = p.pageSize ?? query.pageSize;
          update({ page: pageSize !== query.pageSize ? 1 : (p.current ?? 1), pageSize });
        }}
        pagination={{
          current: query.page, pageSize: query.pageSize, total: res.data?.total ?? 0, showSizeChanger: true,
          pageSizeOptions: PAGE_SIZES, simple: isMobile, showTotal: (total) => t('dir.total', { total }),
        }}
        columns={[
          { key: 'name', title: t('dir.unit.name'), dataIndex: 'name', render: (n: string, u) => <DetailLink kind="units" id={u.id}>{n}</DetailLink> },
          { key: 'kind', title: t('dir.unit.kind'), dataIndex: 'kind', render: (k: string) => enumLabel(t, 'dir.unitKind', k) },
          { key: 'industry', title: t('dir.unit.industry'), dataIndex: 'industry', render: dash },
          { key: 'staff', title: t('dir.unit.staffCount'), dataIndex: 'staffCount', align: 'right', render: dash },
          { key: 'above', title: t('dir.unit.aboveScale'), dataIndex: 'aboveScale', render: (v: boolean) => (v ? <Tag color="gold">{t('dir.unit.aboveScaleYes')}</Tag> : null) },
          { key: 'liaison', title: t('dir.unit.liaison'), dataIndex: 'liaisonName', render: dash },
          { key: 'org', title: t('dir.unit.hasOrg'), dataIndex: 'orgId', render: (v: string | null) => (v ? <DetailLink kind="orgs" id={v}>{t('common.yes')}</DetailLink> : t('common.no')) },
        ]}
      />
      {creating && <UnitFormModal onClose={() => setCreating(false)} onSaved={(u) => { setCreating(false); navigate(detailPath('units', u.id)); }} />}
    </Flex>
  );
}

export default function UnitsPage() {
  const id = useDetailId('units');
  return id ? <UnitDetail key={id} id={id} /> : <UnitList />;
}
