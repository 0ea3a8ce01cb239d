// A row as the workbook reads it: its created value merged with its cell edits. Both
// table kinds (row-table.ts, chunk-table.ts) build rows only through `mergeEdits`, so a
// cell is its edit when there is one, else its created value, in every read path.
import * as Y from 'yjs';

export type Row = Record<string, unknown> & { id: string };

export const isPlainObject = (v: unknown): v is Record<string, unknown> => {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
};

/** Values a buggy peer may store as Y types are read as their JSON. */
export const plain = (v: unknown): unknown => (v instanceof Y.AbstractType ? v.toJSON() : v);

/**
 * The one merge: writes a row's cell edits (field → value; null or undefined = cleared)
 * over its created value. Mutates and returns `row`, which the caller has just built or
 * copied; the id never changes.
 */
export function mergeEdits(row: Row, edits: Iterable<readonly [string, unknown]> | undefined): Row {
  if (edits) for (const [f, v] of edits) {
    if (f === 'id' || f === '__proto__') continue; // no schema field; a peer's would set the row's prototype
    if (v === null || v === undefined) delete row[f];
    else row[f] = v;
  }
  return row;
}

/** A row from its id and stored fields (anything but a plain object reads as no fields). */
export function rowOf(id: string, fields: unknown): Row {
  const row: Row = { id };
  if (isPlainObject(fields)) for (const k in fields) if (k !== 'id' && k !== '__proto__') row[k] = fields[k];
  return row;
}

export function shallowEqual(a: Row, b: Row): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (!Object.is(a[k], b[k])) return false;
  return true;
}
