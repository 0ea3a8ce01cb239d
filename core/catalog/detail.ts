// What the dashboard shows besides its figures: the action lists (lists.ts) and the pie
// counts (distributions.ts), for the customers a filter selects. One pass over the selected
// customers with the same rules and cached contributions the figures and drill-downs use;
// the derivation answers it (the worker in the app), so the main thread only renders.
import type { DashboardOptions } from '../types.js';
import { cachedContribution } from '../metrics/dashboard-contribution.js';
import { dashboardContext } from '../metrics/dashboard.js';
import type { Derived } from '../metrics/derive.js';
import { compileFilter } from '../metrics/filter.js';
import type { Model } from '../metrics/model.js';
import { distributionDefs, type DistributionId, type Distributions } from './distributions.js';
import { dashboardListDefs, type DashboardLists, type ListDef } from './lists.js';
import { ruleOf, type MemberInput } from './members.js';

export interface DashboardDetail {
  lists: DashboardLists;
  distributions: Distributions;
}

const lists = dashboardListDefs as readonly ListDef[];
const pies = Object.entries(distributionDefs).map(([id, slices]) => ({
  id: id as DistributionId,
  slices: slices.map(([key, drill]) => ({ key, drill, rule: ruleOf(drill)! })),
}));

/** The lists (ordered) and pie counts over the customers the filter selects. */
export function dashboardDetailFrom(model: Model, derived: Derived, options: DashboardOptions): DashboardDetail {
  const ctx = dashboardContext(model, derived, options);
  const match = compileFilter(options.filter);
  const rows: unknown[][] = lists.map(() => []);
  const counts = pies.map((p) => p.slices.map(() => 0));
  for (const [id, r] of model.customers) {
    const m = derived.metrics.get(id);
    if (!match(r.customer, m)) continue;
    const x: MemberInput = { id, rows: r, m, c: cachedContribution(r, m, derived.health.get(id), ctx), ctx };
    for (let i = 0; i < lists.length; i++) for (const row of lists[i].rows(x)) rows[i].push(row);
    for (let p = 0; p < pies.length; p++) pies[p].slices.forEach((s, j) => { if (s.rule(x)) counts[p][j]++; });
  }
  const outLists = Object.fromEntries(lists.map((l, i) => [l.id, rows[i].sort(l.order)])) as DashboardLists;
  const distributions = Object.fromEntries(pies.map((p, i) => [p.id, p.slices.map((s, j) => ({ key: s.key, drill: s.drill, count: counts[i][j] }))])) as Distributions;
  return { lists: outLists, distributions };
}
