// Deleting customers deletes their rows in every table, after a confirmation that counts
// them ("and 4 contracts, 20 activities…"); one transaction, so Ctrl+Z brings all back.
// Orphans (rows whose customer is gone) are removed the same way.
import type { Translator } from '../i18n/catalog.js';
import { countRows, customerTables, dependentRowsSteps, findOrphans, schema, type RowsByTable, type TableName, type Workbook } from '../../core/index.js';
import { runInSlices } from './slices.js';

type T = Translator;

/** "4 contracts, 20 activities" in the interface language (table labels from the schema). */
export function describeRows(rows: RowsByTable, lang: 'en' | 'pt-BR', num: (n: number) => string): string {
  return (Object.entries(rows) as [TableName, string[]][])
    .map(([t, ids]) => `${num(ids.length)} ${schema[t].label[lang].toLowerCase()}`)
    .join(', ');
}

export function removeAll(wb: Workbook, rows: RowsByTable): void {
  wb.transact(() => {
    for (const [t, ids] of Object.entries(rows) as [TableName, string[]][]) if (ids.length) wb.remove(t, ids);
  });
}

/**
 * Deletes the customers and every row of theirs, after asking; resolves to whether it did.
 * Their rows are found in slices (a workbook of 10,000 customers has 1.5M rows to look at,
 * most of them decoded from stored chunks: ~0.5 s), so the page stays responsive meanwhile.
 */
export async function deleteCustomersCascade(wb: Workbook, ids: string[], t: T, lang: 'en' | 'pt-BR', num: (n: number) => string, ask: (q: string) => boolean, beforeRemove?: () => void): Promise<boolean> {
  // The rows a change touches while they are counted (a colleague's) are read again at removal.
  const changed = new Map<TableName, Set<string>>();
  const off = wb.subscribe((c) => {
    for (const table of customerTables) {
      const upserted = c.tables[table]?.upserted;
      if (!upserted?.length) continue;
      const seen = changed.get(table) ?? new Set<string>();
      for (const id of upserted) seen.add(id);
      changed.set(table, seen);
    }
  });
  try {
    const deps = await runInSlices(dependentRowsSteps(wb, ids)).done;
    if (!deps) return false;
    const rows = countRows(deps) ? describeRows(deps, lang, num) : t('grid.cascadeNone');
    if (!ask(t('grid.confirmCascade', { n: num(ids.length), rows }))) return false;
    beforeRemove?.();
    removeAll(wb, { ...recounted(wb, deps, changed, new Set(ids)), customers: ids });
    return true;
  } finally {
    off();
  }
}

/** `deps` with the rows changed since they were counted read again: those naming one of `customers` now in, the others out. */
function recounted(wb: Workbook, deps: RowsByTable, changed: ReadonlyMap<TableName, ReadonlySet<string>>, customers: ReadonlySet<string>): RowsByTable {
  if (changed.size === 0) return deps;
  const out: RowsByTable = {};
  for (const table of customerTables) {
    const rows = new Set(deps[table]);
    for (const id of changed.get(table) ?? []) {
      const owner = (wb.get(table, id) as { customerId?: unknown } | undefined)?.customerId;
      if (typeof owner === 'string' && customers.has(owner)) rows.add(id);
      else rows.delete(id);
    }
    if (rows.size) out[table] = [...rows];
  }
  return out;
}

export function orphanSummary(wb: Workbook, tables: TableName[], lang: 'en' | 'pt-BR', num: (n: number) => string): { rows: RowsByTable; count: number; text: string } {
  const rows = findOrphans(wb, tables);
  return { rows, count: countRows(rows), text: describeRows(rows, lang, num) };
}
