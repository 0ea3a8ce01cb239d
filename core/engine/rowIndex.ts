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
const ORDERED: ReadonlySet<ChildTable> = new Set<ChildTable>(['contracts', 'invoices']);

/** The customer a row's `customerId` names (as `prepare` reads it: any string), else undefined. */
export function ownerOf(row: unknown): string | undefined {
  const cid = row && typeof row === 'object' ? (row as { customerId?: unknown }).customerId : undefined;
  return typeof cid === 'string' ? cid : undefined;
}

class TableIndex {
  /** rowId → owner (undefined: no usable customerId). */
  readonly owner = new Map<string, string | undefined>();
  /** customerId → its row ids (unordered). */
  readonly members = new Map<string, string[]>();
  /** rowId → list position, for ordered tables only. */
  readonly seq: Map<string, number> | null;

  constructor(ordered: boolean) {
    this.seq = ordered ? new Map() : null;
  }

  attach(rowId: string, customerId: string | undefined): void {
    if (customerId === undefined) return;
    const list = this.members.get(customerId);
    if (list) list.push(rowId);
    else this.members.set(customerId, [rowId]);
  }

  detach(rowId: string, customerId: string | undefined): void {
    if (customerId === undefined) return;
    const list = this.members.get(customerId);
    if (!list) return;
    const i = list.lastIndexOf(rowId);
    if (i < 0) return;
    list[i] = list[list.length - 1];
    list.pop();
    if (list.length === 0) this.members.delete(customerId);
  }
}

export class RowIndex {
  private tables = new Map<ChildTable, TableIndex>();
  private nextSeq = 0;

  private table(table: ChildTable): TableIndex {
    let t = this.tables.get(table);
    if (!t) this.tables.set(table, (t = new TableIndex(ORDERED.has(table))));
    return t;
  }

  /** Records row → customer (call in list order); returns the previous owner (undefined for a new or ownerless row). */
  set(table: ChildTable, rowId: string, customerId: string | undefined): string | undefined {
    const t = this.table(table);
    const prev = t.owner.get(rowId);
    if (prev === undefined && !t.owner.has(rowId)) {
      t.owner.set(rowId, customerId);
      t.seq?.set(rowId, this.nextSeq++);
      t.attach(rowId, customerId);
      return undefined;
    }
    if (prev !== customerId) {
      t.detach(rowId, prev);
      t.owner.set(rowId, customerId);
      t.attach(rowId, customerId);
    }
    return prev;
  }

  /** Forgets a row; returns its owner. */
  delete(table: ChildTable, rowId: string): string | undefined {
    const t = this.table(table);
    if (!t.owner.has(rowId)) return undefined;
    const prev = t.owner.get(rowId);
    t.owner.delete(rowId);
    t.seq?.delete(rowId);
    t.detach(rowId, prev);
    return prev;
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
    for (const [rowId, owner] of this.table(table).owner) if (owner === undefined || !customerExists(owner)) out.push(rowId);
    return out;
  }

  clear(): void {
    this.tables.clear();
  }
}
