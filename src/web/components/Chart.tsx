/**
 * One ECharts chart (the home dashboard, the statistics page, the big screen): echarts/core with only the charts and
 * components the app draws, so the bundle carries no more of ECharts than it uses. `option` is a plain ECharts option.
 */
import EChartsReactModule from 'echarts-for-react/lib/core';
import { BarChart, LineChart, PieChart, TreemapChart, GaugeChart } from 'echarts/charts';
import { DatasetComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import type { CSSProperties } from 'react';

// the package is CommonJS: under Vite's production build its default export arrives wrapped once more
const EChartsReactCore = ((EChartsReactModule as unknown as { default?: typeof EChartsReactModule }).default ?? EChartsReactModule) as typeof EChartsReactModule;

echarts.use([BarChart, LineChart, PieChart, TreemapChart, GaugeChart, DatasetComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent, SVGRenderer]);

export type ChartOption = Record<string, unknown>;

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
      <EChartsReactCore
        echarts={echarts}
        option={option}
        theme={theme}
        notMerge
        opts={{ renderer: 'svg' }}
        style={{ height: '100%', width: '100%' }}
        onEvents={onClick ? { click: onClick } : undefined}
      />
    </div>
  );
}

/** A small line with no axes (a figure's trend beside its number). */
export function Sparkline({ values, height = 36, color = '#c41d1d' }: { values: number[]; height?: number; color?: string }) {
  return (
    <Chart
      height={height}
      option={{
        grid: { left: 0, right: 0, top: 2, bottom: 2 },
        xAxis: { type: 'category', show: false, data: values.map((_, i) => i) },
        yAxis: { type: 'value', show: false, min: 'dataMin' },
        tooltip: { show: false },
        series: [{ type: 'line', data: values, smooth: true, symbol: 'none', lineStyle: { width: 1.5, color }, areaStyle: { opacity: 0.12, color } }],
      }}
    />
  );
}
