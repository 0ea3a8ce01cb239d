// The integration API (`/api/v1`, JSON over HTTP) as one Hono app, built by createApiApp.
//
// Mounting more routes: a route module is `(deps: ApiDeps) => OpenAPIHono<ApiEnv>`, built
// with `newRouter()` (so it shares the validation hook) and declaring its routes with
// createRoute paths relative to /api/v1, e.g. `/workbooks/{wb}/versions`. Pass it in
// `modules`; the module then gets, for free: authentication of every `/workbooks/{wb}/…`
// path (`c.get('principal')`, `c.get('workbookId')`; read scope for GET, write otherwise),
// the body guards (413/415/400), the error shape (throw ApiError), and its routes in
// /api/v1/openapi.json and on /api/docs.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ApiKeyStore } from '../store/api-keys.js';
import type { WebhookStore } from '../store/webhooks-store.js';
import type { Log } from '../log.js';
import { ApiError, errorJson, toApiError, zodItemErrors } from './errors.js';
import { authenticate, type ApiEnv } from './auth.js';
import { bodyGuards } from './guards.js';
import { RateLimiter, type RateLimit } from './rate-limit.js';
import type { LiveWorkbook, WorkbookHost } from './host.js';
import { docsPage } from './docs-page.js';
import { rowsRoutes } from './routes/rows.js';
import { usageRoutes } from './routes/usage.js';
import { readRoutes } from './routes/reads.js';
import { keyRoutes } from './routes/keys.js';
import { webhookRoutes } from './routes/webhooks.js';

export type { ApiEnv } from './auth.js';

export interface ApiLimits {
  /** Largest accepted body (413 above). */
  maxBodyBytes: number;
  /** Most rows in one batch upsert, most events in one usage post (422 above). */
  maxBatch: number;
  rateLimit: RateLimit;
}

export const DEFAULT_LIMITS: ApiLimits = {
  maxBodyBytes: 16 * 1024 * 1024,
  maxBatch: 10_000,
  rateLimit: { perMinute: 600, burst: 60 },
};

export interface ApiDeps {
  host: WorkbookHost;
  keys: ApiKeyStore;
  webhooks: WebhookStore;
  /** Starts following an open workbook's engine for webhook events. */
  watcher: { attach(live: LiveWorkbook): Promise<void> };
  /** The server's link-signing secret: people's link tokens are accepted too (Settings). */
  secret: string;
  /** True for a share link the workspace revoked (its token id). */
  isRevoked(tokenId: string): Promise<boolean>;
  /** The workspace API (links, history, versions) shares /api/v1 and its document. */
  workspaceDocument?: () => OpenApiDocument;
  log: Log;
  limits: ApiLimits;
}

export type ApiModule = (deps: ApiDeps) => OpenAPIHono<ApiEnv>;

export const DEFAULT_MODULES: ApiModule[] = [rowsRoutes, usageRoutes, readRoutes, keyRoutes, webhookRoutes];

/** A router for a route module: request validation failures answer 422 in the API's error shape. */
export function newRouter(): OpenAPIHono<ApiEnv> {
  return new OpenAPIHono<ApiEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const errors = zodItemErrors(result.error);
        const where = result.target === 'json' ? 'body' : result.target;
        throw new ApiError(422, 'invalid-request', `invalid ${where}: ${errors.map((e) => e.message).join('; ')}`, errors);
      }
    },
  });
}

export const OPENAPI_INFO = {
  openapi: '3.1.0',
  info: {
    title: 'Pulso integration API',
    version: '1.0.0',
    description: 'Feed usage, tickets, invoices and any table of a Pulso workbook from your systems, and read every metric. '
      + 'Authenticate with `Authorization: Bearer <API key>` (`npm run apikey`, or Settings → API keys). '
      + 'Errors are `{ "error": { "code", "message" } }`; 422 adds `errors: [{ index, id, field, code, message }]`.',
  },
  servers: [{ url: '/api/v1' }],
};

export interface OpenApiDocument {
  paths?: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown>>;
  [k: string]: unknown;
}

/** One document for everything under /api/v1: the workspace's paths and components join ours. */
function withWorkspace(doc: OpenApiDocument, ws: OpenApiDocument | undefined): OpenApiDocument {
  if (!ws) return doc;
  const paths = { ...doc.paths };
  for (const [path, item] of Object.entries(ws.paths ?? {})) {
    paths[path] = { ...paths[path], ...item };
  }
  const components: Record<string, Record<string, unknown>> = { ...doc.components };
  for (const [kind, entries] of Object.entries(ws.components ?? {})) {
    const mine = { ...components[kind] };
    for (const [name, def] of Object.entries(entries)) {
      // Same-named schemas must be the same schema (the one Error shape, say).
      if (name in mine && JSON.stringify(mine[name]) !== JSON.stringify(def)) throw new Error(`OpenAPI: the workspace's ${kind}.${name} differs from the API's`);
      mine[name] = def;
    }
    components[kind] = mine;
  }
  return { ...doc, paths, components };
}

export function createApiApp(deps: ApiDeps, modules: ApiModule[] = DEFAULT_MODULES): OpenAPIHono {
  const v1 = newRouter();
  v1.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http', scheme: 'bearer', description: 'An API key (`pulso_…`) or an editor/viewer link token.',
  });
  const limiter = new RateLimiter(deps.limits.rateLimit);
  const auth = authenticate({ keys: deps.keys, host: deps.host, secret: deps.secret, isRevoked: deps.isRevoked, limiter });
  v1.use('/workbooks/:wb', auth);
  v1.use('/workbooks/:wb/*', auth);
  for (const g of bodyGuards(deps.limits.maxBodyBytes)) v1.use('*', g);
  for (const m of modules) v1.route('/', m(deps));
  const document = () => withWorkspace(v1.getOpenAPI31Document({ ...OPENAPI_INFO, security: [{ apiKey: [] }] }) as unknown as OpenApiDocument, deps.workspaceDocument?.());
  v1.get('/openapi.json', (c) => c.json(document()));

  const app = new OpenAPIHono();
  app.route('/api/v1', v1);
  app.get('/api/docs', (c) => c.html(docsPage(document() as unknown as Record<string, unknown>)));
  app.get('/api', (c) => c.redirect('/api/docs'));
  const onError = (err: Error, c: Context) => {
    const e = toApiError(err);
    if (e.status >= 500) deps.log('error', `api ${c.req.method} ${new URL(c.req.url).pathname}: ${err.stack ?? err.message}`);
    return errorJson(c, e);
  };
  app.onError(onError);
  v1.onError(onError);
  app.notFound((c) => errorJson(c, new ApiError(404, 'not-found', `no route ${c.req.method} ${new URL(c.req.url).pathname}`)));
  return app;
}
