// settings.customColumns in the doc: one settings-map entry per formula column,
// `customColumns.<id>` → { label, formula, format?, position }, so two people adding or
// editing different columns at the same time both keep their change (a single array value
// was last-write-wins for the whole list). Editing the same column at once: one whole
// definition wins (Yjs orders concurrent writes of a key by client id), never a mix.
// Order is `position`, then id: two columns added concurrently both get "after the last"
// and sit in id order on every replica.
//
// Documents written before hold the whole list under the key `customColumns`: it is read
// (migration on read) and replaced by the entries on the next write (migration on write).
// Flat keys rather than a nested Y.Map: two replicas creating the nested map at the same
// time would each make their own, and one of them (with its columns) would be lost.
import type { CustomColumn } from '../types.js';
import { customColumnsSchema, MAX_CUSTOM_COLUMNS } from '../formula/settings-schema.js';
import { foldRef } from '../formula/references.js';

export const COLUMN_PREFIX = 'customColumns.';
/** The key documents written before this change keep the whole list under. */
export const LEGACY_COLUMNS_KEY = 'customColumns';

export interface SettingsSource {
  get(key: string): unknown;
  keys(): Iterable<string>;
}

interface Stored { label: string; formula: string; format?: CustomColumn['format']; position: number }

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function definition(id: string, v: unknown): CustomColumn | null {
  if (!isObj(v)) return null;
  const c: CustomColumn = { id, label: v.label as string, formula: v.formula as string };
  if (v.format !== undefined) c.format = v.format as CustomColumn['format'];
  return c;
}

/**
 * The formula columns in order. Each is checked alone (shape, formula parses, no built-in
 * name) and later duplicates of an id or name are dropped, so one bad or clashing entry
 * (two people adding "Risk" and "risk" at once) hides itself, not every column.
 */
export function readCustomColumns(src: SettingsSource): CustomColumn[] {
  const found: { c: CustomColumn; position: number }[] = [];
  const ids = new Set<string>();
  for (const k of src.keys()) {
    if (!k.startsWith(COLUMN_PREFIX)) continue;
    const v = src.get(k);
    const c = definition(k.slice(COLUMN_PREFIX.length), v);
    if (!c) continue;
    const p = (v as { position?: unknown }).position;
    found.push({ c, position: typeof p === 'number' && Number.isFinite(p) ? p : Number.MAX_SAFE_INTEGER });
    ids.add(c.id);
  }
  found.sort((a, b) => a.position - b.position || (a.c.id < b.c.id ? -1 : a.c.id > b.c.id ? 1 : 0));
  // An older client may still write the array: its columns follow, in its order.
  const legacy = src.get(LEGACY_COLUMNS_KEY);
  const all = found.map((f) => f.c);
  if (Array.isArray(legacy)) for (const v of legacy) if (isObj(v) && typeof v.id === 'string' && !ids.has(v.id)) { const c = definition(v.id, v); if (c) all.push(c); }

  const out: CustomColumn[] = [];
  const seenIds = new Set<string>(), seenLabels = new Set<string>();
  for (const c of all) {
    if (out.length >= MAX_CUSTOM_COLUMNS) break;
    if (!customColumnsSchema.safeParse([c]).success) continue;
    const id = foldRef(c.id), label = foldRef(c.label);
    if (seenIds.has(id) || seenLabels.has(label)) continue;
    seenIds.add(id);
    seenLabels.add(label);
    out.push(c);
  }
  return out;
}

/**
 * The writes that make the stored columns equal `next` (already validated): changed and new
 * entries, removed ids, and the legacy array dropped. Positions of the columns already
 * stored are kept when `next` keeps their order (new ones go after the last), so a
 * concurrent add or edit elsewhere is not rewritten; a reorder renumbers them all.
 */
export function customColumnWrites(next: readonly CustomColumn[], src: SettingsSource): { set: [string, Stored][]; del: string[] } {
  const stored = new Map<string, Stored>();
  for (const k of src.keys()) {
    const v = src.get(k);
    if (k.startsWith(COLUMN_PREFIX) && isObj(v)) stored.set(k.slice(COLUMN_PREFIX.length), v as unknown as Stored);
  }
  const legacy = src.get(LEGACY_COLUMNS_KEY) !== undefined;
  let last = -1;
  for (const s of stored.values()) if (typeof s.position === 'number' && Number.isFinite(s.position)) last = Math.max(last, s.position);
  let positions = next.map((c) => {
    const p = stored.get(c.id)?.position;
    return typeof p === 'number' && Number.isFinite(p) ? p : ++last;
  });
  if (positions.some((p, i) => i > 0 && p <= positions[i - 1])) positions = next.map((_, i) => i);

  const set: [string, Stored][] = [];
  next.forEach((c, i) => {
    const v: Stored = { label: c.label, formula: c.formula, ...(c.format !== undefined ? { format: c.format } : {}), position: positions[i] };
    const s = stored.get(c.id);
    const same = s && s.label === v.label && s.formula === v.formula && s.format === v.format && s.position === v.position;
    if (!same) set.push([COLUMN_PREFIX + c.id, v]);
  });
  const keep = new Set(next.map((c) => c.id));
  const del = [...stored.keys()].filter((id) => !keep.has(id)).map((id) => COLUMN_PREFIX + id);
  if (legacy) del.push(LEGACY_COLUMNS_KEY);
  return { set, del };
}
