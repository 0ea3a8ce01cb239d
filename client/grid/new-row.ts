// Values for a new row, so that "Add row" always produces a valid row the person then
// edits: required fields get a neutral default (today's as-of date, 0, the first option, a
// "New customer" name in the interface language).
import type { FieldDef, Lang, TableName } from '../../core/index.js';
import { translate } from '../i18n/catalog.js';

/** The placeholder text of a required text field of a new row. */
const newText = (table: TableName, lang: Lang): string =>
  table === 'customers' ? translate(lang, 'grid.newCustomer') : table === 'activities' ? translate(lang, 'grid.newActivity') : table === 'contacts' ? translate(lang, 'grid.newContact') : '—';

export function newRowDefaults(
  table: TableName,
  fields: Record<string, FieldDef>,
  opts: { asOf: string; customerId?: string; name?: string; lang?: Lang },
): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const [k, f] of Object.entries(fields)) {
    if ('default' in f && f.default !== undefined) row[k] = f.default;
    if (!f.required) continue;
    switch (f.kind) {
      case 'text':
        row[k] = opts.name ?? newText(table, opts.lang ?? 'en');
        break;
      case 'date':
        row[k] = opts.asOf;
        break;
      case 'number':
        row[k] = f.oneOf?.[0] ?? Math.max(0, f.min ?? 0);
        break;
      case 'enum':
        row[k] = f.default ?? f.values[0];
        break;
      case 'boolean':
        row[k] = f.default ?? false;
        break;
      case 'ref':
        if (f.table === 'customers' && opts.customerId) row[k] = opts.customerId;
        break;
    }
  }
  return row;
}
