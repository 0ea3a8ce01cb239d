// Restoring a version: the difference between the version and the live workbook, written as
// ordinary changes on top of the live document (rows brought back, fields set back, rows
// written since removed), so every collaborator converges and history keeps both sides.
// Rows the restore would remove are listed first (plan) and need an explicit confirmation.
import * as Y from 'yjs';
import { openWorkbook, tableNames, type TableName, type Workbook } from '../core/index.js';

/** Parents first when inserting (references must resolve), children first when removing. */
const INSERT_ORDER: TableName[] = ['customers', 'contacts', ...tableNames.filter((t) => t !== 'customers' && t !== 'contacts')];

export interface RemovedRow { table: TableName; id: string; label: string }
export interface RestorePlan {
  /** Rows the version has and the workbook lost (brought back). */
  inserts: number;
  /** Rows whose fields differ (set back to the version's values). */
  updates: number;
  /** Rows written after the version (removed by the restore: shown before confirming). */
  removes: RemovedRow[];
  settings: boolean;
}
export interface RestoreResult extends RestorePlan { skipped: { table: TableName; id: string; message: string }[] }

type Row = Record<string, unknown> & { id: string };
const same = (a: unknown, b: unknown) => Object.is(a, b) || JSON.stringify(a) === JSON.stringify(b);
const labelOf = (r: Row) => String(r.name ?? r.title ?? r.subject ?? r.email ?? r.id);

interface Diff { table: TableName; inserts: Row[]; patches: [string, Record<string, unknown>][]; removes: Row[] }

/** Which of the rows written after the version a restore removes: all, or those listed ("table/id"). */
export type RemovalConsent = true | ReadonlySet<string>;
export const rowKey = (table: string, id: string) => `${table}/${id}`;

function diff(live: Workbook, version: Workbook): Diff[] {
  return INSERT_ORDER.map((table) => {
    const want = new Map((version.list(table) as unknown as Row[]).map((r) => [r.id, r]));
    const d: Diff = { table, inserts: [], patches: [], removes: [] };
    for (const cur of live.list(table) as unknown as Row[]) {
      const target = want.get(cur.id);
      if (!target) { d.removes.push(cur); continue; }
      want.delete(cur.id);
      const patch: Record<string, unknown> = {};
      for (const k of new Set([...Object.keys(cur), ...Object.keys(target)])) {
        if (k !== 'id' && !same(cur[k], target[k])) patch[k] = target[k] ?? null;
      }
      if (Object.keys(patch).length) d.patches.push([cur.id, patch]);
    }
    d.inserts = [...want.values()];
    return d;
  });
}

export function openVersion(data: Uint8Array): Workbook {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, data);
  return openWorkbook(doc);
}

export function planRestore(live: Workbook, version: Workbook): RestorePlan {
  const diffs = diff(live, version);
  return {
    inserts: diffs.reduce((n, d) => n + d.inserts.length, 0),
    updates: diffs.reduce((n, d) => n + d.patches.length, 0),
    removes: diffs.flatMap((d) => d.removes.map((r) => ({ table: d.table, id: r.id, label: labelOf(r) }))),
    settings: !same(live.settings(), version.settings()),
  };
}

/** Writes the restore as one transaction with `origin` (who restored, for history). */
export function applyRestore(live: Workbook, version: Workbook, origin: object, consent: RemovalConsent): RestoreResult {
  const diffs = diff(live, version);
  // A row written after the version that the person was not shown (e.g. added during the
  // restore's confirmation) is kept.
  if (consent !== true) for (const d of diffs) d.removes = d.removes.filter((r) => consent.has(rowKey(d.table, r.id)));
  const plan: RestorePlan = {
    inserts: diffs.reduce((n, d) => n + d.inserts.length, 0),
    updates: diffs.reduce((n, d) => n + d.patches.length, 0),
    removes: diffs.flatMap((d) => d.removes.map((r) => ({ table: d.table, id: r.id, label: labelOf(r) }))),
    settings: !same(live.settings(), version.settings()),
  };
  const skipped: RestoreResult['skipped'] = [];
  const msg = (r: { ok: false; errors: { message: string }[] }) => r.errors.map((e) => e.message).join('; ');
  live.doc.transact(() => {
    for (const d of [...diffs].reverse()) if (d.removes.length) live.remove(d.table, d.removes.map((r) => r.id));
    for (const d of diffs) {
      const batch = live.insertMany(d.table, d.inserts as never[]);
      // One bad row must not block the others: retry row by row and report the refused ones.
      if (!batch.ok) for (const r of d.inserts) {
        const one = live.insert(d.table, r as never);
        if (!one.ok) skipped.push({ table: d.table, id: r.id, message: msg(one) });
      }
      for (const [id, patch] of d.patches) {
        const res = live.update(d.table, id, patch);
        if (!res.ok) skipped.push({ table: d.table, id, message: msg(res) });
      }
    }
    if (plan.settings) {
      const res = live.updateSettings(version.settings() as never);
      if (!res.ok) skipped.push({ table: 'customers', id: 'settings', message: msg(res) });
    }
  }, origin);
  return { ...plan, skipped };
}
