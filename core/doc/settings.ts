// Settings in the doc: a `settings` Y.Map, every key optional, resolved over METRICS.md's
// defaults. healthWeights/healthBands are stored one entry per member
// ('healthWeights.nps') so two people tuning different weights at once both keep their
// change. A stored value that is invalid (old client, buggy peer) is ignored — the
// default shows instead — and never throws.
import { defaultSettings, type Settings } from '../types.js';
import { settingsSchemas, type SettingsPatch } from '../validate.js';

type Nested = 'healthWeights' | 'healthBands';
const nested: readonly Nested[] = ['healthWeights', 'healthBands'];
const isNested = (k: string): k is Nested => k === 'healthWeights' || k === 'healthBands';

/** Reads raw entries (key → value) into full settings. */
export function resolveSettings(get: (key: string) => unknown): Settings {
  const out = structuredClone(defaultSettings);
  for (const n of nested) {
    const target = out[n] as unknown as Record<string, number>;
    for (const member of Object.keys(target)) {
      const v = get(`${n}.${member}`);
      if (v !== undefined && settingsSchemas[n].safeParse({ [member]: v }).success) target[member] = v as number;
    }
  }
  if (out.healthBands.red > out.healthBands.green) out.healthBands = { ...defaultSettings.healthBands };
  for (const k of Object.keys(settingsSchemas) as (keyof Settings)[]) {
    if (isNested(k)) continue;
    const v = get(k);
    if (v !== undefined && settingsSchemas[k].safeParse(v).success) (out as unknown as Record<string, unknown>)[k] = structuredClone(v);
  }
  return out;
}

/** The raw entries a (validated) patch writes. */
export function settingsEntries(patch: SettingsPatch): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) continue;
    if (isNested(k)) for (const [m, x] of Object.entries(v as object)) { if (x !== undefined) out.push([`${k}.${m}`, x]); }
    else out.push([k, v]);
  }
  return out;
}
