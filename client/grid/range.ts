// A rectangle of cells of our own (ag-grid community has no range selection): an anchor
// cell and the cell it was extended to (Shift+click, Shift+arrows), over the displayed
// columns in their order. Marked with a cell class; Ctrl/Cmd+C copies it (clipboard.ts),
// Esc or a plain click clears it. Rows are displayed row indexes (after filter and sort),
// so a sort or a filter clears the rectangle.
import type { ColDef, ColGroupDef, CellClassParams } from 'ag-grid-community';
import type { GridRow } from './columns.js';

export interface CellPos { row: number; col: string }
export interface Rect { top: number; bottom: number; cols: string[] }

/** The rectangle between two cells, columns in display order; null when a column is not displayed. */
export function rectOf(anchor: CellPos, end: CellPos, displayed: readonly string[]): Rect | null {
  const a = displayed.indexOf(anchor.col);
  const b = displayed.indexOf(end.col);
  if (a < 0 || b < 0) return null;
  return { top: Math.min(anchor.row, end.row), bottom: Math.max(anchor.row, end.row), cols: displayed.slice(Math.min(a, b), Math.max(a, b) + 1) };
}

export const rectCells = (r: Rect): number => (r.bottom - r.top + 1) * r.cols.length;

export const inRect = (r: Rect | null, row: number | null | undefined, col: string): boolean =>
  r !== null && row !== null && row !== undefined && row >= r.top && row <= r.bottom && r.cols.includes(col);

/** The rectangle's cells as text, row by row (what the clipboard block is made of). */
export function rectText(r: Rect, text: (row: number, col: string) => string): string[][] {
  const out: string[][] = [];
  for (let row = r.top; row <= r.bottom; row++) out.push(r.cols.map((c) => text(row, c)));
  return out;
}

/** Every column (groups included) gets the `cell-range` mark while `current()` covers the cell. */
type Def = ColDef<GridRow> | ColGroupDef<GridRow>;
export function withRangeMarks(defs: Def[], current: () => Rect | null): Def[] {
  return defs.map((d): Def => {
    if ('children' in d) return { ...d, children: withRangeMarks(d.children, current) };
    return { ...d, cellClassRules: { ...d.cellClassRules, 'cell-range': (p: CellClassParams<GridRow>) => inRect(current(), p.node.rowIndex, p.column.getColId()) } };
  });
}
