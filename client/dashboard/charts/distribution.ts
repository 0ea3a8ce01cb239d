// Customers by situation and by health band (pie charts). Pure: counts the selected
// customers' derived metrics on D; the slices carry the drill-down key they open.
import type { CustomerMetrics } from '../../../core/index.js';
import type { DrillKey } from '../drilldown.js';
import { translate } from '../../i18n/catalog.js';
import { colors, type ChartContext, type ChartOption } from './types.js';

export interface Slice { key: 'red' | 'yellow' | 'green' | 'none' | 'risk' | 'opportunity' | 'neutral'; count: number; drill: DrillKey | null }

/** Counts by health band (active customers without a score under 'none') and by situation. */
export function distribution(ids: readonly string[], metrics: ReadonlyMap<string, CustomerMetrics>): { bands: Slice[]; situations: Slice[] } {
  const band = { red: 0, yellow: 0, green: 0, none: 0 };
  const sit = { risk: 0, opportunity: 0, neutral: 0 };
  for (const id of ids) {
    const m = metrics.get(id);
    if (!m) continue;
    sit[m.situation]++;
    if (m.healthBand) band[m.healthBand]++;
    else if (m.status === 'active') band.none++;
  }
  return {
    bands: (['red', 'yellow', 'green', 'none'] as const).map((k) => ({ key: k, count: band[k], drill: k === 'none' ? null : (`band:${k}` as DrillKey) })),
    situations: (['risk', 'opportunity', 'neutral'] as const).map((k) => ({ key: k, count: sit[k], drill: `situation:${k}` as DrillKey })),
  };
}

const sliceColor: Record<Slice['key'], string> = {
  red: colors.red, yellow: colors.yellow, green: colors.green, none: colors.none,
  risk: colors.red, opportunity: colors.green, neutral: colors.neutral,
};

function label(ctx: ChartContext, key: Slice['key']): string {
  if (key === 'risk' || key === 'opportunity' || key === 'neutral') return translate(ctx.lang, `dash.situation.${key}`);
  return translate(ctx.lang, `dash.band.${key}`);
}

export function pieOption(slices: Slice[], ctx: ChartContext): ChartOption {
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
