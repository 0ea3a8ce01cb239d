// The dashboard and its lists folded in blocks (block-fold.ts) and kept between edits: after
// every kind of edit, on a portfolio several blocks long, the engine's answers equal the ones
// computed from scratch on the edited data, unfiltered, filtered and for one person.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openWorkbook, type Workbook } from '../../../core/doc/index.js';
import { tableLoadOrder } from '../../../core/index.js';
import { createDerivation } from '../../../core/engine/index.js';
import { generateWorkbook, createRng, CS_OWNERS } from '../../../core/demo/index.js';
import { computeDashboard, dashboardFrom } from '../../../core/metrics/dashboard.js';
import { dashboardDetailFrom } from '../../../core/catalog/detail.js';
import { BLOCK, patchSorted } from '../../../core/metrics/block-fold.js';
import fc from 'fast-check';
import { deriveCustomers } from '../../../core/metrics/derive.js';
import { prepare } from '../../../core/metrics/model.js';
import type { DashboardFilter, WorkbookData } from '../../../core/types.js';

const asOf = '2026-03-15';
const requests: { filter?: DashboardFilter; user?: string }[] = [
  {},
  { filter: { segment: ['SaaS', 'Serviços'] } },
  { user: CS_OWNERS[0] },
];

function load(data: WorkbookData): Workbook {
  const wb = openWorkbook(new Y.Doc());
  for (const t of tableLoadOrder) expect(wb.insertMany(t, data[t] as never[]).ok).toBe(true);
  return wb;
}

function fromScratch(wb: Workbook, o: { filter?: DashboardFilter; user?: string }) {
  const snap = wb.snapshot();
  const model = prepare(snap);
  const derived = deriveCustomers(model, asOf);
  return { dashboard: dashboardFrom(model, derived, { asOf, ...o }), detail: dashboardDetailFrom(model, derived, { asOf, ...o }) };
}

describe('dashboard folded in blocks, kept between edits', () => {
  it('equals a fresh computation after each edit, on a portfolio of several blocks', () => {
    const data = generateWorkbook({ seed: 11, customers: 3 * BLOCK + 37, today: asOf });
    const wb = load(data);
    const d = createDerivation(wb, { asOf });
    const check = (step: string) => {
      for (const o of requests) {
        const want = fromScratch(wb, o);
        expect(d.dashboard(o), `${step} ${JSON.stringify(o)}`).toEqual(want.dashboard);
        expect(d.detail(o), `${step} ${JSON.stringify(o)}`).toEqual(want.detail);
      }
    };
    check('start');
    expect(d.dashboard().customers).toBe(3 * BLOCK + 37);

    const rng = createRng(5);
    const pick = <T,>(rows: readonly T[]) => rows[rng.int(0, rows.length - 1)];
    const edits: [string, () => void][] = [
      ['contract value', () => { const k = pick(data.contracts); wb.update('contracts', k.id, { value: 12_345 }); }],
      ['customer flagged at risk', () => { const c = pick(data.customers); wb.update('customers', c.id, { riskFlag: true }); }],
      ['customer moved to another segment', () => { const c = pick(data.customers); wb.update('customers', c.id, { segment: 'SaaS' }); }],
      ['usage (a percentile ripple)', () => { const u = pick(data.usage); wb.update('usage', u.id, { actions: 500 }); }],
      ['invoice paid', () => { const i = pick(data.invoices); wb.update('invoices', i.id, { paidAt: asOf }); }],
      ['activity done', () => { const a = pick(data.activities); wb.update('activities', a.id, { doneAt: asOf }); }],
      ['survey score', () => { const s = data.surveys.find((x) => x.kind === 'nps')!; wb.update('surveys', s.id, { score: 0 }); }],
      ['customer with its contract added', () => {
        expect(wb.insert('customers', { id: 'new-1', name: 'Cliente Novo Ltda', segment: 'SaaS', csOwner: CS_OWNERS[0] }).ok).toBe(true);
        expect(wb.insert('contracts', { id: 'new-k', customerId: 'new-1', model: 'recurring', value: 900, startDate: '2026-01-01' }).ok).toBe(true);
      }],
      ['customer removed (the blocks after it shift)', () => { wb.remove('customers', data.customers[BLOCK + 3].id); }],
    ];
    for (const [step, edit] of edits) {
      edit();
      check(step);
    }
    // From scratch, with no engine at all, still agrees with the last answer.
    expect(computeDashboard(wb.snapshot(), { asOf })).toEqual(d.dashboard());
  });
});

describe('dashboard warmed in slices (Derivation.warm)', () => {
  it('folds a block or more per call, and the answers then equal a fresh computation, with edits between slices', () => {
    const data = generateWorkbook({ seed: 12, customers: 4 * BLOCK + 11, today: asOf });
    const wb = load(data);
    const d = createDerivation(wb, { asOf });
    for (const o of requests) {
      // With no time left, a call folds one block of a fold (two where one fold ends and the
      // next begins): the four folds (figures by rows and by metrics, lists by rows and by
      // metrics) of five blocks each take between ten and twenty calls.
      let calls = 0;
      while (!d.warm(o, () => false)) {
        calls++;
        expect(calls, JSON.stringify(o)).toBeLessThan(25);
        // An edit between slices: a block already folded changes again.
        if (calls === 3) wb.update('contracts', data.contracts[0].id, { value: 7_000 + requests.indexOf(o) });
      }
      expect(calls, JSON.stringify(o)).toBeGreaterThanOrEqual(10);
      const want = fromScratch(wb, o);
      expect(d.dashboard(o), JSON.stringify(o)).toEqual(want.dashboard);
      expect(d.detail(o), JSON.stringify(o)).toEqual(want.detail);
      // Answered: nothing left to warm.
      expect(d.warm(o, () => false)).toBe(true);
    }
    // After an edit only the edited customer's block is folded again: one call per fold at most.
    wb.update('customers', data.customers[2 * BLOCK].id, { riskFlag: true });
    let calls = 0;
    while (!d.warm({}, () => false)) calls++;
    expect(calls).toBeLessThanOrEqual(4);
    expect(d.dashboard({})).toEqual(fromScratch(wb, {}).dashboard);
  });
});

describe('patchSorted', () => {
  type R = { id: string; v: number };
  const order = (a: R, b: R) => a.v - b.v || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  it('equals sorting the rows that stay and the rows that come (seeded)', () => {
    const row = fc.record({ id: fc.string({ maxLength: 3 }), v: fc.integer({ min: 0, max: 5 }) });
    fc.assert(fc.property(fc.array(row, { maxLength: 60 }), fc.array(fc.boolean(), { maxLength: 60 }), fc.array(row, { maxLength: 20 }), (all, drop, came) => {
      const sorted = [...all].sort(order);
      const left = sorted.filter((_, i) => drop[i]);
      const want = [...sorted.filter((_, i) => !drop[i]), ...came].sort(order);
      const got = patchSorted(sorted, left, [...came], order);
      expect(got).toEqual(want);
      // The rows themselves, not copies, and none of those that left.
      for (const r of got) expect((sorted.includes(r) && !left.includes(r)) || came.includes(r)).toBe(true);
    }), { seed: 20261130, numRuns: 300 });
  });
});
