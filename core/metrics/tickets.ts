// Support tickets past their SLA.
import type { CustomerRows } from './model.js';

/** Tickets open on the day (openedAt ≤ day, closedAt empty or after it) with slaDueAt before the day. */
export function ticketsAboveSlaOn(rows: CustomerRows, day: number): number {
  let n = 0;
  for (const t of rows.tickets) {
    if (t.opened !== null && t.opened <= day && (t.closed === null || t.closed > day) && t.sla !== null && t.sla < day) n++;
  }
  return n;
}
