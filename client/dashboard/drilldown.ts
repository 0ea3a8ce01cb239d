// The dashboard's selection on the main thread (for the lists and pie charts that render
// rows). Which customers are behind a card is no longer decided here: the derivation
// worker answers it from core's catalog (core/catalog/drill.ts), the same rules the
// dashboard summed with.
import { compileFilter, foldText, type Customer, type CustomerMetrics, type DashboardFilter, type DrillKey } from '../../core/index.js';

export type { DrillKey };

/** Same owner rule as core's dashboard: folded comparison, and an empty user means everyone. */
export function ownerMatches(owner: unknown, user: string): boolean {
  const u = foldText(user);
  return u === '' || foldText(typeof owner === 'string' ? owner : '') === u;
}

/** The selected customers' ids in workbook order. */
export function selectedIds(customers: readonly Customer[], metrics: ReadonlyMap<string, CustomerMetrics>, filter: DashboardFilter): string[] {
  const match = compileFilter(filter);
  const out: string[] = [];
  const seen = new Set<string>();
  for (const c of customers) {
    if (!c || typeof c.id !== 'string' || seen.has(c.id)) continue;
    seen.add(c.id);
    if (match(c, metrics.get(c.id))) out.push(c.id);
  }
  return out;
}
