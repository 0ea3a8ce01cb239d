// A row-per-value table (customers, contracts, contacts): `rows.<table>` holds each row's
// created fields as one value (layout.ts encodeRow), `edits.<table>` its later cells. A
// row exists while its entry exists; deleting it drops its content from the doc.
import type * as Y from 'yjs';
import type { TableName } from '../schema.js';
import { editsName, encodeRow, rowFields, rowsName } from './layout.js';
import { isPlainObject, mergeEdits, rowOf, type Row } from './row.js';
import { CachedTable, type StorageIssue, type TableDelta, type TableStore } from './table-store.js';
import { msg } from '../messages.js';

type KeyActions = Map<string, { action: 'add' | 'update' | 'delete' }>;

/** Rows parsed per step of buildSteps (~2–4 ms of JSON.parse). */
const ROWS_PER_STEP = 2_000;

export class RowTable extends CachedTable implements TableStore {
  readonly rows: Y.Map<unknown>;
  /** While unread, a transaction's row keys with Yjs's add/update/delete (only an observer sees them, before afterTransaction). */
  private keyActions: KeyActions | null = null;

  constructor(table: TableName, doc: Y.Doc) {
    super(table, doc, editsName(table), false);
    this.rows = doc.getMap(rowsName(table));
    this.rows.observe((e) => { if (!this.built) this.keyActions = e.keys; });
  }

  get sharedTypes(): Y.AbstractType<any>[] {
    return [this.rows, this.edits.map];
  }

  /** The row as created (no edits), or undefined when it does not exist. */
  private created(id: string): Row | undefined {
    return this.rows.has(id) ? rowOf(id, rowFields(this.rows.get(id))) : undefined;
  }

  protected build(): Map<string, Row> {
    const cache = (this.built = new Map<string, Row>());
    this.rows.forEach((stored, id) => cache.set(id, this.merged(id, stored)));
    this.changed();
    return cache;
  }

  /** A stored row merged with its edits. */
  private merged(id: string, stored: unknown): Row {
    return mergeEdits(rowOf(id, rowFields(stored)), this.edits.of(id));
  }

  /**
   * The cache built ROWS_PER_STEP rows at a time: each row is a JSON text to parse (Contracts
   * at 10,000 customers: 40,000 rows, one task of ~80 ms on the first switch to the sheet).
   * Rows a transaction changes meanwhile are read again at the end; a read meanwhile builds
   * the cache at once, as always, and the steps stop.
   */
  override *buildSteps(): Generator<void, void> {
    if (this.built) return;
    yield* this.stagedBuild((rows) => this.rowSteps(rows), (id) => {
      const stored = this.rows.get(id);
      return stored === undefined ? undefined : this.merged(id, stored);
    });
  }

  /** Every stored row into `rows`, ROWS_PER_STEP per step. */
  private *rowSteps(rows: Map<string, Row>): Generator<void, boolean> {
    const ids = Array.from(this.rows.keys());
    for (let i = 0; i < ids.length; i++) {
      const stored = this.rows.get(ids[i]);
      if (stored !== undefined) rows.set(ids[i], this.merged(ids[i], stored));
      if ((i + 1) % ROWS_PER_STEP === 0) yield;
    }
    return true;
  }

  size(): number {
    return this.built ? this.built.size : this.rows.size;
  }

  readDirect(id: string): Row | undefined {
    const row = this.created(id);
    return row && mergeEdits(row, this.edits.direct(id, [...this.fieldNames, ...Object.keys(row)]));
  }

  has(id: string): boolean {
    return this.rows.has(id);
  }

  idUsed(id: string): boolean {
    return this.rows.has(id);
  }

  insert(rows: readonly Row[]): void {
    for (const { id, ...fields } of rows) {
      this.rows.set(id, encodeRow(fields));
      this.edits.clear(id, []); // orphan edits of an earlier row with this id (deleted concurrently with an edit)
    }
  }

  remove(ids: readonly string[]): void {
    for (const id of ids) {
      this.edits.clear(id, this.fieldNames);
      this.rows.delete(id);
    }
  }

  applyTransaction(changed: Map<Y.AbstractType<any>, Set<string | null>>): TableDelta | null {
    const editKeys = changed.get(this.edits.map);
    const rowKeys = changed.get(this.rows);
    if (!editKeys && !rowKeys) return null;
    const actions = this.keyActions;
    this.keyActions = null;
    if (!this.built) {
      const delta = this.applyUnread(editKeys, actions);
      this.noteWhileStaged(delta);
      return delta;
    }
    const before = new Map<string, Row | undefined>();
    const touch = (id: string) => { if (!before.has(id)) before.set(id, this.cache.get(id)); };
    if (editKeys) for (const k of editKeys) {
      if (k === null) continue;
      const p = this.edits.refresh(k);
      if (p) touch(p.rowId);
    }
    if (rowKeys) for (const id of rowKeys) if (id !== null) touch(id);
    return this.settle(before, (id) => { const row = this.created(id); return row && mergeEdits(row, this.edits.of(id)); }, [], null);
  }

  /** applyTransaction while nobody has read the table: exact ids from Yjs's key actions and the edit keys. */
  private applyUnread(editKeys: Set<string | null> | undefined, actions: KeyActions | null): TableDelta | null {
    const upserted: string[] = [];
    const removed: string[] = [];
    if (editKeys) {
      const rowIds = new Set<string>();
      for (const k of editKeys) {
        if (k === null) continue;
        const p = this.edits.refresh(k);
        if (p && !actions?.has(p.rowId)) rowIds.add(p.rowId);
      }
      // A cell of a live row changed; an edit of a missing row is an orphan.
      for (const id of rowIds) if (this.rows.has(id)) upserted.push(id);
    }
    if (actions) for (const [id, { action }] of actions) {
      if (action === 'delete') removed.push(id);
      else if (this.rows.has(id)) upserted.push(id);
    }
    return upserted.length || removed.length ? { upserted, removed } : null;
  }

  storageIssues(): StorageIssue[] {
    const out: StorageIssue[] = [];
    this.rows.forEach((v, id) => {
      if (!isPlainObject(rowFields(v))) out.push({ rowId: id, field: null, code: 'type', what: 'the stored row is not an object of fields', text: msg('The stored row is not a set of fields', 'A linha guardada não é um conjunto de campos') });
    });
    return out;
  }
}
