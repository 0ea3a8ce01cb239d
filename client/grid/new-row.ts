// Values for a new row, so that "Add row" always produces a valid row the person then
// edits: required fields get a neutral default (today's as-of date, 0, the first option).
import type { FieldDef, TableName } from '../../core/index.js';

export function newRowDefaults(
  table: TableName,
  fields: Record<string, FieldDef>,
  opts: { asOf: string; customerId?: string; name?: string },
): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const [k, f] of Object.entries(fields)) {
    if ('default' in f && f.default !== undefined) row[k] = f.default;
    if (!f.required) continue;
    switch (f.kind) {
      case 'text':
        row[k] = opts.name ?? (table === 'customers' ? 'New customer' : '—');
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
