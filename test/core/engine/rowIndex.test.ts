import { describe, expect, it } from 'vitest';
import { RowIndex, ownerOf } from '../../../core/engine/rowIndex.js';

describe('RowIndex', () => {
  it('moves a row between customers and returns the previous owner', () => {
    const ix = new RowIndex();
    expect(ix.set('contracts', 'k1', 'A')).toBeUndefined();
    ix.set('contracts', 'k2', 'A');
    expect(ix.set('contracts', 'k1', 'B')).toBe('A');
    expect(ix.rowsOf('contracts', 'A')).toEqual(['k2']);
    expect(ix.rowsOf('contracts', 'B')).toEqual(['k1']);
    expect([...ix.rowsOf('usage', 'A')]).toEqual([]);
    expect(ix.delete('contracts', 'k2')).toBe('A');
    expect(ix.delete('contracts', 'k2')).toBeUndefined();
    expect([...ix.rowsOf('contracts', 'A')]).toEqual([]);
  });

  it('returns contracts in list order, also after a row moved in or was re-inserted', () => {
    const ix = new RowIndex();
    ix.set('contracts', 'k1', 'A');
    ix.set('contracts', 'k2', 'B');
    ix.set('contracts', 'k3', 'A');
    ix.set('contracts', 'k2', 'A'); // keeps its place between k1 and k3
    expect(ix.rowsOf('contracts', 'A')).toEqual(['k1', 'k2', 'k3']);
    ix.delete('contracts', 'k1');
    ix.set('contracts', 'k1', 'A'); // re-inserted: last, as in the workbook's list
    expect(ix.rowsOf('contracts', 'A')).toEqual(['k2', 'k3', 'k1']);
  });

  it('keeps rows with a missing or non-string customerId as orphans', () => {
    const ix = new RowIndex();
    ix.set('tickets', 't1', ownerOf({ customerId: 42 }));
    ix.set('tickets', 't2', ownerOf({ customerId: 'gone' }));
    ix.set('tickets', 't3', ownerOf({ customerId: 'A' }));
    expect([...ix.orphans('tickets', (id) => id === 'A')]).toEqual(['t1', 't2']);
    expect(ownerOf({ customerId: '' })).toBe(''); // as prepare reads it: names no customer
    expect(ownerOf({})).toBeUndefined();
    expect(ownerOf(null)).toBeUndefined();
  });
});
