/** Pieces every figures page shares: the period picker, a figure's number in its unit, the drawer with the records behind it. */
import { useState } from 'react';
import { Button, DatePicker, Drawer, Empty, Flex, Segmented, Table, Tabs, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { Chart } from '../../components/Chart.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useQuery } from '../../hooks.ts';
import { useT, type TFunction } from '../../i18n.ts';
import { thisYear, todayIso } from '../../format.ts';
import { figuresApi, type FigureInfo, type FigureScope } from './api.ts';

type PeriodMode = 'all' | 'year' | 'quarter' | 'month' | 'range';

const modeOf = (p: string): PeriodMode => (p === 'all' ? 'all' : /^\d{4}$/.test(p) ? 'year' : /Q/.test(p) ? 'quarter' : /^\d{4}-\d{2}$/.test(p) ? 'month' : 'range');

/** all | 2026 | 2026Q1 | 2026-03 | 2026-01-01..2026-06-30, picked as the party's statistics are: by year, quarter, month or range. */
export function PeriodPicker({ value, onChange, testId = 'period-picker' }: { value: string; onChange: (p: string) => void; testId?: string }) {
  const t = useT();
  const mode = modeOf(value);
  const today = dayjs(todayIso());
  const setMode = (m: PeriodMode) => {
    if (m === 'all') onChange('all');
    else if (m === 'year') onChange(String(thisYear()));
    else if (m === 'quarter') onChange(`${thisYear()}Q${Math.floor(today.month() / 3) + 1}`);
    else if (m === 'month') onChange(today.format('YYYY-MM'));
    else onChange(`${today.startOf('year').format('YYYY-MM-DD')}..${today.format('YYYY-MM-DD')}`);
  };
  const asDay = (): dayjs.Dayjs => {
    if (mode === 'year') return dayjs(`${value}-01-01`);
    if (mode === 'quarter') return dayjs(`${value.slice(0, 4)}-${String((Number(value.slice(5)) - 1) * 3 + 1).padStart(2, '0')}-01`);
    if (mode === 'month') return dayjs(`${value}-01`);
    return today;
  };
  return (
    <Flex gap={8} wrap align="center" data-testid={testId}>
      <Segmented<PeriodMode>
        aria-label={t('figures.period')}
        value={mode}
        onChange={setMode}
        options={(['all', 'year', 'quarter', 'month', 'range'] as const).map((m) => ({ value: m, label: t(`figures.period.${m}`) }))}
      />
      {(mode === 'year' || mode === 'quarter' || mode === 'month') && (
        <DatePicker
          data-testid={`${testId}-date`}
          picker={mode}
          allowClear={false}
          value={asDay()}
          onChange={(d) => {
            if (!d) return;
            onChange(mode === 'year' ? d.format('YYYY') : mode === 'quarter' ? `${d.year()}Q${Math.floor(d.month() / 3) + 1}` : d.format('YYYY-MM'));
          }}
        />
      )}
      {mode === 'range' && (
        <DatePicker.RangePicker
          data-testid={`${testId}-range`}
          allowClear={false}
          value={[dayjs(value.split('..')[0]), dayjs(value.split('..')[1])]}
          onChange={(r) => { if (r?.[0] && r[1]) onChange(`${r[0].format('YYYY-MM-DD')}..${r[1].format('YYYY-MM-DD')}`); }}
        />
      )}
    </Flex>
  );
}

const round = (n: number) => (Number.isInteger(n) ? n : Math.round(n * 10) / 10);

/** A figure's value in its unit: ¥ for fen, % for a share, h for hours. */
export function formatFigure(t: TFunction, value: number | null | undefined, unit: FigureInfo['unit']): string {
  if (value === null || value === undefined) return '—';
  if (unit === 'fen') {
    const yuan = value / 100;
    return Math.abs(yuan) >= 100_000_000 ? `¥${round(yuan / 100_000_000).toLocaleString('zh-CN')}亿`
      : Math.abs(yuan) >= 10_000 ? `¥${round(yuan / 10_000).toLocaleString('zh-CN')}万` : `¥${yuan.toLocaleString('zh-CN', { maximumFractionDigits: 2 })}`;
  }
  const n = round(value).toLocaleString('zh-CN');
  if (unit === 'percent') return t('figures.unit.percent', { n });
  if (unit === 'hours') return t('figures.unit.hours', { n });
  if (unit === 'people') return t('figures.unit.people', { n });
  if (unit === 'times') return t('figures.unit.times', { n });
  return n;
}

/** The change against the previous value, as +12% / −3% (— when there is nothing to compare). */
export function changeText(value: number, previous: number | null): string {
  if (previous === null) return '—';
  if (previous === 0) return value === 0 ? '0%' : '+∞';
  const pct = Math.round(((value - previous) / previous) * 100);
  return `${pct > 0 ? '+' : pct < 0 ? '−' : ''}${Math.abs(pct)}%`;
}

function Records({ figure, scope }: { figure: FigureInfo; scope: FigureScope }) {
  const t = useT();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const key = `${figure.key}:${JSON.stringify(scope)}:${page}:${pageSize}`;
  const q = useQuery(`figures:records:${key}`, (signal) => figuresApi.records(figure.key, { ...scope, page, pageSize }, signal));
  return (
    <>
      <ErrorAlert error={q.error} />
      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }} wrap gap={8}>
        <Typography.Text type="secondary" data-testid="figure-records-count">{q.data ? t('figures.records.count', { n: q.data.total }) : ''}</Typography.Text>
        <Button icon={<DownloadOutlined />} href={figuresApi.recordsXlsxUrl(figure.key, scope)} data-testid="figure-export">{t('figures.export')}</Button>
      </Flex>
      <Table
        data-testid="figure-records"
        size="small"
        rowKey="id"
        loading={q.loading}
        dataSource={q.data?.items ?? []}
        scroll={{ x: true }}
        pagination={{ current: page, pageSize, total: q.data?.total ?? 0, showSizeChanger: true, onChange: (p, s) => { setPage(p); setPageSize(s); } }}
        columns={figure.columns.map((c, i) => ({
          key: c.key,
          title: c.label,
          render: (_: unknown, r: { cells: Record<string, string | number | null>; link: string | null }) => {
            const v = r.cells[c.key];
            const text = v === null || v === undefined ? '' : c.kind === 'fen' && typeof v === 'number' ? formatFigure(t, v, 'fen') : c.kind === 'datetime' && typeof v === 'string' ? v.slice(0, 16).replace('T', ' ') : String(v);
            return i === 0 && r.link ? <a href={r.link}>{text}</a> : text;
          },
        }))}
      />
    </>
  );
}

function Ranking({ figure, scope }: { figure: FigureInfo; scope: FigureScope }) {
  const t = useT();
  const q = useQuery(`figures:ranking:${figure.key}:${JSON.stringify(scope)}`, (signal) => figuresApi.ranking(figure.key, scope, signal));
  const items = q.data?.items ?? [];
  if (q.error) return <ErrorAlert error={q.error} />;
  if (q.data && !items.length) return <Empty description={t('figures.ranking.empty')} />;
  const top = items.slice(0, 30).reverse();
  return (
    <Chart
      testId="figure-ranking"
      height={Math.max(200, top.length * 26 + 40)}
      option={{
        grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        xAxis: { type: 'value' },
        yAxis: { type: 'category', data: top.map((i) => i.name), axisLabel: { width: 180, overflow: 'truncate' } },
        series: [{ type: 'bar', data: top.map((i) => i.value), itemStyle: { color: '#c41d1d' }, label: { show: true, position: 'right' } }],
      }}
    />
  );
}

function Trend({ figure, scope }: { figure: FigureInfo; scope: FigureScope }) {
  const bucket = scope.period === 'all' || /^\d{4}$/.test(scope.period ?? '') || (scope.period ?? '').includes('..') ? 'month' : 'month';
  const q = useQuery(`figures:trend:${figure.key}:${JSON.stringify(scope)}`, (signal) => figuresApi.trend(figure.key, { ...scope, bucket }, signal));
  if (q.error) return <ErrorAlert error={q.error} />;
  const points = q.data?.points ?? [];
  return (
    <Chart
      testId="figure-trend"
      option={{
        grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
        tooltip: { trigger: 'axis' },
        xAxis: { type: 'category', data: points.map((p) => p.period) },
        yAxis: { type: 'value' },
        series: [{ type: figure.stock ? 'line' : 'bar', data: points.map((p) => p.value), itemStyle: { color: '#c41d1d' }, smooth: true }],
      }}
    />
  );
}

function Breakdown({ figure, scope, by }: { figure: FigureInfo; scope: FigureScope; by: string }) {
  const t = useT();
  const q = useQuery(`figures:breakdown:${figure.key}:${by}:${JSON.stringify(scope)}`, (signal) => figuresApi.breakdown(figure.key, { ...scope, by }, signal));
  if (q.error) return <ErrorAlert error={q.error} />;
  const items = q.data?.items ?? [];
  if (q.data && !items.length) return <Empty />;
  return (
    <Chart
      testId={`figure-breakdown-${by}`}
      option={{
        tooltip: { trigger: 'item', formatter: (p: { name: string; value: number; percent: number }) => `${p.name}: ${formatFigure(t, p.value, figure.unit)} (${p.percent}%)` },
        legend: { bottom: 0, type: 'scroll' },
        series: [{ type: 'pie', radius: ['35%', '65%'], data: items.map((i) => ({ name: i.label ?? '—', value: i.value })) }],
      }}
    />
  );
}

/** A figure opened: its definition, exactly the records it counts (exportable), its ranking below, its trend and breakdowns. */
export function FigureDrawer({ figure, scope, value, onClose }: { figure: FigureInfo | null; scope: FigureScope; value?: number; onClose: () => void }) {
  const t = useT();
  return (
    <Drawer
      open={!!figure}
      onClose={onClose}
      size="large"
      destroyOnHidden
      title={figure ? `${figure.label}${value !== undefined ? ` · ${formatFigure(t, value, figure.unit)}` : ''}` : ''}
      data-testid="figure-drawer"
    >
      {figure && (
        <>
          <Typography.Paragraph type="secondary">{t('figures.definition')}：{figure.definition}</Typography.Paragraph>
          <Tabs
            items={[
              { key: 'records', label: t('figures.records'), children: <Records figure={figure} scope={scope} /> },
              ...(scope.scopeKind !== 'unit' ? [{ key: 'ranking', label: t('figures.ranking'), children: <Ranking figure={figure} scope={scope} /> }] : []),
              { key: 'trend', label: t('figures.trend'), children: <Trend figure={figure} scope={scope} /> },
              ...figure.dimensions.map((d) => ({ key: `by-${d.key}`, label: `${t('figures.breakdown')}：${d.label}`, children: <Breakdown figure={figure} scope={scope} by={d.key} /> })),
            ]}
          />
        </>
      )}
    </Drawer>
  );
}
