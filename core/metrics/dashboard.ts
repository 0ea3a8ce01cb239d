// The dashboard (METRICS.md "Dashboard"): a sum, over the customers the filter selects, of
// each customer's cached contribution (dashboard-contribution.ts), so the incremental engine
// can call it after every edit or filter change without re-deriving anything.
// Open points and their decisions are written down in docs/glossary-dashboard.md.
import type { CustomerMetrics, Dashboard, DashboardOptions, MrrMovements, SeriesPoint, WorkbookData } from '../types.js';
import { addMonthsDay, dayFromParts, monthEnd, monthKey, monthStart, parseDay, partsOf } from './calendar.js';
import { cachedContribution, type DashboardContext } from './dashboard-contribution.js';
import { deriveCustomers, type Derived } from './derive.js';
import { compileFilter, foldText } from './filter.js';
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

const byMrrThenId = (metrics: ReadonlyMap<string, CustomerMetrics>) => (a: string, b: string) =>
  (metrics.get(b)?.mrr ?? 0) - (metrics.get(a)?.mrr ?? 0) || (a < b ? -1 : a > b ? 1 : 0);

/** The dashboard context of a derivation for a user (shared with the drill-down, so both read the same cached contributions). */
export function dashboardContext(model: Model, derived: Derived, options: { asOf: string; user?: string }): DashboardContext {
  const D = derived.days[derived.days.length - 1] ?? parseDay(options.asOf);
  const user = typeof options.user === 'string' ? foldText(options.user) : '';
  return contextFor(model, derived, D, user).ctx;
}

/** The dashboard over the customers the filter selects, from an already derived workbook. */
export function dashboardFrom(model: Model, derived: Derived, options: DashboardOptions): Dashboard {
  // D is the derivation's date: every customer value read here was derived on it.
  const D = derived.days[derived.days.length - 1] ?? parseDay(options.asOf);
  const user = typeof options.user === 'string' ? foldText(options.user) : '';
  const { ctx, months } = contextFor(model, derived, D, user);
  const match = compileFilter(options.filter);
  const n = months.length;

  const movements: MrrMovements[] = months.map(() => emptyMovements());
  const logos: LogoCount[] = months.map(() => ({ activeAtOpening: 0, churned: 0 }));
  const healthMeans = months.map(() => new Mean());
  const npsMeans = months.map(() => new Mean());
  // Money is summed in exact integers (money.ts): MRR units, cents.
  let customers = 0, activeCustomers = 0, mrrUnits = 0;
  const health = new Mean(), nps = new Mean(), csat = new Mean(), ltv = new Mean(), lifetime = new Mean();
  const pooled = { promoters: 0, detractors: 0, responses: 0 };
  const churnRisk: string[] = [];
  const upsellOpportunities: string[] = [];
  const tallySums = new Float64Array(2 * tallies.length);

  for (const [id, rows] of model.customers) {
    const m = derived.metrics.get(id);
    if (!match(rows.customer, m)) continue;
    const c = cachedContribution(rows, m, derived.health.get(id), ctx);
    const x = { id, rows, m, c, ctx };
    customers++;
    if (members.active(x)) activeCustomers++;
    health.add(m?.healthScore);
    nps.add(m?.nps);
    csat.add(m?.csat);
    if (members.everActive(x)) {
      ltv.add(m?.ltv);
      lifetime.add(m?.lifetimeMonths);
    }
    pooled.promoters += c.nps.promoters;
    pooled.detractors += c.nps.detractors;
    pooled.responses += c.nps.responses;
    const v = c.values, B = n + 1;
    mrrUnits += v[n]; // MRR on the last bound, D
    for (let k = 0; k < n; k++) {
      addMovement(movements[k], v[k], v[k + 1], (c.everMask & (1 << k)) !== 0);
      if (c.activeMask & (1 << k)) {
        logos[k].activeAtOpening++;
        if ((c.activeMask & (1 << (k + 1))) === 0) logos[k].churned++;
      }
      healthMeans[k].add(v[B + k]);
      npsMeans[k].add(v[B + n + k]);
    }
    const t = c.tally;
    for (let i = 0; i < t.length; i++) tallySums[i] += t[i];
    if (members.churnRisk(x)) churnRisk.push(id);
    if (members.upsellOpportunities(x)) upsellOpportunities.push(id);
  }

  const current = n - 1;
  const mrrMovements = movements[current];
  const arpa = ratio(mrrUnits, MRR_UNIT * activeCustomers);

  // ltvProjected: arpa over the mean monthly logo churn of the 6 months before this one.
  const churnMean = new Mean();
  for (let k = current - LTV_CHURN_MONTHS; k < current; k++) churnMean.add(churnRateOf(logos[k]));
  const meanChurn = churnMean.value;
  const ltvProjected = arpa === null || meanChurn === null || meanChurn === 0 ? null : finiteOrNull(arpa / (meanChurn / 100));

  const order = byMrrThenId(derived.metrics);
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
    churnRisk: churnRisk.sort(order),
    upsellOpportunities: upsellOpportunities.sort(order),
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
