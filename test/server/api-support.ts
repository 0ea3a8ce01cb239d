// Shared by the integration API tests: the real server, API keys made as the CLI makes
// them (same store, same database), and a small fetch wrapper.
import type { Scope } from '../../sync-server/store/api-keys.js';
import { startTestServer, type InProcessTestServer, type TestServerOptions } from '../support/server.js';

export interface ApiTestServer extends InProcessTestServer {
  key(workbook: string, scope: Scope, name?: string): Promise<string>;
  call(method: string, path: string, o?: { key?: string; body?: unknown; raw?: string | Uint8Array; headers?: Record<string, string> }): Promise<{ status: number; headers: Headers; json: any; text: string }>;
}

export async function startApiServer(opts: TestServerOptions = {}): Promise<ApiTestServer> {
  const srv = await startTestServer(opts);
  const keys = srv.server.stores.api.keys;
  return Object.assign(srv, {
    async key(workbook: string, scope: Scope, name = `${scope} key`) {
      return (await keys.create({ workbook, name, scope, createdBy: 'test' })).key;
    },
    async call(method: string, path: string, o: { key?: string; body?: unknown; raw?: string | Uint8Array; headers?: Record<string, string> } = {}) {
      const headers: Record<string, string> = { ...(o.key ? { authorization: `Bearer ${o.key}` } : {}) };
      let body: string | Uint8Array | undefined = o.raw;
      if (o.body !== undefined) { body = JSON.stringify(o.body); headers['content-type'] = 'application/json'; }
      Object.assign(headers, o.headers);
      const res = await fetch(`${srv.httpUrl}${path}`, { method, headers, body: body as BodyInit | undefined });
      const text = await res.text();
      let json: unknown = null;
      try { json = JSON.parse(text); } catch { /* not JSON */ }
      return { status: res.status, headers: res.headers, json, text };
    },
  });
}
