/**
 * The home dashboard of a region admin, coordinator or secretary: the key figures of a scope they hold (the scope
 * picker defaults to their first grant) for this year, each with its change and a sparkline by month, and ECharts of
 * members by category and age band, 三会一课 by month, pledges and projects by status. Every number comes from the
 * figures catalogue (GET /api/v1/figures…): the keys are picked at run time from what the catalogue has.
 */
import { Alert, Card, Col, Empty, Flex, Row, Select, Skeleton, Statistic, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { Grant } from '../../../shared/api.ts';
import { enumLabel } from '../../components/labels.ts';
import { errorText } from '../../errors.ts';
import { formatDateTime, thisYear } from '../../format.ts';
import { useQuery } from '../../hooks.ts';
import { useT } from '../../i18n.ts';
import { figuresApi, type FigureInfo, type FigureScope } from '../figures/api.ts';
import { Chart, Sparkline } from '../../components/Chart.tsx';

const FIGURE_SCOPES = ['region', 'org', 'alliance', 'unit'] as const;
type FigureScopeKind = (typeof FIGURE_SCOPES)[number];

/** The key figures, in order: per slot the first pattern any catalogue figure matches wins. */
export const KPI_SLOTS: RegExp[][] = [
  [/^directory\.members$/],
  [/^directory\.branches$/, /^directory\.orgs$/],
  [/^activities\..*(compliance|threeOne|sanhui)/i, /^activities\..*(lesson|meeting)/i, /^activities\.activities$/, /^activities\./],
  [/^cluster\.pledges$/, /^cluster\.pledge/],
  [/^cluster\.projects$/, /^cobuild\.projects$/],
  [/^cobuild\.needsSettled$/, /^cobuild\.needs/],
  [/hours/i],
  [/^chamber\..*mediat.*settled/i, /^chamber\..*mediat/i],
  [/^money\..*(fund|loan)/i, /^money\./],
];
/** The charts: a figure (by pattern) broken down by a dimension, or its trend by month. */
const CHARTS: { key: string; title: string; figure: RegExp[]; by?: RegExp; kind: 'pie' | 'bar' | 'trend' }[] = [
  { key: 'category', title: 'home.chart.category', figure: [/^directory\.members$/], by: /category/, kind: 'pie' },
  { key: 'ageBand', title: 'home.chart.ageBand', figure: [/^directory\.members$/], by: /age/, kind: 'bar' },
  { key: 'compliance', title: 'home.chart.compliance', figure: KPI_SLOTS[2], kind: 'trend' },
  { key: 'pledges', title: 'home.chart.pledges', figure: [/^cluster\.pledges$/, /^cluster\.pledge/], by: /status/, kind: 'pie' },
  { key: 'projects', title: 'home.chart.projects', figure: [/^cluster\.projects$/, /^cobuild\.projects$/], by: /status/, kind: 'bar' },
];

export function pickFigure(catalogue: FigureInfo[], patterns: RegExp[]): FigureInfo | undefined {
  for (const re of patterns) {
    const hit = catalogue.find((f) => re.test(f.key));
    if (hit) return hit;
  }
  return undefined;
}

function formatValue(v: number, unit: FigureInfo['unit']): string {
  if (unit === 'fen') return `¥${(v / 100).toLocaleString('zh-CN', { maximumFractionDigits: 2 })}`;
  if (unit === 'percent') return `${Math.round(v * 10) / 10}%`;
  return v.toLocaleString('zh-CN', { maximumFractionDigits: 1 });
}

function delta(now: number, before: number | null): string | null {
  if (before === null || before === undefined) return null;
  const d = now - before;
  return `${d > 0 ? '+' : ''}${Math.round(d * 10) / 10}`;
}

/** The scopes of the user's grants that the figures take (a member's or a record's grant is no level). */
/** the roles that run a level (a judge's, a mediator's or a fund officer's grant reads no figure of it) */
const DASHBOARD_ROLES: readonly string[] = ['region_admin', 'alliance_coordinator', 'org_admin', 'unit_liaison'];

export function dashboardScopes(grants: Grant[]) {
  return grants.filter((g) => (FIGURE_SCOPES as readonly string[]).includes(g.scopeKind) && DASHBOARD_ROLES.includes(g.role));
}

function Kpi({ info, value, scope, t }: { info: FigureInfo; value: { value: number; previous: number | null; lastYear: number | null }; scope: FigureScope; t: ReturnType<typeof useT> }) {
  const trend = useQuery(`home:trend:${info.key}:${JSON.stringify(scope)}`, (signal) => figuresApi.trend(info.key, { ...scope, bucket: 'month' }, signal).catch(() => null));
  const prev = delta(value.value, value.previous);
  const yoy = delta(value.value, value.lastYear);
  return (
    <Card size="small" data-testid="home-kpi" data-key={info.key} style={{ height: '100%' }}>
      <Statistic title={<span title={info.definition}>{info.label}</span>} value={formatValue(value.value, info.unit)} />
      <Flex gap={8} wrap>
        {prev && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('home.dash.vsPrevious', { delta: prev })}</Typography.Text>}
        {yoy && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('home.dash.vsLastYear', { delta: yoy })}</Typography.Text>}
      </Flex>
      <Sparkline values={(trend.data?.points ?? []).map((p) => p.value)} labels={(trend.data?.points ?? []).map((p) => p.period)} testId={`home-spark-${info.key}`} />
      {info.link && <Link to={info.link} style={{ fontSize: 12 }}>{t('home.dash.records')}</Link>}
    </Card>
  );
}

function ChartCard({ chart, info, scope, t }: { chart: (typeof CHARTS)[number]; info: FigureInfo; scope: FigureScope; t: ReturnType<typeof useT> }) {
  const by = chart.by ? info.dimensions.find((d) => chart.by!.test(d.key)) : undefined;
  const key = `home:chart:${chart.key}:${info.key}:${by?.key ?? ''}:${JSON.stringify(scope)}`;
  const data = useQuery(key, async (signal) => {
    if (chart.kind === 'trend') return (await figuresApi.trend(info.key, { ...scope, bucket: 'month' }, signal)).points.map((p) => ({ name: p.period, value: p.value }));
    if (!by) return null;
    return (await figuresApi.breakdown(info.key, { ...scope, by: by.key }, signal)).items.map((i) => ({ name: i.label ?? i.group ?? t('home.chart.none'), value: i.value }));
  });
  if (chart.kind !== 'trend' && !by) return null;
  const rows = data.data ?? [];
  const option = chart.kind === 'pie'
    ? { tooltip: { trigger: 'item' as const }, legend: { bottom: 0, type: 'scroll' as const }, series: [{ type: 'pie' as const, radius: ['35%', '65%'], data: rows }] }
    : {
      tooltip: { trigger: 'axis' as const }, grid: { left: 40, right: 12, top: 16, bottom: 28 },
      xAxis: { type: 'category' as const, data: rows.map((r) => r.name) }, yAxis: { type: 'value' as const },
      series: [{ type: chart.kind === 'trend' ? 'line' as const : 'bar' as const, data: rows.map((r) => r.value), smooth: true }],
    };
  return (
    <Col xs={24} lg={12} xl={8}>
      <Card size="small" title={`${t(chart.title as Parameters<typeof t>[0])} · ${info.label}`} data-testid={`home-chart-${chart.key}`}>
        {data.error ? <Typography.Text type="secondary">{errorText(data.error, t)}</Typography.Text>
          : !data.data ? <Skeleton active /> : rows.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> : <Chart option={option} height={240} />}
      </Card>
    </Col>
  );
}

export function HomeDashboard({ grants }: { grants: Grant[] }) {
  const t = useT();
  const scopes = dashboardScopes(grants);
  const [picked, setPicked] = useState<string | undefined>(undefined);
  const g = scopes.find((x) => x.id === picked) ?? scopes[0];
  const year = thisYear();
  const catalogue = useQuery('home:catalogue', (signal) => figuresApi.catalogue(signal));
  const scope: FigureScope | null = g ? {
    regionId: g.regionId, scopeKind: g.scopeKind as FigureScopeKind, ...(g.scopeKind === 'region' ? {} : { scopeId: g.scopeId }), period: String(year),
  } : null;
  const kpis = (catalogue.data ? KPI_SLOTS.map((s) => pickFigure(catalogue.data!, s)).filter((f): f is FigureInfo => !!f) : [])
    .filter((f, i, all) => all.findIndex((x) => x.key === f.key) === i);
  const valuesKey = `home:values:${JSON.stringify(scope)}:${kpis.map((k) => k.key).join(',')}`;
  const values = useQuery(valuesKey, (signal) => (scope && kpis.length
    ? figuresApi.values({ ...scope, keys: kpis.map((k) => k.key).join(','), compare: '1' }, signal) : Promise.resolve(null)));
  if (!g || !scope) return null;
  const byKey = new Map((values.data?.figures ?? []).map((f) => [f.key, f]));
  const charts = catalogue.data ? CHARTS.map((c) => ({ c, info: pickFigure(catalogue.data!, c.figure) })).filter((x) => x.info && byKey.has(x.info.key)) : [];

  return (
    <Card
      title={t('home.dash.title')}
      data-testid="home-dashboard"
      extra={(
        <Flex gap={8} align="center" wrap>
          <Typography.Text type="secondary">{t('home.dash.period', { year })}</Typography.Text>
          <Select
            aria-label={t('home.dash.scope')}
            data-testid="home-scope"
            style={{ minWidth: 220 }}
            value={g.id}
            onChange={setPicked}
            options={scopes.map((s) => ({ value: s.id, label: `${s.scopeName ?? s.scopeId} · ${enumLabel(t, 'role', s.role)}` }))}
          />
        </Flex>
      )}
    >
      {catalogue.error || (values.error && !values.data) ? (
        <Alert type="info" showIcon title={t('home.dash.empty')} description={errorText((catalogue.error ?? values.error)!, t)} />
      ) : !values.data ? <Skeleton active /> : byKey.size === 0 ? <Empty description={t('home.dash.empty')} /> : (
        <Flex vertical gap={16}>
          <Row gutter={[12, 12]}>
            {kpis.filter((k) => byKey.has(k.key)).map((k) => (
              <Col key={k.key} xs={12} md={8} xl={6} xxl={4}>
                <Kpi info={k} value={byKey.get(k.key)!} scope={scope} t={t} />
              </Col>
            ))}
          </Row>
          <Row gutter={[12, 12]}>
            {charts.map(({ c, info }) => <ChartCard key={c.key} chart={c} info={info!} scope={scope} t={t} />)}
          </Row>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('home.dash.computedAt', { at: formatDateTime(values.data.computedAt) })}</Typography.Text>
        </Flex>
      )}
    </Card>
  );
}
