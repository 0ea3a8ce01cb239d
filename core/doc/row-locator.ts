// rowId → the chunk providing it, for the millions of rows of a chunked table (ChunkTable's
// row → chunk index). A Map<string, string> of 10M usage ids cost ~14 s to build in Node 20
// and ~0.5 GB of GC-traced heap; this is an open-addressed table probed linearly, outside
// the traced heap: per slot, where the id sits in the id list of its chunk (Int32) and 8 bits
// of the id's hash (so a probe past another id seldom compares strings). The ids themselves
// are not copied: an entry points at its chunk's id list (which the table keeps decoded
// anyway) and is confirmed by comparing the id found there; the full hash, needed only to
// move entries (growth, deletion), is computed again from that id. Five bytes a slot and a
// capacity sized to the rows, not to a power of two: 8.3 MB for a million rows, where the
// (hash, row) pairs in a power-of-two table took 16.8 MB (docs/data-layout.md).

/** FNV-1a over the UTF-16 code units, as an unsigned 32-bit number. */
function hashOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Load a table is sized for, and the load past which it doubles (linear probing stays short below it). */
const SIZED_LOAD = 0.6;
const MAX_LOAD = 0.8;
/** Rows are numbered from 1 in an Int32; past this, the numbers of live lists are packed again. */
const ROW_LIMIT = 0x7fffffff;
const MIN_CAPACITY = 16;

const tagOf = (h: number) => h >>> 24;

export class RowLocator {
  /** Per slot, the row + 1; 0 is a free slot. */
  private rows: Int32Array;
  /** Per slot, the top 8 bits of its id's hash. */
  private tags: Uint8Array;
  private cap: number;
  private count = 0;
  /** Registered id lists: `lists[n]` holds rows bases[n] .. bases[n] + its length − 1. */
  private readonly lists: (readonly unknown[])[] = [];
  private readonly keys: string[] = [];
  private readonly bases: number[] = [];
  private nextRow = 0;
  /** chunk key → its latest list's number. */
  private readonly listOf = new Map<string, number>();

  /** `rowLimit`: where rows are renumbered (tests set it low). */
  constructor(expected = 0, private readonly rowLimit = ROW_LIMIT) {
    this.cap = Math.max(MIN_CAPACITY, Math.ceil(expected / SIZED_LOAD));
    this.rows = new Int32Array(this.cap);
    this.tags = new Uint8Array(this.cap);
  }

  get size(): number {
    return this.count;
  }

  get(id: string): string | undefined {
    const k = this.find(id, hashOf(id));
    return k < 0 ? undefined : this.keys[this.listAt(this.rows[k] - 1)];
  }

  has(id: string): boolean {
    return this.find(id, hashOf(id)) >= 0;
  }

  /** The chunk providing `id` and where the id sits in that chunk's id list (no scan of the list for it). */
  where(id: string): { key: string; pos: number } | undefined {
    const k = this.find(id, hashOf(id));
    if (k < 0) return undefined;
    const row = this.rows[k] - 1;
    const n = this.listAt(row);
    return { key: this.keys[n], pos: row - this.bases[n] };
  }

  /** Chunk `key`, whose id list is `ids`, provides `id` (at `ids[pos]`). */
  set(id: string, key: string, ids: readonly unknown[], pos: number): void {
    const h = hashOf(id);
    const row = this.rowOf(key, ids) + pos + 1;
    const at = this.find(id, h);
    if (at >= 0) {
      this.rows[at] = row;
      return;
    }
    if (this.count + 1 > this.cap * MAX_LOAD) this.grow();
    this.put(h, row);
    this.count++;
  }

  delete(id: string): boolean {
    let k = this.find(id, hashOf(id));
    if (k < 0) return false;
    this.count--;
    // Backward shift: later entries of the run move into the hole when their home allows it.
    const { rows, tags, cap } = this;
    const behind = (a: number, b: number) => (a - b + cap) % cap; // probe steps from b forward to a
    for (let j = this.next(k); rows[j] !== 0; j = this.next(j)) {
      const home = this.homeOf(hashOf(this.idAt(rows[j] - 1)));
      if (behind(j, home) >= behind(j, k)) {
        rows[k] = rows[j];
        tags[k] = tags[j];
        k = j;
      }
    }
    rows[k] = 0;
    tags[k] = 0;
    return true;
  }

  /** Chunk `key` is gone and no entry points at it any more: its id list can be dropped. */
  release(key: string): void {
    const n = this.listOf.get(key);
    if (n === undefined) return;
    this.listOf.delete(key);
    this.lists[n] = [];
  }

  /** The slot holding `id`, else −1 ('' is no row's id: entries read as '' are never found). */
  private find(id: string, h: number): number {
    if (id === '') return -1;
    const { rows, tags } = this;
    const tag = tagOf(h);
    for (let k = this.homeOf(h); ; k = this.next(k)) {
      const row = rows[k];
      if (row === 0) return -1;
      if (tags[k] === tag && this.idAt(row - 1) === id) return k;
    }
  }

  /** Puts a new entry in the first free slot of its run. */
  private put(h: number, row: number): void {
    let k = this.homeOf(h);
    while (this.rows[k] !== 0) k = this.next(k);
    this.rows[k] = row;
    this.tags[k] = tagOf(h);
  }

  private homeOf(h: number): number {
    return h % this.cap;
  }

  private next(k: number): number {
    return k + 1 === this.cap ? 0 : k + 1;
  }

  /** The id at `row`. Entries point only at the ids they were set with; were a list dropped
   *  too early, its entries would read '' (an id no chunk table holds) instead of throwing. */
  private idAt(row: number): string {
    const n = this.listAt(row);
    const id = this.lists[n][row - this.bases[n]];
    return typeof id === 'string' ? id : '';
  }

  /** The first row of chunk `key`'s list `ids`, registering the list when it is new. */
  private rowOf(key: string, ids: readonly unknown[]): number {
    const n = this.listOf.get(key);
    if (n !== undefined && this.lists[n] === ids) return this.bases[n];
    if (this.nextRow + ids.length >= this.rowLimit) this.compact();
    this.listOf.set(key, this.lists.length);
    this.lists.push(ids);
    this.keys.push(key);
    this.bases.push(this.nextRow);
    this.nextRow += Math.max(1, ids.length);
    return this.nextRow - Math.max(1, ids.length);
  }

  /** The list holding `row`: the last base ≤ row (bases ascend). */
  private listAt(row: number): number {
    const { bases } = this;
    let lo = 0;
    let hi = bases.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (bases[mid] <= row) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Renumbers the lists still in use (chunks replaced many times leave gaps in the row numbers). */
  private compact(): void {
    const { rows, lists, keys, bases } = this;
    const used = new Set(this.listOf.values());
    for (let k = 0; k < rows.length; k++) if (rows[k] !== 0) used.add(this.listAt(rows[k] - 1));
    const order = [...used].sort((a, b) => a - b);
    const renumbered = new Map<number, number>();
    const base2: number[] = [];
    let next = 0;
    for (const n of order) {
      renumbered.set(n, base2.length);
      base2.push(next);
      next += Math.max(1, lists[n].length);
    }
    for (let k = 0; k < rows.length; k++) {
      if (rows[k] === 0) continue;
      const n = this.listAt(rows[k] - 1);
      rows[k] = base2[renumbered.get(n)!] + (rows[k] - 1 - bases[n]) + 1;
    }
    const lists2 = order.map((n) => lists[n]);
    const keys2 = order.map((n) => keys[n]);
    lists.length = keys.length = bases.length = 0;
    for (let i = 0; i < order.length; i++) {
      lists.push(lists2[i]);
      keys.push(keys2[i]);
      bases.push(base2[i]);
    }
    for (const [key, n] of this.listOf) this.listOf.set(key, renumbered.get(n)!);
    this.nextRow = next;
  }

  /** Doubles the table; every entry's home is hashed again from its id. */
  private grow(): void {
    const old = this.rows;
    this.cap *= 2;
    this.rows = new Int32Array(this.cap);
    this.tags = new Uint8Array(this.cap);
    for (let k = 0; k < old.length; k++) if (old[k] !== 0) this.put(hashOf(this.idAt(old[k] - 1)), old[k]);
  }
}
