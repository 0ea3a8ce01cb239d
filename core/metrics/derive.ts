// Derivation of the customer columns (METRICS.md), decomposed so the incremental engine
// can cache the expensive per-customer part:
//   prepare → customerDays (per customer, per evaluation day, everything but ranking)
//           → dayRankings + percentileIn (cross-customer engagement, per day)
//           → finishCustomer (health per day, situation, variation, the metrics row).
// The engine keeps CustomerDays per customer and its own incremental per-day ranking; an
// edit re-runs customerDays for one customer and finishCustomer for those whose
// percentile moved.
import type { CustomerMetrics, Indicators, IsoDate, Settings } from '../types.js';
import { baseValues, columnContext, metricsRowOf, type BaseMetrics } from '../catalog/columns.js';
import { fromDay, monthStart, parseDay } from './calendar.js';
import { customerActiveOn, licensesOn } from './contracts.js';
import type { CustomerRows, Model } from './model.js';
import { npsSeriesInto } from './surveys.js';
import { lastInteractionOn } from './activities.js';
import { overdueInvoicesOn } from './invoices.js';
import { ticketsAboveSlaOn } from './tickets.js';
import { usageSeriesInto } from './usage.js';
import { dayRankings, engagementScoreOf, intensityOf, percentileIn } from './engagement.js';
import { adoptionIndicator, financialIndicator, healthBandOf, npsIndicator, relationshipIndicator, supportIndicator } from './health.js';
import { situationOf, variationOf } from './situation.js';
import { evaluateCustomColumns, NO_CUSTOM_VALUES } from '../formula/columns.js';
import { DaySeries, type DaySlot } from './day-series.js';

/** Days of daily health history ending on D that situation and variation read. */
export const HISTORY_DAYS = 60;

/** Days of daily health a customer's long series covers, ending on D (Customer 360's chart; computed on request, never kept). */
export const LONG_HEALTH_DAYS = 365;

/**
 * Ascending unique day numbers at which health is evaluated: D − 59 … D (situation,
 * variation) plus the last day of each of the 11 months before D's month (dashboard
 * series). D is always the last entry.
 */
export function evaluationDays(asOf: IsoDate): number[] {
  const d = asDay(asOf);
  const set = new Set<number>();
  let m = monthStart(d);
  for (let k = 0; k < 11; k++) {
    const prevEnd = m - 1;
    set.add(prevEnd);
    m = monthStart(prevEnd);
  }
  for (let x = d - HISTORY_DAYS + 1; x <= d; x++) set.add(x);
  return [...set].sort((a, b) => a - b);
}

function asDay(asOf: IsoDate): number {
  const d = parseDay(asOf);
  // asOf is an argument of the API, not workbook data: a wrong one is a programming error.
  if (d === null) throw new RangeError(`asOf must be a calendar date YYYY-MM-DD, got ${JSON.stringify(asOf)}`);
  return d;
}

/** The metrics on D that do not depend on other customers or on the health history (the catalog's value columns). */
export type { BaseMetrics };

/**
 * One customer's per-day evaluation (aligned with the evaluation days), before ranking.
 * Kept small on purpose (the engine holds one per customer and all of them are alive
 * during a derivation): besides the ranking inputs, only the weighted sum and the weight
 * of the five indicators that do not depend on other customers. Per-day values are typed
 * arrays, NaN for "no value": their contents live outside the JS heap, whose ~4 GB limit a
 * browser tab's page and worker share (docs/performance.md). Measured against plain number
 * arrays: at 10,000 customers heap held 468 → 427 MB, derivation time unchanged; at 100,000
 * in Node the typed-array memory starts full collections of a 7 GB heap (27.9 → 47.5 s, with
 * the series from one buffer, day-series.ts).
 */
export interface CustomerDays {
  /** 1 when active on the day (has a recurring contract active), else 0. */
  active: Uint8Array;
  /** actions30d / max(1, licenses) on the day; 0 when not active. The ranking input. */
  intensity: Float64Array;
  /** Σ wᵢ·vᵢ over adoption, nps, support, financial, relationship with a value and wᵢ > 0; NaN when not active. */
  partial: Float64Array;
  /** Σ wᵢ of those same indicators; 0 when not active. */
  weight: Float64Array;
  /** Metrics on the last evaluation day (D). */
  base: BaseMetrics;
  /** The five indicators on D (engagement is added by finishCustomer); all null when not active. */
  indicatorsOnD: Omit<Indicators, 'engagement'>;
  /** What formula columns read besides the metrics: the customer row and D (a day number). */
  customer: CustomerRows['customer'];
  day: number;
}

const orNull = (v: number | undefined | null) => (v === undefined || v === null || v !== v ? null : v);

// Per-customer series that are read once and dropped: reused buffers.
let npsScratch = new Float64Array(0);
let usageScratch = { actions: [] as number[], activeUsers: [] as number[] };

/** Everything per customer and day except the cross-customer engagement percentile; the
 *  series are written into `slot` (fresh: zeros, NaN in `partial`), by default a slot of their own. */
export function customerDays(rows: CustomerRows, days: readonly number[], settings: Settings, slot: DaySlot = DaySeries.single(days.length)): CustomerDays {
  const n = days.length;
  const D = days[n - 1];
  if (npsScratch.length !== n) {
    npsScratch = new Float64Array(n);
    usageScratch = { actions: new Array<number>(n).fill(0), activeUsers: new Array<number>(n).fill(0) };
  }
  const usage = usageSeriesInto(usageScratch, rows.usage, days);
  const nps = npsSeriesInto(npsScratch, rows.surveys.nps, days, settings.npsWindowDays);
  const w = settings.healthWeights;
  const { active, intensity, partial, weight } = slot;
  let onD: CustomerDays['indicatorsOnD'] = { adoption: null, nps: null, support: null, financial: null, relationship: null };
  for (let i = 0; i < n; i++) {
    const x = days[i];
    if (!customerActiveOn(rows, x)) continue;
    const licenses = licensesOn(rows, x);
    const adoption = adoptionIndicator(usage.activeUsers[i], licenses);
    const npsInd = npsIndicator(orNull(nps[i]));
    const support = supportIndicator(ticketsAboveSlaOn(rows, x));
    const financial = financialIndicator(overdueInvoicesOn(rows, x));
    const relationship = relationshipIndicator(lastInteractionOn(rows, x), x);
    // Σ w·v and Σ w over these five (in this order), skipping null values and zero weights.
    let num = 0, den = 0;
    if (adoption !== null && w.adoption > 0) { num += w.adoption * adoption; den += w.adoption; }
    if (npsInd !== null && w.nps > 0) { num += w.nps * npsInd; den += w.nps; }
    if (w.support > 0) { num += w.support * support; den += w.support; }
    if (w.financial > 0) { num += w.financial * financial; den += w.financial; }
    if (w.relationship > 0) { num += w.relationship * relationship; den += w.relationship; }
    active[i] = 1;
    intensity[i] = intensityOf(usage.actions[i], licenses);
    partial[i] = num;
    weight[i] = den;
    if (i === n - 1) onD = { adoption, nps: npsInd, support, financial, relationship };
  }
  return {
    active, intensity, partial, weight,
    base: baseMetrics(rows, D, settings, usage.actions[n - 1], usage.activeUsers[n - 1], nps[n - 1]),
    indicatorsOnD: onD,
    customer: rows.customer,
    day: D,
  };
}


// Usage windows of the customer whose ranking input is being read, reused.
let rankUsageScratch = { actions: [] as number[], activeUsers: [] as number[] };

/**
 * The engagement ranking input alone on each of the ascending `days`, as customerDays puts
 * it in `active` and `intensity` (same building blocks: customerActiveOn, licensesOn, the
 * usage window, intensityOf), written to out[offset + i·stride]; NaN when not active. The
 * engine reads every customer's on request for a long health series (Customer 360),
 * without evaluating the other indicators it does not need.
 */
export function intensityInto(rows: CustomerRows, days: readonly number[], out: Float64Array, offset: number, stride: number): void {
  const n = days.length;
  if (rankUsageScratch.actions.length !== n) rankUsageScratch = { actions: new Array<number>(n).fill(0), activeUsers: new Array<number>(n).fill(0) };
  const usage = usageSeriesInto(rankUsageScratch, rows.usage, days);
  for (let i = 0; i < n; i++) {
    const x = days[i];
    out[offset + i * stride] = customerActiveOn(rows, x) ? intensityOf(usage.actions[i], licensesOn(rows, x)) : NaN;
  }
}

/** The catalog's value columns on D (usage and NPS windows come from the per-day walk). */
function baseMetrics(rows: CustomerRows, D: number, settings: Settings, actions30d: number, activeUsers30d: number, nps: number): BaseMetrics {
  return baseValues(columnContext(rows, D, settings, actions30d, activeUsers30d, Number.isNaN(nps) ? null : nps));
}

// Engagement score per day of the customer being finished (NaN = null), reused.
let eScratch = new Float64Array(0);

/** The customer's percentile on day i as finishCustomer reads it: null when not active or no value. */
const percentileOnDay = (cd: CustomerDays, engagement: ArrayLike<number | null>, i: number): number | null =>
  cd.active[i] ? orNull(engagement[i]) : null;

/**
 * Health on day i: Σ w·v / Σ w over the indicators with a value and a weight > 0, the
 * engagement percentile `p` added last to the per-customer partial sums. The one
 * definition both finishes use (bit-identical scores).
 */
function healthOnDay(cd: CustomerDays, i: number, p: number | null, we: number): number | null {
  if (!cd.active[i]) return null;
  let num = cd.partial[i], den = cd.weight[i];
  if (p !== null && we > 0) {
    num += we * p;
    den += we;
  }
  return den > 0 ? num / den : null;
}

/** Fills eScratch with the engagement score per day (NaN = null). */
function engagementScores(cd: CustomerDays, engagement: ArrayLike<number | null>, n: number): Float64Array {
  if (eScratch.length !== n) eScratch = new Float64Array(n);
  const e = eScratch;
  for (let i = 0; i < n; i++) {
    const p = percentileOnDay(cd, engagement, i);
    e[i] = p === null ? NaN : 2 * p - 100;
  }
  return e;
}

/** The six indicators on D, always built in this shape (one hidden class for V8). */
const indicatorsOf = (engagement: number | null, onD: CustomerDays['indicatorsOnD']): Indicators => ({
  engagement,
  adoption: onD.adoption,
  nps: onD.nps,
  support: onD.support,
  financial: onD.financial,
  relationship: onD.relationship,
});

/**
 * The metrics row: the value columns (built in catalog order, so every `b` has one shape),
 * then the history columns in catalog order. One shape for every metrics object matters:
 * the engine re-finishes thousands per edit, and objects of mixed shapes make V8 give up
 * optimizing the code that reads them.
 */
function metricsOf(
  cd: CustomerDays, settings: Settings, indicators: Indicators, healthScore: number | null, healthBand: CustomerMetrics['healthBand'],
  situation: CustomerMetrics['situation'], variation7d: number | null, variation15d: number | null, variation30d: number | null,
): CustomerMetrics {
  const m = metricsRowOf(cd.base) as CustomerMetrics;
  m.engagementScore = engagementScoreOf(indicators.engagement);
  m.indicators = indicators;
  m.healthScore = healthScore;
  m.healthBand = healthBand;
  m.situation = situation;
  m.variation7d = variation7d;
  m.variation15d = variation15d;
  m.variation30d = variation30d;
  m.custom = NO_CUSTOM_VALUES;
  // Formula columns read the row's other columns: evaluated last, in this one place.
  if (settings.customColumns.length > 0) m.custom = evaluateCustomColumns(settings.customColumns, cd.customer, m, fromDay(cd.day), settings.locale);
  return m;
}

/**
 * The customer's metrics on D (= the last evaluation day) and its health score on every
 * evaluation day, given its engagement percentile per day (null or NaN when not active).
 */
export function finishCustomer(
  _rows: CustomerRows,
  cd: CustomerDays,
  engagement: ArrayLike<number | null>,
  _asOf: IsoDate,
  settings: Settings,
): { metrics: CustomerMetrics; health: (number | null)[] } {
  const n = cd.active.length;
  if (histScratch.length !== n) histScratch = new Float64Array(n);
  const metrics = finishInto(cd, engagement, settings, histScratch);
  return { metrics, health: healthSeries(histScratch) };
}

let histScratch = new Float64Array(0);

/** Writes the customer's health on every evaluation day into `hist` (NaN = null); returns the day count. */
function fillHealth(cd: CustomerDays, engagement: ArrayLike<number | null>, settings: Settings, hist: Float64Array, offset: number): number {
  const n = cd.active.length;
  const we = settings.healthWeights.engagement;
  const active = cd.active;
  for (let i = 0; i < n; i++) {
    const h = healthOnDay(cd, i, active[i] ? orNull(engagement[offset + i]) : null, we);
    hist[i] = h === null ? NaN : h;
  }
  return n;
}

/**
 * The customer's health on each of its CustomerDays' days (NaN = null) into `hist`, given
 * its engagement percentile per day (NaN or null = none): the per-day health the engine's
 * finishes use, for a series over other days than the evaluation days (Customer 360's long
 * series, computed on request).
 */
export function healthInto(cd: CustomerDays, percentiles: ArrayLike<number | null>, settings: Settings, hist: Float64Array): void {
  fillHealth(cd, percentiles, settings, hist, 0);
}

/**
 * finishCustomer with the health series written unboxed into `hist` (NaN = null) instead
 * of returned boxed: the engine keeps one such series per customer and copies it to
 * `Derived.health` only when the dashboard asks. `offset`: where the customer's
 * percentiles start in `engagement` (the engine's flat buffer).
 */
export function finishInto(
  cd: CustomerDays,
  engagement: ArrayLike<number | null>,
  settings: Settings,
  hist: Float64Array,
  offset = 0,
): CustomerMetrics {
  const n = fillHealth(cd, engagement, settings, hist, offset);
  const active = cd.active;
  const e = engagementScores(cd, offset === 0 ? engagement : view(engagement, offset, n), n);
  const last = n - 1;
  const indicators = indicatorsOf(active[last] ? orNull(engagement[offset + last]) : null, cd.indicatorsOnD);
  const hD = hist[last];
  const healthScore = hD !== hD ? null : hD;
  const healthBand = healthBandOf(healthScore, settings.healthBands);
  // Situation and variation read the tails of the series: D − 59 … D are the last 60 days.
  return metricsOf(cd, settings, indicators, healthScore, healthBand, situationOf(hist, e, healthBand),
    variationOf(hist, 7), variationOf(hist, 15), variationOf(hist, 30));
}

/**
 * finishCustomer for a customer whose CustomerDays are the ones `prev` was finished from
 * and whose only change is its engagement percentile on some days (a rank neighbour of an
 * edited customer): recomputes its health per day and the fields that read engagement or
 * the health history, and reuses everything else. Returns `prev` itself when no field
 * differs. Equal, field for field, to finishCustomer(…).metrics.
 *
 * `hist` is the health series `prev` was finished with, unboxed (NaN = null); it is
 * updated in place to the new series (= finishCustomer(…).health, see `healthSeries`).
 * The engine keeps one per customer: comparing and averaging then reads one contiguous
 * buffer instead of 71 boxed numbers scattered over the heap, and it copies the series
 * to `Derived.health` only when the dashboard asks.
 */
export function refinishEngagement(
  cd: CustomerDays,
  engagement: ArrayLike<number | null>,
  settings: Settings,
  prev: CustomerMetrics,
  hist: Float64Array,
  /** Where this customer's percentiles start in `engagement` (the engine's flat buffer: no view per call). */
  offset = 0,
): CustomerMetrics {
  const n = fillHealth(cd, engagement, settings, hist, offset);
  const active = cd.active;
  const last = n - 1;
  const pD = active[last] ? orNull(engagement[offset + last]) : null;
  const hD = hist[last];
  const healthScore = hD !== hD ? null : hD;
  const healthBand = healthBandOf(healthScore, settings.healthBands);
  // situationOf reads the engagement series only for an opportunity (band green).
  const e = healthBand === 'green' ? engagementScores(cd, offset === 0 ? engagement : view(engagement, offset, n), n) : NO_SCORES;
  const situation = situationOf(hist, e, healthBand);
  const variation7d = variationOf(hist, 7);
  const variation15d = variationOf(hist, 15);
  const variation30d = variationOf(hist, 30);
  const m = prev;
  if (
    Object.is(pD, m.indicators.engagement) && Object.is(healthScore, m.healthScore) && healthBand === m.healthBand &&
    situation === m.situation && Object.is(variation7d, m.variation7d) && Object.is(variation15d, m.variation15d) &&
    Object.is(variation30d, m.variation30d)
  ) return prev;
  const indicators = Object.is(pD, m.indicators.engagement) ? m.indicators : indicatorsOf(pD, cd.indicatorsOnD);
  return metricsOf(cd, settings, indicators, healthScore, healthBand, situation, variation7d, variation15d, variation30d);
}

const NO_SCORES = new Float64Array(0);
const view = (a: ArrayLike<number | null>, offset: number, n: number): ArrayLike<number | null> =>
  a instanceof Float64Array ? a.subarray(offset, offset + n) : Array.prototype.slice.call(a, offset, offset + n);

/** A health series with null for no value, from its unboxed form (NaN): finishCustomer's `health`. */
export function healthSeries(hist: ArrayLike<number>): (number | null)[] {
  const out: (number | null)[] = new Array(hist.length);
  for (let i = 0; i < hist.length; i++) {
    const h = hist[i];
    out[i] = h !== h ? null : h;
  }
  return out;
}

export interface Derived {
  asOf: IsoDate;
  /** The evaluation days (day numbers, ascending; D last). */
  days: number[];
  metrics: Map<string, CustomerMetrics>;
  /** Health score per customer, aligned with `days` (NaN = none). Typed arrays: outside the V8
   *  heap a browser tab is bounded by; boxed, 100,000 series of 69 days held ~100 MB in it. */
  health: Map<string, Float64Array>;
}

// Percentile of every customer on every day, customer-major; reused across derivations.
let engagementBuf = new Float64Array(0);

/** All customers' metrics and health history on asOf. */
export function deriveCustomers(model: Model, asOf: IsoDate): Derived {
  const days = evaluationDays(asOf);
  const n = days.length;
  const ids = [...model.customers.keys()];
  const series = new DaySeries(ids.length, n);
  const slots = ids.map(() => series.take());
  const cds = ids.map((id, k) => customerDays(model.customers.get(id)!, days, model.settings, slots[k]));
  const rankings = dayRankings(cds, n);
  // Day-major: one day's sorted intensities stay in cache while every customer is ranked.
  if (engagementBuf.length < ids.length * n) engagementBuf = new Float64Array(ids.length * n);
  const engagement = engagementBuf;
  for (let i = 0; i < n; i++) {
    const sorted = rankings[i];
    for (let k = 0; k < cds.length; k++) {
      const cd = cds[k];
      engagement[k * n + i] = cd.active[i] ? percentileIn(sorted, cd.intensity[i]) : NaN;
    }
  }
  const metrics = new Map<string, CustomerMetrics>();
  const health = new Map<string, Float64Array>();
  ids.forEach((id, k) => {
    const hist = slots[k].hist;
    metrics.set(id, finishInto(cds[k], engagement.subarray(k * n, (k + 1) * n), model.settings, hist));
    health.set(id, hist);
  });
  return { asOf, days, metrics, health };
}
