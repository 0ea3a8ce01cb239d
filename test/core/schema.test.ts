import { describe, expect, it } from 'vitest';
import { schema, tableNames, defaultSettings } from '../../core/index.js';

describe('schema', () => {
  it('lists the eight tables of METRICS.md, each row referencing a customer except customers', () => {
    expect(tableNames).toEqual(['customers', 'contracts', 'activities', 'surveys', 'invoices', 'tickets', 'usage', 'contacts']);
    for (const t of tableNames) {
      if (t === 'customers') continue;
      expect((schema[t].fields as Record<string, { kind: string }>).customerId.kind).toBe('ref');
    }
  });
  it('carries METRICS.md defaults for settings', () => {
    expect(defaultSettings.healthBands).toEqual({ red: 50, green: 75 });
    expect(defaultSettings.tiers.map((t) => t.minMrr)).toEqual([10000, 2000, 0]);
  });
});
