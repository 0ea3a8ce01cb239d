// Metrics from the derivation worker in messages of bounded size, put back together as one
// change on the main thread (each part is deserialized in its own task).
import { describe, expect, it } from 'vitest';
import type { CustomerMetrics } from '../../core/index.js';
import { MetricsAssembler, splitMetrics } from '../../client/derive/metrics-chunks.js';

const m = (mrr: number) => ({ mrr }) as unknown as CustomerMetrics;
const entries = (n: number) => Array.from({ length: n }, (_, i) => [`c${i}`, m(i)] as [string, CustomerMetrics]);

describe('metrics in parts', () => {
  it('splits 2,500 entries into parts of 1,000, 1,000 and 500; only the last carries the removed ids and no "more"', () => {
    const parts = splitMetrics({ all: true, entries: entries(2500), removed: ['gone'], ms: 7 }, 1000);
    expect(parts.map((p) => [p.entries.length, p.more ?? false, p.removed, p.all])).toEqual([
      [1000, true, [], true],
      [1000, true, [], true],
      [500, false, ['gone'], true],
    ]);
    expect(parts[1].entries[0][0]).toBe('c1000');
    expect(parts[2].entries[499][0]).toBe('c2499');
  });

  it('sends a small or empty change as one message, exactly 1,000 entries included', () => {
    expect(splitMetrics({ all: false, entries: [], removed: ['x'], ms: 0 }, 1000)).toEqual([{ type: 'metrics', all: false, entries: [], removed: ['x'], ms: 0 }]);
    expect(splitMetrics({ all: false, entries: entries(1000), removed: [], ms: 0 }, 1000).length).toBe(1);
    expect(splitMetrics({ all: false, entries: entries(1001), removed: [], ms: 0 }, 1000).map((p) => p.entries.length)).toEqual([1000, 1]);
  });

  it('gives nothing until the last part, then the whole change in order', () => {
    const a = new MetricsAssembler();
    const parts = splitMetrics({ all: false, entries: entries(2500), removed: ['gone'], ms: 3 }, 1000);
    expect(a.take(parts[0])).toBeNull();
    expect(a.take(parts[1])).toBeNull();
    const whole = a.take(parts[2])!;
    expect(whole.entries.map((e) => e[0])).toEqual(entries(2500).map((e) => e[0]));
    expect(whole.removed).toEqual(['gone']);
    expect(whole.all).toBe(false);
    // The next change starts fresh.
    expect(a.take(splitMetrics({ all: true, entries: entries(2), removed: [], ms: 0 })[0])!.entries.length).toBe(2);
  });
});
