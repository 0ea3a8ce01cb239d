// Per-cell checks derived from the schema. Shared by validation (which reports problems)
// and by the metrics (which treat an invalid field as empty, per METRICS.md), so both
// always agree on what "valid" means. Hot path: plain typeof checks, no allocation.
import type { FieldDef } from './schema.js';
import type { ValidationIssue } from './types.js';

export type FieldProblem = ValidationIssue['code'];

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** True for a real calendar date written as `YYYY-MM-DD`. */
export function isIsoDate(v: unknown): v is string {
  if (typeof v !== 'string' || v.length !== 10) return false;
  const m = ISO_DATE.exec(v);
  if (!m) return false;
  const y = +m[1], mo = +m[2], d = +m[3];
  if (mo < 1 || mo > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= (mo === 2 && leap ? 29 : DAYS_IN_MONTH[mo - 1]);
}

/**
 * Largest money amount a cell may hold (one trillion, in the workbook's currency): a larger
 * one is a typo or garbage, and would swamp every sum and chart (a contract of 1e308 made
 * totals Infinity). Documented in docs/glossary.md.
 */
export const MAX_MONEY = 1e12;
/** Largest count (licenses, usage actions): one billion. */
export const MAX_COUNT = 1e9;

/** The largest valid value of a number field: its own `max`, else the ceiling of its format. */
export function fieldMax(field: FieldDef): number | undefined {
  if (field.kind !== 'number') return undefined;
  if (field.max !== undefined) return field.max;
  return field.format === 'money' ? MAX_MONEY : field.format === 'count' ? MAX_COUNT : undefined;
}

/** An empty cell: absent, null or the empty string. */
export const isEmpty = (v: unknown): boolean => v === undefined || v === null || v === '';

/** The problem with a non-empty value for this field, or null when it is fine. */
export function fieldProblem(field: FieldDef, v: unknown): FieldProblem | null {
  switch (field.kind) {
    case 'text':
      return typeof v === 'string' ? null : 'type';
    case 'ref':
      return typeof v === 'string' && v.length > 0 ? null : 'type';
    case 'date':
      return isIsoDate(v) ? null : 'date';
    case 'boolean':
      return typeof v === 'boolean' ? null : 'type';
    case 'enum':
      return typeof v === 'string' && (field.values as readonly string[]).includes(v) ? null : 'enum';
    case 'number':
      if (typeof v !== 'number' || !Number.isFinite(v)) return 'type';
      if (field.integer && !Number.isInteger(v)) return 'integer';
      if (field.min !== undefined && v < field.min) return 'range';
      if (v > (field.max ?? (field.format === 'money' ? MAX_MONEY : field.format === 'count' ? MAX_COUNT : Infinity))) return 'range';
      if (field.oneOf && !field.oneOf.includes(v)) return 'enum';
      return null;
  }
}

/** The value the metrics see: the field's value when valid, else its default (or undefined). */
export function cleanValue(field: FieldDef, v: unknown): unknown {
  if (!isEmpty(v) && fieldProblem(field, v) === null) return v;
  return 'default' in field ? field.default : undefined;
}
