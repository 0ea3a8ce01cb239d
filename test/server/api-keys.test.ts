// API keys (CLI, hashing, scopes, revocation, management from Settings) and every error
// code of the integration API, against the real server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { REPO_ROOT } from '../../sync-server/config.js';
import { startApiServer, type ApiTestServer } from './api-support.js';
import { ENGINES, useEngine } from '../support/backends.js';

describe.each(ENGINES)('API keys on %s', (engine) => {
  const backend = useEngine(engine);
  let srv: ApiTestServer;
  beforeAll(async () => {
    srv = await startApiServer({ ...backend.options(), staticDir: '/nonexistent', api: { limits: { maxBodyBytes: 64 * 1024, rateLimit: { perMinute: 6000, burst: 1000 } } } });
  });
  afterAll(async () => { await srv.stop(); });

  function cli(args: string[], dataDir: string): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'sync-server', 'apikey-cli.ts'), ...args], {
        cwd: REPO_ROOT, env: { ...process.env, DATA_DIR: dataDir, SYNC_SECRET: 'x'.repeat(32), DATABASE_URL: backend.options().databaseUrl ?? '' }, stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '', stderr = '';
      child.stdout.on('data', (b) => { stdout += b; });
      child.stderr.on('data', (b) => { stderr += b; });
      child.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });
  }

  const customer = (id: string, name = `Customer ${id}`) => ({ id, name });
  const put = (wb: string, key: string | undefined, rows: unknown[], table = 'customers') =>
    srv.call('PUT', `/api/v1/workbooks/${wb}/tables/${table}/rows`, { key, body: { rows } });

  describe('npm run apikey', () => {
    it('prints the key alone on its last line; only a hash is stored; the key works at once', async () => {
      const out = await cli(['--workbook', 'feed', '--name', 'billing feed', '--scope', 'write'], srv.dataDir);
      expect(out.code, out.stderr).toBe(0);
      const lines = out.stdout.trim().split('\n');
      const key = lines[lines.length - 1];
      expect(key).toMatch(/^pulso_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
      expect(lines.slice(0, -1).join('\n')).not.toContain(key);

      // Stored hashed: the database holds SHA-256(key), never the key.
      const sql = srv.server.stores.docs.sql;
      const row = (await sql.query<{ hash: Buffer; scope: string; workbook: string }>('SELECT * FROM api_keys WHERE name = $1', ['billing feed'])).rows[0];
      const everything = JSON.stringify((await sql.query('SELECT * FROM api_keys')).rows);
      expect(everything).not.toContain(key.slice(19));
      expect(row.scope).toBe('write');
      expect(row.workbook).toBe('feed');
      expect(row.hash.equals(createHash('sha256').update(key).digest())).toBe(true);
      const res = await put('feed', key, [customer('c1')]);
      expect(res.status).toBe(200);
      expect(res.json).toEqual({ inserted: 1, updated: 0, unchanged: 0, ids: ['c1'] });
      // Never logged, in full or in part.
      // The secret is everything after `pulso_<12-char id>_` (it may itself contain '_').
      expect(srv.logs.join('\n')).not.toContain(key.slice(19));

      const listed = await cli(['--workbook', 'feed', '--list'], srv.dataDir);
      expect(listed.stdout).toContain('billing feed');
      expect(listed.stdout).toMatch(/last used \d{4}-/);
    }, 180_000);

    it('refuses a bad scope or a missing name', async () => {
      expect((await cli(['--workbook', 'feed', '--name', 'x', '--scope', 'admin'], srv.dataDir)).code).toBe(2);
      expect((await cli(['--workbook', 'feed', '--scope', 'read'], srv.dataDir)).stderr).toContain('--name is required');
    }, 180_000);

    it('a key revoked from the CLI (another process) stops working on the next request', async () => {
      const out = await cli(['--workbook', 'feed', '--name', 'temp', '--scope', 'read'], srv.dataDir);
      const key = out.stdout.trim().split('\n').pop()!;
      expect((await srv.call('GET', '/api/v1/workbooks/feed/customers', { key })).status).toBe(200);
      const id = key.split('_')[1];
      expect((await cli(['--workbook', 'feed', '--revoke', id], srv.dataDir)).code).toBe(0);
      const res = await srv.call('GET', '/api/v1/workbooks/feed/customers', { key });
      expect(res.status).toBe(401);
      expect(res.json.error.code).toBe('unauthorized');
    }, 180_000);
  });

  describe('scopes and workbooks', () => {
    it('a read key reads but cannot write (403), and nothing is written', async () => {
      const w = await srv.key('scoped', 'write');
      const r = await srv.key('scoped', 'read');
      expect((await put('scoped', w, [customer('a')])).status).toBe(200);
      const res = await put('scoped', r, [customer('b')]);
      expect(res.status).toBe(403);
      expect(res.json.error.message).toContain('read-only');
      expect((await srv.call('DELETE', '/api/v1/workbooks/scoped/tables/customers/rows/a', { key: r })).status).toBe(403);
      const list = await srv.call('GET', '/api/v1/workbooks/scoped/customers', { key: r });
      expect(list.status).toBe(200);
      expect(list.json.customers.map((c: { id: string }) => c.id)).toEqual(['a']);
    });

    it('a key of another workbook → 403; an unknown workbook → 404', async () => {
      const mine = await srv.key('one', 'write');
      const other = await srv.key('two', 'write');
      expect((await put('two', other, [customer('x')])).status).toBe(200);
      const res = await put('two', mine, [customer('y')]);
      expect(res.status).toBe(403);
      expect(res.json.error.code).toBe('forbidden');
      const missing = await srv.call('GET', '/api/v1/workbooks/never-created/customers', { key: mine });
      expect(missing.status).toBe(404);
      expect(missing.json.error.message).toContain('never-created');
    });
  });

  describe('managing keys from Settings (editor link)', () => {
    it('an editor lists, creates and revokes keys; viewers and keys cannot', async () => {
      const editor = await srv.token('mgmt', 'editor', 'Ana');
      const viewer = await srv.token('mgmt', 'viewer', 'Bia');
      const created = await srv.call('POST', '/api/v1/workbooks/mgmt/keys', { key: editor, body: { name: 'tickets sync', scope: 'write' } });
      expect(created.status).toBe(201);
      const key = created.json.key as string;
      expect(created.json.info).toMatchObject({ name: 'tickets sync', scope: 'write', createdBy: 'Ana', lastUsedAt: null, revokedAt: null });
      expect((await put('mgmt', key, [customer('m1')])).status).toBe(200);

      const listed = await srv.call('GET', '/api/v1/workbooks/mgmt/keys', { key: editor });
      expect(listed.status).toBe(200);
      expect(listed.json.keys).toHaveLength(1);
      expect(listed.json.keys[0].lastUsedAt).not.toBeNull();
      expect(JSON.stringify(listed.json)).not.toContain(key);

      expect((await srv.call('GET', '/api/v1/workbooks/mgmt/keys', { key: viewer })).status).toBe(403);
      expect((await srv.call('POST', '/api/v1/workbooks/mgmt/keys', { key, body: { name: 'mint', scope: 'write' } })).status).toBe(403);

      const revoked = await srv.call('DELETE', `/api/v1/workbooks/mgmt/keys/${created.json.info.id}`, { key: editor });
      expect(revoked.status).toBe(200);
      expect((await put('mgmt', key, [customer('m2')])).status).toBe(401);
      expect((await srv.call('GET', '/api/v1/workbooks/mgmt/keys', { key: editor })).json.keys[0].revokedAt).not.toBeNull();
    });
  });

  describe('every error code, in the API\'s error shape', () => {
    let key: string;
    beforeAll(async () => { key = await srv.key('errs', 'write'); await put('errs', key, [customer('c1')]); });

    it('401: no key, an unknown key, a malformed header', async () => {
      for (const headers of [{} as Record<string, string>, { authorization: `Bearer pulso_AAAAAAAAAAAA_${'A'.repeat(43)}` }, { authorization: 'Basic abc' }, { authorization: 'Bearer nonsense' }]) {
        const res = await srv.call('GET', '/api/v1/workbooks/errs/customers', { headers });
        expect(res.status).toBe(401);
        expect(res.json.error.code).toBe('unauthorized');
        expect(typeof res.json.error.message).toBe('string');
      }
    });

    it('404: unknown table, row, customer and route', async () => {
      const t = await put('errs', key, [customer('z')], 'nonsense');
      expect(t.status).toBe(404);
      expect(t.json.error.message).toContain('nonsense');
      expect((await srv.call('DELETE', '/api/v1/workbooks/errs/tables/customers/rows/nobody', { key })).status).toBe(404);
      expect((await srv.call('GET', '/api/v1/workbooks/errs/customers/nobody', { key })).status).toBe(404);
      const r = await srv.call('GET', '/api/v1/nothing-here', { key });
      expect(r.status).toBe(404);
      expect(r.json.error.code).toBe('not-found');
    });

    it('413 over the body limit, 415 for a body that is not JSON, 400 for malformed JSON', async () => {
      const big = await put('errs', key, [customer('big', 'x'.repeat(70 * 1024))]);
      expect(big.status).toBe(413);
      expect(big.json.error.code).toBe('payload-too-large');
      const text = await srv.call('PUT', '/api/v1/workbooks/errs/tables/customers/rows', { key, raw: 'name=Acme', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect(text.status).toBe(415);
      const none = await srv.call('PUT', '/api/v1/workbooks/errs/tables/customers/rows', { key, raw: '{"rows":[]}' });
      expect(none.status).toBe(415);
      const bad = await srv.call('PUT', '/api/v1/workbooks/errs/tables/customers/rows', { key, raw: '{"rows": [{"id": "a",}]}', headers: { 'content-type': 'application/json' } });
      expect(bad.status).toBe(400);
      expect(bad.json.error.code).toBe('malformed-json');
    });

    it('422 names the field: wrong types, extra fields, huge strings, bad query parameters', async () => {
      const res = await put('errs', key, [{ id: 'q1', name: 42 }, { id: 'q2', name: 'ok', colour: 'blue' }, { id: 'q3', name: 'y'.repeat(10_001) }]);
      expect(res.status).toBe(422);
      expect(res.json.errors).toEqual([
        expect.objectContaining({ index: 0, id: 'q1', field: 'name', code: 'type' }),
        expect.objectContaining({ index: 1, id: 'q2', field: 'colour', code: 'unknown-field' }),
        expect.objectContaining({ index: 2, id: 'q3', field: 'name', code: 'too-long' }),
      ]);
      const env = await srv.call('PUT', '/api/v1/workbooks/errs/tables/customers/rows', { key, body: { rows: [customer('q4')], mode: 'x' } });
      expect(env.status).toBe(422);
      expect(env.json.errors[0]).toMatchObject({ field: 'mode', code: 'unknown-field' });
      const notArray = await srv.call('PUT', '/api/v1/workbooks/errs/tables/customers/rows', { key, body: { rows: 'all of them' } });
      expect(notArray.status).toBe(422);
      expect(notArray.json.errors[0].field).toBe('rows');
      const q = await srv.call('GET', '/api/v1/workbooks/errs/customers?asOf=2026-02-30&limit=0', { key });
      expect(q.status).toBe(422);
      expect(q.json.errors.map((e: { field: string }) => e.field).sort()).toEqual(['asOf', 'limit']);
      // Nothing of the refused batches was written.
      const list = await srv.call('GET', '/api/v1/workbooks/errs/customers', { key });
      expect(list.json.customers.map((c: { id: string }) => c.id)).toEqual(['c1']);
    });

    it('a prototype-polluting or deeply nested body changes nothing and crashes nothing', async () => {
      const res = await srv.call('PUT', '/api/v1/workbooks/errs/tables/customers/rows', { key, raw: '{"rows":[{"id":"p","name":"P","__proto__":{"admin":true}}]}', headers: { 'content-type': 'application/json' } });
      expect(res.status).toBe(422);
      expect(res.json.errors[0].field).toBe('__proto__');
      const deep = '['.repeat(5000) + ']'.repeat(5000);
      const d = await srv.call('PUT', '/api/v1/workbooks/errs/tables/customers/rows', { key, raw: `{"rows":${deep}}`, headers: { 'content-type': 'application/json' } });
      expect(d.status).toBe(422);
      expect((await srv.call('GET', '/healthz')).status).toBe(200);
    });
  });

  describe('429 with Retry-After over the per-key rate limit', () => {
    it('refuses past the burst, names the wait, and leaves other keys alone', async () => {
      const limited = await startApiServer({ ...backend.options(), staticDir: '/nonexistent', api: { limits: { rateLimit: { perMinute: 1, burst: 3 } } } });
      try {
        const a = await limited.key('rl', 'read');
        const b = await limited.key('rl', 'read');
        const statuses: number[] = [];
        let last;
        for (let i = 0; i < 5; i++) { last = await limited.call('GET', '/api/v1/workbooks/rl/customers', { key: a }); statuses.push(last.status); }
        expect(statuses).toEqual([200, 200, 200, 429, 429]);
        expect(last!.json.error.code).toBe('rate-limited');
        expect(Number(last!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
        expect((await limited.call('GET', '/api/v1/workbooks/rl/customers', { key: b })).status).toBe(200);
      } finally {
        await limited.stop();
      }
    });
  });
});
