// Realized lifetime value and customer lifetime up to a day.
import { MONTH_DAYS } from './calendar.js';
import { activeDaysUpTo } from './contracts.js';
import type { CustomerRows } from './model.js';
import { saturate } from './numbers.js';

/**
 * LTV on `day`: Σ recurring monthlyValue × (days ≤ day it was active) / 30.4375
 * + Σ one-off value with startDate ≤ day + Σ setupFee with startDate ≤ day.
 */
export function ltvOn(rows: CustomerRows, day: number): number {
  let s = 0;
  for (const c of rows.contracts) {
    if (c.start === null || c.start > day) continue;
    s += c.setupFee;
    if (c.model === 'one-off') s += c.value;
    else if (c.model === 'recurring' && c.from < c.to) {
      const activeDays = Math.min(c.to, day + 1) - c.from;
      if (activeDays > 0) s += c.monthly * (activeDays / MONTH_DAYS);
    }
  }
  return saturate(s);
}

/** (Days ≤ day on which the customer was active) / 30.4375. */
export function lifetimeMonthsOn(rows: CustomerRows, day: number): number {
  return activeDaysUpTo(rows, day) / MONTH_DAYS;
}
