// A large table read into memory in steps (the page runs them in slices): the rows it ends
// with are the rows read at once, also when the document changes between two steps.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openWorkbook } from '../../../core/doc/index.js';

/** A stored workbook of 3 customers and 3,500 usage rows (four chunks), opened fresh (nothing read yet). */
function stored() {
  const src = openWorkbook(new Y.Doc());
  src.insertMany('customers', [{ id: 'c1', name: 'A' }, { id: 'c2', name: 'B' }, { id: 'c3', name: 'C' }] as never);
  const rows = Array.from({ length: 3500 }, (_, i) => ({ id: `u${i}`, customerId: `c${(i % 3) + 1}`, date: '2026-06-01', userId: `x${i}`, actions: i % 50 }));
  src.insertMany('usage', rows as never);
  const update = Y.encodeStateAsUpdate(src.doc);
  const open = () => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, update);
    return openWorkbook(doc);
  };
  return { open };
}

const byId = (rows: { id: string }[]) => [...rows].sort((a, b) => (a.id < b.id ? -1 : 1));

describe('readSteps', () => {
  it('yields between blocks of rows and ends with the same rows as a read at once', () => {
    const { open } = stored();
    const wb = open();
    expect(wb.storedCount('usage')).toBe(3500);
    const steps = wb.readSteps('usage');
    let yields = 0;
    while (!steps.next().done) yields++;
    expect(yields).toBeGreaterThanOrEqual(4); // one per stored chunk of ≤ 1,000 rows
    expect(byId(wb.list('usage'))).toEqual(byId(open().list('usage')));
  });

  it('rows edited, added and deleted between two steps are read as they are at the end', () => {
    const { open } = stored();
    const wb = open();
    const steps = wb.readSteps('usage');
    steps.next();
    steps.next();
    // u5 sits in a chunk already read, u3400 in one not read yet.
    expect(wb.update('usage', 'u5', { actions: 999 }).ok).toBe(true);
    expect(wb.update('usage', 'u3400', { actions: 777 }).ok).toBe(true);
    expect(wb.remove('usage', ['u6']).ok).toBe(true);
    expect(wb.insert('usage', { id: 'new1', customerId: 'c1', date: '2026-06-02', userId: 'n', actions: 1 } as never).ok).toBe(true);
    while (!steps.next().done);
    const rows = wb.list('usage') as unknown as { id: string; actions: number }[];
    expect(rows.find((r) => r.id === 'u5')!.actions).toBe(999);
    expect(rows.find((r) => r.id === 'u3400')!.actions).toBe(777);
    expect(rows.some((r) => r.id === 'u6')).toBe(false);
    expect(rows.find((r) => r.id === 'new1')!.actions).toBe(1);
    expect(rows).toHaveLength(3500);
    expect(wb.count('usage')).toBe(3500);
  });

  it('a read in the middle reads everything at once; the steps then stop', () => {
    const { open } = stored();
    const wb = open();
    const steps = wb.readSteps('usage');
    steps.next();
    expect(wb.list('usage')).toHaveLength(3500);
    let more = 0;
    while (!steps.next().done) more++;
    expect(more).toBe(0);
    expect(wb.get('usage', 'u3499')).toMatchObject({ actions: 3499 % 50 });
  });
});
