// A sheet too large for the grid to hold. ag-grid's in-memory model creates, sorts and
// filters a node per row in one task (Usage at 10,000 customers: a million rows, ~4 s with
// the page frozen). Such a sheet uses ag-grid's infinite row model instead: the grid asks
// for pages of rows, and this view answers them from the workbook's own rows, in the order,
// filters and search the person set. Working out the view (which rows, in what order) runs
// in slices (slices.ts), so the page keeps painting and taking keys while it runs; until
// it is done the grid keeps showing the view before.
//
// The view is worked out again when the person changes the sort, a column filter, the
// search, the drill-down or the invalid-cells toggle, and when a change is large (an import).
// A small change edits it in place: an edited row stays where it is (as in a spreadsheet
// with a filter on: it does not jump away under the cursor), a new row goes to its place.
import type { FilterModel, GridApi, IDatasource, IGetRowsParams, SortModelItem } from 'ag-grid-community';
import type { TableName, Workbook, WorkbookChange } from '../../core/index.js';
import type { GridRow } from './columns.js';
import { invalidOf, type InvalidCount } from './invalid-cells.js';
import { compareKeys, compileColumnFilters, compileSearch, sameSort, sortKeyOf, type ColumnReader, type SortKey } from './paged-query.js';
import { placeOf, tieOf, type CustomerRanks } from './row-order.js';
import { mergeSortSteps, runInSlices, type SliceJob } from './slices.js';

/** A sheet with at least this many rows when it opens is paged: the in-memory grid takes ~6 µs a row in one task (Contracts, 40,000 rows: 290 ms), so past ~10,000 rows its first paint is a task over 50 ms. */
export const PAGED_FROM = 10_000;

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
  /** The sheet's columns as the view reads them (they change with the language, formula columns...). */
  readers(): readonly ColumnReader[];
  /** The sheet's count of invalid cells (the paged view counts every row, in slices, once open). */
  invalid: InvalidCount;
  onCount(rows: number): void;
  onInvalidTotal(total: number): void;
  onBusy(busy: boolean): void;
}

const EMPTY: PagedQuery = { sort: [], filter: null, words: [], customers: null, invalidOnly: false };

/** The rows of a paged sheet in view order, and ag-grid's datasource over them. */
export class PagedRows {
  private ids: string[] = [];
  private query: PagedQuery;
  private build: { job: SliceJob<string[]>; waiting: (() => void)[] } | null = null;
  private counting: SliceJob<void> | null = null;
  private api: GridApi<GridRow> | undefined;
  /** Built at least once: the grid's first request waits for it. */
  private ready = false;

  constructor(private sheet: PagedSheet, initial: Partial<PagedQuery> = {}) {
    this.query = { ...EMPTY, ...initial };
  }

  readonly datasource: IDatasource = {
    getRows: (p: IGetRowsParams) => {
      const sort = p.sortModel ?? [];
      const filter = p.filterModel && Object.keys(p.filterModel).length ? (p.filterModel as FilterModel) : null;
      if (!this.ready || !sameSort(sort, this.query.sort) || JSON.stringify(filter) !== JSON.stringify(this.query.filter)) {
        this.rebuild({ sort, filter }, 'asked');
      }
      this.whenBuilt(() => p.successCallback(this.page(p.startRow, p.endRow), this.ids.length));
    },
  };

  /** The grid this view feeds (set once the grid exists). */
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

  /** A change of the workbook: this sheet's rows (`rows`) and, for the orphans and names, the customers. */
  apply(change: WorkbookChange) {
    const { table, wb } = this.sheet;
    const c = change.tables[table];
    const customers = change.tables.customers;
    // Names shown and searched, orphans made or mended: counted again, searched again.
    if (customers && table !== 'customers') {
      this.countInvalid();
      if (this.query.words.length || this.query.filter?.customerId) return this.rebuild({}, 'refresh');
    }
    if (!c || (!c.upserted.length && !c.removed.length)) return;
    if (c.upserted.length + c.removed.length > LARGE_CHANGE || !this.ready) return this.rebuild({}, 'refresh');
    const before = change.before?.[table];
    let moved = c.removed.length > 0;
    if (c.removed.length) {
      const gone = new Set(c.removed);
      this.ids = this.ids.filter((id) => !gone.has(id));
      for (const id of c.removed) this.sheet.invalid.remove(id);
    }
    const test = this.test();
    const cmp = this.compareRows();
    for (const id of c.upserted) {
      const raw = wb.get(table, id) as Raw | undefined;
      if (!raw) continue;
      const row = this.sheet.check(raw);
      this.sheet.invalid.set(row);
      const isNew = before ? before.has(id) && before.get(id) === undefined : this.ids.indexOf(id) < 0;
      const node = this.api?.getRowNode(id);
      if (node) node.setData(row);
      if (!isNew || (test && !test(row))) continue;
      // A new row at its place in the view's order (binary search over the rows in view).
      let lo = 0, hi = this.ids.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        const other = wb.get(table, this.ids[mid]) as Raw | undefined;
        if (other && cmp(this.sheet.check(other), row) < 0) lo = mid + 1;
        else hi = mid;
      }
      this.ids.splice(lo, 0, id);
      moved = true;
    }
    this.sheet.onInvalidTotal(this.sheet.invalid.total);
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

  /** Counts every row's invalid cells in slices (the toolbar's "n invalid cells"). */
  countInvalid() {
    this.counting?.cancel();
    const { wb, table, invalid } = this.sheet;
    const sheet = this.sheet;
    const check = sheet.check;
    const job = runInSlices(
      (function* () {
        const all = wb.list(table) as unknown as Raw[];
        for (let i = 0; i < all.length; i++) {
          invalid.set(check(all[i]));
          if ((i & 1023) === 1023) {
            sheet.onInvalidTotal(invalid.total);
            yield;
          }
        }
        sheet.onInvalidTotal(invalid.total);
      })(),
    );
    this.counting = job;
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

  private whenBuilt(go: () => void) {
    if (this.build) this.build.waiting.push(go);
    else go();
  }

  /**
   * Works the view out again for the query with `patch`; when done, the grid is told:
   * 'purge' (a new view: back to the top), 'refresh' (the same view, changed: scroll kept),
   * 'asked' (the grid is waiting for rows already).
   */
  private rebuild(patch: Partial<PagedQuery>, then: 'purge' | 'refresh' | 'asked') {
    this.query = { ...this.query, ...patch };
    const waiting = this.build?.waiting ?? [];
    this.build?.job.cancel();
    const job = runInSlices(this.steps(this.query));
    const build = { job, waiting };
    this.build = build;
    this.sheet.onBusy(true);
    void job.done.then((ids) => {
      if (ids === undefined || this.build !== build) return;
      this.build = null;
      this.ids = ids;
      const first = !this.ready;
      this.ready = true;
      this.sheet.onBusy(false);
      this.sheet.onCount(ids.length);
      for (const go of build.waiting) go();
      if (first) this.countInvalid();
      if (then === 'purge') this.api?.purgeInfiniteCache();
      else if (then === 'refresh') this.api?.refreshInfiniteCache();
    });
  }

  /** The rows kept by the search, the drill-down, the invalid-cells toggle and the column filters. */
  private test(): ((row: GridRow) => boolean) | null {
    const { words, customers, invalidOnly, filter } = this.query;
    const readers = this.sheet.readers();
    const tests: ((row: GridRow) => boolean)[] = [];
    const isCustomers = this.sheet.table === 'customers';
    if (customers) tests.push((row) => customers.has((isCustomers ? row.id : row.customerId) as string));
    if (invalidOnly) tests.push((row) => invalidOf(row) !== undefined);
    const columns = compileColumnFilters(filter, readers);
    if (columns) tests.push(columns);
    const search = compileSearch(words, readers);
    if (search) tests.push(search);
    if (!tests.length) return null;
    return (row) => tests.every((t) => t(row));
  }

  /** The view's order over two rows: the sorted columns, then the sheet's default order. */
  private compareRows(): (a: GridRow, b: GridRow) => number {
    const { sort } = this.query;
    const readers = this.sheet.readers();
    const keyed = sort.flatMap((s) => {
      const r = readers.find((x) => x.colId === s.colId);
      return r ? [{ reader: r, dir: s.sort === 'desc' ? -1 : 1 }] : [];
    });
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

  /** The view's ids, yielding every few thousand rows. */
  private *steps(query: PagedQuery): Generator<void, string[]> {
    const { wb, table, ranks } = this.sheet;
    const all = wb.list(table) as unknown as Raw[];
    const test = this.test();
    const readers = this.sheet.readers();
    const sorted = query.sort.flatMap((s) => {
      const r = readers.find((x) => x.colId === s.colId);
      return r ? [{ reader: r, dir: s.sort === 'desc' ? -1 : 1 }] : [];
    });
    // Rows kept, checked only when something reads their values.
    const needsRows = test !== null || sorted.length > 0;
    const rows: GridRow[] = [];
    for (let i = 0; i < all.length; i++) {
      const row = needsRows ? this.sheet.check(all[i]) : (all[i] as GridRow);
      if (!test || test(row)) rows.push(row);
      if ((i & 1023) === 1023) yield;
    }
    const n = rows.length;
    // One number per row for the default order; the sorted columns' keys before it.
    const place = placeOf(table, ranks.current());
    const places = new Float64Array(n);
    const keys: SortKey[][] = sorted.map(() => new Array<SortKey>(n));
    for (let j = 0; j < n; j++) {
      places[j] = place(rows[j]);
      for (let s = 0; s < sorted.length; s++) keys[s][j] = sortKeyOf(sorted[s].reader, rows[j]);
      if ((j & 1023) === 1023) yield;
    }
    const tie = tieOf(table, ranks);
    const cmp = (x: number, y: number): number => {
      for (let s = 0; s < sorted.length; s++) {
        const d = compareKeys(keys[s][x], keys[s][y]);
        if (d) return d * sorted[s].dir;
      }
      return places[x] - places[y] || tie(rows[x], rows[y]);
    };
    const order = new Uint32Array(n);
    for (let j = 0; j < n; j++) order[j] = j;
    yield* mergeSortSteps(order, cmp);
    const ids = new Array<string>(n);
    for (let j = 0; j < n; j++) {
      ids[j] = rows[order[j]].id;
      if ((j & 8191) === 8191) yield;
    }
    return ids;
  }
}
