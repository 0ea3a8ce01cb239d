// Product usage over the trailing 30 days [X − 29, X].
import type { PUsage } from './model.js';
import { saturate } from './numbers.js';

export const USAGE_WINDOW_DAYS = 30;

// Per-user counters reused across customers (zeroed for each call).
let scratch = new Int32Array(256);

export interface UsageWindow { actions: number; activeUsers: number }

/**
 * Usage windows for each of the ascending `days`, written into `out` (hot loops reuse its
 * arrays). The window only moves forward, so each usage day enters and leaves once; a
 * per-user counter tracks distinct active users.
 */
export function usageSeriesInto<T extends { actions: number[]; activeUsers: number[] }>(out: T, u: PUsage, days: ArrayLike<number>): T {
  const { actions, activeUsers } = out;
  if (u.userCount > scratch.length) scratch = new Int32Array(Math.max(u.userCount, scratch.length * 2));
  const count = scratch.fill(0, 0, u.userCount);
  let lo = 0, hi = 0, sum = 0, distinct = 0;
  for (let i = 0; i < days.length; i++) {
    const x = days[i];
    while (hi < u.days.length && u.days[hi] <= x) {
      sum += u.actions[hi];
      for (let k = u.userStart[hi]; k < u.userStart[hi + 1]; k++) if (count[u.users[k]]++ === 0) distinct++;
      hi++;
    }
    while (lo < hi && u.days[lo] <= x - USAGE_WINDOW_DAYS) {
      sum -= u.actions[lo];
      for (let k = u.userStart[lo]; k < u.userStart[lo + 1]; k++) if (--count[u.users[k]] === 0) distinct--;
      lo++;
    }
    if (lo === hi) sum = 0;
    else if (sum === Infinity) {
      // Overflowed (absurd values): recompute the window instead of sliding.
      sum = 0;
      for (let k = lo; k < hi; k++) sum += u.actions[k];
    }
    actions[i] = saturate(sum);
    activeUsers[i] = distinct;
  }
  return out;
}
