// The one settings resolver: the workbook's partial (possibly invalid) settings over
// METRICS.md's defaults, key by key and weight by weight, with the same rules validation
// uses (validate.ts's settingsSchemas), so a value the Settings view refuses is also ignored
// here, and one bad edit never breaks every number. The doc reads its settings map through
// this too (core/doc/settings.ts), so the Settings view and the metrics always agree.
import { defaultSettings, type Settings } from '../types.js';
import { settingsSchemas } from '../validate.js';

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const NESTED = ['healthWeights', 'healthBands'] as const;

/** Full settings from a partial (possibly invalid) settings object. Tiers come sorted by minMrr descending. */
export function resolveSettings(partial?: unknown): Settings {
  const p = isObj(partial) ? partial : {};
  const out = structuredClone(defaultSettings);
  for (const n of NESTED) {
    const v = p[n];
    if (!isObj(v)) continue;
    const target = out[n] as unknown as Record<string, number>;
    for (const member of Object.keys(target)) {
      if (v[member] !== undefined && settingsSchemas[n].safeParse({ [member]: v[member] }).success) target[member] = v[member] as number;
    }
  }
  // red above green would make 'yellow' impossible and 'red' overlap 'green': keep defaults.
  if (out.healthBands.red > out.healthBands.green) out.healthBands = { ...defaultSettings.healthBands };
  for (const k of Object.keys(settingsSchemas) as (keyof Settings)[]) {
    const v = p[k];
    if (k === 'healthWeights' || k === 'healthBands' || v === undefined) continue;
    if (k === 'tiers') {
      // Tier by tier: an invalid one is dropped, the valid ones kept (none valid: the defaults).
      const valid = Array.isArray(v) ? v.filter((t) => settingsSchemas.tiers.element.safeParse(t).success) : [];
      if (valid.length > 0) out.tiers = valid.map((t: { name: string; minMrr: number }) => ({ name: t.name, minMrr: t.minMrr }));
    } else if (settingsSchemas[k].safeParse(v).success) (out as unknown as Record<string, unknown>)[k] = structuredClone(v);
  }
  // Sorted once here: the tier is the first one (by minMrr descending) the MRR reaches.
  out.tiers.sort((a, b) => b.minMrr - a.minMrr);
  return out;
}
