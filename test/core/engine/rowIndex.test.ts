import { describe, expect, it } from 'vitest';
import { RowIndex, ownerOf } from '../../../core/engine/rowIndex.js';

// The engine tells the index each changed row's previous owner (from the doc's change event).
const isNew = { existed: false, owner: undefined };
const was = (owner: string | undefined) => ({ existed: true, owner });

describe('RowIndex', () => {
  it('moves a row between customers', () => {
    const ix = new RowIndex();
    ix.move('contracts', 'k1', isNew, 'A');
    ix.move('contracts', 'k2', isNew, 'A');
    ix.move('contracts', 'k1', was('A'), 'B');
    expect(ix.rowsOf('contracts', 'A')).toEqual(['k2']);
    expect(ix.rowsOf('contracts', 'B')).toEqual(['k1']);
    expect([...ix.rowsOf('usage', 'A')]).toEqual([]);
    ix.drop('contracts', 'k2', was('A'));
    ix.drop('contracts', 'k2', { existed: false, owner: undefined }); // already gone: nothing to do
    expect([...ix.rowsOf('contracts', 'A')]).toEqual([]);
  });

  it('returns contracts in list order, also after a row moved in or was re-inserted', () => {
    const ix = new RowIndex();
    ix.move('contracts', 'k1', isNew, 'A');
    ix.move('contracts', 'k2', isNew, 'B');
    ix.move('contracts', 'k3', isNew, 'A');
    ix.move('contracts', 'k2', was('B'), 'A'); // keeps its place between k1 and k3
    expect(ix.rowsOf('contracts', 'A')).toEqual(['k1', 'k2', 'k3']);
    ix.drop('contracts', 'k1', was('A'));
    ix.move('contracts', 'k1', isNew, 'A'); // re-inserted: last, as in the workbook's list
    expect(ix.rowsOf('contracts', 'A')).toEqual(['k2', 'k3', 'k1']);
  });

  it('keeps rows with a missing or non-string customerId as orphans', () => {
    const ix = new RowIndex();
    ix.move('tickets', 't1', isNew, ownerOf({ customerId: 42 }));
    ix.move('tickets', 't2', isNew, ownerOf({ customerId: 'gone' }));
    ix.move('tickets', 't3', isNew, ownerOf({ customerId: 'A' }));
    expect([...ix.orphans('tickets', (id) => id === 'A')]).toEqual(['t1', 't2']);
    expect(ownerOf({ customerId: '' })).toBe(''); // as prepare reads it: names no customer
    expect(ownerOf({})).toBeUndefined();
    expect(ownerOf(null)).toBeUndefined();
  });
});
