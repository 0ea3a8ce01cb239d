// The dashboard filter in the address, so a view can be shared by copying the link:
// one repeated parameter per filter list (`?segment=SaaS&segment=Indústria&q=padaria`).
// The as-of date is the app's (`?asOf=`, kept by the app shell). Unknown or bad values are
// dropped, never thrown on: a hand-edited link still opens.
import type { CustomerStatus, DashboardFilter, Situation } from '../../core/index.js';

/** Address parameter prefix of a formula column's accepted values. */
export const FORMULA_PARAM = 'f.';

export const listKeys = ['segment', 'plan', 'phase', 'csOwner', 'csm', 'tier', 'situation', 'status'] as const;
export type ListKey = (typeof listKeys)[number];

const allowed: Partial<Record<ListKey, readonly string[]>> = {
  situation: ['risk', 'opportunity', 'neutral'] satisfies Situation[],
  status: ['active', 'inactive'] satisfies CustomerStatus[],
};

export function filterFromParams(params: URLSearchParams): DashboardFilter {
  const f: DashboardFilter = {};
  for (const key of listKeys) {
    const ok = allowed[key];
    const values = [...new Set(params.getAll(key))].filter((v) => !ok || ok.includes(v));
    if (values.length) (f as Record<string, string[]>)[key] = values;
  }
  const q = params.get('q')?.trim();
  if (q) f.search = q;
  // Formula columns: `f.<column id>=value`, repeated.
  for (const key of new Set(params.keys())) {
    if (!key.startsWith(FORMULA_PARAM) || key.length === FORMULA_PARAM.length) continue;
    (f.custom ??= {})[key.slice(FORMULA_PARAM.length)] = [...new Set(params.getAll(key))];
  }
  return f;
}

/** Writes the filter into params (other parameters, e.g. asOf, are kept). */
export function filterToParams(filter: DashboardFilter, params: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams(params);
  for (const key of [...listKeys, 'q', ...[...out.keys()].filter((k) => k.startsWith(FORMULA_PARAM))]) out.delete(key);
  for (const key of listKeys) for (const v of filter[key] ?? []) out.append(key, v);
  for (const [id, spec] of Object.entries(filter.custom ?? {})) if (Array.isArray(spec)) for (const v of spec) out.append(FORMULA_PARAM + id, v);
  if (filter.search?.trim()) out.set('q', filter.search.trim());
  return out;
}

/** True when no list and no search constrains the selection. */
export const isEmptyFilter = (f: DashboardFilter) =>
  !f.search?.trim() && listKeys.every((k) => !f[k]?.length) && Object.values(f.custom ?? {}).every((v) => Array.isArray(v) && v.length === 0);
