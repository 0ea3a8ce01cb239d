// Scale-out benchmark (docs/scale-out.md): 1, 2 and 4 sync-server instances sharing
// PostgreSQL and Redis, against one SQLite instance (today's default) measured in the same
// run. Edit fan-out latency with 200 clients on one workbook spread over the instances and
// with 20 workbooks × 10 clients; updates per second one workbook sustains when ten writers,
// spread over the instances, write as fast as the server takes them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, loadavg, cpus } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import type { WebSocket as WsSocket } from 'ws';
import { signToken } from '../sync-server/tokens.js';
import { updateMessage } from '../sync-server/protocol.js';
import { freshDatabase, freshRedisPrefix } from '../test/support/backends.js';
import { fanOut, openSocket, startChild, type Child, type Scenario } from './server.js';
import { median, p99, round, type Row, type Section } from './stats.js';

const SECRET = 'bench-cluster-secret-bench-cluster-secret';
const SCENARIOS: Scenario[] = [
  { name: '200 clients, 1 workbook', workbooks: 1, clients: 200, rounds: 60 },
  { name: '20 workbooks × 10 clients', workbooks: 20, clients: 10, rounds: 60 },
];

interface Setup { label: string; instances: number; backend: 'sqlite' | 'postgres+redis' }
const SETUPS: Setup[] = [
  { label: '1 instance, SQLite (floor)', instances: 1, backend: 'sqlite' },
  { label: '1 instance, PostgreSQL + Redis', instances: 1, backend: 'postgres+redis' },
  { label: '2 instances, PostgreSQL + Redis', instances: 2, backend: 'postgres+redis' },
  { label: '4 instances, PostgreSQL + Redis', instances: 4, backend: 'postgres+redis' },
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function startSetup(s: Setup): Promise<{ ports: number[]; stop(): Promise<void> }> {
  const env: NodeJS.ProcessEnv = { SYNC_SECRET: SECRET, BUILD_CLIENT: 'never', GRACE_MS: '1000' };
  const cleanups: (() => Promise<void>)[] = [];
  if (s.backend === 'postgres+redis') {
    const db = await freshDatabase();
    const redis = await freshRedisPrefix();
    Object.assign(env, { DATABASE_URL: db.url, REDIS_URL: redis.url, REDIS_PREFIX: redis.prefix });
    cleanups.push(() => db.drop(), () => redis.drop());
  }
  const children: Child[] = [];
  const dirs: string[] = [];
  for (let i = 0; i < s.instances; i++) {
    const dataDir = mkdtempSync(join(tmpdir(), 'pulso-bench-cluster-'));
    dirs.push(dataDir);
    // One at a time: the first runs the PostgreSQL migrations.
    children.push(await startChild('sync-server/main.ts', { ...env, DATA_DIR: dataDir }));
  }
  return {
    ports: children.map((c) => c.port),
    async stop() {
      await Promise.all(children.map((c) => c.stop()));
      for (const c of cleanups) await c().catch(() => {});
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    },
  };
}

interface Load { name: string; workbooks: number; writersPerWorkbook: number; updatesPerWriter: number }
const LOADS: Load[] = [
  { name: 'one workbook, 10 writers × 150 updates', workbooks: 1, writersPerWorkbook: 10, updatesPerWriter: 150 },
  { name: '20 workbooks, 2 writers × 40 updates each', workbooks: 20, writersPerWorkbook: 2, updatesPerWriter: 40 },
];

/**
 * Writers spread over the instances send their updates back to back; one watcher per
 * workbook, on another instance than its first writer, applies what it receives.
 * Rate = all updates / time until every watcher's document holds every update.
 */
async function throughput(ports: number[], load: Load): Promise<number> {
  const token = (id: string, role: 'editor' | 'viewer', name: string) => signToken(SECRET, id, role, name, '1h');
  const sockets: WsSocket[] = [];
  const done: Promise<void>[] = [];
  const sends: { ws: WsSocket; frames: Uint8Array[] }[] = [];
  let writerIndex = 0;
  for (let w = 0; w < load.workbooks; w++) {
    const id = `bench-throughput-${load.workbooks}-${w}`;
    const total = load.writersPerWorkbook * load.updatesPerWriter;
    const doc = new Y.Doc();
    const cells = doc.getMap('cells');
    const watcher = await openSocket(`ws://127.0.0.1:${ports[(writerIndex + ports.length - 1) % ports.length]}/sync/${id}?token=${await token(id, 'viewer', 'watcher')}`);
    sockets.push(watcher);
    done.push(new Promise<void>((resolve) => {
      watcher.on('message', (data: Buffer) => {
        // [0 sync, 1|2 step-2/update, varUint8Array update]
        if (data[0] !== 0 || (data[1] !== 1 && data[1] !== 2)) return;
        const u = readUpdate(data);
        if (u) Y.applyUpdate(doc, u);
        if (cells.size >= total) resolve();
      });
    }));
    for (let k = 0; k < load.writersPerWorkbook; k++) {
      const ws = await openSocket(`ws://127.0.0.1:${ports[writerIndex++ % ports.length]}/sync/${id}?token=${await token(id, 'editor', `writer-${k}`)}`);
      sockets.push(ws);
      const src = new Y.Doc();
      const frames: Uint8Array[] = [];
      src.on('update', (u: Uint8Array) => frames.push(updateMessage(u)));
      for (let i = 0; i < load.updatesPerWriter; i++) src.getMap('cells').set(`w${k}-${i}`, i);
      sends.push({ ws, frames });
    }
  }
  await sleep(300);
  const t0 = performance.now();
  for (let i = 0; i < load.updatesPerWriter; i++) {
    for (const s of sends) s.ws.send(s.frames[i]);
    if (i % 10 === 9) await sleep(0); // let acks and relays flow, as real peers would
  }
  const all = Promise.all(done).then(() => true);
  const finished = await Promise.race([all, sleep(90_000).then(() => false)]);
  const seconds = (performance.now() - t0) / 1000;
  for (const ws of sockets) ws.terminate();
  const updates = load.workbooks * load.writersPerWorkbook * load.updatesPerWriter;
  return finished ? updates / seconds : NaN;
}

function readUpdate(data: Buffer): Uint8Array | null {
  // Message type and sync type are one byte each here; then a varuint length and the bytes.
  let pos = 2, len = 0, shift = 0;
  for (;;) {
    const b = data[pos++];
    len |= (b & 0x7f) << shift;
    if (b < 0x80) break;
    shift += 7;
  }
  return pos + len <= data.length ? new Uint8Array(data.buffer, data.byteOffset + pos, len) : null;
}

export async function run(): Promise<Section> {
  const rows: Row[] = [];
  const floor: Record<string, { p50: number; p99: number }> = {};
  const floorRate: Record<string, number> = {};
  for (const setup of SETUPS) {
    console.error(`bench cluster: ${setup.label}…`);
    const srv = await startSetup(setup);
    try {
      for (const s of SCENARIOS) {
        const { latencies } = await fanOut(srv.ports, s, true, 0, SECRET);
        const p = { p50: median(latencies), p99: p99(latencies) };
        const isFloor = setup.backend === 'sqlite';
        if (isFloor) floor[s.name] = p;
        const ratio = floor[s.name] ? p.p99 / floor[s.name].p99 : NaN;
        rows.push({
          metric: `fan-out latency, ${setup.label}`, dataset: s.name, p50: p.p50, p99: p.p99, unit: 'ms', samples: latencies.length,
          ...(isFloor || setup.instances === 1 ? {} : { target: 'p99 ≤ 2× single SQLite instance', met: ratio <= 2 }),
        });
        if (!isFloor) rows.push({ metric: `fan-out p99 ratio to SQLite floor, ${setup.label}`, dataset: s.name, p50: p.p50 / floor[s.name].p50, p99: ratio, unit: 'x' });
      }
      for (const load of LOADS) {
        const rate = await throughput(srv.ports, load);
        if (setup.backend === 'sqlite') floorRate[load.name] = rate;
        rows.push({ metric: `updates per second, ${setup.label}`, dataset: load.name, p50: rate, unit: 'updates/s' });
        if (setup.backend !== 'sqlite') rows.push({ metric: `throughput ratio to SQLite floor, ${setup.label}`, dataset: load.name, p50: rate / floorRate[load.name], unit: 'x' });
      }
    } finally {
      await srv.stop();
    }
  }
  const load = loadavg().map((l) => l.toFixed(1)).join(' / ');
  return {
    name: 'scale-out (instances on PostgreSQL + Redis vs one SQLite instance)',
    rows,
    notes: [
      'Fan-out as in the sync server section: one editor on the first instance sets a cell, receivers are spread round-robin over every instance (p50/p99 over all receipts, 10 warm-up rounds). Across instances an edit goes editor → instance → PostgreSQL commit → Redis stream → other instances → receivers.',
      'Throughput: writers spread over the instances send their updates back to back; rate = all updates / time until a watcher per workbook, on another instance, holds all of them (NaN: not all arrived within 90 s).',
      `Every instance, the clients and PostgreSQL and Redis share this machine's ${cpus().length} cores: more instances here means more processes on the same cores, not more hardware; the figures show the cost of the path, not the capacity of a real deployment.`,
      `Machine load average (1/5/15 min) at the end: ${load}.`,
    ],
  };
}

// Allow `npx tsx bench/cluster.ts` on its own.
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const s = await run();
  for (const r of s.rows) console.log(`${r.metric} | ${r.dataset} | ${round(r.p50, 2)} | ${r.p99 === undefined ? '' : round(r.p99, 2)} ${r.unit}`);
  for (const n of s.notes ?? []) console.log(`- ${n}`);
}
