// Settings in the doc: a `settings` Y.Map, every key optional, resolved over METRICS.md's
// defaults by the one resolver (metrics/settings.ts). healthWeights/healthBands are stored one entry per member
// ('healthWeights.nps') so two people tuning different weights at once both keep their
// change. A stored value that is invalid (old client, buggy peer) is ignored — the
// default shows instead — and never throws.
import { defaultSettings, type Settings } from '../types.js';
import { settingsSchemas, type SettingsPatch } from '../validate.js';
import { resolveSettings as resolvePartial } from '../metrics/settings.js';

type Nested = 'healthWeights' | 'healthBands';
const nested: readonly Nested[] = ['healthWeights', 'healthBands'];
const isNested = (k: string): k is Nested => k === 'healthWeights' || k === 'healthBands';

/** Reads raw entries (key → value) into full settings, through the one resolver (metrics/settings.ts). */
export function resolveSettings(get: (key: string) => unknown): Settings {
  const partial: Record<string, unknown> = {};
  for (const n of nested) {
    const members: Record<string, unknown> = {};
    for (const m of Object.keys(defaultSettings[n])) members[m] = get(`${n}.${m}`);
    partial[n] = members;
  }
  for (const k of Object.keys(settingsSchemas)) if (!isNested(k)) partial[k] = get(k);
  return resolvePartial(partial);
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
