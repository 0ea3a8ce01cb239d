// One customer's share of every dashboard figure, computed once and cached per customer.
// The dashboard is then a sum over the selected customers' contributions: a filter change
// re-sums, and an edit (which gives its customer new rows and metrics objects) recomputes
// only that customer's contribution.
import type { CustomerMetrics, Settings } from '../types.js';
import { customerActiveOn, everActiveBy } from './contracts.js';
import { foldText } from './filter.js';
import type { CustomerRows } from './model.js';
import { endsInMonth, invoiceOfMonth, startsInMonth, taskState, ticketOfMonth, transactionalCents } from './month.js';
import { npsCounts, npsSeries } from './surveys.js';

/** The days a dashboard call evaluates; equal contexts give equal contributions. */
export interface DashboardContext {
  settings: Settings;
  /** D, S = first day of D's month, M = its last day, O = S − 1, Jan 1 of D's year. */
  D: number;
  S: number;
  M: number;
  O: number;
  yearStart: number;
  /**
   * Series boundaries: bounds[0] is the day before the first series month, bounds[k + 1]
   * the evaluation day of series month k (its last day; D for the current month).
   */
  bounds: number[];
  /** Index into the derived days of each bound (−1 when not evaluated). */
  healthIndex: number[];
  /** Folded user name for `tasks`; '' = everyone. */
  user: string;
}

export interface Contribution {
  /**
   * One array per customer (memory: this is cached for every customer). With B bounds and
   * n = B − 1 months: [0, B) MRR at each bound in MRR units (money.ts: exact integers); [B, B + n) health on month k's evaluation
   * day; [B + n, B + 2n) NPS on that day. NaN = null.
   */
  values: Float64Array;
  /** Bit b: active at bounds[b]. */
  activeMask: number;
  /** Bit k: active on some day ≤ bounds[k], i.e. before series month k started. */
  everMask: number;
  everActiveByD: boolean;
  nps: { promoters: number; detractors: number; responses: number };
  newContracts: number;
  /** MRR units (money.ts). */
  newContractsMrr: number;
  endingContracts: number;
  /** MRR units (money.ts). */
  endingContractsMrr: number;
  /** Whole cents. */
  revenueYear: number;
  /** Whole cents. */
  revenueMonth: number;
  churnRisk: boolean;
  upsellOpportunity: boolean;
  tasksScheduled: number;
  tasksLate: number;
  ticketsOpened: number;
  ticketsFinished: number;
  invoicesDue: number;
  invoicesReceived: number;
  invoicesOverdue: number;
  invoicesToBeDue: number;
}

/** A customer's contribution (pure). `metrics`/`health` come from the derivation on D. */
export function contributionOf(
  rows: CustomerRows,
  m: CustomerMetrics | undefined,
  health: readonly (number | null)[] | undefined,
  ctx: DashboardContext,
): Contribution {
  const { D, S, M, O, yearStart, bounds, settings } = ctx;
  const B = bounds.length;
  const n = B - 1;
  const values = new Float64Array(B + 2 * n);
  // MRR at every bound in one pass over the contracts ([from, to) is the active interval).
  for (const k of rows.contracts) {
    if (k.units === 0 || k.from >= k.to) continue;
    for (let b = 0; b < B; b++) if (k.from <= bounds[b] && bounds[b] < k.to) values[b] += k.units;
  }
  let activeMask = 0, everMask = 0;
  for (let b = 0; b < B; b++) {
    if (customerActiveOn(rows, bounds[b])) activeMask |= 1 << b;
    if (b < n && everActiveBy(rows, bounds[b])) everMask |= 1 << b;
  }
  for (let k = 0; k < n; k++) {
    const i = ctx.healthIndex[k + 1];
    // The current month is evaluated on D: read the customer's own health score, so the
    // series' last point always equals the dashboard's healthScore.
    const h = k === n - 1 ? m?.healthScore : health && i >= 0 ? health[i] : null;
    values[B + k] = typeof h === 'number' ? h : NaN;
  }
  const nps = rows.surveys.nps;
  if (nps.length > 0) {
    const at = npsSeries(nps, bounds, settings.npsWindowDays);
    for (let k = 0; k < n; k++) values[B + n + k] = at[k + 1];
  } else values.fill(NaN, B + n);

  const c: Contribution = {
    values,
    activeMask,
    everMask,
    everActiveByD: everActiveBy(rows, D),
    nps: npsCounts(nps, D, settings.npsWindowDays),
    newContracts: 0,
    newContractsMrr: 0,
    endingContracts: 0,
    endingContractsMrr: 0,
    revenueYear: 0,
    revenueMonth: 0,
    churnRisk:
      m?.status === 'active' &&
      ((m.healthScore !== null && m.healthScore < settings.healthBands.red) || rows.customer.riskFlag === true),
    upsellOpportunity: m?.situation === 'opportunity' || rows.customer.upsellFlag === true,
    tasksScheduled: 0,
    tasksLate: 0,
    ticketsOpened: 0,
    ticketsFinished: 0,
    invoicesDue: 0,
    invoicesReceived: 0,
    invoicesOverdue: 0,
    invoicesToBeDue: 0,
  };

  // Contracts of the month: new (customer never active before S), ending, transactional.
  const wasActiveBefore = everActiveBy(rows, O);
  for (const k of rows.contracts) {
    c.revenueYear += transactionalCents(k, yearStart, D);
    c.revenueMonth += transactionalCents(k, S, D);
    if (!wasActiveBefore && startsInMonth(k, S, D)) {
      c.newContracts++;
      c.newContractsMrr += k.units;
    }
    if (endsInMonth(k, S, M)) {
      c.endingContracts++;
      c.endingContractsMrr += k.units;
    }
  }

  const horizon = D + settings.scheduledTaskDays;
  for (const a of rows.activities) {
    const state = taskState(a, D, horizon);
    if (state === null || (ctx.user !== '' && foldText(a.owner ?? '') !== ctx.user)) continue;
    if (state === 'late') c.tasksLate++;
    else c.tasksScheduled++;
  }
  for (const t of rows.tickets) {
    const state = ticketOfMonth(t, S, D);
    if (state === null) continue;
    c.ticketsOpened++;
    if (state === 'finished') c.ticketsFinished++;
  }
  for (const inv of rows.invoices) {
    const state = invoiceOfMonth(inv, S, M, D);
    if (state === null) continue;
    c.invoicesDue++;
    if (state === 'received') c.invoicesReceived++;
    else if (state === 'overdue') c.invoicesOverdue++;
    else c.invoicesToBeDue++;
  }
  return c;
}

interface CacheEntry {
  ctx: DashboardContext;
  metrics: CustomerMetrics | undefined;
  health: readonly (number | null)[] | undefined;
  value: Contribution;
}

// Keyed by the customer's rows object: the model and the engine replace it (never mutate
// it) when the customer's rows change, so a stale entry is never reached; the metrics,
// health and context are compared by identity too.
const cache = new WeakMap<CustomerRows, CacheEntry>();

/** `contributionOf`, reused while the rows, metrics, health and context objects are the same. */
export function cachedContribution(
  rows: CustomerRows,
  m: CustomerMetrics | undefined,
  health: readonly (number | null)[] | undefined,
  ctx: DashboardContext,
): Contribution {
  const e = cache.get(rows);
  if (e && e.ctx === ctx && e.metrics === m && e.health === health) return e.value;
  const value = contributionOf(rows, m, health, ctx);
  cache.set(rows, { ctx, metrics: m, health, value });
  return value;
}
