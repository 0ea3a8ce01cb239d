// A replica that opens a stored workbook: its chunked tables are indexed by chunk, their ids
// read when first needed (core/doc/chunk-table.ts). What it reports and reads must be the
// same as if every id had been read at once.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openWorkbook, type WorkbookChange } from '../../../core/doc/index.js';

const customers = [{ id: 'c1', name: 'Ana' }, { id: 'c2', name: 'Bia' }];
const usageRows = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `u${i}`, customerId: i % 3 ? 'c1' : 'c2', date: '2026-11-01', userId: `p${i % 7}`, actions: i % 5 }));

function stored() {
  const a = openWorkbook(new Y.Doc());
  a.insertMany('customers', customers);
  a.insertMany('usage', usageRows(2_500)); // three chunks
  a.remove('usage', ['u3', 'u1200']);
  a.update('usage', 'u7', { actions: 40 });
  return a;
}

describe('a cold load of a stored workbook', () => {
  it('reports every live row of a chunked table, counts them unread, and reads them as the writer does', () => {
    const a = stored();
    const b = openWorkbook(new Y.Doc());
    const seen: WorkbookChange[] = [];
    b.subscribe((c) => seen.push(c));
    Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(a.doc));
    expect(seen).toHaveLength(1);
    // Counted from the stored chunks: deleted rows are not counted.
    expect(b.storedCount('usage')).toBe(2_498);
    const live = a.list('usage').map((r) => r.id);
    expect([...seen[0].tables.usage!.upserted].sort()).toEqual([...live].sort());
    expect(seen[0].tables.usage!.removed).toEqual([]);
    expect(b.list('usage')).toEqual(a.list('usage'));
    expect(b.get('usage', 'u7')?.actions).toBe(40);
    expect(b.get('usage', 'u3')).toBeUndefined();
  });

  it('edits, deletes and inserts after a load whose ids were never read are exact', () => {
    const a = stored();
    const b = openWorkbook(new Y.Doc());
    Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(a.doc)); // nobody reads the load's ids
    const seen: WorkbookChange[] = [];
    b.subscribe((c) => seen.push(c));
    expect(b.update('usage', 'u10', { actions: 9 }).ok).toBe(true);
    expect(seen.at(-1)!.tables).toEqual({ usage: { upserted: ['u10'], removed: [] } });
    expect(b.remove('usage', ['u11', 'u2400']).ok).toBe(true);
    expect(seen.at(-1)!.tables).toEqual({ usage: { upserted: [], removed: ['u11', 'u2400'] } });
    // An id still used (live, or deleted while its chunk remains) cannot be taken again.
    expect(b.insert('usage', { id: 'u12', customerId: 'c1', date: '2026-11-02', userId: 'x', actions: 1 }).ok).toBe(false);
    expect(b.insert('usage', { id: 'u3', customerId: 'c1', date: '2026-11-02', userId: 'x', actions: 1 }).ok).toBe(false);
    expect(b.insert('usage', { id: 'new', customerId: 'c1', date: '2026-11-02', userId: 'x', actions: 1 }).ok).toBe(true);
    expect(b.storedCount('usage')).toBe(2_497);
    expect(b.count('usage')).toBe(2_497);
    // The writer, given the same changes, holds the same rows.
    Y.applyUpdate(a.doc, Y.encodeStateAsUpdate(b.doc));
    expect(b.list('usage')).toEqual(a.list('usage'));
  });
});
