// "Export what I see": the grid's displayed columns in their order (derived columns
// included) and its rows after filter and sort, as typed cells — numbers as numbers,
// dates as dates, everything else as the text the cell shows — with the headers in the
// interface language. toCsv writes them the way the person's Excel opens them.
import type { Column, GridApi, IRowNode } from 'ag-grid-community';
import Papa from 'papaparse';
import type { FieldDef, Lang, XCell, XSheet } from '../../core/index.js';
import { UTILITY_COLUMNS, type GridRow } from '../grid/columns.js';

const ISO = /^\d{4}-\d{2}-\d{2}$/;
const MONEY_METRICS = new Set(['mrr', 'arr', 'tcv', 'ltv']);

export function exportableColumns(api: GridApi<GridRow>): Column[] {
  return api.getAllDisplayedColumns().filter((c) => !UTILITY_COLUMNS.has(c.getColId()));
}

/** The visible table as one sheet of typed cells; `rows`: the rows in view order when the grid does not hold them all (a paged sheet). */
export function viewSheet(api: GridApi<GridRow>, name: string, rows?: Iterable<GridRow>): XSheet {
  const cols = exportableColumns(api);
  const header = cols.map((c) => (c.getColDef().headerName ?? c.getColId()).replace(/ \*$/, ''));
  const formats = cols.map((c) => {
    const ctx = c.getColDef().context as { field?: FieldDef; metric?: string } | undefined;
    if (ctx?.field?.kind === 'number' && ctx.field.format === 'money') return 'money' as const;
    if (ctx?.metric && MONEY_METRICS.has(ctx.metric)) return 'money' as const;
    if (ctx?.metric?.startsWith('variation')) return 'percent' as const;
    return undefined;
  });
  const cells: XCell[][] = [];
  if (rows) for (const row of rows) cells.push(cols.map((c) => cellOfRow(api, row, c)));
  else
    api.forEachNodeAfterFilterAndSort((node: IRowNode<GridRow>) => {
      if (node.data) cells.push(cols.map((c) => cellOf(c, api.getCellValue({ rowNode: node, colKey: c }), () => api.getCellValue({ rowNode: node, colKey: c, useFormatter: true }))));
    });
  return { name, header, rows: cells, formats };
}

/** A cell of a row the grid does not hold: a paged sheet's columns are its fields (columns.ts). */
function cellOfRow(api: GridApi<GridRow>, row: GridRow, col: Column): XCell {
  const def = col.getColDef();
  const raw = def.field ? row[def.field] : undefined;
  const format = typeof def.valueFormatter === 'function' ? def.valueFormatter : null;
  return cellOf(col, raw, () => (format ? format({ value: raw, data: row, node: null, colDef: def, column: col, api, context: undefined }) : raw));
}

function cellOf(col: Column, raw: unknown, shownOf: () => unknown): XCell {
  if (raw === null || raw === undefined || raw === '') return null;
  const ctx = col.getColDef().context as { field?: FieldDef } | undefined;
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : null;
  if (typeof raw === 'string' && ISO.test(raw) && ctx?.field?.kind !== 'text') return { date: raw };
  const shown = shownOf();
  return shown === null || shown === undefined ? null : String(shown);
}

/** CSV as the person's Excel opens it: pt-BR with `;`, decimal comma and dd/mm/yyyy; English with `,` and ISO dates; UTF-8 BOM. */
export function toCsv(sheet: XSheet, lang: Lang): string {
  const pt = lang === 'pt-BR';
  const text = (v: XCell): string => {
    if (v === null || v === undefined) return '';
    if (typeof v === 'number') return pt ? String(v).replace('.', ',') : String(v);
    if (typeof v === 'boolean') return v ? (pt ? 'Sim' : 'Yes') : pt ? 'Não' : 'No';
    if (typeof v === 'object') return pt ? `${v.date.slice(8, 10)}/${v.date.slice(5, 7)}/${v.date.slice(0, 4)}` : v.date;
    return v;
  };
  const data = [sheet.header, ...sheet.rows.map((r) => r.map(text))];
  return '\ufeff' + Papa.unparse(data, { delimiter: pt ? ';' : ',', newline: '\r\n' });
}
