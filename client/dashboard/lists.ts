// The dashboard's lists (churn risk, upsell opportunities, my tasks, renewals in the next
// 30 days) as plain rows. Pure, so the ordering rules are unit-tested and the view only renders.
import { RENEWAL_SOON_DAYS, type Activity, type CustomerMetrics, type IsoDate } from '../../core/index.js';
import { addDays } from './days.js';
import { ownerMatches } from './drilldown.js';

export interface CustomerRow { id: string; name: string; health: number | null; band: CustomerMetrics['healthBand']; mrr: number; flagged: boolean }
export interface TaskRow { id: string; customerId: string; customerName: string; title: string; due: IsoDate; late: boolean }
export interface RenewalRow { id: string; name: string; date: IsoDate; days: number; mrr: number }

type NameOf = (id: string) => string;
type Flags = (id: string) => { riskFlag: boolean; upsellFlag: boolean };

function customerRow(id: string, m: CustomerMetrics | undefined, name: NameOf, flagged: boolean): CustomerRow {
  return { id, name: name(id), health: m?.healthScore ?? null, band: m?.healthBand ?? null, mrr: m?.mrr ?? 0, flagged };
}

/** Churn risk: lowest health first (flagged customers without a score last), then highest MRR at stake. */
export function churnRiskRows(ids: readonly string[], metrics: ReadonlyMap<string, CustomerMetrics>, name: NameOf, flags: Flags): CustomerRow[] {
  return ids
    .map((id) => customerRow(id, metrics.get(id), name, flags(id).riskFlag))
    .sort((a, b) => (a.health ?? Infinity) - (b.health ?? Infinity) || b.mrr - a.mrr || a.name.localeCompare(b.name));
}

/** Upsell opportunities: highest MRR first (the biggest accounts to expand), then best health. */
export function upsellRows(ids: readonly string[], metrics: ReadonlyMap<string, CustomerMetrics>, name: NameOf, flags: Flags): CustomerRow[] {
  return ids
    .map((id) => customerRow(id, metrics.get(id), name, flags(id).upsellFlag))
    .sort((a, b) => b.mrr - a.mrr || (b.health ?? -1) - (a.health ?? -1) || a.name.localeCompare(b.name));
}

/** Renewals of the selected customers within [D, D + RENEWAL_SOON_DAYS] (core's renewalsSoon rule): soonest first. */
export function renewalRows(ids: readonly string[], metrics: ReadonlyMap<string, CustomerMetrics>, name: NameOf): RenewalRow[] {
  const out: RenewalRow[] = [];
  for (const id of ids) {
    const m = metrics.get(id);
    if (!m || m.renewalDate == null || m.daysToRenewal == null || m.daysToRenewal < 0 || m.daysToRenewal > RENEWAL_SOON_DAYS) continue;
    out.push({ id, name: name(id), date: m.renewalDate, days: m.daysToRenewal, mrr: m.mrr });
  }
  return out.sort((a, b) => a.days - b.days || b.mrr - a.mrr || a.name.localeCompare(b.name));
}

/**
 * The user's pending activities that are late (due < D) or scheduled (due in [D, D + days]):
 * late first (oldest first), then scheduled by due date. One scan of every activity; it
 * does not depend on the filter, so the view reruns it only when activities, the user or
 * the date change, and narrows it to the selection with `forCustomers`.
 * Rows with an invalid date are skipped (they are reported by validation).
 */
export function taskRows(
  activities: readonly Activity[],
  user: string,
  asOf: IsoDate,
  scheduledDays: number,
  name: NameOf,
  isDate: (v: unknown) => v is string,
): TaskRow[] {
  const until = addDays(asOf, scheduledDays);
  const out: TaskRow[] = [];
  for (const a of activities) {
    if (!isDate(a.dueDate) || typeof a.customerId !== 'string' || !ownerMatches(a.owner, user)) continue;
    if (isDate(a.doneAt) && a.doneAt <= asOf) continue;
    const late = a.dueDate < asOf;
    if (!late && a.dueDate > until) continue;
    out.push({ id: a.id, customerId: a.customerId, customerName: name(a.customerId), title: typeof a.title === 'string' ? a.title : '', due: a.dueDate, late });
  }
  return out.sort((a, b) => Number(b.late) - Number(a.late) || a.due.localeCompare(b.due) || a.customerName.localeCompare(b.customerName));
}

/** The rows of the selected customers only (order kept). */
export const forCustomers = <T extends { customerId: string }>(rows: readonly T[], selected: ReadonlySet<string>): T[] =>
  rows.filter((r) => selected.has(r.customerId));
