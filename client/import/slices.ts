// Runs many small atomic steps (the import's Yjs pieces) on the main thread in slices of
// at most `budgetMs`, yielding to the browser between slices, so no task grows past the
// long-task line (100 ms) while the page keeps painting the progress bar and taking input.
// A step cannot be cut, so the slicer predicts each step's cost from the steps of the same
// kind already run (ms per row, kept as a decaying maximum so one slow step makes the next
// slices cautious) and starts a new slice when the next step would not fit. A kind never
// seen yet runs first in a fresh slice, where it can only overrun by its own cost.

export interface SliceClock {
  now(): number;
  /** Gives the browser the thread back (input, rendering, network) and resumes soon. */
  yield(): Promise<void>;
}

export interface SliceStep {
  /** What kind of step (the table): costs are learned per kind. */
  kind: string;
  /** How big (rows): the predicted cost is rows × the kind's learned cost per row. */
  rows: number;
}

export interface SliceOptions {
  budgetMs: number;
  clock?: SliceClock;
  /** After each slice: steps done so far. */
  onSlice?: (done: number, total: number) => void;
}

export interface SliceReport {
  slices: number;
  /** The longest slice measured (ms), for the benchmark and the tests. */
  longest: number;
}

/** yield() without setTimeout's 4 ms clamp and the 1 s throttling of background tabs. */
export const browserClock: SliceClock = {
  now: () => performance.now(),
  yield: () => {
    const s = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
    if (typeof s?.yield === 'function') return s.yield();
    return new Promise<void>((resolve) => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => {
        ch.port1.close();
        resolve();
      };
      ch.port2.postMessage(null);
    });
  },
};

/** How much of the decaying maximum survives each step (a 4× slow step fades in ~10 steps). */
const DECAY = 0.85;

export async function runInSlices<T extends SliceStep>(steps: readonly T[], run: (step: T) => void, opts: SliceOptions): Promise<SliceReport> {
  const clock = opts.clock ?? browserClock;
  const perRow = new Map<string, number>();
  const predict = (s: T) => {
    const r = perRow.get(s.kind);
    return r === undefined ? Number.POSITIVE_INFINITY : r * Math.max(1, s.rows);
  };
  const report: SliceReport = { slices: 0, longest: 0 };
  let i = 0;
  while (i < steps.length) {
    const start = clock.now();
    report.slices++;
    // At least one step per slice; then only steps predicted to end within the budget.
    do {
      const s = steps[i];
      const t0 = clock.now();
      run(s);
      const cost = (clock.now() - t0) / Math.max(1, s.rows);
      perRow.set(s.kind, Math.max(cost, (perRow.get(s.kind) ?? 0) * DECAY));
      i++;
    } while (i < steps.length && clock.now() - start + predict(steps[i]) <= opts.budgetMs);
    report.longest = Math.max(report.longest, clock.now() - start);
    opts.onSlice?.(i, steps.length);
    if (i < steps.length) await clock.yield();
  }
  return report;
}
