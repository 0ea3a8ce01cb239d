// A rowless chunked table (core/doc/chunk-table.ts) keeps no row objects and decodes every
// read from the chunks. Whatever happens to the table (batches of rows, cell edits that move
// rows between customers, partial deletes that leave tombstones, undo, a buggy peer's chunks:
// an id in two chunks, an id twice in one chunk, a chunk that is not one), a rowless replica
// must read what a replica keeping its rows reads, and its changes must say what each row was,
// as the other's do: the engine follows a row's owner by it.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import { openWorkbook, type Workbook, type WorkbookChange } from '../../../core/doc/index.js';
import { chunksName, editKey, editsName, encodeChunk, makeChunk, tombKey } from '../../../core/doc/layout.js';
import type { Row } from '../../../core/doc/row.js';

const CUSTOMERS = ['c1', 'c2', 'c3'];
const IDS = Array.from({ length: 12 }, (_, i) => `u${i}`);
const FIELDS = ['customerId', 'date', 'userId', 'actions'];

type Op =
  | { kind: 'insert'; ids: string[]; customer: number; day: number }
  | { kind: 'move'; id: string; customer: number }
  | { kind: 'actions'; id: string; actions: number | null }
  | { kind: 'remove'; ids: string[] }
  | { kind: 'undo' }
  | { kind: 'dup-chunk'; ids: string[]; customer: number }
  | { kind: 'repeat-chunk'; id: string; customer: number }
  | { kind: 'junk-chunk' }
  | { kind: 'raw-tomb'; id: string; on: boolean };

const idsArb = fc.uniqueArray(fc.constantFrom(...IDS), { minLength: 1, maxLength: 5 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('insert' as const), ids: idsArb, customer: fc.nat(2), day: fc.nat(27) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('move' as const), id: fc.constantFrom(...IDS), customer: fc.nat(2) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('actions' as const), id: fc.constantFrom(...IDS), actions: fc.option(fc.nat(50)) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('remove' as const), ids: idsArb }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'undo' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('dup-chunk' as const), ids: idsArb, customer: fc.nat(2) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('repeat-chunk' as const), id: fc.constantFrom(...IDS), customer: fc.nat(2) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'junk-chunk' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('raw-tomb' as const), id: fc.constantFrom(...IDS), on: fc.boolean() }) },
);

const usage = (id: string, customer: number, day: number, actions = 1) =>
  ({ id, customerId: CUSTOMERS[customer], date: `2026-11-${String(day + 1).padStart(2, '0')}`, userId: `p${day % 3}`, actions });

/** One op on the writer: through the API, or as a buggy peer that writes the Y maps itself. */
function apply(w: Workbook, undo: Y.UndoManager, op: Op, seq: number): void {
  const chunks = w.doc.getMap(chunksName('usage'));
  switch (op.kind) {
    case 'insert':
      w.insertMany('usage', op.ids.map((id, i) => usage(id, op.customer, (op.day + i) % 28, i + 1)));
      return;
    case 'move':
      w.update('usage', op.id, { customerId: CUSTOMERS[op.customer] });
      return;
    case 'actions':
      w.update('usage', op.id, { actions: op.actions });
      return;
    case 'remove':
      w.remove('usage', op.ids);
      return;
    case 'undo':
      undo.undo();
      return;
    case 'dup-chunk': // ids other chunks may hold already
      chunks.set(`dup-${seq}`, encodeChunk(makeChunk(op.ids.map((id) => usage(id, op.customer, seq % 28, 7)), FIELDS)));
      return;
    case 'repeat-chunk': // one id twice in a chunk: its last copy is the row
      chunks.set(`rep-${seq}`, encodeChunk(makeChunk([usage(op.id, op.customer, 1, 3), usage(op.id, (op.customer + 1) % 3, 2, 4)], FIELDS)));
      return;
    case 'junk-chunk':
      chunks.set(`junk-${seq}`, new Uint8Array([0x50, 9, 1, 2]));
      return;
    case 'raw-tomb':
      if (op.on) w.doc.getMap(editsName('usage')).set(tombKey(op.id), true);
      else w.doc.getMap(editsName('usage')).delete(tombKey(op.id));
  }
}

const byId = (rows: Row[]) => [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

describe('a rowless chunked table', () => {
  it('reads what a replica keeping its rows reads, and says what each changed row was (fast-check)', () => {
    let tombstonesSeen = 0;
    let ownerChanges = 0;
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 3, maxLength: 30 }), (ops) => {
        const writer = openWorkbook(new Y.Doc());
        writer.insertMany('customers', CUSTOMERS.map((id) => ({ id, name: id })));
        const undo = new Y.UndoManager(writer.doc.getMap(chunksName('usage')), { trackedOrigins: new Set([null, undefined, writer.origin]) });
        undo.addToScope(writer.doc.getMap(editsName('usage')));
        const kept = openWorkbook(new Y.Doc());
        const rowless = openWorkbook(new Y.Doc(), { rowless: ['usage'] });
        const seen: { kept: WorkbookChange[]; rowless: WorkbookChange[] } = { kept: [], rowless: [] };
        kept.subscribe((c) => seen.kept.push(c));
        rowless.subscribe((c) => seen.rowless.push(c));
        const deliver = (u: Uint8Array) => {
          Y.applyUpdate(kept.doc, u);
          Y.applyUpdate(rowless.doc, u);
        };
        deliver(Y.encodeStateAsUpdate(writer.doc));
        // Both have been read: the one keeps its rows, the other its row → chunk index.
        expect(byId(rowless.list('usage'))).toEqual(byId(kept.list('usage')));
        writer.doc.on('update', deliver);
        ops.forEach((op, k) => {
          seen.kept.length = 0;
          seen.rowless.length = 0;
          apply(writer, undo, op, k);
          // One transaction per op: what each replica reported of it, and what the rows were.
          const report = (changes: WorkbookChange[]) => {
            const ids = new Set<string>();
            const before = new Map<string, unknown>();
            for (const c of changes) {
              const u = c.tables.usage;
              if (!u) continue;
              for (const id of [...u.upserted, ...u.removed]) {
                ids.add(id);
                if (!before.has(id)) before.set(id, c.before?.usage?.get(id));
              }
              if (u.upserted.length + u.removed.length > 0) expect(c.before?.usage).toBeDefined();
            }
            return { ids, before };
          };
          const k0 = report(seen.kept), r0 = report(seen.rowless);
          // Every row the replica keeping rows reports, the rowless one reports, as it was before.
          for (const id of k0.ids) {
            expect(r0.ids.has(id)).toBe(true);
            const was = k0.before.get(id) as Row | undefined;
            expect(r0.before.get(id)).toEqual(was);
            const now = kept.get('usage', id);
            if (was && now && was.customerId !== now.customerId) ownerChanges++;
          }
          // It may report more (a cell set to its own value, a tombstone of no row): those rows did not change.
          for (const id of r0.ids) if (!k0.ids.has(id)) expect(r0.before.get(id)).toEqual(rowless.get('usage', id));
          expect(byId(rowless.list('usage'))).toEqual(byId(kept.list('usage')));
          expect(rowless.count('usage')).toBe(kept.count('usage'));
          for (const id of IDS) expect(rowless.get('usage', id)).toEqual(kept.get('usage', id));
          tombstonesSeen += kept.doc.getMap(editsName('usage')).size > 0 ? 1 : 0;
        });
        writer.doc.off('update', deliver);
      }),
      { seed: 20261201, numRuns: 300 },
    );
    // The generator reaches the cases that matter: rows left deleted inside a chunk, rows moved between customers.
    expect(tombstonesSeen).toBeGreaterThan(50);
    expect(ownerChanges).toBeGreaterThan(20);
  });

  it('keeps no row objects: two reads of a row are two objects, each as stored', () => {
    const w = openWorkbook(new Y.Doc(), { rowless: ['usage'] });
    w.insertMany('customers', [{ id: 'c1', name: 'Ana' }]);
    w.insertMany('usage', Array.from({ length: 2_500 }, (_, i) => usage(`u${i}`, 0, i % 28, i % 9)));
    expect(w.update('usage', 'u7', { actions: 40 }).ok).toBe(true);
    expect(w.remove('usage', ['u3']).ok).toBe(true);
    const a = w.get('usage', 'u7');
    const b = w.get('usage', 'u7');
    expect(a).toEqual({ id: 'u7', customerId: 'c1', date: '2026-11-08', userId: 'p1', actions: 40 });
    expect(a).not.toBe(b);
    expect(w.get('usage', 'u3')).toBeUndefined();
    expect(w.count('usage')).toBe(2_499);
    expect(w.list('usage')).toHaveLength(2_499);
    // Cell edits stored before the row arrives (a peer's) apply to it once it does.
    w.doc.getMap(editsName('usage')).set(editKey('late', 'actions'), 5);
    expect(w.insert('usage', usage('late', 0, 3, 1)).ok).toBe(true);
    expect(w.get('usage', 'late')?.actions).toBe(1); // an insert drops orphan edits left under its id
  });
});
