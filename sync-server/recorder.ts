// Turns every applied update into history entries people can read: who (the origin's name:
// a link's person or an API key's name), when, and each changed row's fields with old and
// new values, read through core's document layer (never raw Yjs). Also keeps the day's
// automatic version: the workbook's state after the day's last change.
import * as Y from 'yjs';
import { openWorkbook, tableNames, type Workbook, type WorkbookChange } from '../core/index.js';
import type { HistoryStore, HistoryEntry, FieldChange } from './store/history.js';
import type { VersionStore } from './store/versions.js';
import type { Log } from './log.js';

/** Above this many inserted rows in one table and one update, one summary entry (an import). */
export const BULK_INSERT_ROWS = 500;
/** Changed or deleted rows recorded one by one per table and update (a deleted row keeps every
 * old value, so it can be restored); beyond this a `bulk` entry counts the rest. */
export const MAX_ROWS_PER_UPDATE = 5000;

/** What an update's origin says about its author: a connection, an API key, a restore. */
export interface Author { name: string; note?: string }
export const authorOf = (origin: unknown): Author | null => {
  if (origin === null || typeof origin !== 'object') return null;
  const o = origin as { name?: unknown; note?: unknown };
  if (typeof o.name !== 'string') return null;
  return { name: o.name || '?', ...(typeof o.note === 'string' ? { note: o.note } : {}) };
};

type Row = Readonly<Record<string, unknown>>;
const same = (a: unknown, b: unknown) => Object.is(a, b) || JSON.stringify(a) === JSON.stringify(b);
const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function fieldChanges(before: Row | undefined, after: Row | undefined): FieldChange[] {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  keys.delete('id');
  const out: FieldChange[] = [];
  for (const k of keys) {
    const o = before?.[k] ?? null;
    const n = after?.[k] ?? null;
    if (!same(o, n)) out.push({ field: k, old: o, new: n });
  }
  return out;
}

export interface RecorderOptions {
  workbookId: string;
  history: HistoryStore;
  versions: VersionStore;
  log: Log;
  /** How long after the last change the day's automatic version is written. */
  dailyFlushMs?: number;
  now?: () => number;
}

export interface Recorder { readonly workbook: Workbook; flush(): void; dispose(): void }

/** Starts recording a room's doc (after its stored state is loaded). */
export function recordHistory(doc: Y.Doc, o: RecorderOptions): Recorder {
  const wb = openWorkbook(doc);
  // `before` rows exist only for tables whose row cache is built: build them all now.
  for (const t of tableNames) wb.count(t);
  let settings = JSON.stringify(wb.settings());
  const now = o.now ?? Date.now;
  let dirtyDay: string | null = null;
  let timer: NodeJS.Timeout | undefined;

  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (!dirtyDay) return;
    const day = dirtyDay;
    dirtyDay = null;
    o.versions.saveDaily({ workbookId: o.workbookId, day, data: Y.encodeStateAsUpdate(doc) })
      .catch((e) => o.log('error', `workbook ${o.workbookId}: daily version not saved: ${(e as Error).message}`));
  };

  const onChange = (change: WorkbookChange) => {
    const author = authorOf(change.origin);
    if (!author) return; // loading from storage: nobody changed anything
    const at = now();
    const entries: Omit<HistoryEntry, 'id'>[] = [];
    const base = { workbookId: o.workbookId, at, by: author.name, ...(author.note ? { note: author.note } : {}) };
    for (const t of tableNames) {
      const c = change.tables[t];
      if (!c) continue;
      const before = change.before?.[t];
      const inserted = c.upserted.filter((id) => !before?.get(id));
      if (inserted.length > BULK_INSERT_ROWS) entries.push({ ...base, table: t, row: '*', kind: 'bulk', changes: [], count: inserted.length });
      let rows = 0;
      for (const id of c.upserted) {
        const old = before?.get(id);
        if (!old && inserted.length > BULK_INSERT_ROWS) continue;
        // A hostile or huge update must not turn into millions of entries.
        if (++rows > MAX_ROWS_PER_UPDATE) {
          entries.push({ ...base, table: t, row: '*', kind: 'bulk', changes: [], count: c.upserted.length - inserted.length });
          break;
        }
        const changes = fieldChanges(old, wb.get(t, id) as Row | undefined);
        if (changes.length) entries.push({ ...base, table: t, row: id, kind: old ? 'update' : 'insert', changes });
      }
      if (c.removed.length > MAX_ROWS_PER_UPDATE) entries.push({ ...base, table: t, row: '*', kind: 'bulk', changes: [], count: -c.removed.length });
      for (const id of c.removed.slice(0, MAX_ROWS_PER_UPDATE)) entries.push({ ...base, table: t, row: id, kind: 'remove', changes: fieldChanges(before?.get(id), undefined) });
    }
    if (change.settings) {
      const next = JSON.stringify(wb.settings());
      const prev = JSON.parse(settings) as Row;
      settings = next;
      const changes = fieldChanges(prev, JSON.parse(next) as Row);
      if (changes.length) entries.push({ ...base, table: 'settings', row: 'settings', kind: 'settings', changes });
    }
    if (!entries.length) return;
    o.history.append(entries).catch((e) => o.log('error', `workbook ${o.workbookId}: history not stored: ${(e as Error).message}`));
    dirtyDay = utcDay(at);
    if (!timer) {
      timer = setTimeout(flush, o.dailyFlushMs ?? 60_000);
      timer.unref();
    }
  };

  const unsubscribe = wb.subscribe(onChange);
  const dispose = () => {
    flush();
    unsubscribe();
  };
  doc.once('destroy', dispose);
  return { workbook: wb, flush, dispose };
}
