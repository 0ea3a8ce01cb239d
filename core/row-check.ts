// What a renderer, sorter or filter may see of a row read from the document: only values
// that pass the schema's per-cell check (core/field.ts), plus the list of cells that did not
// (with validation's message). A peer can write anything into the shared document
// (`{"toString": "x"}`, 1e308, a nested object); the grid reads every row through this.
import { fieldsOf, type FieldDef, type TableName } from './schema.js';
import { fieldProblem, isEmpty } from './field.js';
import { validateRow, type ValidationContext } from './validate.js';
import type { ValidationIssue } from './types.js';

export { rowIsValid } from './validate.js';

export interface CellIssue { field: string; code: ValidationIssue['code']; message: string }

export interface CheckedRow {
  /** `id` plus the schema's fields whose values are valid (invalid ones are left out: empty). */
  row: { id: string } & Record<string, unknown>;
  /** Every problem validation finds in the row, by field (required and reference ones included). */
  issues: CellIssue[];
}

/** Never throws, whatever `raw` is. */
export function checkRow(table: TableName, raw: unknown, ctx: ValidationContext = {}): CheckedRow {
  const src = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const id = typeof src.id === 'string' ? src.id : '';
  const row: { id: string } & Record<string, unknown> = { id };
  const fields = fieldsOf(table) as Record<string, FieldDef>;
  for (const name in fields) {
    const v = src[name];
    if (isEmpty(v)) continue;
    if (fieldProblem(fields[name], v) === null) row[name] = v;
  }
  const issues = validateRow(table, raw, ctx).map((i) => ({ field: i.field ?? 'id', code: i.code, message: i.message }));
  return { row, issues };
}
