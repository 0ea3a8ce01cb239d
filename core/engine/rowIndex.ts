// Which customer owns each row, per table, kept current from the doc's change events.
// An edit of `customerId` moves a row between customers: both the old and the new owner
// must be recomputed, and only this index remembers the old one (the doc has already
// forgotten it when the change event arrives).
//
// Each row also keeps a sequence number that follows the workbook's list order (a row
// keeps its place when edited, a new or re-inserted row goes last). A customer's rows are
// handed to the metrics in that order, exactly as `prepare(snapshot)` groups them, so that
// floating-point sums (MRR, LTV) come out bit-identical to a full recompute.
import type { TableName } from '../schema.js';

/** Tables whose rows belong to a customer through `customerId` (all but customers). */
export type ChildTable = Exclude<TableName, 'customers'>;

/** The customer a row's `customerId` names (as `prepare` reads it: any string), else undefined. */
export function ownerOf(row: unknown): string | undefined {
  const cid = row && typeof row === 'object' ? (row as { customerId?: unknown }).customerId : undefined;
  return typeof cid === 'string' ? cid : undefined;
}

interface Slot {
  owner: string | undefined;
  seq: number;
}

export class RowIndex {
  private slots = new Map<ChildTable, Map<string, Slot>>();
  private byCustomer = new Map<ChildTable, Map<string, Set<string>>>();
  private nextSeq = 0;

  private tableSlots(table: ChildTable): Map<string, Slot> {
    let m = this.slots.get(table);
    if (!m) this.slots.set(table, (m = new Map()));
    return m;
  }

  private tableRows(table: ChildTable): Map<string, Set<string>> {
    let m = this.byCustomer.get(table);
    if (!m) this.byCustomer.set(table, (m = new Map()));
    return m;
  }

  /** Records row → customer (call in list order); returns the previous owner (undefined for a new or ownerless row). */
  set(table: ChildTable, rowId: string, customerId: string | undefined): string | undefined {
    const slots = this.tableSlots(table);
    const slot = slots.get(rowId);
    if (!slot) {
      slots.set(rowId, { owner: customerId, seq: this.nextSeq++ });
      this.attach(table, rowId, customerId);
      return undefined;
    }
    const prev = slot.owner;
    if (prev !== customerId) {
      this.detach(table, rowId, prev);
      slot.owner = customerId;
      this.attach(table, rowId, customerId);
    }
    return prev;
  }

  /** Forgets a row; returns its owner. */
  delete(table: ChildTable, rowId: string): string | undefined {
    const slots = this.tableSlots(table);
    const slot = slots.get(rowId);
    if (!slot) return undefined;
    slots.delete(rowId);
    this.detach(table, rowId, slot.owner);
    return slot.owner;
  }

  private attach(table: ChildTable, rowId: string, customerId: string | undefined): void {
    if (customerId === undefined) return;
    const rows = this.tableRows(table);
    let s = rows.get(customerId);
    if (!s) rows.set(customerId, (s = new Set()));
    s.add(rowId);
  }

  private detach(table: ChildTable, rowId: string, customerId: string | undefined): void {
    if (customerId === undefined) return;
    const rows = this.tableRows(table);
    const s = rows.get(customerId);
    if (!s) return;
    s.delete(rowId);
    if (s.size === 0) rows.delete(customerId);
  }

  /** Ids of the rows of `table` whose customerId is `customerId` (existing customer or not), in list order. */
  rowsOf(table: ChildTable, customerId: string): string[] {
    const s = this.byCustomer.get(table)?.get(customerId);
    if (!s) return [];
    const ids = [...s];
    if (ids.length > 1) {
      const slots = this.tableSlots(table);
      ids.sort((a, b) => slots.get(a)!.seq - slots.get(b)!.seq);
    }
    return ids;
  }

  /** Rows of `table` whose customerId names no existing customer (or none at all), in list order. */
  orphans(table: ChildTable, customerExists: (id: string) => boolean): string[] {
    const out: string[] = [];
    for (const [rowId, slot] of this.tableSlots(table)) if (slot.owner === undefined || !customerExists(slot.owner)) out.push(rowId);
    return out;
  }

  clear(): void {
    this.slots.clear();
    this.byCustomer.clear();
  }
}
