import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DayRank } from '../../../core/engine/rank.js';
import { percentileOf } from '../../../core/metrics/engagement.js';

const keysOf = (r: DayRank) => {
  const out: number[] = [];
  r.forEachPercentile((k) => out.push(k));
  return out;
};
const between = (r: DayRank, lo: number, hi: number) => {
  const out: [number, number][] = [];
  r.forEachPercentile((k, p) => out.push([k, p]), lo, hi);
  return out;
};

describe('DayRank', () => {
  // Customers 1..4 with intensities 1, 3, 3, 7 (n = 4, denominator 3).
  const value: Record<number, number> = { 1: 1, 2: 3, 3: 3, 4: 7 };
  const build = () => DayRank.from([4, 2, 1, 3], (k) => value[k]);

  it('computes METRICS.md percentiles: less + half of the other equals, over n − 1', () => {
    const r = build();
    expect(r.percentile(1)).toBe(0); // less 0, equal 0
    expect(r.percentile(3)).toBe(50); // less 1, equal 1 → 100 × 1.5 / 3
    expect(r.percentile(7)).toBe(100); // less 3, equal 0
    expect(percentileOf(0, 0, 1)).toBe(50); // a single active customer
  });

  it('updates by remove/insert and reports who sits between old and new value', () => {
    const r = build();
    // Customer 3 goes 3 → 8: members with 3 ≤ v ≤ 8 before the move are 2, 3, 4, with
    // percentiles 100 × (1 + 0.5) / 3 = 50 for the two 3s and 100 for the 7.
    expect(between(r, 3, 8)).toEqual([[2, 50], [3, 50], [4, 100]]);
    expect(between(r, 2, 2)).toEqual([]);
    expect(r.remove(3, 3)).toBe(true);
    r.insert(3, 8);
    expect(keysOf(r)).toEqual([1, 2, 4, 3]);
    expect(between(r, -Infinity, Infinity).map(([, p]) => p)).toEqual([0, 100 / 3, 200 / 3, 100]);
    expect(r.percentile(3)).toBeCloseTo(100 / 3, 12); // customer 2: less 1, equal 0
    expect(r.percentile(8)).toBe(100);
    expect(r.percentile(1)).toBe(0);
  });

  it('finds the exact member in a run of equal values and refuses unknown ones', () => {
    const r = DayRank.from([30, 10, 20], () => 0);
    expect(keysOf(r)).toEqual([10, 20, 30]);
    expect(r.remove(99, 0)).toBe(false);
    expect(r.remove(20, 1)).toBe(false);
    expect(r.remove(20, 0)).toBe(true);
    expect(keysOf(r)).toEqual([10, 30]);
    expect(r.percentile(0)).toBe(50); // n = 2: less 0, equal 1 → 50 / 1
    r.remove(10, 0);
    expect(r.size).toBe(1);
    expect(r.percentile(0)).toBe(50);
    expect(DayRank.empty().size).toBe(0);
  });

  it('equals a sorted list after any inserts and removes, growing from empty (seeded)', () => {
    const op = fc.record({ key: fc.integer({ min: 0, max: 40 }), value: fc.constantFrom(0, -0, 1, 2.5, 3, 7) });
    fc.assert(
      fc.property(fc.array(op, { minLength: 20, maxLength: 200, size: 'max' }), (ops) => {
        const r = DayRank.empty();
        const members = new Map<number, number>(); // key → value: the oracle
        for (const { key, value } of ops) {
          const had = members.get(key);
          if (had === undefined) {
            r.insert(key, value);
            members.set(key, value + 0);
          } else {
            expect(r.remove(key, had)).toBe(true);
            members.delete(key);
          }
        }
        const sorted = [...members].sort((a, b) => a[1] - b[1] || a[0] - b[0]);
        expect(r.size).toBe(sorted.length);
        expect(keysOf(r)).toEqual(sorted.map(([k]) => k));
        for (const [, v] of sorted) {
          const less = sorted.filter(([, x]) => x < v).length;
          const equal = sorted.filter(([, x]) => x === v).length - 1;
          expect(r.percentile(v)).toBe(percentileOf(less, equal, sorted.length));
        }
      }),
      { seed: 20261201, numRuns: 300 },
    );
  });
});
