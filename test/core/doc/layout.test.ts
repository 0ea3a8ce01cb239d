// The stored chunk format: dictionary columns for repeated text, tolerant reading.
import { describe, expect, it } from 'vitest';
import { chunkColumns, chunkIds, chunkRow, chunkRowBuilder, encodeChunk, makeChunk, parseEditKey, editKey, tombKey } from '../../../core/doc/layout.js';

describe('chunk format', () => {
  it('stores repeated text as a dictionary, unique text and numbers as plain columns, empties as null', () => {
    const rows = [
      { id: 'u1', customerId: 'c1', date: '2024-01-01', userId: 'ana', actions: 3 },
      { id: 'u2', customerId: 'c1', date: '2024-01-01', userId: 'bia', actions: 0 },
      { id: 'u3', customerId: 'c2', date: '', userId: 'caio', actions: 5 },
      { id: 'u4', customerId: 'c1', date: '2024-01-02', userId: 'duda' },
    ];
    const c = makeChunk(rows, ['customerId', 'date', 'userId', 'actions']);
    expect(c).toEqual({
      ids: ['u1', 'u2', 'u3', 'u4'],
      cols: {
        customerId: { dict: ['c1', 'c2'], idx: [0, 0, 1, 0] },
        date: { dict: ['2024-01-01', '2024-01-02'], idx: [0, 0, -1, 1] },
        userId: ['ana', 'bia', 'caio', 'duda'],
        actions: [3, 0, 5, null],
      },
    });
    expect(chunkRow(c, 2, 'u3')).toEqual({ id: 'u3', customerId: 'c2', userId: 'caio', actions: 5 });
    expect(chunkRow(c, 3, 'u4')).toEqual({ id: 'u4', customerId: 'c1', date: '2024-01-02', userId: 'duda' });
  });

  it('reads malformed chunks without throwing: bad columns are skipped, bad indexes are empty', () => {
    const bad = { ids: ['a', 'b'], cols: { customerId: { dict: ['c1'], idx: [0, 7] }, date: 'x', userId: { dict: 'no', idx: [0] }, id: ['z', 'z'] } };
    expect(chunkColumns(bad).map(([n]) => n)).toEqual(['customerId']);
    expect(chunkRow(bad, 0, 'a')).toEqual({ id: 'a', customerId: 'c1' });
    expect(chunkRow(bad, 1, 'b')).toEqual({ id: 'b' });
    expect(chunkIds(42)).toBeNull();
    expect(chunkIds({ ids: 'x' })).toBeNull();
    expect(chunkRow({}, 0, 'q')).toEqual({ id: 'q' });
  });

  it('builds each row with exactly the fields it has, in column order, and a peer\'s "__proto__" column as a plain field', () => {
    const rows = [
      { id: 'a', title: 'Call', owner: 'Ana', dueDate: '2026-01-02' },
      { id: 'b', title: 'Mail', dueDate: '2026-01-03' },
      { id: 'c', title: 'Call', owner: 'Bruno', dueDate: '2026-01-04' },
    ];
    const build = chunkRowBuilder(encodeChunk(makeChunk(rows, ['title', 'owner', 'dueDate'])));
    expect(['a', 'b', 'c'].map((id, i) => build(i, id))).toEqual(rows);
    expect(Object.keys(build(1, 'b'))).toEqual(['id', 'title', 'dueDate']);
    const hostile = encodeChunk({ ids: ['x'], cols: JSON.parse('{"__proto__": [{"polluted": true}], "title": ["T"]}') });
    const row = chunkRowBuilder(hostile)(0, 'x');
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
    expect((row as Record<string, unknown>).polluted).toBeUndefined();
    expect(row.title).toBe('T');
    expect(Object.keys(row)).toEqual(['id', 'title']);
  });

  it('edit keys split at the last separator, so row ids may contain it; tombstones have an empty field', () => {
    expect(parseEditKey(editKey('a\x1fb', 'name'))).toEqual({ rowId: 'a\x1fb', field: 'name' });
    expect(parseEditKey(tombKey('r1'))).toEqual({ rowId: 'r1', field: '' });
    expect(parseEditKey('no separator')).toBeNull();
  });
});

describe('binary chunks', () => {
  it('read like the JSON chunk they encode: ids, dictionary columns, rows', () => {
    const bin = encodeChunk(makeChunk([
      { id: 'u1', customerId: 'c1', date: '2024-01-01', userId: 'ana', actions: 3 },
      { id: 'u2', customerId: 'c1', date: '2024-01-01', userId: 'ana', actions: 0 },
      { id: 'u3', customerId: 'c2', date: '2024-01-02', userId: 'bia' },
    ], ['customerId', 'date', 'userId', 'actions']));
    expect(bin).toBeInstanceOf(Uint8Array);
    expect(chunkIds(bin)).toEqual(['u1', 'u2', 'u3']);
    expect(chunkRow(bin, 1, 'u2')).toEqual({ id: 'u2', customerId: 'c1', date: '2024-01-01', userId: 'ana', actions: 0 });
    const row = chunkRowBuilder(bin);
    expect(row(2, 'u3')).toEqual({ id: 'u3', customerId: 'c2', date: '2024-01-02', userId: 'bia' });
    expect(row(0, 'u1')).toEqual({ id: 'u1', customerId: 'c1', date: '2024-01-01', userId: 'ana', actions: 3 });
  });

  it('garbage bytes read as a malformed chunk, never throw', () => {
    const good = encodeChunk({ ids: ['a'], cols: { title: ['x'] } });
    const truncated = good.slice(0, 6); // ids part cut off
    const badCols = good.slice(0, good.length - 1); // columns JSON cut short
    expect(chunkIds(new Uint8Array([1, 2, 3]))).toBeNull();
    expect(chunkIds(truncated)).toBeNull();
    expect(chunkIds(badCols)).toEqual(['a']);
    expect(chunkColumns(badCols)).toEqual([]);
    expect(chunkRow(badCols, 0, 'a')).toEqual({ id: 'a' });
  });

  it('ids holding the separator are kept exactly (stored as JSON)', () => {
    const odd = ['a\x1fb', 'c', 'ação'];
    const bin = encodeChunk(makeChunk(odd.map((id, i) => ({ id, title: `t${i}` })), ['title']));
    expect(chunkIds(bin)).toEqual(['a\x1fb', 'c', 'ação']);
    expect(chunkRow(bin, 2, 'ação')).toEqual({ id: 'ação', title: 't2' });
    expect(chunkIds(encodeChunk(makeChunk([{ id: 'ação', title: 'x' }], ['title'])))).toEqual(['ação']);
  });
});
