// The slicer that applies an import's pieces on the main thread: slices end before the
// next step would pass the budget, costs are learned per kind (table), and a step whose
// cost could not be predicted overruns by itself only. A fake clock: each step advances
// it by a cost fixed in the test, so the expected slices are worked out by hand.
import { describe, expect, it } from 'vitest';
import { runInSlices, type SliceClock } from '../../client/import/slices.js';

function fakeClock() {
  const c = { t: 0, yields: 0 };
  const clock: SliceClock = { now: () => c.t, yield: async () => { c.yields++; } };
  return { c, clock };
}

describe('runInSlices', () => {
  it('fills each slice up to the budget and starts a fresh slice for a kind it has not timed yet', async () => {
    const { c, clock } = fakeClock();
    // 4 customer pieces of 250 rows at 0.04 ms a row (10 ms each), then 20 usage chunks of 1,000 rows at 0.002 ms (2 ms each).
    const steps = [
      ...Array.from({ length: 4 }, () => ({ kind: 'customers', rows: 250, ms: 10 })),
      ...Array.from({ length: 20 }, () => ({ kind: 'usage', rows: 1000, ms: 2 })),
    ];
    const ran: number[] = [];
    const slices: number[] = [];
    const report = await runInSlices(steps, (s) => { ran.push(c.t); c.t += s.ms; }, { budgetMs: 30, clock, onSlice: (done) => slices.push(done) });
    // Slice 1: three customer pieces (30 ms; a fourth would end at 40). Slice 2: the last
    // one alone, since usage has no cost yet. Slice 3: 15 usage chunks (30 ms). Slice 4: 5.
    expect(slices).toEqual([3, 4, 19, 24]);
    expect(report).toEqual({ slices: 4, longest: 30 });
    expect(c.yields).toBe(3);
    expect(ran.length).toBe(24);
  });

  it('overruns only by a step slower than any before it, and stays cautious for a few steps after', async () => {
    const { c, clock } = fakeClock();
    const costs = [5, 5, 5, 20, 5, 5, 5, 5, 5, 5];
    const slices: number[] = [];
    const lengths: number[] = [];
    let sliceStart = 0;
    const report = await runInSlices(costs.map((ms) => ({ kind: 'a', rows: 1, ms })), (s) => { c.t += s.ms; }, {
      budgetMs: 30,
      clock,
      onSlice: (done) => { slices.push(done); lengths.push(c.t - sliceStart); sliceStart = c.t; },
    });
    // Slice 1: 5+5+5 predicted 5 more each time, then the 20 ms step: 35 ms. Slice 2 predicts
    // with the decaying maximum 17, 14.45, 12.28, 10.44 ms: four 5 ms steps (20 ms), the fifth
    // would be predicted to end at 30.44. Slice 3: the last two.
    expect(slices).toEqual([4, 8, 10]);
    expect(lengths).toEqual([35, 20, 10]);
    expect(report.longest).toBe(35);
  });

  it('runs one step per slice when every step costs more than the budget, and nothing for no steps', async () => {
    const { c, clock } = fakeClock();
    const report = await runInSlices([1, 2, 3].map(() => ({ kind: 'x', rows: 10, ms: 50 })), (s) => { c.t += s.ms; }, { budgetMs: 30, clock });
    expect(report).toEqual({ slices: 3, longest: 50 });
    expect(await runInSlices([], () => { throw new Error('never'); }, { budgetMs: 30, clock })).toEqual({ slices: 0, longest: 0 });
  });
});
