/** The figures catalogue's pages: 数据统计 (every figure of a level and period, each opening the records it counts). */
import { lazy } from 'react';
import { BarChartOutlined } from '@ant-design/icons';
import { defineCapability } from '../../capability.ts';
import { enUS, zhCN } from './messages.ts';

export default defineCapability({
  name: 'figures',
  messages: { 'zh-CN': zhCN, 'en-US': enUS },
  menu: [
    { key: 'figures', path: '/figures', labelKey: 'menu.figures', icon: BarChartOutlined, order: -90, group: 'none', page: lazy(() => import('./FiguresPage.tsx')) },
  ],
  routes: [],
});
