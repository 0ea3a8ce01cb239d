// "Load demo data": core's generator, written in slices of rows (one sync update each, well
// under the server's frame cap). The size can be set with ?demo=<customers> (tests use small workbooks).
import { generateWorkbook, rowSlices, type Workbook } from '../core/index.js';

export const DEFAULT_DEMO_CUSTOMERS = 300;

export function demoSize(search: string): number {
  const n = Number(new URLSearchParams(search).get('demo'));
  return Number.isInteger(n) && n > 0 && n <= 100_000 ? n : DEFAULT_DEMO_CUSTOMERS;
}

export function loadDemo(workbook: Workbook, today: string, customers = demoSize(location.search)): { ok: true } | { ok: false; message: string } {
  const data = generateWorkbook({ seed: 42, customers, today });
  const problems: string[] = [];
  // One transaction per slice of rows: every sync update stays far below the server's frame cap.
  for (const { table: t, rows } of rowSlices(data)) {
    if (problems.length >= 3) break;
    workbook.transact(() => {
      const r = workbook.insertMany(t, rows as never);
      if (!r.ok) problems.push(...r.errors.slice(0, 3).map((e) => `${t} ${e.rowId} ${e.field ?? ''}: ${e.message}`));
    });
  }
  if (data.settings) workbook.updateSettings(data.settings);
  return problems.length ? { ok: false, message: problems.join('; ') } : { ok: true };
}
