// Orphans in the sheet's invalid-cells view: a row naming a customer that no longer exists
// has its customerId cell marked with "customer X no longer exists" in the interface
// language (counted with the invalid cells, so the view lists it next to the clean-up), and
// the rows to work out again after a customer change are exactly those naming it.
import { describe, expect, it } from 'vitest';
import { gridRowOf, InvalidCount, invalidOf, orphanRecheck } from '../../client/grid/invalid-cells.js';
import { translate } from '../../client/i18n/catalog.js';

const customers = new Set(['c1']);
const refs = { customerIds: { has: (id: string) => customers.has(id) } };
const contract = (id: string, customerId: string) => ({ id, customerId, model: 'recurring', value: 100, startDate: '2025-01-01' });

describe('orphan rows in the invalid-cells view', () => {
  it('marks the customerId cell of an orphan with the catalog message, in both languages', () => {
    const en = gridRowOf('contracts', contract('k1', 'c9'), refs, 'en', (id) => translate('en', 'grid.orphanCell', { id }));
    expect(invalidOf(en)).toEqual({ customerId: 'Customer c9 no longer exists' });
    const pt = gridRowOf('contracts', contract('k1', 'c9'), refs, 'pt-BR', (id) => translate('pt-BR', 'grid.orphanCell', { id }));
    expect(invalidOf(pt)).toEqual({ customerId: 'O cliente c9 não existe mais' });
    // The customer still exists: nothing invalid.
    expect(invalidOf(gridRowOf('contracts', contract('k2', 'c1'), refs, 'en', () => 'never'))).toBeUndefined();
  });

  it('counts each orphan as one invalid cell of its row', () => {
    const count = new InvalidCount();
    for (const r of [contract('k1', 'c9'), contract('k2', 'c1'), contract('k3', 'c8')]) count.set(gridRowOf('contracts', r, refs, 'en', (id) => `gone ${id}`));
    expect(count.total).toBe(2);
    count.remove('k1');
    expect(count.total).toBe(1);
  });

  it('rechecks only the rows naming a customer removed or brought back', () => {
    const rows = [{ id: 'k1', customerId: 'c1' }, { id: 'k2', customerId: 'c2' }, { id: 'k3', customerId: 'c1' }, { id: 'k4' }];
    expect(orphanRecheck(rows, { upserted: [], removed: ['c1'] }).map((r) => r.id)).toEqual(['k1', 'k3']);
    expect(orphanRecheck(rows, { upserted: ['c2'], removed: [] }).map((r) => r.id)).toEqual(['k2']);
    expect(orphanRecheck(rows, { upserted: [], removed: [] })).toEqual([]);
  });
});
