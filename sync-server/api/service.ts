// The integration API as the sync server mounts it: stores, webhooks, and the Hono app
// behind a Node request listener. server.ts routes `/api/*` here and tells us when a
// workbook's room opens (so webhooks follow workbooks people edit, not only API writes).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { Log } from '../log.js';
import type { ApiStores } from '../store/index.js';
import { createApiApp, DEFAULT_LIMITS, DEFAULT_MODULES, type ApiLimits, type ApiModule, type OpenApiDocument } from './app.js';
import type { LiveWorkbook, WorkbookHost } from './host.js';
import { DEFAULT_DISPATCH, WebhookDispatcher, WebhookWatcher, type DispatchOptions } from './webhooks.js';

export interface ApiOptions {
  limits?: Partial<ApiLimits>;
  dispatch?: Partial<DispatchOptions>;
  /** Route modules (default: every module of this API); see app.ts. */
  modules?: ApiModule[];
}

export interface ApiService {
  handle(req: IncomingMessage, res: ServerResponse): void;
  roomOpened(live: LiveWorkbook): void;
  close(): Promise<void>;
}

function int(env: NodeJS.ProcessEnv, name: string, dflt: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name}="${raw}" must be an integer ≥ 1`);
  return n;
}

/** API_MAX_BODY_BYTES, API_MAX_BATCH, API_RATE_PER_MINUTE, API_RATE_BURST, WEBHOOK_RETRY_BASE_MS. */
export function apiOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): ApiOptions {
  return {
    limits: {
      maxBodyBytes: int(env, 'API_MAX_BODY_BYTES', DEFAULT_LIMITS.maxBodyBytes),
      maxBatch: int(env, 'API_MAX_BATCH', DEFAULT_LIMITS.maxBatch),
      rateLimit: { perMinute: int(env, 'API_RATE_PER_MINUTE', DEFAULT_LIMITS.rateLimit.perMinute), burst: int(env, 'API_RATE_BURST', DEFAULT_LIMITS.rateLimit.burst) },
    },
    dispatch: { baseDelayMs: int(env, 'WEBHOOK_RETRY_BASE_MS', DEFAULT_DISPATCH.baseDelayMs) },
  };
}

/** How often open workbooks are checked for webhooks another instance added (see below). */
const HOOK_SWEEP_MS = 5_000;

export function createApiService(o: {
  /** Keys and webhooks, on the server's database (storage.ts openStores). */
  stores: ApiStores;
  secret: string; log: Log; host: WorkbookHost; options?: ApiOptions;
  /** Does this instance act for the workbook (webhooks fire from the leader only)? Default: always. */
  isLeader?: (workbookId: string) => Promise<boolean>;
  /** The workspace's revocation list: a revoked share link is refused here too. */
  isRevoked?: (tokenId: string) => Promise<boolean>;
  /** The workspace API's OpenAPI document, described in the same /api/v1/openapi.json. */
  workspaceDocument?: () => OpenApiDocument;
}): ApiService {
  const { keys, webhooks } = o.stores;
  const dispatcher = new WebhookDispatcher(webhooks, o.log, { ...DEFAULT_DISPATCH, ...o.options?.dispatch });
  const watcher = new WebhookWatcher(webhooks, dispatcher, o.log, o.isLeader);
  dispatcher.start();
  // A webhook added through another instance: this one's open rooms start watching within a
  // few seconds, so the leader (whichever instance holds the lease) is always watching.
  const open = new Set<LiveWorkbook>();
  const sweep = setInterval(() => {
    if (!open.size) return;
    void webhooks.workbooksWithHooks().then(async (ids) => {
      const hooked = new Set(ids);
      for (const live of open) if (hooked.has(live.id) && !watcher.watching(live)) await watcher.attach(live);
    }).catch((e) => o.log('error', `webhooks: ${(e as Error).message}`));
  }, HOOK_SWEEP_MS);
  sweep.unref();
  // A workbook in use by a request is not released (to eviction) until its last request ends.
  const inUse = new Map<LiveWorkbook, number>();
  const host: WorkbookHost = {
    async acquire(id) {
      const live = await o.host.acquire(id);
      inUse.set(live, (inUse.get(live) ?? 0) + 1);
      return live;
    },
    release(live) {
      const n = (inUse.get(live) ?? 1) - 1;
      if (n > 0) return void inUse.set(live, n);
      inUse.delete(live);
      o.host.release(live);
    },
    exists: (id) => o.host.exists(id),
  };
  const limits: ApiLimits = { ...DEFAULT_LIMITS, ...o.options?.limits };
  const app = createApiApp({
    host, keys, webhooks, watcher, secret: o.secret, log: o.log, limits,
    isRevoked: o.isRevoked ?? (async () => false), workspaceDocument: o.workspaceDocument,
  }, o.options?.modules ?? DEFAULT_MODULES);
  const listener = getRequestListener(app.fetch, { overrideGlobalObjects: false });
  return {
    handle(req, res) {
      listener(req, res).catch((e) => {
        o.log('error', `api ${req.method} ${req.url?.split('?')[0]}: ${(e as Error).message}`);
        if (!res.headersSent) res.writeHead(500).end();
      });
    },
    roomOpened(live) {
      open.add(live);
      live.doc.once('destroy', () => open.delete(live));
      watcher.attach(live).catch((e) => o.log('error', `webhooks (workbook ${live.id}): ${(e as Error).message}`));
    },
    async close() {
      clearInterval(sweep);
      dispatcher.stop();
      watcher.stop();
    },
  };
}
