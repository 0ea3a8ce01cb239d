import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { checkRow, openWorkbook, SCHEMA_VERSION } from '../../core/index.js';

describe('checkRow: what the grid may see of a stored row', () => {
  it('keeps valid values, leaves out invalid ones and lists them with validation messages', () => {
    const hostile = { toString: 'x' };
    const { row, issues } = checkRow('contracts', {
      id: 'k1', customerId: 'c1', model: 'recurring', value: 1e308, billingPeriodMonths: 12, licenses: hostile, startDate: '2024-02-29', autoRenew: true,
    });
    expect(row).toEqual({ id: 'k1', customerId: 'c1', model: 'recurring', billingPeriodMonths: 12, startDate: '2024-02-29', autoRenew: true });
    expect(issues.map((i) => `${i.field}:${i.code}`)).toEqual(['value:range', 'licenses:type']);
    expect(issues[1].message).toContain('{"toString":"x"}');
  });

  it('never throws, whatever it gets', () => {
    for (const junk of [null, 7, 'row', [], { id: 5 }, { id: 'a', name: { nested: { deep: [1] } } }, Object.create(null)]) {
      expect(() => checkRow('customers', junk)).not.toThrow();
    }
    expect(checkRow('customers', { id: 'a', name: ['x'] }).row).toEqual({ id: 'a' });
  });
});

describe('a document written by a newer app', () => {
  it('refuses every write, with a message saying why', () => {
    const doc = new Y.Doc();
    const wb = openWorkbook(doc);
    expect(wb.insert('customers', { name: 'Acme' } as never).ok).toBe(true);
    const id = wb.list('customers')[0].id;
    doc.getMap('meta').set('schemaVersion', SCHEMA_VERSION + 1);
    const before = Y.encodeStateVector(doc);
    const r = wb.update('customers', id, { name: 'Changed' });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors[0].message).toMatch(/newer version of the app/);
    expect(wb.insert('customers', { name: 'New' } as never).ok).toBe(false);
    expect(wb.remove('customers', id).ok).toBe(false);
    expect(wb.updateSettings({ currency: 'USD' }).ok).toBe(false);
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });
});
