// The dashboard filter on formula columns: `filter.custom[id]` is either a list of accepted
// values (compared as the grid shows them: text case- and accent-insensitive, numbers and
// booleans by value, '' for blank, an error by its code) or a numeric range { min, max }
// (inclusive; numbers only, so blanks, text and errors are out).
import type { CustomerMetrics } from '../types.js';
import { foldRef } from './references.js';
import { isError, type CustomValue } from './values.js';

export type CustomFilter = Record<string, string[] | { min?: number; max?: number }>;

const keyOf = (v: CustomValue | undefined): string => {
  if (v === undefined || v === null) return '';
  if (isError(v)) return v.error;
  if (typeof v === 'string') return foldRef(v);
  return String(v);
};

/** One check per constrained column; null when the filter names none. */
export function customValueMatcher(raw: unknown): ((m: CustomerMetrics | undefined) => boolean) | null {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return null;
  const checks: ((custom: Record<string, CustomValue>) => boolean)[] = [];
  for (const [id, spec] of Object.entries(raw as Record<string, unknown>)) {
    if (Array.isArray(spec)) {
      if (spec.length === 0) continue;
      const accepted = new Set(spec.map((s) => (typeof s === 'string' ? (s.startsWith('#') ? s : foldRef(s)) : typeof s === 'number' || typeof s === 'boolean' ? String(s) : '\u0000')));
      checks.push((c) => accepted.has(keyOf(c[id])));
    } else if (spec && typeof spec === 'object') {
      const { min, max } = spec as { min?: unknown; max?: unknown };
      const lo = typeof min === 'number' && Number.isFinite(min) ? min : -Infinity;
      const hi = typeof max === 'number' && Number.isFinite(max) ? max : Infinity;
      if (lo === -Infinity && hi === Infinity) continue;
      checks.push((c) => {
        const v = c[id];
        return typeof v === 'number' && v >= lo && v <= hi;
      });
    }
  }
  if (checks.length === 0) return null;
  return (m) => {
    const custom = m?.custom ?? {};
    return checks.every((check) => check(custom));
  };
}
