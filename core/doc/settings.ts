// Settings in the doc: a `settings` Y.Map, every key optional, resolved over METRICS.md's
// defaults by the one resolver (metrics/settings.ts). healthWeights/healthBands are stored one entry per member
// ('healthWeights.nps') so two people tuning different weights at once both keep their
// change; formula columns likewise, one entry per column (custom-columns.ts). A stored
// value that is invalid (old client, buggy peer) is ignored — the default shows instead —
// and never throws.
import { defaultSettings, type Settings } from '../types.js';
import { settingsSchemas, type SettingsPatch } from '../validate.js';
import { resolveSettings as resolvePartial } from '../metrics/settings.js';
import { customColumnWrites, readCustomColumns, type SettingsSource } from './custom-columns.js';

export type { SettingsSource };

type Nested = 'healthWeights' | 'healthBands';
const nested: readonly Nested[] = ['healthWeights', 'healthBands'];
const isNested = (k: string): k is Nested => k === 'healthWeights' || k === 'healthBands';

/** Reads raw entries (key → value) into full settings, through the one resolver (metrics/settings.ts). */
export function resolveSettings(src: SettingsSource): Settings {
  const get = (k: string) => src.get(k);
  const partial: Record<string, unknown> = {};
  for (const n of nested) {
    const members: Record<string, unknown> = {};
    for (const m of Object.keys(defaultSettings[n])) members[m] = get(`${n}.${m}`);
    partial[n] = members;
  }
  for (const k of Object.keys(settingsSchemas)) if (!isNested(k) && k !== 'customColumns') partial[k] = get(k);
  partial.customColumns = readCustomColumns(src);
  return resolvePartial(partial);
}

/** The raw writes a (validated) patch makes: entries to set (unchanged ones left out) and keys to delete. */
export function settingsWrites(patch: SettingsPatch, src: SettingsSource): { set: [string, unknown][]; del: string[] } {
  const set: [string, unknown][] = [];
  const del: string[] = [];
  const changed = (k: string, v: unknown) => JSON.stringify(src.get(k)) !== JSON.stringify(v);
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) continue;
    if (k === 'customColumns') {
      const w = customColumnWrites(v as Settings['customColumns'], src);
      set.push(...w.set);
      del.push(...w.del);
    } else if (isNested(k)) {
      for (const [m, x] of Object.entries(v as object)) if (x !== undefined && changed(`${k}.${m}`, x)) set.push([`${k}.${m}`, x]);
    } else if (changed(k, v)) set.push([k, v]);
  }
  return { set, del };
}
