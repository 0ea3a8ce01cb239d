// Ctrl/Cmd+C on a sheet: the selected rows (or the focused cell) as TSV and as an HTML
// table, so Excel and Google Sheets paste cells, not one line of text. Cells copy what they
// show (derived cells included); numbers copy unformatted so the receiving sheet reads them.
import type { Column, GridApi, IRowNode } from 'ag-grid-community';
import { UTILITY_COLUMNS, type GridRow } from './columns.js';
import { rectCells, rectText, type Rect } from './range.js';

export interface CopiedBlock { text: string; html: string; cells: number }

const escHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const tsvCell = (s: string) => (/[\t\n\r"]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

export function blockToClipboard(rows: string[][]): CopiedBlock {
  const text = rows.map((r) => r.map(tsvCell).join('\t')).join('\r\n') + '\r\n';
  const html = `<table>${rows.map((r) => `<tr>${r.map((c) => `<td>${escHtml(c).replace(/\n/g, '<br>')}</td>`).join('')}</tr>`).join('')}</table>`;
  return { text, html, cells: rows.reduce((n, r) => n + r.length, 0) };
}

export function shown(api: GridApi<GridRow>, node: IRowNode<GridRow>, col: Column): string {
  const raw = api.getCellValue({ rowNode: node, colKey: col });
  if (raw === null || raw === undefined) return '';
  if (typeof raw === 'number') return Number.isFinite(raw) ? String(raw) : '';
  const v = api.getCellValue({ rowNode: node, colKey: col, useFormatter: true });
  return v === null || v === undefined ? '' : String(v);
}

/** The displayed columns a rectangle can span, in order (not the checkbox and "#" columns). */
export const rangeColumns = (api: GridApi<GridRow>): string[] => api.getAllDisplayedColumns().map((c) => c.getColId()).filter((id) => !UTILITY_COLUMNS.has(id));

/** The rectangle (over one cell), else the selected rows × displayed columns, else the focused cell; null when nothing is selected. */
export function copySelection(api: GridApi<GridRow>, rect: Rect | null = null): CopiedBlock | null {
  if (rect && rectCells(rect) > 1) {
    return blockToClipboard(rectText(rect, (row, col) => {
      const node = api.getDisplayedRowAtIndex(row);
      const column = api.getColumn(col);
      return node?.data && column ? shown(api, node, column) : '';
    }));
  }
  const cols = api.getAllDisplayedColumns().filter((c) => !UTILITY_COLUMNS.has(c.getColId()));
  // In the order shown (a paged sheet's grid holds only the pages it has shown).
  const selected = api.getSelectedNodes().filter((n) => n.data && n.rowIndex !== null).sort((a, b) => a.rowIndex! - b.rowIndex!);
  if (selected.length) return blockToClipboard(selected.map((n) => cols.map((c) => shown(api, n, c))));
  const f = api.getFocusedCell();
  const node = f ? api.getDisplayedRowAtIndex(f.rowIndex) : undefined;
  if (!f || !node?.data) return null;
  return blockToClipboard([[shown(api, node, f.column)]]);
}
