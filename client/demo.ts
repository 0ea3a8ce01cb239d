// "Load demo data": core's generator, written in slices of rows (one sync update each, well
// under the server's frame cap). The size can be set with ?demo=<customers> (tests use small workbooks).
import { generateWorkbook, tableLoadOrder, type Workbook } from '../core/index.js';

export const DEFAULT_DEMO_CUSTOMERS = 300;
/** Rows per transaction when loading (a multiple of the doc's 1,000-row chunks). */
export const IMPORT_SLICE_ROWS = 5000;

export function demoSize(search: string): number {
  const n = Number(new URLSearchParams(search).get('demo'));
  return Number.isInteger(n) && n > 0 && n <= 100_000 ? n : DEFAULT_DEMO_CUSTOMERS;
}

export function loadDemo(workbook: Workbook, today: string, customers = demoSize(location.search)): { ok: true } | { ok: false; message: string } {
  const data = generateWorkbook({ seed: 42, customers, today });
  const problems: string[] = [];
  // Slices of IMPORT_SLICE_ROWS rows, one transaction each: every sync update stays far below
  // the server's 16 MiB frame cap whatever the size asked for (a 10,000-customer demo is ~60 MB).
  for (const t of tableLoadOrder) {
    const rows = data[t] as unknown as Record<string, unknown>[];
    for (let i = 0; i < rows.length && problems.length < 3; i += IMPORT_SLICE_ROWS) {
      const slice = rows.slice(i, i + IMPORT_SLICE_ROWS);
      workbook.transact(() => {
        const r = workbook.insertMany(t, slice as never);
        if (!r.ok) problems.push(...r.errors.slice(0, 3).map((e) => `${t} ${e.rowId} ${e.field ?? ''}: ${e.message}`));
      });
    }
  }
  if (data.settings) workbook.updateSettings(data.settings);
  return problems.length ? { ok: false, message: problems.join('; ') } : { ok: true };
}
