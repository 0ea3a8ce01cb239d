// Which live connection writes with which Yjs client id. Yjs trusts the client id inside an
// update, so without this an editor could write structs under a colleague's id (and a clock
// ahead of it): the server would hold them, then drop the colleague's real edits at those
// clocks while acknowledging them. A client id belongs to the first live connection that
// writes with it, until that connection closes; another connection writing with it is refused.
import * as Y from 'yjs';

/** Owners of ids; `idsOf(c)` is the set on the connection that mirrors what it owns. */
export class ClientIdOwners<C> {
  private owners = new Map<number, C>();
  constructor(private readonly idsOf: (c: C) => Set<number>) {}

  /** The live connection (other than `c`) owning one of the update's writers, if any. */
  conflict(c: C, writers: Iterable<number>): { clientId: number; owner: C } | null {
    for (const id of writers) {
      const owner = this.owners.get(id);
      if (owner && owner !== c) return { clientId: id, owner };
    }
    return null;
  }

  claim(c: C, writers: Iterable<number>) {
    for (const id of writers) {
      if (this.owners.has(id)) continue;
      this.owners.set(id, c);
      this.idsOf(c).add(id);
    }
  }

  release(c: C) {
    const ids = this.idsOf(c);
    for (const id of ids) if (this.owners.get(id) === c) this.owners.delete(id);
    ids.clear();
  }

  ownerOf(id: number): C | undefined {
    return this.owners.get(id);
  }
}

export interface Writes {
  /** Client ids the update adds structs for beyond what the doc has (deletions are not writes;
   *  structs the doc already holds, e.g. a resend, are not either). */
  writers: number[];
  /** True when it starts past the doc's clock for one of them: it cannot apply yet (a gap). */
  gap: boolean;
}

export function writesOf(doc: Y.Doc, update: Uint8Array): Writes {
  const { from, to } = Y.parseUpdateMeta(update);
  const writers: number[] = [];
  let gap = false;
  for (const [client, end] of to) {
    const have = Y.getState(doc.store, client);
    if (end <= have) continue;
    writers.push(client);
    if ((from.get(client) ?? 0) > have) gap = true;
  }
  return { writers, gap };
}

/** Bytes of updates the doc holds back for missing dependencies. */
export function pendingBytes(doc: Y.Doc): number {
  const s = doc.store as unknown as { pendingStructs: { update: Uint8Array } | null; pendingDs: Uint8Array | null };
  return (s.pendingStructs?.update.byteLength ?? 0) + (s.pendingDs?.byteLength ?? 0);
}

/** Forgets the updates held back for missing dependencies (never stored: senders still have them). */
export function dropPending(doc: Y.Doc) {
  const s = doc.store as unknown as { pendingStructs: unknown; pendingDs: unknown };
  s.pendingStructs = null;
  s.pendingDs = null;
}
