// The outbox keeps the client within the server's message budget: updates go one by one
// while tokens last, then wait and leave merged. Fake time; expected messages worked out
// by hand; merged updates checked by applying them to a fresh document.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createOutbox } from '../../client/session/outbox.js';

function harness(opts: { perSecond: number; burst: number; maxBytes: number }) {
  const clock = { t: 0, timers: [] as { at: number; fn: () => void }[] };
  const sent: Uint8Array[] = [];
  const box = createOutbox((u) => sent.push(u), {
    ...opts,
    now: () => clock.t,
    schedule: (fn, ms) => clock.timers.push({ at: clock.t + ms, fn }),
  });
  const advance = (ms: number) => {
    const end = clock.t + ms;
    for (;;) {
      clock.timers.sort((a, b) => a.at - b.at);
      const next = clock.timers[0];
      if (!next || next.at > end) break;
      clock.timers.shift();
      clock.t = next.at;
      next.fn();
    }
    clock.t = end;
  };
  /** The page's thread was busy for `ms`: time passes, then the timers due fire (late), one each. */
  const busyFor = (ms: number) => {
    clock.t += ms;
    const due = clock.timers.filter((x) => x.at <= clock.t);
    clock.timers = clock.timers.filter((x) => x.at > clock.t);
    due.forEach((x) => x.fn());
  };
  return { box, sent, advance, busyFor };
}

/** n updates of one document, each setting key k<i>. */
function updates(n: number): { doc: Y.Doc; list: Uint8Array[] } {
  const doc = new Y.Doc();
  const list: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => list.push(u));
  for (let i = 0; i < n; i++) doc.getMap('m').set(`k${i}`, i);
  return { doc, list };
}

describe('createOutbox', () => {
  it('sends each update at once while the burst lasts', () => {
    const { box, sent } = harness({ perSecond: 10, burst: 5, maxBytes: 1 << 20 });
    const { list } = updates(5);
    list.forEach((u) => box.push(u));
    expect(sent).toEqual(list);
    expect(box.waiting()).toBe(0);
  });

  it('past the burst, waits for the refill and sends what waited as one merged update', () => {
    const { box, sent, advance } = harness({ perSecond: 10, burst: 5, maxBytes: 1 << 20 });
    const { doc, list } = updates(25);
    list.forEach((u) => box.push(u));
    // 5 at once (the burst); the other 20 wait for the next token, 100 ms later (10 a second).
    expect(sent.length).toBe(5);
    expect(box.waiting()).toBe(20);
    advance(99);
    expect(sent.length).toBe(5);
    advance(1);
    expect(sent.length).toBe(6);
    expect(box.waiting()).toBe(0);
    const copy = new Y.Doc();
    sent.forEach((u) => Y.applyUpdate(copy, u));
    expect(copy.getMap('m').toJSON()).toEqual(doc.getMap('m').toJSON());
    // 25 updates reached the other side in 6 messages.
    expect(Object.keys(copy.getMap('m').toJSON()).length).toBe(25);
  });

  it('a backlog leaves one message per task, however many tokens are there', () => {
    const { list } = updates(11);
    const size = Math.max(...list.map((u) => u.byteLength));
    const { box, sent, busyFor } = harness({ perSecond: 10, burst: 100, maxBytes: size * 2 });
    // The burst of 100 is spent elsewhere first: 100 updates of another document.
    updates(100).list.forEach((u) => box.push(u));
    expect(sent.length).toBe(100);
    list.forEach((u) => box.push(u));
    expect(box.waiting()).toBe(11);
    // The thread was busy for a second: 10 tokens are there when the timer fires, yet it
    // sends one message (two updates) and leaves the rest to the next timers, due at once.
    busyFor(1000);
    expect(sent.length).toBe(101);
    busyFor(0);
    expect(sent.length).toBe(102);
  });

  it('keeps each merged message under maxBytes (one update alone may be larger)', () => {
    const { list } = updates(12);
    const size = list[1].byteLength;
    const { box, sent, advance } = harness({ perSecond: 10, burst: 1, maxBytes: size * 4 });
    list.forEach((u) => box.push(u));
    expect(sent.length).toBe(1);
    // 11 waiting, at most 4 a message, one message per 100 ms: 4, 4, 3.
    advance(100);
    advance(100);
    advance(100);
    expect(sent.length).toBe(4);
    expect(box.waiting()).toBe(0);
    for (const u of sent.slice(1)) expect(u.byteLength).toBeLessThanOrEqual(size * 4);
    const copy = new Y.Doc();
    sent.forEach((u) => Y.applyUpdate(copy, u));
    expect(Object.keys(copy.getMap('m').toJSON()).length).toBe(12);
  });
});
