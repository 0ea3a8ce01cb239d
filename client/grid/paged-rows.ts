// A sheet too large for the grid to hold. ag-grid's in-memory model creates, sorts and
// filters a node per row in one task (Usage at 10,000 customers: a million rows, ~4 s with
// the page frozen). Such a sheet uses ag-grid's infinite row model instead: the grid asks
// for pages of rows, and this view answers them from the workbook's own rows, in the order,
// filters and search the person set. Working out the view (which rows, in what order) runs
// in slices (slices.ts), so the page keeps painting and taking keys while it runs; until
// it is done the grid keeps showing the view before.
//
// Two lists: every row in the sort's order (`ordered`, sorted again only when the sort
// changes), and the rows shown (`ids`: `ordered` through the search and filters, in one pass;
// a search that only narrows, a letter typed, passes over the rows shown instead). Both are
// worked out again on a large change (an import). A small change edits them in place: an
// edited row stays where it is (as in a spreadsheet with a filter on: it does not jump away
// under the cursor), a new row goes to its place.
import type { FilterModel, GridApi, IDatasource, IGetRowsParams, SortModelItem } from 'ag-grid-community';
import { customerTables, isOrphanRow, type TableName, type Workbook, type WorkbookChange } from '../../core/index.js';
import type { GridRow } from './columns.js';
import { invalidOf, type InvalidCount } from './invalid-cells.js';
import { compareKeys, compileColumnFilters, compileSearch, sameSort, sortKeyOf, type SortKey } from './paged-query.js';
import type { ColumnReader } from './column-readers.js';
import { compareTie, placeOf, tieNameOf, tieOf, type CustomerRanks } from './row-order.js';
import { mergeSortSteps, runInSlices, yieldToPage, type SliceJob } from './slices.js';

/** A sheet with at least this many rows when it opens is paged: the in-memory grid takes ~6 µs a row in one task (Contracts, 40,000 rows: 290 ms), so past ~10,000 rows its first paint is a task over 50 ms. */
export const PAGED_FROM = 10_000;

/** Whether the table's sheet opens paged (Customers never is: its rows carry the derived columns). */
export const opensPaged = (wb: Workbook, table: TableName): boolean => table !== 'customers' && wb.storedCount(table) >= PAGED_FROM;

/** Changes larger than this work the view out again instead of editing it in place. */
const LARGE_CHANGE = 2_000;

type Raw = Record<string, unknown> & { id: string };

export interface PagedQuery {
  sort: SortModelItem[];
  filter: FilterModel | null;
  /** The quick search's words (search.ts's searchWords). */
  words: string[];
  /** The drill-down from the dashboard: rows of these customers only. */
  customers: ReadonlySet<string> | null;
  invalidOnly: boolean;
}

export interface PagedSheet {
  wb: Workbook;
  table: TableName;
  ranks: CustomerRanks;
  /** The row as the grid shows it (checked: valid values, invalid cells marked). */
  check(raw: Raw): GridRow;
  /** The row has no invalid cell (what check would mark), found without building anything. */
  isValid(raw: Raw): boolean;
  /** The sheet's columns as the view reads them (they change with the language, formula columns...). */
  readers(): readonly ColumnReader[];
  /** The sheet's count of invalid cells (the paged view counts every row, in slices, once open). */
  invalid: InvalidCount;
  onCount(rows: number): void;
  onInvalidTotal(total: number): void;
  onBusy(busy: boolean): void;
  /** The rows whose customer is gone (tables with a customer), found with the invalid cells. */
  onOrphans(ids: readonly string[]): void;
}

const EMPTY: PagedQuery = { sort: [], filter: null, words: [], customers: null, invalidOnly: false };

/** Rows matching `next` are a subset of those matching `prev` (a letter or a word typed). */
function narrows(prev: PagedQuery, next: PagedQuery): boolean {
  return (
    prev.customers === next.customers &&
    prev.invalidOnly === next.invalidOnly &&
    JSON.stringify(prev.filter) === JSON.stringify(next.filter) &&
    sameSort(prev.sort, next.sort) &&
    prev.words.every((w) => next.words.some((n) => n.includes(w)))
  );
}

/** The rows of a paged sheet in view order, and ag-grid's datasource over them. */
export class PagedRows {
  /** The rows shown, in order. */
  private ids: string[] = [];
  /** Every row, in the order of `orderedBy` (null: to be sorted). */
  private ordered: string[] | null = null;
  private orderedBy: SortModelItem[] = [];
  private query: PagedQuery;
  /** The query `ids` answers (null: none yet, or out of date). */
  private shown: PagedQuery | null = null;
  private build: { job: SliceJob<string[]>; waiting: (() => void)[] } | null = null;
  private counting: SliceJob<boolean> | null = null;
  private orphans = new Set<string>();
  private api: GridApi<GridRow> | undefined;
  /** Off screen (a kept sheet, sheet-deck.ts): changes are noted, not worked in, until `resume`. */
  private held = { on: false, missed: false };

  private readonly hasCustomer: boolean;

  constructor(private sheet: PagedSheet, initial: Partial<PagedQuery> = {}) {
    this.query = { ...EMPTY, ...initial };
    this.hasCustomer = customerTables.includes(sheet.table);
  }

  readonly datasource: IDatasource = {
    getRows: (p: IGetRowsParams) => {
      const sort = p.sortModel ?? [];
      const filter = p.filterModel && Object.keys(p.filterModel).length ? (p.filterModel as FilterModel) : null;
      if (!this.shown || !sameSort(sort, this.query.sort) || JSON.stringify(filter) !== JSON.stringify(this.query.filter)) {
        this.rebuild({ sort, filter }, 'asked');
      }
      this.whenBuilt(() => p.successCallback(this.page(p.startRow, p.endRow), this.ids.length));
    },
  };

  /** The grid this view feeds (set when the sheet is first shown). */
  attach(api: GridApi<GridRow>) {
    this.api = api;
  }

  get count(): number {
    return this.ids.length;
  }

  idAt(index: number): string | undefined {
    return this.ids[index];
  }

  indexOf(id: string): number {
    return this.ids.indexOf(id);
  }

  /** Every row of the view, in order (the sheet's export). */
  *rows(): Generator<GridRow> {
    for (const id of this.ids) {
      const raw = this.sheet.wb.get(this.sheet.table, id) as Raw | undefined;
      if (raw) yield this.sheet.check(raw);
    }
  }

  /** The search, drill-down or invalid-cells toggle changed (sort and column filters come through the datasource). */
  setQuery(patch: Partial<Pick<PagedQuery, 'words' | 'customers' | 'invalidOnly'>>) {
    this.rebuild(patch, 'purge');
  }

  /** The sheet left the screen: a customer renamed meanwhile must not recount a million rows nobody sees. */
  hold() {
    this.held.on = true;
  }

  /** Back on screen: what changed meanwhile is worked out again at once (count, order, search), scroll kept. */
  resume() {
    const missed = this.held.missed;
    this.held = { on: false, missed: false };
    if (!missed || this.neverAsked()) return;
    this.countInvalid();
    this.rebuild({}, 'refresh', true);
  }

  /** A change of the workbook: this sheet's rows and, for the orphans and names, the customers. */
  apply(change: WorkbookChange) {
    // Never asked for rows yet (a sheet built ahead, not shown): the first ask reads every row as it is then.
    if (this.neverAsked()) return;
    const { table, wb } = this.sheet;
    const c = change.tables[table];
    const customers = change.tables.customers;
    if (this.held.on) {
      this.held.missed ||= c !== undefined || (customers !== undefined && table !== 'customers');
      return;
    }
    // Names shown and searched, orphans made or mended: counted again, searched and sorted again.
    if (customers && table !== 'customers') {
      this.countInvalid();
      // The rows on screen read their customer's name and orphan mark again.
      this.api?.refreshInfiniteCache();
      const byName = this.query.words.length > 0 || this.query.filter?.customerId !== undefined || this.query.sort.some((s) => s.colId === 'customerId');
      if (byName) return this.rebuild({}, 'refresh', true);
    }
    if (!c || (!c.upserted.length && !c.removed.length)) return;
    if (c.upserted.length + c.removed.length > LARGE_CHANGE || !this.shown || !this.ordered) return this.rebuild({}, 'refresh', true);
    const before = change.before?.[table];
    let moved = c.removed.length > 0;
    let orphansChanged = false;
    if (c.removed.length) {
      const gone = new Set(c.removed);
      this.ids = this.ids.filter((id) => !gone.has(id));
      this.ordered = this.ordered.filter((id) => !gone.has(id));
      for (const id of c.removed) {
        this.sheet.invalid.remove(id);
        orphansChanged = this.orphans.delete(id) || orphansChanged;
      }
    }
    const test = this.test(this.query);
    const cmp = this.compareRows(this.query.sort);
    const at = (list: string[], row: Raw) => {
      let lo = 0, hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        const other = wb.get(table, list[mid]) as Raw | undefined;
        if (other && cmp(other, row) < 0) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    for (const id of c.upserted) {
      const raw = wb.get(table, id) as Raw | undefined;
      if (!raw) continue;
      const row = this.sheet.check(raw);
      this.sheet.invalid.set(row);
      const orphan = this.isOrphan(raw);
      if (orphan !== this.orphans.has(id)) {
        orphansChanged = true;
        if (orphan) this.orphans.add(id);
        else this.orphans.delete(id);
      }
      // `before` lists a row as it was, undefined or absent when it did not exist (a rowless table lists only rows it had).
      const isNew = before ? before.get(id) === undefined : this.ordered.indexOf(id) < 0;
      this.api?.getRowNode(id)?.setData(row);
      if (!isNew) continue;
      // A new row at its place in the order (binary search over the rows in each list).
      this.ordered.splice(at(this.ordered, raw), 0, id);
      if (test && !test(raw)) continue;
      this.ids.splice(at(this.ids, raw), 0, id);
      moved = true;
    }
    this.sheet.onInvalidTotal(this.sheet.invalid.total);
    if (orphansChanged) this.sheet.onOrphans([...this.orphans]);
    if (moved) {
      this.sheet.onCount(this.ids.length);
      this.api?.refreshInfiniteCache();
    }
  }

  dispose() {
    this.build?.job.cancel();
    this.counting?.cancel();
    this.build = null;
  }

  /** Counts every row's invalid cells and finds the orphans, in slices (the toolbar's "n invalid cells", "Clean up"). */
  countInvalid() {
    this.counting?.cancel();
    const { wb, table, invalid } = this.sheet;
    const sheet = this.sheet;
    const isOrphan = (raw: Raw) => this.isOrphan(raw);
    const orphans = new Set<string>();
    this.counting = runInSlices(
      (function* () {
        let seen = 0;
        yield* wb.scanSteps(table, (row) => {
          const raw = row as unknown as Raw;
          // Almost every row is valid: checked (a new row and its messages) only when it is not.
          if (sheet.isValid(raw)) invalid.remove(raw.id);
          else invalid.set(sheet.check(raw));
          if (isOrphan(raw)) orphans.add(raw.id);
          if ((++seen & 1023) === 0) sheet.onInvalidTotal(invalid.total);
        });
        sheet.onInvalidTotal(invalid.total);
        return true;
      })(),
      undefined,
      'background',
    );
    void this.counting.done.then((done) => {
      if (!done) return; // cancelled: a newer count runs
      this.orphans = orphans;
      sheet.onOrphans([...orphans]);
    });
  }

  /** A row whose customer is not in the workbook (core's rule, as the in-memory sheets' clean-up finds them). */
  private isOrphan(raw: Raw): boolean {
    return this.hasCustomer && isOrphanRow(raw, (id) => this.sheet.wb.get('customers', id) !== undefined);
  }


  // ---- the view worked out ----------------------------------------------------------------------

  private page(start: number, end: number): GridRow[] {
    const out: GridRow[] = [];
    const { wb, table } = this.sheet;
    for (let i = start; i < Math.min(end, this.ids.length); i++) {
      const raw = wb.get(table, this.ids[i]) as Raw | undefined;
      // Rows leave the view with the change that removes them: a missing one is a row
      // removed inside this very task, shown empty for the moment rather than shifting the page.
      const row = raw ? this.sheet.check(raw) : ({ id: this.ids[i] } as GridRow);
      out.push(row);
      this.sheet.invalid.set(row);
    }
    return out;
  }

  private neverAsked(): boolean {
    return this.shown === null && !this.build;
  }

  private whenBuilt(go: () => void) {
    if (this.build) this.build.waiting.push(go);
    else go();
  }

  /**
   * Works the view out again for the query with `patch` (`resort`: the rows changed, sort
   * them again too); when done, the grid is told: 'purge' (a new view: back to the top),
   * 'refresh' (the same view, changed: scroll kept), 'asked' (the grid is waiting for rows).
   */
  private rebuild(patch: Partial<PagedQuery>, then: 'purge' | 'refresh' | 'asked', resort = false) {
    const query = (this.query = { ...this.query, ...patch });
    if (resort) this.ordered = null;
    const waiting = this.build?.waiting ?? [];
    this.build?.job.cancel();
    const job = runInSlices(this.steps(query));
    const build = { job, waiting };
    this.build = build;
    this.sheet.onBusy(true);
    void job.done.then((ids) => {
      if (ids === undefined || this.build !== build) return;
      this.build = null;
      const first = this.shown === null && !this.counting;
      this.ids = ids;
      this.shown = query;
      this.sheet.onCount(ids.length);
      // Each page the grid waits for in a task of its own: drawing a page's rows is ag-grid's
      // longest piece of work here (~40–130 ms at 10,000 customers), not to be added to a slice.
      // "Updating rows…" goes once they are drawn (the tasks run in order).
      for (const go of build.waiting) yieldToPage(go);
      yieldToPage(() => {
        if (!this.build) this.sheet.onBusy(false);
      });
      if (first) this.countInvalid();
      if (then === 'purge') {
        // A new set of rows starts at its first, as a search's results do.
        this.api?.ensureIndexVisible(0, 'top');
        this.api?.purgeInfiniteCache();
      }
      else if (then === 'refresh') this.api?.refreshInfiniteCache();
    });
  }

  /** The rows kept by the search, the drill-down, the invalid-cells toggle and the column filters (null: all). */
  private test(query: PagedQuery): ((row: Raw) => boolean) | null {
    const { words, customers, invalidOnly, filter } = query;
    const readers = this.sheet.readers();
    const tests: ((row: GridRow) => boolean)[] = [];
    const isCustomers = this.sheet.table === 'customers';
    if (customers) tests.push((row) => customers.has((isCustomers ? row.id : row.customerId) as string));
    const columns = compileColumnFilters(filter, readers);
    if (columns) tests.push(columns);
    const search = compileSearch(words, readers);
    if (search) tests.push(search);
    // The stored values are read as they are (the readers take any value); only the
    // invalid-cells view needs each row checked.
    if (invalidOnly) {
      const check = this.sheet.check;
      return (raw) => {
        const row = check(raw);
        return invalidOf(row) !== undefined && tests.every((t) => t(row));
      };
    }
    if (!tests.length) return null;
    return (row) => tests.every((t) => t(row));
  }

  /** The order over two rows: the sorted columns, then the sheet's default order. */
  private compareRows(sort: readonly SortModelItem[]): (a: Raw, b: Raw) => number {
    const keyed = this.sortedColumns(sort);
    const place = placeOf(this.sheet.table, this.sheet.ranks.current());
    const tie = tieOf(this.sheet.table, this.sheet.ranks);
    return (a, b) => {
      for (const k of keyed) {
        const d = compareKeys(sortKeyOf(k.reader, a), sortKeyOf(k.reader, b));
        if (d) return d * k.dir;
      }
      return place(a) - place(b) || tie(a, b);
    };
  }

  private sortedColumns(sort: readonly SortModelItem[]) {
    const readers = this.sheet.readers();
    return sort.flatMap((s) => {
      const r = readers.find((x) => x.colId === s.colId);
      return r ? [{ reader: r, dir: s.sort === 'desc' ? -1 : 1 }] : [];
    });
  }

  /** The view's ids, yielding every few thousand rows. */
  private *steps(query: PagedQuery): Generator<void, string[]> {
    const { wb, table } = this.sheet;
    yield* wb.readSteps(table);
    // The search narrowed (a letter typed): only the rows shown can still match.
    const from = this.shown && narrows(this.shown, query) && this.ordered && sameSort(this.orderedBy, query.sort) ? this.ids : null;
    if (!from && (!this.ordered || !sameSort(this.orderedBy, query.sort))) {
      this.ordered = yield* this.sortSteps(query.sort);
      this.orderedBy = query.sort;
    }
    const source = from ?? this.ordered!;
    const test = this.test(query);
    if (!test) return source.slice();
    const ids: string[] = [];
    for (let i = 0; i < source.length; i++) {
      const raw = wb.get(table, source[i]) as Raw | undefined;
      if (raw && test(raw)) ids.push(source[i]);
      if ((i & 1023) === 1023) yield;
    }
    return ids;
  }

  /**
   * Every row's id in the order of `sort`, then the default order. One pass over the rows
   * takes what the order reads (a rowless table decodes them as it goes and keeps none).
   */
  private *sortSteps(sort: readonly SortModelItem[]): Generator<void, string[]> {
    const { wb, table, ranks } = this.sheet;
    const sorted = this.sortedColumns(sort);
    const place = placeOf(table, ranks.current());
    const tieName = tieNameOf(table);
    const ids: string[] = [];
    // One number per row for the default order; the sorted columns' keys before it.
    const places: number[] = [];
    const keys: SortKey[][] = sorted.map(() => []);
    const names: string[] = [];
    yield* wb.scanSteps(table, (row) => {
      const r = row as unknown as Raw;
      ids.push(r.id);
      places.push(place(r));
      for (let s = 0; s < sorted.length; s++) keys[s].push(sortKeyOf(sorted[s].reader, r as GridRow));
      if (tieName) names.push(tieName(r));
    });
    const n = ids.length;
    const cmp = (x: number, y: number): number => {
      for (let s = 0; s < sorted.length; s++) {
        const d = compareKeys(keys[s][x], keys[s][y]);
        if (d) return d * sorted[s].dir;
      }
      return places[x] - places[y] || compareTie(ranks, tieName ? names[x] : '', tieName ? names[y] : '', ids[x], ids[y]);
    };
    const order = new Uint32Array(n);
    for (let j = 0; j < n; j++) order[j] = j;
    yield* mergeSortSteps(order, cmp);
    const out = new Array<string>(n);
    for (let j = 0; j < n; j++) {
      out[j] = ids[order[j]];
      if ((j & 8191) === 8191) yield;
    }
    return out;
  }
}
