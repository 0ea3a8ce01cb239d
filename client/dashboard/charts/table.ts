// A chart's data as a table (its text alternative): read from the same echarts option the
// chart draws, so the table can never disagree with the picture. Pure.
import type { Lang } from '../../../core/index.js';
import type { Formatters } from '../../app-context.js';
import { makeFormatter, type Formatter, type Unit } from '../format.js';
import { translate, type PlainKey } from '../../i18n/catalog.js';
import type { ChartOption } from './types.js';

export interface ChartTable { head: string[]; rows: string[][] }

type Datum = number | null | undefined | { value?: unknown; name?: string };
type SeriesLike = { name?: string; type?: string; data?: Datum[] };

const num = (d: Datum): number | null => {
  const v = d !== null && typeof d === 'object' ? d.value : d;
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
};

/**
 * Category charts: one row per category (month), one column per series. Money series drawn
 * below zero (contraction, churn) are listed by their size, as the tooltip does.
 * Pie charts: one row per slice with its count and share of the total.
 */
export function chartTable(option: ChartOption, unit: Unit, fmt: Formatter, heads: { category: string; share: string }): ChartTable {
  const series = ([] as SeriesLike[]).concat((option.series ?? []) as SeriesLike | SeriesLike[]);
  const cell = (v: number | null) => fmt(v === null ? null : unit === 'money' ? Math.abs(v) : v, unit);
  if (series[0]?.type === 'pie') {
    const data = series[0].data ?? [];
    const total = data.reduce<number>((s, d) => s + (num(d) ?? 0), 0);
    return {
      head: [heads.category, series[0].name ?? '', heads.share],
      rows: data.map((d) => {
        const v = num(d);
        return [String((d as { name?: string } | null)?.name ?? ''), cell(v), fmt(total && v !== null ? (v / total) * 100 : null, 'pct')];
      }),
    };
  }
  const axis = ([] as { data?: unknown[]; type?: string }[]).concat((option.xAxis ?? []) as { data?: unknown[] })[0];
  if (axis?.type === 'time') {
    // A time axis: each point is [ISO date, value].
    const points = (series[0]?.data ?? []) as unknown as [string, number | null][];
    return { head: [heads.category, series[0]?.name ?? ''], rows: points.map(([x, y]) => [fmt.date(String(x)), cell(num(y))]) };
  }
  const categories = (axis?.data ?? []).map(String);
  return {
    head: [heads.category, ...series.map((s) => s.name ?? '')],
    rows: categories.map((c, i) => [c, ...series.map((s) => cell(num(s.data?.[i])))]),
  };
}

/** chartTable with the app's formatters and the dashboard's words (for charts outside the dashboard). */
export const chartTableIn = (option: ChartOption | null, unit: Unit, fmt: Formatters, lang: Lang, category: PlainKey): ChartTable | null =>
  option ? chartTable(option, unit, makeFormatter(fmt, lang), { category: translate(lang, category), share: translate(lang, 'dash.table.share') }) : null;
