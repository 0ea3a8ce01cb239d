// Waiting for the page's thread to run on time again after the import worker is ended: a
// fake clock whose timers fire late while a stall lasts, as worked out by hand below.
import { describe, expect, it } from 'vitest';
import { untilSteady, type SteadyClock } from '../../client/import/steady.js';

/** Timers fire `lateBy(t)` ms after they are due. */
function lateClock(lateBy: (t: number) => number): SteadyClock & { t: number } {
  const c = {
    t: 0,
    now: () => c.t,
    sleep: async (ms: number) => { c.t += ms; c.t += lateBy(c.t); },
  };
  return c;
}
const OPTS = { intervalMs: 50, ticks: 4, slackMs: 10, minMs: 100, maxMs: 2000 };

describe('untilSteady', () => {
  it('on a thread that is never late: after the minimum, once enough timers were on time', async () => {
    // Four on-time timers of 50 ms: 200 ms (the 100 ms minimum is already past).
    expect(await untilSteady(OPTS, lateClock(() => 0))).toBe(200);
  });

  it('a late timer starts the count again', async () => {
    // Timers due at 50, 100, 150 fire on time; the one due at 200 fires 120 ms late (320);
    // then four on time: 370, 420, 470, 520.
    expect(await untilSteady(OPTS, lateClock((t) => (t === 200 ? 120 : 0)))).toBe(520);
  });

  it('gives up at the maximum on a thread that keeps stalling', async () => {
    // Every timer 30 ms late (80 ms apart): past 2,000 ms after 25 timers.
    expect(await untilSteady(OPTS, lateClock(() => 30))).toBe(2000);
  });
});
