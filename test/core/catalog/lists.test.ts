// The dashboard's lists and pie counts (core/catalog/lists.ts, distributions.ts, detail.ts)
// on the small hand-made portfolio; expected rows worked out by hand from METRICS.md
// (D = 2024-03-15, S = 2024-03-01, M = 2024-03-31, scheduled-task horizon D + 7 = 03-22).
// Then: each list and slice agrees with the figure and drill-down it stands beside.
import { describe, expect, it } from 'vitest';
import {
  computeDashboard, dashboardDetailFrom, dashboardListDefs, deriveCustomers, distributionDefs, drillIds, prepare,
  type CustomerListRow, type DashboardFilter, type RenewalListRow, type TaskListRow, type WorkbookData,
} from '../../../core/index.js';
import { activities, contracts, customers, invoices, tickets } from '../../support/hand-portfolio.js';

const D = '2024-03-15';
const base = { customers, contracts, activities, invoices, tickets, surveys: [], usage: [], contacts: [] };
// Flags decide churn risk and upsell here: red = 0 puts no score below the red band and
// green = 100 no active customer in the green band (so no 'opportunity' situation).
// b is flagged at risk but inactive: churn risk counts active customers only.
const flagged = {
  ...base,
  customers: customers.map((c) =>
    c.id === 'g' ? { ...c, riskFlag: true, upsellFlag: true } : c.id === 'c' ? { ...c, upsellFlag: true } : c.id === 'b' ? { ...c, riskFlag: true } : c),
  settings: { healthBands: { red: 0, green: 100 } },
} as WorkbookData;

function detailOf(data: WorkbookData, o: { filter?: DashboardFilter; user?: string } = {}) {
  const model = prepare(data);
  const derived = deriveCustomers(model, D);
  const options = { asOf: D, filter: o.filter ?? {}, user: o.user ?? 'Ana Souza' };
  return { detail: dashboardDetailFrom(model, derived, options), ids: (key: string) => drillIds(model, derived, key, options) };
}
const order = <I extends (typeof dashboardListDefs)[number]['id']>(id: I) => dashboardListDefs.find((l) => l.id === id)!.order as unknown as <T>(a: T, b: T) => number;

describe('list order (rules only, hand rows)', () => {
  const row = (id: string, health: number | null, mrr: number, flagged = false): CustomerListRow => ({ id, name: id, health, band: null, mrr, flagged });
  it('churn risk: lowest health first, flagged customers without a score last, then the MRR at stake', () => {
    const rows = [row('g', null, 800, true), row('e', 45, 600), row('a', 40, 1000), row('x', 45, 900)].sort(order('churnRisk'));
    expect(rows.map((r) => r.id)).toEqual(['a', 'x', 'e', 'g']);
  });
  it('upsell: highest MRR first, then best health', () => {
    const rows = [row('c', 80, 300), row('g', null, 800), row('f', 90, 300)].sort(order('upsell'));
    expect(rows.map((r) => r.id)).toEqual(['g', 'f', 'c']);
  });
  it('renewals: soonest first', () => {
    const r = (id: string, days: number): RenewalListRow => ({ id, name: id, date: '2024-03-20', days, mrr: 0 });
    expect([r('c', 30), r('g', 5), r('a', 10)].sort(order('renewals')).map((x) => x.id)).toEqual(['g', 'a', 'c']);
  });
});

describe('the lists the derivation answers', () => {
  it('my tasks: late first (oldest first), then scheduled; only the selected customers', () => {
    const { detail } = detailOf(base);
    // t6 (h, due 02-01, done after D: still late), t1 (a, 03-10, owner folded), t2 (b, 03-20 ≤ 03-22);
    // t3 is Bruno's, t4 done, t5 beyond the horizon.
    expect(detail.lists.tasks.map((t: TaskListRow) => [t.id, t.customerName, t.title, t.due, t.late])).toEqual([
      ['t6', 'Teta', 'Late too', '2024-02-01', true],
      ['t1', 'Alfa Ltda', 'Call', '2024-03-10', true],
      ['t2', 'Beta ME', 'QBR', '2024-03-20', false],
    ]);
    expect(detailOf(base, { filter: { segment: ['SaaS'] } }).detail.lists.tasks.map((t) => t.id)).toEqual(['t1', 't2']);
    expect(detailOf(base, { user: 'bruno' }).detail.lists.tasks.map((t) => [t.id, t.late])).toEqual([['t3', false]]);
  });

  it('renewals within 30 days: g, whose contract ends 2024-03-20 (5 days), 800 a month', () => {
    expect(detailOf(base).detail.lists.renewals).toEqual([{ id: 'g', name: 'Eta', date: '2024-03-20', days: 5, mrr: 800 }]);
  });

  it('churn risk and upsell from the flags (bands set so that no score decides)', () => {
    const { detail } = detailOf(flagged);
    expect(detail.lists.churnRisk.map((r) => [r.id, r.name, r.mrr, r.flagged])).toEqual([['g', 'Eta', 800, true]]);
    // g 800 a month (k10), c 300 (k3): largest MRR first.
    expect(detail.lists.upsell.map((r) => [r.id, r.mrr, r.flagged])).toEqual([['g', 800, true], ['c', 300, true]]);
  });

  it('pies: every active customer has a score (yellow between 0 and 100), every situation neutral', () => {
    const { detail } = detailOf(flagged);
    expect(detail.distributions.band.map((s) => [s.key, s.count, s.drill])).toEqual([
      ['red', 0, 'band:red'], ['yellow', 6, 'band:yellow'], ['green', 0, 'band:green'], ['none', 0, 'band:none'],
    ]);
    expect(detail.distributions.situation.map((s) => [s.key, s.count])).toEqual([['risk', 0], ['opportunity', 0], ['neutral', 8]]);
    // The SaaS segment: a active, b inactive (not in the band pie, neutral in the situation pie).
    const saas = detailOf(flagged, { filter: { segment: ['SaaS'] } }).detail;
    expect(saas.distributions.band.map((s) => s.count)).toEqual([0, 1, 0, 0]);
    expect(saas.distributions.situation.map((s) => s.count)).toEqual([0, 0, 2]);
  });
});

describe('lists and slices agree with their figures and drill-downs', () => {
  const filters: DashboardFilter[] = [{}, { segment: ['SaaS', 'Comércio'] }, { segment: ['Serviços'] }];
  for (const data of [base, flagged as typeof base]) {
    it(`one rule for the count and the list (${data === base ? 'default bands' : 'flags'})`, () => {
      for (const filter of filters) {
        const { detail, ids } = detailOf(data, { filter });
        const d = computeDashboard(data, { asOf: D, filter, user: 'Ana Souza' });
        const tasks = detail.lists.tasks;
        expect(tasks.filter((t) => t.late).length).toBe(d.tasks.late);
        expect(tasks.filter((t) => !t.late).length).toBe(d.tasks.scheduled);
        expect(new Set(tasks.filter((t) => t.late).map((t) => t.customerId))).toEqual(new Set(ids('tasksLate')));
        expect(new Set(detail.lists.churnRisk.map((r) => r.id))).toEqual(new Set(d.churnRisk));
        expect(new Set(detail.lists.upsell.map((r) => r.id))).toEqual(new Set(d.upsellOpportunities));
        expect(detail.lists.renewals.map((r) => r.id).sort()).toEqual(ids('renewalsSoon'));
        for (const [pie, slices] of Object.entries(distributionDefs)) {
          const got = detail.distributions[pie as keyof typeof distributionDefs];
          slices.forEach(([, drill], i) => expect(got[i].count, `${pie} ${drill}`).toBe(ids(drill).length));
        }
      }
    });
  }
});
