// Paste of a tab-separated block (Excel, Google Sheets) at the focused cell. Planning is
// pure: which rows get which values, which lines are rejected and why. Writing happens in
// one workbook transaction, so the whole paste is one undo step.
import type { FieldDef, Lang } from '../../core/index.js';
import { translate } from '../i18n/catalog.js';
import type { Coerced } from './coerce.js';

export interface PasteColumn {
  colId: string;
  label: string;
  /** null for a computed (read-only) column. */
  field: FieldDef | null;
}

export interface PastePlan {
  updates: { line: number; id: string; patch: Record<string, unknown> }[];
  inserts: { line: number; row: Record<string, unknown> }[];
  /** Lines (1-based, as in the pasted block) that will not be written, with the reason. */
  errors: { line: number; message: string }[];
}

/**
 * @param block rows × cells of text
 * @param targets row id per block line, null where the paste runs past the last row (new row)
 * @param columns the columns from the focused one rightwards, in display order
 */
export function planPaste(
  block: string[][],
  targets: (string | null)[],
  columns: PasteColumn[],
  coerce: (field: FieldDef, text: string) => Coerced,
  lang: Lang = 'en',
): PastePlan {
  const plan: PastePlan = { updates: [], inserts: [], errors: [] };
  block.forEach((cells, i) => {
    const line = i + 1;
    const patch: Record<string, unknown> = {};
    const problems: string[] = [];
    cells.forEach((text, j) => {
      const col = columns[j];
      if (!col) {
        if (text.trim() !== '') problems.push(translate(lang, 'grid.pasteBeyond', { n: j + 1 }));
        return;
      }
      if (!col.field) {
        if (text.trim() !== '') problems.push(translate(lang, 'grid.pasteComputed', { label: col.label }));
        return;
      }
      if (text.trim() === '') {
        patch[col.colId] = null;
        return;
      }
      const c = coerce(col.field, text);
      if (c.ok) patch[col.colId] = c.value;
      else problems.push(c.message); // names the field already
    });
    if (problems.length) {
      plan.errors.push({ line, message: problems.join('; ') });
      return;
    }
    const id = targets[i] ?? null;
    if (id) plan.updates.push({ line, id, patch });
    else {
      const row: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(patch)) if (v !== null) row[k] = v;
      plan.inserts.push({ line, row });
    }
  });
  return plan;
}
