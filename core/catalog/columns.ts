// The customer columns of METRICS.md, each declared once: id, kind, pt-BR and English label
// and formula sentence, glossary anchor, and its value for a customer on a day. The
// derivation (metrics/derive.ts) builds every CustomerMetrics by iterating this list, the
// grid's derived columns are generated from it, and `CustomerMetrics` is its type.
//
// Columns read from the daily health history (health score, situation, variation...) are
// declared here too, for the grid and the glossary, but valued by the derivation's own
// per-day loop (`history: true`): that loop is the hot path and stays hand-written.
import type { CustomValue } from '../formula/values.js';
import type { CustomerStatus, HealthBand, Indicators, IsoDate, Settings, Situation, Sponsor } from '../types.js';
import { fromDay } from '../metrics/calendar.js';
import { customerActiveOn, lastPurchaseDay, licensesOn, mrrUnitsOn } from '../metrics/contracts.js';
import type { CustomerRows } from '../metrics/model.js';
import { renewalDay } from '../metrics/renewal.js';
import { lifetimeMonthsOn, ltvOn } from '../metrics/lifetime.js';
import { cesOn, csatOn } from '../metrics/surveys.js';
import { lastInteractionOn, lateActivitiesOn, pendingActivitiesOn } from '../metrics/activities.js';
import { overdueInvoicesOn, tcvOn } from '../metrics/invoices.js';
import { ticketsAboveSlaOn } from '../metrics/tickets.js';
import { annualFromMrrUnits, fromMrrUnits } from '../metrics/money.js';
import { T, type Text } from './text.js';

/** How a column's value reads and formats. */
export type ColumnKind =
  | 'money' | 'count' | 'score' | 'percent' | 'months' | 'date' | 'text'
  | 'status' | 'situation' | 'band' | 'sponsor' | 'indicators';

/** What a column's value function sees: one customer's rows, the day, the settings, and the usage/NPS windows the derivation already walked. */
export interface ColumnContext {
  rows: CustomerRows;
  day: number;
  settings: Settings;
  actions30d: number;
  activeUsers30d: number;
  /** The customer's NPS on the day, null when none. */
  nps: number | null;
  /** MRR on the day in MRR units (read by mrr, arr and tier: walked once). */
  mrrUnits: number;
  /** renewalDay on the day (read by renewalDate and daysToRenewal: searched once). */
  renewal: number | null;
}

/**
 * The named groups of derived columns on the Customers sheet, in sheet order: what a CS
 * person reads together. Each column declares its group beside its formula (below).
 */
export const columnGroups = {
  revenue: T('Revenue', 'Receita'),
  health: T('Health', 'Saúde'),
  relationship: T('Relationship', 'Relacionamento'),
  support: T('Support & billing', 'Suporte e financeiro'),
} as const satisfies Record<string, Text>;
export type ColumnGroupId = keyof typeof columnGroups;

interface ColumnInfo<I extends string> {
  id: I;
  kind: ColumnKind;
  label: Text;
  /** One sentence: what the number is. */
  formula: Text;
  /** `glossary.md#<id>` (the heading in docs/glossary.md). */
  anchor: string;
  /** Shown in the Customers grid (in catalog order). */
  grid: boolean;
  /** Minimum grid width (px). */
  width?: number;
  /** The named group of the Customers sheet the column sits in (see columnGroups). */
  group: ColumnGroupId;
  /** Still shown when its group is collapsed: the group's key figures. */
  groupKey?: boolean;
}

/** A column valued from the customer's rows on a day. */
export interface ValueColumn<I extends string = string, V = unknown> extends ColumnInfo<I> {
  history?: false;
  value: (c: ColumnContext) => V;
}

/** A column valued by the derivation's health loop (needs the daily history or the ranking). */
export interface HistoryColumn<I extends string = string> extends ColumnInfo<I> {
  history: true;
}

export type ColumnDef = ValueColumn | HistoryColumn;

const col = <I extends string, V>(d: Omit<ValueColumn<I, V>, 'anchor' | 'grid'> & { grid?: boolean }): ValueColumn<I, V> =>
  ({ ...d, anchor: `glossary.md#${d.id.toLowerCase()}`, grid: d.grid ?? true });
const hist = <I extends string>(d: Omit<HistoryColumn<I>, 'anchor' | 'grid' | 'history'> & { grid?: boolean }): HistoryColumn<I> =>
  ({ ...d, history: true, anchor: `glossary.md#${d.id.toLowerCase()}`, grid: d.grid ?? true });

const dateOrNull = (d: number | null): IsoDate | null => (d === null ? null : fromDay(d));

/** Days-to-renewal at or below this are "soon" (grid highlight, the dashboard's renewals list). */
export const RENEWAL_SOON_DAYS = 30;

/**
 * The columns valued from rows, in the order every CustomerMetrics object is built (one
 * shape for V8). Adding a column: one entry here (and its test); see docs/adding-a-metric.md.
 */
export const valueColumns = [
  col({
    id: 'mrr', group: 'revenue', groupKey: true, kind: 'money', label: T('MRR', 'MRR'),
    formula: T('Monthly value of the recurring contracts active on the as-of date.', 'Valor mensal dos contratos recorrentes ativos na data de referência.'),
    value: (c): number => fromMrrUnits(c.mrrUnits),
  }),
  col({
    id: 'arr', group: 'revenue', kind: 'money', label: T('ARR', 'ARR'), formula: T('12 × MRR.', '12 × MRR.'),
    value: (c): number => annualFromMrrUnits(c.mrrUnits),
  }),
  col({
    id: 'status', group: 'revenue', kind: 'status', label: T('Status', 'Status'),
    formula: T('Active when a recurring contract is active on the as-of date.', 'Ativo quando há contrato recorrente ativo na data de referência.'),
    value: (c): CustomerStatus => (customerActiveOn(c.rows, c.day) ? 'active' : 'inactive'),
  }),
  col({
    id: 'tier', group: 'revenue', kind: 'text', label: T('Tier', 'Porte'),
    formula: T('The first tier (by minimum MRR, highest first) the MRR reaches.', 'O primeiro porte (por MRR mínimo, do maior) que o MRR alcança.'),
    // Tiers are sorted by minMrr descending (settings); MRR compared as summed exactly.
    value: (c): string | null => {
      const mrr = fromMrrUnits(c.mrrUnits);
      return c.settings.tiers.find((t) => mrr >= t.minMrr)?.name ?? null;
    },
  }),
  col({
    id: 'licenses', group: 'revenue', kind: 'count', label: T('Licenses', 'Licenças'),
    formula: T('Licenses of the recurring contracts active on the as-of date.', 'Licenças dos contratos recorrentes ativos na data de referência.'),
    value: (c): number => licensesOn(c.rows, c.day),
  }),
  col({
    id: 'renewalDate', group: 'revenue', kind: 'date', label: T('Renewal', 'Renovação'),
    formula: T('Earliest end of the current term of the active contracts with an end date.', 'Fim mais próximo do período atual dos contratos ativos com data de término.'),
    value: (c): IsoDate | null => dateOrNull(c.renewal),
  }),
  col({
    id: 'daysToRenewal', group: 'revenue', groupKey: true, kind: 'count', label: T('Days to renewal', 'Dias p/ renovação'),
    formula: T('Days from the as-of date to the renewal date (negative when past).', 'Dias da data de referência até a renovação (negativo quando passou).'),
    value: (c): number | null => (c.renewal === null ? null : c.renewal - c.day),
  }),
  col({
    id: 'lastPurchase', group: 'revenue', kind: 'date', label: T('Last purchase', 'Última compra'),
    formula: T('Latest contract start up to the as-of date.', 'Início de contrato mais recente até a data de referência.'),
    value: (c): IsoDate | null => dateOrNull(lastPurchaseDay(c.rows, c.day)),
  }),
  col({
    id: 'ltv', group: 'revenue', kind: 'money', label: T('LTV', 'LTV'),
    formula: T('Revenue realized so far: recurring by active days, one-off values and setup fees.', 'Receita realizada até hoje: recorrente pelos dias ativos, avulsos e taxas de implantação.'),
    value: (c): number => ltvOn(c.rows, c.day),
  }),
  col({
    id: 'lifetimeMonths', group: 'revenue', kind: 'months', label: T('Lifetime (months)', 'Tempo de vida (meses)'), grid: false,
    formula: T('Days the customer was active, in months of 30.4375 days.', 'Dias em que o cliente esteve ativo, em meses de 30,4375 dias.'),
    value: (c): number => lifetimeMonthsOn(c.rows, c.day),
  }),
  col({
    id: 'tcv', group: 'revenue', kind: 'money', label: T('TCV', 'TCV'),
    formula: T('Sum of the invoices issued up to the as-of date.', 'Soma dos títulos emitidos até a data de referência.'),
    value: (c): number => tcvOn(c.rows, c.day),
  }),
  col({
    id: 'overdueInvoices', group: 'support', groupKey: true, kind: 'count', label: T('Overdue invoices', 'Títulos vencidos'),
    formula: T('Invoices past due and not paid by the as-of date.', 'Títulos vencidos e não pagos até a data de referência.'),
    value: (c): number => overdueInvoicesOn(c.rows, c.day),
  }),
  col({
    id: 'ticketsAboveSla', group: 'support', groupKey: true, kind: 'count', label: T('Tickets above SLA', 'Tickets acima do SLA'),
    formula: T('Open tickets whose SLA due date has passed.', 'Tickets abertos com prazo de SLA vencido.'),
    value: (c): number => ticketsAboveSlaOn(c.rows, c.day),
  }),
  col({
    id: 'openTickets', group: 'support', kind: 'count', label: T('Open tickets', 'Tickets abertos'),
    formula: T('Tickets opened up to the as-of date and not closed by it.', 'Tickets abertos até a data de referência e não fechados até ela.'),
    value: (c): number => {
      let n = 0;
      for (const t of c.rows.tickets) if (t.opened !== null && t.opened <= c.day && (t.closed === null || t.closed > c.day)) n++;
      return n;
    },
  }),
  col({
    id: 'pendingActivities', group: 'relationship', kind: 'count', label: T('Pending activities', 'Atividades pendentes'),
    formula: T('Activities not done by the as-of date.', 'Atividades não concluídas até a data de referência.'),
    value: (c): number => pendingActivitiesOn(c.rows, c.day),
  }),
  col({
    id: 'lateActivities', group: 'relationship', groupKey: true, kind: 'count', label: T('Late activities', 'Atividades atrasadas'),
    formula: T('Pending activities due before the as-of date.', 'Atividades pendentes vencidas antes da data de referência.'),
    value: (c): number => lateActivitiesOn(c.rows, c.day),
  }),
  col({
    id: 'lastInteraction', group: 'relationship', groupKey: true, kind: 'date', label: T('Last interaction', 'Última interação'),
    formula: T('Latest activity done up to the as-of date.', 'Atividade concluída mais recente até a data de referência.'),
    value: (c): IsoDate | null => dateOrNull(lastInteractionOn(c.rows, c.day)),
  }),
  col({
    id: 'activeUsers30d', group: 'health', kind: 'count', label: T('Active users (30d)', 'Usuários ativos (30d)'),
    formula: T('Distinct users with actions in the last 30 days.', 'Usuários distintos com ações nos últimos 30 dias.'),
    value: (c): number => c.activeUsers30d,
  }),
  col({
    id: 'actions30d', group: 'health', kind: 'count', label: T('Actions (30d)', 'Ações (30d)'), grid: false,
    formula: T('Product actions in the last 30 days.', 'Ações no produto nos últimos 30 dias.'),
    value: (c): number => c.actions30d,
  }),
  col({
    id: 'nps', group: 'health', kind: 'score', label: T('NPS', 'NPS'),
    formula: T('% promoters − % detractors of the NPS answers in the window.', '% promotores − % detratores das respostas de NPS na janela.'),
    value: (c): number | null => c.nps,
  }),
  col({
    id: 'csat', group: 'health', kind: 'score', label: T('CSAT', 'CSAT'),
    formula: T('% of CSAT answers 4 or 5 in the window.', '% de respostas de CSAT 4 ou 5 na janela.'),
    value: (c): number | null => csatOn(c.rows, c.day, c.settings),
  }),
  col({
    id: 'ces', group: 'health', kind: 'score', label: T('CES', 'CES'), grid: false,
    formula: T('Mean CES score in the window.', 'Média do CES na janela.'),
    value: (c): number | null => cesOn(c.rows, c.day, c.settings),
  }),
  col({
    id: 'sponsor', group: 'relationship', kind: 'sponsor', label: T('Sponsor', 'Patrocinador'), width: 160,
    formula: T('The first active contact with the sponsor role.', 'O primeiro contato ativo com papel de patrocinador.'),
    value: (c): Sponsor | null => c.rows.sponsor,
  }),
] as const;

/** Columns valued by the derivation's health loop, in the order it writes them. */
export const historyColumns = [
  hist({ id: 'engagementScore', group: 'health', kind: 'score', label: T('Engagement', 'Engajamento'), formula: T('2 × usage percentile − 100 among active customers (0 = median).', '2 × percentil de uso − 100 entre os clientes ativos (0 = mediana).') }),
  hist({ id: 'indicators', group: 'health', kind: 'indicators', label: T('Indicators', 'Indicadores'), grid: false, formula: T('The six health indicators, 0–100.', 'Os seis indicadores de saúde, 0–100.') }),
  hist({ id: 'healthScore', group: 'health', groupKey: true, kind: 'score', label: T('Health score', 'Health score'), width: 120, formula: T('Weighted mean of the health indicators that have a value.', 'Média ponderada dos indicadores de saúde com valor.') }),
  hist({ id: 'healthBand', group: 'health', kind: 'band', label: T('Health band', 'Faixa de saúde'), grid: false, formula: T('Red below the red band, green from the green band, else yellow.', 'Vermelha abaixo da faixa vermelha, verde a partir da verde, senão amarela.') }),
  hist({ id: 'situation', group: 'health', groupKey: true, kind: 'situation', label: T('Situation', 'Situação'), formula: T('Risk: falling health in the red band; opportunity: rising health and engagement in the green band.', 'Risco: saúde caindo na faixa vermelha; oportunidade: saúde e engajamento subindo na faixa verde.') }),
  hist({ id: 'variation7d', group: 'health', kind: 'percent', label: T('Var. 7D', 'Var. 7D'), formula: T('Mean health of the last 7 days vs the 7 before, in %.', 'Saúde média dos últimos 7 dias vs os 7 anteriores, em %.') }),
  hist({ id: 'variation15d', group: 'health', kind: 'percent', label: T('Var. 15D', 'Var. 15D'), formula: T('Mean health of the last 15 days vs the 15 before, in %.', 'Saúde média dos últimos 15 dias vs os 15 anteriores, em %.') }),
  hist({ id: 'variation30d', group: 'health', kind: 'percent', label: T('Var. 30D', 'Var. 30D'), formula: T('Mean health of the last 30 days vs the 30 before, in %.', 'Saúde média dos últimos 30 dias vs os 30 anteriores, em %.') }),
] as const;

type ValueCol = (typeof valueColumns)[number];

/** The columns valued from rows, as the derivation builds them. */
export type BaseMetrics = { [C in ValueCol as C['id']]: ReturnType<C['value']> };

/** The columns the health loop values. */
export interface HistoryMetrics {
  engagementScore: number | null;
  indicators: Indicators;
  healthScore: number | null;
  healthBand: HealthBand | null;
  situation: Situation;
  variation7d: number | null;
  variation15d: number | null;
  variation30d: number | null;
}

/** METRICS.md's customer columns: one field per catalog column. */
export type CustomerMetricsOf = BaseMetrics & HistoryMetrics & {
  /** Formula columns (settings.customColumns) by id; {} when there are none (core/formula). */
  custom: Record<string, CustomValue>;
};

/** Every customer column in grid order: the money and status first, the health right after; columns added later follow. */
export const customerColumns: readonly ColumnDef[] = (() => {
  const byId = new Map<string, ColumnDef>([...valueColumns, ...historyColumns].map((c) => [c.id, c as ColumnDef]));
  const lead = [
    'mrr', 'arr', 'status', 'tier', 'healthScore', 'situation', 'variation7d', 'variation15d', 'variation30d', 'engagementScore',
    'nps', 'csat', 'licenses', 'renewalDate', 'daysToRenewal', 'pendingActivities', 'lateActivities', 'lastInteraction',
    'lastPurchase', 'overdueInvoices', 'ticketsAboveSla', 'activeUsers30d', 'tcv', 'ltv', 'sponsor',
  ];
  return [...lead.map((id) => byId.get(id)!), ...[...byId.values()].filter((c) => !lead.includes(c.id))];
})();

/** The context of one customer on one day: the shared walks done once. */
export function columnContext(rows: CustomerRows, day: number, settings: Settings, actions30d: number, activeUsers30d: number, nps: number | null): ColumnContext {
  return { rows, day, settings, actions30d, activeUsers30d, nps, mrrUnits: mrrUnitsOn(rows, day), renewal: renewalDay(rows, day) };
}

/**
 * An object of the given fields, all null, whose fields sit inside it (JSON.parse lays an
 * object out so, and a spread of it copies that layout). Built by keyed stores instead, the
 * engine's base objects fell into V8's dictionary mode (1.6 KB each in a heap snapshot), and
 * metrics spread from a base got a hidden class each.
 */
const shapeOf = (fields: readonly string[]): Record<string, null> => JSON.parse(JSON.stringify(Object.fromEntries(fields.map((f) => [f, null]))));
const baseShape = shapeOf(valueColumns.map((k) => k.id));
const metricsShape = shapeOf([...valueColumns.map((k) => k.id), ...historyColumns.map((k) => k.id), 'custom']);

/** A metrics row holding the base values; the caller sets the history columns and `custom`. */
export function metricsRowOf(base: BaseMetrics): CustomerMetricsOf {
  const out: Record<string, unknown> = { ...metricsShape };
  for (const k of valueColumns) out[k.id] = base[k.id];
  return out as unknown as CustomerMetricsOf;
}

/** Builds the row-valued columns of one customer on one day, in catalog order (one object shape). */
export function baseValues(c: ColumnContext): BaseMetrics {
  const out: Record<string, unknown> = { ...baseShape };
  for (const k of valueColumns) out[k.id] = k.value(c);
  return out as BaseMetrics;
}
