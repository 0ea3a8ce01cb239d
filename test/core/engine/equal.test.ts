import { describe, expect, it } from 'vitest';
import { sameMetrics } from '../../../core/engine/equal.js';

describe('sameMetrics', () => {
  const base = { mrr: 10, tier: null, sponsor: { name: 'Ana', email: null, phone: null }, indicators: { engagement: 50, nps: null } };
  it('is true for equal values in fresh objects and false for any changed leaf', () => {
    expect(sameMetrics(base, structuredClone(base))).toBe(true);
    expect(sameMetrics(base, { ...base, mrr: 11 })).toBe(false);
    expect(sameMetrics(base, { ...base, sponsor: null })).toBe(false);
    expect(sameMetrics(base, { ...base, sponsor: { name: 'Ana', email: 'a@b.c', phone: null } })).toBe(false);
    expect(sameMetrics(base, { ...base, indicators: { engagement: 50 } })).toBe(false);
    expect(sameMetrics(base, { ...base, extra: 1 })).toBe(false);
    expect(sameMetrics({ a: 0 }, { a: -0 })).toBe(false);
    expect(sameMetrics({ a: undefined }, {})).toBe(false);
  });
});
