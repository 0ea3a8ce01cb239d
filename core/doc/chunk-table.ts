// A chunked table (usage, activities, invoices, tickets, surveys): `chunks.<table>` holds
// columnar chunks of CHUNK_SIZE created rows, never rewritten (layout.ts); `edits.<table>`
// holds later cells and tombstones. A row exists while a chunk holds it and it has no
// tombstone; a chunk whose rows are all deleted goes.
//
// Until a replica reads the table only its chunks are indexed, their ids decoded on first
// need (a main thread showing another sheet never builds 1M usage rows, nor their 1M ids:
// ~400 MB of a 100,000-customer tab), and the row → chunk index is built only when a
// bulk operation needs it (~45 MB and ~30% of the load time for 1M rows otherwise).
//
// A rowless table (an option of the replica) never keeps its rows as objects: every read
// decodes them from the chunks, by the row → chunk index. For a replica whose one reader
// reads a table whole once and then a customer's rows per edit (the derivation worker's
// usage: 10M rows and ~0.3 GB of objects at 100,000 customers, all of them marked by every
// full collection of the worker's heap).
import type * as Y from 'yjs';
import type { TableName } from '../schema.js';
import { CHUNK_SIZE, chunkIdCount, chunkIds, chunkRowBuilder, chunksName, editsName, encodeChunk, isChunk, makeChunk, parseEditKey } from './layout.js';
import { newId } from './ids.js';
import { RowLocator } from './row-locator.js';
import { mergeEdits, type Row } from './row.js';
import { CachedTable, type StorageIssue, type TableDelta, type TableStore } from './table-store.js';
import { msg } from '../messages.js';

type Emit = (id: string, row: Row | undefined, fresh: boolean) => void;
type RowBuilder = ReturnType<typeof chunkRowBuilder>;

/** Chunks whose decoded columns a rowless table keeps (a customer's rows lie in a few chunks). */
const DECODED_CHUNKS = 16;

export interface ChunkTableOptions {
  /** Keep no row objects: decode rows from the chunks on every read. */
  rowless?: boolean;
  /** A rowless table keeps every chunk's decoded columns, not the last few: for a reader of any row at random (a page of a paged sheet in its order). */
  keepDecoded?: boolean;
}

export class ChunkTable extends CachedTable implements TableStore {
  readonly chunks: Y.Map<unknown>;
  /**
   * rowId → the chunk providing it. Built on first bulk need (many deletes, a duplicate
   * id), not at load. Until then no id is in two chunks (checked on every add).
   */
  private locMap: RowLocator | null = null;
  /** chunk → its value as indexed (immutable; the ids are read from it when needed: `idsIn`). */
  private readonly chunkIdx = new Map<string, unknown>();
  /** Σ ids over chunkIdx, counted on first need (null: to count). */
  private idCount: number | null = null;
  private readonly dupLocs = new Map<string, Set<string>>(); // rowId → chunks, only when several hold it
  /** Chunks inserted in the current outer transaction: the index sees them only at its end. */
  private readonly pendingChunks: string[] = [];
  private readonly pendingLoc = new Map<string, string>();
  private pendingIndexed = 0;
  private readonly rowless: boolean;
  /** How many chunks' decoded columns a rowless table keeps. */
  private readonly decodedLimit: number;
  /** Bumped when a chunk is indexed or unindexed: a row → chunk index built in steps meanwhile is incomplete. */
  private chunkVersion = 0;
  /** The last chunks read by id (chunk key → its value and row builder), least recent first. */
  private readonly decoders = new Map<string, { v: unknown; row: RowBuilder }>();
  /** Chunks listing an id twice (a buggy peer's): their last copy of the id is the row, as in the cache. */
  private readonly repeating = new Set<string>();
  private view: ReadonlyMap<string, Row> | null = null;

  constructor(table: TableName, doc: Y.Doc, options: ChunkTableOptions = {}) {
    super(table, doc, editsName(table), true);
    this.rowless = options.rowless === true;
    this.decodedLimit = options.keepDecoded ? Infinity : DECODED_CHUNKS;
    this.chunks = doc.getMap(chunksName(table));
    // Chunks only: ids and rows wait for the first read.
    this.chunks.forEach((v, key) => {
      if (isChunk(v)) this.chunkIdx.set(key, v);
    });
  }

  get sharedTypes(): Y.AbstractType<any>[] {
    return [this.chunks, this.edits.map];
  }

  private get tombs(): Set<string> {
    return this.edits.tombs;
  }

  /** The ids of an indexed chunk, as stored (decoded on first need; empty when unreadable). */
  private idsIn(key: string): unknown[] {
    return chunkIds(this.chunkIdx.get(key)) ?? [];
  }

  private index(key: string, v: unknown): void {
    this.chunkIdx.set(key, v);
    this.idCount = null;
    this.chunkVersion++;
  }

  private unindex(key: string): void {
    this.chunkIdx.delete(key);
    this.idCount = null;
    this.chunkVersion++;
  }

  /**
   * The row as chunk `key` (holding value `v`, by default its value now) created it, merged
   * with the given edits; undefined when the chunk does not hold it. An id listed twice in a
   * chunk reads as its last copy, as the cache has it. The row builders of the last few
   * chunks read are kept: a customer's rows lie in a few chunks.
   */
  private rowIn(key: string, id: string, edits: Iterable<readonly [string, unknown]> | undefined, v: unknown = this.chunks.get(key), at = -1): Row | undefined {
    const ids = chunkIds(v);
    const i = !ids ? -1 : ids[at] === id ? at : ids.lastIndexOf(id);
    return i < 0 ? undefined : mergeEdits(this.builderOf(key, v)(i, id), edits);
  }

  /** The row builder of chunk `key` holding value `v` (kept for the last few chunks, or for all). */
  private builderOf(key: string, v: unknown): RowBuilder {
    const hit = this.decoders.get(key);
    if (hit && hit.v === v && this.decodedLimit === Infinity) return hit.row; // no order to keep
    this.decoders.delete(key);
    const entry = hit && hit.v === v ? hit : { v, row: chunkRowBuilder(v) };
    this.decoders.set(key, entry);
    if (this.decoders.size > this.decodedLimit) this.decoders.delete(this.decoders.keys().next().value!);
    return entry.row;
  }

  /** rowId → chunk for pendingChunks, indexed lazily: a demo load inside one transaction never needs it. */
  private pending(): Map<string, string> {
    for (; this.pendingIndexed < this.pendingChunks.length; this.pendingIndexed++) {
      const key = this.pendingChunks[this.pendingIndexed];
      for (const id of chunkIds(this.chunks.get(key)) ?? []) if (typeof id === 'string') this.pendingLoc.set(id, key);
    }
    return this.pendingLoc;
  }

  protected build(): Map<string, Row> {
    const cache = (this.built = new Map<string, Row>());
    // No duplicate check per row (a Map lookup per row is ~20% of the load): count instead,
    // and redo with the exact row→chunk index when an id turned out to be in two chunks.
    // Invariant kept while the row→chunk index is not built: no id is in two chunks.
    let provided = 0;
    const dead = new Set<string>();
    let deadCount = 0;
    const emit = (id: string, r: Row | undefined) => {
      provided++;
      if (r) cache.set(id, r);
      else { deadCount++; dead.add(id); cache.delete(id); }
    };
    this.chunks.forEach((v, key) => this.addChunk(key, v, emit, () => false));
    if (cache.size !== provided - deadCount || dead.size !== deadCount) {
      // The same chunks go in again: the index is sized for their ids before they are forgotten.
      const ids = this.idTotal();
      cache.clear();
      this.chunkIdx.clear();
      this.idCount = null;
      this.locMap = new RowLocator(ids);
      this.chunks.forEach((v, key) => this.addChunk(key, v, emit, () => false));
    }
    this.changed();
    return cache;
  }

  override get cache(): ReadonlyMap<string, Row> {
    return this.rowless ? (this.view ??= new DecodedRows((id) => this.merged(id, true), this.forEachDecoded.bind(this), this.size.bind(this))) : super.cache;
  }

  override list(): Row[] {
    return this.rowless ? this.rowsCopy() : super.list();
  }

  override rowsCopy(): Row[] {
    if (!this.rowless) return super.rowsCopy();
    const out: Row[] = [];
    this.forEachDecoded((r) => out.push(r));
    return out;
  }

  size(): number {
    if (this.built) return this.built.size;
    if (this.locMap) {
      // Exact: each id once, less the deleted ones.
      let n = this.locMap.size;
      for (const id of this.tombs) if (this.locMap.has(id)) n--;
      return n;
    }
    return Math.max(0, this.idTotal() - this.tombs.size);
  }

  /**
   * The cache built a chunk (≤ 1,000 rows) at a time. Rows a transaction changes meanwhile
   * are read again at the end (a few: each lookup scans the chunk index); with many, or with
   * an id in two chunks, the steps stop and the next read builds the cache as usual.
   */
  override *buildSteps(): Generator<void, void> {
    // A rowless table keeps no rows: what its reads need first is the row → chunk index.
    if (this.rowless) return yield* this.locSteps();
    if (this.built) return;
    yield* this.stagedBuild((rows) => this.chunkSteps(rows), (id) => this.merged(id), 64);
  }

  /** Every chunk's rows into `rows`, a chunk per step; false when an id turned out to be in two chunks (counted, as build does). */
  private *chunkSteps(rows: Map<string, Row>): Generator<void, boolean> {
    let provided = 0;
    let deadCount = 0;
    const dead = new Set<string>();
    const emit: Emit = (id, r) => {
      provided++;
      if (r) rows.set(id, r);
      else { deadCount++; dead.add(id); rows.delete(id); }
    };
    for (const key of Array.from(this.chunks.keys())) {
      const v = this.chunks.get(key);
      if (v !== undefined) this.addChunk(key, v, emit, () => false);
      yield;
    }
    return rows.size === provided - deadCount && dead.size === deadCount;
  }

  /** The row→chunk index, built from the registered chunks on first need, then kept up to date. */
  private ensureLoc(): RowLocator {
    if (!this.locMap) this.locSteps(true).next(); // whole: one step builds it
    return this.locMap!;
  }

  /**
   * Builds the row→chunk index a chunk at a time (for a page's slices: a million ids take
   * ~0.3–0.9 s). A chunk indexed or dropped meanwhile leaves the steps without an index (the
   * next read builds it at once), as does a read that built it first. `whole`: no yields.
   */
  private *locSteps(whole = false): Generator<void, void> {
    if (this.locMap) return;
    const version = this.chunkVersion;
    const loc = new RowLocator(this.idTotal());
    let n = 0;
    for (const key of Array.from(this.chunkIdx.keys())) {
      const ids = this.idsIn(key);
      for (let i = 0; i < ids.length; i++) {
        const id = ids[i];
        if (typeof id === 'string' && id !== '') this.place(loc, id, key, ids, i);
      }
      if (whole || (++n & 15) !== 0) continue;
      yield;
      if (this.locMap) return;
      if (this.chunkVersion !== version) {
        // What the abandoned index learnt of ids in several chunks goes with it (the next build learns it again).
        this.dupLocs.clear();
        this.repeating.clear();
        return;
      }
    }
    this.locMap = loc;
  }

  /** Σ ids over the indexed chunks (a row → chunk index is sized by it). */
  private idTotal(): number {
    if (this.idCount === null) {
      let n = 0;
      for (const v of this.chunkIdx.values()) n += chunkIdCount(v);
      this.idCount = n;
    }
    return this.idCount;
  }

  /** Records that chunk `key` holds `id` (at `ids[pos]`); true when `key` is the chunk that provides it. */
  private place(loc: RowLocator, id: string, key: string, ids: readonly unknown[], pos: number): boolean {
    const cur = loc.get(id);
    if (cur === key) this.repeating.add(key);
    else if (cur !== undefined) {
      // Two chunks hold the id (concurrent inserts with one explicit id): the smaller chunk key wins everywhere.
      let s = this.dupLocs.get(id);
      if (!s) this.dupLocs.set(id, (s = new Set([cur])));
      s.add(key);
      if (cur < key) return false;
    }
    loc.set(id, key, ids, pos);
    return true;
  }

  /**
   * The chunk providing a row (pending inserts of this transaction included). A single
   * lookup scans the chunks (≤ ~10 ms for 1M rows, relying on the invariant that no id is
   * in two chunks while the index is not built); `many` lookups build the index once
   * (~0.3–0.9 s for 1M rows), which then stays up to date.
   */
  private chunkOf(id: string, many = false): string | undefined {
    const pending = this.pendingChunks.length > 0 ? this.pending().get(id) : undefined;
    if (pending !== undefined) return pending;
    if (this.locMap || many) return this.ensureLoc().get(id);
    for (const key of this.chunkIdx.keys()) if (this.idsIn(key).indexOf(id) >= 0) return key;
    return undefined;
  }

  /**
   * Registers a chunk's rows; `emit` gets each row it now provides (undefined when
   * tombstoned). `seen(id)`: may another chunk already provide the id? If so the exact
   * index is built and the chunk redone with it.
   */
  private addChunk(key: string, v: unknown, emit: Emit, seen: (id: string) => boolean): void {
    const ids = chunkIds(v);
    if (!ids) return;
    this.index(key, v);
    const created = chunkRowBuilder(v); // once per chunk: the load path builds ~1M rows
    let loc = this.locMap;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (typeof id !== 'string' || id === '') continue;
      if (loc) {
        if (!this.place(loc, id, key, ids, i)) continue;
      } else if (seen(id)) {
        loc = this.ensureLoc();
        i = -1;
        continue;
      }
      if (this.tombs.size > 0 && this.tombs.has(id)) { emit(id, undefined, false); continue; }
      emit(id, mergeEdits(created(i, id), this.edits.of(id)), loc === null);
    }
  }

  /** `touch(id, gone)`: gone = the id is in no other chunk (known without the index). */
  private removeChunk(key: string, touch: (id: string, gone: boolean) => void): void {
    if (!this.chunkIdx.has(key)) return;
    const ids = this.idsIn(key);
    this.unindex(key);
    for (const id of ids) {
      if (typeof id !== 'string') continue;
      const loc = this.locMap;
      const dups = this.dupLocs.get(id);
      if (loc && dups) {
        dups.delete(key);
        if (loc.get(id) === key) {
          const other = [...dups].sort()[0];
          const otherIds = this.idsIn(other);
          const at = otherIds.lastIndexOf(id);
          if (at >= 0) loc.set(id, other, otherIds, at);
          else loc.delete(id);
        }
        if (dups.size <= 1) this.dupLocs.delete(id);
      } else if (loc && loc.get(id) === key) loc.delete(id);
      touch(id, loc === null);
    }
    // Every id of the chunk now points elsewhere or nowhere.
    this.locMap?.release(key);
  }

  /** The merged row from the index (valid outside a transaction). */
  private merged(id: string, many = false): Row | undefined {
    if (this.tombs.has(id)) return undefined;
    // With the index built, it also says where the id sits in its chunk (a list of ~1,000 not scanned).
    const at = this.locMap && this.pendingChunks.length === 0 ? this.locMap.where(id) : undefined;
    if (at) return this.rowIn(at.key, id, this.edits.of(id), this.chunks.get(at.key), at.pos);
    const key = this.chunkOf(id, many);
    return key === undefined ? undefined : this.rowIn(key, id, this.edits.of(id));
  }

  // ---- rowless reads ----------------------------------------------------------------------

  /** Every live row, decoded chunk by chunk; builds the row → chunk index, which later reads and changes use. */
  private forEachDecoded(fn: (row: Row) => void): void {
    this.ensureLoc();
    for (const [key, v] of this.chunkIdx) this.decodeChunk(key, v, fn);
  }

  override *scanSteps(visit: (row: Row) => void): Generator<void, void> {
    if (!this.rowless) return yield* super.scanSteps(visit);
    yield* this.locSteps();
    this.ensureLoc(); // the steps gave up when a chunk came or went meanwhile
    for (const [key, v] of this.chunkIdx) {
      this.decodeChunk(key, v, visit);
      yield;
    }
  }

  /** The live rows chunk `key` (holding `v`) provides, merged with their edits (the index built). */
  private decodeChunk(key: string, v: unknown, fn: (row: Row) => void): void {
    const ids = chunkIds(v);
    if (!ids) return;
    const loc = this.locMap!;
    const dups = this.dupLocs.size > 0;
    // A table that keeps every chunk's columns keeps these too: its reads by id come next.
    const created = this.decodedLimit === Infinity ? this.builderOf(key, v) : chunkRowBuilder(v);
    const last = this.repeating.has(key) ? new Map(ids.map((id, i) => [id, i])) : null;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (typeof id !== 'string' || id === '') continue;
      if ((dups && loc.get(id) !== key) || (last && last.get(id) !== i)) continue;
      if (this.tombs.size > 0 && this.tombs.has(id)) continue;
      fn(mergeEdits(created(i, id), this.edits.of(id)));
    }
  }

  /**
   * Each row a transaction touches as it was before it, read while the index still holds
   * the state before (edits not taken in, removed chunks still indexed); rows that did not
   * exist map to undefined.
   */
  private rowsBefore(editKeys: Set<string | null> | undefined, chunkKeys: Set<string | null> | undefined, loc: RowLocator): Map<string, Row | undefined> {
    const before = new Map<string, Row | undefined>();
    const note = (id: unknown) => {
      if (typeof id !== 'string' || before.has(id)) return;
      const key = this.tombs.has(id) ? undefined : loc.get(id);
      before.set(id, key === undefined ? undefined : this.rowIn(key, id, this.edits.of(id), this.chunkIdx.get(key)));
    };
    if (editKeys) for (const k of editKeys) if (k !== null) note(parseEditKey(k)?.rowId);
    if (chunkKeys) for (const key of chunkKeys) {
      if (key === null) continue;
      if (this.chunkIdx.has(key)) for (const id of this.idsIn(key)) note(id);
      const v = this.chunks.get(key);
      if (v !== this.chunkIdx.get(key)) for (const id of chunkIds(v) ?? []) if (typeof id === 'string' && loc.has(id)) note(id);
    }
    return before;
  }

  readDirect(id: string): Row | undefined {
    if (this.edits.tombstoned(id)) return undefined;
    const key = this.chunkOf(id);
    if (key === undefined || !this.chunks.has(key)) return undefined;
    const row = this.rowIn(key, id, undefined);
    return row && mergeEdits(row, this.edits.direct(id, [...this.fieldNames, ...Object.keys(row)]));
  }

  has(id: string, inTxn: boolean): boolean {
    return inTxn ? this.readDirect(id) !== undefined : this.cache.has(id);
  }

  idUsed(id: string): boolean {
    // A chunked id is live (cache), deleted while its chunk remains (tombs), or inserted in this transaction.
    const pending = this.pendingChunks.length > 0 && this.pending().has(id);
    // Unread table: the row→chunk index (ids only, live or tombstoned) answers without building rows.
    if (!this.built) return pending || this.ensureLoc().has(id);
    return this.cache.has(id) || (this.tombs.size > 0 && this.tombs.has(id)) || pending;
  }

  insert(rows: readonly Row[], nested: boolean): void {
    for (let i = 0; i < rows.length; i += CHUNK_SIZE) {
      const key = newId();
      this.chunks.set(key, encodeChunk(makeChunk(rows.slice(i, i + CHUNK_SIZE), this.fieldNames)));
      // Inside an outer transaction later writes may read these rows before the index sees them.
      if (nested) this.pendingChunks.push(key);
    }
    // Orphan edits and tombstones of an earlier row with the same id must not apply to the new one.
    for (const r of rows) {
      this.edits.clear(r.id, []);
      if (this.tombs.has(r.id)) this.edits.untomb(r.id);
    }
  }

  remove(ids: readonly string[]): void {
    const touchedChunks = new Set<string>();
    for (const id of ids) {
      this.edits.clear(id, this.fieldNames);
      this.edits.tomb(id);
      const key = this.chunkOf(id, ids.length > 8);
      if (key !== undefined) touchedChunks.add(key);
    }
    // A chunk whose rows are all deleted goes, with its tombstones: deletes leave no garbage behind.
    for (const key of touchedChunks) {
      const cids = chunkIds(this.chunks.get(key));
      if (!cids) continue;
      const strIds = cids.filter((x): x is string => typeof x === 'string');
      if (strIds.some((id) => this.dupLocs.has(id)) || !strIds.every((id) => this.edits.tombstoned(id))) continue;
      this.chunks.delete(key);
      for (const id of strIds) this.edits.untomb(id);
    }
  }

  storageIssues(): StorageIssue[] {
    const out: StorageIssue[] = [];
    this.chunks.forEach((v, key) => {
      if (!chunkIds(v)) out.push({ rowId: key, field: null, code: 'type', what: `stored chunk ${JSON.stringify(key)} is malformed (no id list)`, text: msg('A stored block of rows is damaged', 'Um bloco de linhas guardado está danificado') });
    });
    this.ensureLoc(); // lists the ids held by several chunks
    for (const id of this.dupLocs.keys()) out.push({ rowId: id, field: 'id', code: 'duplicate-id', what: `id ${JSON.stringify(id)} is stored in several chunks; the first one is used`, text: msg('A row is stored twice; the first copy is used', 'Uma linha está guardada duas vezes; a primeira cópia é usada') });
    return out;
  }

  applyTransaction(changed: Map<Y.AbstractType<any>, Set<string | null>>): TableDelta | null {
    const editKeys = changed.get(this.edits.map);
    const chunkKeys = changed.get(this.chunks);
    if (this.pendingChunks.length) {
      this.pendingChunks.length = 0;
      this.pendingLoc.clear();
      this.pendingIndexed = 0;
    }
    if (!editKeys && !chunkKeys) return null;
    if (!this.built) {
      // A rowless table once read says what the rows were (the engine follows owners by them).
      const before = this.rowless && this.locMap ? this.rowsBefore(editKeys, chunkKeys, this.locMap) : null;
      const delta = this.applyUnread(editKeys, chunkKeys);
      this.noteWhileStaged(delta);
      return delta && before ? { upserted: delta.upserted, removed: delta.removed, before } : delta;
    }
    const upserted: string[] = [];
    // Slow path (edits, deletes, duplicates): the row as it was before the transaction, rebuilt at the end.
    const before = new Map<string, Row | undefined>();
    const built = new Map<string, Row | undefined>();
    // Fast path (rows of a new chunk, the bulk of an import or a cold load): straight into the cache.
    let fastSet: Set<string> | null = null;
    const wasFast = (id: string) => upserted.length > 0 && this.cache.has(id) && (fastSet ??= new Set(upserted)).has(id);
    const touch = (id: string) => { if (!before.has(id)) before.set(id, wasFast(id) ? undefined : this.cache.get(id)); };
    // Rows whose only change is cells set to a value (or cleared): the new row is the old
    // one with those cells, so a row needs no lookup of its chunk (keeps a cell edit O(1)
    // before the row→chunk index exists).
    const patched = new Map<string, [string, unknown][] | null>();
    if (editKeys) for (const k of editKeys) {
      if (k === null) continue;
      const p = this.edits.refresh(k);
      if (!p) continue;
      touch(p.rowId);
      if (p.field === 'id') continue;
      const list = patched.get(p.rowId);
      const cells = p.field === '' ? undefined : this.edits.of(p.rowId);
      if (!cells?.has(p.field)) patched.set(p.rowId, null); // a tombstone, or an edit key deleted: look the row up
      else if (list !== null) {
        const cell: [string, unknown] = [p.field, cells.get(p.field)];
        if (list) list.push(cell);
        else patched.set(p.rowId, [cell]);
      }
    }
    if (chunkKeys) {
      for (const key of chunkKeys) if (key !== null) this.removeChunk(key, (id, gone) => {
        touch(id);
        patched.set(id, null);
        if (gone) built.set(id, undefined);
      });
      const emit: Emit = (id, r, fresh) => {
        if (fresh && r) {
          this.cached().set(id, r);
          upserted.push(id);
          fastSet?.add(id);
        } else {
          touch(id);
          built.set(id, r);
        }
      };
      const seen = (id: string) =>
        this.cache.has(id) || (this.tombs.size > 0 && this.tombs.has(id)) || (before.size > 0 && before.has(id)) || (built.size > 0 && built.get(id) !== undefined);
      for (const key of chunkKeys) if (key !== null && this.chunks.has(key)) this.addChunk(key, this.chunks.get(key), emit, seen);
    }
    const rebuild = (id: string, old: Row | undefined): Row | undefined => {
      if (built.has(id)) return built.get(id);
      const cells = patched.get(id);
      return old && cells ? mergeEdits({ ...old }, cells) : this.merged(id, before.size > 8);
    };
    return this.settle(before, rebuild, upserted, fastSet);
  }

  /**
   * applyTransaction while nobody has read the table: the exact ids from the ids of the
   * chunks and the edit/tombstone index alone, without building any row (a cold load
   * arrives as one transaction of every chunk). No `before` rows: nobody has seen them.
   * Over-reports only in two corner cases: an id held by two chunks (concurrent
   * explicit-id inserts) and an edit that rewrites a cell to its own value are reported
   * as upserted.
   */
  private applyUnread(editKeys: Set<string | null> | undefined, chunkKeys: Set<string | null> | undefined): TableDelta | null {
    const upserted: string[] = [];
    const removed: string[] = [];
    // rowId → tombstoned before this transaction, for every row with a changed edit key.
    const edited = new Map<string, boolean>();
    if (editKeys) for (const k of editKeys) {
      if (k === null) continue;
      const p = parseEditKey(k);
      if (p && !edited.has(p.rowId)) edited.set(p.rowId, this.tombs.has(p.rowId));
      this.edits.refresh(k);
    }
    const gone = new Set<string>();
    const added = new Set<string>();
    const foundIn = new Map<string, string>(); // edited row → the new chunk holding it
    const oldChunks = this.chunkIdx.size;
    // Removed (or overwritten) chunks first, so that an id also in a new chunk is decided once.
    if (chunkKeys) for (const key of chunkKeys) if (key !== null && this.chunkIdx.has(key)) this.removeChunk(key, (id) => { gone.add(id); });
    // A cold load: nothing to check per id (no index, tombstone, edit or removed chunk), so
    // the new chunks' ids are the change, listed only if someone reads it.
    const coldLoad = !this.locMap && gone.size === 0 && edited.size === 0 && this.tombs.size === 0;
    const loaded: unknown[] = [];
    if (chunkKeys) for (const key of chunkKeys) {
      if (key === null || !this.chunks.has(key)) continue;
      const v = this.chunks.get(key);
      if (!isChunk(v)) continue;
      this.index(key, v);
      added.add(key);
      if (coldLoad) {
        loaded.push(v);
        continue;
      }
      const loc = this.locMap;
      const ids = this.idsIn(key);
      for (let i = 0; i < ids.length; i++) {
        const id = ids[i];
        if (typeof id !== 'string' || id === '') continue;
        if (loc) this.place(loc, id, key, ids, i);
        if (edited.size > 0 && edited.has(id)) { foundIn.set(id, key); continue; } // decided below, with its edits
        gone.delete(id);
        if (!this.tombs.has(id)) upserted.push(id);
      }
    }
    if (coldLoad) return loaded.some((v) => chunkIdCount(v) > 0) ? listedWhenRead(loaded) : null;
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

  /** Does a chunk other than the `added` ones hold the id? */
  private inOldChunk(id: string, added: Set<string>): boolean {
    if (this.locMap) {
      const at = this.locMap.get(id);
      if (at === undefined) return false;
      if (!added.has(at)) return true;
      for (const k of this.dupLocs.get(id) ?? []) if (!added.has(k)) return true;
      return false;
    }
    for (const key of this.chunkIdx.keys()) if (!added.has(key) && this.idsIn(key).indexOf(id) >= 0) return true;
    return false;
  }
}

/**
 * The change of a cold load: every row of the loaded chunks, upserted. The list (a million
 * ids for a million usage rows) is built when first read: a page showing another sheet, whose
 * listeners only ask which tables changed, never builds it.
 */
function listedWhenRead(chunks: readonly unknown[]): TableDelta {
  let ids: string[] | null = null;
  return {
    removed: [],
    get upserted(): string[] {
      if (ids) return ids;
      ids = [];
      for (const v of chunks) for (const id of chunkIds(v) ?? []) if (typeof id === 'string' && id !== '') ids.push(id);
      return ids;
    },
  };
}

/** A rowless table's rows as a read-only map: every read decodes (ChunkTable). */
class DecodedRows implements ReadonlyMap<string, Row> {
  constructor(
    private readonly read: (id: string) => Row | undefined,
    private readonly each: (fn: (row: Row) => void) => void,
    private readonly count: () => number,
  ) {}

  get size(): number {
    return this.count();
  }
  get(id: string): Row | undefined {
    return this.read(id);
  }
  has(id: string): boolean {
    return this.read(id) !== undefined;
  }
  forEach(fn: (row: Row, id: string, map: ReadonlyMap<string, Row>) => void): void {
    this.each((row) => fn(row, row.id, this));
  }
  *entries(): IterableIterator<[string, Row]> {
    for (const row of this.all()) yield [row.id, row];
  }
  *keys(): IterableIterator<string> {
    for (const row of this.all()) yield row.id;
  }
  values(): IterableIterator<Row> {
    return this.all()[Symbol.iterator]();
  }
  [Symbol.iterator](): IterableIterator<[string, Row]> {
    return this.entries();
  }
  private all(): Row[] {
    const out: Row[] = [];
    this.each((r) => out.push(r));
    return out;
  }
}
