// The `renewalsThisMonth` dashboard figure (core/catalog/figures.ts): { count, mrr } of the
// recurring contracts active on D whose current term ends in [S, M], auto-renewing or not.
// Expected values worked out by hand (D = 2024-03-15, S = 2024-03-01, M = 2024-03-31).
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { cardByField, computeDashboard, createDerivation, deriveCustomers, drillIds, openWorkbook, prepare, type WorkbookData } from '../../../core/index.js';

const D = '2024-03-15';
const k = (id: string, customerId: string, o: Record<string, unknown>) => ({ id, customerId, model: 'recurring', value: 1000, startDate: '2023-04-01', ...o });
const data = {
  customers: [{ id: 'a', name: 'Alfa', segment: 'SaaS' }, { id: 'b', name: 'Beta', segment: 'Varejo' }, { id: 'c', name: 'Gama' }],
  contracts: [
    k('k1', 'a', { endDate: '2024-03-31' }), // term ends 03-31, no auto-renew: counts, 1000
    // Monthly auto-renewing term (2024-01-10 … 02-09): renewals end 03-09, then 04-09 ≥ D → not this month.
    k('k2', 'a', { startDate: '2024-01-10', endDate: '2024-02-09', autoRenew: true }),
    // 12-month auto-renewing term ending 2024-03-19 ≥ D: counts, 900 a quarter = 300 a month.
    k('k3', 'a', { startDate: '2023-03-20', endDate: '2024-03-19', autoRenew: true, value: 900, billingPeriodMonths: 3 }),
    k('k4', 'a', { endDate: '2024-03-31', canceledAt: '2024-03-10' }), // canceled before D: not active
    k('k5', 'a', { model: 'one-off', endDate: '2024-03-31' }), // not recurring
    k('k6', 'c', { endDate: '2024-03-10' }), // ended before D: not active
    k('k7', 'c', {}), // no end date: no term end
    k('k8', 'b', { endDate: '2024-03-20', value: 250 }), // counts, 250
    // Auto-renewing, term ending next month: 2023-04-16 … 2024-04-15.
    k('k9', 'b', { startDate: '2023-04-16', endDate: '2024-04-15', autoRenew: true }),
  ],
  activities: [], surveys: [], invoices: [], tickets: [], usage: [], contacts: [],
} as unknown as WorkbookData;

describe('renewalsThisMonth', () => {
  it('counts the active recurring contracts whose current term ends this month, and sums their MRR', () => {
    expect(computeDashboard(data, { asOf: D }).renewalsThisMonth).toEqual({ count: 3, mrr: 1550 });
    expect(computeDashboard(data, { asOf: D, filter: { segment: ['Varejo'] } }).renewalsThisMonth).toEqual({ count: 1, mrr: 250 });
    // In April only k9's term (ending 04-15) and k2's renewal (ending 04-09) end: k1 and k8 have ended.
    expect(computeDashboard(data, { asOf: '2024-04-05' }).renewalsThisMonth).toEqual({ count: 2, mrr: 2000 });
  });

  it('drills into exactly the customers behind it', () => {
    const model = prepare(data);
    const derived = deriveCustomers(model, D);
    expect(drillIds(model, derived, 'renewalsThisMonth', { asOf: D })).toEqual(['a', 'b']);
    expect(drillIds(model, derived, 'renewalsThisMonth', { asOf: D, filter: { segment: ['SaaS'] } })).toEqual(['a']);
  });

  it('has its cards, labelled and explained in both languages', () => {
    const count = cardByField('renewalsThisMonth.count')!, mrr = cardByField('renewalsThisMonth.mrr')!;
    expect([count.unit, mrr.unit, count.drill, mrr.drill]).toEqual(['count', 'money', 'renewalsThisMonth', 'renewalsThisMonth']);
    expect([count.label['pt-BR'], count.label.en]).toEqual(['Renovações no mês', 'Renewals this month']);
    expect(count.formula.en).toMatch(/current term ends this month/);
    expect(count.anchor).toBe('glossary-dashboard.md#renewalsthismonth');
  });

  it('follows edits through the incremental engine', () => {
    const wb = openWorkbook(new Y.Doc());
    wb.insert('customers', { id: 'a', name: 'Alfa' });
    const d = createDerivation(wb, { asOf: D });
    expect(d.dashboard().renewalsThisMonth).toEqual({ count: 0, mrr: 0 });
    wb.insert('contracts', { id: 'k', customerId: 'a', model: 'recurring', value: 120, billingPeriodMonths: 12, startDate: '2023-04-01', endDate: '2024-03-31' });
    expect(d.dashboard().renewalsThisMonth).toEqual({ count: 1, mrr: 10 });
    expect(d.drill('renewalsThisMonth')).toEqual(['a']);
    wb.update('contracts', 'k', { endDate: '2024-04-30' });
    expect(d.dashboard().renewalsThisMonth).toEqual({ count: 0, mrr: 0 });
    expect(d.drill('renewalsThisMonth')).toEqual([]);
    d.dispose();
  });
});
