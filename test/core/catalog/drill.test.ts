// The drill-down (core/catalog/drill.ts) on a small hand-made portfolio; every expected list
// is worked out by hand from METRICS.md (D = 2024-03-15, S = 2024-03-01, O = 2024-02-29,
// M = 2024-03-31). Then: for every card, its drill-down and its value come from one rule.
import { describe, expect, it } from 'vitest';
import {
  computeDashboard, deriveCustomers, drillIds, figureCards, prepare, tallies,
  type DashboardFilter,
} from '../../../core/index.js';
import { activities, contracts, customers, invoices, tickets } from '../../support/hand-portfolio.js';

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
