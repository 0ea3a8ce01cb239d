// y-websocket wire format (message type, then payload), plus Pulso's acknowledgement message.
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { MSG, CLOSE } from '../core/index.js';

// Message types and close codes are the wire contract shared with the app (core/wire.ts).
export { CLOSE } from '../core/index.js';
export const MSG_SYNC = MSG.sync;
export const MSG_AWARENESS = MSG.awareness;
export const MSG_AUTH = MSG.auth;
export const MSG_QUERY_AWARENESS = MSG.queryAwareness;
export const MSG_ACK = MSG.ack;

/** A message we refuse; the connection is closed with `code`. */
export class ProtocolError extends Error {
  constructor(message: string, readonly code: number = CLOSE.badMessage) { super(message); }
}

/** Closes with a reason cut to the 123 bytes a close frame allows (ws throws beyond). */
export function closeWith(ws: { close(code: number, reason: string): void }, code: number, reason: string) {
  let r = reason;
  while (Buffer.byteLength(r) > 123) r = r.slice(0, -1);
  ws.close(code, r);
}

export function syncStep1(doc: Y.Doc): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MSG_SYNC);
  syncProtocol.writeSyncStep1(e, doc);
  return encoding.toUint8Array(e);
}

export function syncStep2(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MSG_SYNC);
  encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep2);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

export function updateMessage(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MSG_SYNC);
  syncProtocol.writeUpdate(e, update);
  return encoding.toUint8Array(e);
}

export function awarenessMessage(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MSG_AWARENESS);
  encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
  return encoding.toUint8Array(e);
}

export function ackMessage(doc: Y.Doc): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MSG_ACK);
  encoding.writeVarUint8Array(e, Y.encodeStateVector(doc));
  return encoding.toUint8Array(e);
}
