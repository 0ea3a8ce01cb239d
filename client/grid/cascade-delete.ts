// Deleting customers deletes their rows in every table, after a confirmation that counts
// them ("and 4 contracts, 20 activities…"); one transaction, so Ctrl+Z brings all back.
// Orphans (rows whose customer is gone) are removed the same way.
import type { Translator } from '../i18n/catalog.js';
import { countRows, dependentRows, findOrphans, schema, type RowsByTable, type TableName, type Workbook } from '../../core/index.js';

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

/** Deletes the customers and every row of theirs, after asking; returns whether it did. */
export function deleteCustomersCascade(wb: Workbook, ids: string[], t: T, lang: 'en' | 'pt-BR', num: (n: number) => string, ask: (q: string) => boolean): boolean {
  const deps = dependentRows(wb, ids);
  const rows = countRows(deps) ? describeRows(deps, lang, num) : t('grid.cascadeNone');
  if (!ask(t('grid.confirmCascade', { n: num(ids.length), rows }))) return false;
  removeAll(wb, { ...deps, customers: ids });
  return true;
}

export function orphanSummary(wb: Workbook, tables: TableName[], lang: 'en' | 'pt-BR', num: (n: number) => string): { rows: RowsByTable; count: number; text: string } {
  const rows = findOrphans(wb, tables);
  return { rows, count: countRows(rows), text: describeRows(rows, lang, num) };
}
