// A sheet's field columns as the sheet's own code reads them (not through ag-grid's row
// nodes, which a paged sheet does not have for most rows): the value a column's filter
// tests and the text the quick search finds, from the same column definitions the grid uses.
import type { ColDef } from 'ag-grid-community';
import type { GridRow } from './columns.js';
import { foldSearch } from './search.js';

/** One field column, read off its definition. */
export interface ColumnReader {
  colId: string;
  /** The row's field it reads (its texts depend on this value only). */
  field: string;
  numeric: boolean;
  /** The value its filter tests (a reference reads as the name people see). */
  value(row: GridRow): unknown;
  /** What the quick search finds in it. */
  searchText(row: GridRow): string;
}

type Params = Parameters<NonNullable<ColDef<GridRow>['getQuickFilterText']>>[0];
/** ag-grid's getters read `value` and `data` only here (columns.ts); the rest is not needed. */
const paramsOf = (value: unknown, data: GridRow) => ({ value, data }) as unknown as Params;

export function columnReaders(cols: readonly ColDef<GridRow>[]): ColumnReader[] {
  const out: ColumnReader[] = [];
  for (const c of cols) {
    const field = c.field as string | undefined;
    if (!field) continue;
    const filterValue = c.filterValueGetter;
    const quick = c.getQuickFilterText;
    out.push({
      colId: c.colId ?? field,
      field,
      numeric: c.filter === 'agNumberColumnFilter',
      value: typeof filterValue === 'function' ? (row) => filterValue(paramsOf(row[field], row) as never) : (row) => row[field],
      searchText: (row) => {
        const v = row[field];
        if (quick) return quick(paramsOf(v, row));
        return v === null || v === undefined ? '' : String(v);
      },
    });
  }
  return out;
}

/** A row's text for the quick search: its fields' texts, folded (search.ts). */
export const searchTextOf = (readers: readonly ColumnReader[], row: GridRow): string => foldSearch(readers.map((r) => r.searchText(row)).join(' '));
