/**
 * One ECharts chart (the home dashboard, the statistics page, the big screen): echarts/core with only the charts and
 * components the app draws, so the bundle carries no more of ECharts than it uses. `option` is a plain ECharts option.
 */
import EChartsReactModule from 'echarts-for-react/lib/core';
import { BarChart, LineChart, PieChart, TreemapChart, GaugeChart } from 'echarts/charts';
import { DatasetComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { Component, type CSSProperties, type ReactNode } from 'react';

// the package is CommonJS: under Vite's production build its default export arrives wrapped once more
const EChartsReactCore = ((EChartsReactModule as unknown as { default?: typeof EChartsReactModule }).default ?? EChartsReactModule) as typeof EChartsReactModule;

echarts.use([BarChart, LineChart, PieChart, TreemapChart, GaugeChart, DatasetComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent, SVGRenderer]);

export type ChartOption = Record<string, unknown>;

/** The app's series colours (party red first), unless an option sets its own. */
const PALETTE = ['#c62f2f', '#e67e22', '#f1c40f', '#2e86de', '#16a085', '#8e44ad', '#7f8c8d', '#d35400'];

/** A chart that fails to draw leaves an empty box, not a blank page. */
class ChartBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  state = { failed: false };
  static getDerivedStateFromError() { return { failed: true }; }
  componentDidCatch(e: unknown) { console.error('chart', e); }
  render() { return this.state.failed ? null : this.props.children; }
}

export function Chart({ option, height = 260, style, testId, theme, onClick }: {
  option: ChartOption;
  height?: number | string;
  style?: CSSProperties;
  testId?: string;
  /** 'dark' for the big screen */
  theme?: string;
  onClick?: (params: { name?: string; dataIndex?: number; data?: unknown }) => void;
}) {
  return (
    <div data-testid={testId} style={{ height, ...style }}>
      <ChartBoundary>
        <EChartsReactCore
          echarts={echarts}
          option={{ color: PALETTE, ...option }}
          theme={theme}
          notMerge
          opts={{ renderer: 'svg' }}
          style={{ height: '100%', width: '100%' }}
          onEvents={onClick ? { click: onClick } : undefined}
        />
      </ChartBoundary>
    </div>
  );
}

/** A small line with no axes (a figure's trend beside its number); `labels` name the points in the tooltip. */
export function Sparkline({ values, labels, height = 36, color = '#c41d1d', testId }: {
  values: number[]; labels?: string[]; height?: number; color?: string; testId?: string;
}) {
  if (values.length < 2) return <div style={{ height }} data-testid={testId} />;
  return (
    <Chart
      height={height}
      testId={testId}
      option={{
        grid: { left: 2, right: 2, top: 4, bottom: 2 },
        xAxis: { type: 'category', show: false, data: labels ?? values.map((_, i) => i) },
        yAxis: { type: 'value', show: false, scale: true },
        tooltip: labels ? { trigger: 'axis', confine: true } : { show: false },
        series: [{ type: 'line', data: values, smooth: true, symbol: 'none', lineStyle: { width: 1.5, color }, areaStyle: { opacity: 0.12, color } }],
      }}
    />
  );
}
