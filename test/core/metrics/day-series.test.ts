import { describe, expect, it } from 'vitest';
import { DaySeries } from '../../../core/metrics/day-series.js';

describe('DaySeries', () => {
  it('hands out fresh slots that share one buffer without overlapping, then slots of their own', () => {
    const series = new DaySeries(3, 5);
    const slots = [series.take(), series.take(), series.take()];
    for (const s of slots) {
      expect([...s.partial].every(Number.isNaN)).toBe(true);
      expect([...s.active, ...s.intensity, ...s.weight, ...s.hist].every((x) => x === 0)).toBe(true);
    }
    // Every array of every slot written with its own mark: none overwrote another.
    slots.forEach((s, k) => {
      s.active.fill(k + 1);
      s.intensity.fill(10 + k);
      s.partial.fill(20 + k);
      s.weight.fill(30 + k);
      s.hist.fill(40 + k);
    });
    slots.forEach((s, k) => {
      expect([...s.active]).toEqual([k + 1, k + 1, k + 1, k + 1, k + 1]);
      expect(new Set([...s.intensity, ...s.partial, ...s.weight, ...s.hist])).toEqual(new Set([10 + k, 20 + k, 30 + k, 40 + k]));
    });
    expect(slots[0].hist.buffer).toBe(slots[2].active.buffer);
    const extra = series.take();
    expect(extra.hist.buffer).not.toBe(slots[0].hist.buffer);
    expect(extra.hist.length).toBe(5);
    expect([...extra.partial].every(Number.isNaN)).toBe(true);
  });
});
