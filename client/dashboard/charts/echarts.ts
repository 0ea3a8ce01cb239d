// echarts tree-shaken through `echarts/core`: only the charts and components the dashboard
// uses are registered (line, bar, pie; grid, tooltip, legend, mark line). The page draws on
// canvas: measured in Chromium, the SVG renderer's per-frame DOM attribute updates made
// 60–90 ms main-thread tasks on every live refresh. SVG stays registered for SSR (tests).
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, CanvasRenderer, SVGRenderer]);

export { echarts };
