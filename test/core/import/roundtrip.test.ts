// Export workbook → XLSX → import into an empty workbook gives exactly the same data, on
// the demo portfolio; an import written in a replica and applied as one update with the
// workbook's origin is one undo step; cascade and orphans.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as XLSX from '@e965/xlsx';
import {
  applyPlan, dependentRows, findOrphans, generateWorkbook, openWorkbook, planImport, readSpreadsheet, tableLoadOrder,
  workbookSheets, writeXlsx, type Workbook, type WorkbookData,
} from '../../../core/index.js';

function load(data: WorkbookData): Workbook {
  const wb = openWorkbook(new Y.Doc());
  wb.transact(() => {
    for (const t of tableLoadOrder) {
      const r = wb.insertMany(t, data[t] as never);
      if (!r.ok) throw new Error(JSON.stringify(r.errors.slice(0, 2)));
    }
  });
  return wb;
}

const byId = <T extends { id: string }>(rows: T[]) => [...rows].sort((a, b) => (a.id < b.id ? -1 : 1));
const rowsOf = (d: WorkbookData) => Object.fromEntries(tableLoadOrder.map((t) => [t, byId(d[t] as { id: string }[])]));

describe('export workbook → import', () => {
  it('the demo portfolio comes back identical in an empty workbook', { timeout: 180_000 }, () => {
    const source = load(generateWorkbook({ seed: 7, customers: 40, today: '2026-06-15' }));
    const before = source.snapshot();
    const sheets = workbookSheets(before).map((s) => ({ name: s.name, header: s.header, rows: s.rows, formats: s.money.map((m) => (m ? ('money' as const) : undefined)) }));
    const bytes = writeXlsx(sheets, { currency: 'BRL' });
    const read = readSpreadsheet(bytes, 'pulso-team.xlsx', XLSX);
    expect(read.problem).toBeNull();
    expect(read.sheets.map((s) => s.name)).toEqual(['customers', 'contracts', 'activities', 'surveys', 'invoices', 'tickets', 'usage', 'contacts']);
    const target = openWorkbook(new Y.Doc());
    const plan = planImport(read.sheets, target, { lang: 'pt-BR' });
    expect(plan.counts.invalid).toBe(0);
    expect(plan.sheets.every((s) => s.problem === null)).toBe(true);
    const total = tableLoadOrder.reduce((n, t) => n + before[t].length, 0);
    expect(plan.counts).toEqual({ new: total, changed: 0, unchanged: 0, invalid: 0 });
    expect(applyPlan(target, plan).ok).toBe(true);
    expect(rowsOf(target.snapshot())).toEqual(rowsOf(before));

    // Importing the same file again changes nothing.
    const again = planImport(readSpreadsheet(bytes, 'pulso-team.xlsx', XLSX).sheets, target, { lang: 'pt-BR' });
    expect(again.counts).toEqual({ new: 0, changed: 0, unchanged: total, invalid: 0 });
  });
});

describe('an import applied as one update', () => {
  it('is one undo step for its author, and undo brings the workbook back', () => {
    const main = openWorkbook(new Y.Doc());
    main.insert('customers', { id: 'c1', name: 'Acme', segment: 'SaaS' });
    const um = new Y.UndoManager(main.sharedTypes, { trackedOrigins: new Set([main.origin]) });
    const base = Y.encodeStateAsUpdate(main.doc);
    // The worker's side: a replica, the plan, the write.
    const replicaDoc = new Y.Doc();
    Y.applyUpdate(replicaDoc, base);
    const replica = openWorkbook(replicaDoc);
    const csv = new TextEncoder().encode('Nome;Segmento\nAcme;Indústria\nBeta;Varejo\n');
    const plan = planImport(readSpreadsheet(csv, 'clientes.csv').sheets, replica, { lang: 'pt-BR' });
    const sv = Y.encodeStateVector(replicaDoc);
    expect(applyPlan(replica, plan).ok).toBe(true);
    const update = Y.encodeStateAsUpdate(replicaDoc, sv);
    // The main thread's side.
    Y.applyUpdate(main.doc, update, main.origin);
    expect(main.list('customers').map((c) => [c.name, c.segment]).sort()).toEqual([['Acme', 'Indústria'], ['Beta', 'Varejo']]);
    expect(um.undoStack.length).toBe(1);
    um.undo();
    expect(main.list('customers').map((c) => [c.name, c.segment])).toEqual([['Acme', 'SaaS']]);
  });
});

describe('cascade and orphans', () => {
  it("counts a customer's rows in every table, and finds rows whose customer is gone", () => {
    const wb = load(generateWorkbook({ seed: 3, customers: 5, today: '2026-06-15' }));
    const c = wb.list('customers')[0].id;
    const deps = dependentRows(wb, [c]);
    for (const [t, ids] of Object.entries(deps)) {
      expect(ids).toEqual(wb.list(t as never).filter((r: { customerId?: string }) => r.customerId === c).map((r: { id: string }) => r.id));
    }
    expect(findOrphans(wb)).toEqual({});
    wb.remove('customers', c);
    expect(findOrphans(wb)).toEqual(deps);
  });
});
