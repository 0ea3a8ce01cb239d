// Focused behaviour of the incremental engine: which customers each edit reports, the
// as-of date, settings, remote updates, the dashboard memo. Expected values worked out by
// hand below; every step is also checked against a full recompute.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openWorkbook, type Workbook } from '../../../core/doc/index.js';
import { createDerivation, type Derivation, type DerivationChange } from '../../../core/engine/index.js';
import { computeCustomerMetrics, computeDashboard } from '../../../core/metrics/index.js';

const D = '2024-03-15';

/**
 * Customers A, B, C, each with one recurring contract of 1,000/month since 2023-01-01 and
 * no licenses (intensity = actions), and one usage row on D: 1, 2 and 3 actions.
 * On every evaluation day before D the 30-day window holds no usage: all three have
 * intensity 0, percentile (0 + 0.5 × 2) / 2 × 100 = 50. On D: A 0, B 50, C 100.
 * Health on D = (30 × p + 15 × support 100 + 20 × financial 100 + 5 × relationship 0) / 70
 * (adoption and nps are null): A 50, B 5000 / 70, C 6500 / 70.
 */
function portfolio(doc = new Y.Doc()): Workbook {
  const wb = openWorkbook(doc);
  const ok = (r: { ok: boolean }) => expect(r.ok).toBe(true);
  ['A', 'B', 'C'].forEach((id, i) => {
    ok(wb.insert('customers', { id, name: `Cliente ${id}`, segment: i === 0 ? 'SaaS' : 'Indústria' }));
    ok(wb.insert('contracts', { id: `k${id}`, customerId: id, model: 'recurring', value: 1000, startDate: '2023-01-01' }));
    ok(wb.insert('usage', { id: `u${id}`, customerId: id, date: D, userId: `user-${id}`, actions: i + 1 }));
  });
  return wb;
}

function watch(d: Derivation): DerivationChange[] {
  const events: DerivationChange[] = [];
  d.onChange((e) => events.push({ customers: [...e.customers].sort(), all: e.all }));
  return events;
}

const matchesFull = (wb: Workbook, d: Derivation) => expect(d.metrics()).toEqual(computeCustomerMetrics(wb.snapshot(), d.asOf));

describe('createDerivation', () => {
  it('starts with the full metrics', () => {
    const wb = portfolio();
    const d = createDerivation(wb, { asOf: D });
    matchesFull(wb, d);
    expect(d.get('A')?.engagementScore).toBe(-100);
    expect(d.get('B')?.engagementScore).toBe(0);
    expect(d.get('C')?.engagementScore).toBe(100);
    expect(d.get('A')?.healthScore).toBe(50);
    expect(d.get('B')?.healthScore).toBeCloseTo(5000 / 70, 12);
    expect(d.get('C')?.healthScore).toBeCloseTo(6500 / 70, 12);
    expect(d.derived().days.length).toBe(d.derived().health.get('A')?.length);
  });

  it('reports exactly the customers whose metrics changed, edit by edit', () => {
    const wb = portfolio();
    const d = createDerivation(wb, { asOf: D });
    const events = watch(d);

    // 1. A's usage 1 → 2 actions: A and B tie on D, each (0 + 0.5 × 1) / 2 = 25. C stays 100.
    expect(wb.update('usage', 'uA', { actions: 2 }).ok).toBe(true);
    expect(events.pop()).toEqual({ customers: ['A', 'B'], all: false });
    expect(d.get('A')?.engagementScore).toBe(-50);
    expect(d.get('B')?.engagementScore).toBe(-50);
    expect(d.get('C')?.engagementScore).toBe(100);
    matchesFull(wb, d);

    // 2. B's contract moves to A: A has 2,000 MRR, B is inactive. n drops to 2 on every day,
    //    yet C keeps its percentiles (50 before D: tie with A at 0; 100 on D: above A's 2),
    //    so C is not reported.
    expect(wb.update('contracts', 'kB', { customerId: 'A' }).ok).toBe(true);
    expect(events.pop()).toEqual({ customers: ['A', 'B'], all: false });
    expect(d.get('A')?.mrr).toBe(2000);
    expect(d.get('A')?.engagementScore).toBe(-100);
    expect(d.get('B')?.status).toBe('inactive');
    expect(d.get('B')?.engagementScore).toBeNull();
    expect(d.get('C')?.engagementScore).toBe(100);
    matchesFull(wb, d);

    // 3. An activity done on D touches only C (relationship 100), nobody's ranking.
    expect(wb.insert('activities', { id: 'act1', customerId: 'C', title: 'QBR', doneAt: D }).ok).toBe(true);
    expect(events.pop()).toEqual({ customers: ['C'], all: false });
    expect(d.get('C')?.indicators.relationship).toBe(100);
    expect(d.get('C')?.lastInteraction).toBe(D);
    matchesFull(wb, d);

    // 4. An edit that changes no metric (a usage row's user id, A has one user either way) reports nothing.
    expect(wb.update('usage', 'uA', { userId: 'someone-else' }).ok).toBe(true);
    expect(events).toEqual([]);

    // 5. Removing C: C is reported (gone), and A, now alone, is at 50 on every day.
    expect(wb.remove('customers', 'C').ok).toBe(true);
    expect(events.pop()).toEqual({ customers: ['A', 'C'], all: false });
    expect(d.get('C')).toBeUndefined();
    expect(d.metrics().size).toBe(2);
    expect(d.get('A')?.engagementScore).toBe(0);
    matchesFull(wb, d);

    // 6. C's rows are orphans now; re-creating C picks them up again.
    expect(wb.insert('customers', { id: 'C', name: 'Cliente C' }).ok).toBe(true);
    expect(events.pop()).toEqual({ customers: ['A', 'C'], all: false });
    expect(d.get('C')?.mrr).toBe(1000);
    matchesFull(wb, d);
  });

  it('leaves a ripple above rippleSync for later: the edited customer at once, its neighbours when settled, reads always current', () => {
    const wb = portfolio();
    const later: (() => void)[] = [];
    const d = createDerivation(wb, { asOf: D, later: (f) => later.push(f), rippleSync: 0 });
    const events = watch(d);
    // A's usage 1 → 2 actions: A and B tie on D (step 1 above). B only moved in the ranking: it waits.
    expect(wb.update('usage', 'uA', { actions: 2 }).ok).toBe(true);
    expect(events.splice(0)).toEqual([{ customers: ['A'], all: false }]);
    expect(later.length).toBe(1);
    // B's long health series, read before anyone settles, is already the one a fresh engine computes…
    const fresh = createDerivation(wb, { asOf: D });
    expect(d.longHealth('B')).toEqual(fresh.longHealth('B'));
    fresh.dispose();
    // …and so is a read of B.
    expect(d.get('B')?.engagementScore).toBe(-50);
    matchesFull(wb, d);
    // …and settling reports it.
    later.shift()!();
    expect(events.splice(0)).toEqual([{ customers: ['B'], all: false }]);
    // C's usage 3 → 0 actions: C drops below A and B on D, both move. Nothing read: settling re-finishes both.
    expect(wb.update('usage', 'uC', { actions: 0 }).ok).toBe(true);
    expect(events.splice(0)).toEqual([{ customers: ['C'], all: false }]);
    later.shift()!();
    expect(events.splice(0)).toEqual([{ customers: ['A', 'B'], all: false }]);
    matchesFull(wb, d);
    // Without `later`, the same edit reports everyone at once.
    const e = createDerivation(wb, { asOf: D });
    const eventsE = watch(e);
    expect(wb.update('usage', 'uC', { actions: 3 }).ok).toBe(true);
    expect(eventsE).toEqual([{ customers: ['A', 'B', 'C'], all: false }]);
  });

  it('moves the as-of date: every customer re-evaluated, all = true', () => {
    const wb = portfolio();
    expect(wb.update('contracts', 'kA', { endDate: '2024-06-30' }).ok).toBe(true);
    const d = createDerivation(wb, { asOf: D });
    const events = watch(d);
    expect(d.get('A')?.daysToRenewal).toBe(107); // Mar 15 → Jun 30: 16 + 30 + 31 + 30
    d.setAsOf('2024-03-16');
    expect(d.asOf).toBe('2024-03-16');
    expect(d.get('A')?.daysToRenewal).toBe(106);
    // On the 16th the 30-day window still holds the 15th's usage: the percentiles of the 15th
    // now hold for two days of the 7-day averages, so every variation moves.
    expect(events).toEqual([{ customers: ['A', 'B', 'C'], all: true }]);
    expect(d.get('C')?.engagementScore).toBe(100);
    d.setAsOf('2024-03-16'); // same date: nothing to do
    expect(events.length).toBe(1);
    matchesFull(wb, d);
    expect(() => d.setAsOf('2024-02-30')).toThrow(RangeError);
    expect(d.asOf).toBe('2024-03-16');
    matchesFull(wb, d);
  });

  it('recomputes everyone when the settings change', () => {
    const wb = portfolio();
    const d = createDerivation(wb, { asOf: D });
    const events = watch(d);
    expect(d.get('A')?.tier).toBe('Tech Touch'); // 1,000 < 2,000
    expect(wb.updateSettings({ tiers: [{ name: 'Ouro', minMrr: 500 }, { name: 'Base', minMrr: 0 }] }).ok).toBe(true);
    expect(events.pop()).toEqual({ customers: ['A', 'B', 'C'], all: true });
    expect(d.get('B')?.tier).toBe('Ouro');
    // Engagement weight 0: health on D = (1500 + 2000 + 0) / 40 = 87.5 for everyone.
    expect(wb.updateSettings({ healthWeights: { engagement: 0 } }).ok).toBe(true);
    expect(d.get('A')?.healthScore).toBe(87.5);
    expect(d.get('C')?.healthScore).toBe(87.5);
    matchesFull(wb, d);
  });

  it('picks up remote changes from another replica', () => {
    const local = portfolio();
    const remoteDoc = new Y.Doc();
    Y.applyUpdate(remoteDoc, Y.encodeStateAsUpdate(local.doc));
    const remote = openWorkbook(remoteDoc);
    const d = createDerivation(remote, { asOf: D });
    const events = watch(d);
    local.doc.on('update', (u: Uint8Array) => Y.applyUpdate(remoteDoc, u, 'network'));
    expect(local.insert('contracts', { id: 'k2', customerId: 'B', model: 'recurring', value: 1200, billingPeriodMonths: 12, startDate: '2024-01-01' }).ok).toBe(true);
    expect(events.pop()).toEqual({ customers: ['B'], all: false });
    expect(d.get('B')?.mrr).toBe(1100); // 1,000 + 1,200 / 12
    matchesFull(remote, d);
  });

  it('memoizes the dashboard per options until the next change', () => {
    const wb = portfolio();
    const d = createDerivation(wb, { asOf: D });
    const first = d.dashboard();
    expect(d.dashboard()).toBe(first);
    expect(first.mrr).toBe(3000);
    const saas = d.dashboard({ filter: { segment: ['SaaS'] } });
    expect(saas.mrr).toBe(1000);
    expect(saas).toEqual(computeDashboard(wb.snapshot(), { asOf: D, filter: { segment: ['SaaS'] } }));
    expect(wb.insert('contracts', { id: 'k2', customerId: 'A', model: 'recurring', value: 500, startDate: '2024-03-01' }).ok).toBe(true);
    const next = d.dashboard();
    expect(next).not.toBe(first);
    expect(next.mrr).toBe(3500);
    expect(next).toEqual(computeDashboard(wb.snapshot(), { asOf: D }));
  });

  it('refreshes neighbours on month ends before the history lazily, in time for the dashboard series', () => {
    const wb = portfolio();
    const d = createDerivation(wb, { asOf: D });
    const events = watch(d);
    const filter = { segment: ['Indústria'] }; // B and C
    const nov = (o: ReturnType<Derivation['dashboard']>) => o.series.find((p) => p.month === '2023-11')!.health;
    // Nov 30: nobody has usage in its window, all three at percentile 50: health 5000 / 70.
    expect(nov(d.dashboard({ filter }))).toBeCloseTo(5000 / 70, 12);
    // A row on Nov 20 lies only in Nov 30's window (no history day, not D): A goes to 100 that
    // day, B and C to (0 + 0.5 × 1) / 2 = 25 → health (30 × 25 + 3500) / 70 = 4250 / 70.
    expect(wb.insert('usage', { id: 'old', customerId: 'A', date: '2023-11-20', userId: 'user-A', actions: 5 }).ok).toBe(true);
    expect(events).toEqual([]); // no customer column changed
    const after = d.dashboard({ filter });
    expect(nov(after)).toBeCloseTo(4250 / 70, 12);
    expect(after).toEqual(computeDashboard(wb.snapshot(), { asOf: D, filter }));
    const i = d.derived().days.indexOf(Date.UTC(2023, 10, 30) / 86_400_000); // day numbers since 1970-01-01
    expect(i).toBeGreaterThanOrEqual(0);
    expect(d.derived().health.get('B')![i]).toBeCloseTo(4250 / 70, 12); // derived() is current too
  });

  it('rebuilds itself from the doc when an incremental step throws, then surfaces the error', () => {
    const wb = portfolio();
    let failNext = false;
    const errors: unknown[] = [];
    // A workbook whose row reads fail once on demand, and whose subscribe collects listener errors.
    const flaky: Workbook = {
      ...wb,
      get: ((table, id) => {
        if (failNext && table === 'contracts') {
          failNext = false;
          throw new Error('read failed');
        }
        return wb.get(table, id);
      }) as Workbook['get'],
      subscribe: (l) => wb.subscribe((c) => {
        try {
          l(c);
        } catch (e) {
          errors.push(e);
        }
      }),
    };
    const d = createDerivation(flaky, { asOf: D });
    const events = watch(d);
    failNext = true;
    expect(wb.update('contracts', 'kA', { value: 4000 }).ok).toBe(true);
    expect(errors.map((e) => (e as Error).message)).toEqual(['read failed']);
    expect(events).toEqual([{ customers: ['A'], all: true }]);
    expect(d.get('A')?.mrr).toBe(4000);
    matchesFull(wb, d);
  });

  it('recomputes in full when one change touches many customers (import), still exact', () => {
    const wb = openWorkbook(new Y.Doc());
    // 100 customers, one contract each (c0 … c99, value 100 + i), imported in one go.
    wb.insertMany('customers', Array.from({ length: 100 }, (_, i) => ({ id: `c${i}`, name: `Cliente ${i}` })));
    wb.insertMany('contracts', Array.from({ length: 100 }, (_, i) => ({ id: `k${i}`, customerId: `c${i}`, model: 'recurring' as const, value: 100 + i, startDate: '2023-06-01' })));
    const d = createDerivation(wb, { asOf: D });
    const events = watch(d);
    // Usage for 80 customers in one transaction (> max(64, 100 / 8) dirty): i actions for c_i.
    expect(wb.insertMany('usage', Array.from({ length: 80 }, (_, i) => ({ id: `u${i}`, customerId: `c${i}`, date: D, userId: 'x', actions: i }))).ok).toBe(true);
    expect(events.length).toBe(1);
    expect(events[0].all).toBe(true);
    // On D: c79 alone has the most actions (79): less = 99 of n − 1 = 99 → percentile 100.
    expect(d.get('c79')?.engagementScore).toBe(100);
    // c0 ties with 20 others at 0, nobody below: (0 + 0.5 × 20) / 99 × 100 → score 2 × 1000 / 99 − 100.
    expect(d.get('c0')?.engagementScore).toBeCloseTo((2 * 1000) / 99 - 100, 10);
    expect(new Set(events[0].customers).size).toBe(100); // every customer's percentile moved on D
    matchesFull(wb, d);
    // Then small edits are incremental again.
    expect(wb.update('contracts', 'k5', { value: 1000 }).ok).toBe(true);
    expect(events[1]).toEqual({ customers: ['c5'], all: false });
    matchesFull(wb, d);
  });

  it('stops listening after dispose and unsubscribe', () => {
    const wb = portfolio();
    const d = createDerivation(wb, { asOf: D });
    let calls = 0;
    const off = d.onChange(() => calls++);
    wb.update('contracts', 'kA', { value: 2000 });
    expect(calls).toBe(1);
    off();
    wb.update('contracts', 'kA', { value: 3000 });
    expect(calls).toBe(1);
    expect(d.get('A')?.mrr).toBe(3000);
    d.dispose();
    wb.update('contracts', 'kA', { value: 4000 });
    expect(d.get('A')?.mrr).toBe(3000); // a disposed engine no longer follows the doc
  });
});
