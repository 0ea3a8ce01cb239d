// What the dashboard shows besides its figures: the action lists (lists.ts) and the pie
// counts (distributions.ts), for the customers a filter selects. A fold over the selected
// customers in blocks (block-fold.ts), with the same rules and cached contributions the
// figures and drill-downs use; after an edit the lists are patched (the changed blocks' rows
// out, their new rows in), not sorted again. The derivation answers it (the worker in the
// app), so the main thread only renders.
import type { DashboardOptions } from '../types.js';
import { BlockFold, orderedRows, type Reads } from '../metrics/block-fold.js';
import { dashboardContext } from '../metrics/dashboard.js';
import type { Derived } from '../metrics/derive.js';
import type { Model } from '../metrics/model.js';
import { distributionDefs, type DistributionId, type Distributions } from './distributions.js';
import { dashboardListDefs, type DashboardLists, type ListDef } from './lists.js';
import { ruleOf } from './members.js';

export interface DashboardDetail {
  lists: DashboardLists;
  distributions: Distributions;
}

const lists = dashboardListDefs as readonly ListDef[];
const pies = Object.entries(distributionDefs).map(([id, slices]) => ({
  id: id as DistributionId,
  slices: slices.map(([key, drill]) => ({ key, drill, rule: ruleOf(drill)! })),
}));

/** Some lists' rows (ordered) and some pies' slice counts, over some customers. */
interface DetailSums {
  rows: unknown[][];
  counts: number[][];
}
type Pie = (typeof pies)[number];

/** The fold of these lists and pies; the lists are patched between answers, not sorted again. */
function detailFold(ls: readonly ListDef[], ps: readonly Pie[], reads: Reads): BlockFold<DetailSums, DetailSums> {
  const empty = (): DetailSums => ({ rows: ls.map(() => []), counts: ps.map((p) => p.slices.map(() => 0)) });
  return new BlockFold<DetailSums, DetailSums>({
    empty,
    add(s, x) {
      for (let i = 0; i < ls.length; i++) for (const row of ls[i].rows(x)) s.rows[i].push(row);
      for (let p = 0; p < ps.length; p++) {
        const slices = ps[p].slices, counts = s.counts[p];
        for (let j = 0; j < slices.length; j++) if (slices[j].rule(x)) counts[j]++;
      }
    },
    combine(blocks, previous) {
      const out = empty();
      for (const b of blocks) b.counts.forEach((counts, p) => counts.forEach((n, j) => { out.counts[p][j] += n; }));
      ls.forEach((l, i) => { out.rows[i] = orderedRows(blocks, previous, (b) => b.rows[i], (a) => a.rows[i], l.order); });
      return out;
    },
  }, reads);
}

// Lists that read only rows (the tasks: the longest) in a fold a metrics ripple leaves alone.
const rowLists = lists.filter((l) => l.rowsOnly);
const metricLists = lists.filter((l) => !l.rowsOnly);
// The lists and pies read metrics, never the health series.
const byRows = detailFold(rowLists, [], 'rows');
const byMetrics = detailFold(metricLists, pies, 'metrics');

/** Folds part of what `dashboardDetailFrom` folds, while `more()`; true once all of it is current. */
export function warmDetail(model: Model, derived: Derived, options: DashboardOptions, more: () => boolean): boolean {
  const ctx = dashboardContext(model, derived, options);
  return byRows.warm(model, derived, ctx, options.filter, more) && byMetrics.warm(model, derived, ctx, options.filter, more);
}

/** The lists (ordered) and pie counts over the customers the filter selects. */
export function dashboardDetailFrom(model: Model, derived: Derived, options: DashboardOptions): DashboardDetail {
  const ctx = dashboardContext(model, derived, options);
  const ofRows = byRows.run(model, derived, ctx, options.filter);
  const { rows, counts } = byMetrics.run(model, derived, ctx, options.filter);
  const listRows = new Map<ListDef, unknown[]>([...rowLists.map((l, i) => [l, ofRows.rows[i]] as const), ...metricLists.map((l, i) => [l, rows[i]] as const)]);
  const outLists = Object.fromEntries(lists.map((l) => [l.id, listRows.get(l)])) as DashboardLists;
  const distributions = Object.fromEntries(pies.map((p, i) => [p.id, p.slices.map((s, j) => ({ key: s.key, drill: s.drill, count: counts[i][j] }))])) as Distributions;
  return { lists: outLists, distributions };
}
