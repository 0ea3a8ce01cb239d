// One customer's share of every dashboard figure, computed once and cached per customer.
// The dashboard is then a sum over the selected customers' contributions, kept in blocks
// (block-fold.ts): an edit (which gives its customer a new rows object) recomputes only that
// customer's contribution and re-sums only its block.
import type { CustomerMetrics, Settings } from '../types.js';
import { customerActiveOn, everActiveBy } from './contracts.js';
import type { CustomerRows } from './model.js';
import { tallies, tallyContextOf, tallyCustomer } from '../catalog/figures.js';
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
  /** D + scheduledTaskDays (the task tallies). */
  horizon: number;
  /** Folded user name for `tasks`; '' = everyone. */
  user: string;
}

export interface Contribution {
  /**
   * One array per customer (memory: this is cached for every customer). With B bounds and
   * n = B − 1 months: [0, B) MRR at each bound in MRR units (money.ts: exact integers);
   * [B, B + n) NPS on month k's evaluation day. NaN = null.
   */
  values: Float64Array;
  /** Bit b: active at bounds[b]. */
  activeMask: number;
  /** Bit k: active on some day ≤ bounds[k], i.e. before series month k started. */
  everMask: number;
  everActiveByD: boolean;
  nps: { promoters: number; detractors: number; responses: number };
  /** The catalog's tallies (catalog/tallies.ts): [2i] = rows counted, [2i + 1] = their weight (MRR units or cents). */
  tally: Float64Array;
}

/**
 * A customer's contribution (pure): it reads only the customer's rows, so an edit that moves
 * other customers' metrics (a percentile ripple) leaves it valid. Health is read from the
 * derivation where it is summed (`monthHealth`).
 */
export function contributionOf(rows: CustomerRows, ctx: DashboardContext): Contribution {
  const { D, bounds, settings } = ctx;
  const B = bounds.length;
  const n = B - 1;
  const values = new Float64Array(B + n);
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
  const nps = rows.surveys.nps;
  if (nps.length > 0) {
    const at = npsSeries(nps, bounds, settings.npsWindowDays);
    for (let k = 0; k < n; k++) values[B + k] = at[k + 1];
  } else values.fill(NaN, B);

  return {
    values,
    activeMask,
    everMask,
    everActiveByD: everActiveBy(rows, D),
    nps: npsCounts(nps, D, settings.npsWindowDays),
    tally: tallyCustomer(tallyContextOf(rows, ctx), new Float64Array(2 * tallies.length)),
  };
}

/** A customer's health on series month k's evaluation day (null = none), from the derivation on D. */
export function monthHealth(m: CustomerMetrics | undefined, health: Float64Array | undefined, ctx: DashboardContext, k: number): number | null {
  const n = ctx.bounds.length - 1;
  // The current month is evaluated on D: the customer's own health score, so the series'
  // last point always equals the dashboard's healthScore.
  if (k === n - 1) return m?.healthScore ?? null;
  const i = ctx.healthIndex[k + 1];
  const h = health && i >= 0 ? health[i] : NaN;
  return h === h ? h : null;
}

// Keyed by the customer's rows object: the model and the engine replace it (never mutate
// it) when the customer's rows change, so a stale entry is never reached.
const cache = new WeakMap<CustomerRows, { ctx: DashboardContext; value: Contribution }>();

/** `contributionOf`, reused while the rows and context objects are the same. */
export function cachedContribution(rows: CustomerRows, ctx: DashboardContext): Contribution {
  const e = cache.get(rows);
  if (e && e.ctx === ctx) return e.value;
  const value = contributionOf(rows, ctx);
  cache.set(rows, { ctx, value });
  return value;
}
