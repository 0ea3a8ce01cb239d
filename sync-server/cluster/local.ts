// `npm run cluster [-- --instances 3]`: tries Pulso as a cluster on this machine — N sync-server
// instances (default 2) on consecutive ports after PORT, sharing the local PostgreSQL
// (DATABASE_URL, default database `pulso`, created if missing) and Redis (REDIS_URL), behind a
// tiny round-robin proxy on PORT. For local trying-out only: in production put any real load
// balancer in front (docs/scale-out.md has an nginx example).
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, request } from 'node:http';
import { connect as tcpConnect } from 'node:net';
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig, REPO_ROOT } from '../config.js';
import { ensureClientBuilt } from '../build-client.js';
import { signToken } from '../tokens.js';
import { appLink } from '../link.js';
import { stderrLog as log } from '../log.js';

const { values } = parseArgs({ options: { instances: { type: 'string', short: 'n', default: '2' } } });
const n = Number(values.instances);
if (!Number.isInteger(n) || n < 1 || n > 16) {
  console.error('usage: npm run cluster [-- --instances N]   (1–16, default 2)');
  process.exit(2);
}
const config = loadConfig();
const databaseUrl = config.databaseUrl ?? 'postgres://postgres@127.0.0.1:5432/pulso';
const redisUrl = config.redisUrl ?? 'redis://127.0.0.1:6379';

async function ensureDatabase(url: string) {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const c = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 3000 });
  await c.connect();
  try {
    const exists = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!exists.rowCount) {
      await c.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
      log('info', `cluster: created PostgreSQL database ${name}`);
    }
  } finally {
    await c.end();
  }
}

try {
  await ensureDatabase(databaseUrl);
} catch (e) {
  log('error', `cluster: PostgreSQL at ${databaseUrl} is not reachable (${(e as Error).message})`);
  process.exit(1);
}
if (config.build === 'auto') await ensureClientBuilt(REPO_ROOT, config.staticDir, log);

const children: ChildProcess[] = [];
const ports = Array.from({ length: n }, (_, i) => config.port + 1 + i);
for (const [i, port] of ports.entries()) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'sync-server', 'main.ts')], {
    cwd: REPO_ROOT,
    env: {
      ...process.env, PORT: String(port), HOST: config.host, SYNC_SECRET: config.secret, BUILD_CLIENT: 'never',
      DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, REDIS_PREFIX: config.redisPrefix,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr!.on('data', (b: Buffer) => {
    for (const line of b.toString().split('\n')) if (line) process.stderr.write(`[instance ${i + 1} :${port}] ${line}\n`);
  });
  child.on('exit', (code, signal) => log('warn', `cluster: instance ${i + 1} (:${port}) exited (${signal ?? code})`));
  children.push(child);
}

// Round robin per request and per websocket; an instance that refuses the connection is skipped.
let next = 0;
const pick = () => ports[next++ % ports.length];
const proxy = createServer((req, res) => {
  const tryPort = (left: number) => {
    const up = request({ host: config.host, port: pick(), method: req.method, path: req.url, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => (left > 1 ? tryPort(left - 1) : res.writeHead(502).end('no instance answered\n')));
    req.pipe(up);
  };
  tryPort(ports.length);
});
proxy.on('upgrade', (req, socket, head) => {
  const tryPort = (left: number) => {
    let connected = false;
    const up = tcpConnect(pick(), config.host, () => {
      connected = true;
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      up.write(lines.join('\r\n') + '\r\n\r\n');
      if (head.length) up.write(head);
      up.pipe(socket).pipe(up);
    });
    up.on('error', () => (left > 1 && !connected ? tryPort(left - 1) : socket.destroy()));
    socket.on('error', () => up.destroy());
    socket.on('close', () => up.destroy());
    up.on('close', () => socket.destroy());
  };
  tryPort(ports.length);
});
proxy.listen(config.port, config.host, async () => {
  const token = await signToken(config.secret, config.defaultWorkbookId, 'editor', 'owner');
  console.log([
    `cluster: ${n} instance(s) on ports ${ports.join(', ')} (PostgreSQL ${new URL(databaseUrl).pathname.slice(1)}, Redis ${redisUrl}), round-robin proxy on http://${config.host}:${config.port}`,
    `Open the ${config.defaultWorkbookId} workbook (editor link, valid 30 days):`,
    `  ${appLink(config.host, config.port, config.defaultWorkbookId, token)}`,
    'Each instance: /healthz and /readyz on its own port. Ctrl-C stops them all.',
  ].join('\n'));
});

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  proxy.close();
  for (const c of children) c.kill('SIGTERM');
  Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null || c.signalCode !== null ? r(null) : c.once('exit', r)))))
    .then(() => process.exit(0));
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
