// Per-day engagement ranking (METRICS.md "Health" → engagement). For one evaluation day it
// holds the intensities of the customers active that day, sorted, so that a customer's
// percentile is two binary searches and an edit is one remove + one insert, instead of
// re-sorting 10,000 customers. Customers are small integer keys (the engine maps ids to
// keys) and entries are ordered by (intensity, key), so that a given customer's entry is
// found exactly even inside a long run of equal values (e.g. thousands of customers with
// no usage at all), with numeric comparisons only.

// The formula is the metrics' own (one definition, bit-identical results).
import { percentileOf } from '../metrics/engagement.js';

export { percentileOf };

export class DayRank {
  private values: number[];
  private keys: number[];

  private constructor(values: number[], keys: number[]) {
    this.values = values;
    this.keys = keys;
  }

  /** Builds from unsorted members in one sort (load): `valueOf(key)` is the member's intensity. */
  static from(keys: number[], valueOf: (key: number) => number): DayRank {
    keys.sort((a, b) => valueOf(a) - valueOf(b) || a - b);
    return new DayRank(keys.map(valueOf), keys);
  }

  static empty(): DayRank {
    return new DayRank([], []);
  }

  get size(): number {
    return this.values.length;
  }

  /** First index whose (value, key) is ≥ the given pair. */
  private position(value: number, key: number): number {
    let lo = 0;
    let hi = this.values.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const v = this.values[mid];
      if (v < value || (v === value && this.keys[mid] < key)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Number of entries with value < v (upper = false) or ≤ v (upper = true). */
  private bound(value: number, upper: boolean): number {
    let lo = 0;
    let hi = this.values.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const v = this.values[mid];
      if (v < value || (upper && v === value)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  insert(key: number, value: number): void {
    const i = this.position(value, key);
    this.values.splice(i, 0, value);
    this.keys.splice(i, 0, key);
  }

  /** Removes the entry; false when it was not there (the caller's bookkeeping is then wrong). */
  remove(key: number, value: number): boolean {
    const i = this.position(value, key);
    if (i >= this.values.length || this.keys[i] !== key || this.values[i] !== value) return false;
    this.values.splice(i, 1);
    this.keys.splice(i, 1);
    return true;
  }

  /** Percentile of a member whose intensity is `value` (the member itself is not counted as "equal"). */
  percentile(value: number): number {
    const less = this.bound(value, false);
    const equal = this.bound(value, true) - less - 1;
    return percentileOf(less, equal, this.values.length);
  }

  /**
   * Calls fn(key, percentile) for each member with lo ≤ value ≤ hi (all members without
   * bounds). One walk over the sorted run: a run of equal values shares `less` (its start)
   * and `equal` (its length − 1), so no search per member. With bounds, these are the only
   * members whose percentile moves when one member's value goes from lo to hi (or back)
   * while n stays the same.
   */
  forEachPercentile(fn: (key: number, percentile: number) => void, lo = -Infinity, hi = Infinity): void {
    const n = this.values.length;
    const end = hi === Infinity ? n : this.bound(hi, true);
    let i = lo === -Infinity ? 0 : this.bound(lo, false);
    while (i < end) {
      const v = this.values[i];
      let j = i + 1;
      while (j < n && this.values[j] === v) j++;
      const p = percentileOf(i, j - i - 1, n);
      for (let k = i; k < j && k < end; k++) fn(this.keys[k], p);
      i = j;
    }
  }
}
