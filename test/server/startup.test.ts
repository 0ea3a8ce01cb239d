// What `npm start` and `npm run token` leave on disk and in logs: a long enough secret, a
// private data folder, and the editor link printed on the first start only.
import { afterAll, describe, expect, it, vi } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnTestServer, type SpawnedTestServer } from '../support/server.js';
import { REPO_ROOT, loadSecret } from '../../sync-server/config.js';

// Child processes / many sockets on a shared 2-core machine: allow more than the default.
vi.setConfig({ testTimeout: 120_000 });
const servers: SpawnedTestServer[] = [];
afterAll(async () => { for (const s of servers) await s.stop(); });

function run(script: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'sync-server', script)], {
    cwd: REPO_ROOT, env: { ...process.env, SYNC_SECRET: '', BUILD_CLIENT: 'never', PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '', err = '';
  child.stdout.on('data', (b) => (out += b));
  child.stderr.on('data', (b) => (err += b));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out, err })));
}

describe('the signing secret', () => {
  it('a SYNC_SECRET shorter than 32 bytes is refused with a clear message', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pulso-secret-'));
    const r = await run('main.ts', { DATA_DIR: dataDir, SYNC_SECRET: 'short-secret' });
    expect(r.code).toBe(2);
    expect(r.err).toContain('SYNC_SECRET is 12 bytes long; it must be at least 32 bytes');
    expect(r.out).not.toContain('listening');
    const cli = await run('token-cli.ts', { DATA_DIR: dataDir, SYNC_SECRET: 'x'.repeat(31) });
    expect(cli.code).toBe(2);
    expect(cli.err).toContain('at least 32 bytes');
  });

  it('DATA_DIR is created readable by its owner only (0700), the secret 0600', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'pulso-modes-')), 'data');
    // `npm run token` refuses a data folder without a secret (issue 13): the server creates both.
    const refused = await run('token-cli.ts', { DATA_DIR: dataDir });
    expect(refused.code).not.toBe(0);
    expect(loadSecret(dataDir, {})).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dataDir, 'sync-secret')).mode & 0o777).toBe(0o600);
  });
});

describe('npm start', () => {
  it('prints the owner link, for one of the demo\'s CS owners, on the first start only', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pulso-first-'));
    const first = await spawnTestServer({ dataDir });
    servers.push(first);
    expect(first.stdout()).toMatch(/#token=[\w-]+\.[\w-]+\.[\w-]+/);
    // Issued to one of the demo's CS owners, so "My tasks" shows tasks after "Load demo data".
    expect(first.stdout()).toContain('owner link for "Ana Souza"');
    const token = /#token=([\w-]+\.[\w-]+\.[\w-]+)/.exec(first.stdout())![1];
    expect(JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).name).toBe('Ana Souza');
    await first.stop();
    const second = await spawnTestServer({ dataDir });
    servers.push(second);
    await new Promise((r) => setTimeout(r, 200));
    expect(second.stdout()).toContain('listening on');
    expect(second.stdout()).not.toContain('#token=');
    expect(second.stdout()).toContain('npm run token');
  });
});
