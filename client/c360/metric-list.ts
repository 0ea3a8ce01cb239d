// The metrics the customer page shows: the same list, order and kinds as the Customers
// sheet's derived columns (client/grid/columns.ts), so a metric is declared once. When
// the metric catalog lands, this module is the one place to point at it.
import type { CustomerMetrics } from '../../core/index.js';
import type { Formatters } from '../app-context.js';
import { metricCols, type MetricKind } from '../grid/columns.js';

export interface PageMetric { field: keyof CustomerMetrics; kind: MetricKind }

export const pageMetrics: PageMetric[] = metricCols.map((c) => ({ field: c.key, kind: c.kind }));

/** The raw value as `data-value` carries it (the dashboard cards' convention): numbers and
 *  text as they are, the sponsor by name, null as ''. */
export function dataValue(m: CustomerMetrics, field: keyof CustomerMetrics): string {
  const v = field === 'sponsor' ? (m.sponsor?.name ?? null) : m[field];
  return v === null || v === undefined ? '' : String(v);
}

export function formatMetric(m: CustomerMetrics, p: PageMetric, fmt: Formatters, t: (k: string) => string): string {
  const v = p.field === 'sponsor' ? (m.sponsor?.name ?? null) : (m[p.field] as unknown);
  if (v === null || v === undefined || v === '') return '—';
  switch (p.kind) {
    case 'money': return fmt.money(v as number);
    case 'int': return fmt.number(v as number);
    case 'score': return fmt.number(v as number, p.field === 'healthScore' ? 1 : 0);
    case 'pct': return `${(v as number) > 0 ? '+' : ''}${fmt.number(v as number, 1)}%`;
    case 'date': return fmt.date(v as string);
    case 'text':
      if (p.field === 'status') return t(`status.${v}`);
      if (p.field === 'situation') return t(`situation.${v}`);
      return String(v);
  }
}
