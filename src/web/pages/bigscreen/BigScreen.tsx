/**
 * The big screen (数据大屏): a 1920×1080 stage scaled to fit any screen (CSS transform), dark, ECharts. Headline
 * figures, 12-month trends, the level's sub-orgs as a treemap, live feeds; asks again every `refreshSeconds` and
 * shows each block's freshness (its computedAt); when a refresh fails it keeps the last answer and says how old it is.
 */
import { useEffect, useMemo, useRef, useState, type CSSProperties, type ReactNode } from 'react';
import * as echarts from 'echarts/core';
import { LineChart, TreemapChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { formatDateTime } from '../../format.ts';
import { useQuery } from '../../hooks.ts';
import { useT } from '../../i18n.ts';
import type { BigScreen as Screen } from './api.ts';
import { periodText } from './period.ts';

echarts.use([LineChart, TreemapChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export const STAGE_W = 1920;
export const STAGE_H = 1080;
const C = { bg: '#04102a', panel: 'rgba(13, 38, 84, 0.55)', border: '#1f4f9a', text: '#d8e6ff', dim: '#7f9cc9', accent: '#4fd2ff', gold: '#ffcf5c', red: '#ff6b6b' };

function useFit(): { scale: number; left: number; top: number } {
  const calc = () => {
    const scale = Math.min(window.innerWidth / STAGE_W, window.innerHeight / STAGE_H);
    return { scale, left: (window.innerWidth - STAGE_W * scale) / 2, top: (window.innerHeight - STAGE_H * scale) / 2 };
  };
  const [fit, setFit] = useState(calc);
  useEffect(() => {
    const on = () => setFit(calc());
    window.addEventListener('resize', on);
    return () => window.removeEventListener('resize', on);
  }, []);
  return fit;
}

/** The fixed 1920×1080 stage, scaled and centred in the window. */
export function Stage({ children }: { children: ReactNode }) {
  const { scale, left, top } = useFit();
  return (
    <div style={{ position: 'fixed', inset: 0, background: C.bg, overflow: 'hidden' }}>
      <div data-testid="bigscreen-stage" data-scale={scale.toFixed(3)}
        style={{ position: 'absolute', left, top, width: STAGE_W, height: STAGE_H, transform: `scale(${scale})`, transformOrigin: '0 0', color: C.text,
          background: 'radial-gradient(ellipse at top, #0b2a5e 0%, #04102a 70%)', fontFamily: '"PingFang SC", "Microsoft YaHei", sans-serif' }}>
        {children}
      </div>
    </div>
  );
}

function EChart({ option, style, testId }: { option: echarts.EChartsCoreOption; style: CSSProperties; testId: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    chart.current = echarts.init(ref.current!, 'dark');
    return () => { chart.current?.dispose(); chart.current = null; };
  }, []);
  useEffect(() => { chart.current?.setOption(option, true); }, [option]);
  return <div ref={ref} style={style} data-testid={testId} />;
}

const clock = (iso: string) => formatDateTime(iso).slice(11);

function Panel({ title, at, children, style, testId }: { title: string; at: string; children: ReactNode; style: CSSProperties; testId: string }) {
  const t = useT();
  return (
    <section data-testid={testId} style={{ position: 'absolute', background: C.panel, border: `1px solid ${C.border}`, borderRadius: 8, padding: '14px 18px', boxSizing: 'border-box', ...style }}>
      <header style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'baseline', marginBottom: 10 }}>
        <span style={{ fontSize: 24, fontWeight: 600, color: C.accent }}>{title}</span>
        <span style={{ fontSize: 15, color: C.dim }} data-testid={`${testId}-fresh`} data-computed-at={at}>{t('bigscreen.freshAt', { time: clock(at) })}</span>
      </header>
      {children}
    </section>
  );
}

/** A figure as shown: fen as yuan, percent with one decimal, others grouped. */
export function figureText(value: number, unit: string): string {
  if (unit === 'fen') return (value / 100).toLocaleString('zh-CN', { maximumFractionDigits: 0 });
  if (unit === 'percent') return value.toFixed(1);
  return value.toLocaleString('zh-CN', { maximumFractionDigits: 1 });
}

function FeedList({ items, testId }: { items: { key: string; main: string; side: string }[] | null; testId: string }) {
  const t = useT();
  if (!items) return null;
  return (
    <ul data-testid={testId} style={{ listStyle: 'none', margin: 0, padding: 0, fontSize: 19, lineHeight: '34px' }}>
      {items.length === 0 && <li style={{ color: C.dim }}>{t('bigscreen.feed.empty')}</li>}
      {items.map((x) => (
        <li key={x.key} style={{ display: 'flex', justifyContent: 'space-between', gap: 12, borderBottom: '1px dashed rgba(79,210,255,0.15)' }}>
          <span style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{x.main}</span>
          <span style={{ color: C.dim, whiteSpace: 'nowrap' }}>{x.side}</span>
        </li>
      ))}
    </ul>
  );
}

/** The screen itself, for a loader (the signed-in view or a kiosk token). */
export function BigScreenBoard({ load, queryKey, title, onNotFound }: {
  load: (signal: AbortSignal) => Promise<Screen>; queryKey: string; title?: string; onNotFound?: (err: unknown) => ReactNode;
}) {
  const t = useT();
  const q = useQuery(queryKey, load);
  const { reload } = q;
  const every = (q.data?.refreshSeconds ?? 15) * 1000;
  useEffect(() => {
    const id = window.setInterval(reload, every);
    return () => window.clearInterval(id);
  }, [reload, every]);
  const d = q.data;
  const trendOption = useMemo(() => (d ? {
    backgroundColor: 'transparent',
    tooltip: { trigger: 'axis' },
    legend: { textStyle: { color: C.text, fontSize: 16 }, top: 0 },
    grid: { left: 60, right: 30, top: 40, bottom: 36 },
    xAxis: { type: 'category', data: d.trends.data[0]?.points.map((p) => p.period) ?? [], axisLabel: { color: C.dim, fontSize: 14 } },
    yAxis: { type: 'value', axisLabel: { color: C.dim, fontSize: 14 }, splitLine: { lineStyle: { color: 'rgba(127,156,201,0.15)' } } },
    series: d.trends.data.map((s) => ({ name: s.label, type: 'line', smooth: true, symbolSize: 6, areaStyle: { opacity: 0.12 }, data: s.points.map((p) => (s.unit === 'fen' ? p.value / 100 : p.value)) })),
  } : {}), [d]);
  const treeOption = useMemo(() => (d?.tree.data ? {
    backgroundColor: 'transparent',
    tooltip: { formatter: (x: { name: string; value: number }) => `${x.name}: ${figureText(x.value, d.tree.data!.unit)}` },
    series: [{
      type: 'treemap', roam: false, nodeClick: false, breadcrumb: { show: false }, top: 0, left: 0, right: 0, bottom: 0,
      label: { fontSize: 18, formatter: (x: { name: string; value: number }) => `${x.name}\n${figureText(x.value, d.tree.data!.unit)}` },
      itemStyle: { borderColor: C.bg, borderWidth: 2, gapWidth: 2 },
      data: d.tree.data.items.map((i) => ({ name: i.name, value: i.value })),
    }],
  } : null), [d]);

  if (!d) {
    if (q.error && onNotFound) return <Stage>{onNotFound(q.error)}</Stage>;
    return <Stage><div style={{ padding: 80, fontSize: 32, color: C.dim }}>…</div></Stage>;
  }
  const stale = !!q.error;
  const figures = d.figures.data.slice(0, 12);
  return (
    <Stage>
      <header style={{ position: 'absolute', left: 0, top: 0, width: STAGE_W, height: 96, display: 'flex', alignItems: 'center', justifyContent: 'center', borderBottom: `2px solid ${C.border}` }}>
        <h1 data-testid="bigscreen-title" style={{ margin: 0, fontSize: 44, letterSpacing: 4, color: '#fff', textShadow: `0 0 18px ${C.accent}` }}>
          {title ?? t('bigscreen.title', { name: d.scope.name })}
        </h1>
        <span data-testid="bigscreen-period" data-period={d.period.key} style={{ position: 'absolute', left: 32, fontSize: 20, color: C.dim }}>{periodText(t, d.period.key)}</span>
        {stale && <span data-testid="bigscreen-stale" style={{ position: 'absolute', right: 32, fontSize: 20, color: C.red }}>{t('bigscreen.stale', { time: clock(d.figures.computedAt) })}</span>}
      </header>

      <Panel testId="bigscreen-figures" title={t('bigscreen.figures')} at={d.figures.computedAt} style={{ left: 24, top: 116, width: 560, height: 940 }}>
        {figures.length === 0 && <div style={{ color: C.dim, fontSize: 20 }}>{t('bigscreen.noFigures')}</div>}
        <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 12 }}>
          {figures.map((f) => (
            <div key={f.key} data-testid="bigscreen-figure" data-key={f.key} data-value={f.value}
              style={{ background: 'rgba(4,16,42,0.6)', borderRadius: 6, padding: '10px 12px', height: 128, boxSizing: 'border-box' }}>
              <div style={{ fontSize: 17, color: C.dim, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }} title={f.label}>{f.label}</div>
              <div style={{ fontSize: 40, fontWeight: 700, color: C.gold, lineHeight: '54px' }}>
                {figureText(f.value, f.unit)}<span style={{ fontSize: 16, color: C.dim, marginLeft: 6 }}>{t(`bigscreen.unit.${f.unit}` as 'bigscreen.unit.count')}</span>
              </div>
              {f.lastYear !== null && <div style={{ fontSize: 14, color: C.dim }}>{t('bigscreen.lastYear', { value: figureText(f.lastYear, f.unit) })}</div>}
            </div>
          ))}
        </div>
      </Panel>

      <Panel testId="bigscreen-tree" title={d.tree.data ? t('bigscreen.tree', { label: d.tree.data.label }) : t('bigscreen.kind.org')} at={d.tree.computedAt}
        style={{ left: 604, top: 116, width: 712, height: 560 }}>
        {treeOption ? <EChart testId="bigscreen-treemap" option={treeOption} style={{ width: 676, height: 490 }} /> : <div style={{ color: C.dim }}>{t('bigscreen.feed.empty')}</div>}
      </Panel>

      <Panel testId="bigscreen-trends" title={t('bigscreen.trends')} at={d.trends.computedAt} style={{ left: 604, top: 696, width: 712, height: 360 }}>
        <div data-testid="bigscreen-trend-keys" data-keys={d.trends.data.map((s) => s.key).join(',')}>
          <EChart testId="bigscreen-trend-chart" option={trendOption} style={{ width: 676, height: 290 }} />
        </div>
      </Panel>

      <Panel testId="bigscreen-feeds" title={t('bigscreen.feed.activities')} at={d.feeds.computedAt} style={{ left: 1336, top: 116, width: 560, height: 940 }}>
        <FeedList testId="bigscreen-feed-activities" items={d.feeds.data.activities?.map((a) => ({ key: a.id, main: a.title, side: `${a.orgName ?? ''} ${a.heldOn.slice(5)}` })) ?? null} />
        {d.feeds.data.checkins && <h3 style={{ color: C.accent, fontSize: 22, margin: '18px 0 6px' }}>{t('bigscreen.feed.checkins')}</h3>}
        <FeedList testId="bigscreen-feed-checkins" items={d.feeds.data.checkins?.map((c, i) => ({ key: `${c.at}-${i}`, main: `${c.name} · ${c.activityTitle}`, side: clock(c.at).slice(0, 5) })) ?? null} />
        {d.feeds.data.needs && <h3 style={{ color: C.accent, fontSize: 22, margin: '18px 0 6px' }}>{t('bigscreen.feed.needs')}</h3>}
        <FeedList testId="bigscreen-feed-needs" items={d.feeds.data.needs?.map((n) => ({
          key: n.id, main: `${n.title}${n.people.length ? ` · ${n.people.join('、')}` : ''}`, side: n.unitName ?? t('bigscreen.placed', { n: n.filled }),
        })) ?? null} />
      </Panel>
    </Stage>
  );
}
