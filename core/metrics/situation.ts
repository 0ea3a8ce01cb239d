// Situation (risk / opportunity / neutral) and variation, from the daily health history.
// `h` and `e` are series whose tails are consecutive days ending on D (index last = D);
// null, undefined and NaN all mean "no value".
import type { HealthBand, Situation } from '../types.js';
import { compareMeans } from './exact.js';

/** Mean of the non-null values of series[from..to] (inclusive indices); null if none. */
export function meanOf(series: ArrayLike<number | null>, from: number, to: number): number | null {
  let s = 0, n = 0;
  for (let i = Math.max(0, from); i <= to; i++) {
    const v = series[i];
    if (v !== null && v !== undefined && v === v) {
      s += v;
      n++;
    }
  }
  return n === 0 ? null : s / n;
}

/**
 * risk: avg60(h) > avg7(h) and band red on D. opportunity: avg7(h) > avg60(h), band green,
 * avg7(e) > avg60(e) and e(D) > 0 (METRICS.md reads "rising" for opportunity). Any null → neutral.
 */
export function situationOf(h: ArrayLike<number | null>, e: ArrayLike<number | null>, band: HealthBand | null): Situation {
  if (band !== 'red' && band !== 'green') return 'neutral';
  // Sign of avg7(h) − avg60(h), exact: a flat history is neither rising nor falling.
  const trend = compareLast(h, 7, 60);
  if (trend === null) return 'neutral';
  if (band === 'red' && trend < 0) return 'risk';
  if (band === 'green' && trend > 0) {
    const eD = e[e.length - 1];
    if (typeof eD === 'number' && eD > 0 && compareLast(e, 7, 60) === 1) return 'opportunity';
  }
  return 'neutral';
}

/** Exact sign of avgShort − avgLong over the tails of a daily series; null if either has no value. */
function compareLast(series: ArrayLike<number | null>, short: number, long: number): -1 | 0 | 1 | null {
  const last = series.length - 1;
  return compareMeans(series, last - short + 1, last, last - long + 1, last);
}

/** (mean h over the last N days) / (mean h over the N days before) × 100 − 100; null if undefined. */
export function variationOf(h: ArrayLike<number | null>, n: number): number | null {
  const last = h.length - 1;
  const recent = meanOf(h, last - n + 1, last);
  const earlier = meanOf(h, last - 2 * n + 1, last - n);
  if (recent === null || earlier === null || earlier === 0) return null;
  // Equal means (exactly) are no variation, whatever the last bits of the float means say.
  if (compareMeans(h, last - n + 1, last, last - 2 * n + 1, last - n) === 0) return 0;
  return (recent / earlier) * 100 - 100;
}
