// A whole workbook's rows in reference order, in slices: each slice written as one
// transaction makes one sync update far below the server's 16 MiB frame cap (a
// 10,000-customer demo is ~60 MB). The app's demo loader and the benchmarks use it.
import { tableLoadOrder, type TableName } from '../schema.js';
import type { WorkbookData } from '../types.js';

/** Rows per slice (a multiple of the document's 1,000-row chunks). */
export const SLICE_ROWS = 5000;

export function* rowSlices(data: WorkbookData, size = SLICE_ROWS): Generator<{ table: TableName; rows: Record<string, unknown>[] }> {
  for (const table of tableLoadOrder) {
    const rows = (data[table] ?? []) as unknown as Record<string, unknown>[];
    for (let i = 0; i < rows.length; i += size) yield { table, rows: rows.slice(i, i + size) };
  }
}
