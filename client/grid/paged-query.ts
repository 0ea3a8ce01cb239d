// What a paged sheet (paged-rows.ts) shows, read off ag-grid's own column definitions so the
// paged and the in-memory sheets agree: a column's filter (ag-grid's text and number filter
// models), its sort key and the quick search.
import type { FilterModel, SortModelItem } from 'ag-grid-community';
import { foldText } from '../../core/index.js';
import type { GridRow } from './columns.js';
import type { ColumnReader } from './column-readers.js';
import { foldSearch } from './search.js';

// ---- column filters -------------------------------------------------------------------------

interface Condition { filterType?: string; type?: string | null; filter?: unknown; filterTo?: unknown }
interface Combined { filterType?: string; operator?: 'AND' | 'OR'; conditions?: Condition[] }

const blank = (v: unknown) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');

function textTest(c: Condition): ((v: unknown) => boolean) | null {
  const type = c.type ?? 'contains';
  if (type === 'blank') return blank;
  if (type === 'notBlank') return (v) => !blank(v);
  if (typeof c.filter !== 'string' && typeof c.filter !== 'number') return null;
  const want = foldText(String(c.filter));
  const text = (v: unknown) => (blank(v) ? '' : foldText(String(v)));
  switch (type) {
    case 'equals': return (v) => text(v) === want;
    case 'notEqual': return (v) => text(v) !== want;
    case 'startsWith': return (v) => text(v).startsWith(want);
    case 'endsWith': return (v) => text(v).endsWith(want);
    case 'notContains': return (v) => !text(v).includes(want);
    default: return (v) => text(v).includes(want);
  }
}

function numberTest(c: Condition): ((v: unknown) => boolean) | null {
  const type = c.type ?? 'equals';
  if (type === 'blank') return (v) => typeof v !== 'number';
  if (type === 'notBlank') return (v) => typeof v === 'number';
  const a = typeof c.filter === 'number' ? c.filter : null;
  if (a === null) return null;
  const b = typeof c.filterTo === 'number' ? c.filterTo : null;
  const num = (f: (x: number) => boolean) => (v: unknown) => typeof v === 'number' && f(v);
  switch (type) {
    case 'notEqual': return (v) => v !== a;
    case 'lessThan': return num((x) => x < a);
    case 'lessThanOrEqual': return num((x) => x <= a);
    case 'greaterThan': return num((x) => x > a);
    case 'greaterThanOrEqual': return num((x) => x >= a);
    // ag-grid's default: both ends excluded.
    case 'inRange': return b === null ? null : num((x) => x > Math.min(a, b) && x < Math.max(a, b));
    default: return num((x) => x === a);
  }
}

function columnTest(model: Condition & Combined, numeric: boolean): ((v: unknown) => boolean) | null {
  const one = (c: Condition) => (numeric ? numberTest(c) : textTest(c));
  if (Array.isArray(model.conditions)) {
    const tests = model.conditions.map(one).filter((t): t is (v: unknown) => boolean => t !== null);
    if (!tests.length) return null;
    return model.operator === 'OR' ? (v) => tests.some((t) => t(v)) : (v) => tests.every((t) => t(v));
  }
  return one(model);
}

/** ag-grid's filter model as one test of a row (null: nothing filtered). */
export function compileColumnFilters(model: FilterModel | null | undefined, readers: readonly ColumnReader[]): ((row: GridRow) => boolean) | null {
  if (!model) return null;
  const tests: { read: (row: GridRow) => unknown; test: (v: unknown) => boolean }[] = [];
  for (const [colId, m] of Object.entries(model)) {
    const reader = readers.find((r) => r.colId === colId);
    const test = reader && m ? columnTest(m as Condition & Combined, reader.numeric) : null;
    if (reader && test) tests.push({ read: reader.value, test });
  }
  if (!tests.length) return null;
  return (row) => tests.every((t) => t.test(t.read(row)));
}

// ---- quick search -----------------------------------------------------------------------------

/**
 * Every typed word occurs in one of the row's cells (search.ts reads them: case, accents,
 * CNPJ punctuation ignored). A cell's folded text depends on its value only, so it is kept
 * per column and value: a million usage rows hold a few thousand distinct values, and the
 * pass over them reads instead of folding (and makes no garbage for the collector).
 */
export function compileSearch(words: readonly string[], readers: readonly ColumnReader[]): ((row: GridRow) => boolean) | null {
  if (!words.length) return null;
  const kept = readers.map(() => new Map<unknown, string>());
  const textAt = (i: number, row: GridRow): string => {
    const v = row[readers[i].field];
    let t = kept[i].get(v);
    if (t === undefined) {
      t = foldSearch(readers[i].searchText(row));
      if (kept[i].size < 100_000) kept[i].set(v, t);
    }
    return t;
  };
  return (row) => {
    for (const w of words) {
      let found = false;
      for (let i = 0; i < readers.length && !found; i++) found = textAt(i, row).includes(w);
      if (!found) return false;
    }
    return true;
  };
}

// ---- column sort --------------------------------------------------------------------------------

/** A column's sort key: numbers as numbers (blank first), text folded (case and accents ignored). */
export type SortKey = number | string | null;

export function sortKeyOf(reader: ColumnReader, row: GridRow): SortKey {
  const v = reader.value(row);
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'number') return v;
  return foldText(String(v));
}

/** Blank first (as ag-grid does ascending), then numbers, then text. */
export function compareKeys(a: SortKey, b: SortKey): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : 1;
}

export const sameSort = (a: readonly SortModelItem[], b: readonly SortModelItem[]) =>
  a.length === b.length && a.every((s, i) => s.colId === b[i].colId && s.sort === b[i].sort);
