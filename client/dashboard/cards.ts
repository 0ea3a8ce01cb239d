// The dashboard's cards: one per numeric leaf of METRICS.md's Dashboard, in the four
// groups CustomerX/SenseData users know. Data only — labels and formula sentences live in
// i18n.ts, rendering in Cards.tsx, the customers behind each card in drilldown.ts.
import type { Dashboard } from '../../core/index.js';
import type { Unit } from './format.js';
import type { DrillKey } from './drilldown.js';

export type Group = 'revenue' | 'churn' | 'satisfaction' | 'operations';
export const groups: Group[] = ['revenue', 'churn', 'satisfaction', 'operations'];

export interface CardDef {
  /** Dashboard field path, e.g. `mrr` or `tickets.opened`; also the test id `metric-<field>`. */
  field: string;
  unit: Unit;
  group: Group;
  /** Which customers a click opens in the Customers sheet. */
  drill?: DrillKey;
  /** Big cards lead each group; the rest are compact. */
  hero?: boolean;
}

const c = (field: string, unit: Unit, group: Group, drill?: DrillKey, hero?: boolean): CardDef => ({ field, unit, group, drill, hero });

export const cards: CardDef[] = [
  // revenue
  c('mrr', 'money', 'revenue', 'active', true),
  c('arr', 'money', 'revenue', 'active', true),
  c('arpa', 'money', 'revenue', 'active', true),
  c('ltv', 'money', 'revenue', 'everActive', true),
  c('customers', 'count', 'revenue', 'all'),
  c('activeCustomers', 'count', 'revenue', 'active'),
  c('ltvProjected', 'money', 'revenue', 'active'),
  c('lifetimeMonths', 'months', 'revenue', 'everActive'),
  c('transactionalRevenue.month', 'money', 'revenue', 'transactionalMonth'),
  c('transactionalRevenue.year', 'money', 'revenue', 'transactionalYear'),
  c('newContracts.count', 'count', 'revenue', 'newContracts'),
  c('newContracts.mrr', 'money', 'revenue', 'newContracts'),
  c('endingContracts.count', 'count', 'revenue', 'endingContracts'),
  c('endingContracts.mrr', 'money', 'revenue', 'endingContracts'),
  // churn
  c('mrrChurn', 'money', 'churn', 'mrrChurn', true),
  c('netMrrChurn', 'money', 'churn', 'mrrChurn', true),
  c('churnRate', 'pct', 'churn', 'logoChurn', true),
  c('nrr', 'pct', 'churn', 'openingActive', true),
  c('mrrChurnPct', 'pct', 'churn', 'mrrChurn'),
  c('netMrrChurnPct', 'pct', 'churn', 'mrrChurn'),
  c('logoChurn', 'count', 'churn', 'logoChurn'),
  c('grr', 'pct', 'churn', 'openingActive'),
  c('quickRatio', 'ratio', 'churn', 'movers'),
  c('upsell', 'money', 'churn', 'expansion'),
  c('downsell', 'money', 'churn', 'contraction'),
  c('churnRisk', 'count', 'churn', 'churnRisk'),
  c('upsellOpportunities', 'count', 'churn', 'upsellOpportunities'),
  c('mrrMovements.opening', 'money', 'churn', 'openingActive'),
  c('mrrMovements.new', 'money', 'churn', 'new'),
  c('mrrMovements.expansion', 'money', 'churn', 'expansion'),
  c('mrrMovements.reactivation', 'money', 'churn', 'reactivation'),
  c('mrrMovements.contraction', 'money', 'churn', 'contraction'),
  c('mrrMovements.churned', 'money', 'churn', 'churned'),
  c('mrrMovements.closing', 'money', 'churn', 'active'),
  // satisfaction
  c('healthScore', 'score', 'satisfaction', 'withHealth', true),
  c('nps', 'nps', 'satisfaction', 'withNps', true),
  c('npsOverall', 'nps', 'satisfaction', 'withNps', true),
  c('csat', 'pct', 'satisfaction', 'withCsat', true),
  // operations
  c('tasks.scheduled', 'count', 'operations', 'tasksScheduled', true),
  c('tasks.late', 'count', 'operations', 'tasksLate', true),
  c('tickets.opened', 'count', 'operations', 'ticketsOpened'),
  c('tickets.finished', 'count', 'operations', 'ticketsFinished'),
  c('tickets.pending', 'count', 'operations', 'ticketsPending'),
  c('tickets.finishedPct', 'pct', 'operations', 'ticketsFinished'),
  c('tickets.pendingPct', 'pct', 'operations', 'ticketsPending'),
  c('invoices.due', 'count', 'operations', 'invoicesDue'),
  c('invoices.received', 'count', 'operations', 'invoicesReceived'),
  c('invoices.toBeDue', 'count', 'operations', 'invoicesToBeDue'),
  c('invoices.overdue', 'count', 'operations', 'invoicesOverdue'),
  c('invoices.receivedPct', 'pct', 'operations', 'invoicesReceived'),
  c('invoices.toBeDuePct', 'pct', 'operations', 'invoicesToBeDue'),
  c('invoices.overduePct', 'pct', 'operations', 'invoicesOverdue'),
];

/** The object a nested card belongs to (`tickets` for `tickets.opened`), null for top-level fields. */
export const parentOf = (field: string): string | null => (field.includes('.') ? field.slice(0, field.indexOf('.')) : null);

/** The raw number behind a card: null when the metric is undefined; id lists count their ids. */
export function cardValue(d: Dashboard, field: string): number | null {
  let v: unknown = d;
  for (const k of field.split('.')) v = v === null || typeof v !== 'object' ? undefined : (v as Record<string, unknown>)[k];
  if (Array.isArray(v)) return v.length;
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** Glossary anchor of a card: the dashboard glossary's `### <top-level field>` heading. */
export const glossaryAnchor = (field: string) => `glossary-dashboard.md#${(parentOf(field) ?? field).toLowerCase()}`;
