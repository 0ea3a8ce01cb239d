// The drill-down (core/catalog/drill.ts) on a small hand-made portfolio; every expected list
// is worked out by hand from METRICS.md (D = 2024-03-15, S = 2024-03-01, O = 2024-02-29,
// M = 2024-03-31). Then: for every card, its drill-down and its value come from one rule.
import { describe, expect, it } from 'vitest';
import {
  computeDashboard, deriveCustomers, drillIds, figureCards, prepare, tallies,
  type Activity, type Contract, type Customer, type DashboardFilter, type Invoice, type Ticket,
} from '../../../core/index.js';

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


const D = '2024-03-15';
const data = { customers, contracts, activities, invoices, tickets, surveys: [], usage: [], contacts: [] };
const model = prepare(data);
const derived = deriveCustomers(model, D);
const ids = (key: string, o: { filter?: DashboardFilter; user?: string } = {}) =>
  drillIds(model, derived, key, { asOf: D, user: o.user ?? 'Ana Souza', filter: o.filter ?? {} });

describe('drill-down ids', () => {
  it('MRR movements of the month, per METRICS.md', () => {
    expect(ids('new')).toEqual(['c']);
    expect(ids('reactivation')).toEqual(['d']);
    expect(ids('expansion')).toEqual(['e']);
    expect(ids('contraction')).toEqual(['f']);
    expect(ids('churned')).toEqual(['b']);
    expect(ids('mrrChurn')).toEqual(['b', 'f']);
    expect(ids('movers')).toEqual(['b', 'c', 'd', 'e', 'f']);
    expect(ids('logoChurn')).toEqual(['b']);
    expect(ids('openingActive')).toEqual(['a', 'b', 'e', 'f', 'g']);
    expect(ids('everActive')).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
  });

  it('contracts of the month and transactional revenue', () => {
    expect(ids('newContracts')).toEqual(['c']);
    expect(ids('endingContracts')).toEqual(['g']);
    expect(ids('transactionalMonth')).toEqual(['c']);
    expect(ids('transactionalYear')).toEqual(['c', 'g']);
  });

  it('my tasks (owner folded), tickets and invoices of the month', () => {
    expect(ids('tasksLate')).toEqual(['a', 'h']);
    expect(ids('tasksScheduled')).toEqual(['b']);
    expect(ids('tasksScheduled', { user: 'bruno' })).toEqual(['c']);
    expect(ids('tasksLate', { user: '' })).toEqual(['a', 'h']); // everyone's
    expect(ids('ticketsOpened')).toEqual(['a', 'h']);
    expect(ids('ticketsFinished')).toEqual(['a']);
    expect(ids('ticketsPending')).toEqual(['h']);
    expect(ids('invoicesDue')).toEqual(['a', 'b', 'e', 'h']);
    expect(ids('invoicesReceived')).toEqual(['a']);
    expect(ids('invoicesOverdue')).toEqual(['b', 'e']);
    expect(ids('invoicesToBeDue')).toEqual(['h']);
  });

  it('metric-based lists: status, bands, situations, renewals, overdue, core id lists', () => {
    expect(ids('active')).toEqual(['a', 'c', 'd', 'e', 'f', 'g']);
    expect(ids('all')).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
    expect(ids('withHealth')).toEqual(['a', 'c', 'd', 'e', 'f', 'g']); // every active customer has a score
    expect(ids('withNps')).toEqual([]);
    expect(ids('renewalsSoon')).toEqual(['g']); // g's contract ends 2024-03-20, 5 days away; no other has an end date
    expect(ids('overdueInvoices')).toEqual(['b', 'e']);
  });

  it('applies the dashboard filter (folded segment, tier from metrics, search on CNPJ digits)', () => {
    expect(ids('openingActive', { filter: { segment: ['saas'] } })).toEqual(['a', 'b']);
    expect(ids('churned', { filter: { segment: ['SAAS'] } })).toEqual(['b']);
    expect(ids('churned', { filter: { segment: ['Comércio'] } })).toEqual([]);
    expect(ids('expansion', { filter: { tier: ['Tech Touch'] } })).toEqual(['e']); // 600 a month
    expect(ids('expansion', { filter: { tier: ['Tier 2'] } })).toEqual([]);
    expect(ids('all', { filter: { search: '12345678' } })).toEqual(['a']);
  });

  it('an unknown key yields no ids instead of throwing', () => {
    expect(ids('no-such-figure')).toEqual([]);
    expect(ids('band:purple')).toEqual([]);
  });
});


describe('a figure and its drill-down come from the same rule', () => {
  const filters: DashboardFilter[] = [{}, { segment: ['SaaS', 'Comércio'] }, { segment: ['Indústria'] }];
  it('every tally figure is non-zero exactly when its drill-down lists someone, and counts at least one row per listed customer', () => {
    for (const filter of filters) {
      const d = computeDashboard(data, { asOf: D, filter, user: 'Ana Souza' }) as unknown as Record<string, Record<string, number>>;
      for (const t of tallies) {
        const f: { field: string; count?: string; weight?: string } = t.figure;
        const who = ids(t.id, { filter });
        if (f.count) {
          expect(d[f.field][f.count] > 0, `${t.id} ${JSON.stringify(filter)}`).toBe(who.length > 0);
          expect(d[f.field][f.count]).toBeGreaterThanOrEqual(who.length);
        } else expect(d[f.field][f.weight!] > 0).toBe(who.length > 0);
      }
    }
  });

  it('every card drills into a known rule, and the id-list figures equal their drill-down', () => {
    for (const c of figureCards) expect(Array.isArray(ids(c.drill)), c.field).toBe(true);
    for (const filter of filters) {
      const d = computeDashboard(data, { asOf: D, filter, user: 'Ana Souza' });
      expect(new Set(ids('churnRisk', { filter }))).toEqual(new Set(d.churnRisk));
      expect(new Set(ids('upsellOpportunities', { filter }))).toEqual(new Set(d.upsellOpportunities));
      expect(ids('active', { filter }).length).toBe(d.activeCustomers);
      expect(ids('all', { filter }).length).toBe(d.customers);
      expect(ids('logoChurn', { filter }).length).toBe(d.logoChurn);
    }
  });
});
