// dashboardFrom caches each customer's contribution; these tests check that an edit (new
// rows and metrics objects for one customer, as the engine produces) and a change of user
// or date are always reflected, by comparing with a full computeDashboard.
import { describe, expect, it } from 'vitest';
import { computeDashboard, dashboardFrom } from '../../../core/metrics/dashboard.js';
import { deriveCustomers } from '../../../core/metrics/derive.js';
import { prepare, prepareCustomer } from '../../../core/metrics/model.js';
import type { WorkbookData } from '../../../core/types.js';
import { activity, customer, recurring, workbook } from './dashboard-helpers.js';

const asOf = '2026-03-15';
const base = (): WorkbookData =>
  workbook({
    customers: [customer('A', { segment: 'SaaS' }), customer('B', { segment: 'SaaS' })],
    contracts: [recurring('A', 100, '2025-01-01'), recurring('B', 200, '2025-01-01')],
    activities: [activity('A', { owner: 'Ana', dueDate: '2026-03-10' }), activity('B', { owner: 'Bruno', dueDate: '2026-03-16' })],
  });

describe('dashboardFrom after edits', () => {
  it('recomputes an edited customer and reuses the others', () => {
    const data = base();
    const model = prepare(data);
    const derived = deriveCustomers(model, asOf);
    const before = dashboardFrom(model, derived, { asOf });
    expect(before.mrr).toBe(300);

    // The engine's way: B gets new rows and new metrics objects; A keeps its objects.
    const edited: WorkbookData = { ...data, contracts: [...data.contracts, recurring('B', 50, '2026-03-05')] };
    const bRows = { ...edited, contracts: edited.contracts.filter((c) => c.customerId === 'B'), activities: edited.activities.filter((a) => a.customerId === 'B') };
    model.customers.set('B', prepareCustomer(data.customers[1], bRows, model.settings));
    const fresh = deriveCustomers(model, asOf);
    derived.metrics.set('B', fresh.metrics.get('B')!);
    derived.health.set('B', fresh.health.get('B')!);

    const after = dashboardFrom(model, derived, { asOf });
    expect(after.mrr).toBe(350);
    expect(after.mrrMovements.expansion).toBe(50); // B: 200 → 250
    expect(after).toEqual(computeDashboard(edited, { asOf }));
  });

  it('recomputes a customer re-finished with the same rows (engagement moved)', () => {
    const model = prepare(base());
    const derived = deriveCustomers(model, asOf);
    expect(dashboardFrom(model, derived, { asOf }).churnRisk).toEqual([]);
    // Same rows object, new metrics and health objects, now red (below healthBands.red 50).
    derived.metrics.set('A', { ...derived.metrics.get('A')!, healthScore: 10, healthBand: 'red' });
    const h = derived.health.get('A')!.slice();
    h[h.length - 1] = 10;
    derived.health.set('A', h);
    const d = dashboardFrom(model, derived, { asOf });
    expect(d.churnRisk).toEqual(['A']);
    expect(d.series[11].health).toBeCloseTo((10 + derived.metrics.get('B')!.healthScore!) / 2, 9);
  });

  it('follows a change of user, filter and date', () => {
    const data = base();
    const model = prepare(data);
    const derived = deriveCustomers(model, asOf);
    expect(dashboardFrom(model, derived, { asOf, user: 'Ana' }).tasks).toEqual({ scheduled: 0, late: 1 });
    expect(dashboardFrom(model, derived, { asOf, user: 'Bruno' }).tasks).toEqual({ scheduled: 1, late: 0 });
    expect(dashboardFrom(model, derived, { asOf, filter: { search: 'customer a' } }).mrr).toBe(100);
    const later = '2026-03-20';
    const d = dashboardFrom(model, deriveCustomers(model, later), { asOf: later, user: 'Bruno' });
    expect(d.tasks).toEqual({ scheduled: 0, late: 1 });
    expect(d).toEqual(computeDashboard(data, { asOf: later, user: 'Bruno' }));
  });
});
