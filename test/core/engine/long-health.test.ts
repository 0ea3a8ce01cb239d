// The engine's long health series (Customer 360's chart, computed on request): on the
// days the engine keeps it is the kept history itself; on an older day it is the health an
// engine evaluated on that day would report; edits reach it like they reach the metrics.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import { openWorkbook, type Workbook } from '../../../core/doc/index.js';
import { createDerivation } from '../../../core/engine/index.js';
import { generateWorkbook } from '../../../core/demo/index.js';
import { HISTORY_DAYS, LONG_HEALTH_DAYS, fromDay, parseDay } from '../../../core/metrics/index.js';
import { tableLoadOrder, type TableName } from '../../../core/schema.js';
import type { WorkbookData } from '../../../core/types.js';

const TODAY = '2024-03-15';

function load(data: WorkbookData): Workbook {
  const wb = openWorkbook(new Y.Doc());
  for (const t of tableLoadOrder) {
    const r = wb.insertMany(t, data[t] as never[]);
    if (!r.ok) throw new Error(`demo rows refused in ${t}`);
  }
  return wb;
}

const orNull = (h: number) => (h !== h ? null : h);
const shift = (asOf: string, k: number) => fromDay(parseDay(asOf)! - k);

describe('Derivation.longHealth', () => {
  it('equals the kept history on its days and a one-day engine on older days, before and after edits (random demo workbooks)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }), // demo seed
        fc.integer({ min: 4, max: 16 }), // customers
        fc.integer({ min: 0, max: 40 }), // as-of: days before the demo's "today"
        fc.array(fc.integer({ min: HISTORY_DAYS, max: LONG_HEALTH_DAYS - 1 }), { minLength: 2, maxLength: 3 }), // older days to check, k days before D
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 40 })), { minLength: 1, maxLength: 4 }), // usage edits: row pick, actions
        (seed, customers, back, olderKs, edits) => {
          const wb = load(generateWorkbook({ seed, customers, today: TODAY }));
          const asOf = shift(TODAY, back);
          const engine = createDerivation(wb, { asOf });
          const check = () => {
            const derived = engine.derived();
            const kept = new Map(derived.days.map((x, i) => [x, i]));
            const oneDay = new Map(olderKs.map((k) => [k, createDerivation(wb, { asOf: shift(asOf, k) })]));
            const fresh = createDerivation(wb, { asOf }); // builds its long inputs from scratch
            for (const id of engine.metrics().keys()) {
              const long = engine.longHealth(id)!;
              expect(long.days.length).toBe(LONG_HEALTH_DAYS);
              expect(long.days[LONG_HEALTH_DAYS - 1]).toBe(parseDay(asOf));
              // Every day the engine keeps (the last 60 days and the month ends before): the same number.
              const hist = derived.health.get(id)!;
              let compared = 0;
              long.days.forEach((x, i) => {
                const k = kept.get(x);
                if (k === undefined) return;
                expect(orNull(long.health[i]), `${id} on ${fromDay(x)}`).toBe(orNull(hist[k]));
                compared++;
              });
              expect(compared).toBeGreaterThanOrEqual(HISTORY_DAYS);
              // Every day: what an engine that never saw the edits computes.
              expect([...long.health].map(orNull)).toEqual([...fresh.longHealth(id)!.health].map(orNull));
              // An older day: the health score an engine evaluated on that day reports.
              for (const [k, other] of oneDay) {
                expect(orNull(long.health[LONG_HEALTH_DAYS - 1 - k]), `${id}, ${k} days before D`).toBe(other.get(id)?.healthScore ?? null);
              }
            }
            for (const other of [...oneDay.values(), fresh]) other.dispose();
          };
          check();
          // Edits after the long inputs were built: they are re-read for the edited customers only.
          const usage = wb.list('usage');
          for (const [pick, actions] of edits) {
            const row = usage[pick % usage.length];
            expect(wb.update('usage', row.id, { actions }).ok).toBe(true);
          }
          const ids = [...engine.metrics().keys()];
          wb.remove('customers', ids[edits[0][0] % ids.length]);
          check();
          engine.dispose();
        },
      ),
      { seed: 20261201, numRuns: 12 },
    );
  }, 120_000);

  /**
   * Customers A, B, C, each with one recurring contract since 2023-01-01, no licenses
   * (intensity = actions in the 30-day window) and no other rows; D = 2024-03-15. Usage on
   * X = 2023-12-06 (D − 100, not a month end): A 1, B 2, C 3 actions.
   * Health = (30 × engagement percentile + 15 × support 100 + 20 × financial 100 +
   * 5 × relationship 0) / 70 (adoption and nps have no value).
   *  - X − 1: everyone's window is empty, all tie at 0: percentile 50 each → 5000 / 70.
   *  - X … X + 29 (2024-01-04): A 0, B 50, C 100 → 3500 / 70 = 50, 5000 / 70, 6500 / 70.
   *    2023-12-31 is a month end the engine keeps: the same values from its own ranks.
   *  - X + 30 (2024-01-05): the window has moved past X: 5000 / 70 each again.
   */
  it('a hand-worked day 100 days before D, and after edits to the ranking', () => {
    const wb = openWorkbook(new Y.Doc());
    const X = '2023-12-06';
    const ok = (r: { ok: boolean }) => expect(r.ok).toBe(true);
    const add = (id: string, actions: number) => {
      ok(wb.insert('customers', { id, name: `Cliente ${id}` }));
      ok(wb.insert('contracts', { id: `k${id}`, customerId: id, model: 'recurring', value: 1000, startDate: '2023-01-01' }));
      ok(wb.insert('usage', { id: `u${id}`, customerId: id, date: X, userId: `user-${id}`, actions }));
    };
    add('A', 1);
    add('B', 2);
    add('C', 3);
    const d = createDerivation(wb, { asOf: '2024-03-15' });
    const on = (id: string, date: string) => {
      const s = d.longHealth(id)!;
      const i = s.days.indexOf(parseDay(date)!);
      expect(i, date).toBeGreaterThanOrEqual(0);
      return orNull(s.health[i]);
    };
    expect(d.longHealth('A')!.days[0]).toBe(parseDay('2023-03-17')); // D − 364
    for (const id of ['A', 'B', 'C']) {
      expect(on(id, '2023-12-05')).toBeCloseTo(5000 / 70, 12);
      expect(on(id, '2024-01-05')).toBeCloseTo(5000 / 70, 12);
    }
    for (const date of [X, '2023-12-20', '2023-12-31', '2024-01-04']) {
      expect(on('A', date)).toBeCloseTo(50, 12);
      expect(on('B', date)).toBeCloseTo(5000 / 70, 12);
      expect(on('C', date)).toBeCloseTo(6500 / 70, 12);
    }
    // A's usage on X: 1 → 5 actions. Intensities 5, 2, 3: A 100, B 0, C 50.
    ok(wb.update('usage', 'uA', { actions: 5 }));
    expect(on('A', X)).toBeCloseTo(6500 / 70, 12);
    expect(on('B', X)).toBeCloseTo(50, 12);
    expect(on('C', X)).toBeCloseTo(5000 / 70, 12);
    // A new customer E with 3 actions on X (n = 4, n − 1 = 3): B 0; C and E tie:
    // (1 below + 0.5 × 1 equal) / 3 = 50; A (3 below) / 3 = 100.
    add('E', 3);
    expect(on('B', X)).toBeCloseTo(50, 12);
    expect(on('C', X)).toBeCloseTo(5000 / 70, 12);
    expect(on('E', X)).toBeCloseTo(5000 / 70, 12);
    expect(on('A', X)).toBeCloseTo(6500 / 70, 12);
    // C removed: intensities 5, 2, 3 (A, B, E): E 50.
    ok(wb.remove('customers', 'C'));
    expect(d.longHealth('C')).toBeUndefined();
    expect(on('E', X)).toBeCloseTo(5000 / 70, 12);
    // A shorter span: the same days' values, ending on D.
    const short = d.longHealth('E', 30)!;
    expect(short.days).toEqual(d.longHealth('E')!.days.slice(-30));
    expect([...short.health]).toEqual([...d.longHealth('E')!.health.slice(-30)]);
    d.dispose();
  });
});
