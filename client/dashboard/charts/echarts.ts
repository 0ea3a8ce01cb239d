// echarts tree-shaken through `echarts/core`: only the charts and components the dashboard
// uses are registered (line, bar, pie; grid, tooltip, legend, mark line). SVG renderer: crisp
// at any zoom, cheap for a dozen series of 12 points, and the same renderer SSR uses in tests.
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, SVGRenderer]);

export { echarts };
