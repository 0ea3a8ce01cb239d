// How a workbook is stored in a Y.Doc (chosen by measurement: bench/layout.ts, figures
// and reasons in docs/data-layout.md).
//
// Measured (bench/layout.ts, Node 20, yjs 13.6, best of 3 loads on a shared 2-core box):
//   250k activity rows: nested Y.Map per row 46 MB encoded, apply 3.8 s+, heap ~800 MB;
//     one JSON value per row 31 MB, 1.2–3 s, 165 MB; JSON rows + edit map 32 MB, 1.1–1.3 s,
//     172 MB; chunks of 1,000 (dictionary columns) via openWorkbook 12.5 MB, 0.4–0.8 s
//     apply + 0.2–0.8 s cache build, 86 MB with the cache.
//   1M usage rows: JSON per row 75 MB, 3.7 s+, 542 MB; plain chunks 36 MB, 0.7–2.8 s,
//     149 MB; chosen 23 MB, 0.8–1 s + 1.3–1.7 s cache, 197 MB with the cache.
//   10k-customer demo (1.53M rows): 53 MB, apply 1.4–2.2 s, open 1–2.8 s, 376 MB.
//   Then chunks as one binary value, rows as one JSON string, caches built on first read:
//   61 MB, opened empty + stored update applied 0.39–0.48 s, 117 MB; Chromium cold open
//   4.6–7.6 s → 1.7–2.1 s (docs/client.md).
// Cost follows the number of Yjs items, so rows are one item each at most, and the
// append-mostly logs one item per 1,000 rows; per-cell merge comes from the edit map.
//
// Shared types (all top-level Y.Maps of the doc):
//   meta            { schemaVersion: number }
//   settings        one key per setting; healthWeights/healthBands flattened to
//                   'healthWeights.nps', 'healthBands.red'… so concurrent edits of two
//                   weights both survive
//   rows.<table>    customers, contracts, contacts: rowId → the row's fields as
//                   created/imported (no id), as JSON text (encodeRow; earlier
//                   docs hold the JSON object itself, still read)
//   chunks.<table>  usage, activities, invoices, tickets, surveys: chunkId →
//                   { ids: string[], cols: { field: value[] | { dict, idx } } }, CHUNK_SIZE rows per
//                   chunk, never rewritten, stored as binary (encodeChunk; docs written
//                   before hold the JSON object itself, still read); a chunked row's delete is a tombstone
//                   `${rowId}\x1f` → true in edits.<table>
//   edits.<table>   `${rowId}\x1f${field}` → the field's later value (null = cleared)
//
// A cell is its edit when there is one, else the created value: per-cell merge (two
// replicas editing different fields of a row both keep their edit; one field resolves by
// Y.Map's deterministic last-writer-wins). A row exists iff its base entry exists (chunked:
// its chunk exists and it has no tombstone), so an edit concurrent with a delete never
// resurrects the row: it stays behind as an orphan edit that nobody reads.
// Details and reasons: docs/data-layout.md.
import type { TableName } from '../schema.js';

export const SCHEMA_VERSION = 1;
export const CHUNK_SIZE = 1000;
/**
 * Tables stored as columnar chunks instead of one JSON value per row: the high-volume,
 * append-mostly logs (usage, activities, invoices, tickets, surveys: 1.45M of the 1.53M
 * rows of a 10k-customer portfolio). Customers, contracts and contacts stay one JSON
 * value per row: they are the most edited, they are referenced, and deleting a contact
 * (personal data) must drop its content from the doc, not just hide it.
 */
export const chunkedTables: ReadonlySet<TableName> = new Set<TableName>(['usage', 'activities', 'invoices', 'tickets', 'surveys']);

export const META = 'meta';
export const SETTINGS = 'settings';
export const rowsName = (t: TableName) => `rows.${t}`;
export const editsName = (t: TableName) => `edits.${t}`;
export const chunksName = (t: TableName) => `chunks.${t}`;

/** Separates row id and field in an edit key; field names never contain it. */
export const SEP = '\x1f';
export const editKey = (rowId: string, field: string) => rowId + SEP + field;
/** The tombstone of a chunked row (an edit key with an empty field). */
export const tombKey = (rowId: string) => rowId + SEP;

/** Splits an edit key; null for a malformed key (written by a buggy peer). */
export function parseEditKey(key: string): { rowId: string; field: string } | null {
  const i = key.lastIndexOf(SEP);
  if (i < 0) return null;
  return { rowId: key.slice(0, i), field: key.slice(i + 1) };
}

/**
 * A column as stored: the values, or — for text columns with repeats (customer ids, dates,
 * user ids) — a dictionary and one index per row (-1 = empty). Small integers decode much
 * faster than strings and every row shares the dictionary's strings.
 */
export type StoredColumn = unknown[] | { dict: unknown[]; idx: number[] };

/** A columnar chunk as stored. */
export interface Chunk {
  ids: string[];
  cols: Record<string, StoredColumn>;
}

/** Builds a chunk from plain rows (fields absent from a row are stored as null). */
export function makeChunk(rows: readonly Record<string, unknown>[], fields: readonly string[]): Chunk {
  const ids = rows.map((r) => r.id as string);
  const cols: Record<string, StoredColumn> = {};
  for (const f of fields) {
    const values = rows.map((r) => { const v = r[f]; return v === undefined || v === '' ? null : v; });
    cols[f] = dictionaryOf(values) ?? values;
  }
  return { ids, cols };
}

/** Dictionary form of a text column when it has at most half as many distinct values as rows. */
function dictionaryOf(values: unknown[]): { dict: unknown[]; idx: number[] } | null {
  const seen = new Map<string, number>();
  const idx = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null) { idx[i] = -1; continue; }
    if (typeof v !== 'string') return null;
    let k = seen.get(v);
    if (k === undefined) {
      seen.set(v, (k = seen.size));
      if (seen.size * 2 > values.length) return null;
    }
    idx[i] = k;
  }
  return values.length > 1 ? { dict: [...seen.keys()], idx } : null;
}

/**
 * A chunk as this version stores it: one binary value (Yjs ContentBinary, copied as one
 * slice on load instead of decoding every value of a JSON array one by one — that was
 * 4–6 s of a 10k-customer cold open). Layout: 'P', the ids' format, the byte length of the
 * ids part (uint32 LE), the ids, then the UTF-8 JSON of the columns. The ids come first so
 * they can be read without the columns (change events need ids only). Ids format 2: UTF-8
 * of the ids joined by SEP (splitting is 4× faster than JSON.parse of 1.45M unique ids,
 * which V8 internalizes one by one: 130 against 520 ms); format 1, JSON, when an id holds SEP.
 */
const MAGIC = 0x50;
const IDS_JSON = 1;
const IDS_JOINED = 2;
const HEAD = 6;
const utf8Out = new TextEncoder();
const utf8In = new TextDecoder();

export function encodeChunk(chunk: Chunk): Uint8Array {
  const joinable = chunk.ids.every((id) => typeof id === 'string' && id !== '' && !id.includes(SEP));
  const ids = utf8Out.encode(joinable ? chunk.ids.join(SEP) : JSON.stringify(chunk.ids));
  const cols = utf8Out.encode(JSON.stringify(chunk.cols));
  const out = new Uint8Array(HEAD + ids.length + cols.length);
  out[0] = MAGIC;
  out[1] = joinable ? IDS_JOINED : IDS_JSON;
  new DataView(out.buffer).setUint32(2, ids.length, true);
  out.set(ids, HEAD);
  out.set(cols, HEAD + ids.length);
  return out;
}

function parseSlice(b: Uint8Array, from: number, to: number): unknown {
  try {
    return JSON.parse(utf8In.decode(b.subarray(from, to)));
  } catch {
    return undefined; // garbage from a buggy peer: read as a malformed chunk
  }
}

/** Byte length of the ids part of a binary chunk, or -1 when it is not one this version reads. */
function idsLength(b: Uint8Array): number {
  if (b.length < HEAD || b[0] !== MAGIC || (b[1] !== IDS_JSON && b[1] !== IDS_JOINED)) return -1;
  const n = new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(2, true);
  return HEAD + n <= b.length ? n : -1;
}

// Decoded ids per stored binary value (chunks are immutable; the doc keeps the value alive).
const idsOfBinary = new WeakMap<Uint8Array, unknown[] | null>();

/** The ids of a chunk in either stored form (binary or the earlier JSON object), or null. */
function idsOf(v: unknown): unknown[] | null {
  if (v instanceof Uint8Array) {
    let ids = idsOfBinary.get(v);
    if (ids === undefined) {
      const n = idsLength(v);
      if (n < 0) ids = null;
      else if (v[1] === IDS_JOINED) ids = n === 0 ? [] : utf8In.decode(v.subarray(HEAD, HEAD + n)).split(SEP);
      else {
        const parsed = parseSlice(v, HEAD, HEAD + n);
        ids = Array.isArray(parsed) ? parsed : null;
      }
      idsOfBinary.set(v, ids);
    }
    return ids;
  }
  if (v === null || typeof v !== 'object') return null;
  const ids = (v as { ids?: unknown }).ids;
  return Array.isArray(ids) ? ids : null;
}

/** The stored columns of a chunk in either form (decoded from binary on every call: callers decode once per chunk). */
function colsOf(v: unknown): unknown {
  if (v instanceof Uint8Array) {
    const n = idsLength(v);
    return n < 0 ? undefined : parseSlice(v, HEAD + n, v.length);
  }
  return v === null || typeof v !== 'object' ? undefined : (v as { cols?: unknown }).cols;
}

/**
 * A row of a `rows.` table as this version stores it: the JSON text of its fields, one
 * string (Yjs decodes it with one UTF-8 decode; the earlier JSON object cost one lib0
 * string decode per key and per text value, ~0.7 s of a 10k-customer cold open in
 * Chromium). Not binary: Yjs copies every binary value into its own ArrayBuffer, and 80k
 * small ArrayBuffers cost ~0.3 s plus their GC (profiled).
 */
export function encodeRow(fields: Record<string, unknown>): string {
  return JSON.stringify(fields);
}

/** The stored fields of a row in any form (JSON text, UTF-8 bytes, or the earlier object); garbage passes through as it is. */
export function rowFields(v: unknown): unknown {
  if (typeof v === 'string') {
    try {
      return JSON.parse(v);
    } catch {
      return v;
    }
  }
  if (!(v instanceof Uint8Array)) return v;
  const parsed = parseSlice(v, 0, v.length);
  return parsed === undefined ? v : parsed;
}

/** The values of a stored column, or null when it is malformed. */
function columnValues(col: unknown): unknown[] | null {
  if (Array.isArray(col)) return col;
  if (col === null || typeof col !== 'object') return null;
  const { dict, idx } = col as { dict?: unknown; idx?: unknown };
  if (!Array.isArray(dict) || !Array.isArray(idx)) return null;
  const out = new Array(idx.length);
  for (let i = 0; i < idx.length; i++) {
    const k = idx[i];
    out[i] = typeof k === 'number' && k >= 0 && k < dict.length ? dict[k] : null;
  }
  return out;
}

/** The chunk's id list when the value looks like a chunk, else null (garbage). */
export function chunkIds(v: unknown): unknown[] | null {
  return idsOf(v);
}

/** Does the value look like a chunk (a binary chunk's header, or an object with an id list)? Decodes nothing. */
export function isChunk(v: unknown): boolean {
  if (v instanceof Uint8Array) return idsLength(v) >= 0;
  return v !== null && typeof v === 'object' && Array.isArray((v as { ids?: unknown }).ids);
}

const SEP_BYTE = SEP.charCodeAt(0);

/**
 * How many ids a chunk holds (chunkIds(v).length), without building them: in a binary chunk
 * of joined ids, its separators counted (UTF-8 never uses the byte 0x1F inside a character).
 */
export function chunkIdCount(v: unknown): number {
  if (v instanceof Uint8Array && v[1] === IDS_JOINED && !idsOfBinary.has(v)) {
    const n = idsLength(v);
    if (n <= 0) return 0;
    let count = 1;
    for (let i = HEAD, end = HEAD + n; i < end; i++) if (v[i] === SEP_BYTE) count++;
    return count;
  }
  return idsOf(v)?.length ?? 0;
}

/** The chunk's usable columns (arrays), tolerant of malformed chunks. */
export function chunkColumns(v: unknown): [string, unknown[]][] {
  const cols = colsOf(v);
  if (cols === null || typeof cols !== 'object' || Array.isArray(cols)) return [];
  const out: [string, unknown[]][] = [];
  for (const [name, col] of Object.entries(cols as Record<string, unknown>)) {
    const values = name === 'id' || name === '__proto__' ? null : columnValues(col);
    if (values) out.push([name, values]);
  }
  return out;
}

/** Row i of a chunk from its columns (absent/null cells are left out). */
function rowAt(columns: [string, unknown[]][], i: number, id: string): Record<string, unknown> & { id: string } {
  const row: Record<string, unknown> & { id: string } = { id };
  for (let c = 0; c < columns.length; c++) {
    const x = columns[c][1][i];
    if (x !== null && x !== undefined) row[columns[c][0]] = x;
  }
  return row;
}

/**
 * A builder of a chunk's rows. Usage chunks as this version writes them get an object
 * literal of a fixed shape: measured 16× faster and half the memory of adding the
 * fields one by one (1M rows: 80 ms / 30 MB against 1.3 s / 61 MB).
 */
export function chunkRowBuilder(v: unknown): (i: number, id: string) => Record<string, unknown> & { id: string } {
  const columns = chunkColumns(v);
  if (columns.map((c) => c[0]).join(',') === 'customerId,date,userId,actions') {
    const [c, d, u, a] = columns.map((x) => x[1]);
    return (i, id) => {
      const cv = c[i], dv = d[i], uv = u[i], av = a[i];
      if (cv != null && dv != null && uv != null && av != null) return { id, customerId: cv, date: dv, userId: uv, actions: av };
      return rowAt(columns, i, id);
    };
  }
  if (columns.length > 30) return (i, id) => rowAt(columns, i, id);
  // Other chunks: each row cloned from a template of the fields it has (one per set of
  // present fields), so its fields sit inside it instead of in a separate array grown
  // field by field (measured: 103 → 81 bytes per 7-field row, the same time).
  const shapes = new Map<number, Record<string, unknown>>();
  return (i, id) => {
    let mask = 0;
    for (let c = 0; c < columns.length; c++) {
      const x = columns[c][1][i];
      if (x !== null && x !== undefined) mask |= 1 << c;
    }
    let shape = shapes.get(mask);
    if (!shape) shapes.set(mask, (shape = JSON.parse(JSON.stringify(Object.fromEntries([['id', null], ...columns.filter((_, c) => mask & (1 << c)).map(([name]) => [name, null])])))));
    const row = { ...shape } as Record<string, unknown> & { id: string };
    row.id = id;
    for (let c = 0; c < columns.length; c++) if (mask & (1 << c)) row[columns[c][0]] = columns[c][1][i];
    return row;
  };
}

/** Row i of a chunk, tolerant of malformed columns. */
export function chunkRow(v: unknown, i: number, id: string): Record<string, unknown> & { id: string } {
  return rowAt(chunkColumns(v), i, id);
}
