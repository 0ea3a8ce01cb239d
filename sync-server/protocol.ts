// y-websocket wire format (message type, then payload), plus Pulso's acknowledgement message.
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';

export const MSG_SYNC = 0;
export const MSG_AWARENESS = 1;
export const MSG_AUTH = 2;
export const MSG_QUERY_AWARENESS = 3;
/** Server → client: "everything up to this state vector is durably stored". */
export const MSG_ACK = 100;

/** Close codes (documented in docs/sync-server.md). */
export const CLOSE = {
  goingAway: 1001, // server shutting down: the client reconnects
  tooBig: 1009, // message above the size limit (sent by ws itself)
  internal: 1011, // storage failed: the client reconnects and resends
  badMessage: 4400, // malformed, truncated or unknown message: a client bug, do not retry
  unauthenticated: 4401,
  forbidden: 4403,
  // The workbook's stored state fails its checksum or cannot be decoded: not served until an
  // operator restores it. 4500–4599 is y-websocket's "try again later": clients back off and retry.
  storageDamaged: 4500,
} as const;

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
