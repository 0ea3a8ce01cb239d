// Same-cell conflicts: when this replica's edit of a cell is overwritten by a colleague's
// edit of the same cell made without seeing it (both wrote at about the same moment, or one
// of them was offline), Yjs keeps one of the two — deterministically, on every replica —
// and the other person's value is gone. This watcher tells that person.
//
// How it knows, without clocks: it remembers the Yjs item of each cell this replica wrote
// (the last few hundred). A remote change of that cell is a conflict when the value now
// shown is another item that did not build on ours: every Y.Map write records the item it
// replaced (`origin`), so following those links from the winning item back either meets
// our item (the colleague saw our value and changed it: an ordinary later edit, no notice)
// or not (they wrote concurrently and won the merge: a conflict).
import * as Y from 'yjs';
import { tableNames, type TableName } from '../schema.js';
import type { Workbook } from './workbook.js';
import { editsName, parseEditKey } from './layout.js';

export interface CellConflict {
  table: TableName;
  rowId: string;
  field: string;
  /** The value this replica wrote, lost in the merge. */
  mine: unknown;
  /** The value that won, now in the cell on every replica. */
  theirs: unknown;
  /** The Yjs client id of the replica whose write won (awareness knows its person). */
  by: number;
}

interface Written { id: Y.ID; value: unknown }

const plain = (v: unknown): unknown => (v instanceof Y.AbstractType ? v.toJSON() : v);
const same = (a: unknown, b: unknown) => Object.is(a, b) || JSON.stringify(a) === JSON.stringify(b);
const contains = (item: Y.AbstractStruct, id: Y.ID) => item.id.client === id.client && item.id.clock <= id.clock && id.clock < item.id.clock + item.length;

/** Did `item` build on the write `mine` (is `mine` among the values it replaced, directly or through later writes)? */
function buildsOn(store: Y.Doc['store'], item: Y.Item, mine: Y.ID): boolean {
  let origin = item.origin;
  for (let steps = 0; origin && steps < 10_000; steps++) {
    if (origin.client === mine.client && origin.clock === mine.clock) return true;
    let prev: Y.AbstractStruct;
    try {
      prev = Y.getItem(store, origin);
    } catch {
      return false;
    }
    if (contains(prev, mine)) return true;
    if (!(prev instanceof Y.Item)) return false;
    origin = prev.origin;
  }
  return false;
}

/** Watches this replica's cell edits and reports the ones a concurrent remote edit overwrote. Returns the stop function. */
export function watchCellConflicts(wb: Workbook, onConflict: (c: CellConflict) => void, opts: { remember?: number } = {}): () => void {
  const remember = opts.remember ?? 500;
  const written = new Map<string, Written>();
  const offs: (() => void)[] = [];
  for (const table of tableNames) {
    const map = wb.doc.getMap<unknown>(editsName(table));
    const observer = (e: Y.YMapEvent<unknown>) => {
      const tr = e.transaction;
      for (const key of e.keysChanged) {
        const cell = parseEditKey(key);
        if (!cell || cell.field === '') continue; // a chunked row's tombstone
        const k = `${table}\x1f${key}`;
        const item = map._map.get(key);
        const live = item && !item.deleted ? item : undefined;
        if (tr.local) {
          // This person's edit (not an undo, not a load): remembered; a cleared key (row deleted) forgotten.
          if (tr.origin !== wb.origin) continue;
          written.delete(k);
          if (!live) continue;
          written.set(k, { id: live.id, value: plain(map.get(key)) });
          if (written.size > remember) written.delete(written.keys().next().value!);
          continue;
        }
        const mine = written.get(k);
        if (!mine || !live) continue;
        if (Y.compareIDs(live.id, mine.id)) continue; // ours still holds (the remote write lost)
        written.delete(k);
        if (buildsOn(wb.doc.store, live, mine.id)) continue; // an ordinary later edit
        const theirs = plain(map.get(key));
        if (same(theirs, mine.value)) continue; // both wrote the same value
        onConflict({ table, rowId: cell.rowId, field: cell.field, mine: mine.value, theirs, by: live.id.client });
      }
    };
    map.observe(observer);
    offs.push(() => map.unobserve(observer));
  }
  return () => {
    for (const off of offs) off();
  };
}
