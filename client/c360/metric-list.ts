// The metrics the customer page shows: core's catalog of customer columns (label, kind,
// formula sentence declared once), less the indicators, which the health block breaks down.
import { customerColumns, type ColumnDef, type ColumnKind, type CustomerMetrics, type CustomerStatus, type HealthBand, type Situation } from '../../core/index.js';
import type { Formatters } from '../app-context.js';
import type { Translator } from '../i18n/catalog.js';

export interface PageMetric { field: keyof CustomerMetrics; kind: ColumnKind; def: ColumnDef }

export const pageMetrics: PageMetric[] = customerColumns
  .filter((c) => c.kind !== 'indicators')
  .map((c) => ({ field: c.id as keyof CustomerMetrics, kind: c.kind, def: c }));

/** The raw value as `data-value` carries it (the dashboard cards' convention): numbers and
 *  text as they are, the sponsor by name, null as ''. */
export function dataValue(m: CustomerMetrics, field: keyof CustomerMetrics): string {
  const v = field === 'sponsor' ? (m.sponsor?.name ?? null) : m[field];
  return v === null || v === undefined ? '' : String(v);
}

export function formatMetric(m: CustomerMetrics, p: PageMetric, fmt: Formatters, t: Translator): string {
  const v = p.field === 'sponsor' ? (m.sponsor?.name ?? null) : (m[p.field] as unknown);
  if (v === null || v === undefined || v === '') return '—';
  switch (p.kind) {
    case 'money': return fmt.money(v as number);
    case 'count': return fmt.number(v as number);
    case 'months': return fmt.number(v as number, 1);
    case 'score': return fmt.number(v as number, p.field === 'healthScore' ? 1 : 0);
    case 'percent': return fmt.percent(v as number, 1, { signed: true });
    case 'date': return fmt.date(v as string);
    case 'status': return t(`status.${v as CustomerStatus}`);
    case 'situation': return t(`situation.${v as Situation}`);
    case 'band': return t(`band.${v as HealthBand}`);
    default: return String(v);
  }
}
