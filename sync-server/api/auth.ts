// Who is calling: an API key (`Authorization: Bearer pulso_…`, scope read or write) or a
// person's share-link token (the JWT the app holds; editors write, viewers read), which is
// how the app's Settings manages keys and webhooks. Keys are never logged: log lines name
// the key's id and name only.
import type { MiddlewareHandler } from 'hono';
import type { ApiKeyStore, Scope } from '../store/api-keys.js';
import { verifyToken, isRefusal, canEdit, WORKBOOK_ID, type Role } from '../tokens.js';
import { ApiError } from './errors.js';
import type { WorkbookHost } from './host.js';
import type { RateLimiter } from './rate-limit.js';

export type Principal =
  | { kind: 'key'; keyId: string; name: string; scope: Scope; workbook: string }
  | { kind: 'person'; name: string; role: Role; scope: Scope; workbook: string };

export type ApiEnv = { Variables: { principal: Principal; workbookId: string } };

const BEARER = /^Bearer\s+(\S+)\s*$/i;
const TOUCH_EVERY_MS = 60_000;

export interface AuthDeps {
  keys: ApiKeyStore;
  host: WorkbookHost;
  secret: string;
  isRevoked(tokenId: string): Promise<boolean>;
  limiter: RateLimiter;
}

/**
 * For every `/workbooks/{wb}/…` route: 401 (no, unknown or revoked credential) → 404
 * (unknown workbook) → 403 (another workbook's credential) → 429 (over the key's budget)
 * → 403 (a read credential writing). Sets `principal` and `workbookId`.
 */
export function authenticate(d: AuthDeps): MiddlewareHandler<ApiEnv> {
  const touched = new Map<string, number>();
  return async (c, next) => {
    const wb = c.req.param('wb') ?? '';
    const m = BEARER.exec(c.req.header('authorization') ?? '');
    if (!m) throw new ApiError(401, 'unauthorized', 'missing API key: send Authorization: Bearer <key>');
    const presented = m[1];
    let p: Principal;
    if (presented.startsWith('pulso_')) {
      const key = await d.keys.verify(presented);
      if (!key) throw new ApiError(401, 'unauthorized', 'unknown or revoked API key');
      p = { kind: 'key', keyId: key.id, name: key.name, scope: key.scope, workbook: key.workbook };
      const last = touched.get(key.id) ?? 0;
      if (Date.now() - last > TOUCH_EVERY_MS) {
        touched.set(key.id, Date.now());
        await d.keys.touch(key.id, new Date());
      }
    } else {
      const g = await verifyToken(d.secret, presented, wb);
      if (isRefusal(g) && g.code === 4401) throw new ApiError(401, 'unauthorized', `invalid credential: ${g.reason}`);
      if (!isRefusal(g) && g.tokenId && await d.isRevoked(g.tokenId)) throw new ApiError(401, 'unauthorized', 'invalid credential: link revoked');
      p = isRefusal(g)
        ? { kind: 'person', name: '', role: 'viewer', scope: 'read', workbook: '' } // another workbook's link: decided below
        : { kind: 'person', name: g.name, role: g.role, scope: canEdit(g.role) ? 'write' : 'read', workbook: g.workbookId };
    }
    if (p.workbook !== wb) {
      if (!WORKBOOK_ID.test(wb) || !(await d.host.exists(wb))) throw new ApiError(404, 'not-found', `there is no workbook ${JSON.stringify(wb)}`);
      throw new ApiError(403, 'forbidden', `this credential is for another workbook, not ${JSON.stringify(wb)}`);
    }
    const wait = d.limiter.take(p.kind === 'key' ? `key:${p.keyId}` : `person:${wb}:${p.name}`);
    if (wait > 0) throw new ApiError(429, 'rate-limited', `too many requests for this key: retry in ${wait} s`, undefined, { 'retry-after': String(wait) });
    const writing = c.req.method !== 'GET' && c.req.method !== 'HEAD';
    if (writing && p.scope !== 'write') throw new ApiError(403, 'forbidden', p.kind === 'key' ? 'this API key is read-only (scope read)' : 'a viewer link cannot change the workbook');
    c.set('principal', p);
    c.set('workbookId', wb);
    await next();
  };
}

/** Key and webhook management: people with an editor link only (a key cannot mint keys). */
export const requireEditor: MiddlewareHandler<ApiEnv> = async (c, next) => {
  const p = c.get('principal');
  if (p.kind !== 'person' || p.role !== 'editor') throw new ApiError(403, 'forbidden', 'managing API keys needs an editor link, not an API key');
  await next();
};
