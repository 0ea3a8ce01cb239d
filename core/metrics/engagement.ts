// Engagement: the customer's usage intensity ranked against every customer active the
// same day (the whole workbook, never a dashboard filter). Ranking is per day: sort the
// active customers' intensities once, then each percentile is two binary searches.

/** Usage intensity: actions in the 30-day window per license (at least 1). */
export function intensityOf(actions30d: number, licenses: number): number {
  return actions30d / Math.max(1, licenses);
}

/** METRICS.md: 100 × (less + 0.5 × equal) / (n − 1), 50 when n = 1 (equal excludes oneself). */
export function percentileOf(less: number, equal: number, n: number): number {
  return n >= 2 ? (100 * (less + 0.5 * equal)) / (n - 1) : 50;
}

/** Percentile of a member with intensity x within the ascending intensities of one day. */
export function percentileIn(sorted: Float64Array, x: number): number {
  const n = sorted.length;
  // Lower bound, branch-free in its loop body (the comparison outcome is unpredictable,
  // and this runs for every customer on every evaluation day).
  let base = 0, len = n;
  while (len > 1) {
    const half = len >>> 1;
    base = sorted[base + half - 1] < x ? base + half : base;
    len -= half;
  }
  const less = len === 1 && sorted[base] < x ? base + 1 : base;
  // Usually x is not tied: one look past it saves searching for the end of the run.
  let upTo = less + 1;
  if (upTo < n && sorted[upTo] === x) {
    let lo = upTo, hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid] === x) lo = mid + 1;
      else hi = mid;
    }
    upTo = lo;
  }
  return percentileOf(less, upTo - less - 1, n);
}

/** What the ranking reads from each customer's per-day evaluation. */
export interface RankInput {
  /** Truthy when active on the day. */
  active: ArrayLike<boolean | number>;
  intensity: ArrayLike<number>;
}

/**
 * Per evaluation day, the ascending intensities of the customers active that day. Walks
 * each customer's days contiguously (customer-major), which keeps the caches warm.
 */
export function dayRankings(all: readonly RankInput[], nDays: number): Float64Array[] {
  const counts = new Int32Array(nDays);
  for (const c of all) for (let i = 0; i < nDays; i++) if (c.active[i]) counts[i]++;
  // Every day's values in one buffer: one allocation (see day-series.ts).
  let total = 0;
  for (let i = 0; i < nDays; i++) total += counts[i];
  const buffer = new Float64Array(total);
  const out: Float64Array[] = [];
  for (let i = 0, at = 0; i < nDays; at += counts[i++]) out.push(buffer.subarray(at, at + counts[i]));
  const fill = new Int32Array(nDays);
  for (const c of all) {
    for (let i = 0; i < nDays; i++) if (c.active[i]) out[i][fill[i]++] = c.intensity[i];
  }
  for (const a of out) a.sort();
  return out;
}

/** engagementScore = 2 × percentile − 100 (−100..100, 0 = the portfolio median). */
export function engagementScoreOf(percentile: number | null): number | null {
  return percentile === null ? null : 2 * percentile - 100;
}
