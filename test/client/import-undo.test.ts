// The wizard's write path without the browser: the worker's replica writes the plan in
// pieces (one update each); the main doc applies them in separate tasks with the
// workbook's origin inside undo.group(): one Ctrl+Z takes the whole import back, and the
// person's earlier edit stays its own step.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyPlan, openWorkbook, planImport, readSpreadsheet } from '../../core/index.js';
import { startUndo } from '../../client/undo.js';
import { runInSlices, type SliceClock } from '../../client/import/slices.js';

/** The replica's pieces of an import of `n` new customers, `perPiece` rows each, planned against `main`. */
function piecesOf(main: ReturnType<typeof openWorkbook>, n: number, perPiece: number) {
  const replicaDoc = new Y.Doc();
  Y.applyUpdate(replicaDoc, Y.encodeStateAsUpdate(main.doc));
  const replica = openWorkbook(replicaDoc);
  const lines = ['Nome;Segmento', ...Array.from({ length: n }, (_, i) => `Cliente ${i};Varejo`)];
  const plan = planImport(readSpreadsheet(new TextEncoder().encode(lines.join('\n')), 'c.csv').sheets, replica, { lang: 'pt-BR' });
  const pieces: { kind: string; rows: number; update: Uint8Array }[] = [];
  let pending: Uint8Array[] = [];
  replicaDoc.on('update', (u: Uint8Array) => pending.push(u));
  const res = applyPlan(replica, plan, { rowsPerTransaction: perPiece, onPiece: (table, rows) => { for (const u of pending) pieces.push({ kind: table, rows, update: u }); pending = []; } });
  expect(res.ok).toBe(true);
  return pieces;
}

describe('an import applied in pieces', () => {
  it('is one undo step, separate from the edit before it', async () => {
    const main = openWorkbook(new Y.Doc());
    main.insert('customers', { id: 'c1', name: 'Acme', segment: 'SaaS' });
    const undo = startUndo(main.sharedTypes as Y.AbstractType<unknown>[], main.origin);
    main.update('customers', 'c1', { plan: 'Pro' }); // the person's own edit, just before

    const replicaDoc = new Y.Doc();
    Y.applyUpdate(replicaDoc, Y.encodeStateAsUpdate(main.doc));
    const replica = openWorkbook(replicaDoc);
    const lines = ['Nome;Segmento', 'Acme;Indústria', ...Array.from({ length: 9 }, (_, i) => `Nova ${i};Varejo`)];
    const plan = planImport(readSpreadsheet(new TextEncoder().encode(lines.join('\n')), 'c.csv').sheets, replica, { lang: 'pt-BR' });
    const pieces: Uint8Array[] = [];
    replicaDoc.on('update', (u: Uint8Array) => pieces.push(u));
    expect(applyPlan(replica, plan, { rowsPerTransaction: 3 }).ok).toBe(true);
    expect(pieces.length).toBe(4); // 9 new rows in 3 pieces, then the one update

    const end = undo.group();
    for (const u of pieces) {
      Y.applyUpdate(main.doc, u, main.origin);
      await new Promise((r) => setTimeout(r, 5));
    }
    end.end();
    expect(main.count('customers')).toBe(10);
    expect(main.get('customers', 'c1')!.segment).toBe('Indústria');
    undo.undo();
    expect(main.list('customers').map((c) => [c.name, c.segment, c.plan])).toEqual([['Acme', 'SaaS', 'Pro']]);
    undo.undo();
    expect(main.get('customers', 'c1')!.plan).toBeUndefined();
    undo.destroy();
  });

  it('split in many time-budgeted slices, each its own transaction and task, is still one Ctrl+Z', async () => {
    const main = openWorkbook(new Y.Doc());
    main.insert('customers', { id: 'c1', name: 'Acme', segment: 'SaaS' });
    const undo = startUndo(main.sharedTypes as Y.AbstractType<unknown>[], main.origin);
    main.update('customers', 'c1', { plan: 'Pro' });
    const pieces = piecesOf(main, 2000, 100);
    expect(pieces.length).toBe(20);
    expect(pieces.every((p) => p.kind === 'customers' && p.rows === 100)).toBe(true);

    // A fake clock: 0.12 ms a row, so a piece costs 12 ms and a 30 ms slice takes two.
    // Between slices real time passes (setTimeout), longer than the undo manager's 300 ms
    // capture window would allow if the group did not hold it open.
    const clock = { t: 0 };
    const fake: SliceClock = { now: () => clock.t, yield: () => new Promise((r) => setTimeout(r, 40)) };
    const transactions: number[] = [];
    main.doc.on('afterTransaction', () => transactions.push(clock.t));
    const group = undo.group();
    const started = Date.now();
    const report = await runInSlices(pieces, (p) => {
      Y.applyUpdate(main.doc, p.update, main.origin);
      clock.t += 0.12 * p.rows;
      undo.undo(); // a Ctrl+Z between pieces waits for the end of the import
    }, { budgetMs: 30, clock: fake });
    group.end();
    expect(Date.now() - started).toBeGreaterThan(300);
    expect(report).toEqual({ slices: 10, longest: 24 });
    expect(transactions.length).toBe(20);
    expect(main.count('customers')).toBe(2001);

    undo.undo();
    expect(main.list('customers').map((c) => [c.name, c.plan])).toEqual([['Acme', 'Pro']]);
    undo.redo();
    expect(main.count('customers')).toBe(2001);
    undo.undo();
    undo.undo();
    expect(main.get('customers', 'c1')!.plan).toBeUndefined();
    undo.destroy();
  });

  it('stopped halfway is discarded: the pieces already applied are taken back and nothing is left to redo', async () => {
    const main = openWorkbook(new Y.Doc());
    main.insert('customers', { id: 'c1', name: 'Acme' });
    const undo = startUndo(main.sharedTypes as Y.AbstractType<unknown>[], main.origin);
    main.update('customers', 'c1', { plan: 'Pro' });
    const pieces = piecesOf(main, 500, 100);
    const group = undo.group();
    await expect(runInSlices(pieces, (p) => {
      if (p === pieces[3]) throw new Error('a listener failed');
      Y.applyUpdate(main.doc, p.update, main.origin);
    }, { budgetMs: 30 })).rejects.toThrow('a listener failed');
    expect(main.count('customers')).toBe(301);
    group.discard();
    expect(main.count('customers')).toBe(1);
    expect(undo.canRedo()).toBe(false);
    undo.undo(); // the person's own edit is still the next step
    expect(main.get('customers', 'c1')!.plan).toBeUndefined();
    undo.destroy();
  });

  it('discarding a group that applied nothing leaves the earlier step alone', () => {
    const main = openWorkbook(new Y.Doc());
    main.insert('customers', { id: 'c1', name: 'Acme' });
    const undo = startUndo(main.sharedTypes as Y.AbstractType<unknown>[], main.origin);
    main.update('customers', 'c1', { plan: 'Pro' });
    undo.group().discard();
    expect(main.get('customers', 'c1')!.plan).toBe('Pro');
    undo.undo();
    expect(main.get('customers', 'c1')!.plan).toBeUndefined();
    undo.destroy();
  });
});
