import { describe, expect, it } from 'vitest';
import { defaultSettings, resolveSettings } from '../../../core/index.js';

describe('resolveSettings', () => {
  it('gives the METRICS.md defaults for nothing', () => {
    expect(resolveSettings(undefined)).toEqual(defaultSettings);
    expect(resolveSettings({})).toEqual(defaultSettings);
    expect(resolveSettings('garbage')).toEqual(defaultSettings);
  });

  it('overrides only the keys given, weight by weight', () => {
    const s = resolveSettings({ npsWindowDays: 180, healthWeights: { engagement: 0, nps: 50 } });
    expect(s.npsWindowDays).toBe(180);
    expect(s.csatWindowDays).toBe(90);
    expect(s.healthWeights).toEqual({ engagement: 0, nps: 50, financial: 20, support: 15, adoption: 10, relationship: 5 });
  });

  it('ignores invalid values, keeping the default of each', () => {
    const s = resolveSettings({
      healthWeights: { engagement: -5, nps: 'x', financial: NaN, support: Infinity },
      healthBands: { red: 80, green: 60 }, // red above green: meaningless, defaults kept
      npsWindowDays: 0,
      csatWindowDays: 1.5,
      cesWindowDays: '30',
      scheduledTaskDays: -1,
      currency: '',
      locale: 42,
    });
    expect(s.healthWeights).toEqual(defaultSettings.healthWeights);
    expect(s.healthBands).toEqual({ red: 50, green: 75 });
    expect([s.npsWindowDays, s.csatWindowDays, s.cesWindowDays, s.scheduledTaskDays]).toEqual([365, 90, 90, 7]);
    expect([s.currency, s.locale]).toEqual(['BRL', 'pt-BR']);
  });

  it('keeps valid tiers sorted by minMrr descending and drops invalid ones', () => {
    const s = resolveSettings({ tiers: [{ name: 'Small', minMrr: 0 }, { name: 'Big', minMrr: 5000 }, { name: 'Bad', minMrr: 'x' }, null] });
    expect(s.tiers).toEqual([{ name: 'Big', minMrr: 5000 }, { name: 'Small', minMrr: 0 }]);
  });
});
