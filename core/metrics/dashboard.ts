// The dashboard (METRICS.md "Dashboard"): one aggregation pass over the selected customers,
// reusing the prepared model and the derived customer metrics, so the incremental engine
// can call it after every edit or filter change without re-deriving anything.
// Open points and their decisions are written down in docs/glossary-dashboard.md.
import type { CustomerMetrics, Dashboard, DashboardOptions, MrrMovements, SeriesPoint, WorkbookData } from '../types.js';
import { addMonthsDay, dayFromParts, monthEnd, monthKey, monthStart, parseDay, partsOf } from './calendar.js';
import { customerActiveOn, everActiveBy, mrrOn } from './contracts.js';
import { deriveCustomers, type Derived } from './derive.js';
import { compileFilter, foldText } from './filter.js';
import { prepare, type CustomerRows, type Model } from './model.js';
import { addMovement, churnRateOf, emptyMovements, movementFigures, pct, ratio, type LogoCount } from './movements.js';
import { npsCounts, npsOf, npsSeries } from './surveys.js';

/** Number of months in `series`, the current one included. */
export const SERIES_MONTHS = 12;
/** Months before the current one whose churn rate ltvProjected averages. */
export const LTV_CHURN_MONTHS = 6;

/** Running mean of the non-null values pushed. */
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
    return this.n === 0 ? null : this.sum / this.n;
  }
}

/**
 * The series' period boundaries: bounds[0] is the last day of the month before the first
 * series month, bounds[k + 1] the evaluation day of series month k (its last day, D for the
 * current month). Month k runs from bounds[k] + 1 to bounds[k + 1]; the current month's
 * opening O = S − 1 is bounds[SERIES_MONTHS − 1].
 */
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

const byMrrThenId = (metrics: Map<string, CustomerMetrics | undefined>) => (a: string, b: string) =>
  (metrics.get(b)?.mrr ?? 0) - (metrics.get(a)?.mrr ?? 0) || (a < b ? -1 : a > b ? 1 : 0);

/** The dashboard over the customers the filter selects, from an already derived workbook. */
export function dashboardFrom(model: Model, derived: Derived, options: DashboardOptions): Dashboard {
  const settings = model.settings;
  const D = parseDay(options.asOf) ?? derived.days[derived.days.length - 1];
  const S = monthStart(D);
  const M = monthEnd(D);
  const O = S - 1;
  const yearStart = dayFromParts(partsOf(D)[0], 1, 1);
  const { bounds, months } = seriesBounds(D);
  const B = bounds.length;

  // Where each series evaluation day sits in the derived daily health history.
  const dayIndex = new Map<number, number>();
  derived.days.forEach((d, i) => dayIndex.set(d, i));
  const healthIndex = bounds.map((d) => dayIndex.get(d) ?? -1);

  const match = compileFilter(options.filter);
  const user = typeof options.user === 'string' ? foldText(options.user) : '';
  const horizon = D + settings.scheduledTaskDays;

  // Accumulators: per series month (k), then the current month's extras.
  const movements: MrrMovements[] = months.map(() => emptyMovements());
  const logos: LogoCount[] = months.map(() => ({ activeAtOpening: 0, churned: 0 }));
  const healthMeans = months.map(() => new Mean());
  const npsMeans = months.map(() => new Mean());
  const mrrAt = new Float64Array(B);
  const activeAt: boolean[] = new Array(B);

  let customers = 0, activeCustomers = 0, mrr = 0;
  const health = new Mean(), nps = new Mean(), csat = new Mean(), ltv = new Mean(), lifetime = new Mean();
  const pooled = { promoters: 0, detractors: 0, responses: 0 };
  const newContracts = { count: 0, mrr: 0 };
  const endingContracts = { count: 0, mrr: 0 };
  const transactionalRevenue = { year: 0, month: 0 };
  const churnRisk: string[] = [];
  const upsellOpportunities: string[] = [];
  const tasks = { scheduled: 0, late: 0 };
  let ticketsOpened = 0, ticketsFinished = 0;
  let invoicesDue = 0, invoicesReceived = 0, invoicesOverdue = 0, invoicesToBeDue = 0;
  const selectedMetrics = new Map<string, CustomerMetrics | undefined>();

  for (const [id, rows] of model.customers) {
    const m = derived.metrics.get(id);
    if (!match(rows.customer, m)) continue;
    selectedMetrics.set(id, m);
    customers++;
    if (m?.status === 'active') activeCustomers++;
    mrr += m?.mrr ?? 0;
    health.add(m?.healthScore);
    nps.add(m?.nps);
    csat.add(m?.csat);
    if (everActiveBy(rows, D)) {
      ltv.add(m?.ltv);
      lifetime.add(m?.lifetimeMonths);
    }
    const c = npsCounts(rows.surveys.nps, D, settings.npsWindowDays);
    pooled.promoters += c.promoters;
    pooled.detractors += c.detractors;
    pooled.responses += c.responses;

    // MRR, activity and health at every series boundary; movements and logo churn per month.
    for (let b = 0; b < B; b++) {
      mrrAt[b] = mrrOn(rows, bounds[b]);
      activeAt[b] = customerActiveOn(rows, bounds[b]);
    }
    const h = derived.health.get(id);
    const npsAt = rows.surveys.nps.length > 0 ? npsSeries(rows.surveys.nps, bounds, settings.npsWindowDays) : null;
    for (let k = 0; k < months.length; k++) {
      addMovement(movements[k], mrrAt[k], mrrAt[k + 1], everActiveBy(rows, bounds[k]));
      if (activeAt[k]) {
        logos[k].activeAtOpening++;
        if (!activeAt[k + 1]) logos[k].churned++;
      }
      if (h && healthIndex[k + 1] >= 0) healthMeans[k].add(h[healthIndex[k + 1]]);
      if (npsAt) npsMeans[k].add(npsAt[k + 1]);
    }

    contractsOfTheMonth(rows, { S, D, M, O, yearStart }, newContracts, endingContracts, transactionalRevenue);

    if (m?.status === 'active' && ((m.healthScore !== null && m.healthScore < settings.healthBands.red) || rows.customer.riskFlag === true)) {
      churnRisk.push(id);
    }
    if (m?.situation === 'opportunity' || rows.customer.upsellFlag === true) upsellOpportunities.push(id);

    for (const a of rows.activities) {
      if (a.due === null || (a.done !== null && a.done <= D)) continue; // no due date, or done by D
      if (user !== '' && foldText(a.owner ?? '') !== user) continue;
      if (a.due < D) tasks.late++;
      else if (a.due <= horizon) tasks.scheduled++;
    }
    for (const t of rows.tickets) {
      if (t.opened === null || t.opened < S || t.opened > D) continue;
      ticketsOpened++;
      if (t.closed !== null && t.closed <= D) ticketsFinished++;
    }
    for (const inv of rows.invoices) {
      if (inv.due === null || inv.due < S || inv.due > M) continue;
      invoicesDue++;
      if (inv.paid !== null && inv.paid <= D) invoicesReceived++;
      else if (inv.due < D) invoicesOverdue++;
      else invoicesToBeDue++;
    }
  }

  const current = SERIES_MONTHS - 1;
  const mrrMovements = movements[current];
  const figures = movementFigures(mrrMovements);
  const arpa = ratio(mrr, activeCustomers);

  // ltvProjected: arpa over the mean monthly logo churn of the 6 months before this one.
  const churnMean = new Mean();
  for (let k = current - LTV_CHURN_MONTHS; k < current; k++) churnMean.add(churnRateOf(logos[k]));
  const meanChurn = churnMean.value;
  const ltvProjected = arpa === null || meanChurn === null || meanChurn === 0 ? null : arpa / (meanChurn / 100);

  const order = byMrrThenId(selectedMetrics);
  const series: SeriesPoint[] = months.map((month, k) => ({
    month,
    health: healthMeans[k].value,
    mrr: movements[k].closing,
    movements: movements[k],
    upsell: movements[k].expansion,
    churnRate: churnRateOf(logos[k]),
    nps: npsMeans[k].value,
  }));

  return {
    customers,
    activeCustomers,
    mrr,
    arr: 12 * mrr,
    arpa,
    healthScore: health.value,
    nps: nps.value,
    npsOverall: npsOf(pooled),
    csat: csat.value,
    ltv: ltv.value,
    lifetimeMonths: lifetime.value,
    ltvProjected,
    mrrMovements: { ...mrrMovements },
    ...figures,
    logoChurn: logos[current].churned,
    churnRate: churnRateOf(logos[current]),
    newContracts,
    endingContracts,
    transactionalRevenue,
    churnRisk: churnRisk.sort(order),
    upsellOpportunities: upsellOpportunities.sort(order),
    tasks,
    tickets: {
      opened: ticketsOpened,
      finished: ticketsFinished,
      pending: ticketsOpened - ticketsFinished,
      finishedPct: pct(ticketsFinished, ticketsOpened),
      pendingPct: pct(ticketsOpened - ticketsFinished, ticketsOpened),
    },
    invoices: {
      due: invoicesDue,
      received: invoicesReceived,
      toBeDue: invoicesToBeDue,
      overdue: invoicesOverdue,
      receivedPct: pct(invoicesReceived, invoicesDue),
      toBeDuePct: pct(invoicesToBeDue, invoicesDue),
      overduePct: pct(invoicesOverdue, invoicesDue),
    },
    series,
  };
}

/** New and ending contracts and transactional revenue of one customer, added to the totals. */
function contractsOfTheMonth(
  rows: CustomerRows,
  p: { S: number; D: number; M: number; O: number; yearStart: number },
  newContracts: { count: number; mrr: number },
  endingContracts: { count: number; mrr: number },
  revenue: { year: number; month: number },
): void {
  const wasActiveBefore = everActiveBy(rows, p.O);
  for (const c of rows.contracts) {
    const started = c.start;
    if (started !== null && started >= p.yearStart && started <= p.D) {
      const amount = (c.model === 'one-off' ? c.value : 0) + c.setupFee;
      revenue.year += amount;
      if (started >= p.S) revenue.month += amount;
    }
    if (c.model !== 'recurring') continue;
    if (!wasActiveBefore && started !== null && started >= p.S && started <= p.D) {
      newContracts.count++;
      newContracts.mrr += c.monthly;
    }
    if (c.end !== null && c.end >= p.S && c.end <= p.M && !c.autoRenew && (c.canceled === null || c.canceled >= p.S)) {
      endingContracts.count++;
      endingContracts.mrr += c.monthly;
    }
  }
}

/** METRICS.md's `computeDashboard`: prepare, derive every customer, aggregate. */
export function computeDashboard(data: WorkbookData, options: DashboardOptions): Dashboard {
  const model = prepare(data);
  return dashboardFrom(model, deriveCustomers(model, options.asOf), options);
}
