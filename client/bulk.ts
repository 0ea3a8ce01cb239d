// A bulk write in progress (an import being applied, then its dialog still open over the
// page). The views behind the modal dialog hold their repaints — no dashboard mounted on
// the first imported customer, no grid transaction per piece — and catch up once when it
// ends: the import's slices stay within their time budget instead of paying for views
// nobody can see yet.
import { createSignal, type Accessor } from 'solid-js';

export interface BulkWrite {
  active: Accessor<boolean>;
  /** Starts a bulk write; the returned function ends it (once). */
  begin(): () => void;
  /** Called each time a bulk write starts while none was open. */
  onBegin(cb: () => void): () => void;
  /** Called each time the last open bulk write ends. */
  onEnd(cb: () => void): () => void;
}

export function createBulkWrite(): BulkWrite {
  const [active, setActive] = createSignal(false);
  const begins = new Set<() => void>();
  const ends = new Set<() => void>();
  let open = 0;
  return {
    active,
    begin() {
      if (open++ === 0) {
        setActive(true);
        for (const cb of [...begins]) cb();
      }
      let done = false;
      return () => {
        if (done) return;
        done = true;
        if (--open > 0) return;
        setActive(false);
        for (const cb of [...ends]) cb();
      };
    },
    onBegin(cb) {
      begins.add(cb);
      return () => begins.delete(cb);
    },
    onEnd(cb) {
      ends.add(cb);
      return () => ends.delete(cb);
    },
  };
}
