// Customers by situation and by health band (pie charts). The counts come from the
// derivation (core/catalog/distributions.ts, answered with the dashboard's lists); this only
// draws them. Each slice carries the drill-down key it opens.
import type { Slice } from '../../../core/index.js';
import { translate } from '../../i18n/catalog.js';
import { colors, type ChartContext, type ChartOption } from './types.js';

export type { Slice };

const sliceColor: Record<Slice['key'], string> = {
  red: colors.red, yellow: colors.yellow, green: colors.green, none: colors.none,
  risk: colors.red, opportunity: colors.green, neutral: colors.neutral,
};

function label(ctx: ChartContext, key: Slice['key']): string {
  if (key === 'risk' || key === 'opportunity' || key === 'neutral') return translate(ctx.lang, `dash.situation.${key}`);
  return translate(ctx.lang, `dash.band.${key}`);
}

export function pieOption(slices: readonly Slice[], ctx: ChartContext): ChartOption {
  const total = slices.reduce((s, x) => s + x.count, 0);
  const data = slices.map((s) => ({
    name: label(ctx, s.key),
    value: s.count,
    itemStyle: { color: sliceColor[s.key] },
    drill: s.drill,
    // An empty slice has no arc to label: a lone "0" floating by the ring says nothing.
    label: { show: s.count > 0 },
    labelLine: { show: false },
  }));
  const countOf = new Map(data.map((d) => [d.name, d.value]));
  return {
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const { marker, name, value } = p as { marker: string; name: string; value: number };
        return `${marker}${name}: ${ctx.fmt(value, 'count')} (${ctx.fmt(total ? (value / total) * 100 : null, 'pct')})`;
      },
    },
    // Each slice's count is also in the legend, so a slice too thin for its label is still told.
    legend: {
      bottom: 0,
      type: 'plain',
      textStyle: { fontSize: 11 },
      formatter: (name: string) => `${name} ${ctx.fmt(countOf.get(name) ?? null, 'count')}`,
    },
    series: [{
      type: 'pie',
      name: translate(ctx.lang, 'dash.series.customers'),
      radius: ['40%', '68%'],
      center: ['50%', '44%'],
      // Counts inside the ring: outside labels were cut to "…" on the narrow side of the chart.
      label: {
        position: 'inside',
        color: '#fff',
        fontWeight: 'bold',
        fontSize: 12,
        textBorderColor: 'rgba(0,0,0,.35)',
        textBorderWidth: 2,
        formatter: (p: unknown) => ctx.fmt((p as { value: number }).value, 'count'),
      },
      labelLayout: { hideOverlap: true },
      data,
    }],
  };
}
