/**
 * Activities for staff: the list (filters live in the URL) and, at `/activities/<id>`, the detail
 * (ActivityDetail.tsx). The create/edit form is ActivityForm.tsx.
 */
import { useMemo, useState } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router-dom';
import dayjs from 'dayjs';
import { App, Button, DatePicker, Flex, Input, Select, Table, Tag, Tooltip, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { useCan } from '../../components/permissions.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useIsMobile, useQuery } from '../../hooks.ts';
import { useT, type MessageKey } from '../../i18n.ts';
import { SELECTION_MAX } from '../../api.ts';
import { activitiesApi, type Activity, type ActivityKind } from './api.ts';
import ActivityDetail from './ActivityDetail.tsx';
import { ActivityForm } from './ActivityForm.tsx';
import { kindOptions, when } from './common.ts';

function ActivityList() {
  const t = useT();
  const mobile = useIsMobile();
  const canWrite = useCan('activities.write');
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const { message } = App.useApp();
  const filters = {
    orgId: params.get('orgId') ?? undefined, kind: (params.get('kind') ?? undefined) as ActivityKind | undefined, seriesId: params.get('seriesId') ?? undefined,
    from: params.get('from') ?? undefined, to: params.get('to') ?? undefined, q: params.get('q') ?? undefined,
    page: Number(params.get('page') ?? 1) || 1, pageSize: Number(params.get('pageSize') ?? 20) || 20,
  };
  const set = (patch: Record<string, string | number | undefined | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) { if (v === undefined || v === null || v === '') next.delete(k); else next.set(k, String(v)); }
    if (!('page' in patch)) next.delete('page');
    setParams(next);
  };
  const list = useQuery(`activities:${params.toString()}`, (signal) => activitiesApi.activities(filters, signal));
  const series = useQuery('activity-series', (signal) => activitiesApi.series(undefined, signal));
  const seriesName = useMemo(() => new Map((series.data ?? []).map((s) => [s.id, s.name])), [series.data]);
  // rows picked for 导出所选 (kept across pages, forgotten when the filters change)
  const exportFilters = { ...filters, page: undefined, pageSize: undefined };
  const filterKey = JSON.stringify(exportFilters);
  const [selected, setSelected] = useState<{ key: string; ids: string[] }>({ key: '', ids: [] });
  const picked = selected.key === filterKey ? selected.ids : [];
  const tooMany = picked.length > SELECTION_MAX;

  return (
    <>
      <PageTitle extra={
        <Flex gap={8}>
          <Button href={activitiesApi.activitiesXlsxUrl(exportFilters)} data-testid="activity-export">{t('act.export')}</Button>
          {picked.length > 0 && (
            <Tooltip title={tooMany ? t('act.selectionMax', { max: SELECTION_MAX }) : undefined}>
              <Button disabled={tooMany} href={tooMany ? undefined : activitiesApi.activitiesXlsxUrl({ ...exportFilters, ids: picked.join(',') })} data-testid="activity-export-selected">
                {t('act.exportSelected', { n: picked.length })}
              </Button>
            </Tooltip>
          )}
          {canWrite && <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="activity-new">{t('act.new')}</Button>}
        </Flex>
      }>
        {t('act.list')}
      </PageTitle>
      <Flex gap={8} wrap style={{ marginBottom: 12 }} data-testid="activity-filters">
        <OrgTreeSelect value={filters.orgId} onChange={(v) => set({ orgId: v })} placeholder={t('act.filter.org')} style={{ width: mobile ? '100%' : 240 }} />
        <Select allowClear placeholder={t('act.filter.kind')} value={filters.kind} onChange={(v) => set({ kind: v })} options={kindOptions(t)}
          style={{ width: mobile ? '100%' : 160 }} aria-label={t('act.filter.kind')} />
        <DatePicker.RangePicker value={[filters.from ? dayjs(filters.from) : null, filters.to ? dayjs(filters.to) : null]} allowEmpty={[true, true]}
          onChange={(r) => set({ from: r?.[0]?.format('YYYY-MM-DD'), to: r?.[1]?.format('YYYY-MM-DD') })} style={{ width: mobile ? '100%' : 260 }} />
        <Select allowClear placeholder={t('act.filter.series')} value={filters.seriesId} onChange={(v) => set({ seriesId: v })}
          options={(series.data ?? []).map((s) => ({ value: s.id, label: t('act.seriesCount', { name: s.name, count: s.count }) }))}
          style={{ width: mobile ? '100%' : 240 }} aria-label={t('act.filter.series')} />
        <Input.Search allowClear defaultValue={filters.q} placeholder={t('act.filter.q')} onSearch={(v) => set({ q: v.trim() })}
          style={{ width: mobile ? '100%' : 200 }} data-testid="activity-search" />
      </Flex>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table<Activity> data-testid="activity-table" rowKey="id" size="small" loading={list.loading} dataSource={list.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        rowSelection={{ selectedRowKeys: picked, preserveSelectedRowKeys: true, onChange: (keys) => setSelected({ key: filterKey, ids: keys as string[] }) }}
        pagination={{ current: filters.page, pageSize: filters.pageSize, total: list.data?.total ?? 0, showSizeChanger: !mobile, simple: mobile,
          onChange: (page, pageSize) => set({ page, pageSize }) }}
        columns={[
          { title: t('act.title'), dataIndex: 'title', render: (title: string, a) => (
            <Flex vertical>
              <Link to={`/activities/${a.id}`} data-testid="activity-link">{title}</Link>
              {mobile && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{when(a)} · {a.orgName}</Typography.Text>}
            </Flex>) },
          { title: t('act.kind'), dataIndex: 'kind', render: (k: string) => <Tag>{t(`kind.${k}` as MessageKey)}</Tag> },
          ...(mobile ? [] : [
            { title: t('act.time'), key: 'time', render: (_: unknown, a: Activity) => when(a) },
            { title: t('act.org'), dataIndex: 'orgName' },
            { title: t('act.place'), dataIndex: 'place' },
            { title: t('act.series'), dataIndex: 'seriesId', render: (id: string | null) => (id ? seriesName.get(id) ?? '' : '') },
            { title: t('act.count.checkedIn', { n: '' }).trim(), key: 'checkedIn', render: (_: unknown, a: Activity) => (a.counts ? `${a.counts.checkedIn} / ${a.counts.expected || a.counts.signedUp}` : '') },
          ]),
          { title: t('act.status'), dataIndex: 'status', render: (s: string) => <Tag color={s === 'held' ? 'green' : s === 'cancelled' ? 'default' : 'blue'}>{t(`act.status.${s}` as MessageKey)}</Tag> },
        ]} />
      {creating && (
        <ActivityForm open series={series.data ?? []} onClose={() => setCreating(false)}
          onSaved={() => { setCreating(false); message.success(t('act.saved')); list.reload(); series.reload(); }} />
      )}
    </>
  );
}

export default function ActivitiesPage() {
  const { pathname } = useLocation();
  const id = pathname.match(/^\/activities\/([0-9a-f-]{36})/i)?.[1];
  return id ? <ActivityDetail id={id} /> : <ActivityList />;
}
