// Settings as the metrics see them: the doc's partial settings over METRICS.md's defaults.
// A setting with an invalid value (wrong type, negative, NaN) falls back to its default,
// key by key, so one bad edit never breaks every number.
import { defaultSettings, type HealthWeights, type Settings, type Tier } from '../types.js';
import { customColumnsSchema } from '../formula/settings-schema.js';

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const nonNeg = (v: unknown, d: number): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : d);
const posInt = (v: unknown, d: number): number => (typeof v === 'number' && Number.isInteger(v) && v >= 1 ? v : d);
const nonNegInt = (v: unknown, d: number): number => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : d);
const str = (v: unknown, d: string): string => (typeof v === 'string' && v.trim() !== '' ? v : d);

function weights(v: unknown): HealthWeights {
  const d = defaultSettings.healthWeights;
  if (!isObj(v)) return { ...d };
  return {
    engagement: nonNeg(v.engagement, d.engagement),
    nps: nonNeg(v.nps, d.nps),
    financial: nonNeg(v.financial, d.financial),
    support: nonNeg(v.support, d.support),
    adoption: nonNeg(v.adoption, d.adoption),
    relationship: nonNeg(v.relationship, d.relationship),
  };
}

function bands(v: unknown): Settings['healthBands'] {
  const d = defaultSettings.healthBands;
  if (!isObj(v)) return { ...d };
  const red = nonNeg(v.red, d.red), green = nonNeg(v.green, d.green);
  // red above green would make 'yellow' impossible and 'red' overlap 'green': keep defaults.
  return red <= green ? { red, green } : { ...d };
}

function tiers(v: unknown): Tier[] {
  if (!Array.isArray(v)) return defaultSettings.tiers.map((t) => ({ ...t }));
  const out: Tier[] = [];
  for (const t of v) {
    if (isObj(t) && typeof t.name === 'string' && typeof t.minMrr === 'number' && Number.isFinite(t.minMrr)) {
      out.push({ name: t.name, minMrr: t.minMrr });
    }
  }
  // Sorted once here: the tier is the first one (by minMrr descending) the MRR reaches.
  return out.sort((a, b) => b.minMrr - a.minMrr);
}

/** Full settings from a partial (possibly invalid) settings object. */
export function resolveSettings(partial?: unknown): Settings {
  const p = isObj(partial) ? partial : {};
  const d = defaultSettings;
  return {
    healthWeights: weights(p.healthWeights),
    healthBands: bands(p.healthBands),
    npsWindowDays: posInt(p.npsWindowDays, d.npsWindowDays),
    csatWindowDays: posInt(p.csatWindowDays, d.csatWindowDays),
    cesWindowDays: posInt(p.cesWindowDays, d.cesWindowDays),
    tiers: tiers(p.tiers),
    scheduledTaskDays: nonNegInt(p.scheduledTaskDays, d.scheduledTaskDays),
    currency: str(p.currency, d.currency),
    locale: str(p.locale, d.locale),
    customColumns: customColumnsSchema.safeParse(p.customColumns).success ? (p.customColumns as Settings['customColumns']) : [],
  };
}
