// A message larger than the server's frame cap, sent as consecutive parts and put back
// together by the server. The one such message in practice is the sync step 2 a client
// answers with after working offline: everything the server lacks, in one Yjs update that
// cannot be cut at arbitrary bytes (an update split by bytes is not an update). Parts keep
// every frame small and let the server cap the whole separately (sync-server/limits.ts).
//
// Part: [MSG.part][byte length of the whole message][piece]. Every part repeats the length;
// the parts of one message follow each other with no other message in between.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MSG } from './wire.js';

/** Size of one part's piece: far below the server's editor frame cap (16 MiB). */
export const PART_BYTES = 1024 * 1024;

/** The frames that carry `message`: itself when it fits in one part, else its parts. */
export function framesOf(message: Uint8Array, partBytes = PART_BYTES): Uint8Array[] {
  if (message.byteLength <= partBytes) return [message];
  const frames: Uint8Array[] = [];
  for (let at = 0; at < message.byteLength; at += partBytes) {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MSG.part);
    encoding.writeVarUint(e, message.byteLength);
    encoding.writeVarUint8Array(e, message.subarray(at, at + partBytes));
    frames.push(encoding.toUint8Array(e));
  }
  return frames;
}

/** A part that breaks the rules; `tooLarge` when the whole would exceed the receiver's cap. */
export class PartError extends Error {
  constructor(message: string, readonly tooLarge = false) { super(message); }
}

/** One connection's message being put back together from its parts. */
export class PartAssembly {
  private pieces: Uint8Array[] = [];
  private expected = 0;
  private received = 0;

  constructor(private readonly maxBytes: number) {}

  /** True while a message has some but not all of its parts. */
  get active(): boolean {
    return this.expected > 0;
  }

  /** Byte length of the message being put together (0 when none is). */
  get expectedBytes(): number {
    return this.expected;
  }

  /**
   * Takes one part (the frame, type included). Returns the whole message once its last part
   * is in, else null. Throws PartError on a part that breaks the rules.
   */
  add(frame: Uint8Array): Uint8Array | null {
    const d = decoding.createDecoder(frame);
    if (decoding.readVarUint(d) !== MSG.part) throw new PartError('not a part');
    const total = decoding.readVarUint(d);
    const piece = decoding.readVarUint8Array(d);
    if (d.pos !== frame.byteLength) throw new PartError('bytes after the part');
    if (this.expected === 0) {
      if (total > this.maxBytes) throw new PartError(`a message of ${total} bytes, above the ${this.maxBytes} accepted`, true);
      this.expected = total;
    } else if (total !== this.expected) {
      throw new PartError('a part of another message before the last one ended');
    }
    if (piece.byteLength === 0 || this.received + piece.byteLength > this.expected) throw new PartError('parts longer than their message');
    this.pieces.push(piece);
    this.received += piece.byteLength;
    if (this.received < this.expected) return null;
    const whole = new Uint8Array(this.expected);
    let at = 0;
    for (const p of this.pieces) {
      whole.set(p, at);
      at += p.byteLength;
    }
    this.pieces = [];
    this.expected = this.received = 0;
    if (whole[0] === MSG.part) throw new PartError('a part inside a part');
    return whole;
  }
}
