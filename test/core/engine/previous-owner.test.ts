// The engine's row index holds only per-customer row ids; the customer a changed row
// belonged to before comes from the doc's change event (`before`). These tests pin that
// contract: the doc reports the rows as they were, the lean index follows moves, deletes
// and orphans, and a workbook whose events lack `before` still gets exact metrics.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openWorkbook, type Workbook, type WorkbookChange } from '../../../core/doc/index.js';
import { createDerivation, type DerivationChange } from '../../../core/engine/index.js';
import { RowIndex } from '../../../core/engine/rowIndex.js';
import { computeCustomerMetrics } from '../../../core/metrics/index.js';

const D = '2024-03-15';

function twoCustomers(): Workbook {
  const wb = openWorkbook(new Y.Doc());
  for (const id of ['A', 'B']) {
    expect(wb.insert('customers', { id, name: `Cliente ${id}` }).ok).toBe(true);
    expect(wb.insert('contracts', { id: `k${id}`, customerId: id, model: 'recurring', value: 1000, startDate: '2023-01-01' }).ok).toBe(true);
  }
  return wb;
}

describe('WorkbookChange.before', () => {
  it('holds each changed row as it was, and nothing for a new row', () => {
    const wb = twoCustomers();
    const seen: WorkbookChange[] = [];
    wb.subscribe((c) => seen.push(c));
    wb.insert('tickets', { id: 't1', customerId: 'A', openedAt: '2024-03-01' }); // chunked table
    wb.update('tickets', 't1', { customerId: 'B' });
    wb.update('contracts', 'kA', { value: 1200 }); // row-map table
    wb.remove('tickets', 't1');
    expect(seen.map((c) => c.before?.tickets?.get('t1')?.customerId ?? null)).toEqual([null, 'A', null, 'B']);
    expect(seen[2].before?.contracts?.get('kA')).toEqual({ id: 'kA', customerId: 'A', model: 'recurring', value: 1000, startDate: '2023-01-01' });
  });
});

describe('RowIndex from the previous owners the caller gives', () => {
  it('follows moves, deletes and orphans from the previous owner the caller gives', () => {
    const ix = new RowIndex();
    ix.addMembers('contracts', 'A', ['k1', 'k3']);
    ix.addMembers('contracts', 'B', ['k2']);
    ix.addMembers('contracts', undefined, ['k4']); // no usable customerId
    ix.sequence('contracts', ['k1', 'k2', 'k3', 'k4']);
    ix.move('contracts', 'k2', { existed: true, owner: 'B' }, 'A'); // keeps its list place: between k1 and k3
    expect(ix.rowsOf('contracts', 'A')).toEqual(['k1', 'k2', 'k3']);
    expect(ix.rowsOf('contracts', 'B')).toEqual([]);
    ix.move('contracts', 'k5', { existed: false, owner: undefined }, 'gone'); // new row naming no customer
    expect(ix.orphans('contracts', (id) => id === 'A').sort()).toEqual(['k4', 'k5']);
    ix.drop('contracts', 'k1', { existed: true, owner: 'A' });
    ix.move('contracts', 'k1', { existed: false, owner: undefined }, 'A'); // re-inserted: last
    expect(ix.rowsOf('contracts', 'A')).toEqual(['k2', 'k3', 'k1']);
    ix.drop('contracts', 'k4', { existed: true, owner: undefined });
    expect(ix.orphans('contracts', (id) => id === 'A')).toEqual(['k5']);
  });
});

describe('engine and previous owners', () => {
  it('moving a row between customers updates both, from the doc event alone', () => {
    const wb = twoCustomers();
    const d = createDerivation(wb, { asOf: D });
    const events: DerivationChange[] = [];
    d.onChange((e) => events.push({ customers: [...e.customers].sort(), all: e.all }));
    wb.update('contracts', 'kA', { customerId: 'B' });
    // A loses its only contract (MRR 1,000 → 0), B has two (2,000).
    expect(events).toEqual([{ customers: ['A', 'B'], all: false }]);
    expect(d.get('A')?.mrr).toBe(0);
    expect(d.get('B')?.mrr).toBe(2000);
    expect(d.metrics()).toEqual(computeCustomerMetrics(wb.snapshot(), D));
  });

  it('a workbook whose change events lack `before` is re-read in full, still exact', () => {
    const wb = twoCustomers();
    const bare: Workbook = { ...wb, subscribe: (l) => wb.subscribe((c) => l({ ...c, before: undefined })) };
    const d = createDerivation(bare, { asOf: D });
    const events: DerivationChange[] = [];
    d.onChange((e) => events.push({ customers: [...e.customers].sort(), all: e.all }));
    wb.update('contracts', 'kB', { customerId: 'A' });
    expect(events).toEqual([{ customers: ['A', 'B'], all: true }]);
    expect(d.get('A')?.mrr).toBe(2000);
    expect(d.get('B')?.mrr).toBe(0);
    expect(d.metrics()).toEqual(computeCustomerMetrics(wb.snapshot(), D));
  });
});
