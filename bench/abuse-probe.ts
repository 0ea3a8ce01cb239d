// The honest pair of the abuse benchmark, in its own process so the attackers' work in the
// bench process does not delay it: an editor in workbook B edits every 50 ms and a colleague
// times each edit's arrival. Prints one round trip (ms) per line. Usage: abuse-probe.ts PORT
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import type { WebSocket as WsSocket } from 'ws';
import { WebSocket } from '../sync-server/ws.js';
import { signToken } from '../sync-server/tokens.js';
import { MSG } from '../core/index.js';

const SECRET = 'bench-secret-bench-secret-bench-secret';
const port = Number(process.argv[2]);

async function socket(role: 'editor' | 'viewer'): Promise<WsSocket> {
  const t = await signToken(SECRET, 'B', role, `probe-${role}`, '1h');
  const ws = new WebSocket(`ws://127.0.0.1:${port}/sync/B?token=${t}`, { perMessageDeflate: false }) as unknown as WsSocket;
  await new Promise<void>((res, rej) => { ws.once('open', () => res()); ws.once('error', rej); });
  return ws;
}

const editor = await socket('editor');
const viewer = await socket('viewer');
const doc = new Y.Doc();
const seen = new Map<string, (t: number) => void>();
viewer.on('message', (data: Buffer) => {
  const m = /probe-(\d+)/.exec(data.toString('latin1'));
  if (m) seen.get(m[1])?.(performance.now());
});
for (let n = 0; ; n++) {
  const id = String(n);
  const got = new Promise<number>((res) => seen.set(id, res));
  const before = Y.encodeStateVector(doc);
  doc.getMap('m').set('k', `probe-${id}`);
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MSG.sync);
  encoding.writeVarUint(e, 2);
  encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(doc, before));
  const t0 = performance.now();
  editor.send(encoding.toUint8Array(e));
  const t1 = await Promise.race([got, new Promise<number>((r) => setTimeout(() => r(NaN), 20_000))]);
  seen.delete(id);
  process.stdout.write(`${Number.isNaN(t1) ? 20_000 : round(t1 - t0)}\n`);
  await new Promise((r) => setTimeout(r, 50));
}
function round(x: number) { return Math.round(x * 100) / 100; }
