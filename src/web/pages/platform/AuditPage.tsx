import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import dayjs, { type Dayjs } from 'dayjs';
import { Alert, Button, Card, Col, DatePicker, Flex, Form, Input, Row, Table, Tag, Typography } from 'antd';
import type { TablePaginationConfig } from 'antd';
import { ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { platformApi, type AuditEntry, type AuditQueryParams } from './api.ts';
import { auditActionLabel, auditEntityLabel } from '../../components/labels.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { errorText } from '../../errors.ts';
import { formatDateTime, formatJson } from '../../format.ts';
import { useIsMobile, useQuery } from '../../hooks.ts';
import { useT } from '../../i18n.ts';

const PAGE_SIZES = [10, 20, 50, 100];
const DEFAULT_PAGE_SIZE = 20;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface FilterValues {
  entityType?: string;
  entityId?: string;
  actorId?: string;
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

/** The calendar day (in Beijing) an ISO instant falls on, as a local dayjs for the pickers. */
function parseDate(value: string | undefined): Dayjs | null {
  if (!value) return null;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return null;
  const beijing = new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
  return dayjs(beijing);
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
  isMobile,
  onApply,
  onReset,
}: {
  query: AuditQueryParams;
  isMobile: boolean;
  onApply: (filters: Omit<AuditQueryParams, 'page' | 'pageSize'>) => void;
  onReset: () => void;
}) {
  const t = useT();
  const [form] = Form.useForm<FilterValues>();
  const from = parseDate(query.from);
  const to = parseDate(query.to);
  const initialValues: FilterValues = {
    entityType: query.entityType,
    entityId: query.entityId,
    actorId: query.actorId,
    range: from || to ? [from, to] : null,
    fromDate: from,
    toDate: to,
  };

  const submit = (values: FilterValues) => {
    const [start, end] = isMobile ? [values.fromDate, values.toDate] : (values.range ?? [null, null]);
    onApply({
      entityType: values.entityType?.trim() || undefined,
      entityId: values.entityId?.trim() || undefined,
      actorId: values.actorId?.trim() || undefined,
      from: start ? startOfDay(start) : undefined,
      to: end ? endOfDay(end) : undefined,
    });
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
      <Form.Item name="entityType" label={t('audit.filter.entityType')} rules={[{ max: 64 }]}>
        <Input allowClear maxLength={64} data-testid="audit-filter-entity-type" />
      </Form.Item>
      <Form.Item name="entityId" label={t('audit.filter.entityId')} rules={[{ max: 64 }]}>
        <Input allowClear maxLength={64} data-testid="audit-filter-entity-id" />
      </Form.Item>
      <Form.Item
        name="actorId"
        label={t('audit.filter.actorId')}
        rules={[{ pattern: UUID_RE, message: t('audit.filter.uuidInvalid'), transform: (v: string) => v?.trim() }]}
      >
        <Input allowClear maxLength={36} data-testid="audit-filter-actor-id" style={{ minWidth: isMobile ? undefined : 320 }} />
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
  const isMobile = useIsMobile();
  const [params, setParams] = useSearchParams();
  const query = useMemo(() => readQuery(params), [params]);
  const key = writeQuery(query).toString();
  const filterKey = writeQuery({ ...query, page: 1, pageSize: DEFAULT_PAGE_SIZE }).toString();
  const result = useQuery(`audit?${key}`, (signal) => platformApi.audit(query, signal));

  /** Searching again with the same query reloads instead of stacking a duplicate history entry. */
  const navigateTo = (next: URLSearchParams) => {
    if (next.toString() === key) result.reload();
    else setParams(next);
  };

  const onTableChange = (pagination: TablePaginationConfig) => {
    const pageSize = pagination.pageSize ?? query.pageSize;
    const page = pageSize !== query.pageSize ? 1 : (pagination.current ?? 1);
    navigateTo(writeQuery({ ...query, page, pageSize }));
  };

  const data = result.data;

  return (
    <Flex vertical gap={16}>
      <PageTitle
        extra={
          <Button icon={<ReloadOutlined />} onClick={result.reload} loading={result.loading} data-testid="audit-reload">
            {t('common.refresh')}
          </Button>
        }
      >
        {t('audit.title')}
      </PageTitle>

      <Card size="small">
        <AuditFilters
          key={filterKey}
          query={query}
          isMobile={isMobile}
          onApply={(filters) => navigateTo(writeQuery({ page: 1, pageSize: query.pageSize, ...filters }))}
          onReset={() => navigateTo(writeQuery({ page: 1, pageSize: query.pageSize }))}
        />
      </Card>

      {result.error !== undefined && (
        <Alert
          type="error"
          showIcon
          title={errorText(result.error, t)}
          data-testid="audit-error"
          action={
            <Button size="small" onClick={result.reload}>
              {t('common.retry')}
            </Button>
          }
        />
      )}

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
                <span title={e.actorId ?? undefined}>{e.actorName ?? e.actorId}</span>
              ),
          },
          { key: 'action', title: t('audit.col.action'), dataIndex: 'action', render: (a: string) => <Tag title={a} data-testid="audit-action">{auditActionLabel(t, a)}</Tag> },
          { key: 'entityType', title: t('audit.col.entityType'), dataIndex: 'entityType', render: (e: string) => <span title={e}>{auditEntityLabel(t, e)}</span> },
          {
            key: 'entityId',
            title: t('audit.col.entityId'),
            dataIndex: 'entityId',
            render: (id: string) => (
              <Typography.Text code className="nowrap">
                {id}
              </Typography.Text>
            ),
          },
        ]}
      />
    </Flex>
  );
}
