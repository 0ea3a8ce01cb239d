// Sync server benchmark: edit fan-out latency (one editor → every other client of its
// workbook), p50/p99, for 2, 50 and 200 clients on one workbook and 20 workbooks × 10
// clients editing at once; server RSS; and the same runs against a bare relay (no auth, no
// Yjs, no storage) as the ratio ours/bare. Servers run in child processes so the clients'
// load does not share their event loop.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, loadavg, cpus } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as Y from 'yjs';
import type { WebSocket as WsSocket } from 'ws';
import { WebSocket } from '../sync-server/ws.js';
import { signToken } from '../sync-server/tokens.js';
import { updateMessage } from '../sync-server/protocol.js';
import { median, p99, round, type Row, type Section } from './stats.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SECRET = 'bench-secret-bench-secret-bench-secret';

export interface Scenario { name: string; workbooks: number; clients: number; rounds: number }
const SCENARIOS: Scenario[] = [
  { name: '2 clients, 1 workbook', workbooks: 1, clients: 2, rounds: 200 },
  { name: '50 clients, 1 workbook', workbooks: 1, clients: 50, rounds: 100 },
  { name: '200 clients, 1 workbook', workbooks: 1, clients: 200, rounds: 100 },
  { name: '20 workbooks × 10 clients', workbooks: 20, clients: 10, rounds: 100 },
];
/** Ours and bare alternate this many times per scenario (samples pooled), so a burst of load
 * from elsewhere on the machine hits both rather than one. */
const PASSES = 3;

export interface Child { proc: ChildProcess; port: number; stop(): Promise<void> }

export async function startChild(script: string, env: NodeJS.ProcessEnv): Promise<Child> {
  const proc = spawn(process.execPath, ['--import', 'tsx', join(root, script)], {
    cwd: root, env: { ...process.env, ...env, PORT: '0', HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  proc.stderr!.on('data', (b) => { err += b; });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (b) => {
      out += b;
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    proc.once('exit', (c) => reject(new Error(`${script} exited (${c}): ${err}`)));
  });
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  return { proc, port, stop: async () => { proc.kill('SIGTERM'); await exited; } };
}

export function rssMB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

export function openSocket(url: string): Promise<WsSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    ws.binaryType = 'nodebuffer';
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs one scenario against the servers on `ports` (the editor on the first, receivers spread
 * round-robin over all, as a load balancer would); returns per-receipt latencies in ms.
 */
export async function fanOut(ports: number[], s: Scenario, withTokens: boolean, pass: number, secret = SECRET): Promise<{ latencies: number[] }> {
  const rooms: { editor: WsSocket; receivers: WsSocket[]; doc: Y.Doc }[] = [];
  for (let w = 0; w < s.workbooks; w++) {
    const id = `bench-${s.workbooks}x${s.clients}-${w}-p${pass}`;
    const url = async (role: 'editor' | 'viewer', port: number) =>
      `ws://127.0.0.1:${port}/sync/${id}` + (withTokens ? `?token=${await signToken(secret, id, role, 'bench', '1h')}` : '');
    const editor = await openSocket(await url('editor', ports[0]));
    const receivers: WsSocket[] = [];
    for (let i = 1; i < s.clients; i++) receivers.push(await openSocket(await url('viewer', ports[i % ports.length])));
    rooms.push({ editor, receivers, doc: new Y.Doc() });
  }
  await sleep(200); // let the initial sync-step-1 messages drain

  const latencies: number[] = [];
  let t0 = 0;
  let pending = 0;
  let roundDone: () => void = () => {};
  let gotThisRound = new Set<WsSocket>();
  for (const r of rooms) {
    for (const ws of r.receivers) {
      ws.on('message', (data: Buffer) => {
        // An edit arrives as a sync "update" message: [0, 2, …]. Count the first per round.
        if (data[0] !== 0 || data[1] !== 2 || gotThisRound.has(ws) || t0 === 0) return;
        gotThisRound.add(ws);
        latencies.push(performance.now() - t0);
        if (--pending === 0) roundDone();
      });
    }
  }
  for (let i = 0; i < s.rounds + 10; i++) {
    const done = new Promise<void>((r) => (roundDone = r));
    gotThisRound = new Set();
    pending = rooms.reduce((n, r) => n + r.receivers.length, 0);
    const before = latencies.length;
    t0 = performance.now();
    for (const r of rooms) {
      let update: Uint8Array | null = null;
      const grab = (u: Uint8Array) => { update = u; };
      r.doc.on('update', grab);
      r.doc.getMap('cells').set(`r${i % 50}`, i);
      r.doc.off('update', grab);
      r.editor.send(updateMessage(update!));
    }
    await Promise.race([done, sleep(5000)]);
    if (i < 10) latencies.length = before; // warm-up rounds are not counted
    t0 = 0;
    await sleep(2);
  }
  for (const r of rooms) {
    r.editor.terminate();
    for (const ws of r.receivers) ws.terminate();
  }
  return { latencies };
}

export async function run(): Promise<Section> {
  const rows: Row[] = [];
  const notes: string[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'pulso-bench-'));
  const ours = await startChild('sync-server/main.ts', { DATA_DIR: dataDir, SYNC_SECRET: SECRET, BUILD_CLIENT: 'never', GRACE_MS: '1000' });
  const bare = await startChild('bench/bare-relay.ts', {});
  const rssOurs: Record<string, number> = { idle: rssMB(ours.proc.pid!) };
  const rssBare: Record<string, number> = { idle: rssMB(bare.proc.pid!) };
  try {
    for (const s of SCENARIOS) {
      const a = { latencies: [] as number[] };
      const b = { latencies: [] as number[] };
      for (let pass = 0; pass < PASSES; pass++) {
        a.latencies.push(...(await fanOut([ours.port], s, true, pass)).latencies);
        rssOurs[s.name] = Math.max(rssOurs[s.name] ?? 0, rssMB(ours.proc.pid!));
        b.latencies.push(...(await fanOut([bare.port], s, false, pass)).latencies);
        rssBare[s.name] = Math.max(rssBare[s.name] ?? 0, rssMB(bare.proc.pid!));
      }
      const is200 = s.clients === 200;
      rows.push({ metric: 'fan-out latency, ours', dataset: s.name, p50: median(a.latencies), p99: p99(a.latencies), unit: 'ms', samples: a.latencies.length,
        ...(is200 ? { target: 'p99 ≤ 20 ms', met: p99(a.latencies) <= 20 } : {}) });
      rows.push({ metric: 'fan-out latency, bare relay', dataset: s.name, p50: median(b.latencies), p99: p99(b.latencies), unit: 'ms', samples: b.latencies.length });
      rows.push({ metric: 'fan-out latency ratio ours/bare', dataset: s.name, p50: median(a.latencies) / median(b.latencies), p99: p99(a.latencies) / p99(b.latencies), unit: 'x' });
    }
    for (const k of Object.keys(rssOurs)) {
      const dataset = k === 'idle' ? 'idle, after start' : `peak, ${k}`;
      rows.push({ metric: 'server RSS, ours', dataset, p50: rssOurs[k], unit: 'MB' });
      rows.push({ metric: 'server RSS, bare relay', dataset, p50: rssBare[k], unit: 'MB' });
      rows.push({ metric: 'server RSS ratio ours/bare', dataset, p50: rssOurs[k] / rssBare[k], unit: 'x' });
    }
  } finally {
    await ours.stop();
    await bare.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const load = loadavg().map((l) => l.toFixed(1)).join(' / ');
  notes.push(`Machine load average (1/5/15 min) at the end: ${load} on ${cpus().length} cores — other work on the machine inflates p99 for both servers.`);
  notes.unshift(
    `Fan-out: one editor per workbook sets a map cell; latency = editor send → each other client receives the update message, every receiver counted (p50/p99 over all receipts; ${PASSES} alternating passes per server, 10 warm-up rounds each). Clients share one bench process, so later receivers in a round wait for earlier ones — equally for both servers.`,
    'Ours = auth-checked connections, Y.Doc apply, one SQLite commit (WAL, synchronous=NORMAL) per update before relaying, ack to the editor. Bare = relay with no auth, no Yjs, no storage (bench/bare-relay.ts). Both in child processes on loopback.',
  );
  return { name: 'sync server', rows, notes };
}

// Allow `npx tsx bench/server.ts` on its own.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const s = await run();
  for (const r of s.rows) console.log(`${r.metric} | ${r.dataset} | ${round(r.p50, 2)} | ${r.p99 === undefined ? '' : round(r.p99, 2)} ${r.unit}${r.samples ? ` (n=${r.samples})` : ''}${r.target ? ` | ${r.target} ${r.met ? 'met' : 'NOT met'}` : ''}`);
  for (const n of s.notes ?? []) console.log(`- ${n}`);
}
