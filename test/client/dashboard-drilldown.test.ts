// Dashboard lists on a small hand-made portfolio (the drill-down itself is core's: test/core/catalog/drill.test.ts); every expected list is worked out below by
// hand from METRICS.md (D = 2024-03-15, S = 2024-03-01, O = 2024-02-29, M = 2024-03-31).
import { describe, expect, it } from 'vitest';
import type { Activity, Contract, Customer, CustomerMetrics, Invoice, Ticket } from '../../core/index.js';
import { churnRiskRows, forCustomers, renewalRows, taskRows, upsellRows } from '../../client/dashboard/lists.js';
import { distribution } from '../../client/dashboard/charts/distribution.js';
import { isIsoDate } from '../../core/index.js';

const customers: Customer[] = [
  { id: 'a', name: 'Alfa Ltda', segment: 'SaaS', externalId: '12.345.678/0001-95' },
  { id: 'b', name: 'Beta ME', segment: 'SaaS' },
  { id: 'c', name: 'Gama S.A.', segment: 'Indústria' },
  { id: 'd', name: 'Delta', segment: 'Indústria' },
  { id: 'e', name: 'Épsilon', segment: 'Comércio' },
  { id: 'f', name: 'Zeta', segment: 'Comércio' },
  { id: 'g', name: 'Eta', segment: 'Serviços' },
  { id: 'h', name: 'Teta', segment: 'Serviços' },
];

const k = (id: string, customerId: string, o: Partial<Contract>): Contract =>
  ({ id, customerId, model: 'recurring', value: 0, startDate: '2023-01-01', ...o }) as Contract;

const contracts: Contract[] = [
  k('k1', 'a', { value: 1000 }), // a: 1000 on O and on D → no movement
  k('k2', 'b', { value: 500, startDate: '2023-06-01', canceledAt: '2024-03-10' }), // b: 500 → 0: churned, logo churn
  k('k3', 'c', { value: 300, startDate: '2024-03-05', setupFee: 200 }), // c: new customer, new contract, setup fee this month
  k('k4', 'd', { value: 100, endDate: '2023-12-31' }), // d: inactive on O …
  k('k5', 'd', { value: 150, startDate: '2024-03-02' }), // … back this month: reactivation
  k('k6', 'e', { value: 1200, billingPeriodMonths: 3 }), // e: 400/month …
  k('k7', 'e', { value: 200, startDate: '2024-03-01' }), // … + 200 from S: expansion 400 → 600
  k('k8', 'f', { value: 1000, canceledAt: '2024-03-14' }), // f: 1600 → 600: contraction
  k('k9', 'f', { value: 600, startDate: '2023-05-01' }),
  k('k10', 'g', { value: 800, endDate: '2024-03-20' }), // g: ends this month, no auto-renew: ending contract
  k('k11', 'g', { model: 'one-off', value: 5000, startDate: '2024-01-10' }), // g: one-off this year, not this month
  k('k12', 'h', { model: 'recurring', value: 'abc' as unknown as number, startDate: '2024-13-01' }), // h: invalid → counts nowhere
];

const activities: Activity[] = [
  { id: 't1', customerId: 'a', title: 'Call', owner: ' ana  SOUZA ', dueDate: '2024-03-10' }, // late (owner folded)
  { id: 't2', customerId: 'b', title: 'QBR', owner: 'Ana Souza', dueDate: '2024-03-20' }, // scheduled (≤ D + 7 = 03-22)
  { id: 't3', customerId: 'c', title: 'Other', owner: 'Bruno', dueDate: '2024-03-16' }, // someone else's
  { id: 't4', customerId: 'd', title: 'Done', owner: 'Ana Souza', dueDate: '2024-03-01', doneAt: '2024-03-02' }, // done
  { id: 't5', customerId: 'e', title: 'Later', owner: 'Ana Souza', dueDate: '2024-03-23' }, // beyond the horizon
  { id: 't6', customerId: 'h', title: 'Late too', owner: 'Ana Souza', dueDate: '2024-02-01', doneAt: '2024-03-20' }, // done after D: still late
];

const tickets: Ticket[] = [
  { id: 'x1', customerId: 'a', openedAt: '2024-03-02', closedAt: '2024-03-05' }, // opened + finished
  { id: 'x2', customerId: 'h', openedAt: '2024-03-10' }, // opened, pending
  { id: 'x3', customerId: 'b', openedAt: '2024-02-28' }, // last month
  { id: 'x4', customerId: 'c', openedAt: '2024-03-16' }, // after D
];

const invoices: Invoice[] = [
  { id: 'i1', customerId: 'a', issueDate: '2024-02-20', dueDate: '2024-03-05', amount: 10, paidAt: '2024-03-04' }, // received
  { id: 'i2', customerId: 'b', issueDate: '2024-02-20', dueDate: '2024-03-10', amount: 10 }, // overdue
  { id: 'i3', customerId: 'h', issueDate: '2024-02-20', dueDate: '2024-03-25', amount: 10 }, // to be due
  { id: 'i4', customerId: 'c', issueDate: '2024-03-01', dueDate: '2024-04-02', amount: 10 }, // next month
  { id: 'i5', customerId: 'e', issueDate: '2024-02-20', dueDate: '2024-03-12', amount: 10, paidAt: '2024-03-20' }, // paid after D: overdue
];

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
