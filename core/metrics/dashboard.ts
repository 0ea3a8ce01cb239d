// The dashboard (METRICS.md "Dashboard"): a sum, over the customers the filter selects, of
// each customer's cached contribution (dashboard-contribution.ts), so the incremental engine
// can call it after every edit or filter change without re-deriving anything.
// Open points and their decisions are written down in docs/glossary-dashboard.md.
import type { Dashboard, DashboardOptions, MrrMovements, SeriesPoint, WorkbookData } from '../types.js';
import { addMonthsDay, dayFromParts, monthEnd, monthKey, monthStart, parseDay, partsOf } from './calendar.js';
import { monthHealth, type DashboardContext } from './dashboard-contribution.js';
import { deriveCustomers, type Derived } from './derive.js';
import { foldText } from './filter.js';
import { BlockFold, byId, orderedRows } from './block-fold.js';
import { prepare, type Model } from './model.js';
import { addMovement, churnRateOf, emptyMovements, movementFigures, movementsToMoney, pct, ratio, type LogoCount } from './movements.js';
import { annualFromMrrUnits, finiteOrNull, fromCents, fromMrrUnits, MRR_UNIT } from './money.js';
import { saturate } from './numbers.js';
import { npsOf } from './surveys.js';
import { tallies, type TallyFigures } from '../catalog/figures.js';
import { members } from '../catalog/members.js';

/** Number of months in `series`, the current one included. */
export const SERIES_MONTHS = 12;
/** Months before the current one whose churn rate ltvProjected averages. */
export const LTV_CHURN_MONTHS = 6;

/** Running mean of the non-null values pushed (NaN counts as null). */
class Mean {
  private sum = 0;
  private n = 0;
  add(v: number | null | undefined): void {
    if (typeof v === 'number' && Number.isFinite(v)) {
      this.sum += v;
      this.n++;
    }
  }
  merge(other: Mean): void {
    this.sum += other.sum;
    this.n += other.n;
  }
  get value(): number | null {
    return this.n === 0 ? null : saturate(this.sum) / this.n;
  }
}

/** Series month keys and boundaries for D (see DashboardContext.bounds). */
function seriesBounds(D: number): { bounds: number[]; months: string[] } {
  const S = monthStart(D);
  const bounds = [addMonthsDay(S, -(SERIES_MONTHS - 1)) - 1];
  const months: string[] = [];
  for (let k = 0; k < SERIES_MONTHS; k++) {
    const start = addMonthsDay(S, k - (SERIES_MONTHS - 1));
    months.push(monthKey(start));
    bounds.push(k === SERIES_MONTHS - 1 ? D : monthEnd(start));
  }
  return { bounds, months };
}

// Contexts are reused by identity so that cached contributions stay valid between calls:
// one per derived days array (one derivation, one D), then per user, checked against the
// settings object (a settings change gives a new model).
type ContextEntry = { ctx: DashboardContext; months: string[] };
const contexts = new WeakMap<readonly number[], Map<string, ContextEntry>>();

function contextFor(model: Model, derived: Derived, D: number, user: string): ContextEntry {
  let byUser = contexts.get(derived.days);
  if (!byUser) contexts.set(derived.days, (byUser = new Map()));
  const key = `${D}|${user}`;
  const hit = byUser.get(key);
  if (hit && hit.ctx.settings === model.settings) return hit;
  const S = monthStart(D);
  const { bounds, months } = seriesBounds(D);
  const dayIndex = new Map<number, number>();
  derived.days.forEach((d, i) => dayIndex.set(d, i));
  const ctx: DashboardContext = {
    settings: model.settings,
    D,
    S,
    M: monthEnd(D),
    O: S - 1,
    yearStart: dayFromParts(partsOf(D)[0], 1, 1),
    bounds,
    healthIndex: bounds.map((d) => dayIndex.get(d) ?? -1),
    horizon: D + model.settings.scheduledTaskDays,
    user,
  };
  if (byUser.size >= 16) byUser.clear();
  const entry = { ctx, months };
  byUser.set(key, entry);
  return entry;
}

/** A customer in one of the dashboard's id lists, with the MRR the list is ordered by. */
interface Ranked { id: string; mrr: number }
/** Largest MRR first, then by id: a total order, so a patched list equals a sorted one. */
const byMrrThenId = (a: Ranked, b: Ranked) => b.mrr - a.mrr || byId(a, b);

/** The dashboard context of a derivation for a user (shared with the drill-down, so both read the same cached contributions). */
export function dashboardContext(model: Model, derived: Derived, options: { asOf: string; user?: string }): DashboardContext {
  const D = derived.days[derived.days.length - 1] ?? parseDay(options.asOf);
  const user = typeof options.user === 'string' ? foldText(options.user) : '';
  return contextFor(model, derived, D, user).ctx;
}

// The dashboard's sums come from two folds over the selected customers (block-fold.ts): what
// a customer's own rows decide (money, movements, logos, NPS, tallies), kept through an edit
// that only moves other customers' metrics (a percentile ripple), and what its metrics decide.

/** The sums a customer's rows decide, in exact integers where they are money. */
interface RowSums {
  customers: number;
  mrrUnits: number;
  pooled: { promoters: number; detractors: number; responses: number };
  movements: MrrMovements[];
  logos: LogoCount[];
  npsMeans: Mean[];
  tallySums: Float64Array;
}

/** The sums and lists a customer's metrics decide. */
interface MetricSums {
  activeCustomers: number;
  health: Mean;
  nps: Mean;
  csat: Mean;
  ltv: Mean;
  lifetime: Mean;
  healthMeans: Mean[];
  /** Ordered by byMrrThenId (patched between answers, not sorted again). */
  churnRisk: Ranked[];
  upsellOpportunities: Ranked[];
}

const perMonth = <T,>(make: () => T): T[] => Array.from({ length: SERIES_MONTHS }, make);
const MOVEMENT_FIELDS = Object.keys(emptyMovements()) as (keyof MrrMovements)[];
const MEANS = ['health', 'nps', 'csat', 'ltv', 'lifetime'] as const;

const emptyRowSums = (): RowSums => ({
  customers: 0,
  mrrUnits: 0,
  pooled: { promoters: 0, detractors: 0, responses: 0 },
  movements: perMonth(emptyMovements),
  logos: perMonth(() => ({ activeAtOpening: 0, churned: 0 })),
  npsMeans: perMonth(() => new Mean()),
  tallySums: new Float64Array(2 * tallies.length),
});

const emptyMetricSums = (): MetricSums => ({
  activeCustomers: 0,
  health: new Mean(),
  nps: new Mean(),
  csat: new Mean(),
  ltv: new Mean(),
  lifetime: new Mean(),
  healthMeans: perMonth(() => new Mean()),
  churnRisk: [],
  upsellOpportunities: [],
});

const rowFold = new BlockFold<RowSums, RowSums>({
  empty: emptyRowSums,
  add(s, { c }) {
    s.customers++;
    s.pooled.promoters += c.nps.promoters;
    s.pooled.detractors += c.nps.detractors;
    s.pooled.responses += c.nps.responses;
    const v = c.values, n = SERIES_MONTHS, B = n + 1;
    s.mrrUnits += v[n]; // MRR on the last bound, D
    for (let k = 0; k < n; k++) {
      addMovement(s.movements[k], v[k], v[k + 1], (c.everMask & (1 << k)) !== 0);
      if (c.activeMask & (1 << k)) {
        s.logos[k].activeAtOpening++;
        if ((c.activeMask & (1 << (k + 1))) === 0) s.logos[k].churned++;
      }
      s.npsMeans[k].add(v[B + k]);
    }
    const t = c.tally;
    for (let i = 0; i < t.length; i++) s.tallySums[i] += t[i];
  },
  combine(blocks) {
    const into = emptyRowSums();
    for (const from of blocks) {
      into.customers += from.customers;
      into.mrrUnits += from.mrrUnits;
      into.pooled.promoters += from.pooled.promoters;
      into.pooled.detractors += from.pooled.detractors;
      into.pooled.responses += from.pooled.responses;
      for (let k = 0; k < SERIES_MONTHS; k++) {
        const a = into.movements[k], b = from.movements[k];
        for (const f of MOVEMENT_FIELDS) a[f] += b[f];
        into.logos[k].activeAtOpening += from.logos[k].activeAtOpening;
        into.logos[k].churned += from.logos[k].churned;
        into.npsMeans[k].merge(from.npsMeans[k]);
      }
      for (let i = 0; i < into.tallySums.length; i++) into.tallySums[i] += from.tallySums[i];
    }
    return into;
  },
}, 'rows');

const metricFold = new BlockFold<MetricSums, MetricSums>({
  empty: emptyMetricSums,
  // A neighbour's series often changes between month ends only: the months read are the same.
  sameHealth(before, now, ctx) {
    for (let k = 0; k < SERIES_MONTHS - 1; k++) if (monthHealth(undefined, before, ctx, k) !== monthHealth(undefined, now, ctx, k)) return false;
    return true;
  },
  add(s, x, h) {
    const { m, ctx } = x;
    if (members.active(x)) s.activeCustomers++;
    s.health.add(m?.healthScore);
    s.nps.add(m?.nps);
    s.csat.add(m?.csat);
    if (members.everActive(x)) {
      s.ltv.add(m?.ltv);
      s.lifetime.add(m?.lifetimeMonths);
    }
    for (let k = 0; k < SERIES_MONTHS; k++) s.healthMeans[k].add(monthHealth(m, h, ctx, k));
    const ranked = { id: x.id, mrr: m?.mrr ?? 0 };
    if (members.churnRisk(x)) s.churnRisk.push(ranked);
    if (members.upsellOpportunities(x)) s.upsellOpportunities.push(ranked);
  },
  combine(blocks, previous) {
    const into = emptyMetricSums();
    for (const from of blocks) {
      into.activeCustomers += from.activeCustomers;
      for (const k of MEANS) into[k].merge(from[k]);
      for (let k = 0; k < SERIES_MONTHS; k++) into.healthMeans[k].merge(from.healthMeans[k]);
    }
    for (const list of ['churnRisk', 'upsellOpportunities'] as const) into[list] = orderedRows(blocks, previous, (b) => b[list], (a) => a[list], byMrrThenId);
    return into;
  },
}, 'metrics+health');

/**
 * Folds part of what `dashboardFrom` folds for these options, while `more()`; true once all
 * of it is current (`dashboardFrom` then only combines the blocks).
 */
export function warmDashboard(model: Model, derived: Derived, options: DashboardOptions, more: () => boolean): boolean {
  const ctx = dashboardContext(model, derived, options);
  return rowFold.warm(model, derived, ctx, options.filter, more) && metricFold.warm(model, derived, ctx, options.filter, more);
}

/** The dashboard over the customers the filter selects, from an already derived workbook. */
export function dashboardFrom(model: Model, derived: Derived, options: DashboardOptions): Dashboard {
  // D is the derivation's date: every customer value read here was derived on it.
  const D = derived.days[derived.days.length - 1] ?? parseDay(options.asOf);
  const user = typeof options.user === 'string' ? foldText(options.user) : '';
  const { ctx, months } = contextFor(model, derived, D, user);
  const { customers, mrrUnits, pooled, movements, logos, npsMeans, tallySums } = rowFold.run(model, derived, ctx, options.filter);
  const { activeCustomers, health, nps, csat, ltv, lifetime, healthMeans, churnRisk, upsellOpportunities } = metricFold.run(model, derived, ctx, options.filter);
  const n = months.length;

  const current = n - 1;
  const mrrMovements = movements[current];
  const arpa = ratio(mrrUnits, MRR_UNIT * activeCustomers);

  // ltvProjected: arpa over the mean monthly logo churn of the 6 months before this one.
  const churnMean = new Mean();
  for (let k = current - LTV_CHURN_MONTHS; k < current; k++) churnMean.add(churnRateOf(logos[k]));
  const meanChurn = churnMean.value;
  const ltvProjected = arpa === null || meanChurn === null || meanChurn === 0 ? null : finiteOrNull(arpa / (meanChurn / 100));

  const series: SeriesPoint[] = months.map((month, k) => ({
    month,
    health: healthMeans[k].value,
    mrr: fromMrrUnits(movements[k].closing),
    movements: movementsToMoney(movements[k]),
    upsell: fromMrrUnits(movements[k].expansion),
    churnRate: churnRateOf(logos[k]),
    nps: npsMeans[k].value,
  }));
  const figures = tallyFigures(tallySums);
  const { tickets, invoices } = figures;

  return {
    customers,
    activeCustomers,
    mrr: fromMrrUnits(mrrUnits),
    arr: annualFromMrrUnits(mrrUnits),
    arpa,
    healthScore: health.value,
    nps: nps.value,
    npsOverall: npsOf(pooled),
    csat: csat.value,
    ltv: ltv.value,
    lifetimeMonths: lifetime.value,
    ltvProjected,
    mrrMovements: movementsToMoney(mrrMovements),
    ...movementFigures(mrrMovements),
    logoChurn: logos[current].churned,
    churnRate: churnRateOf(logos[current]),
    ...figures,
    churnRisk: churnRisk.map((r) => r.id),
    upsellOpportunities: upsellOpportunities.map((r) => r.id),
    tickets: {
      ...tickets,
      finishedPct: pct(tickets.finished, tickets.opened),
      pendingPct: pct(tickets.pending, tickets.opened),
    },
    invoices: {
      ...invoices,
      receivedPct: pct(invoices.received, invoices.due),
      toBeDuePct: pct(invoices.toBeDue, invoices.due),
      overduePct: pct(invoices.overdue, invoices.due),
    },
    series,
  };
}

/** Each tally's sums written where its figure says (counts as is, weights back to currency). */
function tallyFigures(sums: Float64Array): TallyFigures {
  const out: Record<string, Record<string, number>> = {};
  tallies.forEach((t, i) => {
    const f: { field: string; count?: string; weight?: string } = t.figure;
    const o = (out[f.field] ??= {});
    if (f.count) o[f.count] = sums[2 * i];
    if (f.weight) o[f.weight] = t.unit === 'cents' ? fromCents(sums[2 * i + 1]) : fromMrrUnits(sums[2 * i + 1]);
  });
  return out as unknown as TallyFigures;
}

/** METRICS.md's `computeDashboard`: prepare, derive every customer, aggregate. */
export function computeDashboard(data: WorkbookData, options: DashboardOptions): Dashboard {
  const model = prepare(data);
  return dashboardFrom(model, deriveCustomers(model, options.asOf), options);
}
