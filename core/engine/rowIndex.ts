// Which customer owns each row, per table, kept current from the doc's change events.
// An edit of `customerId` moves a row between customers: both the old and the new owner
// must be recomputed, and only this index remembers the old one (the doc has already
// forgotten it when the change event arrives).
import type { TableName } from '../schema.js';

/** Tables whose rows belong to a customer through `customerId` (all but customers). */
export type ChildTable = Exclude<TableName, 'customers'>;

/** The owner a row's `customerId` names, or undefined when missing/invalid (an orphan of nobody). */
export function ownerOf(row: unknown): string | undefined {
  const cid = row && typeof row === 'object' ? (row as { customerId?: unknown }).customerId : undefined;
  return typeof cid === 'string' && cid.length > 0 ? cid : undefined;
}

export class RowIndex {
  private owner = new Map<ChildTable, Map<string, string | undefined>>();
  private byCustomer = new Map<ChildTable, Map<string, Set<string>>>();

  private tableOwner(table: ChildTable): Map<string, string | undefined> {
    let m = this.owner.get(table);
    if (!m) this.owner.set(table, (m = new Map()));
    return m;
  }

  private tableRows(table: ChildTable): Map<string, Set<string>> {
    let m = this.byCustomer.get(table);
    if (!m) this.byCustomer.set(table, (m = new Map()));
    return m;
  }

  /** Records row → customer; returns the previous owner (undefined for a new or ownerless row). */
  set(table: ChildTable, rowId: string, customerId: string | undefined): string | undefined {
    const owners = this.tableOwner(table);
    const prev = owners.get(rowId);
    if (owners.has(rowId) && prev === customerId) return prev;
    this.detach(table, rowId, prev);
    owners.set(rowId, customerId);
    if (customerId !== undefined) {
      const rows = this.tableRows(table);
      let s = rows.get(customerId);
      if (!s) rows.set(customerId, (s = new Set()));
      s.add(rowId);
    }
    return prev;
  }

  /** Forgets a row; returns its owner. */
  delete(table: ChildTable, rowId: string): string | undefined {
    const owners = this.tableOwner(table);
    const prev = owners.get(rowId);
    owners.delete(rowId);
    this.detach(table, rowId, prev);
    return prev;
  }

  private detach(table: ChildTable, rowId: string, customerId: string | undefined): void {
    if (customerId === undefined) return;
    const rows = this.tableRows(table);
    const s = rows.get(customerId);
    if (!s) return;
    s.delete(rowId);
    if (s.size === 0) rows.delete(customerId);
  }

  /** Ids of the rows of `table` whose customerId is `customerId` (whether or not that customer exists). */
  rowsOf(table: ChildTable, customerId: string): Iterable<string> {
    return this.byCustomer.get(table)?.get(customerId) ?? [];
  }

  /** Rows of `table` whose customerId names no existing customer (or none at all). */
  *orphans(table: ChildTable, customerExists: (id: string) => boolean): Iterable<string> {
    for (const [rowId, cid] of this.tableOwner(table)) if (cid === undefined || !customerExists(cid)) yield rowId;
  }

  clear(): void {
    this.owner.clear();
    this.byCustomer.clear();
  }
}
