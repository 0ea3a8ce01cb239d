// The shared input of the chart option builders and the option type they return.
import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption, LineSeriesOption, PieSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, MarkLineComponentOption, TooltipComponentOption } from 'echarts/components';
import type { Lang } from '../../../core/index.js';
import type { Formatter } from '../format.js';

export type ChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | PieSeriesOption | GridComponentOption | LegendComponentOption | MarkLineComponentOption | TooltipComponentOption
>;

export interface ChartContext {
  lang: Lang;
  fmt: Formatter;
}

/** Dashboard palette: movements up in greens/blues, down in reds, bands in their own colors. */
export const colors = {
  primary: '#3b5bdb',
  new: '#2f9e44',
  expansion: '#74b816',
  reactivation: '#1c7ed6',
  contraction: '#f08c00',
  churned: '#e03131',
  red: '#e03131',
  yellow: '#f59f00',
  green: '#2f9e44',
  none: '#adb5bd',
  neutral: '#868e96',
};

export const baseGrid = { left: 8, right: 12, top: 36, bottom: 8, containLabel: true } as const;
