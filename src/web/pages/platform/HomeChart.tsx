/** ECharts on the home page: one chart component (tree-shaken core: bar, line, pie) and the KPI cards' sparkline. */
import ReactEChartsCoreImport from 'echarts-for-react/lib/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsOption } from 'echarts';
import { Component, type ReactNode } from 'react';

// a CommonJS module: under the production build its default import is the module object, the component is its `default`
const ReactEChartsCore = (ReactEChartsCoreImport as unknown as { default?: typeof ReactEChartsCoreImport }).default ?? ReactEChartsCoreImport;

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const PALETTE = ['#c62f2f', '#e67e22', '#f1c40f', '#2e86de', '#16a085', '#8e44ad', '#7f8c8d', '#d35400'];

/** A chart that fails to draw leaves an empty box, not a blank page. */
class ChartBoundary extends Component<{ children: ReactNode; height: number }, { failed: boolean }> {
  state = { failed: false };
  static getDerivedStateFromError() { return { failed: true }; }
  componentDidCatch(e: unknown) { console.error('home chart', e); }
  render() { return this.state.failed ? <div style={{ height: this.props.height }} /> : this.props.children; }
}

export function HomeChart({ option, height = 240, testId }: { option: EChartsOption; height?: number; testId?: string }) {
  return (
    <div data-testid={testId}>
      <ChartBoundary height={height}>
        <ReactEChartsCore echarts={echarts} option={{ color: PALETTE, ...option }} style={{ height, width: '100%' }} notMerge lazyUpdate />
      </ChartBoundary>
    </div>
  );
}

/** A small line without axes: a figure's trend by month. */
export function Sparkline({ points, testId }: { points: { period: string; value: number }[]; testId?: string }) {
  if (points.length < 2) return <div style={{ height: 36 }} data-testid={testId} />;
  return (
    <HomeChart
      height={36}
      testId={testId}
      option={{
        grid: { left: 2, right: 2, top: 4, bottom: 2 },
        xAxis: { type: 'category', show: false, data: points.map((p) => p.period) },
        yAxis: { type: 'value', show: false, scale: true },
        tooltip: { trigger: 'axis', confine: true },
        series: [{ type: 'line', data: points.map((p) => p.value), smooth: true, symbol: 'none', lineStyle: { width: 2 }, areaStyle: { opacity: 0.12 } }],
      }}
    />
  );
}
