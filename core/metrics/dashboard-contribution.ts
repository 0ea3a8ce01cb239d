// One customer's share of every dashboard figure, computed once and cached per customer.
// The dashboard is then a sum over the selected customers' contributions: a filter change
// re-sums, and an edit (which gives its customer new rows and metrics objects) recomputes
// only that customer's contribution.
import type { CustomerMetrics, Settings } from '../types.js';
import { customerActiveOn, everActiveBy, mrrOn } from './contracts.js';
import { foldText } from './filter.js';
import type { CustomerRows } from './model.js';
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
  /** MRR and active flag at each series bound. */
  mrrAt: Float64Array;
  activeAt: Uint8Array;
  /** everBefore[k]: active on some day ≤ bounds[k] (before series month k started). */
  everBefore: Uint8Array;
  /** Health and NPS at each series month's evaluation day (NaN = null). */
  healthAt: Float64Array;
  npsAt: Float64Array;
  everActiveByD: boolean;
  nps: { promoters: number; detractors: number; responses: number };
  newContracts: number;
  newContractsMrr: number;
  endingContracts: number;
  endingContractsMrr: number;
  revenueYear: number;
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
  const mrrAt = new Float64Array(B);
  const activeAt = new Uint8Array(B);
  const everBefore = new Uint8Array(B - 1);
  const healthAt = new Float64Array(B - 1);
  for (let b = 0; b < B; b++) {
    mrrAt[b] = mrrOn(rows, bounds[b]);
    activeAt[b] = customerActiveOn(rows, bounds[b]) ? 1 : 0;
    if (b < B - 1) everBefore[b] = everActiveBy(rows, bounds[b]) ? 1 : 0;
    if (b > 0) {
      const i = ctx.healthIndex[b];
      const h = health && i >= 0 ? health[i] : null;
      healthAt[b - 1] = typeof h === 'number' ? h : NaN;
    }
  }
  const nps = rows.surveys.nps;
  const npsAt = nps.length > 0 ? npsSeries(nps, bounds, settings.npsWindowDays).subarray(1) : new Float64Array(B - 1).fill(NaN);

  const c: Contribution = {
    mrrAt,
    activeAt,
    everBefore,
    healthAt,
    npsAt,
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
    const start = k.start;
    if (start !== null && start >= yearStart && start <= D) {
      const amount = (k.model === 'one-off' ? k.value : 0) + k.setupFee;
      c.revenueYear += amount;
      if (start >= S) c.revenueMonth += amount;
    }
    if (k.model !== 'recurring') continue;
    if (!wasActiveBefore && start !== null && start >= S && start <= D) {
      c.newContracts++;
      c.newContractsMrr += k.monthly;
    }
    if (k.end !== null && k.end >= S && k.end <= M && !k.autoRenew && (k.canceled === null || k.canceled >= S)) {
      c.endingContracts++;
      c.endingContractsMrr += k.monthly;
    }
  }

  const horizon = D + settings.scheduledTaskDays;
  for (const a of rows.activities) {
    if (a.due === null || (a.done !== null && a.done <= D)) continue; // no due date, or done by D
    if (ctx.user !== '' && foldText(a.owner ?? '') !== ctx.user) continue;
    if (a.due < D) c.tasksLate++;
    else if (a.due <= horizon) c.tasksScheduled++;
  }
  for (const t of rows.tickets) {
    if (t.opened === null || t.opened < S || t.opened > D) continue;
    c.ticketsOpened++;
    if (t.closed !== null && t.closed <= D) c.ticketsFinished++;
  }
  for (const inv of rows.invoices) {
    if (inv.due === null || inv.due < S || inv.due > M) continue;
    c.invoicesDue++;
    if (inv.paid !== null && inv.paid <= D) c.invoicesReceived++;
    else if (inv.due < D) c.invoicesOverdue++;
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
