// Rows as the grid sees them: read through core's checkRow, so renderers, sorters and
// filters only ever get valid values; each invalid cell is marked, with the problem in the
// interface language on hover, and the sheet counts them ("3 invalid cells").
import type { ColDef, ITooltipParams, CellClassParams } from 'ag-grid-community';
import { checkRow, fieldsOf, type CellIssue, type FieldDef, type Lang, type TableName, type ValidationContext } from '../../core/index.js';
import type { GridRow } from './columns.js';

/** Key on a grid row holding its invalid cells: field → message. */
export const INVALID = '$invalid';
export type InvalidCells = Record<string, string>;

export const invalidOf = (row: GridRow | undefined): InvalidCells | undefined => row?.[INVALID] as InvalidCells | undefined;

const PHRASES: Record<CellIssue['code'], { en: string; 'pt-BR': string }> = {
  required: { en: 'is required', 'pt-BR': 'é obrigatório' },
  type: { en: 'has a value of the wrong kind', 'pt-BR': 'tem um valor do tipo errado' },
  range: { en: 'is out of the allowed range', 'pt-BR': 'está fora do intervalo permitido' },
  enum: { en: 'is not one of the allowed values', 'pt-BR': 'não é um dos valores permitidos' },
  date: { en: 'must be a date (YYYY-MM-DD)', 'pt-BR': 'deve ser uma data (AAAA-MM-DD)' },
  integer: { en: 'must be a whole number', 'pt-BR': 'deve ser um número inteiro' },
  reference: { en: 'points to a row that does not exist', 'pt-BR': 'aponta para uma linha que não existe' },
  'unknown-table': { en: 'is in an unknown table', 'pt-BR': 'está em uma tabela desconhecida' },
  'duplicate-id': { en: 'has an id used twice', 'pt-BR': 'tem um id usado duas vezes' },
  readonly: { en: 'cannot be changed', 'pt-BR': 'não pode ser alterado' },
};
const INVALID_WORD = { en: 'Invalid value', 'pt-BR': 'Valor inválido' };

/** A short, inert rendering of whatever was stored (never calls the value's own methods). */
export function showRaw(v: unknown): string {
  let s: string;
  try {
    s = typeof v === 'string' ? JSON.stringify(v) : typeof v === 'number' || typeof v === 'boolean' ? String(v) : (JSON.stringify(v) ?? typeof v);
  } catch {
    s = typeof v;
  }
  return s.length > 60 ? s.slice(0, 57) + '…' : s;
}

/**
 * The grid row for a stored row: valid values only, and its invalid cells with their
 * messages. A customerId naming a customer that is gone makes the row an orphan: its cell
 * says so (`orphan`, from the catalog) and the row is listed in the invalid-cells view
 * with the sheet's one-click clean-up.
 */
export function gridRowOf(table: TableName, raw: unknown, refs: ValidationContext, lang: Lang, orphan?: (customerId: string) => string): GridRow {
  const { row, issues } = checkRow(table, raw, refs);
  const out = row as GridRow;
  if (issues.length) {
    const fields = fieldsOf(table) as Record<string, FieldDef>;
    const cells: InvalidCells = {};
    for (const i of issues) {
      const label = fields[i.field]?.label[lang] ?? i.field;
      const got = (raw as Record<string, unknown> | null)?.[i.field];
      if (orphan && i.code === 'reference' && i.field === 'customerId' && typeof got === 'string') {
        cells[i.field] = orphan(got);
        continue;
      }
      const value = i.code === 'required' ? '' : ` (${showRaw(got)})`;
      cells[i.field] = `${INVALID_WORD[lang]}: ${label} ${PHRASES[i.code][lang]}${value}`;
    }
    out[INVALID] = cells;
  }
  return out;
}

/** Field columns get an invalid-cell mark and its message as tooltip (other tooltips kept). */
export function withInvalidMarks(cols: ColDef<GridRow>[]): ColDef<GridRow>[] {
  return cols.map((c) => {
    const field = c.field as string | undefined;
    if (!field) return c;
    const own = c.tooltipValueGetter;
    return {
      ...c,
      cellClassRules: { ...c.cellClassRules, 'cell-invalid': (p: CellClassParams<GridRow>) => invalidOf(p.data)?.[field] !== undefined },
      tooltipValueGetter: (p: ITooltipParams<GridRow>) => invalidOf(p.data)?.[field] ?? own?.(p),
    };
  });
}

/**
 * Rows whose customer reference may have changed meaning: those naming a customer that was
 * just removed (now orphans) or added back (an undo: no longer orphans). Their invalid
 * cells must be worked out again; every other row's stay as they are.
 */
export function orphanRecheck(rows: Iterable<GridRow>, customers: { upserted: readonly string[]; removed: readonly string[] }): GridRow[] {
  const ids = new Set([...customers.upserted, ...customers.removed]);
  if (ids.size === 0) return [];
  const out: GridRow[] = [];
  for (const r of rows) if (typeof r.customerId === 'string' && ids.has(r.customerId)) out.push(r);
  return out;
}

/** Invalid cells per row id, summed: the sheet's header count. */
export class InvalidCount {
  private byRow = new Map<string, number>();
  total = 0;
  set(row: GridRow) {
    const n = Object.keys(invalidOf(row) ?? {}).length;
    this.total += n - (this.byRow.get(row.id) ?? 0);
    if (n) this.byRow.set(row.id, n);
    else this.byRow.delete(row.id);
  }
  remove(id: string) {
    this.total -= this.byRow.get(id) ?? 0;
    this.byRow.delete(id);
  }
}
