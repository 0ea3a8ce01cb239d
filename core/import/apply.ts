// Writes an import plan into a workbook as one transaction (one undo step), in reference
// order. The workbook validates every row again; if anything is refused the caller must
// discard the document it wrote to (the client plans and writes in a worker's replica and
// sends the main document one update only when everything was written).
import type { Workbook } from '../doc/workbook.js';
import { tableLoadOrder, type TableName } from '../schema.js';
import type { ValidationIssue } from '../types.js';
import type { ImportPlan } from './plan.js';

export interface ApplyResult {
  ok: boolean;
  inserted: number;
  updated: number;
  errors: ValidationIssue[];
}

export function applyPlan(wb: Workbook, plan: ImportPlan, progress?: (done: number, total: number) => void): ApplyResult {
  const res: ApplyResult = { ok: true, inserted: 0, updated: 0, errors: [] };
  const sheets = plan.sheets.filter((s) => s.table).sort((a, b) => tableLoadOrder.indexOf(a.table!) - tableLoadOrder.indexOf(b.table!));
  const total = sheets.reduce((n, s) => n + s.inserts.length + s.updates.length, 0);
  let done = 0;
  wb.transact(() => {
    for (const s of sheets) {
      if (!res.ok) return;
      const table = s.table as TableName;
      const STEP = 20000;
      for (let i = 0; i < s.inserts.length && res.ok; i += STEP) {
        const r = wb.insertMany(table, s.inserts.slice(i, i + STEP).map((x) => x.row) as never);
        if (!r.ok) { res.ok = false; res.errors.push(...r.errors.slice(0, 20)); return; }
        res.inserted += r.value.length;
        progress?.((done += r.value.length), total);
      }
      for (const u of s.updates) {
        const r = wb.update(table, u.id, u.patch);
        if (!r.ok) { res.ok = false; res.errors.push(...r.errors.slice(0, 20)); return; }
        res.updated++;
      }
      progress?.((done += s.updates.length), total);
    }
  });
  return res;
}
