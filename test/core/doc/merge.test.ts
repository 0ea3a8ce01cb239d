// Two replicas exchanging updates (in both orders): per-cell merge, deletes, chunk tombstones.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openWorkbook, type Workbook } from '../../../core/doc/index.js';

function replica(clientID: number): Workbook {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  return openWorkbook(doc);
}
/** Sends each replica's state to the other; `aFirst` chooses which receives first. */
function exchange(a: Workbook, b: Workbook, aFirst = true): void {
  const ua = Y.encodeStateAsUpdate(a.doc, Y.encodeStateVector(b.doc));
  const ub = Y.encodeStateAsUpdate(b.doc, Y.encodeStateVector(a.doc));
  if (aFirst) { Y.applyUpdate(a.doc, ub, 'remote'); Y.applyUpdate(b.doc, ua, 'remote'); }
  else { Y.applyUpdate(b.doc, ua, 'remote'); Y.applyUpdate(a.doc, ub, 'remote'); }
}
function pair(): [Workbook, Workbook] {
  const a = replica(1), b = replica(2);
  expect(a.insert('customers', { id: 'c1', name: 'Acme', segment: 'SaaS' }).ok).toBe(true);
  expect(a.insert('contracts', { id: 'k1', customerId: 'c1', model: 'recurring', value: 1000, startDate: '2024-01-01' }).ok).toBe(true);
  exchange(a, b);
  return [a, b];
}

describe.each([true, false])('two replicas (a receives first: %s)', (aFirst) => {
  it('keeps both concurrent edits to different fields of one row', () => {
    const [a, b] = pair();
    expect(a.update('contracts', 'k1', { value: 1500 }).ok).toBe(true);
    expect(b.update('contracts', 'k1', { endDate: '2024-12-31' }).ok).toBe(true);
    exchange(a, b, aFirst);
    const expected = { id: 'k1', customerId: 'c1', model: 'recurring', value: 1500, startDate: '2024-01-01', endDate: '2024-12-31' };
    expect(a.get('contracts', 'k1')).toEqual(expected);
    expect(b.get('contracts', 'k1')).toEqual(expected);
  });

  it('resolves concurrent edits of one field identically on both replicas', () => {
    const [a, b] = pair();
    a.update('customers', 'c1', { segment: 'Indústria' });
    b.update('customers', 'c1', { segment: 'Comércio' });
    exchange(a, b, aFirst);
    const sa = a.get('customers', 'c1')!.segment;
    expect(['Indústria', 'Comércio']).toContain(sa);
    expect(b.get('customers', 'c1')!.segment).toBe(sa);
  });

  it('a delete removes the row everywhere and a concurrent edit does not resurrect it', () => {
    const [a, b] = pair();
    expect(a.remove('contracts', 'k1').ok).toBe(true);
    expect(b.update('contracts', 'k1', { value: 2000 }).ok).toBe(true);
    exchange(a, b, aFirst);
    expect(a.get('contracts', 'k1')).toBeUndefined();
    expect(b.get('contracts', 'k1')).toBeUndefined();
    expect(a.count('contracts')).toBe(0);
    expect(b.list('contracts')).toEqual([]);
    // The orphan edit does not attach itself to a later row with the same id either.
    expect(a.insert('contracts', { id: 'k1', customerId: 'c1', model: 'one-off', value: 10, startDate: '2024-02-01' }).ok).toBe(true);
    exchange(a, b, aFirst);
    expect(b.get('contracts', 'k1')!.value).toBe(10);
  });

  it('clearing a field on one replica and editing another field on the other keeps both', () => {
    const [a, b] = pair();
    a.update('customers', 'c1', { segment: '' });
    b.update('customers', 'c1', { plan: 'Pro' });
    exchange(a, b, aFirst);
    expect(a.get('customers', 'c1')).toEqual({ id: 'c1', name: 'Acme', plan: 'Pro' });
    expect(b.get('customers', 'c1')).toEqual({ id: 'c1', name: 'Acme', plan: 'Pro' });
  });

  it('usage rows (chunked): concurrent edit and delete; tombstone wins; edits of other rows survive', () => {
    const [a, b] = pair();
    const rows = Array.from({ length: 2500 }, (_, i) => ({ id: `u${i}`, customerId: 'c1', date: '2024-03-01', userId: `user${i % 7}`, actions: i % 5 }));
    expect(a.insertMany('usage', rows).ok).toBe(true);
    exchange(a, b, aFirst);
    expect(b.count('usage')).toBe(2500);
    expect(b.get('usage', 'u1234')).toEqual({ id: 'u1234', customerId: 'c1', date: '2024-03-01', userId: 'user2', actions: 4 });
    a.remove('usage', ['u5', 'u2400']);
    b.update('usage', 'u5', { actions: 99 });
    b.update('usage', 'u6', { actions: 42 });
    exchange(a, b, aFirst);
    for (const w of [a, b]) {
      expect(w.count('usage')).toBe(2498);
      expect(w.get('usage', 'u5')).toBeUndefined();
      expect(w.get('usage', 'u2400')).toBeUndefined();
      expect(w.get('usage', 'u6')!.actions).toBe(42);
    }
  });
});

describe('usage chunks', () => {
  it('one usage id inserted concurrently on two replicas shows the same row on both; deleting it removes it everywhere', () => {
    const [a, b] = pair();
    a.insert('usage', { id: 'x', customerId: 'c1', date: '2024-01-01', userId: 'ana', actions: 1 });
    b.insert('usage', { id: 'x', customerId: 'c1', date: '2024-01-01', userId: 'bia', actions: 2 });
    exchange(a, b);
    const ra = a.get('usage', 'x');
    expect(['ana', 'bia']).toContain(ra!.userId);
    expect(b.get('usage', 'x')).toEqual(ra);
    expect(a.count('usage')).toBe(1);
    expect(a.validateAll().map((e) => `${e.rowId}/${e.code}`)).toEqual(['x/duplicate-id']);
    b.remove('usage', 'x');
    exchange(a, b);
    expect(a.get('usage', 'x')).toBeUndefined();
    expect(b.get('usage', 'x')).toBeUndefined();
    expect(openWorkbook(cloneDoc(a.doc)).count('usage')).toBe(0);
  });


  it('insertMany stores 1,000-row chunks and a chunk whose rows are all deleted disappears with its tombstones', () => {
    const a = replica(1);
    a.insert('customers', { id: 'c1', name: 'Acme' });
    const rows = Array.from({ length: 1500 }, (_, i) => ({ id: `u${i}`, customerId: 'c1', date: '2024-03-01', userId: 'x', actions: 1 }));
    a.insertMany('usage', rows);
    const chunks = a.doc.getMap('chunks.usage');
    expect(chunks.size).toBe(2); // 1000 + 500
    a.remove('usage', rows.slice(1000).map((r) => r.id));
    expect(chunks.size).toBe(1);
    expect(a.doc.getMap('edits.usage').size).toBe(0);
    expect(a.count('usage')).toBe(1000);
    // A tombstoned row of a remaining chunk stays deleted after a reload.
    a.remove('usage', 'u3');
    const reopened = openWorkbook(cloneDoc(a.doc));
    expect(reopened.count('usage')).toBe(999);
    expect(reopened.get('usage', 'u3')).toBeUndefined();
    expect(reopened.get('usage', 'u4')).toEqual({ id: 'u4', customerId: 'c1', date: '2024-03-01', userId: 'x', actions: 1 });
  });

  it('insertMany then edits, all visible after loading the encoded doc elsewhere', () => {
    const a = replica(1);
    a.insertMany('customers', [{ id: 'c1', name: 'A' }, { id: 'c2', name: 'B' }]);
    a.insertMany('invoices', [
      { id: 'i1', customerId: 'c1', issueDate: '2024-01-01', dueDate: '2024-01-31', amount: 100 },
      { id: 'i2', customerId: 'c2', issueDate: '2024-01-01', dueDate: '2024-01-31', amount: 200 },
    ]);
    a.update('invoices', 'i1', { paidAt: '2024-01-20' });
    a.update('invoices', 'i2', { amount: 250 });
    const b = openWorkbook(cloneDoc(a.doc));
    expect(b.list('invoices')).toEqual([
      { id: 'i1', customerId: 'c1', issueDate: '2024-01-01', dueDate: '2024-01-31', amount: 100, paidAt: '2024-01-20' },
      { id: 'i2', customerId: 'c2', issueDate: '2024-01-01', dueDate: '2024-01-31', amount: 250 },
    ]);
  });
});

function cloneDoc(doc: Y.Doc): Y.Doc {
  const d = new Y.Doc();
  Y.applyUpdate(d, Y.encodeStateAsUpdate(doc));
  return d;
}
