import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { generateWorkbook, openWorkbook, tableLoadOrder, tableNames } from '../../core/index.js';
import { loadDemo } from '../../client/demo.js';
import { DEFAULT_MAX_MESSAGE_BYTES } from '../../sync-server/config.js';

describe('Load demo data', () => {
  it('orders bulk loads so every reference target comes first (contacts before surveys)', () => {
    expect([...tableLoadOrder].sort()).toEqual([...tableNames].sort());
    expect(tableLoadOrder[0]).toBe('customers');
    expect(tableLoadOrder.indexOf('contacts')).toBeLessThan(tableLoadOrder.indexOf('surveys'));
  });

  it('writes every generated row of every table, surveys included', () => {
    const wb = openWorkbook(new Y.Doc());
    expect(loadDemo(wb, '2026-06-30', 20)).toEqual({ ok: true });
    const expected = generateWorkbook({ seed: 42, customers: 20, today: '2026-06-30' });
    for (const t of tableNames) expect(wb.count(t), t).toBe(expected[t].length);
    expect(wb.count('surveys')).toBeGreaterThan(0);
  });

  it('a large demo is written as several updates, each far below the server frame cap', () => {
    const doc = new Y.Doc();
    const sizes: number[] = [];
    doc.on('update', (u: Uint8Array) => sizes.push(u.byteLength));
    const wb = openWorkbook(doc);
    expect(loadDemo(wb, '2026-06-30', 200)).toEqual({ ok: true });
    const total = sizes.reduce((a, b) => a + b, 0);
    // Bounded by the slice, not by the workbook: the largest update is a fraction of the whole.
    expect(sizes.length).toBeGreaterThan(3);
    expect(Math.max(...sizes)).toBeLessThan(total / 2);
    expect(Math.max(...sizes)).toBeLessThan(DEFAULT_MAX_MESSAGE_BYTES / 8);
    expect(wb.count('customers')).toBe(200);
  }, 120_000);
});
