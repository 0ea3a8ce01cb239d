// Deleting customers deletes their rows in every table, after a confirmation that counts
// them ("and 4 contracts, 20 activities…"); one transaction, so Ctrl+Z brings all back.
// Orphans (rows whose customer is gone) are removed the same way.
import type { Translator } from '../i18n/catalog.js';
import { countRows, dependentRows, dependentRowsSteps, findOrphans, schema, type RowsByTable, type TableName, type Workbook } from '../../core/index.js';
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
  const changes = { seen: false };
  const off = wb.subscribe(() => (changes.seen = true));
  try {
    const deps = await runInSlices(dependentRowsSteps(wb, ids)).done;
    if (!deps) return false;
    const rows = countRows(deps) ? describeRows(deps, lang, num) : t('grid.cascadeNone');
    if (!ask(t('grid.confirmCascade', { n: num(ids.length), rows }))) return false;
    // A row given to these customers while they were counted (a colleague's) goes with them.
    const now = changes.seen ? dependentRows(wb, ids) : deps;
    beforeRemove?.();
    removeAll(wb, { ...now, customers: ids });
    return true;
  } finally {
    off();
  }
}

export function orphanSummary(wb: Workbook, tables: TableName[], lang: 'en' | 'pt-BR', num: (n: number) => string): { rows: RowsByTable; count: number; text: string } {
  const rows = findOrphans(wb, tables);
  return { rows, count: countRows(rows), text: describeRows(rows, lang, num) };
}
