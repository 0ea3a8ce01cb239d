// One connection's intake of messages sent in parts (core/message-parts.ts): frames that are
// not parts pass through; parts are put back together within the connection's cap, and every
// whole being put together holds its announced size against one server-wide budget, from
// its first part to its last (or the connection's close), so many peers announcing large
// messages at once cannot hold more memory between them than the budget.
import { CLOSE, MSG, PartAssembly, PartError, REFUSAL } from '../core/index.js';
import { ProtocolError } from './protocol.js';

/** Bytes announced by the messages being put together on every connection of the server. */
export class AssemblyBudget {
  held = 0;
  constructor(readonly limit: number) {}
}

export class PartIntake {
  private readonly parts: PartAssembly;
  /** This connection's share of the budget. */
  private holding = 0;

  constructor(maxBytes: number, private readonly budget: AssemblyBudget) {
    this.parts = new PartAssembly(maxBytes);
  }

  /** The message a frame completes (itself, when not a part), or null while parts are missing. Throws ProtocolError. */
  take(frame: Uint8Array): Uint8Array | null {
    if (frame[0] !== MSG.part) {
      if (this.parts.active) throw new ProtocolError('a message in the middle of another sent in parts');
      return frame;
    }
    const starting = !this.parts.active;
    let message: Uint8Array | null;
    try {
      message = this.parts.add(frame);
    } catch (e) {
      if (!(e instanceof PartError)) throw e;
      throw e.tooLarge ? new ProtocolError(`${REFUSAL.tooLarge}: ${e.message}`, CLOSE.tooLarge) : new ProtocolError(e.message);
    }
    if (starting && this.parts.active) {
      if (this.budget.held + this.parts.expectedBytes > this.budget.limit) {
        throw new ProtocolError(`messages in parts above ${this.budget.limit} bytes server-wide; try again later`, CLOSE.rateLimited);
      }
      this.holding = this.parts.expectedBytes;
      this.budget.held += this.holding;
    }
    if (message) this.release();
    return message;
  }

  /** Gives the connection's share back (its message is whole, or it closed). */
  release(): void {
    this.budget.held -= this.holding;
    this.holding = 0;
  }
}
