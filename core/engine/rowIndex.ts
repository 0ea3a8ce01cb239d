// Which customer owns each row, per table, kept current from the doc's change events.
// An edit of `customerId` moves a row between customers: both the old and the new owner
// must be recomputed, and only this index remembers the old one (the doc has already
// forgotten it when the change event arrives).
//
// Row order: `prepare(snapshot)` groups a customer's rows in the workbook's list order, and
// floating-point sums depend on order (MRR of contracts worth 100/3 a month, invoice
// amounts). For those tables each row keeps a sequence number following the list order (a
// row keeps its place when edited; a new or re-inserted row goes last) and a customer's
// rows are returned in that order, so a rebuild is bit-identical to a full recompute. The
// other tables only feed counts, integer sums and order-free picks: no sequence (1M usage
// rows would pay for it at every load).
import type { TableName } from '../schema.js';

/** Tables whose rows belong to a customer through `customerId` (all but customers). */
export type ChildTable = Exclude<TableName, 'customers'>;

/** Tables whose per-customer row order changes a metric (floating-point sums). */
export const ORDERED_TABLES: ReadonlySet<ChildTable> = new Set<ChildTable>(['contracts', 'invoices']);

/** The customer a row's `customerId` names (as `prepare` reads it: any string), else undefined. */
export function ownerOf(row: unknown): string | undefined {
  const cid = row && typeof row === 'object' ? (row as { customerId?: unknown }).customerId : undefined;
  return typeof cid === 'string' ? cid : undefined;
}

class TableIndex {
  /** customerId → its row ids (unordered). */
  readonly members = new Map<string, string[]>();
  /** Rows with no usable customerId (for orphans). */
  readonly ownerless = new Set<string>();
  /** rowId → list position, for ordered tables only. */
  readonly seq: Map<string, number> | null;

  constructor(ordered: boolean) {
    this.seq = ordered ? new Map() : null;
  }

  attach(rowId: string, customerId: string | undefined): void {
    if (customerId === undefined) {
      this.ownerless.add(rowId);
      return;
    }
    const list = this.members.get(customerId);
    if (list) list.push(rowId);
    else this.members.set(customerId, [rowId]);
  }

  detach(rowId: string, customerId: string | undefined): void {
    if (customerId === undefined) {
      this.ownerless.delete(rowId);
      return;
    }
    const list = this.members.get(customerId);
    if (!list) return;
    const i = list.lastIndexOf(rowId);
    if (i < 0) return;
    list[i] = list[list.length - 1];
    list.pop();
    if (list.length === 0) this.members.delete(customerId);
  }
}

/** A changed row's owner before the change: `existed` false for a row that is new. */
export interface PreviousOwner {
  existed: boolean;
  owner: string | undefined;
}

export class RowIndex {
  private tables = new Map<ChildTable, TableIndex>();
  private nextSeq = 0;

  // The index holds only the per-customer id lists; a changed row's previous owner comes
  // from the caller (`move`/`drop`: the doc's change event knows the rows as they were).
  // A row → owner map of its own cost ~0.8 s of load and ~50 MB at 1.5 M rows.

  private table(table: ChildTable): TableIndex {
    let t = this.tables.get(table);
    if (!t) this.tables.set(table, (t = new TableIndex(ORDERED_TABLES.has(table))));
    return t;
  }

  /** Bulk load: `ids` (taken over, not copied) are rows owned by `customerId`. Call `sequence` for their list order. */
  addMembers(table: ChildTable, customerId: string | undefined, ids: string[]): void {
    const t = this.table(table);
    if (customerId === undefined || t.members.has(customerId)) for (const id of ids) t.attach(id, customerId);
    else if (ids.length > 0) t.members.set(customerId, ids);
  }

  /** Bulk load: the table's row ids in list order (numbers the rows of ordered tables; no-op for the others). */
  sequence(table: ChildTable, ids: Iterable<string>): void {
    const seq = this.table(table).seq;
    if (seq) for (const id of ids) seq.set(id, this.nextSeq++);
  }

  /** A row now owned by `customerId`, whose owner before was `prev` (as the caller knows it). */
  move(table: ChildTable, rowId: string, prev: PreviousOwner, customerId: string | undefined): void {
    this.place(this.table(table), rowId, prev, customerId);
  }

  /** A row removed; `prev` is its owner before (as the caller knows it). */
  drop(table: ChildTable, rowId: string, prev: PreviousOwner): void {
    if (!prev.existed) return;
    const t = this.table(table);
    t.seq?.delete(rowId);
    t.detach(rowId, prev.owner);
  }

  private place(t: TableIndex, rowId: string, prev: PreviousOwner, customerId: string | undefined): void {
    if (!prev.existed) {
      t.seq?.set(rowId, this.nextSeq++);
      t.attach(rowId, customerId);
    } else if (prev.owner !== customerId) {
      t.detach(rowId, prev.owner);
      t.attach(rowId, customerId);
    }
  }

  /** Ids of the rows of `table` whose customerId is `customerId` (existing customer or not); list order where it matters. */
  rowsOf(table: ChildTable, customerId: string): string[] {
    const t = this.table(table);
    const list = t.members.get(customerId);
    if (!list) return [];
    const ids = list.slice();
    const seq = t.seq;
    if (seq && ids.length > 1) ids.sort((a, b) => seq.get(a)! - seq.get(b)!);
    return ids;
  }

  /** Rows of `table` whose customerId names no existing customer (or none at all). */
  orphans(table: ChildTable, customerExists: (id: string) => boolean): string[] {
    const out: string[] = [];
    const t = this.table(table);
    for (const rowId of t.ownerless) out.push(rowId);
    for (const [owner, ids] of t.members) if (!customerExists(owner)) out.push(...ids);
    return out;
  }

  clear(): void {
    this.tables.clear();
  }
}
