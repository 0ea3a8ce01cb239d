// The customers behind each dashboard number (drill-down). Pure: given the workbook rows,
// the derived customer metrics on D, the dashboard's filter and D, returns the ids the
// Customers sheet should show. It runs core's own model and contract functions (the ones
// `dashboardFrom` aggregates with) over the selected customers, so e.g. the "churned" list
// holds exactly the customers whose MRR makes up `mrrMovements.churned`.
import {
  compileFilter,
  customerActiveOn,
  endsInMonth,
  invoiceOfMonth,
  movementKind,
  startsInMonth,
  taskState,
  ticketOfMonth,
  transactionalAmount,
  type MovementKind,
  everActiveBy,
  foldText,
  monthEnd,
  monthStart,
  mrrOn,
  parseDay,
  partsOf,
  dayFromParts,
  prepare,
  type Activity,
  type Contract,
  type Customer,
  type CustomerMetrics,
  type CustomerRows,
  type DashboardFilter,
  type Invoice,
  type IsoDate,
  type Ticket,
} from '../../core/index.js';

export type DrillKey =
  | 'all' | 'active' | 'everActive' | 'withHealth' | 'withNps' | 'withCsat'
  | 'openingActive' | 'new' | 'expansion' | 'contraction' | 'churned' | 'reactivation' | 'mrrChurn' | 'movers' | 'logoChurn'
  | 'newContracts' | 'endingContracts' | 'transactionalMonth' | 'transactionalYear'
  | 'churnRisk' | 'upsellOpportunities'
  | 'tasksScheduled' | 'tasksLate'
  | 'ticketsOpened' | 'ticketsFinished' | 'ticketsPending'
  | 'invoicesDue' | 'invoicesReceived' | 'invoicesToBeDue' | 'invoicesOverdue' | 'overdueInvoices'
  | 'renewals30d' | 'renewalsMonth'
  | `band:${'red' | 'yellow' | 'green'}` | `situation:${'risk' | 'opportunity' | 'neutral'}`;

/** The tables a drill-down may read (all optional: a key only reads what it needs). */
export interface DrillRows {
  customers: readonly Customer[];
  contracts?: readonly Contract[];
  activities?: readonly Activity[];
  invoices?: readonly Invoice[];
  tickets?: readonly Ticket[];
}

export interface DrillInput extends DrillRows {
  asOf: IsoDate;
  scheduledTaskDays: number;
  /** Matched to activity `owner` for the task lists (empty = everyone's, as in core). */
  user: string;
  filter: DashboardFilter;
  metrics: ReadonlyMap<string, CustomerMetrics>;
  /** The dashboard's own id lists (already filtered by core). */
  dashboard: { churnRisk: readonly string[]; upsellOpportunities: readonly string[] };
}

/** Which row tables a key needs, so the view reads (and the engine prepares) only those. */
export function tablesFor(key: DrillKey): ('contracts' | 'activities' | 'invoices' | 'tickets')[] {
  if (key.startsWith('tasks')) return ['activities'];
  if (key.startsWith('tickets')) return ['tickets'];
  if (key.startsWith('invoices')) return ['invoices'];
  if (['everActive', 'openingActive', 'new', 'expansion', 'contraction', 'churned', 'reactivation', 'mrrChurn', 'movers', 'logoChurn', 'newContracts', 'endingContracts', 'transactionalMonth', 'transactionalYear'].includes(key)) return ['contracts'];
  return [];
}

/** Same owner rule as core's dashboard: folded comparison, and an empty user means everyone. */
export function ownerMatches(owner: unknown, user: string): boolean {
  const u = foldText(user);
  return u === '' || foldText(typeof owner === 'string' ? owner : '') === u;
}

/** The selected customers' ids in workbook order. */
export function selectedIds(customers: readonly Customer[], metrics: ReadonlyMap<string, CustomerMetrics>, filter: DashboardFilter): string[] {
  const match = compileFilter(filter);
  const out: string[] = [];
  const seen = new Set<string>();
  for (const c of customers) {
    if (!c || typeof c.id !== 'string' || seen.has(c.id)) continue;
    seen.add(c.id);
    if (match(c, metrics.get(c.id))) out.push(c.id);
  }
  return out;
}

/** The ids of the selected customers behind a dashboard number, in workbook order. */
export function drillIds(key: DrillKey, input: DrillInput): string[] {
  const { metrics } = input;
  const selected = selectedIds(input.customers, metrics, input.filter);
  const keep = (pred: (id: string) => boolean) => selected.filter(pred);
  const m = (id: string) => metrics.get(id);
  const D = parseDay(input.asOf);
  if (D === null) return [];
  const S = monthStart(D), M = monthEnd(D), O = S - 1;

  const [kind, arg] = key.split(':') as [string, string | undefined];
  if (kind === 'band') return keep((id) => m(id)?.healthBand === arg);
  if (kind === 'situation') return keep((id) => m(id)?.situation === arg);

  switch (key) {
    case 'all': return selected;
    case 'active': return keep((id) => m(id)?.status === 'active');
    case 'withHealth': return keep((id) => m(id)?.healthScore != null);
    case 'withNps': return keep((id) => m(id)?.nps != null);
    case 'withCsat': return keep((id) => m(id)?.csat != null);
    case 'overdueInvoices': return keep((id) => (m(id)?.overdueInvoices ?? 0) > 0);
    case 'renewals30d': return keep((id) => { const d = m(id)?.daysToRenewal; return d != null && d >= 0 && d <= 30; });
    case 'renewalsMonth': return keep((id) => { const r = parseDay(m(id)?.renewalDate); return r !== null && r >= S && r <= M; });
    case 'churnRisk':
    case 'upsellOpportunities': {
      const hit = new Set(input.dashboard[key]);
      return keep((id) => hit.has(id));
    }
  }

  // Everything else reads rows: prepare only the selected customers, only the tables needed.
  const chosen = new Set(selected);
  const need = new Set(tablesFor(key));
  const rowsOf = <T extends { customerId?: unknown }>(t: 'contracts' | 'activities' | 'invoices' | 'tickets', rows: readonly T[] | undefined) =>
    need.has(t) ? (rows ?? []).filter((r) => r && typeof r.customerId === 'string' && chosen.has(r.customerId)) : [];
  const model = prepare({
    customers: input.customers.filter((c) => c && chosen.has(c.id)),
    contracts: rowsOf('contracts', input.contracts) as Contract[],
    activities: rowsOf('activities', input.activities) as Activity[],
    invoices: rowsOf('invoices', input.invoices) as Invoice[],
    tickets: rowsOf('tickets', input.tickets) as Ticket[],
    surveys: [],
    usage: [],
    contacts: [],
  });
  const yearStart = dayFromParts(partsOf(D)[0], 1, 1);
  const horizon = D + input.scheduledTaskDays;
  const test = predicate(key, { D, S, M, O, yearStart, horizon, user: input.user });
  return keep((id) => {
    const rows = model.customers.get(id);
    return rows !== undefined && test(rows);
  });
}

interface Days { D: number; S: number; M: number; O: number; yearStart: number; horizon: number; user: string }

/** Per-customer test for the row-based keys, with the same month rules core's dashboardFrom counts with. */
function predicate(key: DrillKey, p: Days): (rows: CustomerRows) => boolean {
  const { D, S, M, O } = p;
  const move = (f: (o: number, c: number, before: boolean) => boolean) => (r: CustomerRows) => f(mrrOn(r, O), mrrOn(r, D), everActiveBy(r, O));
  const moved = (kind: MovementKind) => move((o, c, before) => movementKind(o, c, before) === kind);
  switch (key) {
    case 'everActive': return (r) => everActiveBy(r, D);
    case 'openingActive': return (r) => customerActiveOn(r, O);
    case 'logoChurn': return (r) => customerActiveOn(r, O) && !customerActiveOn(r, D);
    case 'new':
    case 'reactivation':
    case 'expansion':
    case 'contraction':
    case 'churned':
      return moved(key);
    case 'mrrChurn': return move((o, c) => o > 0 && c < o);
    case 'movers': return move((o, c) => o !== c);
    case 'newContracts':
      return (r) => !everActiveBy(r, O) && r.contracts.some((c) => startsInMonth(c, S, D));
    case 'endingContracts':
      return (r) => r.contracts.some((c) => endsInMonth(c, S, M));
    case 'transactionalMonth':
    case 'transactionalYear': {
      const from = key === 'transactionalMonth' ? S : p.yearStart;
      return (r) => r.contracts.some((c) => transactionalAmount(c, from, D) > 0);
    }
    case 'tasksScheduled':
    case 'tasksLate': {
      const want = key === 'tasksLate' ? 'late' : 'scheduled';
      return (r) => r.activities.some((a) => ownerMatches(a.owner, p.user) && taskState(a, D, p.horizon) === want);
    }
    case 'ticketsOpened':
    case 'ticketsFinished':
    case 'ticketsPending':
      return (r) => r.tickets.some((t) => {
        const state = ticketOfMonth(t, S, D);
        return state !== null && (key === 'ticketsOpened' || (key === 'ticketsFinished') === (state === 'finished'));
      });
    case 'invoicesDue':
    case 'invoicesReceived':
    case 'invoicesToBeDue':
    case 'invoicesOverdue':
      return (r) => r.invoices.some((inv) => {
        const state = invoiceOfMonth(inv, S, M, D);
        if (state === null) return false;
        return key === 'invoicesDue' || state === { invoicesReceived: 'received', invoicesOverdue: 'overdue', invoicesToBeDue: 'toBeDue' }[key];
      });
  }
  return () => false;
}
