// Baseline for bench/server.ts: the least a websocket relay can do — no auth, no Yjs, no
// storage; every binary message goes to the other sockets on the same path. Comparing
// against it shows what our auth, doc and SQLite writes cost.
import { createServer } from 'node:http';
import type { WebSocket } from 'ws';
import { WebSocketServer } from '../sync-server/ws.js';

const rooms = new Map<string, Set<WebSocket>>();
const http = createServer((_req, res) => res.writeHead(404).end());
const wss = new WebSocketServer({ server: http, perMessageDeflate: false });
wss.on('connection', (ws, req) => {
  const room = new URL(req.url ?? '/', 'http://x').pathname;
  let peers = rooms.get(room);
  if (!peers) rooms.set(room, (peers = new Set()));
  peers.add(ws);
  ws.on('message', (data, isBinary) => {
    for (const p of peers) if (p !== ws && p.readyState === p.OPEN) p.send(data, { binary: isBinary });
  });
  ws.on('close', () => peers.delete(ws));
});
http.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const a = http.address();
  console.log(`listening on http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`);
});
process.on('SIGTERM', () => process.exit(0));
