// Drill-down: "which customers are behind figure F under filter X". Answered where the
// derivation lives (the worker in the app), from the same rules and the same cached
// per-customer contributions the dashboard summed, so the list and the number agree and
// the main thread never re-prepares rows when a card is clicked.
import type { DashboardOptions } from '../types.js';
import { cachedContribution } from '../metrics/dashboard-contribution.js';
import { dashboardContext } from '../metrics/dashboard.js';
import type { Derived } from '../metrics/derive.js';
import { compileFilter } from '../metrics/filter.js';
import type { Model } from '../metrics/model.js';
import { ruleOf } from './members.js';

/** Ids of the selected customers behind a drill key, in workbook order; [] for an unknown key. */
export function drillIds(model: Model, derived: Derived, key: string, options: DashboardOptions): string[] {
  const rule = ruleOf(key);
  if (!rule) return [];
  const ctx = dashboardContext(model, derived, options);
  const match = compileFilter(options.filter);
  const out: string[] = [];
  for (const [id, rows] of model.customers) {
    const m = derived.metrics.get(id);
    if (!match(rows.customer, m)) continue;
    if (rule({ id, rows, m, c: cachedContribution(rows, ctx), ctx })) out.push(id);
  }
  return out;
}
