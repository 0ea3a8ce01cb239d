// Per-day engagement ranking (METRICS.md "Health" → engagement). For one evaluation day it
// holds the intensities of the customers active that day, sorted, so that a customer's
// percentile is two binary searches and an edit is one remove + one insert, instead of
// re-sorting 10,000 customers. Customers are small integer keys (the engine maps ids to
// keys) and entries are ordered by (intensity, key), so that a given customer's entry is
// found exactly even inside a long run of equal values (e.g. thousands of customers with
// no usage at all), with numeric comparisons only.

// The formula is the metrics' own (one definition, bit-identical results).
import { percentileOf } from '../metrics/engagement.js';

/**
 * Entries in typed arrays with room to grow (kept outside the V8 heap a browser tab is
 * bounded by: 69 days × 100,000 members were ~100 MB of it as JS arrays); an edit moves
 * the tail with copyWithin, a memmove.
 */
export class DayRank {
  private values: Float64Array;
  private keys: Int32Array;
  private n: number;

  private constructor(values: Float64Array, keys: Int32Array, n = values.length) {
    this.values = values;
    this.keys = keys;
    this.n = n;
  }

  /**
   * Builds from unsorted members (load): `valueOf(key)` is the member's intensity. The
   * values are sorted natively (no comparator: 71 days × 10k members at every load), then
   * each key, visited in ascending order, takes the next free slot of its value's run, which
   * gives the (value, key) order.
   */
  static from(keys: number[], valueOf: (key: number) => number): DayRank {
    const m = keys.length;
    for (let j = 1; j < m; j++) if (keys[j - 1] > keys[j]) { keys.sort((a, b) => a - b); break; }
    const vals = new Float64Array(m);
    for (let j = 0; j < m; j++) vals[j] = valueOf(keys[j]);
    return DayRank.fromValues(keys, vals);
  }

  /** `from` for keys already ascending with their values alongside (`vals` is overwritten). */
  static fromValues(keys: number[], vals: Float64Array): DayRank {
    const m = keys.length;
    for (let j = 0; j < m; j++) {
      const v = vals[j];
      if (v !== v) {
        // NaN has no place in a numeric order: the comparator sort, as before.
        const at = new Map(keys.map((k, x) => [k, vals[x]]));
        return DayRank.bySorting(keys.slice(), (k) => at.get(k)!);
      }
      vals[j] = v + 0; // −0 → +0: the ranking compares with ===, where both are one value
    }
    const sorted = vals.slice().sort();
    const outKeys = new Int32Array(m);
    const taken = new Int32Array(m); // per run start: slots already filled
    for (let j = 0; j < m; j++) {
      const v = vals[j];
      let lo = 0, hi = m;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (sorted[mid] < v) lo = mid + 1;
        else hi = mid;
      }
      outKeys[lo + taken[lo]++] = keys[j];
    }
    return new DayRank(sorted, outKeys);
  }

  private static bySorting(keys: number[], valueOf: (key: number) => number): DayRank {
    keys.sort((a, b) => valueOf(a) - valueOf(b) || a - b);
    return new DayRank(Float64Array.from(keys, valueOf), Int32Array.from(keys));
  }

  static empty(): DayRank {
    return new DayRank(new Float64Array(0), new Int32Array(0));
  }

  get size(): number {
    return this.n;
  }

  /** First index whose (value, key) is ≥ the given pair. */
  private position(value: number, key: number): number {
    let lo = 0;
    let hi = this.n;
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
    let hi = this.n;
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
    if (this.n === this.values.length) {
      const cap = Math.max(8, this.n * 2);
      const values = new Float64Array(cap), keys = new Int32Array(cap);
      values.set(this.values);
      keys.set(this.keys);
      this.values = values;
      this.keys = keys;
    }
    this.values.copyWithin(i + 1, i, this.n);
    this.keys.copyWithin(i + 1, i, this.n);
    this.values[i] = value + 0;
    this.keys[i] = key;
    this.n++;
  }

  /** Removes the entry; false when it was not there (the caller's bookkeeping is then wrong). */
  remove(key: number, value: number): boolean {
    const i = this.position(value, key);
    if (i >= this.n || this.keys[i] !== key || this.values[i] !== value) return false;
    this.values.copyWithin(i, i + 1, this.n);
    this.keys.copyWithin(i, i + 1, this.n);
    this.n--;
    return true;
  }

  /** Number of members with lo ≤ value ≤ hi (those forEachPercentile(fn, lo, hi) visits). */
  countIn(lo: number, hi: number): number {
    return this.bound(hi, true) - this.bound(lo, false);
  }

  /** Percentile of a member whose intensity is `value` (the member itself is not counted as "equal"). */
  percentile(value: number): number {
    const less = this.bound(value, false);
    const equal = this.bound(value, true) - less - 1;
    return percentileOf(less, equal, this.n);
  }

  /**
   * Calls fn(key, percentile) for each member with lo ≤ value ≤ hi (all members without
   * bounds). One walk over the sorted run: a run of equal values shares `less` (its start)
   * and `equal` (its length − 1), so no search per member. With bounds, these are the only
   * members whose percentile moves when one member's value goes from lo to hi (or back)
   * while n stays the same.
   */
  forEachPercentile(fn: (key: number, percentile: number) => void, lo = -Infinity, hi = Infinity): void {
    const n = this.n;
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
