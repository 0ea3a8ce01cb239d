// Option builders for the monthly series charts (METRICS.md `series`: 12 months ending with
// the current month). Pure: Dashboard + language/formatter in, echarts option out.
import type { Dashboard } from '../../../core/index.js';
import type { Unit } from '../format.js';
import { translate } from '../../i18n/catalog.js';
import { baseGrid, colors, type ChartContext, type ChartOption } from './types.js';

type Params = { axisValueLabel?: string; name?: string; marker?: string; seriesName?: string; value?: unknown }[];

/** Axis tooltip: "<month>" then one "● series: value" line per series, values formatted. */
function tooltip(ctx: ChartContext, unitOf: (seriesName: string) => Unit): ChartOption['tooltip'] {
  return {
    trigger: 'axis',
    formatter: (raw: unknown) => {
      const ps = (Array.isArray(raw) ? raw : [raw]) as Params;
      const head = ps[0]?.name ?? '';
      const lines = ps.map((p) => {
        const v = typeof p.value === 'number' ? p.value : null;
        const name = p.seriesName ?? '';
        // Downward movements are drawn negative; show their size.
        return `${p.marker ?? ''}${name}: ${ctx.fmt(v === null ? null : unitOf(name) === 'money' ? Math.abs(v) : v, unitOf(name))}`;
      });
      return [head, ...lines].join('<br/>');
    },
  };
}

const months = (d: Dashboard, ctx: ChartContext) => d.series.map((p) => ctx.fmt.month(p.month));

function lineChart(d: Dashboard, ctx: ChartContext, name: string, unit: Unit, values: (number | null)[], color: string, extra: Partial<ChartOption> = {}): ChartOption {
  return {
    color: [color],
    grid: { ...baseGrid },
    tooltip: tooltip(ctx, () => unit),
    xAxis: { type: 'category', data: months(d, ctx), boundaryGap: false },
    yAxis: { type: 'value', scale: unit !== 'pct', axisLabel: { formatter: (v: number) => ctx.fmt.compact(v, unit) } },
    series: [{ type: 'line', name, data: values, connectNulls: false, symbolSize: 6, smooth: false }],
    ...extra,
  };
}

/** Health score by month, with the red and green band thresholds as guide lines. */
export function healthOption(d: Dashboard, ctx: ChartContext, bands: { red: number; green: number }): ChartOption {
  const opt = lineChart(d, ctx, translate(ctx.lang, 'dash.series.health'), 'score', d.series.map((p) => p.health), colors.primary);
  (opt.series as { markLine?: unknown }[])[0].markLine = {
    silent: true,
    symbol: 'none',
    label: { show: false },
    data: [
      { yAxis: bands.red, lineStyle: { color: colors.red, type: 'dashed' } },
      { yAxis: bands.green, lineStyle: { color: colors.green, type: 'dashed' } },
    ],
  };
  opt.yAxis = { type: 'value', min: 0, max: 100 };
  return opt;
}

export const churnRateOption = (d: Dashboard, ctx: ChartContext) =>
  lineChart(d, ctx, translate(ctx.lang, 'dash.series.churnRate'), 'pct', d.series.map((p) => p.churnRate), colors.churned);

export const npsOption = (d: Dashboard, ctx: ChartContext) => {
  const opt = lineChart(d, ctx, translate(ctx.lang, 'dash.series.nps'), 'nps', d.series.map((p) => p.nps), colors.reactivation);
  opt.yAxis = { type: 'value', min: -100, max: 100 };
  return opt;
};

export function upsellOption(d: Dashboard, ctx: ChartContext): ChartOption {
  const name = translate(ctx.lang, 'dash.series.upsell');
  return {
    color: [colors.expansion],
    grid: { ...baseGrid },
    tooltip: tooltip(ctx, () => 'money'),
    xAxis: { type: 'category', data: months(d, ctx) },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => ctx.fmt.compact(v, 'money') } },
    series: [{ type: 'bar', name, data: d.series.map((p) => p.upsell), barMaxWidth: 28 }],
  };
}

/**
 * MRR by month (line, right axis) over its movements (bars, left axis): new, expansion and
 * reactivation stacked up; contraction and churn stacked down (drawn negative).
 */
export function mrrOption(d: Dashboard, ctx: ChartContext): ChartOption {
  const t = (k: 'new' | 'expansion' | 'reactivation' | 'contraction' | 'churned' | 'mrr') => translate(ctx.lang, `dash.series.${k}`);
  const bar = (name: string, color: string, values: number[]) => ({
    type: 'bar' as const, name, stack: 'movements', data: values, itemStyle: { color }, barMaxWidth: 28,
    emphasis: { focus: 'series' as const },
  });
  return {
    grid: { ...baseGrid, top: 44 },
    legend: { top: 0, type: 'plain', textStyle: { fontSize: 11 } },
    tooltip: tooltip(ctx, () => 'money'),
    xAxis: { type: 'category', data: months(d, ctx) },
    yAxis: [
      { type: 'value', axisLabel: { formatter: (v: number) => ctx.fmt.compact(v, 'money') } },
      { type: 'value', splitLine: { show: false }, axisLabel: { formatter: (v: number) => ctx.fmt.compact(v, 'money') } },
    ],
    series: [
      bar(t('new'), colors.new, d.series.map((p) => p.movements.new)),
      bar(t('expansion'), colors.expansion, d.series.map((p) => p.movements.expansion)),
      bar(t('reactivation'), colors.reactivation, d.series.map((p) => p.movements.reactivation)),
      bar(t('contraction'), colors.contraction, d.series.map((p) => -p.movements.contraction)),
      bar(t('churned'), colors.churned, d.series.map((p) => -p.movements.churned)),
      { type: 'line', name: t('mrr'), yAxisIndex: 1, data: d.series.map((p) => p.mrr), itemStyle: { color: colors.primary }, symbolSize: 6 },
    ],
  };
}
