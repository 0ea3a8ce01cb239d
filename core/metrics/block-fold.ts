// A fold over the customers a dashboard request selects, kept in blocks of BLOCK customers
// so that an edit re-folds only the blocks whose customers changed. A block is reused while
// each of its customers has the same rows object, and the same metrics and health objects
// when the fold reads them (the model and the engine replace these, never mutate them, when
// something changes), under the same context and filter; the answer is made from the
// blocks' folds, in the model's order.
import type { CustomerMetrics, DashboardFilter } from '../types.js';
import { cachedContribution, type DashboardContext } from './dashboard-contribution.js';
import type { Derived } from './derive.js';
import { compileFilter, filterReadsMetrics } from './filter.js';
import type { CustomerRows, Model } from './model.js';
import type { MemberInput } from '../catalog/members.js';

/** Customers per block: at 10,000 customers an edit re-folds 1 of 40 blocks. */
export const BLOCK = 256;
/** Filters kept per context (a person switching between a few filters keeps them all warm). */
const FILTERS_KEPT = 8;

/** What a fold does with one selected customer, and how the blocks' folds make the answer. */
export interface FoldSpec<S, R> {
  empty(): S;
  /** `health`: the customer's derived health series (the dashboard's monthly means read it). */
  add(into: S, x: MemberInput, health: Health): void;
  /** Whether two health series of a customer fold the same (default: the same object). */
  sameHealth?(before: Health, now: Health, ctx: DashboardContext): boolean;
  /**
   * The answer from the blocks' folds in the model's order. `previous` is the last answer
   * for the same context and filter with the folds it was made from: a fold object found in
   * both is a block that did not change, so an answer can be patched instead of rebuilt.
   */
  combine(blocks: readonly S[], previous: Previous<S, R> | undefined): R;
}

/** The last answer for a context and filter, with the folds it was made from. */
export interface Previous<S, R> {
  blocks: readonly S[];
  answer: R;
}

/** By id: the last key of a list's order, which makes it total (a patched list then equals a sorted one). */
export const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** What a fold reads of a customer besides its rows. */
export type Reads = 'rows' | 'metrics' | 'metrics+health';

export type Health = Float64Array | undefined;

interface Block<S> {
  rows: CustomerRows[];
  metrics: (CustomerMetrics | undefined)[];
  health: Health[];
  fold: S;
}

/** What is kept for one context and filter: the blocks, and the last answer with its folds. */
interface Kept<S, R> {
  blocks: Block<S>[];
  previous?: Previous<S, R>;
  /** Where the last `warm` stopped. */
  warmFrom?: number;
}

/** One fold's kept blocks and answers: per context (by identity), per filter. */
export class BlockFold<S, R> {
  private kept = new WeakMap<DashboardContext, Map<string, Kept<S, R>>>();

  /** `reads`: what of a customer the fold reads besides its rows; a block is kept while that is the same. */
  constructor(private spec: FoldSpec<S, R>, private reads: Reads) {}

  /** The fold over the customers `filter` selects, in the model's order. */
  run(model: Model, derived: Derived, ctx: DashboardContext, filter: DashboardFilter | undefined): R {
    const kept = this.keptFor(ctx, JSON.stringify(filter ?? null));
    this.refold(kept, model, derived, ctx, filter, 0, () => true);
    const folds = kept.blocks.map((b) => b.fold);
    const answer = this.spec.combine(folds, kept.previous);
    kept.previous = { blocks: folds, answer };
    return answer;
  }

  /**
   * Folds the blocks that changed while `more()` says so, from where the last call stopped;
   * true once every block is current (`run` then only combines). For an owner that must
   * stay responsive: the first answer at 100,000 customers folds 391 blocks (seconds).
   */
  warm(model: Model, derived: Derived, ctx: DashboardContext, filter: DashboardFilter | undefined, more: () => boolean): boolean {
    const kept = this.keptFor(ctx, JSON.stringify(filter ?? null));
    const from = kept.warmFrom ?? 0;
    let next = this.refold(kept, model, derived, ctx, filter, from, more);
    // Blocks before `from` may have changed since they were folded (an edit between calls).
    if (next === undefined && from > 0) next = this.refold(kept, model, derived, ctx, filter, 0, more);
    kept.warmFrom = next;
    return next === undefined;
  }

  /** Re-folds the changed blocks from block `from` on while `more()`; the block it stopped before, or undefined at the end. */
  private refold(kept: Kept<S, R>, model: Model, derived: Derived, ctx: DashboardContext, filter: DashboardFilter | undefined, from: number, more: () => boolean): number | undefined {
    const blocks = kept.blocks;
    const match = compileFilter(filter);
    // A filter on metrics decides membership by them, whatever the fold reads.
    const reads: Reads = this.reads === 'rows' && filterReadsMetrics(filter) ? 'metrics' : this.reads;
    const ids: string[] = [];
    const rows: CustomerRows[] = [];
    for (const [id, r] of model.customers) {
      ids.push(id);
      rows.push(r);
    }
    const count = Math.ceil(ids.length / BLOCK);
    blocks.length = Math.min(blocks.length, count);
    let folded = 0; // at least one block per call, so a call always makes progress
    for (let b = Math.min(from, count); b < count; b++) {
      const start = b * BLOCK;
      const end = Math.min(ids.length, start + BLOCK);
      const block = blocks[b];
      if (block && this.unchanged(block, ids, rows, derived, ctx, reads, start, end)) continue;
      if (folded++ > 0 && !more()) return b;
      blocks[b] = this.fold(ids, rows, derived, ctx, match, start, end);
    }
    return undefined;
  }

  private fold(ids: string[], rows: CustomerRows[], derived: Derived, ctx: DashboardContext, match: ReturnType<typeof compileFilter>, start: number, end: number): Block<S> {
    const block: Block<S> = { rows: rows.slice(start, end), metrics: [], health: [], fold: this.spec.empty() };
    for (let k = start; k < end; k++) {
      const id = ids[k], r = rows[k];
      const m = derived.metrics.get(id);
      const h = derived.health.get(id);
      block.metrics.push(m);
      block.health.push(h);
      if (match(r.customer, m)) this.spec.add(block.fold, { id, rows: r, m, c: cachedContribution(r, ctx), ctx }, h);
    }
    return block;
  }

  private unchanged(block: Block<S>, ids: string[], rows: CustomerRows[], derived: Derived, ctx: DashboardContext, reads: Reads, start: number, end: number): boolean {
    if (block.rows.length !== end - start) return false;
    for (let k = start, j = 0; k < end; k++, j++) {
      if (block.rows[j] !== rows[k]) return false;
      if (reads === 'rows') continue;
      const id = ids[k];
      if (block.metrics[j] !== derived.metrics.get(id)) return false;
      if (reads !== 'metrics+health') continue;
      const h = derived.health.get(id);
      if (block.health[j] === h) continue;
      if (!this.spec.sameHealth?.(block.health[j], h, ctx)) return false;
      block.health[j] = h;
    }
    return true;
  }

  private keptFor(ctx: DashboardContext, filterKey: string): Kept<S, R> {
    let byFilter = this.kept.get(ctx);
    if (!byFilter) this.kept.set(ctx, (byFilter = new Map()));
    let kept = byFilter.get(filterKey);
    if (!kept) {
      if (byFilter.size >= FILTERS_KEPT) byFilter.clear();
      byFilter.set(filterKey, (kept = { blocks: [] }));
    }
    return kept;
  }
}

/**
 * `sorted` (ordered by `order`, a total order) without the rows of the folds that left and
 * with the rows of the folds that came (`came` is sorted in place): a binary search per new
 * row instead of a new sort.
 */
export function patchSorted<T>(sorted: readonly T[], left: readonly T[], came: T[], order: (a: T, b: T) => number): T[] {
  const gone = new Set(left);
  const kept = gone.size ? sorted.filter((r) => !gone.has(r)) : sorted;
  came.sort(order);
  const out: T[] = new Array(kept.length + came.length);
  let i = 0, o = 0;
  for (const r of came) {
    let lo = i, hi = kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (order(kept[mid], r) <= 0) lo = mid + 1;
      else hi = mid;
    }
    while (i < lo) out[o++] = kept[i++];
    out[o++] = r;
  }
  while (i < kept.length) out[o++] = kept[i++];
  return out;
}

/**
 * One ordered list of an answer: the previous answer's list patched with the rows of the
 * folds that left and came, or, with no previous answer, every fold's rows sorted.
 */
export function orderedRows<S, R, T>(
  blocks: readonly S[], previous: Previous<S, R> | undefined,
  rowsOf: (fold: S) => readonly T[], listOf: (answer: R) => readonly T[], order: (a: T, b: T) => number,
): T[] {
  if (!previous) return blocks.flatMap(rowsOf).sort(order);
  const was = new Set(previous.blocks), is = new Set(blocks);
  const left = previous.blocks.filter((b) => !is.has(b)).flatMap(rowsOf);
  const came = blocks.filter((b) => !was.has(b)).flatMap(rowsOf);
  return patchSorted(listOf(previous.answer), left, came, order);
}
