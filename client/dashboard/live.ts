// Coalesced dashboard requests. A burst of edits (a colleague pasting 500 rows, or typing)
// must not queue 500 worker round-trips: at most one request is in flight, and whatever
// was asked meanwhile collapses into one follow-up with the latest arguments. A result is
// shown unless a request for a different view (other filter or date) is waiting: under a
// stream of edits the cards keep updating instead of waiting for a quiet moment.

export interface Coalescer<A> {
  /** Ask for a fresh result with these arguments. */
  request(args: A): void;
  dispose(): void;
}

export function coalesce<A, R>(
  fetch: (args: A) => Promise<R>,
  onResult: (r: R, args: A) => void,
  onError: (e: unknown) => void,
  sameView: (a: A, b: A) => boolean = () => false,
): Coalescer<A> {
  let inFlight = false;
  let pending: { args: A } | null = null;
  let disposed = false;

  const run = (args: A) => {
    inFlight = true;
    fetch(args).then(
      (r) => { if (!disposed && (!pending || sameView(args, pending.args))) onResult(r, args); },
      (e) => { if (!disposed && !pending) onError(e); },
    ).finally(() => {
      inFlight = false;
      if (disposed || !pending) return;
      const next = pending;
      pending = null;
      run(next.args);
    });
  };

  return {
    request(args) {
      if (disposed) return;
      if (inFlight) pending = { args };
      else run(args);
    },
    dispose() { disposed = true; pending = null; },
  };
}
