// Node y-websocket clients (the stock browser provider over `ws`) for the server tests.
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { WebSocket } from '../../sync-server/ws.js';
export { WebSocket };
import * as decoding from 'lib0/decoding';
import { framesOf } from '../../core/index.js';

/** `ws` sending large messages in parts of `bytes`, as the app's PartedWebSocket does. */
export function partedWebSocket(bytes: number) {
  return class extends WebSocket {
    override send(data: any, ...rest: any[]) {
      if (!(data instanceof Uint8Array)) return super.send(data, ...rest);
      for (const f of framesOf(data, bytes)) super.send(f);
    }
  };
}

export interface Client {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Resolves with the server's close code and reason once it closes the socket. */
  closed: Promise<{ code: number; reason: string }>;
  /** Latest state vector acknowledged by the server (message 100), decoded. */
  acked: () => Map<number, number> | null;
  destroy(): void;
}

export function connect(wsUrl: string, workbookId: string, token: string | null, opts: { doc?: Y.Doc; reconnect?: boolean; partBytes?: number } = {}): Client {
  const doc = opts.doc ?? new Y.Doc();
  const provider = new WebsocketProvider(wsUrl, workbookId, doc, {
    WebSocketPolyfill: (opts.partBytes ? partedWebSocket(opts.partBytes) : WebSocket) as unknown as typeof globalThis.WebSocket,
    params: token === null ? {} : { token },
    disableBc: true,
    maxBackoffTime: 200,
  });
  let acked: Map<number, number> | null = null;
  // Pulso's ack: message type 100 carrying the server's state vector after a durable store.
  provider.messageHandlers[100] = (_enc, dec) => {
    acked = Y.decodeStateVector(decoding.readVarUint8Array(dec));
  };
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    provider.on('connection-close', (ev) => {
      if (ev) resolve({ code: ev.code, reason: String(ev.reason) });
    });
  });
  return {
    doc,
    provider,
    closed,
    acked: () => acked,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

export function synced(c: Client, timeoutMs = 10_000): Promise<void> {
  if (c.provider.synced) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('client did not sync')), timeoutMs);
    c.provider.once('sync', () => { clearTimeout(t); resolve(); });
  });
}

export async function waitFor(pred: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export async function waitForAsync(pred: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await pred())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
