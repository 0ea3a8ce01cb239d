// The dashboard's figures, each declared once: its card (field path in METRICS.md's
// Dashboard, unit, group, pt-BR/English label and formula sentence, glossary anchor, which
// customers a click opens) and, for figures that count rows, the row rule ("tally"): which
// rows of a customer it counts and their weight (MRR units or cents). The dashboard sums
// each tally's count and weight over the selected customers (metrics/dashboard-contribution.ts
// and dashboard.ts write them into the Dashboard object at `figure`), and the drill-down
// lists the customers with at least one counted row (catalog/drill.ts): a figure and the
// customers behind it cannot disagree. Customer-level rules (active, churn risk, movements...)
// are in members.ts. Adding a figure: docs/adding-a-metric.md.
import { everActiveBy } from '../metrics/contracts.js';
import { foldText } from '../metrics/filter.js';
import type { CustomerRows, PActivity, PContract, PInvoice, PTicket } from '../metrics/model.js';
import { endsInMonth, invoiceOfMonth, startsInMonth, taskState, ticketOfMonth, transactionalCents } from '../metrics/month.js';
import { currentTermEnd } from '../metrics/renewal.js';
import type { DrillKey } from './members.js';
import { T, type Text } from './text.js';

/** The days a dashboard call evaluates and the customer whose rows are being counted. */
export interface TallyContext {
  /** D, S = first day of D's month, M = its last day, O = S − 1, Jan 1 of D's year. */
  D: number;
  S: number;
  M: number;
  O: number;
  yearStart: number;
  /** D + scheduledTaskDays. */
  horizon: number;
  /** Folded user name for the task tallies; '' = everyone. */
  user: string;
  rows: CustomerRows;
  /** The customer was active on some day ≤ O (computed once per customer). */
  activeBeforeS: boolean;
}

/** A tally's place in the Dashboard object. */
export interface TallyFigure { field: string; count?: string; weight?: string }

interface RowTypes { contracts: PContract; activities: PActivity; tickets: PTicket; invoices: PInvoice }
export type TallyTable = keyof RowTypes;

export interface Tally<K extends TallyTable = TallyTable, F extends TallyFigure = TallyFigure> {
  id: string;
  table: K;
  /** Where the sums land in the Dashboard: dashboard[field][count] = rows counted, dashboard[field][weight] = Σ weight in currency. */
  figure: F;
  counts: (row: RowTypes[K], x: TallyContext) => boolean;
  /** Weight added per counted row: MRR units or cents (see `unit`); none = a count only. */
  weight?: (row: RowTypes[K], x: TallyContext) => number;
  unit?: 'mrrUnits' | 'cents';
}

const tally = <K extends TallyTable, const F extends TallyFigure>(t: Tally<K, F>): Tally<K, F> => t;
const mine = (a: PActivity, x: TallyContext) => x.user === '' || foldText(a.owner ?? '') === x.user;

/** Every tally, in the order their counts and weights are stored per customer. */
export const tallies = [
  tally({
    id: 'newContracts', figure: { field: 'newContracts', count: 'count', weight: 'mrr' }, table: 'contracts', unit: 'mrrUnits',
    counts: (k, x) => !x.activeBeforeS && startsInMonth(k, x.S, x.D),
    weight: (k) => k.units,
  }),
  tally({ id: 'endingContracts', figure: { field: 'endingContracts', count: 'count', weight: 'mrr' }, table: 'contracts', unit: 'mrrUnits', counts: (k, x) => endsInMonth(k, x.S, x.M), weight: (k) => k.units }),
  tally({
    // Active recurring contracts whose current term ends this month, auto-renewing or not.
    id: 'renewalsThisMonth', figure: { field: 'renewalsThisMonth', count: 'count', weight: 'mrr' }, table: 'contracts', unit: 'mrrUnits',
    counts: (k, x) => {
      if (k.model !== 'recurring' || k.start === null || k.end === null || !(k.from <= x.D && x.D < k.to)) return false;
      const end = currentTermEnd(k.start, k.end, x.D);
      return end >= x.S && end <= x.M;
    },
    weight: (k) => k.units,
  }),
  tally({ id: 'transactionalMonth', figure: { field: 'transactionalRevenue', weight: 'month' }, table: 'contracts', unit: 'cents', counts: (k, x) => transactionalCents(k, x.S, x.D) > 0, weight: (k, x) => transactionalCents(k, x.S, x.D) }),
  tally({ id: 'transactionalYear', figure: { field: 'transactionalRevenue', weight: 'year' }, table: 'contracts', unit: 'cents', counts: (k, x) => transactionalCents(k, x.yearStart, x.D) > 0, weight: (k, x) => transactionalCents(k, x.yearStart, x.D) }),
  tally({ id: 'tasksScheduled', figure: { field: 'tasks', count: 'scheduled' }, table: 'activities', counts: (a, x) => taskState(a, x.D, x.horizon) === 'scheduled' && mine(a, x) }),
  tally({ id: 'tasksLate', figure: { field: 'tasks', count: 'late' }, table: 'activities', counts: (a, x) => taskState(a, x.D, x.horizon) === 'late' && mine(a, x) }),
  tally({ id: 'ticketsOpened', figure: { field: 'tickets', count: 'opened' }, table: 'tickets', counts: (t, x) => ticketOfMonth(t, x.S, x.D) !== null }),
  tally({ id: 'ticketsFinished', figure: { field: 'tickets', count: 'finished' }, table: 'tickets', counts: (t, x) => ticketOfMonth(t, x.S, x.D) === 'finished' }),
  tally({ id: 'ticketsPending', figure: { field: 'tickets', count: 'pending' }, table: 'tickets', counts: (t, x) => ticketOfMonth(t, x.S, x.D) === 'pending' }),
  tally({ id: 'invoicesDue', figure: { field: 'invoices', count: 'due' }, table: 'invoices', counts: (i, x) => invoiceOfMonth(i, x.S, x.M, x.D) !== null }),
  tally({ id: 'invoicesReceived', figure: { field: 'invoices', count: 'received' }, table: 'invoices', counts: (i, x) => invoiceOfMonth(i, x.S, x.M, x.D) === 'received' }),
  tally({ id: 'invoicesToBeDue', figure: { field: 'invoices', count: 'toBeDue' }, table: 'invoices', counts: (i, x) => invoiceOfMonth(i, x.S, x.M, x.D) === 'toBeDue' }),
  tally({ id: 'invoicesOverdue', figure: { field: 'invoices', count: 'overdue' }, table: 'invoices', counts: (i, x) => invoiceOfMonth(i, x.S, x.M, x.D) === 'overdue' }),
] as const;

export type TallyId = (typeof tallies)[number]['id'];

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
type PartsOf<F> = (F extends { count: infer C extends string } ? C : never) | (F extends { weight: infer W extends string } ? W : never);
type FigureOf<F> = F extends { field: infer N extends string } ? { [K in N]: { [P in PartsOf<F>]: number } } : never;
/** The Dashboard fields the tallies write (`newContracts: { count, mrr }`, `tasks: { scheduled, late }`...). */
export type TallyFigures = UnionToIntersection<FigureOf<(typeof tallies)[number]['figure']>>;

/**
 * Each tally's count and weight for one customer: out[2i] = count, out[2i + 1] = Σ weight
 * (integers: MRR units or cents, exact).
 */
export function tallyCustomer(x: TallyContext, out: Float64Array): Float64Array {
  const r = x.rows;
  for (let i = 0; i < tallies.length; i++) {
    const t = tallies[i] as Tally;
    const list = r[t.table] as RowTypes[TallyTable][];
    let n = 0, w = 0;
    for (let j = 0; j < list.length; j++) {
      const row = list[j];
      if (!t.counts(row as never, x)) continue;
      n++;
      if (t.weight) w += t.weight(row as never, x);
    }
    out[2 * i] = n;
    out[2 * i + 1] = w;
  }
  return out;
}

/** The tally context of one customer (everything but the days comes from its rows). */
export function tallyContextOf(rows: CustomerRows, days: Omit<TallyContext, 'rows' | 'activeBeforeS'>): TallyContext {
  return { ...days, rows, activeBeforeS: everActiveBy(rows, days.O) };
}


// ---- cards -----------------------------------------------------------------------------

export type FigureUnit = 'money' | 'count' | 'pct' | 'score' | 'nps' | 'ratio' | 'months';
export type FigureGroup = 'revenue' | 'churn' | 'satisfaction' | 'operations';
export const figureGroups: FigureGroup[] = ['revenue', 'churn', 'satisfaction', 'operations'];

export interface FigureCard {
  /** Dashboard field path, e.g. `mrr` or `tickets.opened`; also the test id `metric-<field>`. */
  field: string;
  unit: FigureUnit;
  group: FigureGroup;
  /** Which customers a click opens: a member rule (members.ts), a tally id, or a band/situation slice. */
  drill: DrillKey;
  label: Text;
  formula: Text;
  /** Shorter label inside its object's box ("Tickets of the month" → "Opened"). */
  short?: Text;
  /** Big cards lead each group; the rest are compact. */
  hero?: boolean;
  /** `glossary-dashboard.md#<top-level field>`. */
  anchor: string;
}

const card = (field: string, unit: FigureUnit, group: FigureGroup, drill: DrillKey, label: Text, formula: Text, o: { hero?: boolean; short?: Text } = {}): FigureCard =>
  ({ field, unit, group, drill, label, formula, ...o, anchor: `glossary-dashboard.md#${field.split('.')[0].toLowerCase()}` });

/** Every dashboard card, in display order within its group. */
export const figureCards: readonly FigureCard[] = [
  // revenue
  card('mrr', 'money', 'revenue', 'active', T('MRR', 'MRR'), T('Sum of the monthly recurring revenue of the selected customers on the as-of date.', 'Soma da receita recorrente mensal dos clientes selecionados na data de referência.'), { hero: true }),
  card('arr', 'money', 'revenue', 'active', T('ARR', 'ARR'), T('12 × MRR.', '12 × MRR.'), { hero: true }),
  card('arpa', 'money', 'revenue', 'active', T('ARPA', 'Ticket médio (ARPA)'), T('MRR ÷ active customers.', 'MRR ÷ clientes ativos.'), { hero: true }),
  card('ltv', 'money', 'revenue', 'everActive', T('LTV', 'LTV'), T('Average revenue realized so far per customer that was ever active (recurring by active days, one-off and setup fees).', 'Receita média realizada até hoje por cliente que já esteve ativo (recorrente pelos dias ativos, avulsos e taxas de implantação).'), { hero: true }),
  card('customers', 'count', 'revenue', 'all', T('Customers', 'Clientes'), T('Customers selected by the filters.', 'Clientes selecionados pelos filtros.')),
  card('activeCustomers', 'count', 'revenue', 'active', T('Active customers', 'Clientes ativos'), T('Selected customers with at least one recurring contract active on the as-of date.', 'Clientes selecionados com ao menos um contrato recorrente ativo na data de referência.')),
  card('ltvProjected', 'money', 'revenue', 'active', T('Projected LTV', 'LTV projetado'), T('ARPA ÷ (mean churn rate of the 6 previous months ÷ 100).', 'ARPA ÷ (taxa de churn média dos 6 meses anteriores ÷ 100).')),
  card('lifetimeMonths', 'months', 'revenue', 'everActive', T('Average lifetime', 'Tempo de vida médio'), T('Average number of months each ever-active customer has been active.', 'Média de meses em que cada cliente já ativo esteve ativo.')),
  card('transactionalRevenue.month', 'money', 'revenue', 'transactionalMonth', T('Transactional revenue (month)', 'Receita transacional (mês)'), T('One-off contract values plus setup fees of contracts starting this month up to the as-of date.', 'Valores de contratos avulsos mais taxas de implantação de contratos iniciados no mês até a data de referência.'), { short: T('This month', 'No mês') }),
  card('transactionalRevenue.year', 'money', 'revenue', 'transactionalYear', T('Transactional revenue (year)', 'Receita transacional (ano)'), T('One-off contract values plus setup fees of contracts starting this year up to the as-of date.', 'Valores de contratos avulsos mais taxas de implantação de contratos iniciados no ano até a data de referência.'), { short: T('This year', 'No ano') }),
  card('newContracts.count', 'count', 'revenue', 'newContracts', T('New contracts', 'Contratos novos'), T('Recurring contracts starting this month for customers never active before the month.', 'Contratos recorrentes iniciados no mês por clientes nunca ativos antes do mês.'), { short: T('Count', 'Quantidade') }),
  card('newContracts.mrr', 'money', 'revenue', 'newContracts', T('New contracts MRR', 'MRR de contratos novos'), T('Monthly value of this month\'s new contracts.', 'Valor mensal dos contratos novos do mês.'), { short: T('MRR', 'MRR') }),
  card('endingContracts.count', 'count', 'revenue', 'endingContracts', T('Ending contracts', 'Contratos a encerrar'), T('Recurring contracts ending this month without auto-renewal and not canceled before the month.', 'Contratos recorrentes que terminam no mês, sem renovação automática e não cancelados antes do mês.'), { short: T('Count', 'Quantidade') }),
  card('endingContracts.mrr', 'money', 'revenue', 'endingContracts', T('Ending contracts MRR', 'MRR a encerrar'), T('Monthly value of the contracts ending this month.', 'Valor mensal dos contratos que terminam no mês.'), { short: T('MRR', 'MRR') }),
  card('renewalsThisMonth.count', 'count', 'revenue', 'renewalsThisMonth', T('Renewals this month', 'Renovações no mês'), T('Active recurring contracts whose current term ends this month, auto-renewing or not.', 'Contratos recorrentes ativos cujo período atual termina no mês, com ou sem renovação automática.'), { short: T('Count', 'Quantidade') }),
  card('renewalsThisMonth.mrr', 'money', 'revenue', 'renewalsThisMonth', T('Renewals this month MRR', 'MRR a renovar no mês'), T('Monthly value of the contracts renewing this month.', 'Valor mensal dos contratos que renovam no mês.'), { short: T('MRR', 'MRR') }),
  // churn
  card('mrrChurn', 'money', 'churn', 'mrrChurn', T('MRR churn', 'Churn de MRR'), T('MRR lost this month: churned + contraction.', 'MRR perdido no mês: cancelado + redução.'), { hero: true }),
  card('netMrrChurn', 'money', 'churn', 'mrrChurn', T('Net MRR churn', 'Churn líquido de MRR'), T('Churned + contraction − expansion − reactivation (negative is good).', 'Cancelado + redução − expansão − reativação (negativo é bom).'), { hero: true }),
  card('churnRate', 'pct', 'churn', 'logoChurn', T('Churn rate', 'Taxa de churn'), T('Logo churn ÷ customers active at the end of last month × 100.', 'Churn de logos ÷ clientes ativos no fim do mês anterior × 100.'), { hero: true }),
  card('nrr', 'pct', 'churn', 'openingActive', T('NRR', 'NRR'), T('(Opening + expansion − contraction − churned) ÷ opening MRR × 100.', '(Abertura + expansão − redução − cancelado) ÷ MRR de abertura × 100.'), { hero: true }),
  card('mrrChurnPct', 'pct', 'churn', 'mrrChurn', T('MRR churn %', 'Churn de MRR %'), T('MRR churn ÷ opening MRR × 100.', 'Churn de MRR ÷ MRR de abertura × 100.')),
  card('netMrrChurnPct', 'pct', 'churn', 'mrrChurn', T('Net MRR churn %', 'Churn líquido de MRR %'), T('Net MRR churn ÷ opening MRR × 100.', 'Churn líquido de MRR ÷ MRR de abertura × 100.')),
  card('logoChurn', 'count', 'churn', 'logoChurn', T('Logo churn', 'Churn de logos'), T('Customers active at the end of last month and not active on the as-of date.', 'Clientes ativos no fim do mês anterior e inativos na data de referência.')),
  card('grr', 'pct', 'churn', 'openingActive', T('GRR', 'GRR'), T('(Opening − contraction − churned) ÷ opening MRR × 100.', '(Abertura − redução − cancelado) ÷ MRR de abertura × 100.')),
  card('quickRatio', 'ratio', 'churn', 'movers', T('Quick ratio', 'Quick ratio'), T('(New + expansion + reactivation) ÷ (churned + contraction).', '(Novo + expansão + reativação) ÷ (cancelado + redução).')),
  card('upsell', 'money', 'churn', 'expansion', T('Upsell', 'Upsell'), T('MRR added this month by customers that already paid (expansion).', 'MRR acrescido no mês por clientes que já pagavam (expansão).')),
  card('downsell', 'money', 'churn', 'contraction', T('Downsell', 'Downsell'), T('MRR reduced this month by customers that still pay (contraction).', 'MRR reduzido no mês por clientes que continuam pagando (redução).')),
  card('churnRisk', 'count', 'churn', 'churnRisk', T('Churn risk', 'Risco de churn'), T('Active customers with health below the red band, or flagged at risk.', 'Clientes ativos com saúde abaixo da faixa vermelha, ou marcados em risco.')),
  card('upsellOpportunities', 'count', 'churn', 'upsellOpportunities', T('Upsell opportunities', 'Oportunidades de upsell'), T('Customers in the \"opportunity\" situation or flagged for upsell.', 'Clientes em situação de oportunidade ou marcados para upsell.')),
  card('mrrMovements.opening', 'money', 'churn', 'openingActive', T('Opening MRR', 'MRR de abertura'), T('MRR on the last day of the previous month.', 'MRR no último dia do mês anterior.'), { short: T('Opening', 'Abertura') }),
  card('mrrMovements.new', 'money', 'churn', 'new', T('New MRR', 'MRR novo'), T('MRR of customers never active before this month.', 'MRR de clientes nunca ativos antes deste mês.'), { short: T('New', 'Novo') }),
  card('mrrMovements.expansion', 'money', 'churn', 'expansion', T('Expansion', 'Expansão'), T('Increase of customers paying more than at the opening.', 'Aumento de clientes que pagam mais do que na abertura.'), { short: T('Expansion', 'Expansão') }),
  card('mrrMovements.reactivation', 'money', 'churn', 'reactivation', T('Reactivation', 'Reativação'), T('MRR of customers that came back after being inactive.', 'MRR de clientes que voltaram depois de inativos.'), { short: T('Reactivation', 'Reativação') }),
  card('mrrMovements.contraction', 'money', 'churn', 'contraction', T('Contraction', 'Redução'), T('Decrease of customers paying less than at the opening (still paying).', 'Redução de clientes que pagam menos do que na abertura (ainda pagando).'), { short: T('Contraction', 'Redução') }),
  card('mrrMovements.churned', 'money', 'churn', 'churned', T('Churned MRR', 'MRR cancelado'), T('Opening MRR of customers that no longer pay.', 'MRR de abertura de clientes que deixaram de pagar.'), { short: T('Churned', 'Cancelado') }),
  card('mrrMovements.closing', 'money', 'churn', 'active', T('Closing MRR', 'MRR de fechamento'), T('MRR on the as-of date.', 'MRR na data de referência.'), { short: T('Closing', 'Fechamento') }),
  // satisfaction
  card('healthScore', 'score', 'satisfaction', 'withHealth', T('Health score', 'Health Score'), T('Average health score of the selected customers that have one.', 'Média do health score dos clientes selecionados que o têm.'), { hero: true }),
  card('nps', 'nps', 'satisfaction', 'withNps', T('NPS (average)', 'NPS (média)'), T('Average of the customers\' NPS, as CustomerX shows it.', 'Média do NPS dos clientes, como o CustomerX mostra.'), { hero: true }),
  card('npsOverall', 'nps', 'satisfaction', 'withNps', T('NPS (pooled)', 'NPS (geral)'), T('NPS over all responses in the window: % promoters − % detractors.', 'NPS sobre todas as respostas da janela: % promotores − % detratores.'), { hero: true }),
  card('csat', 'pct', 'satisfaction', 'withCsat', T('CSAT', 'CSAT'), T('Average of the customers\' CSAT (% of answers 4 or 5).', 'Média do CSAT dos clientes (% de respostas 4 ou 5).'), { hero: true }),
  // operations
  card('tasks.scheduled', 'count', 'operations', 'tasksScheduled', T('My scheduled tasks', 'Minhas tarefas agendadas'), T('My pending activities due from today to the next days.', 'Minhas atividades pendentes com vencimento de hoje aos próximos dias.'), { hero: true, short: T('Scheduled', 'Agendadas') }),
  card('tasks.late', 'count', 'operations', 'tasksLate', T('My late tasks', 'Minhas tarefas atrasadas'), T('My pending activities due before the as-of date.', 'Minhas atividades pendentes vencidas antes da data de referência.'), { hero: true, short: T('Late', 'Atrasadas') }),
  card('tickets.opened', 'count', 'operations', 'ticketsOpened', T('Opened', 'Abertos'), T('Tickets opened this month up to the as-of date.', 'Tickets abertos no mês até a data de referência.')),
  card('tickets.finished', 'count', 'operations', 'ticketsFinished', T('Finished', 'Finalizados'), T('Of those, closed by the as-of date.', 'Destes, fechados até a data de referência.')),
  card('tickets.pending', 'count', 'operations', 'ticketsPending', T('Pending', 'Pendentes'), T('Of those, still open.', 'Destes, ainda abertos.')),
  card('tickets.finishedPct', 'pct', 'operations', 'ticketsFinished', T('Finished %', 'Finalizados %'), T('Finished ÷ opened × 100.', 'Finalizados ÷ abertos × 100.')),
  card('tickets.pendingPct', 'pct', 'operations', 'ticketsPending', T('Pending %', 'Pendentes %'), T('Pending ÷ opened × 100.', 'Pendentes ÷ abertos × 100.')),
  card('invoices.due', 'count', 'operations', 'invoicesDue', T('Due this month', 'Vencendo no mês'), T('Invoices with a due date in this month.', 'Títulos com vencimento neste mês.'), { short: T('Due', 'No mês') }),
  card('invoices.received', 'count', 'operations', 'invoicesReceived', T('Received', 'Recebidos'), T('Of those, paid by the as-of date.', 'Destes, pagos até a data de referência.')),
  card('invoices.toBeDue', 'count', 'operations', 'invoicesToBeDue', T('To be due', 'A vencer'), T('Of those, unpaid and due from the as-of date on.', 'Destes, não pagos e com vencimento a partir da data de referência.')),
  card('invoices.overdue', 'count', 'operations', 'invoicesOverdue', T('Overdue', 'Vencidos'), T('Of those, unpaid and past due.', 'Destes, não pagos e vencidos.')),
  card('invoices.receivedPct', 'pct', 'operations', 'invoicesReceived', T('Received %', 'Recebidos %'), T('Received ÷ due × 100.', 'Recebidos ÷ vencendo × 100.')),
  card('invoices.toBeDuePct', 'pct', 'operations', 'invoicesToBeDue', T('To be due %', 'A vencer %'), T('To be due ÷ due × 100.', 'A vencer ÷ vencendo × 100.')),
  card('invoices.overduePct', 'pct', 'operations', 'invoicesOverdue', T('Overdue %', 'Vencidos %'), T('Overdue ÷ due × 100.', 'Vencidos ÷ vencendo × 100.')),
];

/** Titles of the boxes that group an object's sub-values. */
export const boxTitles: Record<string, Text> = {
  mrrMovements: T('MRR movements this month', 'Movimentação de MRR no mês'),
  tickets: T('Tickets of the month', 'Tickets do mês'),
  tasks: T('My tasks', 'Minhas tarefas'),
  invoices: T('Invoices due this month', 'Títulos do mês'),
  transactionalRevenue: T('Transactional revenue', 'Receita transacional'),
  newContracts: T('New contracts', 'Contratos novos'),
  endingContracts: T('Ending contracts', 'Contratos a encerrar'),
  renewalsThisMonth: T('Renewals this month', 'Renovações no mês'),
};

/** A card by field path. */
export const cardByField = (field: string): FigureCard | undefined => figureCards.find((c) => c.field === field);
