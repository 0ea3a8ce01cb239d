// Dashboard lists on a small hand-made portfolio (the drill-down itself is core's: test/core/catalog/drill.test.ts); every expected list is worked out below by
// hand from METRICS.md (D = 2024-03-15, S = 2024-03-01, O = 2024-02-29, M = 2024-03-31).
import { describe, expect, it } from 'vitest';
import type { CustomerMetrics } from '../../core/index.js';
import { churnRiskRows, forCustomers, renewalRows, taskRows, upsellRows } from '../../client/dashboard/lists.js';
import { distribution } from '../../client/dashboard/charts/distribution.js';
import { isIsoDate } from '../../core/index.js';
import { activities, contracts, customers, invoices, tickets } from '../support/hand-portfolio.js';

/** Only the fields the lists read; the rest are irrelevant zeros (columns added to the catalog later are left out). */
function cm(o: Partial<CustomerMetrics>): CustomerMetrics {
  return <CustomerMetrics>{
    status: 'active', mrr: 0, arr: 0, licenses: 0, tier: 'Tech Touch', lastPurchase: null, renewalDate: null, daysToRenewal: null,
    ltv: 0, lifetimeMonths: 0, tcv: 0, overdueInvoices: 0, ticketsAboveSla: 0, pendingActivities: 0, lateActivities: 0,
    lastInteraction: null, activeUsers30d: 0, actions30d: 0, nps: null, csat: null, ces: null, sponsor: null, engagementScore: null,
    indicators: { engagement: null, adoption: null, nps: null, support: null, financial: null, relationship: null },
    healthScore: null, healthBand: null, situation: 'neutral', variation7d: null, variation15d: null, variation30d: null, custom: {}, ...o,
  };
}

const metrics = new Map<string, CustomerMetrics>([
  ['a', cm({ mrr: 1000, healthScore: 40, healthBand: 'red', situation: 'risk', renewalDate: '2024-03-25', daysToRenewal: 10, nps: 20 })],
  ['b', cm({ status: 'inactive', overdueInvoices: 1, renewalDate: '2024-03-10', daysToRenewal: -5 })],
  ['c', cm({ mrr: 300, healthScore: 80, healthBand: 'green', situation: 'opportunity', renewalDate: '2024-04-14', daysToRenewal: 30, csat: 100 })],
  ['d', cm({ mrr: 150, healthScore: 60, healthBand: 'yellow' })],
  ['e', cm({ mrr: 600, healthScore: 45, healthBand: 'red', overdueInvoices: 1, renewalDate: '2024-04-15', daysToRenewal: 31, tier: 'Tier 2' })],
  ['f', cm({ mrr: 600, healthScore: 90, healthBand: 'green' })],
  ['g', cm({ mrr: 800, renewalDate: '2024-03-20', daysToRenewal: 5 })],
  ['h', cm({ status: 'inactive' })],
]);

describe('dashboard lists', () => {
  const name = (id: string) => customers.find((c) => c.id === id)?.name ?? id;
  const flags = (id: string) => ({ riskFlag: id === 'g', upsellFlag: id === 'g' });

  it('churn risk: lowest health first, flagged customers without a score last', () => {
    const rows = churnRiskRows(['g', 'e', 'a'], metrics, name, flags);
    expect(rows.map((r) => [r.id, r.health, r.flagged])).toEqual([['a', 40, false], ['e', 45, false], ['g', null, true]]);
  });

  it('upsell: highest MRR first', () => {
    expect(upsellRows(['c', 'g'], metrics, name, flags).map((r) => r.id)).toEqual(['g', 'c']);
  });

  it('renewals within 30 days, soonest first', () => {
    expect(renewalRows(['a', 'b', 'c', 'e', 'g'], metrics, name).map((r) => [r.id, r.days])).toEqual([['g', 5], ['a', 10], ['c', 30]]);
  });

  it('my tasks: late first (oldest first), then scheduled; only selected customers', () => {
    const rows = taskRows(activities, 'Ana Souza', '2024-03-15', 7, name, isIsoDate);
    expect(rows.map((r) => [r.id, r.late])).toEqual([['t6', true], ['t1', true], ['t2', false]]);
    expect(forCustomers(rows, new Set(['b', 'h'])).map((r) => r.id)).toEqual(['t6', 't2']);
  });

  it('distribution by band and situation counts the selected customers', () => {
    const d = distribution(['a', 'b', 'c', 'd', 'e', 'g'], metrics);
    // bands: a red, c green, d yellow, e red; g active without a score; b inactive (not counted)
    expect(d.bands.map((s) => [s.key, s.count])).toEqual([['red', 2], ['yellow', 1], ['green', 1], ['none', 1]]);
    expect(d.situations.map((s) => [s.key, s.count])).toEqual([['risk', 1], ['opportunity', 1], ['neutral', 4]]);
  });
});
