// rowId → the chunk providing it, for the millions of rows of a chunked table (ChunkTable's
// row → chunk index). A Map<string, string> of 10M usage ids cost ~14 s to build in Node 20
// and ~0.5 GB of GC-traced heap; this is one Int32Array probed linearly, two slots per entry
// (the id's hash, and where the id sits in the id list of its chunk), outside the traced
// heap. The ids themselves are not copied: an entry points at its chunk's id list (which the
// table keeps decoded anyway) and is confirmed by comparing the id found there.

/** FNV-1a over the UTF-16 code units (any value: a free slot is marked by its row slot, not its hash). */
function hashOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  return h;
}

const MAX_LOAD = 0.7;
/** Rows are numbered from 1 in an Int32; past this, the numbers of live lists are packed again. */
const ROW_LIMIT = 0x7fffffff;
const MIN_CAPACITY = 16;

export class RowLocator {
  /** [hash, row + 1] per slot; row 0 (`slots[2k + 1] === 0`) is a free slot. */
  private slots: Int32Array;
  private mask: number;
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
    let cap = MIN_CAPACITY;
    while (cap * MAX_LOAD < expected) cap *= 2;
    this.slots = new Int32Array(cap * 2);
    this.mask = cap - 1;
  }

  get size(): number {
    return this.count;
  }

  get(id: string): string | undefined {
    const k = this.find(id, hashOf(id));
    return k < 0 ? undefined : this.keys[this.listAt(this.slots[2 * k + 1] - 1)];
  }

  has(id: string): boolean {
    return this.find(id, hashOf(id)) >= 0;
  }

  /** The chunk providing `id` and where the id sits in that chunk's id list (no scan of the list for it). */
  where(id: string): { key: string; pos: number } | undefined {
    const k = this.find(id, hashOf(id));
    if (k < 0) return undefined;
    const row = this.slots[2 * k + 1] - 1;
    const n = this.listAt(row);
    return { key: this.keys[n], pos: row - this.bases[n] };
  }

  /** Chunk `key`, whose id list is `ids`, provides `id` (at `ids[pos]`). */
  set(id: string, key: string, ids: readonly unknown[], pos: number): void {
    const h = hashOf(id);
    const row = this.rowOf(key, ids) + pos + 1;
    const at = this.find(id, h);
    if (at >= 0) {
      this.slots[2 * at + 1] = row;
      return;
    }
    if ((this.count + 1) > (this.mask + 1) * MAX_LOAD) this.grow();
    let k = h & this.mask;
    while (this.slots[2 * k + 1] !== 0) k = (k + 1) & this.mask;
    this.slots[2 * k] = h;
    this.slots[2 * k + 1] = row;
    this.count++;
  }

  delete(id: string): boolean {
    let k = this.find(id, hashOf(id));
    if (k < 0) return false;
    this.count--;
    // Backward shift: later entries of the run move into the hole when their home allows it.
    const { slots, mask } = this;
    for (let j = (k + 1) & mask; slots[2 * j + 1] !== 0; j = (j + 1) & mask) {
      const home = slots[2 * j] & mask;
      if (((j - home) & mask) >= ((j - k) & mask)) {
        slots[2 * k] = slots[2 * j];
        slots[2 * k + 1] = slots[2 * j + 1];
        k = j;
      }
    }
    slots[2 * k] = 0;
    slots[2 * k + 1] = 0;
    return true;
  }

  /** Chunk `key` is gone and no entry points at it any more: its id list can be dropped. */
  release(key: string): void {
    const n = this.listOf.get(key);
    if (n === undefined) return;
    this.listOf.delete(key);
    this.lists[n] = [];
  }

  /** The slot holding `id`, else −1. */
  private find(id: string, h: number): number {
    const { slots, mask } = this;
    for (let k = h & mask; ; k = (k + 1) & mask) {
      const row = slots[2 * k + 1];
      if (row === 0) return -1;
      if (slots[2 * k] === h) {
        const n = this.listAt(row - 1);
        if (this.lists[n][row - 1 - this.bases[n]] === id) return k;
      }
    }
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
    const { slots, lists, keys, bases } = this;
    const used = new Set(this.listOf.values());
    for (let k = 1; k < slots.length; k += 2) if (slots[k] !== 0) used.add(this.listAt(slots[k] - 1));
    const order = [...used].sort((a, b) => a - b);
    const renumbered = new Map<number, number>();
    const base2: number[] = [];
    let next = 0;
    for (const n of order) {
      renumbered.set(n, base2.length);
      base2.push(next);
      next += Math.max(1, lists[n].length);
    }
    for (let k = 1; k < slots.length; k += 2) {
      if (slots[k] === 0) continue;
      const n = this.listAt(slots[k] - 1);
      slots[k] = base2[renumbered.get(n)!] + (slots[k] - 1 - bases[n]) + 1;
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

  private grow(): void {
    const old = this.slots;
    const cap = (this.mask + 1) * 2;
    this.slots = new Int32Array(cap * 2);
    this.mask = cap - 1;
    for (let k = 0; k < old.length; k += 2) {
      if (old[k + 1] === 0) continue;
      let j = old[k] & this.mask;
      while (this.slots[2 * j + 1] !== 0) j = (j + 1) & this.mask;
      this.slots[2 * j] = old[k];
      this.slots[2 * j + 1] = old[k + 1];
    }
  }
}
