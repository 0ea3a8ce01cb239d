// Activities: pending, late, last interaction.
import type { CustomerRows } from './model.js';

/** Activities not done by the day (doneAt empty or after it). */
export function pendingActivitiesOn(rows: CustomerRows, day: number): number {
  let n = 0;
  for (const a of rows.activities) if (a.done === null || a.done > day) n++;
  return n;
}

/** Pending activities whose dueDate is before the day. */
export function lateActivitiesOn(rows: CustomerRows, day: number): number {
  let n = 0;
  for (const a of rows.activities) if ((a.done === null || a.done > day) && a.due !== null && a.due < day) n++;
  return n;
}

/** Latest doneAt ≤ day, or null (binary search over the sorted done days). */
export function lastInteractionOn(rows: CustomerRows, day: number): number | null {
  const d = rows.doneDays;
  let lo = 0, hi = d.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (d[mid] <= day) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? null : d[lo - 1];
}
