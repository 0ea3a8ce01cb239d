// The browser's WebSocket, sending a message above one part's size in parts
// (core/message-parts.ts). y-websocket writes every message through `send`, so the sync
// step 2 that carries work done offline reaches the server however large it is, in frames
// far below the server's cap (a single frame above it is refused with 1009, and the stock
// client would resend it at every reconnect).
import { framesOf } from '../../core/index.js';

export class PartedWebSocket extends WebSocket {
  override send(data: Parameters<WebSocket['send']>[0]): void {
    if (!(data instanceof Uint8Array)) return super.send(data);
    for (const frame of framesOf(data)) super.send(frame as Uint8Array<ArrayBuffer>);
  }
}
