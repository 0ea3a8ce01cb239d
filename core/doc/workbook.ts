// openWorkbook: typed, validated access to a workbook stored in a Y.Doc (layout in
// ./layout.ts). Data flows one way: Y events → per-table merged row cache → change
// events with the exact row ids → engine / grid. Reads never re-merge: get/list/snapshot
// read the cache, which is updated once per Yjs transaction (local, remote or undo) and
// built per table on first read (a main thread showing one sheet never builds 1M usage rows).
// Each table is a TableStore (table-store.ts): row-table.ts or chunk-table.ts.
import * as Y from 'yjs';
import { schema, tableNames, type RowTypes, type TableName } from '../schema.js';
import { isEmpty } from '../field.js';
import type { Result, RowSource, Settings, ValidationIssue, WorkbookData, WorkbookSource } from '../types.js';
import { bandsMsg, validateRow, validateSettings, type SettingsPatch, type ValidationContext } from '../validate.js';
import { msg, type Msg } from '../messages.js';
import { Emitter } from '../emitter.js';
import { newId } from './ids.js';
import { resolveSettings, settingsWrites, type SettingsSource } from './settings.js';
import { META, SCHEMA_VERSION, SETTINGS, chunkedTables } from './layout.js';
import { isPlainObject, plain, type Row } from './row.js';
import { ChunkTable } from './chunk-table.js';
import { RowTable } from './row-table.js';
import type { TableStore } from './table-store.js';

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
  /** Live rows of a table (reads the table into memory on first use). */
  count(table: TableName): number;
  /** About how many rows a table holds, without reading them into memory: exact once read; before, the stored ids less the deleted ones. */
  storedCount(table: TableName): number;
  /**
   * Reads a table's rows into memory a block at a time: a generator to run in slices, so
   * that the first list/get of a large table does not hold the thread (done when it ends;
   * a read in between simply reads everything at once).
   */
  readSteps(table: TableName): Generator<void, void>;
  /** Every live row of a table to `visit`, yielding between blocks (a generator to run in slices); a rowless table keeps none of them. */
  scanSteps<T extends TableName>(table: T, visit: (row: RowTypes[T]) => void): Generator<void, void>;
  transact(fn: () => void): void;
  snapshot(): WorkbookData;
  /** The rows as the derivation reads them at load: as snapshot(), but a rowless table's rows made as they are read. */
  source(): WorkbookSource;
  settings(): Settings;
  updateSettings(patch: SettingsPatch): Result;
  subscribe(listener: (change: WorkbookChange) => void): () => void;
  validateAll(): ValidationIssue[];
  readonly schemaVersion: number;
}

const fail = (errors: ValidationIssue[]): { ok: false; errors: ValidationIssue[] } => ({ ok: false, errors });
/** A key the table does not have (from an API call or a newer client). */
const unknownField = (k: string, t: TableName) => msg(`${k} is not a field of ${schema[t].label.en}`, `${k} não é um campo de ${schema[t].label['pt-BR']}`);
const issue = (table: ValidationIssue['table'], rowId: string, field: string | null, code: ValidationIssue['code'], what: string, text: Msg): ValidationIssue => ({
  table, rowId, field, code,
  message: `${table} row ${JSON.stringify(rowId)}${field === null ? '' : `, field ${JSON.stringify(field)}`}: ${what}`,
  text,
});

export interface WorkbookOptions {
  /**
   * Chunked tables kept without row objects: every read decodes the rows (chunk-table.ts).
   * Less memory, slower reads: for a replica that reads such a table whole once and then a
   * few rows at a time (the engine's hosts: the derivation worker, the server's derived worker).
   */
  rowless?: readonly TableName[];
  /**
   * Rowless tables that keep every chunk's decoded columns instead of the last few: for a
   * reader of rows by id in any order (the page's paged Usage sheet, a page of rows in the
   * sheet's order from all over the table).
   */
  keepDecoded?: readonly TableName[];
}

/** A table's rows in batches of up to SOURCE_BATCH, each dropped once read (a rowless table's cache decodes them as it goes). */
function inBatches(store: TableStore, fn: (rows: readonly Row[]) => void): void {
  let batch: Row[] = [];
  store.cache.forEach((row) => {
    batch.push(row);
    if (batch.length < SOURCE_BATCH) return;
    fn(batch);
    batch = [];
  });
  if (batch.length > 0) fn(batch);
}
const SOURCE_BATCH = 1024;

/** Opens typed, validated access to a workbook doc. One per doc: it listens to every transaction. */
export function openWorkbook(doc: Y.Doc, options: WorkbookOptions = {}): Workbook {
  const origin = { workbook: true };
  const meta = doc.getMap<unknown>(META);
  const settingsMap = doc.getMap<unknown>(SETTINGS);
  const settingsSource: SettingsSource = { get: (k) => plain(settingsMap.get(k)), keys: () => settingsMap.keys() };
  const stores = {} as Record<TableName, TableStore>;
  const rowless = new Set(options.rowless ?? []);
  const keepDecoded = new Set(options.keepDecoded ?? []);
  for (const t of tableNames) stores[t] = chunkedTables.has(t) ? new ChunkTable(t, doc, { rowless: rowless.has(t), keepDecoded: keepDecoded.has(t) }) : new RowTable(t, doc);
  const sharedTypes: Y.AbstractType<any>[] = [settingsMap, ...tableNames.flatMap((t) => stores[t].sharedTypes)];
  const changes = new Emitter<WorkbookChange>();
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
        // Without `before` (it goes to change.before); a cold load's ids stay unlisted until read.
        change.tables[t] = c.before ? { upserted: c.upserted, removed: c.removed } : c;
        if (c.before) (change.before ??= {})[t] = c.before;
        any = true;
      }
    }
    if (tr.changed.has(settingsMap as Y.AbstractType<any>)) {
      resolved = null;
      change.settings = true;
      any = true;
    }
    // After every table's cache is updated: a faulty listener cannot leave it half-updated.
    if (any) changes.emit(change);
  });

  function settings(): Settings {
    return (resolved ??= resolveSettings(settingsSource));
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
    const nested = inTxn(); // later writes of an outer transaction may read these rows
    write(() => s.insert(clean, nested));
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
    if (writes.length) write(() => { for (const [k, v] of writes) s.setCell(id, k, v); });
    return { ok: true, value: undefined };
  }

  function remove(table: TableName, ids: string | string[]): Result {
    if (!isTable(table)) return noTable(table);
    if (tooNew()) return newerSchema(table);
    const list = typeof ids === 'string' ? [ids] : Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : [];
    const s = stores[table];
    const targets = list.filter((id) => readRow(s, id) !== undefined);
    if (targets.length === 0) return { ok: true, value: undefined };
    write(() => s.remove(targets));
    return { ok: true, value: undefined };
  }

  function validateAll(): ValidationIssue[] {
    const out: ValidationIssue[] = [];
    const refs: ValidationContext = { customerIds: stores.customers.cache, contactIds: stores.contacts.cache };
    for (const t of tableNames) {
      for (const p of stores[t].storageIssues()) out.push(issue(t, p.rowId, p.field, p.code, p.what, p.text));
      for (const row of stores[t].cache.values()) for (const e of validateRow(t, row, refs)) out.push(e);
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
    storedCount: (table) => (isTable(table) ? stores[table].size() : 0),
    readSteps: (table) => (isTable(table) ? stores[table].buildSteps() : (function* () {})()),
    scanSteps: (table, visit) => (isTable(table) ? stores[table].scanSteps(visit as (row: Row) => void) : (function* () {})()),
    transact: (fn) => doc.transact(fn, origin),
    snapshot: () => {
      const data = { settings: settings() } as WorkbookData;
      for (const t of tableNames) (data as unknown as Record<string, unknown>)[t] = stores[t].rowsCopy();
      return data;
    },
    source: () => {
      const data = { settings: settings() } as WorkbookSource;
      for (const t of tableNames) {
        const store = stores[t];
        const rows: RowSource<Row> = rowless.has(t) && chunkedTables.has(t) ? { length: store.size(), batches: (fn) => inBatches(store, fn) } : store.rowsCopy();
        (data as unknown as Record<string, unknown>)[t] = rows;
      }
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
      const { set, del } = settingsWrites(patch, settingsSource);
      if (set.length || del.length) write(() => {
        for (const [k, v] of set) settingsMap.set(k, structuredClone(v));
        for (const k of del) settingsMap.delete(k);
      });
      return { ok: true, value: undefined };
    },
    subscribe: (l) => changes.on(l),
    validateAll,
    get schemaVersion() {
      const v = meta.get('schemaVersion');
      return typeof v === 'number' ? v : SCHEMA_VERSION;
    },
  };
  return wb;
}
