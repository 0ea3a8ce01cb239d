// What a formula can refer to: the customer's own fields (core/schema.ts), its metrics
// (METRICS.md field names, `indicators.nps`, `sponsor.email`) and the other formula
// columns. Written as an id (`mrr`, `healthScore`) or as a label in brackets in either
// language (`[Health score]`, `[Dias p/ renovação]`); case, accents and spacing ignored.
//
// The metric labels repeat the grid's column titles (client/i18n/strings.ts `m.*`): when
// the metric catalog lands in core, this list should read it instead.
import { schema, type FieldDef, type Label } from '../schema.js';
import type { CustomerMetrics, Settings } from '../types.js';
import { parseDay } from '../metrics/calendar.js';
import { dateOf, type Value } from './values.js';

/** What a reference reads on one customer. */
export interface RowScope {
  customer: Readonly<Record<string, unknown>> & { id: string };
  metrics: CustomerMetrics;
}

export type ReferenceKind = 'number' | 'text' | 'date' | 'boolean';
export interface BuiltinReference {
  id: string;
  label: Label;
  kind: ReferenceKind;
  /** 'field' = the customer row; 'metric' = computed (METRICS.md). */
  source: 'field' | 'metric';
  read: (s: RowScope) => Value;
}

const L = (en: string, pt: string): Label => ({ en, 'pt-BR': pt });

const asValue = (v: unknown, kind: ReferenceKind): Value => {
  if (v === undefined || v === null || v === '') return null;
  if (kind === 'date') {
    const d = parseDay(v);
    return d === null ? null : dateOf(d);
  }
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  return null;
};

const kindOfField = (f: FieldDef): ReferenceKind =>
  f.kind === 'date' ? 'date' : f.kind === 'number' ? 'number' : f.kind === 'boolean' ? 'boolean' : 'text';

const metric = (id: keyof CustomerMetrics, kind: ReferenceKind, label: Label): BuiltinReference => ({
  id, label, kind, source: 'metric', read: (s) => asValue(s.metrics[id], kind),
});

const indicator = (id: keyof CustomerMetrics['indicators'], label: Label): BuiltinReference => ({
  id: `indicators.${id}`, label, kind: 'number', source: 'metric', read: (s) => asValue(s.metrics.indicators[id], 'number'),
});

const sponsor = (id: 'email' | 'phone', label: Label): BuiltinReference => ({
  id: `sponsor.${id}`, label, kind: 'text', source: 'metric', read: (s) => asValue(s.metrics.sponsor?.[id], 'text'),
});

export const builtinReferences: readonly BuiltinReference[] = [
  { id: 'id', label: L('Customer id', 'Id do cliente'), kind: 'text', source: 'field', read: (s) => s.customer.id },
  ...Object.entries(schema.customers.fields).map(([id, f]): BuiltinReference => {
    const kind = kindOfField(f as FieldDef);
    return { id, label: f.label, kind, source: 'field', read: (s) => asValue(s.customer[id], kind) };
  }),
  metric('mrr', 'number', L('MRR', 'MRR')),
  metric('arr', 'number', L('ARR', 'ARR')),
  metric('status', 'text', L('Status', 'Status')),
  metric('tier', 'text', L('Tier', 'Porte')),
  metric('healthScore', 'number', L('Health score', 'Health score')),
  metric('healthBand', 'text', L('Health band', 'Faixa de saúde')),
  metric('situation', 'text', L('Situation', 'Situação')),
  metric('variation7d', 'number', L('Var. 7D', 'Var. 7D')),
  metric('variation15d', 'number', L('Var. 15D', 'Var. 15D')),
  metric('variation30d', 'number', L('Var. 30D', 'Var. 30D')),
  metric('engagementScore', 'number', L('Engagement', 'Engajamento')),
  metric('nps', 'number', L('NPS', 'NPS')),
  metric('csat', 'number', L('CSAT', 'CSAT')),
  metric('ces', 'number', L('CES', 'CES')),
  metric('licenses', 'number', L('Licenses', 'Licenças')),
  metric('renewalDate', 'date', L('Renewal', 'Renovação')),
  metric('daysToRenewal', 'number', L('Days to renewal', 'Dias p/ renovação')),
  metric('pendingActivities', 'number', L('Pending activities', 'Atividades pendentes')),
  metric('lateActivities', 'number', L('Late activities', 'Atividades atrasadas')),
  metric('lastInteraction', 'date', L('Last interaction', 'Última interação')),
  metric('lastPurchase', 'date', L('Last purchase', 'Última compra')),
  metric('overdueInvoices', 'number', L('Overdue invoices', 'Títulos vencidos')),
  metric('ticketsAboveSla', 'number', L('Tickets above SLA', 'Tickets acima do SLA')),
  metric('activeUsers30d', 'number', L('Active users (30d)', 'Usuários ativos (30d)')),
  metric('actions30d', 'number', L('Actions (30d)', 'Ações (30d)')),
  metric('tcv', 'number', L('TCV', 'TCV')),
  metric('ltv', 'number', L('LTV', 'LTV')),
  metric('lifetimeMonths', 'number', L('Lifetime (months)', 'Tempo de vida (meses)')),
  { id: 'sponsor', label: L('Sponsor', 'Patrocinador'), kind: 'text', source: 'metric', read: (s) => asValue(s.metrics.sponsor?.name, 'text') },
  sponsor('email', L('Sponsor email', 'E-mail do patrocinador')),
  sponsor('phone', L('Sponsor phone', 'Telefone do patrocinador')),
  indicator('engagement', L('Engagement indicator', 'Indicador de engajamento')),
  indicator('adoption', L('Adoption indicator', 'Indicador de adoção')),
  indicator('nps', L('NPS indicator', 'Indicador de NPS')),
  indicator('support', L('Support indicator', 'Indicador de suporte')),
  indicator('financial', L('Financial indicator', 'Indicador financeiro')),
  indicator('relationship', L('Relationship indicator', 'Indicador de relacionamento')),
];

/** Case, accents and spacing ignored: "[Dias p/  renovacao]" finds "Dias p/ renovação". */
export const foldRef = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/\s+/g, ' ').trim();

const builtinById = new Map(builtinReferences.map((r) => [foldRef(r.id), r]));
const builtinByLabel = new Map<string, BuiltinReference>();
for (const r of builtinReferences) for (const l of [r.label.en, r.label['pt-BR']]) if (!builtinByLabel.has(foldRef(l))) builtinByLabel.set(foldRef(l), r);

export type CustomColumnDef = Settings['customColumns'][number];

export type Resolved = { kind: 'builtin'; ref: BuiltinReference } | { kind: 'custom'; id: string } | null;

/**
 * What a name means: built-ins first (a custom column cannot shadow MRR), then formula
 * columns. An id wins over a label for a bare name; a label over an id in brackets.
 */
export function resolveReference(name: string, bracket: boolean, customs: readonly CustomColumnDef[]): Resolved {
  const key = foldRef(name);
  const b = bracket ? (builtinByLabel.get(key) ?? builtinById.get(key)) : (builtinById.get(key) ?? builtinByLabel.get(key));
  if (b) return { kind: 'builtin', ref: b };
  const byId = customs.find((c) => foldRef(c.id) === key);
  const byLabel = customs.find((c) => foldRef(c.label) === key);
  const c = bracket ? (byLabel ?? byId) : (byId ?? byLabel);
  return c ? { kind: 'custom', id: c.id } : null;
}

/** True when a label or id would be taken by a built-in reference (refused for a formula column). */
export const isBuiltinName = (s: string) => builtinById.has(foldRef(s)) || builtinByLabel.has(foldRef(s));
