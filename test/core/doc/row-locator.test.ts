// The row → chunk index of a chunked table (core/doc/row-locator.ts) must answer as a
// Map<rowId, chunkKey> would, through growth, deletions in the middle of a probe run,
// chunks replaced by new id lists, lists released, and rows renumbered. A small table
// and many ids sharing a hash slot make long probe runs; a low row limit makes the
// renumbering happen.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RowLocator } from '../../../core/doc/row-locator.js';

const IDS = Array.from({ length: 40 }, (_, i) => `r${i}`);
const KEYS = ['a', 'b', 'c', 'd'];

type Op =
  | { kind: 'chunk'; key: string; ids: string[] }
  | { kind: 'delete'; id: string }
  | { kind: 'drop'; key: string };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('chunk' as const), key: fc.constantFrom(...KEYS), ids: fc.array(fc.constantFrom(...IDS), { maxLength: 12 }) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('delete' as const), id: fc.constantFrom(...IDS) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('drop' as const), key: fc.constantFrom(...KEYS) }) },
);

describe('RowLocator', () => {
  it('answers as a Map of rowId → chunk key', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), fc.integer({ min: 0, max: 64 }), fc.integer({ min: 2, max: 80 }), (ops, expected, rowLimit) => {
        const loc = new RowLocator(expected, rowLimit);
        const model = new Map<string, string>();
        // The id list each chunk key holds now (a new list replaces the old one, as a peer's overwrite does).
        const lists = new Map<string, string[]>();
        // A chunk goes (or is overwritten): its ids are deleted first, then its list released (ChunkTable.removeChunk).
        const drop = (key: string) => {
          for (const id of lists.get(key) ?? []) if (model.get(id) === key) {
            loc.delete(id);
            model.delete(id);
          }
          loc.release(key);
          lists.delete(key);
        };
        for (const op of ops) {
          if (op.kind === 'chunk') {
            drop(op.key);
            // Copies: the locator must compare ids by value, not by identity.
            const ids = op.ids.map((id) => `${id}`);
            lists.set(op.key, ids);
            ids.forEach((id, i) => {
              loc.set(id, op.key, ids, i);
              model.set(id, op.key);
            });
          } else if (op.kind === 'delete') {
            expect(loc.delete(op.id)).toBe(model.delete(op.id));
          } else drop(op.key);
          expect(loc.size).toBe(model.size);
        }
        for (const id of IDS) {
          expect(loc.get(id)).toBe(model.get(id));
          expect(loc.has(id)).toBe(model.has(id));
        }
      }),
      { seed: 20261201, numRuns: 400 },
    );
  });

  it('keeps answering when a list is released while entries still point at it (a caller out of order)', () => {
    const loc = new RowLocator();
    const gone = ['g0', 'g1', 'g2'];
    gone.forEach((id, i) => loc.set(id, 'gone', gone, i));
    loc.release('gone'); // out of order: its three entries are still in the table
    const kept = Array.from({ length: 200 }, (_, i) => `k${i}`);
    kept.forEach((id, i) => loc.set(id, 'kept', kept, i)); // grows past its 16 slots, moving every entry
    for (let i = 0; i < kept.length; i += 2) expect(loc.delete(kept[i])).toBe(true); // backward shifts over them
    expect(loc.get('k1')).toBe('kept');
    expect(loc.get('k0')).toBeUndefined();
    expect(loc.get('g1')).toBeUndefined();
    expect(loc.has('')).toBe(false); // the dangling entries read as '', which is no row's id
    expect(loc.where('')).toBeUndefined();
  });

  it('keeps 100,000 ids through growth from the smallest table and deletes every other one', () => {
    const loc = new RowLocator();
    const chunks = Array.from({ length: 100 }, (_, c) => Array.from({ length: 1000 }, (_, i) => `row-${c}-${i}`));
    chunks.forEach((ids, c) => ids.forEach((id, i) => loc.set(id, `k${c}`, ids, i)));
    expect(loc.size).toBe(100_000);
    for (const ids of chunks) for (let i = 0; i < ids.length; i += 2) expect(loc.delete(ids[i])).toBe(true);
    expect(loc.size).toBe(50_000);
    expect(loc.get('row-42-7')).toBe('k42');
    expect(loc.get('row-42-8')).toBeUndefined();
    expect(loc.has('row-99-999')).toBe(true);
    expect(loc.get('row-100-0')).toBeUndefined();
  });
});
