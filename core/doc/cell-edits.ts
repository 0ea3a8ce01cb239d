// A table's cell edits: the `edits.<table>` Y.Map (layout.ts) and its index by row. Both
// table kinds keep their later cell values here; chunked tables also their tombstones.
import type * as Y from 'yjs';
import { editKey, parseEditKey, tombKey } from './layout.js';
import { plain } from './row.js';

export class CellEdits {
  /** rowId → field → edit value (null = cleared), including orphan edits of deleted rows. */
  readonly byRow = new Map<string, Map<string, unknown>>();
  /** Tombstoned row ids (chunked tables only: a `rows.` table deletes its entry instead). */
  readonly tombs = new Set<string>();

  constructor(readonly map: Y.Map<unknown>, private readonly tombstones: boolean) {
    map.forEach((v, k) => this.index(k, v));
  }

  /** A row's indexed edits (valid outside a transaction); undefined when it has none. */
  of(rowId: string): Map<string, unknown> | undefined {
    return this.byRow.size > 0 ? this.byRow.get(rowId) : undefined;
  }

  /**
   * A row's edits read straight from the Y map: correct inside an unfinished transaction,
   * when the index has not seen its writes yet. `fields`: the fields to look at (the
   * indexed ones are added).
   */
  *direct(rowId: string, fields: Iterable<string>): Iterable<[string, unknown]> {
    for (const f of new Set([...fields, ...(this.byRow.get(rowId)?.keys() ?? [])])) {
      const k = editKey(rowId, f);
      if (this.map.has(k)) yield [f, plain(this.map.get(k))];
    }
  }

  /** Re-reads one key a transaction changed into the index; returns it parsed (null: malformed). */
  refresh(key: string): { rowId: string; field: string } | null {
    if (this.map.has(key)) this.index(key, this.map.get(key));
    else this.unindex(key);
    return parseEditKey(key);
  }

  /** Is the row tombstoned in the Y map (inside a transaction too)? */
  tombstoned(rowId: string): boolean {
    return this.map.has(tombKey(rowId));
  }

  // ---- writes (inside a transaction) -------------------------------------------------------

  set(rowId: string, field: string, value: unknown): void {
    this.map.set(editKey(rowId, field), value);
  }

  /** Deletes every edit of the row (the fields of its table and any other it has an edit of). */
  clear(rowId: string, fields: Iterable<string>): void {
    for (const f of new Set([...fields, ...(this.byRow.get(rowId)?.keys() ?? [])])) {
      const k = editKey(rowId, f);
      if (this.map.has(k)) this.map.delete(k);
    }
  }

  tomb(rowId: string): void {
    this.map.set(tombKey(rowId), true);
  }

  untomb(rowId: string): void {
    this.map.delete(tombKey(rowId));
  }

  private index(key: string, value: unknown): void {
    const p = parseEditKey(key);
    if (!p) return;
    if (p.field === '') {
      if (this.tombstones) this.tombs.add(p.rowId);
      return;
    }
    let m = this.byRow.get(p.rowId);
    if (!m) this.byRow.set(p.rowId, (m = new Map()));
    m.set(p.field, plain(value));
  }

  private unindex(key: string): void {
    const p = parseEditKey(key);
    if (!p) return;
    if (p.field === '') {
      this.tombs.delete(p.rowId);
      return;
    }
    const m = this.byRow.get(p.rowId);
    if (m) {
      m.delete(p.field);
      if (m.size === 0) this.byRow.delete(p.rowId);
    }
  }
}
