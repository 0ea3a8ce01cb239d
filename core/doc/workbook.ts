// openWorkbook: typed, validated access to a workbook stored in a Y.Doc (layout in
// ./layout.ts). Data flows one way: Y events → per-table merged row cache → change
// events with the exact row ids → engine / grid. Reads never re-merge: get/list/snapshot
// read the cache, which is updated once per Yjs transaction (local, remote or undo) and
// built per table on first read (a main thread showing one sheet never builds 1M usage rows).
import * as Y from 'yjs';
import { fieldsOf, schema, tableNames, type FieldDef, type RowTypes, type TableName } from '../schema.js';
import { isEmpty } from '../field.js';
import type { Result, Settings, ValidationIssue, WorkbookData } from '../types.js';
import { bandsMsg, validateRow, validateSettings, type SettingsPatch, type ValidationContext } from '../validate.js';
import { msg, type Msg } from '../messages.js';
import { newId } from './ids.js';
import { resolveSettings, settingsEntries } from './settings.js';
import {
  CHUNK_SIZE, META, SCHEMA_VERSION, SETTINGS, chunkIds, chunkRow, chunkRowBuilder, chunkedTables, chunksName, editKey, editsName,
  encodeChunk, encodeRow, makeChunk, rowFields, parseEditKey, rowsName, tombKey,
} from './layout.js';

export interface WorkbookChange {
  /** Exact rows changed: inserted or any field changed (upserted), deleted (removed). */
  tables: { [T in TableName]?: { upserted: string[]; removed: string[] } };
  settings: boolean;
  /**
   * The changed rows as they were before the transaction, per table, by row id (undefined
   * or absent: the row did not exist). Lets a listener see what a row was (e.g. the
   * customer it belonged to) without keeping its own copy of every row. Absent for a table
   * whose rows were never read on this replica (its cache is built on first read).
   */
  before?: { [T in TableName]?: ReadonlyMap<string, Readonly<Record<string, unknown>> | undefined> };
  /** True when the change was made on this replica (a write or an undo/redo), false for remote updates. */
  local: boolean;
  origin: unknown;
}

export type RowInput<T extends TableName> = Partial<RowTypes[T]> & { id?: string };

export interface Workbook {
  readonly doc: Y.Doc;
  /** Origin used for every local write; Y.UndoManager tracks it (trackedOrigins). */
  readonly origin: object;
  /** Every shared type that holds rows/edits/settings — the UndoManager scope. */
  readonly sharedTypes: Y.AbstractType<any>[];
  insert<T extends TableName>(table: T, row: RowInput<T>): Result<string>;
  insertMany<T extends TableName>(table: T, rows: RowInput<T>[]): Result<string[]>;
  /** '' / null / undefined clears a field. */
  update<T extends TableName>(table: T, id: string, patch: Record<string, unknown>): Result;
  remove(table: TableName, ids: string | string[]): Result;
  /** Merged view with raw values (may be invalid if a peer wrote garbage). Read-only: never mutate. */
  get<T extends TableName>(table: T, id: string): RowTypes[T] | undefined;
  list<T extends TableName>(table: T): RowTypes[T][];
  count(table: TableName): number;
  transact(fn: () => void): void;
  snapshot(): WorkbookData;
  settings(): Settings;
  updateSettings(patch: SettingsPatch): Result;
  subscribe(listener: (change: WorkbookChange) => void): () => void;
  validateAll(): ValidationIssue[];
  readonly schemaVersion: number;
}

type Row = Record<string, unknown> & { id: string };

const isPlainObject = (v: unknown): v is Record<string, unknown> => {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
};
/** Values a buggy peer may store as Y types are read as their JSON. */
const plain = (v: unknown): unknown => (v instanceof Y.AbstractType ? v.toJSON() : v);

function shallowEqual(a: Row, b: Row): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (!Object.is(a[k], b[k])) return false;
  return true;
}

/** A key the table does not have (from an API call or a newer client). */
const unknownField = (k: string, t: TableName) => msg(`${k} is not a field of ${schema[t].label.en}`, `${k} não é um campo de ${schema[t].label['pt-BR']}`);
const fail = (errors: ValidationIssue[]): { ok: false; errors: ValidationIssue[] } => ({ ok: false, errors });
const issue = (table: ValidationIssue['table'], rowId: string, field: string | null, code: ValidationIssue['code'], what: string, text: Msg): ValidationIssue => ({
  table, rowId, field, code,
  message: `${table} row ${JSON.stringify(rowId)}${field === null ? '' : `, field ${JSON.stringify(field)}`}: ${what}`,
  text,
});

/** One table: its Y maps, an index of its edits, and the merged row cache. */
class TableStore {
  readonly chunked: boolean;
  readonly fields: Record<string, FieldDef>;
  readonly fieldNames: string[];
  readonly rows: Y.Map<unknown> | null;
  readonly chunks: Y.Map<unknown> | null;
  readonly edits: Y.Map<unknown>;
  /**
   * Merged live rows. Objects are replaced, never mutated, so identity tells change.
   * A chunked table builds it on first read (get/list/count/snapshot...), not at open:
   * the main thread of a 10k-customer workbook never materializes 1M usage rows unless
   * someone opens the Usage sheet. Until then only ids, edits and tombstones are indexed.
   */
  private built: Map<string, Row> | null = null;
  get cache(): Map<string, Row> {
    return this.built ?? this.buildCache();
  }
  /** Has this table's row cache been built (it has been read on this replica)? */
  get isBuilt(): boolean {
    return this.built !== null;
  }
  /** rowId → field → edit value (null = cleared), including orphan edits of deleted rows. */
  readonly editsByRow = new Map<string, Map<string, unknown>>();
  // Chunked tables only.
  /**
   * rowId → the chunk providing it. Built on first bulk need (many deletes, a duplicate
   * id), not at load: it would add ~45 MB and ~30% of the load time for 1M usage rows
   * that are rarely edited. Until then no id is in two chunks (checked on every add).
   */
  private locMap: Map<string, string> | null = null;
  readonly chunkIdx = new Map<string, unknown[]>(); // chunk → its ids, as stored
  readonly dupLocs = new Map<string, Set<string>>(); // rowId → chunks, only when several hold it
  readonly tombs = new Set<string>();
  /** Chunked rows inserted in the current outer transaction: the index sees them only at its end. */
  readonly pendingChunks: string[] = [];
  private readonly pendingLoc = new Map<string, string>();
  private pendingIndexed = 0;
  /** rowId → chunk for pendingChunks, indexed lazily: a demo load inside one transaction never needs it. */
  private pending(): Map<string, string> {
    for (; this.pendingIndexed < this.pendingChunks.length; this.pendingIndexed++) {
      const key = this.pendingChunks[this.pendingIndexed];
      for (const id of chunkIds(this.chunks!.get(key)) ?? []) if (typeof id === 'string') this.pendingLoc.set(id, key);
    }
    return this.pendingLoc;
  }
  listCache: Row[] | null = null;

  constructor(readonly table: TableName, doc: Y.Doc) {
    this.chunked = chunkedTables.has(table);
    this.fields = fieldsOf(table) as Record<string, FieldDef>;
    this.fieldNames = Object.keys(this.fields);
    this.rows = this.chunked ? null : doc.getMap(rowsName(table));
    this.chunks = this.chunked ? doc.getMap(chunksName(table)) : null;
    this.edits = doc.getMap(editsName(table));
    this.load();
  }

  get sharedTypes(): Y.AbstractType<any>[] {
    return [this.rows ?? this.chunks!, this.edits];
  }

  private load(): void {
    this.edits.forEach((v, k) => this.indexEdit(k, v));
    if (this.rows) {
      // While unread, a transaction's row keys come with Yjs's add/update/delete (only
      // available to an observer, which runs before afterTransaction).
      this.rows.observe((e) => { if (!this.built) this.rowKeyActions = e.keys; });
    } else {
      // Ids only (the first part of a binary chunk): rows wait for the first read.
      this.chunks!.forEach((v, key) => {
        const ids = chunkIds(v);
        if (ids) this.chunkIdx.set(key, ids);
      });
    }
  }
  private rowKeyActions: Map<string, { action: 'add' | 'update' | 'delete' }> | null = null;

  private buildCache(): Map<string, Row> {
    const cache = (this.built = new Map<string, Row>());
    if (this.rows) {
      this.rows.forEach((stored, id) => {
        const base = rowFields(stored);
        const row: Row = { id };
        if (isPlainObject(base)) for (const k in base) if (k !== 'id') row[k] = base[k];
        const edits = this.editsByRow.size > 0 ? this.editsByRow.get(id) : undefined;
        cache.set(id, edits ? this.applyEdits(row, edits) : row);
      });
    } else {
      // No duplicate check per row (a Map lookup per row is ~20% of the load): count instead,
      // and redo with the exact row→chunk index when an id turned out to be in two chunks.
      // Invariant kept while the row→chunk index is not built: no id is in two chunks.
      let provided = 0;
      const dead = new Set<string>();
      let deadCount = 0;
      const emit = (id: string, r: Row | undefined) => {
        provided++;
        if (r) this.cache.set(id, r);
        else { deadCount++; dead.add(id); this.cache.delete(id); }
      };
      this.chunks!.forEach((v, key) => this.addChunk(key, v, emit, () => false));
      if (this.cache.size !== provided - deadCount || dead.size !== deadCount) {
        this.cache.clear();
        this.chunkIdx.clear();
        this.locMap = new Map();
        this.chunks!.forEach((v, key) => this.addChunk(key, v, emit, () => false));
      }
    }
    this.listCache = null;
    return cache;
  }

  private indexEdit(key: string, value: unknown): void {
    const p = parseEditKey(key);
    if (!p) return;
    if (p.field === '') {
      if (this.chunked) this.tombs.add(p.rowId);
      return;
    }
    let m = this.editsByRow.get(p.rowId);
    if (!m) this.editsByRow.set(p.rowId, (m = new Map()));
    m.set(p.field, plain(value));
  }

  private unindexEdit(key: string): void {
    const p = parseEditKey(key);
    if (!p) return;
    if (p.field === '') {
      this.tombs.delete(p.rowId);
      return;
    }
    const m = this.editsByRow.get(p.rowId);
    if (m) {
      m.delete(p.field);
      if (m.size === 0) this.editsByRow.delete(p.rowId);
    }
  }

  private applyEdits(row: Row, edits: Map<string, unknown> | undefined): Row {
    if (edits) for (const [f, v] of edits) {
      if (f === 'id') continue;
      if (v === null || v === undefined) delete row[f];
      else row[f] = v;
    }
    return row;
  }

  /** The row→chunk index, built from the registered chunks on first need, then kept up to date. */
  private ensureLoc(): Map<string, string> {
    if (this.locMap) return this.locMap;
    const loc = new Map<string, string>();
    for (const [key, ids] of this.chunkIdx) for (const id of ids) if (typeof id === 'string' && id !== '') this.place(loc, id, key);
    return (this.locMap = loc);
  }

  /** Records that chunk `key` holds `id`; true when `key` is the chunk that provides it. */
  private place(loc: Map<string, string>, id: string, key: string): boolean {
    const cur = loc.get(id);
    if (cur !== undefined && cur !== key) {
      // Two chunks hold the id (concurrent inserts with one explicit id): the smaller chunk key wins everywhere.
      let s = this.dupLocs.get(id);
      if (!s) this.dupLocs.set(id, (s = new Set([cur])));
      s.add(key);
      if (cur < key) return false;
    }
    loc.set(id, key);
    return true;
  }

  /**
   * The chunk providing a row (pending inserts of this transaction included). A single
   * lookup scans the chunks (≤ ~10 ms for 1M rows, relying on the invariant that no id is
   * in two chunks while the index is not built); `many` lookups build the index once
   * (~0.3–0.9 s for 1M rows), which then stays up to date.
   */
  chunkOf(id: string, many = false): string | undefined {
    const pending = this.pendingChunks.length > 0 ? this.pending().get(id) : undefined;
    if (pending !== undefined) return pending;
    if (this.locMap || many) return this.ensureLoc().get(id);
    for (const [key, ids] of this.chunkIdx) if (ids.indexOf(id) >= 0) return key;
    return undefined;
  }

  /** Builds the row→chunk index (and so the list of ids held by several chunks). */
  index(): void {
    if (this.chunks) this.ensureLoc();
  }

  /**
   * Registers a chunk's rows; `emit` gets each row it now provides (undefined when
   * tombstoned). `seen(id)`: may another chunk already provide the id? If so the exact
   * index is built and the chunk redone with it.
   */
  private addChunk(key: string, v: unknown, emit: (id: string, row: Row | undefined, fresh: boolean) => void, seen: (id: string) => boolean): void {
    const ids = chunkIds(v);
    if (!ids) return;
    this.chunkIdx.set(key, ids);
    const rowOf = chunkRowBuilder(v); // once per chunk: the load path builds ~1M rows
    let loc = this.locMap;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (typeof id !== 'string' || id === '') continue;
      if (loc) {
        if (!this.place(loc, id, key)) continue;
      } else if (seen(id)) {
        loc = this.ensureLoc();
        i = -1;
        continue;
      }
      if (this.tombs.size > 0 && this.tombs.has(id)) { emit(id, undefined, false); continue; }
      const row = rowOf(i, id);
      const edits = this.editsByRow.size > 0 ? this.editsByRow.get(id) : undefined;
      emit(id, edits ? this.applyEdits(row, edits) : row, loc === null);
    }
  }

  /** `touch(id, gone)`: gone = the id is in no other chunk (known without the index). */
  private removeChunk(key: string, touch: (id: string, gone: boolean) => void): void {
    const ids = this.chunkIdx.get(key);
    if (!ids) return;
    this.chunkIdx.delete(key);
    for (const id of ids) {
      if (typeof id !== 'string') continue;
      const loc = this.locMap;
      const dups = this.dupLocs.get(id);
      if (loc && dups) {
        dups.delete(key);
        if (loc.get(id) === key) loc.set(id, [...dups].sort()[0]);
        if (dups.size <= 1) this.dupLocs.delete(id);
      } else if (loc && loc.get(id) === key) loc.delete(id);
      touch(id, loc === null);
    }
  }

  /** The merged row from the index (valid outside a transaction). */
  build(id: string, many = false): Row | undefined {
    if (this.rows) {
      if (!this.rows.has(id)) return undefined;
      const base = rowFields(this.rows.get(id));
      const row: Row = { id };
      if (isPlainObject(base)) for (const k in base) if (k !== 'id') row[k] = base[k];
      return this.applyEdits(row, this.editsByRow.get(id));
    }
    if (this.tombs.has(id)) return undefined;
    const key = this.chunkOf(id, many);
    if (key === undefined) return undefined;
    const ids = this.chunkIdx.get(key);
    const i = ids ? ids.indexOf(id) : -1;
    if (i < 0) return undefined;
    return this.applyEdits(chunkRow(this.chunks!.get(key), i, id), this.editsByRow.get(id));
  }

  /** The merged row read straight from the Y maps: correct inside an unfinished transaction. */
  readDirect(id: string): Row | undefined {
    let row: Row;
    if (this.rows) {
      if (!this.rows.has(id)) return undefined;
      const base = rowFields(this.rows.get(id));
      row = { id };
      if (isPlainObject(base)) for (const k in base) if (k !== 'id') row[k] = base[k];
    } else {
      if (this.edits.has(tombKey(id))) return undefined;
      const key = this.chunkOf(id);
      if (key === undefined || !this.chunks!.has(key)) return undefined;
      const v = this.chunks!.get(key);
      const ids = chunkIds(v);
      const i = ids ? ids.indexOf(id) : -1;
      if (i < 0) return undefined;
      row = chunkRow(v, i, id);
    }
    const fields = new Set([...this.fieldNames, ...Object.keys(row), ...(this.editsByRow.get(id)?.keys() ?? [])]);
    for (const f of fields) {
      if (f === 'id') continue;
      const k = editKey(id, f);
      if (!this.edits.has(k)) continue;
      const v = plain(this.edits.get(k));
      if (v === null || v === undefined) delete row[f];
      else row[f] = v;
    }
    return row;
  }

  /** Is the id a live row (seen from inside an unfinished transaction when inTxn)? */
  has(id: string, inTxn: boolean): boolean {
    if (this.rows) return this.rows.has(id);
    return inTxn ? this.readDirect(id) !== undefined : this.cache.has(id);
  }

  idUsed(id: string): boolean {
    // A chunked id is live (cache), deleted while its chunk remains (tombs), or inserted in this transaction.
    if (this.rows) return this.rows.has(id);
    const pending = this.pendingChunks.length > 0 && this.pending().has(id);
    // Unread table: the row→chunk index (ids only, live or tombstoned) answers without building rows.
    if (!this.built) return pending || this.ensureLoc().has(id);
    return this.cache.has(id) || (this.tombs.size > 0 && this.tombs.has(id)) || pending;
  }

  /**
   * Applies one finished transaction's changed keys to the index and the cache; returns
   * the exact upserted/removed row ids (or null when no row changed).
   */
  applyTransaction(changed: Map<Y.AbstractType<any>, Set<string | null>>): { upserted: string[]; removed: string[]; before?: ReadonlyMap<string, Row | undefined> } | null {
    const editKeys = changed.get(this.edits);
    const rowKeys = this.rows ? changed.get(this.rows) : undefined;
    const chunkKeys = this.chunks ? changed.get(this.chunks) : undefined;
    if (this.pendingChunks.length) {
      this.pendingChunks.length = 0;
      this.pendingLoc.clear();
      this.pendingIndexed = 0;
    }
    if (!editKeys && !rowKeys && !chunkKeys) return null;
    const actions = this.rowKeyActions;
    this.rowKeyActions = null;
    if (!this.built) return this.rows ? this.applyUnreadRows(editKeys, actions) : this.applyUnread(editKeys, chunkKeys);
    const upserted: string[] = [];
    const removed: string[] = [];
    // Slow path (edits, deletes, duplicates): the row as it was before the transaction, rebuilt at the end.
    const before = new Map<string, Row | undefined>();
    const built = new Map<string, Row | undefined>();
    // Fast path (rows of a new chunk, the bulk of an import or a cold load): straight into the cache.
    let fastSet: Set<string> | null = null;
    const wasFast = (id: string) => upserted.length > 0 && this.cache.has(id) && (fastSet ??= new Set(upserted)).has(id);
    const touch = (id: string) => { if (!before.has(id)) before.set(id, wasFast(id) ? undefined : this.cache.get(id)); };
    // Rows whose only change is cells set to a value (or cleared): the new row is the old
    // one with those cells, so a chunked row needs no lookup of its chunk (keeps a cell
    // edit O(1) before the row→chunk index exists).
    const patched = this.chunked ? new Map<string, [string, unknown][] | null>() : null;
    if (editKeys) for (const k of editKeys) {
      if (k === null) continue;
      const p = parseEditKey(k);
      const set = this.edits.has(k);
      if (set) this.indexEdit(k, this.edits.get(k));
      else this.unindexEdit(k);
      if (!p) continue;
      touch(p.rowId);
      if (patched && p.field !== 'id') {
        const list = patched.get(p.rowId);
        if (!set || p.field === '') patched.set(p.rowId, null);
        else if (list !== null) {
          const v = plain(this.edits.get(k));
          if (list) list.push([p.field, v]);
          else patched.set(p.rowId, [[p.field, v]]);
        }
      }
    }
    if (rowKeys) for (const id of rowKeys) if (id !== null) touch(id);
    if (chunkKeys) {
      for (const key of chunkKeys) if (key !== null) this.removeChunk(key, (id, gone) => {
        touch(id);
        patched?.set(id, null);
        if (gone) built.set(id, undefined);
      });
      const emit = (id: string, r: Row | undefined, fresh: boolean) => {
        if (fresh && r) {
          this.cache.set(id, r);
          upserted.push(id);
          fastSet?.add(id);
        } else {
          touch(id);
          built.set(id, r);
        }
      };
      const seen = (id: string) =>
        this.cache.has(id) || (this.tombs.size > 0 && this.tombs.has(id)) || (before.size > 0 && before.has(id)) || (built.size > 0 && built.get(id) !== undefined);
      for (const key of chunkKeys) if (key !== null && this.chunks!.has(key)) this.addChunk(key, this.chunks!.get(key), emit, seen);
    }
    let drop: Set<string> | null = null;
    const rebuild = (id: string, old: Row | undefined): Row | undefined => {
      if (built.has(id)) return built.get(id);
      const cells = patched?.get(id);
      if (!old || !cells) return this.build(id, before.size > 8);
      const row: Row = { ...old };
      for (const [f, v] of cells) {
        if (v === null || v === undefined) delete row[f];
        else row[f] = v;
      }
      return row;
    };
    for (const [id, old] of before) {
      const next = rebuild(id, old);
      const fast = old === undefined && (fastSet as Set<string> | null)?.has(id) === true;
      if (next) {
        if (old && shallowEqual(old, next)) continue;
        this.cache.set(id, next);
        if (!fast) upserted.push(id);
      } else {
        this.cache.delete(id);
        if (fast) (drop ??= new Set()).add(id);
        else if (old) removed.push(id);
      }
    }
    if (drop) {
      const d = drop;
      const kept = upserted.filter((id) => !d.has(id));
      upserted.length = 0;
      for (const id of kept) upserted.push(id);
    }
    if (upserted.length === 0 && removed.length === 0) return null;
    this.listCache = null;
    return { upserted, removed, before };
  }

  /**
   * applyTransaction for a chunked table whose rows were never read: the exact ids from
   * the ids of the chunks and the edit/tombstone index alone, without building any row
   * (a cold load arrives as one transaction of every chunk). No `before` rows: nobody
   * has seen them. Over-reports only in two corner cases: an id held by two chunks
   * (concurrent explicit-id inserts) and an edit that rewrites a cell to its own value
   * are reported as upserted.
   */
  private applyUnread(editKeys: Set<string | null> | undefined, chunkKeys: Set<string | null> | undefined): { upserted: string[]; removed: string[] } | null {
    const upserted: string[] = [];
    const removed: string[] = [];
    // rowId → tombstoned before this transaction, for every row with a changed edit key.
    const edited = new Map<string, boolean>();
    if (editKeys) for (const k of editKeys) {
      if (k === null) continue;
      const p = parseEditKey(k);
      if (p && !edited.has(p.rowId)) edited.set(p.rowId, this.tombs.has(p.rowId));
      if (this.edits.has(k)) this.indexEdit(k, this.edits.get(k));
      else this.unindexEdit(k);
    }
    const gone = new Set<string>();
    const added = new Set<string>();
    const foundIn = new Map<string, string>(); // edited row → the new chunk holding it
    const oldChunks = this.chunkIdx.size;
    // Removed (or overwritten) chunks first, so that an id also in a new chunk is decided once.
    if (chunkKeys) for (const key of chunkKeys) if (key !== null && this.chunkIdx.has(key)) this.removeChunk(key, (id) => { gone.add(id); });
    if (chunkKeys) for (const key of chunkKeys) {
      if (key === null || !this.chunks!.has(key)) continue;
      const ids = chunkIds(this.chunks!.get(key));
      if (!ids) continue;
      this.chunkIdx.set(key, ids);
      added.add(key);
      const loc = this.locMap;
      // A cold load: nothing to check per id (no index, tombstone, edit or removed chunk).
      if (!loc && gone.size === 0 && edited.size === 0 && this.tombs.size === 0) {
        for (let i = 0; i < ids.length; i++) { const id = ids[i]; if (typeof id === 'string' && id !== '') upserted.push(id); }
        continue;
      }
      for (const id of ids) {
        if (typeof id !== 'string' || id === '') continue;
        if (loc) this.place(loc, id, key);
        if (edited.size > 0 && edited.has(id)) { foundIn.set(id, key); continue; } // decided below, with its edits
        gone.delete(id);
        if (!this.tombs.has(id)) upserted.push(id);
      }
    }
    // Rows of removed chunks: gone unless another chunk still holds them (rare: every row of
    // the chunk was deleted; the index tells duplicates apart).
    if (gone.size > 0 && this.chunkIdx.size > 0) this.ensureLoc();
    for (const id of gone) {
      if (edited.has(id)) continue;
      if (this.locMap?.has(id)) upserted.push(id);
      else if (!this.tombs.has(id)) removed.push(id);
    }
    // Edited rows: live after (a chunk holds it, no tombstone) → upserted; live before only → removed.
    // A cold load (no chunk before) needs no lookup: a row is in a new chunk or nowhere.
    const lookup = oldChunks > 0 && (this.chunkIdx.size > added.size || this.locMap !== null);
    if (lookup && edited.size > 8) this.ensureLoc();
    for (const [id, wasTomb] of edited) {
      // Held by a chunk that was there before (an id may also be in a new chunk: concurrent explicit-id inserts)?
      const inOld = lookup && this.inOldChunk(id, added);
      const inChunkBefore = inOld || gone.has(id);
      if ((inOld || foundIn.has(id)) && !this.tombs.has(id)) upserted.push(id);
      else if (inChunkBefore && !wasTomb) removed.push(id);
    }
    return upserted.length || removed.length ? { upserted, removed } : null;
  }

  /** applyTransaction for a `rows.` table nobody has read: exact ids from Yjs's key actions and the edit keys. */
  private applyUnreadRows(editKeys: Set<string | null> | undefined, actions: Map<string, { action: 'add' | 'update' | 'delete' }> | null): { upserted: string[]; removed: string[] } | null {
    const upserted: string[] = [];
    const removed: string[] = [];
    if (editKeys) {
      const rowIds = new Set<string>();
      for (const k of editKeys) {
        if (k === null) continue;
        if (this.edits.has(k)) this.indexEdit(k, this.edits.get(k));
        else this.unindexEdit(k);
        const p = parseEditKey(k);
        if (p && !actions?.has(p.rowId)) rowIds.add(p.rowId);
      }
      // A cell of a live row changed; an edit of a missing row is an orphan.
      for (const id of rowIds) if (this.rows!.has(id)) upserted.push(id);
    }
    if (actions) for (const [id, { action }] of actions) {
      if (action === 'delete') removed.push(id);
      else if (this.rows!.has(id)) upserted.push(id);
    }
    return upserted.length || removed.length ? { upserted, removed } : null;
  }

  /** Does a chunk other than the `added` ones hold the id? */
  private inOldChunk(id: string, added: Set<string>): boolean {
    if (this.locMap) {
      const at = this.locMap.get(id);
      if (at === undefined) return false;
      if (!added.has(at)) return true;
      for (const k of this.dupLocs.get(id) ?? []) if (!added.has(k)) return true;
      return false;
    }
    for (const [key, ids] of this.chunkIdx) if (!added.has(key) && ids.indexOf(id) >= 0) return true;
    return false;
  }

  list(): Row[] {
    return (this.listCache ??= Array.from(this.cache.values()));
  }
}

/** Opens typed, validated access to a workbook doc. One per doc: it listens to every transaction. */
export function openWorkbook(doc: Y.Doc): Workbook {
  const origin = { workbook: true };
  const meta = doc.getMap<unknown>(META);
  const settingsMap = doc.getMap<unknown>(SETTINGS);
  const stores = {} as Record<TableName, TableStore>;
  for (const t of tableNames) stores[t] = new TableStore(t, doc);
  const sharedTypes: Y.AbstractType<any>[] = [settingsMap, ...tableNames.flatMap((t) => stores[t].sharedTypes)];
  const listeners = new Set<(c: WorkbookChange) => void>();
  let resolved: Settings | null = null;

  const inTxn = () => doc._transaction !== null;
  const isTable = (t: unknown): t is TableName => typeof t === 'string' && Object.prototype.hasOwnProperty.call(schema, t);
  const ctx: ValidationContext = {
    customerIds: { has: (id) => stores.customers.has(id, inTxn()) },
    contactIds: { has: (id) => stores.contacts.has(id, inTxn()) },
  };
  const readRow = (s: TableStore, id: string) => (inTxn() ? s.readDirect(id) : s.cache.get(id));
  const write = (fn: () => void) => doc.transact(() => {
    const v = meta.get('schemaVersion');
    if (!(typeof v === 'number' && v >= SCHEMA_VERSION)) meta.set('schemaVersion', SCHEMA_VERSION);
    fn();
  }, origin);
  const noTable = (t: unknown) => fail([issue(String(t) as TableName, '', null, 'unknown-table', `there is no table ${JSON.stringify(t)}`, msg(`There is no table ${JSON.stringify(t)}`, `Não há tabela ${JSON.stringify(t)}`))]);
  // A document written by a newer app may hold structures this one does not know: never write to it.
  const tooNew = () => { const v = meta.get('schemaVersion'); return typeof v === 'number' && v > SCHEMA_VERSION; };
  const newerSchema = (t: TableName | 'settings') =>
    fail([issue(t as TableName, '', null, 'readonly', `this workbook was written by a newer version of the app (schema ${String(meta.get('schemaVersion'))} > ${SCHEMA_VERSION}); reload or update the app to edit it`, msg('This workbook was saved by a newer version of Pulso: reload the page or update the app to edit it', 'Esta planilha foi salva por uma versão mais nova do Pulso: recarregue a página ou atualize o app para editá-la'))]);

  doc.on('afterTransaction', (tr: Y.Transaction) => {
    const change: WorkbookChange = { tables: {}, settings: false, local: tr.local, origin: tr.origin };
    let any = false;
    for (const t of tableNames) {
      const c = stores[t].applyTransaction(tr.changed);
      if (c) {
        change.tables[t] = { upserted: c.upserted, removed: c.removed };
        if (c.before) (change.before ??= {})[t] = c.before;
        any = true;
      }
    }
    if (tr.changed.has(settingsMap as Y.AbstractType<any>)) {
      resolved = null;
      change.settings = true;
      any = true;
    }
    if (!any) return;
    for (const l of [...listeners]) {
      try {
        l(change);
      } catch (e) {
        // A faulty listener must not stop the others nor leave the cache half-updated.
        queueMicrotask(() => { throw e; });
      }
    }
  });

  function settings(): Settings {
    return (resolved ??= resolveSettings((k) => plain(settingsMap.get(k))));
  }

  function cleanInput(t: TableName, s: TableStore, r: unknown, index: number, errors: ValidationIssue[]): Row | null {
    if (!isPlainObject(r)) {
      errors.push(issue(t, `#${index + 1}`, null, 'type', `row ${index + 1} must be an object`, msg(`Row ${index + 1} is not a set of fields`, `A linha ${index + 1} não é um conjunto de campos`)));
      return null;
    }
    const id = r.id === undefined || r.id === null ? newId() : r.id;
    if (typeof id !== 'string' || id === '') {
      errors.push(issue(t, `#${index + 1}`, 'id', 'type', `id must be a non-empty string`, msg('The row has an invalid id', 'A linha tem um id inválido')));
      return null;
    }
    const out: Row = { id };
    for (const k of Object.keys(r)) {
      if (k === 'id') continue;
      if (!(k in s.fields)) { errors.push(issue(t, id, k, 'type', `${k} is not a field of ${t}`, unknownField(k, t))); continue; }
      const v = r[k];
      if (!isEmpty(v)) out[k] = v;
    }
    return out;
  }

  function insertMany<T extends TableName>(table: T, rows: RowInput<T>[]): Result<string[]> {
    if (!isTable(table)) return noTable(table);
    if (tooNew()) return newerSchema(table);
    if (!Array.isArray(rows)) return fail([issue(table, '', null, 'type', 'rows must be an array', msg('The rows are not a list', 'As linhas não são uma lista'))]);
    const s = stores[table];
    const errors: ValidationIssue[] = [];
    const clean: Row[] = [];
    const seen = new Set<string>();
    rows.forEach((r, i) => {
      const row = cleanInput(table, s, r, i, errors);
      if (!row) return;
      const n = seen.size;
      seen.add(row.id);
      if (seen.size === n || s.idUsed(row.id)) errors.push(issue(table, row.id, 'id', 'duplicate-id', `id ${JSON.stringify(row.id)} is already used in ${table}`, msg('A row with this id already exists', 'Já existe uma linha com este id')));
      for (const e of validateRow(table, row, ctx)) errors.push(e);
      clean.push(row);
    });
    if (errors.length) return fail(errors);
    if (clean.length === 0) return { ok: true, value: [] };
    // Inside an outer transaction later writes may read these rows before the index sees them.
    const nested = inTxn();
    write(() => {
      if (s.chunks) {
        for (let i = 0; i < clean.length; i += CHUNK_SIZE) {
          const slice = clean.slice(i, i + CHUNK_SIZE);
          const key = newId();
          s.chunks.set(key, encodeChunk(makeChunk(slice, s.fieldNames)));
          if (nested) s.pendingChunks.push(key);
        }
      } else {
        for (const r of clean) {
          const { id, ...base } = r;
          s.rows!.set(id, encodeRow(base));
        }
      }
      // Orphan edits left by an old row with the same id (deleted concurrently with an edit) must not apply to the new one.
      for (const r of clean) {
        const old = s.editsByRow.get(r.id);
        if (old) for (const f of old.keys()) s.edits.delete(editKey(r.id, f));
        if (s.chunked && s.tombs.has(r.id)) s.edits.delete(tombKey(r.id));
      }
    });
    return { ok: true, value: clean.map((r) => r.id) };
  }

  function update<T extends TableName>(table: T, id: string, patch: Record<string, unknown>): Result {
    if (!isTable(table)) return noTable(table);
    if (tooNew()) return newerSchema(table);
    const s = stores[table];
    const cur = typeof id === 'string' ? readRow(s, id) : undefined;
    if (!cur) return fail([issue(table, String(id), null, 'reference', `there is no row ${JSON.stringify(id)} in ${table}`, msg('This row no longer exists (deleted?)', 'Esta linha não existe mais (excluída?)'))]);
    if (!isPlainObject(patch)) return fail([issue(table, id, null, 'type', 'the change must be an object of field values', msg('The change is not a set of field values', 'A alteração não é um conjunto de valores de campos'))]);
    const errors: ValidationIssue[] = [];
    const next: Row = { ...cur };
    const writes: [string, unknown][] = [];
    for (const k of Object.keys(patch)) {
      const v = patch[k];
      if (k === 'id') {
        if (v !== id) errors.push(issue(table, id, 'id', 'readonly', 'the id of a row cannot change', msg('The id of a row cannot change', 'O id de uma linha não pode mudar')));
        continue;
      }
      if (!(k in s.fields)) { errors.push(issue(table, id, k, 'type', `${k} is not a field of ${table}`, unknownField(k, table))); continue; }
      if (isEmpty(v)) {
        if (cur[k] !== undefined) writes.push([k, null]);
        delete next[k];
      } else {
        if (!Object.is(cur[k], v)) writes.push([k, v]);
        next[k] = v;
      }
    }
    if (errors.length) return fail(errors);
    // A write may not introduce a problem, nor leave a patched field invalid; problems it
    // does not touch (a peer's garbage elsewhere in the row) do not block it.
    const had = new Set(validateRow(table, cur, ctx).map((e) => `${e.field}|${e.code}`));
    const now = validateRow(table, next, ctx).filter((e) => (e.field !== null && e.field in patch) || !had.has(`${e.field}|${e.code}`));
    if (now.length) return fail(now);
    if (writes.length) write(() => { for (const [k, v] of writes) s.edits.set(editKey(id, k), v); });
    return { ok: true, value: undefined };
  }

  function remove(table: TableName, ids: string | string[]): Result {
    if (!isTable(table)) return noTable(table);
    if (tooNew()) return newerSchema(table);
    const list = typeof ids === 'string' ? [ids] : Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : [];
    const s = stores[table];
    const targets = list.filter((id) => readRow(s, id) !== undefined);
    if (targets.length === 0) return { ok: true, value: undefined };
    write(() => {
      const touchedChunks = new Set<string>();
      const clearEdits = (id: string) => {
        const fields = new Set([...s.fieldNames, ...(s.editsByRow.get(id)?.keys() ?? [])]);
        for (const f of fields) { const k = editKey(id, f); if (s.edits.has(k)) s.edits.delete(k); }
      };
      for (const id of targets) {
        clearEdits(id);
        if (s.rows) s.rows.delete(id);
        else {
          s.edits.set(tombKey(id), true);
          const key = s.chunkOf(id, targets.length > 8);
          if (key !== undefined) touchedChunks.add(key);
        }
      }
      // A chunk whose rows are all deleted goes, with its tombstones: deletes leave no garbage behind.
      for (const key of touchedChunks) {
        const cids = chunkIds(s.chunks!.get(key));
        if (!cids) continue;
        const strIds = cids.filter((x): x is string => typeof x === 'string');
        if (strIds.some((id) => s.dupLocs.has(id)) || !strIds.every((id) => s.edits.has(tombKey(id)))) continue;
        s.chunks!.delete(key);
        for (const id of strIds) s.edits.delete(tombKey(id));
      }
    });
    return { ok: true, value: undefined };
  }

  function validateAll(): ValidationIssue[] {
    const out: ValidationIssue[] = [];
    const refs: ValidationContext = { customerIds: stores.customers.cache, contactIds: stores.contacts.cache };
    for (const t of tableNames) {
      const s = stores[t];
      for (const row of s.cache.values()) {
        if (s.rows && !isPlainObject(rowFields(s.rows.get(row.id)))) out.push(issue(t, row.id, null, 'type', 'the stored row is not an object of fields', msg('The stored row is not a set of fields', 'A linha guardada não é um conjunto de campos')));
        for (const e of validateRow(t, row, refs)) out.push(e);
      }
      if (s.chunks) s.chunks.forEach((v, key) => {
        if (!chunkIds(v)) out.push(issue(t, key, null, 'type', `stored chunk ${JSON.stringify(key)} is malformed (no id list)`, msg('A stored block of rows is damaged', 'Um bloco de linhas guardado está danificado')));
      });
      s.index();
      for (const id of s.dupLocs.keys()) out.push(issue(t, id, 'id', 'duplicate-id', `id ${JSON.stringify(id)} is stored in several chunks; the first one is used`, msg('A row is stored twice; the first copy is used', 'Uma linha está guardada duas vezes; a primeira cópia é usada')));
    }
    return out;
  }

  const wb: Workbook = {
    doc,
    origin,
    sharedTypes,
    insert: (table, row) => {
      const r = insertMany(table, [row]);
      return r.ok ? { ok: true, value: r.value[0] } : r;
    },
    insertMany,
    update,
    remove,
    get: (table, id) => (isTable(table) ? (readRow(stores[table], id) as RowTypes[typeof table] | undefined) : undefined),
    list: (table) => (isTable(table) ? (stores[table].list().slice() as RowTypes[typeof table][]) : []),
    count: (table) => (isTable(table) ? stores[table].cache.size : 0),
    transact: (fn) => doc.transact(fn, origin),
    snapshot: () => {
      const data = { settings: settings() } as WorkbookData;
      for (const t of tableNames) (data as unknown as Record<string, unknown>)[t] = stores[t].list().slice();
      return data;
    },
    settings,
    updateSettings: (patch) => {
      if (tooNew()) return newerSchema('settings');
      const errors = validateSettings(patch);
      if (errors.length) return fail(errors);
      const cur = settings();
      const bands = { ...cur.healthBands, ...(patch.healthBands ?? {}) };
      if (bands.red > bands.green) return fail([issue('settings', 'settings', 'healthBands', 'range', `healthBands.red (${bands.red}) must not be above healthBands.green (${bands.green})`, bandsMsg(bands.red, bands.green))]);
      const weights = { ...cur.healthWeights, ...(patch.healthWeights ?? {}) };
      if (Object.values(weights).every((w) => w === 0)) return fail([issue('settings', 'settings', 'healthWeights', 'range', 'at least one health weight must be above 0', msg('Health score weights: at least one must be above 0', 'Pesos do health score: ao menos um deve ser maior que 0'))]);
      const entries = settingsEntries(patch).filter(([k, v]) => JSON.stringify(plain(settingsMap.get(k))) !== JSON.stringify(v));
      if (entries.length) write(() => { for (const [k, v] of entries) settingsMap.set(k, structuredClone(v)); });
      return { ok: true, value: undefined };
    },
    subscribe: (l) => {
      listeners.add(l);
      return () => { listeners.delete(l); };
    },
    validateAll,
    get schemaVersion() {
      const v = meta.get('schemaVersion');
      return typeof v === 'number' ? v : SCHEMA_VERSION;
    },
  };
  return wb;
}
