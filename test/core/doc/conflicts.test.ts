// Same-cell conflicts between two replicas: the person whose concurrent write lost is told;
// an ordinary later edit by a colleague (who saw the value) is not a conflict.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openWorkbook, watchCellConflicts, type CellConflict, type Workbook } from '../../../core/index.js';

function replica(clientID: number): { wb: Workbook; seen: CellConflict[] } {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  const wb = openWorkbook(doc);
  const seen: CellConflict[] = [];
  watchCellConflicts(wb, (c) => seen.push(c));
  return { wb, seen };
}
function sendTo(from: Workbook, to: Workbook): void {
  Y.applyUpdate(to.doc, Y.encodeStateAsUpdate(from.doc, Y.encodeStateVector(to.doc)), 'remote');
}
function exchange(a: Workbook, b: Workbook, aFirst: boolean): void {
  const ua = Y.encodeStateAsUpdate(a.doc, Y.encodeStateVector(b.doc));
  const ub = Y.encodeStateAsUpdate(b.doc, Y.encodeStateVector(a.doc));
  if (aFirst) { Y.applyUpdate(a.doc, ub, 'remote'); Y.applyUpdate(b.doc, ua, 'remote'); }
  else { Y.applyUpdate(b.doc, ua, 'remote'); Y.applyUpdate(a.doc, ub, 'remote'); }
}
function pair() {
  const a = replica(1), b = replica(2);
  expect(a.wb.insert('customers', { id: 'c1', name: 'Acme', plan: 'Start' }).ok).toBe(true);
  sendTo(a.wb, b.wb);
  return { a, b };
}

describe.each([true, false])('same-cell conflicts (a receives first: %s)', (aFirst) => {
  it('the person whose concurrent value lost is told, with both values; the winner is not', () => {
    const { a, b } = pair();
    a.wb.update('customers', 'c1', { plan: 'Pro' });
    b.wb.update('customers', 'c1', { plan: 'Enterprise' });
    exchange(a.wb, b.wb, aFirst);
    const won = a.wb.get('customers', 'c1')!.plan;
    expect(b.wb.get('customers', 'c1')!.plan).toBe(won);
    // Yjs keeps the write of the higher client id: b (2), on both replicas.
    expect(won).toBe('Enterprise');
    expect(a.seen).toEqual([{ table: 'customers', rowId: 'c1', field: 'plan', mine: 'Pro', theirs: 'Enterprise', by: 2 }]);
    expect(b.seen).toEqual([]);
  });

  it('restoring the lost value is an ordinary edit: no notice on either side', () => {
    const { a, b } = pair();
    a.wb.update('customers', 'c1', { plan: 'Pro' });
    b.wb.update('customers', 'c1', { plan: 'Enterprise' });
    exchange(a.wb, b.wb, aFirst);
    a.wb.update('customers', 'c1', { plan: a.seen[0].mine as string });
    exchange(a.wb, b.wb, aFirst);
    expect(a.wb.get('customers', 'c1')!.plan).toBe('Pro');
    expect(b.wb.get('customers', 'c1')!.plan).toBe('Pro');
    expect(a.seen).toHaveLength(1);
    expect(b.seen).toEqual([]);
  });
});

describe('not conflicts', () => {
  it('a colleague changing the value after seeing mine', () => {
    const { a, b } = pair();
    a.wb.update('customers', 'c1', { plan: 'Pro' });
    sendTo(a.wb, b.wb);
    b.wb.update('customers', 'c1', { plan: 'Enterprise' });
    sendTo(b.wb, a.wb);
    expect(a.wb.get('customers', 'c1')!.plan).toBe('Enterprise');
    expect(a.seen).toEqual([]);
  });

  it('a later edit built on a third person\'s edit that built on mine', () => {
    const { a, b } = pair();
    const c = replica(3);
    sendTo(a.wb, c.wb);
    a.wb.update('customers', 'c1', { plan: 'Pro' });
    sendTo(a.wb, c.wb);
    c.wb.update('customers', 'c1', { plan: 'Plus' });
    sendTo(c.wb, b.wb);
    sendTo(a.wb, b.wb);
    b.wb.update('customers', 'c1', { plan: 'Enterprise' });
    sendTo(b.wb, a.wb);
    expect(a.wb.get('customers', 'c1')!.plan).toBe('Enterprise');
    expect(a.seen).toEqual([]);
  });

  it('two concurrent edits of different cells of one row', () => {
    const { a, b } = pair();
    a.wb.update('customers', 'c1', { plan: 'Pro' });
    b.wb.update('customers', 'c1', { segment: 'Saúde' });
    exchange(a.wb, b.wb, true);
    expect(a.seen).toEqual([]);
    expect(b.seen).toEqual([]);
  });

  it('both writing the same value', () => {
    const { a, b } = pair();
    a.wb.update('customers', 'c1', { plan: 'Pro' });
    b.wb.update('customers', 'c1', { plan: 'Pro' });
    exchange(a.wb, b.wb, true);
    expect(a.seen).toEqual([]);
    expect(b.seen).toEqual([]);
  });
});

it('a conflict after working offline for many edits: only the overwritten cell is reported', () => {
  const { a, b } = pair();
  a.wb.insert('contracts', { id: 'k1', customerId: 'c1', model: 'recurring', value: 1000, startDate: '2024-01-01' });
  sendTo(a.wb, b.wb);
  // a is "offline": several edits; b edits one of the same cells meanwhile.
  a.wb.update('contracts', 'k1', { value: 1850.99 });
  a.wb.update('customers', 'c1', { segment: 'Varejo' });
  b.wb.update('contracts', 'k1', { value: 2000 });
  exchange(a.wb, b.wb, false);
  expect(a.seen).toEqual([{ table: 'contracts', rowId: 'k1', field: 'value', mine: 1850.99, theirs: 2000, by: 2 }]);
});
