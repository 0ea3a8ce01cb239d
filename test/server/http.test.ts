import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { startTestServer, type InProcessTestServer } from '../support/server.js';
import { REPO_ROOT } from '../../sync-server/config.js';
import { connect, synced, waitFor, WebSocket, type Client } from './clients.js';

let srv: InProcessTestServer;
let noApp: InProcessTestServer;
const open: Client[] = [];
const staticDir = mkdtempSync(join(tmpdir(), 'pulso-static-'));

beforeAll(async () => {
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Pulso</title>');
  mkdirSync(join(staticDir, 'assets'));
  writeFileSync(join(staticDir, 'assets', 'app-1a2b.js'), 'console.log(1)');
  srv = await startTestServer({ staticDir });
  noApp = await startTestServer({ staticDir: join(staticDir, 'missing') });
});
afterAll(async () => {
  for (const c of open) c.destroy();
  await srv.stop();
  await noApp.stop();
});

describe('HTTP', () => {
  it('GET /healthz answers 200 JSON with uptime, workbooks and connections', async () => {
    const c = connect(srv.wsUrl, 'h', await srv.token('h', 'editor'));
    open.push(c);
    await synced(c);
    const res = await fetch(`${srv.httpUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    const body = await res.json();
    expect(body).toMatchObject({ ok: true, workbooks: 1, connections: 1 });
    expect(body.uptimeSeconds).toBeGreaterThanOrEqual(0);
  });

  it('/w/<id> serves the app\'s index.html; hashed assets are immutable', async () => {
    const page = await fetch(`${srv.httpUrl}/w/acme`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(await page.text()).toBe('<!doctype html><title>Pulso</title>');
    const asset = await fetch(`${srv.httpUrl}/assets/app-1a2b.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(await asset.text()).toBe('console.log(1)');
  });

  it('/ serves the app (its home page lists the workbooks)', async () => {
    const res = await fetch(`${srv.httpUrl}/`, { redirect: 'manual' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('<!doctype html><title>Pulso</title>');
  });

  it('unknown paths, traversal and other methods are refused', async () => {
    for (const p of ['/nope', '/assets/missing.js', '/sync/wb', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fpackage.json', '/assets']) {
      expect((await fetch(`${srv.httpUrl}${p}`)).status, p).toBe(404);
    }
    expect((await fetch(`${srv.httpUrl}/w/x`, { method: 'POST', body: 'x' })).status).toBe(405);
  });

  it('without a built app, /w/* explains it with 503 and sync still works', async () => {
    const res = await fetch(`${noApp.httpUrl}/w/acme`);
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('not built');
    const c = connect(noApp.wsUrl, 'x', await noApp.token('x', 'editor'));
    open.push(c);
    await synced(c);
  });

  it('refuses websocket upgrades off /sync/<id>', async () => {
    const token = await srv.token('wb', 'editor');
    for (const path of ['/', '/w/wb', '/sync', '/sync/', '/sync/bad id', `/sync/${'x'.repeat(65)}`, '/sync/wb/extra']) {
      const status = await new Promise<number>((resolve) => {
        const ws = new WebSocket(`ws://127.0.0.1:${srv.port}${path}?token=${token}`);
        ws.on('unexpected-response', (_req, res) => { resolve(res.statusCode ?? 0); ws.terminate(); });
        ws.on('open', () => { resolve(101); ws.close(); });
        ws.on('error', () => resolve(-1));
      });
      expect(status, path).toBe(404);
    }
  });
});

describe('token CLI', () => {
  function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string; err: string }> {
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'sync-server', 'token-cli.ts'), ...args], {
      cwd: REPO_ROOT, env: { ...process.env, SYNC_SECRET: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '', err = '';
    child.stdout.on('data', (b) => (out += b));
    child.stderr.on('data', (b) => (err += b));
    return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out, err })));
  }

  it('prints the link and, on its last line, a token the server accepts', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pulso-cli-'));
    writeFileSync(join(dataDir, 'sync-secret'), 'the-server-secret-the-server-secret\n', { mode: 0o600 });
    const r = await run(['--workbook', 'acme', '--role', 'editor', '--name', 'Ana Lima', '--expires', '7d'], { DATA_DIR: dataDir, PORT: '9999' });
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    const token = lines[lines.length - 1];
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(r.out).toContain(`http://127.0.0.1:9999/w/acme#token=${token}`);
    const secretFile = join(dataDir, 'sync-secret');
    const s = await startTestServer({ dataDir, secret: readFileSync(secretFile, 'utf8').trim() });
    try {
      const c = connect(s.wsUrl, 'acme', token);
      open.push(c);
      await synced(c);
      c.doc.getMap('m').set('by', 'cli-token');
      const other = connect(s.wsUrl, 'acme', await s.token('acme', 'viewer'));
      open.push(other);
      await synced(other);
      await waitFor(() => other.doc.getMap('m').get('by') === 'cli-token', "the CLI token's edit reached another client");
    } finally {
      await s.stop();
    }
  });

  it('refuses a data folder without a secret instead of creating one (its links would be refused)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pulso-cli-'));
    const r = await run(['--workbook', 'acme', '--role', 'owner', '--name', 'Ana'], { DATA_DIR: dataDir });
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${join(dataDir, 'sync-secret')} does not exist`);
    expect(existsSync(join(dataDir, 'sync-secret'))).toBe(false);
  });

  it('makes owner links, registered so the Share dialog lists them', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pulso-cli-'));
    const secret = 'the-server-secret-the-server-secret';
    writeFileSync(join(dataDir, 'sync-secret'), secret + '\n', { mode: 0o600 });
    const r = await run(['--workbook', 'acme', '--role', 'owner', '--name', 'Rita Dias'], { DATA_DIR: dataDir });
    expect(r.code, r.err).toBe(0);
    const token = r.out.trim().split('\n').pop()!;
    const s = await startTestServer({ dataDir, secret });
    try {
      const res = await fetch(`${s.httpUrl}/api/v1/workbooks/acme/links`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
      const { links } = await res.json();
      expect(links).toHaveLength(1);
      expect(links[0]).toMatchObject({ name: 'Rita Dias', role: 'owner', workbookId: 'acme', createdBy: 'npm run token' });
    } finally {
      await s.stop();
    }
  });

  it('explains bad arguments and exits 2', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pulso-cli-'));
    writeFileSync(join(dataDir, 'sync-secret'), 'the-server-secret-the-server-secret\n', { mode: 0o600 });
    const bad = await run(['--workbook', 'a b', '--role', 'editor'], { DATA_DIR: dataDir });
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('invalid workbook id "a b"');
    const role = await run(['--workbook', 'ok', '--role', 'admin'], { DATA_DIR: dataDir });
    expect(role.code).toBe(2);
    expect(role.err).toContain('invalid role "admin"');
  });
});
