// Invoices: total contract value billed and overdue count.
import type { CustomerRows } from './model.js';

/** Σ amount of invoices issued on or before the day. */
export function tcvOn(rows: CustomerRows, day: number): number {
  let s = 0;
  for (const i of rows.invoices) if (i.issue !== null && i.issue <= day) s += i.cents;
  return s / 100; // whole cents add exactly
}

/** Invoices due before the day and not paid by it (paidAt empty or after the day). */
export function overdueInvoicesOn(rows: CustomerRows, day: number): number {
  let n = 0;
  for (const i of rows.invoices) if (i.due !== null && i.due < day && (i.paid === null || i.paid > day)) n++;
  return n;
}
