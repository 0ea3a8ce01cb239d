// The whole workbook as sheets for one XLSX (Export workbook): one sheet per table named
// after it, our field ids in the header row, values typed (numbers, booleans, ISO dates as
// dates) so the file imports back into an empty workbook to exactly the same data.
import { fieldsOf, tableNames, type FieldDef, type TableName } from '../schema.js';
import type { WorkbookData } from '../types.js';

export type OutCell = string | number | boolean | { date: string } | null;
export interface OutSheet { name: string; table: TableName; header: string[]; rows: OutCell[][]; kinds: (FieldDef['kind'] | 'id')[]; money: boolean[] }

/** Excel's row limit per sheet; a longer table continues on "<name> (2)". */
export const XLSX_MAX_ROWS = 1_048_575;

export function workbookSheets(data: WorkbookData): OutSheet[] {
  const out: OutSheet[] = [];
  for (const t of tableNames) {
    const fields = fieldsOf(t) as Record<string, FieldDef>;
    const names = Object.keys(fields);
    const header = ['id', ...names];
    const kinds: OutSheet['kinds'] = ['id', ...names.map((n) => fields[n].kind)];
    const money = [false, ...names.map((n) => { const f = fields[n]; return f.kind === 'number' && f.format === 'money'; })];
    const rows = (data[t] as unknown as Record<string, unknown>[]).map((r) => header.map((h, i) => outCell(r[h], kinds[i])));
    for (let i = 0, part = 1; i < rows.length || part === 1; i += XLSX_MAX_ROWS, part++) {
      out.push({ name: part === 1 ? t : `${t} (${part})`, table: t, header, rows: rows.slice(i, i + XLSX_MAX_ROWS), kinds, money });
    }
  }
  return out;
}

function outCell(v: unknown, kind: OutSheet['kinds'][number]): OutCell {
  if (v === undefined || v === null || v === '') return null;
  if (kind === 'date' && typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return { date: v };
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return v;
  return JSON.stringify(v);
}
