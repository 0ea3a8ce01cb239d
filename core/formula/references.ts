// What a formula can refer to: the customer's own fields (core/schema.ts), its metrics
// (METRICS.md field names, `indicators.nps`, `sponsor.email`) and the other formula
// columns. Written as an id (`mrr`, `healthScore`) or as a label in brackets in either
// language (`[Health score]`, `[Dias p/ renovação]`); case, accents and spacing ignored.
// Metric ids, labels and kinds come from the catalog (core/catalog/columns.ts).
import { schema, type FieldDef, type Label } from '../schema.js';
import type { CustomerMetrics, Settings } from '../types.js';
import { parseDay } from '../metrics/calendar.js';
import { dateOf, type Value } from './values.js';
import { customerColumns, type ColumnKind } from '../catalog/columns.js';
import { foldText } from '../text.js';

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

const referenceKind: Record<ColumnKind, ReferenceKind> = {
  money: 'number', count: 'number', score: 'number', percent: 'number', months: 'number',
  date: 'date', text: 'text', status: 'text', situation: 'text', band: 'text', sponsor: 'text', indicators: 'text',
};

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
  // Every catalog column with a scalar value (the sponsor reads by name, below).
  ...customerColumns.filter((c) => c.kind !== 'indicators' && c.kind !== 'sponsor').map((c) => metric(c.id as keyof CustomerMetrics, referenceKind[c.kind], c.label)),
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
export const foldRef = foldText;

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
