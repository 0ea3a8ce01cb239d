// Waits until the page's thread runs on time again. Ending a worker with a gigabyte heap
// frees that memory in the page's own process, and while the browser does so the page's
// thread stalls now and then for 100 ms or more: work started meanwhile becomes a long
// task. Timers that fire when due, several in a row, say the stalls are over.

export interface SteadyClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export interface SteadyOptions {
  /** Between two timers. */
  intervalMs: number;
  /** Consecutive timers that must fire within `slackMs` of their time. */
  ticks: number;
  slackMs: number;
  /** Never resolves before this much time, never after that much. */
  minMs: number;
  maxMs: number;
}

export const browserSteadyClock: SteadyClock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
};

/** Resolves once `ticks` timers in a row were on time (and `minMs` passed), or at `maxMs`; the time waited. */
export async function untilSteady(o: SteadyOptions, clock: SteadyClock = browserSteadyClock): Promise<number> {
  const start = clock.now();
  let onTime = 0;
  while (clock.now() - start < o.maxMs) {
    const due = clock.now() + o.intervalMs;
    await clock.sleep(o.intervalMs);
    onTime = clock.now() - due <= o.slackMs ? onTime + 1 : 0;
    if (onTime >= o.ticks && clock.now() - start >= o.minMs) break;
  }
  return clock.now() - start;
}
