// Situation (risk / opportunity / neutral) and variation, from the daily health history.
// `h` and `e` are series whose tails are consecutive days ending on D (index last = D);
// null, undefined and NaN all mean "no value".
import type { HealthBand, Situation } from '../types.js';

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

/** avgN over the last N entries of a daily series ending on D. */
export function avgLast(series: ArrayLike<number | null>, n: number): number | null {
  const last = series.length - 1;
  return meanOf(series, last - n + 1, last);
}

/**
 * risk: avg60(h) > avg7(h) and band red on D. opportunity: avg7(h) > avg60(h), band green,
 * avg7(e) > avg60(e) and e(D) > 0 (METRICS.md reads "rising" for opportunity). Any null → neutral.
 */
export function situationOf(h: ArrayLike<number | null>, e: ArrayLike<number | null>, band: HealthBand | null): Situation {
  const h7 = avgLast(h, 7), h60 = avgLast(h, 60);
  if (h7 === null || h60 === null || band === null) return 'neutral';
  if (band === 'red' && h60 > h7) return 'risk';
  if (band === 'green' && h7 > h60) {
    const e7 = avgLast(e, 7), e60 = avgLast(e, 60), eD = e[e.length - 1];
    if (e7 !== null && e60 !== null && typeof eD === 'number' && e7 > e60 && eD > 0) return 'opportunity';
  }
  return 'neutral';
}

/** (mean h over the last N days) / (mean h over the N days before) × 100 − 100; null if undefined. */
export function variationOf(h: ArrayLike<number | null>, n: number): number | null {
  const last = h.length - 1;
  const recent = meanOf(h, last - n + 1, last);
  const earlier = meanOf(h, last - 2 * n + 1, last - n);
  if (recent === null || earlier === null || earlier === 0) return null;
  return (recent / earlier) * 100 - 100;
}
