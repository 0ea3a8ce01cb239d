// Per-day engagement ranking (METRICS.md "Health" → engagement). For one evaluation day it
// holds the intensities of the customers active that day, sorted, so that a customer's
// percentile is two binary searches and an edit is one remove + one insert, instead of
// re-sorting 10,000 customers. Entries are ordered by (intensity, customer id) so that a
// given customer's entry can be found exactly even inside a long run of equal values
// (e.g. thousands of customers with no usage at all).

// The formula is the metrics' own (one definition, bit-identical results).
import { percentileOf } from '../metrics/engagement.js';

export { percentileOf };

export class DayRank {
  private values: number[] = [];
  private ids: string[] = [];

  /** Builds from unsorted entries in one sort (initial load). */
  static from(entries: Array<[id: string, value: number]>): DayRank {
    entries.sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const r = new DayRank();
    r.values = entries.map((e) => e[1]);
    r.ids = entries.map((e) => e[0]);
    return r;
  }

  get size(): number {
    return this.values.length;
  }

  /** First index whose (value, id) is ≥ the given pair. */
  private position(value: number, id: string): number {
    let lo = 0;
    let hi = this.values.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const v = this.values[mid];
      if (v < value || (v === value && this.ids[mid] < id)) lo = mid + 1;
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

  insert(id: string, value: number): void {
    const i = this.position(value, id);
    this.values.splice(i, 0, value);
    this.ids.splice(i, 0, id);
  }

  /** Removes the entry; false when it was not there (the caller's bookkeeping is then wrong). */
  remove(id: string, value: number): boolean {
    const i = this.position(value, id);
    if (i >= this.values.length || this.ids[i] !== id || this.values[i] !== value) return false;
    this.values.splice(i, 1);
    this.ids.splice(i, 1);
    return true;
  }

  /** Percentile of a member whose intensity is `value` (the member itself is not counted as "equal"). */
  percentile(value: number): number {
    const less = this.bound(value, false);
    const equal = this.bound(value, true) - less - 1;
    return percentileOf(less, equal, this.values.length);
  }

  /** Ids of the members with lo ≤ value ≤ hi: the only ones whose percentile moves when one
   *  member's value goes from lo to hi (or back) while n stays the same. */
  idsBetween(lo: number, hi: number): string[] {
    return this.ids.slice(this.bound(lo, false), this.bound(hi, true));
  }

  allIds(): readonly string[] {
    return this.ids;
  }
}
