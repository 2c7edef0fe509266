import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { Dayjs } from 'dayjs';
import { Button, Card, Col, DatePicker, Flex, Form, Input, Row, Select, Table, Tag, Typography } from 'antd';
import type { TablePaginationConfig } from 'antd';
import { DownloadOutlined, ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { platformApi, type AuditEntry, type AuditQueryParams } from './api.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { auditActionLabel, auditActionOptions, auditEntityLabel } from '../../components/labels.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { dayOf, formatDateTime, formatJson } from '../../format.ts';
import { useIsMobile, useQuery } from '../../hooks.ts';
import { messageKeysUnder, useLocale, useT } from '../../i18n.ts';
import { accountsApi } from '../accounts/api.ts';
import { activitiesApi } from '../activities/api.ts';
import { clusterApi } from '../cluster/api.ts';
import { directoryApi } from '../directory/api.ts';

const PAGE_SIZES = [10, 20, 50, 100];
const DEFAULT_PAGE_SIZE = 20;
/** Not sent to the server: the names of the picked actor and entity, so a reloaded page shows them, not ids. */
const LABEL_PARAMS = ['actorName', 'entityName'] as const;
type Labels = Partial<Record<(typeof LABEL_PARAMS)[number], string>>;

interface FilterValues {
  entityType?: string;
  entityId?: string;
  actorId?: string;
  action?: string;
  /** Wide screens: one RangePicker. */
  range?: [Dayjs | null, Dayjs | null] | null;
  /** Narrow screens: two single pickers (a RangePicker's two panels do not fit a phone). */
  fromDate?: Dayjs | null;
  toDate?: Dayjs | null;
}

function positiveInt(value: string | null, fallback: number, max: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 ? Math.min(n, max) : fallback;
}

/** The query lives in the URL, so reload, back/forward and shared links keep the filters. */
function readQuery(params: URLSearchParams): AuditQueryParams {
  const text = (name: string) => params.get(name)?.trim() || undefined;
  return {
    page: positiveInt(params.get('page'), 1, 100000),
    pageSize: positiveInt(params.get('pageSize'), DEFAULT_PAGE_SIZE, 500),
    entityType: text('entityType'),
    entityId: text('entityId'),
    actorId: text('actorId'),
    action: text('action'),
    from: text('from'),
    to: text('to'),
  };
}

function writeQuery(query: AuditQueryParams): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === '') continue;
    if (key === 'page' && value === 1) continue;
    if (key === 'pageSize' && value === DEFAULT_PAGE_SIZE) continue;
    params.set(key, String(value));
  }
  return params;
}

/**
 * Picked days are Beijing days, like the times in the table (Asia/Shanghai is UTC+8 all year):
 * ISO 8601 with offset, whole days, both ends inclusive.
 */
const startOfDay = (d: Dayjs) => `${d.format('YYYY-MM-DD')}T00:00:00.000+08:00`;
const endOfDay = (d: Dayjs) => `${d.format('YYYY-MM-DD')}T23:59:59.999+08:00`;

/** The calendar day (in Beijing) an ISO instant falls on, as a date picker value. */
const parseDate = (value: string | undefined): Dayjs | null => (value && !Number.isNaN(Date.parse(value)) ? dayOf(value) : null);

type Option = { value: string; label: string };

/** Looks records of a kind up by name, for the entity picker (kinds without a lookup take an id). */
const LOOKUPS: Record<string, (q: string, signal: AbortSignal) => Promise<Option[]>> = {
  org: async (q, signal) => (await directoryApi.orgs({ q, pageSize: 20 }, signal)).items.map((o) => ({ value: o.id, label: o.name })),
  member: async (q, signal) => (await directoryApi.members({ q, pageSize: 20 }, signal)).items.map((m) => ({ value: m.id, label: `${m.name}（${m.orgName ?? ''}）` })),
  unit: async (q, signal) => (await directoryApi.units({ q, pageSize: 20 }, signal)).items.map((u) => ({ value: u.id, label: u.name })),
  alliance: async (q, signal) => (await directoryApi.alliances({ q, pageSize: 20 }, signal)).items.map((a) => ({ value: a.id, label: a.name })),
  project: async (q, signal) => (await clusterApi.projects({ q, pageSize: 20 }, signal)).items.map((p) => ({ value: p.id, label: p.title })),
  activity: async (q, signal) => (await activitiesApi.activities({ q, pageSize: 20 }, signal)).items.map((a) => ({ value: a.id, label: a.title })),
  user: (q, signal) => findUsers(q, signal),
};

async function findUsers(q: string, signal: AbortSignal): Promise<Option[]> {
  return (await accountsApi.list({ q, pageSize: 20 }, signal)).items.map((a) => ({ value: a.id, label: `${a.displayName}（${a.username}）` }));
}

/** A select that searches by name as the user types; the picked option's label goes to `onLabel`. */
function SearchSelect({
  value, onChange, label, onLabel, search, testId, placeholder, style,
}: {
  value?: string; onChange?: (v: string | undefined) => void; label?: string; onLabel: (label: string | undefined) => void;
  search: (q: string, signal: AbortSignal) => Promise<Option[]>; testId: string; placeholder?: string; style?: React.CSSProperties;
}) {
  const [q, setQ] = useState('');
  const found = useQuery(`audit-lookup:${testId}:${q}`, (signal) => (q.trim() ? search(q.trim(), signal) : Promise.resolve([])));
  const options = [...(value && label && !(found.data ?? []).some((o) => o.value === value) ? [{ value, label }] : []), ...(found.data ?? [])];
  return (
    <Select
      data-testid={testId}
      allowClear
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value}
      onChange={(v: string | undefined) => { onChange?.(v); onLabel(options.find((o) => o.value === v)?.label); }}
      options={options}
      loading={found.loading}
      notFoundContent={null}
      placeholder={placeholder}
      style={{ minWidth: 220, ...style }}
      popupMatchSelectWidth={false}
    />
  );
}

function JsonBlock({ title, value, testId }: { title: string; value: unknown; testId: string }) {
  const t = useT();
  const empty = value === null || value === undefined;
  return (
    <div className="audit-json">
      <Typography.Text strong>{title}</Typography.Text>
      {/* Rendered as text: React escapes it; never innerHTML. */}
      <pre className="json-block" data-testid={testId}>
        {empty ? t('audit.none') : formatJson(value)}
      </pre>
    </div>
  );
}

function AuditDetails({ entry }: { entry: AuditEntry }) {
  const t = useT();
  return (
    <Flex vertical gap={8} className="audit-details">
      <Row gutter={[16, 8]}>
        <Col xs={24} md={12}>
          <JsonBlock title={t('audit.before')} value={entry.before} testId="audit-before" />
        </Col>
        <Col xs={24} md={12}>
          <JsonBlock title={t('audit.after')} value={entry.after} testId="audit-after" />
        </Col>
      </Row>
      {entry.requestId && (
        <Typography.Text type="secondary">
          {t('audit.requestId')}: <Typography.Text code copyable>{entry.requestId}</Typography.Text>
        </Typography.Text>
      )}
    </Flex>
  );
}

const EMPTY_FILTERS: FilterValues = {
  entityType: undefined,
  entityId: undefined,
  actorId: undefined,
  action: undefined,
  range: null,
  fromDate: null,
  toDate: null,
};

/**
 * The filter form. The page mounts a fresh one (key) whenever the filters in the URL change, so
 * back/forward shows the filters of the list on screen.
 */
function AuditFilters({
  query,
  labels: initialLabels,
  isMobile,
  onApply,
  onReset,
}: {
  query: AuditQueryParams;
  labels: Labels;
  isMobile: boolean;
  onApply: (filters: Omit<AuditQueryParams, 'page' | 'pageSize'>, labels: Labels) => void;
  onReset: () => void;
}) {
  const t = useT();
  const [form] = Form.useForm<FilterValues>();
  const [labels, setLabels] = useState<Labels>(initialLabels);
  const entityType = Form.useWatch('entityType', form) ?? query.entityType;
  const lookup = entityType ? LOOKUPS[entityType] : undefined;
  const entityTypes = useMemo(
    () => messageKeysUnder('audit.entity.').map((k) => ({ value: k.slice('audit.entity.'.length), label: t(k) })),
    [t],
  );
  const { locale } = useLocale();
  const actions = useMemo(() => auditActionOptions(locale), [locale]);
  const from = parseDate(query.from);
  const to = parseDate(query.to);
  const initialValues: FilterValues = {
    entityType: query.entityType,
    entityId: query.entityId,
    actorId: query.actorId,
    action: query.action,
    range: from || to ? [from, to] : null,
    fromDate: from,
    toDate: to,
  };

  const submit = (values: FilterValues) => {
    const [start, end] = isMobile ? [values.fromDate, values.toDate] : (values.range ?? [null, null]);
    const entityId = values.entityId?.trim() || undefined;
    const actorId = values.actorId?.trim() || undefined;
    onApply({
      entityType: values.entityType?.trim() || undefined,
      entityId,
      actorId,
      action: values.action || undefined,
      from: start ? startOfDay(start) : undefined,
      to: end ? endOfDay(end) : undefined,
    }, { actorName: actorId ? labels.actorName : undefined, entityName: entityId && lookup ? labels.entityName : undefined });
  };

  const reset = () => {
    form.setFieldsValue(EMPTY_FILTERS);
    onReset();
  };

  return (
    <Form<FilterValues>
      form={form}
      layout={isMobile ? 'vertical' : 'inline'}
      initialValues={initialValues}
      onFinish={submit}
      className="audit-filters"
      data-testid="audit-filters"
    >
      <Form.Item name="entityType" label={t('audit.filter.entityType')}>
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          options={entityTypes}
          data-testid="audit-filter-entity-type"
          style={{ minWidth: 160 }}
          popupMatchSelectWidth={false}
          onChange={() => form.setFieldsValue({ entityId: undefined })}
        />
      </Form.Item>
      <Form.Item name="entityId" label={t('audit.filter.entity')} rules={[{ max: 64 }]}>
        {lookup ? (
          <SearchSelect key={entityType} search={lookup} label={labels.entityName} onLabel={(entityName) => setLabels((l) => ({ ...l, entityName }))}
            testId="audit-filter-entity" placeholder={t('audit.filter.byName')} />
        ) : (
          <Input allowClear maxLength={64} data-testid="audit-filter-entity-id" placeholder={t('audit.filter.entityId')} />
        )}
      </Form.Item>
      <Form.Item name="actorId" label={t('audit.filter.actor')}>
        <SearchSelect search={findUsers} label={labels.actorName} onLabel={(actorName) => setLabels((l) => ({ ...l, actorName }))}
          testId="audit-filter-actor" placeholder={t('audit.filter.byName')} style={{ minWidth: isMobile ? undefined : 240 }} />
      </Form.Item>
      <Form.Item name="action" label={t('audit.filter.action')}>
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          options={actions}
          data-testid="audit-filter-action"
          style={{ minWidth: 180 }}
          popupMatchSelectWidth={false}
        />
      </Form.Item>
      {isMobile ? (
        <Row gutter={8}>
          <Col span={12}>
            <Form.Item name="fromDate" label={t('audit.filter.from')}>
              <DatePicker style={{ width: '100%' }} inputReadOnly data-testid="audit-filter-from" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="toDate" label={t('audit.filter.to')}>
              <DatePicker style={{ width: '100%' }} inputReadOnly data-testid="audit-filter-to" />
            </Form.Item>
          </Col>
        </Row>
      ) : (
        <Form.Item name="range" label={t('audit.filter.range')}>
          <DatePicker.RangePicker allowEmpty={[true, true]} data-testid="audit-filter-range" />
        </Form.Item>
      )}
      <Form.Item>
        <Flex gap={8}>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="audit-search">
            {t('audit.filter.search')}
          </Button>
          <Button onClick={reset} data-testid="audit-reset">
            {t('audit.filter.reset')}
          </Button>
        </Flex>
      </Form.Item>
    </Form>
  );
}

export default function AuditPage() {
  const t = useT();
  const { locale } = useLocale();
  const isMobile = useIsMobile();
  const [params, setParams] = useSearchParams();
  const query = useMemo(() => readQuery(params), [params]);
  const key = writeQuery(query).toString();
  const filterKey = writeQuery({ ...query, page: 1, pageSize: DEFAULT_PAGE_SIZE }).toString();
  const result = useQuery(`audit?${key}`, (signal) => platformApi.audit(query, signal));
  const labels: Labels = Object.fromEntries(LABEL_PARAMS.map((k) => [k, params.get(k) ?? undefined]));
  const withLabels = (next: URLSearchParams, l: Labels) => {
    for (const k of LABEL_PARAMS) if (l[k]) next.set(k, l[k]);
    return next;
  };

  /** Searching again with the same query reloads instead of stacking a duplicate history entry. */
  const navigateTo = (next: URLSearchParams) => {
    if (writeQuery(readQuery(next)).toString() === key) { result.reload(); setParams(next); }
    else setParams(next);
  };

  const onTableChange = (pagination: TablePaginationConfig) => {
    const pageSize = pagination.pageSize ?? query.pageSize;
    const page = pageSize !== query.pageSize ? 1 : (pagination.current ?? 1);
    navigateTo(withLabels(writeQuery({ ...query, page, pageSize }), labels));
  };

  const data = result.data;

  return (
    <Flex vertical gap={16}>
      <PageTitle
        extra={
          <Flex gap={8} wrap>
            <Button icon={<DownloadOutlined />} href={platformApi.auditExportUrl(query)} data-testid="audit-export">
              {t('audit.export')}
            </Button>
            <Button icon={<ReloadOutlined />} onClick={result.reload} loading={result.loading} data-testid="audit-reload">
              {t('common.refresh')}
            </Button>
          </Flex>
        }
      >
        {t('audit.title')}
      </PageTitle>

      <Card size="small">
        <AuditFilters
          key={filterKey}
          query={query}
          labels={labels}
          isMobile={isMobile}
          onApply={(filters, l) => navigateTo(withLabels(writeQuery({ page: 1, pageSize: query.pageSize, ...filters }), l))}
          onReset={() => navigateTo(writeQuery({ page: 1, pageSize: query.pageSize }))}
        />
      </Card>

      <ErrorAlert error={result.error} onRetry={result.reload} testId="audit-error" />

      <Table<AuditEntry>
        data-testid="audit-table"
        rowKey="id"
        size={isMobile ? 'small' : 'middle'}
        loading={result.loading}
        dataSource={data?.items ?? []}
        scroll={{ x: 'max-content' }}
        onChange={onTableChange}
        pagination={{
          current: query.page,
          pageSize: query.pageSize,
          total: data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: PAGE_SIZES,
          showTotal: (total) => t('audit.total', { total }),
          simple: isMobile,
        }}
        expandable={{ expandedRowRender: (entry) => <AuditDetails entry={entry} /> }}
        columns={[
          {
            key: 'at',
            title: t('audit.col.time'),
            dataIndex: 'at',
            render: (at: string) => <span className="nowrap">{formatDateTime(at)}</span>,
          },
          {
            key: 'actor',
            title: t('audit.col.actor'),
            render: (_, e) =>
              e.actorId === null && e.actorName === null ? (
                <Typography.Text type="secondary">{t('audit.system')}</Typography.Text>
              ) : (
                <Typography.Link
                  title={t('audit.filter.byActor')}
                  data-testid="audit-actor"
                  onClick={() => e.actorId && navigateTo(withLabels(writeQuery({ ...query, page: 1, actorId: e.actorId }), { ...labels, actorName: e.actorName ?? undefined }))}
                >
                  {e.actorName ?? e.actorId}
                </Typography.Link>
              ),
          },
          { key: 'action', title: t('audit.col.action'), dataIndex: 'action', render: (a: string) => <Tag title={a} data-testid="audit-action">{auditActionLabel(locale, a)}</Tag> },
          { key: 'entityType', title: t('audit.col.entityType'), dataIndex: 'entityType', render: (e: string) => <span title={e} data-testid="audit-entity-type">{auditEntityLabel(t, e)}</span> },
          {
            key: 'entityId',
            title: t('audit.col.entityId'),
            dataIndex: 'entityId',
            render: (id: string, e) => (
              <Typography.Link
                code
                className="nowrap"
                title={t('audit.filter.byEntity')}
                onClick={() => navigateTo(writeQuery({ ...query, page: 1, entityType: e.entityType, entityId: id }))}
              >
                {id}
              </Typography.Link>
            ),
          },
        ]}
      />
    </Flex>
  );
}
