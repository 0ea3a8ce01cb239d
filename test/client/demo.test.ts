import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { generateWorkbook, openWorkbook, tableLoadOrder, tableNames } from '../../core/index.js';
import { loadDemo } from '../../client/demo.js';

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
});
