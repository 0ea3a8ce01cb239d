// Renewal dates (METRICS.md "Contracts" → renewal, "Customer columns" → renewalDate).
import { addMonthsDay, MONTH_DAYS } from './calendar.js';
import type { CustomerRows, PContract } from './model.js';

/** Term of a contract in months: max(1, round((days(start, end) + 1) / 30.4375)). */
export function termMonths(start: number, end: number): number {
  return Math.max(1, Math.round((end - start + 1) / MONTH_DAYS));
}

/** End of the k-th renewal (k = 0: endDate itself; k ≥ 1: addMonths(start, (k+1)·term) − 1 day). */
export function renewalEnd(start: number, end: number, k: number): number {
  if (k === 0) return end;
  return addMonthsDay(start, (k + 1) * termMonths(start, end)) - 1;
}

/**
 * End of the term that contains `day`: endDate when it is ≥ day, else (auto-renewing
 * contracts) the first renewal end ≥ day. The search starts near the answer (terms are
 * whole months), so a 30-year monthly contract costs a few steps, not 360.
 */
export function currentTermEnd(start: number, end: number, day: number): number {
  if (end >= day) return end;
  const term = termMonths(start, end);
  let k = Math.max(1, Math.floor((day - start) / MONTH_DAYS / term) - 2);
  while (k > 1 && renewalEnd(start, end, k - 1) >= day) k--;
  while (renewalEnd(start, end, k) < day) k++;
  return renewalEnd(start, end, k);
}

/**
 * renewalDate on `day`: the earliest current-term end over recurring contracts active on
 * the day that have an endDate; if none, the latest endDate of recurring contracts that
 * ended (endDate < day, not active on the day); else null.
 */
export function renewalDay(rows: CustomerRows, day: number): number | null {
  let next: number | null = null;
  let lastEnded: number | null = null;
  for (const c of rows.contracts) {
    if (c.model !== 'recurring' || c.start === null || c.end === null) continue;
    if (isActive(c, day)) {
      const t = currentTermEnd(c.start, c.end, day);
      if (next === null || t < next) next = t;
    } else if (c.end < day && (lastEnded === null || c.end > lastEnded)) {
      lastEnded = c.end;
    }
  }
  return next ?? lastEnded;
}

const isActive = (c: PContract, day: number) => c.from <= day && day < c.to;
