/**
 * Members (/members): server-side paginated, sorted and filtered list (filters in the URL), export to
 * xlsx with the same filters, "add member", and the "due for the next stage" tab; `?id=` is a member's detail.
 */
import { useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { Badge, Button, Card, Col, Flex, Form, Input, InputNumber, Row, Select, Space, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import type { TablePaginationConfig } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import { DownloadOutlined, ImportOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useIsMobile, useQuery } from '../../hooks.ts';
import { useT } from '../../i18n.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { enumLabel, enumOptions } from '../../components/labels.ts';
import { useCan } from '../../components/permissions.ts';
import { DetailLink, dash, detailPath, useDetailId } from './common.tsx';
import { SELECTION_MAX, STATUS_LIST, TAG_SUGGESTIONS, directoryApi, type DueItem, type Member, type MemberQuery } from './api.ts';
import MemberDetail from './MemberDetail.tsx';
import { MemberFormModal } from './MemberForm.tsx';

const PAGE_SIZES = [10, 20, 50, 100];
const DEFAULT_PAGE_SIZE = 20;
const SORTS = ['name', '-name', 'birthDate', '-birthDate', 'joinedOn', '-joinedOn'] as const;
const FILTER_KEYS = ['orgId', 'category', 'status', 'gender', 'ageMin', 'ageMax', 'partyAgeMin', 'partyAgeMax', 'tags', 'q', 'sort'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];
type Filters = Partial<Record<FilterKey, string>>;

function readFilters(params: URLSearchParams): Filters {
  const f: Filters = {};
  for (const k of FILTER_KEYS) {
    const v = params.get(k)?.trim();
    if (v) f[k] = v;
  }
  if (f.sort && !(SORTS as readonly string[]).includes(f.sort)) delete f.sort;
  return f;
}

interface FormValues {
  orgId?: string;
  category?: string;
  status?: string[];
  gender?: string;
  ageMin?: number | null;
  ageMax?: number | null;
  partyAgeMin?: number | null;
  partyAgeMax?: number | null;
  tags?: string[];
  q?: string;
}

function MemberFilters({ filters, onApply }: { filters: Filters; onApply: (f: Filters) => void }) {
  const t = useT();
  const isMobile = useIsMobile();
  const [form] = Form.useForm<FormValues>();
  const num = (v?: string) => (v === undefined ? undefined : Number(v));
  const initial: FormValues = {
    orgId: filters.orgId, category: filters.category, gender: filters.gender, q: filters.q,
    status: filters.status?.split(',').filter(Boolean), tags: filters.tags?.split(',').filter(Boolean),
    ageMin: num(filters.ageMin), ageMax: num(filters.ageMax), partyAgeMin: num(filters.partyAgeMin), partyAgeMax: num(filters.partyAgeMax),
  };
  const submit = (v: FormValues) => {
    const s = (x: number | null | undefined) => (x === null || x === undefined ? undefined : String(x));
    onApply({
      orgId: v.orgId, category: v.category, gender: v.gender, q: v.q?.trim() || undefined,
      status: v.status?.length ? v.status.join(',') : undefined, tags: v.tags?.length ? v.tags.join(',') : undefined,
      ageMin: s(v.ageMin), ageMax: s(v.ageMax), partyAgeMin: s(v.partyAgeMin), partyAgeMax: s(v.partyAgeMax),
      sort: filters.sort,
    });
  };
  const item = (node: React.ReactNode, span = 6) => <Col xs={24} sm={12} md={12} lg={span}>{node}</Col>;
  const range = (minName: 'ageMin' | 'partyAgeMin', maxName: 'ageMax' | 'partyAgeMax', label: string, max: number) => (
    <Form.Item label={label} style={{ marginBottom: isMobile ? 8 : 12 }}>
      <Space.Compact style={{ width: '100%' }}>
        <Form.Item name={minName} noStyle>
          <InputNumber min={0} max={max} precision={0} placeholder={t('dir.filter.min')} style={{ width: '50%' }} data-testid={`member-filter-${minName}`} />
        </Form.Item>
        <Form.Item name={maxName} noStyle>
          <InputNumber min={0} max={max} precision={0} placeholder={t('dir.filter.max')} style={{ width: '50%' }} data-testid={`member-filter-${maxName}`} />
        </Form.Item>
      </Space.Compact>
    </Form.Item>
  );
  const fi = { style: { marginBottom: isMobile ? 8 : 12 } };
  return (
    <Form<FormValues> form={form} layout="vertical" initialValues={initial} onFinish={submit} data-testid="member-filters">
      <Row gutter={12}>
        {item(
          <Form.Item name="q" label={t('dir.filter.search')} {...fi}>
            <Input allowClear placeholder={t('dir.filter.searchHint')} maxLength={50} data-testid="member-search" onPressEnter={() => form.submit()} />
          </Form.Item>,
        )}
        {item(<Form.Item name="orgId" label={t('dir.filter.org')} {...fi}><OrgTreeSelect style={{ width: '100%' }} testId="member-filter-org" /></Form.Item>)}
        {item(
          <Form.Item name="category" label={t('dir.member.category')} {...fi}>
            <Select allowClear options={enumOptions(t, 'dir.category', ['full', 'probationary'])} data-testid="member-filter-category" />
          </Form.Item>,
        )}
        {item(
          <Form.Item name="status" label={t('dir.member.status')} {...fi}>
            <Select mode="multiple" allowClear options={enumOptions(t, 'dir.status', STATUS_LIST)} data-testid="member-filter-status" />
          </Form.Item>,
        )}
        {item(
          <Form.Item name="gender" label={t('dir.member.gender')} {...fi}>
            <Select allowClear options={enumOptions(t, 'dir.gender', ['M', 'F'])} data-testid="member-filter-gender" />
          </Form.Item>,
        )}
        {item(range('ageMin', 'ageMax', t('dir.filter.age'), 150))}
        {item(range('partyAgeMin', 'partyAgeMax', t('dir.filter.partyAge'), 120))}
        {item(
          <Form.Item name="tags" label={t('dir.member.tags')} {...fi}>
            <Select mode="tags" allowClear options={TAG_SUGGESTIONS.map((x) => ({ value: x, label: enumLabel(t, 'dir.tag', x) }))} data-testid="member-filter-tags" />
          </Form.Item>,
        )}
      </Row>
      <Flex gap={8} wrap>
        <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="member-search-submit">{t('dir.filter.apply')}</Button>
        <Button onClick={() => { form.resetFields(); onApply({}); }} data-testid="member-filter-reset">{t('dir.filter.reset')}</Button>
      </Flex>
    </Form>
  );
}

function DueList() {
  const t = useT();
  const isMobile = useIsMobile();
  const [withinDays, setWithinDays] = useState(30);
  const res = useQuery(`dir:due:${withinDays}`, (signal) => directoryApi.due({ withinDays }, signal));
  return (
    <Flex vertical gap={8}>
      <Flex wrap gap={8} align="center">
        <Typography.Text>{t('dir.due.within')}</Typography.Text>
        <Select
          value={withinDays}
          onChange={setWithinDays}
          options={[0, 30, 90, 180, 366].map((d) => ({ value: d, label: t('dir.due.days', { days: d }) }))}
          style={{ width: 140 }}
        />
      </Flex>
      <ErrorAlert error={res.error} onRetry={res.reload} />
      <Table<DueItem>
        data-testid="due-table"
        rowKey="memberId"
        size={isMobile ? 'small' : 'middle'}
        loading={res.loading}
        dataSource={res.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 20, hideOnSinglePage: true, simple: isMobile }}
        columns={[
          { key: 'name', title: t('dir.member.name'), dataIndex: 'name', render: (n: string, r) => <DetailLink kind="members" id={r.memberId}>{n}</DetailLink> },
          { key: 'org', title: t('dir.member.org'), dataIndex: 'orgName', render: dash },
          { key: 'stage', title: t('dir.member.stage'), dataIndex: 'stage', render: (s: string) => enumLabel(t, 'dir.stage', s) },
          { key: 'since', title: t('dir.due.since'), dataIndex: 'since' },
          { key: 'next', title: t('dir.due.next'), dataIndex: 'nextStage', render: (s: string) => <Tag color="blue">{enumLabel(t, 'dir.stage', s)}</Tag> },
          { key: 'dueOn', title: t('dir.due.dueOn'), dataIndex: 'dueOn', render: (d: string) => <span className="nowrap">{d}</span> },
        ]}
      />
    </Flex>
  );
}

function MemberList() {
  const t = useT();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const canWrite = useCan('members.write');
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => readFilters(params), [params]);
  const page = Math.max(1, Number(params.get('page')) || 1);
  const pageSize = Math.min(500, Math.max(1, Number(params.get('pageSize')) || DEFAULT_PAGE_SIZE));
  const tab = params.get('tab') === 'due' ? 'due' : 'list';
  const query = { ...filters, page, pageSize } as MemberQuery;
  const key = JSON.stringify(query);
  const res = useQuery(`dir:members:${key}`, (signal) => directoryApi.members(query, signal));
  const due = useQuery('dir:dueCount', (signal) => directoryApi.due({ withinDays: 30 }, signal));
  const [creating, setCreating] = useState(false);
  // rows picked for 导出所选 (kept across pages, forgotten when the filters change)
  const [selected, setSelected] = useState<{ key: string; ids: string[] }>({ key: '', ids: [] });

  const go = (next: { filters?: Filters; page?: number; pageSize?: number; tab?: string }) => {
    const p = new URLSearchParams();
    const f = next.filters ?? filters;
    for (const k of FILTER_KEYS) if (f[k]) p.set(k, f[k]!);
    const ps = next.pageSize ?? pageSize;
    const pg = next.page ?? page;
    if (pg !== 1) p.set('page', String(pg));
    if (ps !== DEFAULT_PAGE_SIZE) p.set('pageSize', String(ps));
    const tb = next.tab ?? tab;
    if (tb !== 'list') p.set('tab', tb);
    if (p.toString() === params.toString()) res.reload();
    else setParams(p);
  };

  const onTableChange = (pagination: TablePaginationConfig, _f: unknown, sorter: SorterResult<Member> | SorterResult<Member>[]) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const field = s?.order ? String(s.columnKey) : undefined;
    const sort = field ? `${s.order === 'descend' ? '-' : ''}${field}` : undefined;
    const ps = pagination.pageSize ?? pageSize;
    const sortChanged = sort !== filters.sort;
    go({ filters: { ...filters, sort }, pageSize: ps, page: ps !== pageSize || sortChanged ? 1 : (pagination.current ?? 1) });
  };
  const sortOrder = (col: string) =>
    filters.sort === col ? ('ascend' as const) : filters.sort === `-${col}` ? ('descend' as const) : null;

  const exportQuery = { ...filters } as MemberQuery;
  const filterKey = JSON.stringify(filters);
  const picked = selected.key === filterKey ? selected.ids : [];
  const tooMany = picked.length > SELECTION_MAX;
  const dueCount = due.data?.items.length ?? 0;

  return (
    <Flex vertical gap={16}>
      <PageTitle
        extra={
          <Space wrap>
            {canWrite && (
              <Button icon={<ImportOutlined />} onClick={() => navigate('/members/import')} data-testid="member-import">
                {t('dir.import.title')}
              </Button>
            )}
            <Button icon={<DownloadOutlined />} href={directoryApi.exportUrl(exportQuery)} data-testid="member-export">
              {t('dir.member.export')}
            </Button>
            {picked.length > 0 && (
              <Tooltip title={tooMany ? t('dir.member.selectionMax', { max: SELECTION_MAX }) : undefined}>
                <Button icon={<DownloadOutlined />} disabled={tooMany} href={tooMany ? undefined : directoryApi.exportUrl({ ...exportQuery, ids: picked.join(',') })}
                  data-testid="member-export-selected">
                  {t('dir.member.exportSelected', { n: picked.length })}
                </Button>
              </Tooltip>
            )}
            {canWrite && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="member-create">
                {t('dir.member.create')}
              </Button>
            )}
          </Space>
        }
      >
        {t('dir.members.title')}
      </PageTitle>
      <Tabs
        activeKey={tab}
        onChange={(k) => go({ tab: k, page: 1 })}
        items={[
          {
            key: 'list',
            label: t('dir.members.list'),
            children: (
              <Flex vertical gap={16}>
                <Card size="small">
                  <MemberFilters key={JSON.stringify(filters)} filters={filters} onApply={(f) => go({ filters: f, page: 1 })} />
                </Card>
                <ErrorAlert error={res.error} onRetry={res.reload} testId="member-error" />
                <Table<Member>
                  data-testid="member-table"
                  rowKey="id"
                  size={isMobile ? 'small' : 'middle'}
                  loading={res.loading}
                  dataSource={res.data?.items ?? []}
                  scroll={{ x: 'max-content' }}
                  onChange={onTableChange}
                  rowSelection={{ selectedRowKeys: picked, preserveSelectedRowKeys: true, onChange: (keys) => setSelected({ key: filterKey, ids: keys as string[] }) }}
                  pagination={{
                    current: page, pageSize, total: res.data?.total ?? 0, showSizeChanger: true, pageSizeOptions: PAGE_SIZES,
                    simple: isMobile, showTotal: (total) => t('dir.total', { total }),
                  }}
                  onRow={(m) => ({ onDoubleClick: () => navigate(detailPath('members', m.id)) })}
                  columns={[
                    {
                      key: 'name', title: t('dir.member.name'), dataIndex: 'name', sorter: true, sortOrder: sortOrder('name'), fixed: isMobile ? undefined : 'left',
                      render: (n: string, m) => <DetailLink kind="members" id={m.id} testId="member-link">{n}</DetailLink>,
                    },
                    { key: 'gender', title: t('dir.member.gender'), dataIndex: 'gender', render: (g: string) => enumLabel(t, 'dir.gender', g) },
                    {
                      key: 'birthDate', title: t('dir.member.birthAge'), dataIndex: 'birthDate', sorter: true, sortOrder: sortOrder('birthDate'),
                      render: (d: string | null, m) => <span className="nowrap" data-testid="member-birth">{d ?? t('dir.member.birthYear', { year: m.birthYear })}（{m.age}）</span>,
                    },
                    { key: 'org', title: t('dir.member.org'), dataIndex: 'orgName', render: (n: string | null, m) => <DetailLink kind="orgs" id={m.orgId}>{dash(n)}</DetailLink> },
                    { key: 'category', title: t('dir.member.category'), dataIndex: 'category', render: (c: string | null) => dash(c ? enumLabel(t, 'dir.category', c) : null) },
                    { key: 'stage', title: t('dir.member.stage'), dataIndex: 'stage', render: (s: string) => enumLabel(t, 'dir.stage', s) },
                    { key: 'joinedOn', title: t('dir.member.joinedOn'), dataIndex: 'joinedOn', sorter: true, sortOrder: sortOrder('joinedOn'), render: (d: string | null) => <span className="nowrap">{dash(d)}</span> },
                    { key: 'partyAge', title: t('dir.member.partyAge'), dataIndex: 'partyAge', align: 'right', render: dash },
                    {
                      key: 'status', title: t('dir.member.status'), dataIndex: 'status',
                      render: (s: string) => <Tag color={s === 'normal' ? 'green' : s === 'lost_contact' ? 'red' : undefined}>{enumLabel(t, 'dir.status', s)}</Tag>,
                    },
                    { key: 'idNumber', title: t('dir.member.idNumber'), dataIndex: 'idNumber', render: (v: string) => <span className="nowrap mono">{v}</span> },
                    { key: 'phone', title: t('dir.member.phone'), dataIndex: 'phone', render: (v: string | null) => <span className="nowrap">{dash(v)}</span> },
                    {
                      key: 'tags', title: t('dir.member.tags'), dataIndex: 'tags',
                      render: (tags: string[]) => <Space size={2} wrap={false}>{tags.map((x) => <Tag key={x}>{enumLabel(t, 'dir.tag', x)}</Tag>)}</Space>,
                    },
                  ]}
                />
              </Flex>
            ),
          },
          {
            key: 'due',
            label: <span data-testid="due-tab">{t('dir.due.title')} <Badge count={dueCount} size="small" /></span>,
            children: <DueList />,
          },
        ]}
      />
      {creating && (
        <MemberFormModal
          defaultOrgId={filters.orgId}
          onClose={() => setCreating(false)}
          onSaved={(m) => { setCreating(false); navigate(detailPath('members', m.id)); }}
        />
      )}
    </Flex>
  );
}

export default function MembersPage() {
  const id = useDetailId('members');
  return id ? <MemberDetail key={id} id={id} /> : <MemberList />;
}
