// The sheets' default row order, the same in every browser and every session (instead of
// the order this browser happened to learn the rows in): customers by name in the
// workbook locale's collation (accents and case ignored, "Cliente 2" before "Cliente 10");
// the dated sheets newest first, then by customer name, then id; contacts by customer, then
// name. A header click sorts as usual; the default order applies when no column is sorted.
//
// Cost: the grid asks for the order on every change it applies (a derived-metrics update
// of the Customers sheet, a colleague's edit), and the Usage sheet can hold a million rows.
// So each row gets one number (its place) computed once and kept on the row, the check
// "already in order" is one pass of number comparisons, and the customers' name order is
// kept incrementally (a rename moves one name; collating 10,000 names costs ~0.1 s).
import type { TableName, Workbook } from '../../core/index.js';
import type { GridRow } from './columns.js';

/** The date a row of each sheet is ordered by (the first present of these fields), newest first. */
const DATE_OF: Partial<Record<TableName, readonly string[]>> = {
  contracts: ['startDate'],
  activities: ['dueDate', 'doneAt'],
  surveys: ['date'],
  invoices: ['issueDate'],
  tickets: ['openedAt'],
  usage: ['date'],
};

const nameOf = (row: Record<string, unknown> | undefined): string => (row && typeof row.name === 'string' ? row.name : '');

function collatorOf(locale: string): Intl.Collator {
  try {
    return new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
  } catch {
    return new Intl.Collator('en', { sensitivity: 'base', numeric: true });
  }
}

/** Every customer's place in name order, kept up to date as names change. */
export class CustomerRanks {
  /** Bumped whenever a place may have changed: rows re-read their place then. */
  version = 0;
  private order: { id: string; name: string }[] = [];
  private ranks = new Map<string, number>();
  private collator: Intl.Collator | null = null;
  private locale = '';
  private dirty = true;
  private pending = new Set<string>();
  private readonly off: () => void;

  constructor(private wb: Workbook, private localeOf: () => string) {
    this.off = wb.subscribe((c) => {
      const t = c.tables.customers;
      if (!t || this.dirty) return;
      for (const id of t.upserted) {
        const i = this.ranks.get(id);
        if (i === undefined || this.order[i].name !== nameOf(wb.get('customers', id) as Record<string, unknown> | undefined)) this.pending.add(id);
      }
      // A bulk change (import, demo load) is cheaper to order from scratch.
      if (this.pending.size > 64) this.dirty = true;
    });
  }

  dispose() {
    this.off();
  }

  /** Customer id → place; call once per ordering pass. */
  current(): ReadonlyMap<string, number> {
    const locale = this.localeOf();
    if (locale !== this.locale || !this.collator) {
      this.locale = locale;
      this.collator = collatorOf(locale);
      this.dirty = true;
    }
    if (this.dirty) this.rebuild();
    else if (this.pending.size) this.move();
    return this.ranks;
  }

  /** Two names in the workbook locale's collation (after current()). */
  compareNames(a: string, b: string): number {
    return (this.collator ?? collatorOf(this.locale)).compare(a, b);
  }

  private cmp = (a: { id: string; name: string }, b: { id: string; name: string }) =>
    this.collator!.compare(a.name, b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

  private rebuild() {
    this.order = (this.wb.list('customers') as unknown as (Record<string, unknown> & { id: string })[]).map((r) => ({ id: r.id, name: nameOf(r) }));
    this.order.sort(this.cmp);
    this.reindex(0);
    this.dirty = false;
    this.pending.clear();
  }

  /** Renamed or new customers: each taken out and put back at its place (binary search). */
  private move() {
    let from = this.order.length;
    for (const id of this.pending) {
      const at = this.ranks.get(id);
      if (at !== undefined) {
        this.order.splice(at, 1);
        from = Math.min(from, at);
        this.reindex(at);
      }
      const row = this.wb.get('customers', id) as Record<string, unknown> | undefined;
      if (!row) continue;
      const item = { id, name: nameOf(row) };
      let lo = 0, hi = this.order.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.cmp(this.order[mid], item) < 0) lo = mid + 1;
        else hi = mid;
      }
      this.order.splice(lo, 0, item);
      from = Math.min(from, lo);
      this.reindex(lo);
    }
    this.pending.clear();
  }

  private reindex(from: number) {
    for (let i = from; i < this.order.length; i++) this.ranks.set(this.order[i].id, i);
    this.version++;
  }
}

const shared = new WeakMap<Workbook, CustomerRanks>();
/** The workbook's customer name order, shared by its sheets (kept as long as the workbook). */
export function customerRanks(wb: Workbook, localeOf: () => string): CustomerRanks {
  let r = shared.get(wb);
  if (!r) shared.set(wb, (r = new CustomerRanks(wb, localeOf)));
  return r;
}

const PLACE = '$place';
const PLACE_VERSION = '$placeV';
const UNKNOWN = 2 ** 20; // after every customer (up to a million)
const NO_DATE = 0;

/** An ISO date as an increasing number (not a day count: only the order matters). */
const dateNumber = (d: string) => (+d.slice(0, 4) * 13 + +d.slice(5, 7)) * 32 + +d.slice(8, 10);
const MAX_DATE = dateNumber('9999-12-31') + 1;

function dateOf(row: Record<string, unknown>, fields: readonly string[]): string {
  for (const f of fields) {
    const v = row[f];
    if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v)) return v;
  }
  return '';
}

export interface RowOrder {
  /** Puts the nodes in the default order (in place); cheap when they already are. */
  sort(nodes: { data?: GridRow }[]): void;
  compare(a: GridRow, b: GridRow): number;
}

type Row = Record<string, unknown> & { id: string };

/** A row's place in its sheet's default order as one number: its customer's place, under its date's (newest first; undated last). */
export function placeOf(table: TableName, places: ReadonlyMap<string, number>): (row: Row) => number {
  const dated = DATE_OF[table];
  const rank = (id: unknown) => places.get(id as string) ?? UNKNOWN;
  if (table === 'customers') return (row) => rank(row.id);
  return (row) => {
    const d = dated ? dateOf(row, dated) : '';
    return (MAX_DATE - (d ? dateNumber(d) : NO_DATE)) * (UNKNOWN + 1) + rank(row.customerId);
  };
}

/** What the tie reads of a row besides its id: a contact's name (null: the id alone). */
export function tieNameOf(table: TableName): ((row: Row) => string) | null {
  return table === 'contacts' ? nameOf : null;
}

/** Rows with the same place: contacts by name, then every sheet by id (`nameA`/`nameB` from tieNameOf, '' when it is null). */
export function compareTie(ranks: CustomerRanks, nameA: string, nameB: string, idA: string, idB: string): number {
  return (nameA || nameB ? ranks.compareNames(nameA, nameB) : 0) || (idA < idB ? -1 : idA > idB ? 1 : 0);
}

/** Rows with the same place: contacts by name, then every sheet by id. */
export function tieOf(table: TableName, ranks: CustomerRanks): (a: Row, b: Row) => number {
  const name = tieNameOf(table);
  return (a, b) => compareTie(ranks, name?.(a) ?? '', name?.(b) ?? '', a.id, b.id);
}

/** The default order of one sheet (the in-memory grid's nodes). */
export function rowOrder(table: TableName, ranks: CustomerRanks): RowOrder {
  let place = placeOf(table, new Map());
  // Kept on the grid row (the sheet's own object, rebuilt when the stored row changes).
  const placeOfRow = (row: GridRow): number => {
    if (row[PLACE_VERSION] === ranks.version) return row[PLACE] as number;
    const p = place(row);
    row[PLACE] = p;
    row[PLACE_VERSION] = ranks.version;
    return p;
  };
  const tie = tieOf(table, ranks);
  const compare = (a: GridRow, b: GridRow) => placeOfRow(a) - placeOfRow(b) || tie(a, b);
  return {
    compare,
    sort(nodes) {
      place = placeOf(table, ranks.current());
      const n = nodes.length;
      // The places in a flat array: the "already in order" pass and the sort read numbers only.
      const keys = new Float64Array(n);
      for (let i = 0; i < n; i++) keys[i] = placeOfRow(nodes[i].data!);
      let sorted = true;
      for (let i = 1; i < n && sorted; i++) {
        const d = keys[i - 1] - keys[i];
        if (d > 0 || (d === 0 && tie(nodes[i - 1].data!, nodes[i].data!) > 0)) sorted = false;
      }
      if (sorted) return;
      const order = new Uint32Array(n);
      for (let i = 0; i < n; i++) order[i] = i;
      order.sort((x, y) => keys[x] - keys[y] || tie(nodes[x].data!, nodes[y].data!));
      const before = nodes.slice();
      for (let i = 0; i < n; i++) nodes[i] = before[order[i]];
    },
  };
}
