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

export interface ApplyOptions {
  progress?: (done: number, total: number) => void;
  /**
   * Rows per Yjs transaction. Default: the whole plan in one. The client writes in pieces so
   * that the main thread applies (and the server receives) them in short steps, and groups
   * them into one undo step.
   */
  rowsPerTransaction?: number;
}

export function applyPlan(wb: Workbook, plan: ImportPlan, opts: ApplyOptions = {}): ApplyResult {
  const res: ApplyResult = { ok: true, inserted: 0, updated: 0, errors: [] };
  const sheets = plan.sheets.filter((s) => s.table).sort((a, b) => tableLoadOrder.indexOf(a.table!) - tableLoadOrder.indexOf(b.table!));
  const total = sheets.reduce((n, s) => n + s.inserts.length + s.updates.length, 0);
  const step = opts.rowsPerTransaction ?? 20000;
  let done = 0;
  const piece = (fn: () => void) => (opts.rowsPerTransaction ? wb.transact(fn) : fn());
  const fail = (errors: ValidationIssue[]) => { res.ok = false; res.errors.push(...errors.slice(0, 20)); };
  const all = () => {
    for (const s of sheets) {
      if (!res.ok) return;
      const table = s.table as TableName;
      for (let i = 0; i < s.inserts.length && res.ok; i += step) {
        piece(() => {
          const r = wb.insertMany(table, s.inserts.slice(i, i + step).map((x) => x.row) as never);
          if (!r.ok) return fail(r.errors);
          res.inserted += r.value.length;
        });
        opts.progress?.((done = Math.min(total, done + step)), total);
      }
      for (let i = 0; i < s.updates.length && res.ok; i += step) {
        piece(() => {
          for (const u of s.updates.slice(i, i + step)) {
            const r = wb.update(table, u.id, u.patch);
            if (!r.ok) return fail(r.errors);
            res.updated++;
          }
        });
      }
      opts.progress?.((done += s.updates.length), total);
    }
  };
  if (opts.rowsPerTransaction) all();
  else wb.transact(all);
  return res;
}
