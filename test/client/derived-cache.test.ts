// The derived cache's key is the document's exact content: any edit, deletion or settings
// change gives another key, and two replicas with the same content give the same key.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openWorkbook } from '../../core/index.js';
import { contentKey } from '../../client/derive/cache.js';

function replica() {
  const doc = new Y.Doc();
  const wb = openWorkbook(doc);
  return { doc, wb };
}

function seeded() {
  const r = replica();
  r.wb.insert('customers', { id: 'c1', name: 'Clínica Aurora' });
  r.wb.insert('contracts', { id: 'k1', customerId: 'c1', model: 'recurring', value: 500, startDate: '2026-01-01' });
  return r;
}

describe('contentKey', () => {
  it('is equal for two replicas holding the same content', async () => {
    const a = seeded();
    const b = replica();
    Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(a.doc));
    expect(await contentKey(b.doc)).toBe(await contentKey(a.doc));
  });

  it('changes after a cell edit, a deletion and a settings change, and never comes back to an old value', async () => {
    const { doc, wb } = seeded();
    const keys = [await contentKey(doc)];
    expect(wb.update('contracts', 'k1', { value: 600 }).ok).toBe(true);
    keys.push(await contentKey(doc));
    expect(wb.remove('contracts', 'k1').ok).toBe(true);
    keys.push(await contentKey(doc));
    wb.updateSettings({ npsWindowDays: 180 });
    keys.push(await contentKey(doc));
    expect(new Set(keys).size).toBe(4);
  });

  it('sees a change that only deletes (a delete set without new structs)', async () => {
    const doc = new Y.Doc();
    const arr = doc.getArray<number>('a');
    arr.push([1, 2, 3]);
    const before = await contentKey(doc);
    const vector = Y.encodeStateVector(doc);
    arr.delete(0, 1);
    // The state vector alone would miss it.
    expect(Y.encodeStateVector(doc)).toEqual(vector);
    expect(await contentKey(doc)).not.toBe(before);
  });
});
