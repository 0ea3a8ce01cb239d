// Rows that belong to customers: what deleting customers also deletes (cascade), and the
// rows whose customer no longer exists (orphans). Read through `list`, so it works on a
// live workbook or a snapshot.
import { fieldsOf, tableNames, type FieldDef, type TableName } from './schema.js';

export interface RowLister { list(table: TableName): readonly Record<string, unknown>[] }

/** Tables with a customer reference, in the order a person reads them. */
export const customerTables: TableName[] = tableNames.filter((t) => {
  const f = (fieldsOf(t) as Record<string, FieldDef>).customerId;
  return f?.kind === 'ref' && f.table === 'customers';
});

export type RowsByTable = Partial<Record<TableName, string[]>>;

/** Every row of every table that belongs to one of these customers. */
export function dependentRows(wb: RowLister, customerIds: Iterable<string>): RowsByTable {
  const ids = new Set(customerIds);
  const out: RowsByTable = {};
  for (const t of customerTables) {
    const hit = wb.list(t).filter((r) => typeof r.customerId === 'string' && ids.has(r.customerId)).map((r) => r.id as string);
    if (hit.length) out[t] = hit;
  }
  return out;
}

/** A row of a table with a customer whose customer is missing (`isCustomer`: does that id name a live customer?). */
export const isOrphanRow = (row: Readonly<Record<string, unknown>>, isCustomer: (id: string) => boolean): boolean =>
  !(typeof row.customerId === 'string' && isCustomer(row.customerId));

/** Rows whose customer is missing (deleted by a colleague offline, imported without it…). */
export function findOrphans(wb: RowLister, tables: TableName[] = customerTables): RowsByTable {
  const customers = new Set(wb.list('customers').map((c) => c.id as string));
  const isCustomer = (id: string) => customers.has(id);
  const out: RowsByTable = {};
  for (const t of tables) {
    if (!customerTables.includes(t)) continue;
    const hit = wb.list(t).filter((r) => isOrphanRow(r, isCustomer)).map((r) => r.id as string);
    if (hit.length) out[t] = hit;
  }
  return out;
}

export const countRows = (rows: RowsByTable): number => Object.values(rows).reduce((n, ids) => n + (ids?.length ?? 0), 0);
