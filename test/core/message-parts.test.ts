// Messages above the frame cap travel in parts and come back byte for byte; parts that
// break the rules (too large a whole, another message's part, trailing bytes) are refused.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as encoding from 'lib0/encoding';
import { framesOf, MSG, PartAssembly, PartError } from '../../core/index.js';

const part = (total: number, piece: Uint8Array, type: number = MSG.part) => {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, type);
  encoding.writeVarUint(e, total);
  encoding.writeVarUint8Array(e, piece);
  return encoding.toUint8Array(e);
};

describe('message parts', () => {
  it('a message that fits in one part is sent as it is', () => {
    const m = new Uint8Array([0, 1, 2, 3]);
    expect(framesOf(m, 4)).toEqual([m]);
  });

  it('any message cut at any part size is put back byte for byte, message after message', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ minLength: 1, maxLength: 3000 }), { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 700 }), (messages, size) => {
        const assembly = new PartAssembly(3000);
        for (const m of messages) {
          const frames = framesOf(m, size);
          expect(frames.length).toBe(m.byteLength <= size ? 1 : Math.ceil(m.byteLength / size));
          if (frames.length === 1) continue;
          const out = frames.map((f) => assembly.add(f));
          expect(out.slice(0, -1).every((o) => o === null)).toBe(true);
          expect(assembly.active).toBe(false);
          expect(out.at(-1)).toEqual(m);
        }
      }),
      { seed: 20261130, numRuns: 200 },
    );
  });

  it('a whole above the cap is refused at its first part, as too large', () => {
    const a = new PartAssembly(100);
    const e = (() => { try { a.add(part(101, new Uint8Array(10))); } catch (x) { return x; } })();
    expect(e).toBeInstanceOf(PartError);
    expect((e as PartError).tooLarge).toBe(true);
  });

  it('refuses parts longer than their message, a part of another message, trailing bytes, a part inside a part', () => {
    expect(() => new PartAssembly(100).add(part(5, new Uint8Array(6)))).toThrow(/longer than their message/);
    const a = new PartAssembly(100);
    expect(a.add(part(20, new Uint8Array(10)))).toBeNull();
    expect(() => a.add(part(30, new Uint8Array(10)))).toThrow(/another message/);
    const withTail = new Uint8Array([...part(20, new Uint8Array(10)), 7]);
    expect(() => new PartAssembly(100).add(withTail)).toThrow(/bytes after/);
    const inner = part(4, new Uint8Array(4));
    const b = new PartAssembly(100);
    expect(b.add(part(inner.byteLength, inner.subarray(0, 3)))).toBeNull();
    expect(() => b.add(part(inner.byteLength, inner.subarray(3)))).toThrow(/inside a part/);
    expect(() => new PartAssembly(100).add(part(0, new Uint8Array(0)))).toThrow(PartError);
  });
});
