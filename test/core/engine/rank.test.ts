import { describe, expect, it } from 'vitest';
import { DayRank, percentileOf } from '../../../core/engine/rank.js';

describe('DayRank', () => {
  // Intensities a=1, b=3, c=3, d=7 (n = 4, denominator 3).
  const build = () => DayRank.from([['d', 7], ['b', 3], ['a', 1], ['c', 3]]);

  it('computes METRICS.md percentiles: less + half of the other equals, over n − 1', () => {
    const r = build();
    expect(r.percentile(1)).toBe(0); // less 0, equal 0
    expect(r.percentile(3)).toBe(50); // less 1, equal 1 → 100 × 1.5 / 3
    expect(r.percentile(7)).toBe(100); // less 3, equal 0
    expect(percentileOf(0, 0, 1)).toBe(50); // a single active customer
  });

  it('updates by remove/insert and reports who sits between old and new value', () => {
    const r = build();
    // c goes 3 → 8: members with 3 ≤ v ≤ 8 before the move are b, c, d.
    expect(r.idsBetween(3, 8)).toEqual(['b', 'c', 'd']);
    expect(r.remove('c', 3)).toBe(true);
    r.insert('c', 8);
    expect(r.allIds()).toEqual(['a', 'b', 'd', 'c']);
    expect(r.percentile(3)).toBeCloseTo(100 / 3, 12); // b: less 1, equal 0
    expect(r.percentile(8)).toBe(100);
    expect(r.percentile(1)).toBe(0);
  });

  it('finds the exact member in a run of equal values and refuses unknown ones', () => {
    const r = DayRank.from([['x', 0], ['y', 0], ['z', 0]]);
    expect(r.remove('q', 0)).toBe(false);
    expect(r.remove('y', 1)).toBe(false);
    expect(r.remove('y', 0)).toBe(true);
    expect(r.allIds()).toEqual(['x', 'z']);
    expect(r.percentile(0)).toBe(50); // n = 2: less 0, equal 1 → 50 / 1
    r.remove('x', 0);
    expect(r.size).toBe(1);
    expect(r.percentile(0)).toBe(50);
  });
});
