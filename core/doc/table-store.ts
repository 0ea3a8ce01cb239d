// One table of the workbook doc behind one interface, whatever its storage (layout.ts):
// a row-per-value table (row-table.ts: customers, contracts, contacts) or a chunked table
// (chunk-table.ts: the high-volume logs). Each keeps its created values, its cell edits
// (cell-edits.ts) and a cache of merged rows (row.ts mergeEdits), updated once per Yjs
// transaction and built on first read.
import type * as Y from 'yjs';
import { fieldsOf, type FieldDef, type TableName } from '../schema.js';
import { CellEdits } from './cell-edits.js';
import { shallowEqual, type Row } from './row.js';
import type { Msg } from '../messages.js';

/** What one transaction changed in a table: exact row ids, and the rows as they were before (when the cache was built). */
export interface TableDelta {
  upserted: string[];
  removed: string[];
  before?: ReadonlyMap<string, Row | undefined>;
}

/** A stored value this version cannot use (reported by validateAll, never thrown). */
export interface StorageIssue {
  rowId: string;
  field: string | null;
  code: 'type' | 'duplicate-id';
  what: string;
  /** The same for people, in both languages. */
  text: Msg;
}

export interface TableStore {
  readonly table: TableName;
  readonly fields: Record<string, FieldDef>;
  /** The Y types holding this table (the UndoManager's scope). */
  readonly sharedTypes: Y.AbstractType<any>[];
  /** Merged live rows by id, built on first read. Rows are replaced, never mutated: identity tells change. */
  readonly cache: ReadonlyMap<string, Row>;
  /** Builds the cache a block of rows at a time, yielding between blocks (see CachedTable.buildSteps). */
  buildSteps(): Generator<void, void>;
  /** Every live row to `visit`, yielding between blocks; a rowless table decodes each block as it goes and keeps none. */
  scanSteps(visit: (row: Row) => void): Generator<void, void>;
  /** How many rows the table holds, read without building the cache when it is not built (stored ids less deleted ones). */
  size(): number;
  /** The live rows, a list kept until the next change. */
  list(): Row[];
  /** The live rows, copied; keeps no list. */
  rowsCopy(): Row[];
  /** The merged row read straight from the Y maps: correct inside an unfinished transaction. */
  readDirect(id: string): Row | undefined;
  /** Is the id a live row (seen from inside an unfinished transaction when inTxn)? */
  has(id: string, inTxn: boolean): boolean;
  /** May a new row not take this id (live, tombstoned, or inserted in this transaction)? */
  idUsed(id: string): boolean;
  // Writes: called inside a transaction, with validated values.
  /** Stores new rows as created (fields without empty values); drops orphan edits left under their ids. */
  insert(rows: readonly Row[], nested: boolean): void;
  setCell(id: string, field: string, value: unknown): void;
  remove(ids: readonly string[]): void;
  /** Brings the cache up to date after a finished transaction; null when no row changed. */
  applyTransaction(changed: Map<Y.AbstractType<any>, Set<string | null>>): TableDelta | null;
  storageIssues(): StorageIssue[];
}

/** What both table kinds share: the table's fields, its cell edits, and the lazily built cache. */
export abstract class CachedTable {
  readonly fields: Record<string, FieldDef>;
  readonly fieldNames: string[];
  readonly edits: CellEdits;
  protected built: Map<string, Row> | null = null;
  private listed: Row[] | null = null;

  constructor(readonly table: TableName, doc: Y.Doc, editsName: string, tombstones: boolean) {
    this.fields = fieldsOf(table) as Record<string, FieldDef>;
    this.fieldNames = Object.keys(this.fields);
    this.edits = new CellEdits(doc.getMap(editsName), tombstones);
  }

  get cache(): ReadonlyMap<string, Row> {
    return this.cached();
  }
  /** The cache, built on first need, for the table's own updates. */
  protected cached(): Map<string, Row> {
    return this.built ?? this.build();
  }
  /** Builds the cache from the doc (sets `built` first: building may read `cache`). */
  protected abstract build(): Map<string, Row>;

  /**
   * Builds the cache in steps, for a caller that runs them in slices (the page's thread:
   * a million rows take ~1.5 s to build). Reading the cache in between builds it at once,
   * as always, and the steps stop.
   */
  abstract buildSteps(): Generator<void, void>;

  /** The cache being built in steps (stagedBuild): rows so far, and the rows a transaction changed meanwhile. */
  private staged: { rows: Map<string, Row>; touched: Set<string> } | null = null;

  /** A transaction while the cache is built in steps: the rows it changed are read again at the end. */
  protected noteWhileStaged(delta: TableDelta | null): void {
    if (delta && this.staged) for (const id of [...delta.upserted, ...delta.removed]) this.staged.touched.add(id);
  }

  /**
   * The cache built in steps: `fill` puts the stored rows in, a block per step, and returns
   * false to give up (the next read then builds the cache at once); the rows a transaction
   * changed meanwhile are read again with `reread` at the end, unless there are more than
   * `maxTouched`. A newer run, or a read that builds the cache, stops an older one.
   */
  protected *stagedBuild(fill: (rows: Map<string, Row>) => Generator<void, boolean>, reread: (id: string) => Row | undefined, maxTouched = Infinity): Generator<void, void> {
    const staged = (this.staged = { rows: new Map<string, Row>(), touched: new Set<string>() });
    const live = () => this.staged === staged && !this.built;
    const steps = fill(staged.rows);
    let step = steps.next();
    while (!step.done) {
      yield;
      if (!live()) return;
      step = steps.next();
    }
    if (!step.value || staged.touched.size > maxTouched) {
      this.staged = null;
      return;
    }
    for (const id of staged.touched) {
      const row = reread(id);
      if (row) staged.rows.set(id, row);
      else staged.rows.delete(id);
      yield;
      if (!live()) return;
    }
    this.staged = null;
    this.built = staged.rows;
    this.changed();
  }

  *scanSteps(visit: (row: Row) => void): Generator<void, void> {
    yield* this.buildSteps();
    const rows = this.list();
    for (let i = 0; i < rows.length; i++) {
      visit(rows[i]);
      if ((i & 1023) === 1023) yield;
    }
  }

  list(): Row[] {
    return (this.listed ??= Array.from(this.cache.values()));
  }
  /** For a whole-workbook read: the engine's load would otherwise leave a list of 15M rows behind at 100,000 customers. */
  rowsCopy(): Row[] {
    return this.listed ? this.listed.slice() : Array.from(this.cache.values());
  }
  protected changed(): void {
    this.listed = null;
  }

  setCell(id: string, field: string, value: unknown): void {
    this.edits.set(id, field, value);
  }

  /**
   * Puts the rows a transaction touched into the cache: `before` holds each touched id's
   * row before the transaction, `rebuild` gives it after (undefined: gone). Reports the
   * rows that differ. `fast`: rows already put into the cache and reported as upserted by
   * the caller (new rows of a chunk); they are not reported twice, and dropped from
   * `upserted` when they turn out gone.
   */
  protected settle(before: Map<string, Row | undefined>, rebuild: (id: string, old: Row | undefined) => Row | undefined, upserted: string[], fast: Set<string> | null): TableDelta | null {
    const cache = this.cached();
    const removed: string[] = [];
    let drop: Set<string> | null = null;
    for (const [id, old] of before) {
      const next = rebuild(id, old);
      const wasFast = old === undefined && fast !== null && fast.has(id);
      if (next) {
        if (old && shallowEqual(old, next)) continue;
        cache.set(id, next);
        if (!wasFast) upserted.push(id);
      } else {
        cache.delete(id);
        if (wasFast) (drop ??= new Set()).add(id);
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
    this.changed();
    return { upserted, removed, before };
  }
}
