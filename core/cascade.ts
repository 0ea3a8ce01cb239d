// Rows that belong to customers: what deleting customers also deletes (cascade), and the
// rows whose customer no longer exists (orphans). On a live workbook the rows are read in
// steps (`scanSteps`: a rowless table is decoded a chunk at a time and no list of a
// million row objects is built; a page runs the steps in slices); on a snapshot, `list`.
import { fieldsOf, tableNames, type FieldDef, type TableName } from './schema.js';

export interface RowLister {
  list(table: TableName): readonly Record<string, unknown>[];
  scanSteps?(table: TableName, visit: (row: Readonly<Record<string, unknown>>) => void): Generator<void, void>;
}

/** Runs steps to their end at once. */
export function runToEnd<T>(steps: Generator<void, T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** The ids of a table's rows that pass `test`. */
function* idsWhere(wb: RowLister, table: TableName, test: (row: Readonly<Record<string, unknown>>) => boolean): Generator<void, string[]> {
  const out: string[] = [];
  const visit = (r: Readonly<Record<string, unknown>>) => {
    if (test(r)) out.push(r.id as string);
  };
  if (wb.scanSteps) yield* wb.scanSteps(table, visit);
  else wb.list(table).forEach(visit);
  return out;
}

/** Tables with a customer reference, in the order a person reads them. */
export const customerTables: TableName[] = tableNames.filter((t) => {
  const f = (fieldsOf(t) as Record<string, FieldDef>).customerId;
  return f?.kind === 'ref' && f.table === 'customers';
});

export type RowsByTable = Partial<Record<TableName, string[]>>;

/** Every row of every table that belongs to one of these customers, in steps. */
export function* dependentRowsSteps(wb: RowLister, customerIds: Iterable<string>): Generator<void, RowsByTable> {
  const ids = new Set(customerIds);
  const out: RowsByTable = {};
  for (const t of customerTables) {
    const hit = yield* idsWhere(wb, t, (r) => typeof r.customerId === 'string' && ids.has(r.customerId));
    if (hit.length) out[t] = hit;
  }
  return out;
}

/** Every row of every table that belongs to one of these customers. */
export const dependentRows = (wb: RowLister, customerIds: Iterable<string>): RowsByTable => runToEnd(dependentRowsSteps(wb, customerIds));

/** A row of a table with a customer whose customer is missing (`isCustomer`: does that id name a live customer?). */
export const isOrphanRow = (row: Readonly<Record<string, unknown>>, isCustomer: (id: string) => boolean): boolean =>
  !(typeof row.customerId === 'string' && isCustomer(row.customerId));

/** Rows whose customer is missing (deleted by a colleague offline, imported without it…). */
export function findOrphans(wb: RowLister, tables: TableName[] = customerTables): RowsByTable {
  return runToEnd(findOrphansSteps(wb, tables));
}

/** `findOrphans` in steps. */
function* findOrphansSteps(wb: RowLister, tables: TableName[] = customerTables): Generator<void, RowsByTable> {
  const customers = new Set(yield* idsWhere(wb, 'customers', () => true));
  const isCustomer = (id: string) => customers.has(id);
  const out: RowsByTable = {};
  for (const t of tables) {
    if (!customerTables.includes(t)) continue;
    const hit = yield* idsWhere(wb, t, (r) => isOrphanRow(r, isCustomer));
    if (hit.length) out[t] = hit;
  }
  return out;
}

export const countRows = (rows: RowsByTable): number => Object.values(rows).reduce((n, ids) => n + (ids?.length ?? 0), 0);
