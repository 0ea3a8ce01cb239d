// Accounting identities every dashboard must satisfy, checked on a generated portfolio
// (the demo generator exercises every movement kind) for several dates and filters.
import { describe, expect, it } from 'vitest';
import { generateWorkbook } from '../../../core/demo/index.js';
import { computeDashboard, dashboardFrom } from '../../../core/metrics/dashboard.js';
import { deriveCustomers } from '../../../core/metrics/derive.js';
import { prepare } from '../../../core/metrics/model.js';
import type { Dashboard, DashboardFilter } from '../../../core/types.js';

const data = generateWorkbook({ seed: 7, customers: 300, today: '2026-03-15' });
const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThan(1e-6 * Math.max(1, Math.abs(a), Math.abs(b)));

function checkIdentities(d: Dashboard): void {
  expect(JSON.stringify(d)).not.toMatch(/NaN|Infinity/);
  expect(d.series).toHaveLength(12);
  d.series.forEach((p, k) => {
    const m = p.movements;
    close(m.opening + m.new + m.expansion + m.reactivation - m.contraction - m.churned, m.closing);
    close(p.mrr, m.closing);
    if (k > 0) close(m.opening, d.series[k - 1].mrr); // a month opens where the previous closed
  });
  expect(d.series[11].movements).toEqual(d.mrrMovements);
  close(d.mrr, d.mrrMovements.closing);
  expect(d.series[11].churnRate).toEqual(d.churnRate);
  expect(d.series[11].health).toEqual(d.healthScore);
  expect(d.activeCustomers).toBeLessThanOrEqual(d.customers);
  expect(d.tickets.finished + d.tickets.pending).toBe(d.tickets.opened);
  expect(d.invoices.received + d.invoices.toBeDue + d.invoices.overdue).toBe(d.invoices.due);
  expect(d.transactionalRevenue.month).toBeLessThanOrEqual(d.transactionalRevenue.year);
  if (d.grr !== null && d.nrr !== null) expect(d.grr).toBeLessThanOrEqual(d.nrr);
}

describe('dashboard identities on a generated portfolio', () => {
  for (const asOf of ['2026-03-15', '2026-01-31', '2025-12-01']) {
    it(`holds on ${asOf}`, () => {
      const d = computeDashboard(data, { asOf });
      checkIdentities(d);
      expect(d.customers).toBe(300);
      // The demo covers every movement kind over the year.
      const year = d.series.map((p) => p.movements);
      for (const kind of ['new', 'expansion', 'contraction', 'churned'] as const) {
        expect(year.some((m) => m[kind] > 0)).toBe(true);
      }
    });
  }

  it('a partition of the customers splits every additive figure', () => {
    const model = prepare(data);
    const derived = deriveCustomers(model, '2026-03-15');
    const all = dashboardFrom(model, derived, { asOf: '2026-03-15' });
    const parts: DashboardFilter[] = [{ status: ['active'] }, { status: ['inactive'] }];
    const ds = parts.map((filter) => dashboardFrom(model, derived, { asOf: '2026-03-15', filter }));
    ds.forEach(checkIdentities);
    expect(ds[0].customers + ds[1].customers).toBe(all.customers);
    close(ds[0].mrr + ds[1].mrr, all.mrr);
    close(ds[0].mrrMovements.churned + ds[1].mrrMovements.churned, all.mrrMovements.churned);
    expect(ds[0].invoices.due + ds[1].invoices.due).toBe(all.invoices.due);
    expect(ds[0].tasks.late + ds[1].tasks.late).toBe(all.tasks.late);
    expect([...ds[0].churnRisk, ...ds[1].churnRisk].sort()).toEqual([...all.churnRisk].sort());
    expect(ds[1].mrr).toBe(0);
  });
});
