// Contracts and MRR (METRICS.md "Contracts"). Active-ness is precomputed in the model as
// an interval [from, to) per recurring contract, so "active on X" is two comparisons.
import type { CustomerRows, PContract } from './model.js';
import { saturate } from './numbers.js';

/** A recurring contract is active on the day (METRICS.md: start ≤ X, not canceled, within its term or auto-renewing). */
export function activeOn(c: PContract, day: number): boolean {
  return c.from <= day && day < c.to;
}

/** Σ monthlyValue of the customer's recurring contracts active on the day, in MRR units (exact, see money.ts). */
export function mrrUnitsOn(rows: CustomerRows, day: number): number {
  let s = 0;
  for (const c of rows.contracts) if (c.from <= day && day < c.to) s += c.units;
  return s;
}

/** Σ licenses of the customer's recurring contracts active on the day. */
export function licensesOn(rows: CustomerRows, day: number): number {
  let s = 0;
  for (const c of rows.contracts) if (c.from <= day && day < c.to) s += c.licenses;
  return saturate(s);
}

/** The customer has a recurring contract active on the day. */
export function customerActiveOn(rows: CustomerRows, day: number): boolean {
  for (const iv of rows.activeIntervals) {
    if (iv.from > day) return false;
    if (day < iv.to) return true;
  }
  return false;
}

/** The customer was active on some day ≤ the given day. */
export function everActiveBy(rows: CustomerRows, day: number): boolean {
  const first = rows.activeIntervals[0];
  return first !== undefined && first.from <= day;
}

/** Number of days ≤ the given day on which the customer was active. */
export function activeDaysUpTo(rows: CustomerRows, day: number): number {
  let n = 0;
  for (const iv of rows.activeIntervals) {
    if (iv.from > day) break;
    n += Math.min(iv.to, day + 1) - iv.from;
  }
  return n;
}

/** Latest startDate ≤ day over all the customer's contracts, or null. */
export function lastPurchaseDay(rows: CustomerRows, day: number): number | null {
  let best: number | null = null;
  for (const c of rows.contracts) if (c.start !== null && c.start <= day && (best === null || c.start > best)) best = c.start;
  return best;
}
