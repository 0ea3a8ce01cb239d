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
  rowsPerTransaction?: number | ((table: TableName) => number);
  /** Called after each piece's transaction (pieces mode only): which table and how many rows it wrote. */
  onPiece?: (table: TableName, rows: number) => void;
}

export function applyPlan(wb: Workbook, plan: ImportPlan, opts: ApplyOptions = {}): ApplyResult {
  const res: ApplyResult = { ok: true, inserted: 0, updated: 0, errors: [] };
  const sheets = plan.sheets.filter((s) => s.table).sort((a, b) => tableLoadOrder.indexOf(a.table!) - tableLoadOrder.indexOf(b.table!));
  const total = sheets.reduce((n, s) => n + s.inserts.length + s.updates.length, 0);
  const per = opts.rowsPerTransaction;
  const stepOf = (t: TableName) => (typeof per === 'function' ? per(t) : per ?? 20000);
  let done = 0;
  const piece = (table: TableName, rows: number, fn: () => void) => {
    if (!per) return fn();
    wb.transact(fn);
    if (res.ok) opts.onPiece?.(table, rows);
  };
  const fail = (errors: ValidationIssue[]) => { res.ok = false; res.errors.push(...errors.slice(0, 20)); };
  const all = () => {
    for (const s of sheets) {
      if (!res.ok) return;
      const table = s.table as TableName;
      const step = stepOf(table);
      for (let i = 0; i < s.inserts.length && res.ok; i += step) {
        piece(table, Math.min(step, s.inserts.length - i), () => {
          const r = wb.insertMany(table, s.inserts.slice(i, i + step).map((x) => x.row) as never);
          if (!r.ok) return fail(r.errors);
          res.inserted += r.value.length;
        });
        opts.progress?.((done = Math.min(total, done + step)), total);
      }
      for (let i = 0; i < s.updates.length && res.ok; i += step) {
        piece(table, Math.min(step, s.updates.length - i), () => {
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
  if (per) all();
  else wb.transact(all);
  return res;
}
