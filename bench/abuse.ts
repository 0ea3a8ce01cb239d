// Abuse benchmark: while each attack of docs/sync-server.md's threat model runs against
// workbook A (or the server), an honest editor in an unrelated workbook B keeps editing and
// a colleague in B times each edit's round trip; the server's RSS is sampled meanwhile.
// The server runs in a child process (`npm start`'s entry point) with its default limits,
// except the per-address connection cap raised for the 2,000-connection run (all the
// bench's sockets come from 127.0.0.1).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect as tcpConnect } from 'node:net';
import { randomBytes } from 'node:crypto';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import type { WebSocket as WsSocket } from 'ws';
import { WebSocket } from '../sync-server/ws.js';
import { signToken } from '../sync-server/tokens.js';
import { DEFAULT_LIMITS } from '../sync-server/limits.js';
import { DEFAULT_MAX_MESSAGE_BYTES } from '../sync-server/config.js';
import { MSG, framesOf } from '../core/index.js';
import { median, p99, round, type Row, type Section } from './stats.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SECRET = 'bench-secret-bench-secret-bench-secret';
const RUN_MS = 5000;

interface Child { proc: ChildProcess; port: number; stop(): Promise<void> }

async function startServer(env: NodeJS.ProcessEnv): Promise<Child> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pulso-abuse-'));
  const proc = spawn(process.execPath, ['--max-old-space-size=4096', '--import', 'tsx', join(root, 'sync-server/main.ts')], {
    cwd: root,
    env: { ...process.env, ...env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, SYNC_SECRET: SECRET, BUILD_CLIENT: 'never', GRACE_MS: '2000' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  proc.stderr!.on('data', (b) => { err += b; if (err.length > 1e6) err = err.slice(-1e5); });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (b) => {
      out += b;
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    proc.once('exit', (c) => reject(new Error(`server exited (${c}): ${err}`)));
  });
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  return { proc, port, stop: async () => { proc.kill('SIGTERM'); await exited; rmSync(dataDir, { recursive: true, force: true }); } };
}

const rssMB = (pid: number) => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
};

async function socket(port: number, workbook: string, role: 'editor' | 'viewer', token?: string): Promise<WsSocket> {
  const t = token ?? await signToken(SECRET, workbook, role, `${role}-${workbook}`, '1h');
  const ws = new WebSocket(`ws://127.0.0.1:${port}/sync/${workbook}?token=${t}`, { perMessageDeflate: false }) as unknown as WsSocket;
  ws.on('error', () => {});
  await new Promise<void>((res) => { ws.once('open', () => res()); ws.once('close', () => res()); });
  return ws;
}

const frame = (type: number, write: (e: encoding.Encoder) => void) => {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, type);
  write(e);
  return encoding.toUint8Array(e);
};
const updateFrame = (u: Uint8Array) => frame(MSG.sync, (e) => { encoding.writeVarUint(e, 2); encoding.writeVarUint8Array(e, u); });

/** Workbook B's honest pair, in a child process (bench/abuse-probe.ts): round trips as they come. */
function probe(port: number) {
  const proc = spawn(process.execPath, ['--import', 'tsx', join(root, 'bench/abuse-probe.ts'), String(port)], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const samples: number[] = [];
  let buf = '';
  proc.stdout!.on('data', (b) => {
    buf += b;
    const lines = buf.split('\n');
    buf = lines.pop()!;
    for (const l of lines) if (l) samples.push(Number(l));
  });
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  return {
    take() { return samples.splice(0); },
    async stop() { proc.kill('SIGTERM'); await exited; },
  };
}

interface Abuse {
  name: string;
  caps: string;
  /** Work done before the measured window (building payloads). */
  prepare?(): unknown;
  run(port: number, until: number, prepared: unknown): Promise<string | void>;
}

const ABUSES: Abuse[] = [
  {
    name: 'pre-auth frames (forged token, 64 MiB frames announced)',
    caps: `refused frame ${DEFAULT_LIMITS.refusedFrameBytes} B, cut ${DEFAULT_LIMITS.refusedLingerMs} ms after close`,
    async run(port, until) {
      let sockets = 0;
      const chunk = Buffer.alloc(64 * 1024);
      const one = () => new Promise<void>((res) => {
        const s = tcpConnect(port, '127.0.0.1');
        s.on('error', () => {});
        s.on('close', () => res());
        s.once('connect', () => {
          sockets++;
          s.write(`GET /sync/A?token=forged HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
          const h = Buffer.alloc(14);
          h[0] = 0x82; h[1] = 0x80 | 127; h.writeBigUInt64BE(BigInt(64 * 1024 * 1024), 2);
          s.write(h);
          const pump = () => { if (!s.destroyed && Date.now() < until) s.write(chunk, () => setImmediate(pump)); else s.destroy(); };
          pump();
        });
      });
      const workers = Array.from({ length: 8 }, async () => { while (Date.now() < until) await one(); });
      await Promise.all(workers);
      return `${sockets} refused sockets`;
    },
  },
  {
    name: 'slow readers (3 peers never read, 1 MiB edits every 25 ms)',
    caps: `backlog ${DEFAULT_LIMITS.bufferedBytesPerConn / 2 ** 20} MiB per peer (+ its first sync), ${DEFAULT_LIMITS.bufferedBytesTotal / 2 ** 20} MiB total`,
    prepare() {
      const doc = new Y.Doc();
      const frames: Uint8Array[] = [];
      doc.on('update', (u: Uint8Array) => frames.push(updateFrame(u)));
      for (let i = 0; i < 150; i++) doc.getMap('m').set(`k${i}`, String(i).padEnd(1024 * 1024, 'z'));
      return frames;
    },
    async run(port, until, prepared) {
      const frames = prepared as Uint8Array[];
      const slow = await Promise.all([0, 1, 2].map(() => socket(port, 'A', 'viewer')));
      for (const s of slow) (s as unknown as { _socket: { pause(): void } })._socket.pause();
      const ed = await socket(port, 'A', 'editor');
      let i = 0;
      while (Date.now() < until && i < frames.length) {
        if (ed.readyState === ed.OPEN) ed.send(frames[i++]);
        await new Promise((r) => setTimeout(r, 25));
      }
      const cut = slow.filter((s) => s.readyState !== s.OPEN).length;
      for (const s of [...slow, ed]) s.terminate();
      return `${i} MiB sent to each of 3 peers; ${cut} of them cut by the server`;
    },
  },
  {
    name: `largest allowed update (${round(DEFAULT_MAX_MESSAGE_BYTES / 2 ** 20, 0)} MiB) into workbook A`,
    caps: `editor frame ${DEFAULT_MAX_MESSAGE_BYTES / 2 ** 20} MiB`,
    prepare() {
      const d = new Y.Doc();
      d.getText('t').insert(0, 'x'.repeat(DEFAULT_MAX_MESSAGE_BYTES - 4096));
      return updateFrame(Y.encodeStateAsUpdate(d));
    },
    async run(port, until, prepared) {
      let sent = 0;
      while (Date.now() < until) {
        const ed = await socket(port, `A${sent}`, 'editor');
        ed.send(prepared as Uint8Array);
        sent++;
        await new Promise((r) => setTimeout(r, 1500));
        ed.terminate();
      }
      return `${sent} updates of ${round((DEFAULT_MAX_MESSAGE_BYTES - 4096) / 2 ** 20, 2)} MiB`;
    },
  },
  {
    name: `largest message in parts (${DEFAULT_LIMITS.editorAssembledBytes / 2 ** 20} MiB, an offline backlog) into workbook A`,
    caps: `assembled message ${DEFAULT_LIMITS.editorAssembledBytes / 2 ** 20} MiB, parts of 1 MiB`,
    prepare() {
      const d = new Y.Doc();
      d.getText('t').insert(0, 'x'.repeat(DEFAULT_LIMITS.editorAssembledBytes - 4096));
      return framesOf(updateFrame(Y.encodeStateAsUpdate(d)));
    },
    async run(port, until, prepared) {
      const ed = await socket(port, 'A', 'editor');
      for (const f of prepared as Uint8Array[]) ed.send(f);
      const sent = (prepared as Uint8Array[]).length;
      await new Promise((r) => setTimeout(r, Math.max(0, until - Date.now() - 100)));
      ed.terminate();
      return `${sent} parts`;
    },
  },
  {
    name: 'gapped updates (4,000 small updates whose first never comes)',
    caps: `${DEFAULT_LIMITS.gappedUpdatesPerConn} per connection, ${DEFAULT_LIMITS.pendingBytesPerWorkbook / 2 ** 20} MiB per workbook`,
    prepare() {
      const src = new Y.Doc();
      const updates: Uint8Array[] = [];
      src.on('update', (u: Uint8Array) => updates.push(updateFrame(u)));
      for (let i = 0; i < 4001; i++) src.getMap('g').set(`k${i}`, i);
      return updates.slice(1);
    },
    async run(port, until, prepared) {
      const updates = prepared as Uint8Array[];
      let sent = 0, closes = 0;
      const open = async () => {
        const w = await socket(port, 'A', 'editor');
        w.on('close', (code: number) => { if (code === 4005) closes++; });
        return w;
      };
      let ws = await open();
      for (const u of updates) {
        if (Date.now() > until) break;
        if (ws.readyState !== ws.OPEN) ws = await open();
        ws.send(u);
        sent++;
        if (sent % 50 === 0) await new Promise((r) => setImmediate(r));
      }
      ws.terminate();
      await new Promise((r) => setTimeout(r, 200));
      return `${sent} gapped updates sent, sender closed ${closes} times with 4005`;
    },
  },
  {
    name: '2,000 connections (20 workbooks × 100, valid tokens)',
    caps: `per token ${DEFAULT_LIMITS.connsPerToken}, per workbook ${DEFAULT_LIMITS.connsPerWorkbook}, per address ${DEFAULT_LIMITS.connsPerAddress} (raised to 5,000 here), total ${DEFAULT_LIMITS.connsTotal}`,
    async run(port, until) {
      const all: WsSocket[] = [];
      for (let w = 0; w < 20; w++) {
        // One token per person: the per-token cap is not what this run measures.
        const batch = await Promise.all(Array.from({ length: 100 }, async (_, i) => socket(port, `M${w}`, 'editor', await signToken(SECRET, `M${w}`, 'editor', `person-${i}`, '1h'))));
        all.push(...batch);
      }
      const open = all.filter((s) => s.readyState === s.OPEN).length;
      while (Date.now() < until) await new Promise((r) => setTimeout(r, 100));
      for (const s of all) s.terminate();
      return `${open} of 2000 open`;
    },
  },
];

export async function run(): Promise<Section> {
  const rows: Row[] = [];
  const notes: string[] = [];
  // Each abuse gets its own server and probe, so no figure carries what the previous one left
  // (a slow reader's backlog, a 16 MiB document, thousands of sockets being torn down).
  const measure = async (name: string, caps: string, work: (port: number, until: number) => Promise<string | void>) => {
    const srv = await startServer({ LIMIT_CONNS_PER_ADDRESS: '5000' });
    try {
      const p = probe(srv.port);
      // The probe process starts (tsx), connects and warms up before anything is measured.
      const warm = Date.now() + 60_000;
      for (let got = 0; got < 20 && Date.now() < warm; got += p.take().length) await new Promise((r) => setTimeout(r, 200));
      p.take();
      const rss: number[] = [];
      const sampler = setInterval(() => rss.push(rssMB(srv.proc.pid!)), 100);
      const until = Date.now() + RUN_MS;
      const outcome = await work(srv.port, until);
      while (Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      clearInterval(sampler);
      const s = p.take();
      rows.push({ metric: `B round trip during: ${name}`, dataset: `${s.length} edits; ${caps}`, p50: median(s), p99: p99(s), unit: 'ms' });
      rows.push({ metric: `server RSS during: ${name}`, dataset: outcome || '', p50: median(rss), p99: Math.max(...rss), unit: 'MB' });
      await p.stop();
    } finally {
      await srv.stop();
    }
  };
  await measure('nothing (floor)', 'no abuse', async () => {});
  for (const a of ABUSES) {
    console.error(`bench abuse: ${a.name}…`);
    const prepared = a.prepare?.();
    await measure(a.name, a.caps, (port, until) => a.run(port, until, prepared).then((x) => x ?? ''));
  }
  notes.push('Server RSS rows: p50 = median sample, p99 column = peak sample (every 100 ms).');
  notes.push(`Each abuse runs ${RUN_MS / 1000} s against a fresh server child process; workbook B's round trip is editor → server → colleague on loopback, one edit every 50 ms; load average ${loadavg().map((x) => round(x, 2)).join(' ')}.`);
  return { name: 'abuse (server under attack; unrelated workbook B keeps editing)', rows, notes };
}
