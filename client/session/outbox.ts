// Updates on their way to the server, kept within the server's message budget (a token
// bucket per connection: sync-server/limits.ts, 100 messages a second after a burst of
// 1,000). Typing sends each update at once; a burst — an import applied in thousands of
// pieces, a large paste — would spend that budget in seconds and be disconnected
// (close 4003), so above this side's own, smaller budget updates wait and leave merged,
// at most `maxBytes` a message.
import * as Y from 'yjs';

export interface OutboxOptions {
  perSecond: number;
  burst: number;
  maxBytes: number;
  now?: () => number;
  schedule?: (fn: () => void, ms: number) => void;
}

export interface Outbox {
  push(update: Uint8Array): void;
  /** Updates waiting for the budget. */
  waiting(): number;
}

export function createOutbox(send: (update: Uint8Array) => void, o: OutboxOptions): Outbox {
  const now = o.now ?? (() => performance.now());
  const schedule = o.schedule ?? ((fn, ms) => void setTimeout(fn, ms));
  const state = { tokens: o.burst, at: now(), queue: [] as Uint8Array[], scheduled: false };
  const refill = () => {
    const t = now();
    state.tokens = Math.min(o.burst, state.tokens + ((t - state.at) / 1000) * o.perSecond);
    state.at = t;
  };
  // One message per call: merging costs main-thread time by the byte, so a backlog leaves
  // in several tasks of at most `maxBytes` each, never in one long one.
  const flush = () => {
    state.scheduled = false;
    refill();
    if (state.queue.length > 0 && state.tokens >= 1) {
      // As many waiting updates as fit in one message (at least one).
      let n = 0;
      let bytes = 0;
      while (n < state.queue.length && (n === 0 || bytes + state.queue[n].byteLength <= o.maxBytes)) bytes += state.queue[n++].byteLength;
      const batch = state.queue.splice(0, n);
      state.tokens -= 1;
      send(batch.length === 1 ? batch[0] : Y.mergeUpdates(batch));
    }
    if (state.queue.length > 0) {
      state.scheduled = true;
      schedule(flush, Math.max(0, Math.ceil(((1 - state.tokens) / o.perSecond) * 1000)));
    }
  };
  return {
    push(update) {
      state.queue.push(update);
      // At once while the budget lasts and nothing waits: typing is never delayed.
      if (!state.scheduled) flush();
    },
    waiting: () => state.queue.length,
  };
}
