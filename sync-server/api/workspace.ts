// The workspace API (mounted under /api/v1): workbooks, invitation links, revocation, change
// history and versions. Every route authenticates the share-link token (link-auth.ts) and
// checks the role for the workbook it names; every input is validated by its zod schema and
// every error is `{ error: { code, message } }`.
import * as Y from 'yjs';
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { REFUSAL, type Workbook } from '../../core/index.js';
import { signLink, WORKBOOK_ID, type Grant } from '../tokens.js';
import type { WorkspaceStores } from '../store/index.js';
import type { LinkInfo } from '../store/links.js';
import type { Log } from '../log.js';
import { appLinkFromOrigin } from '../link.js';
import { openVersion, planRestore, applyRestore } from '../version-restore.js';
import { ApiError, ErrorBody, errorJson, toApiError, zodItemErrors } from './errors.js';
import { linkAuth, requireRole, type LinkAuthEnv } from './link-auth.js';

/** What the workspace needs from the server around it. */
export interface WorkspaceHost {
  secret: string;
  stores: WorkspaceStores;
  log: Log;
  /** Runs `fn` on the workbook's live document (opening it if no one has it open). */
  withWorkbook<T>(workbookId: string, fn: (live: { doc: Y.Doc; workbook: Workbook }) => T): Promise<T>;
  /** Closes every live connection made with this token id (4401); returns how many. */
  disconnectToken(tokenId: string, reason: string): number;
}

// ---- schemas -------------------------------------------------------------------------------
const Name = z.string().trim().min(1, 'must not be empty').max(80, 'at most 80 characters')
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'must not contain control characters');
const WorkbookIdParam = z.string().regex(WORKBOOK_ID, 'a workbook id is 1–64 of A–Z a–z 0–9 _ -');
const RoleSchema = z.enum(['owner', 'editor', 'viewer']);
const WorkbookSchema = z.object({
  id: z.string(), name: z.string(), createdAt: z.number(), createdBy: z.string(), archivedAt: z.number().nullable(),
}).openapi('Workbook');
const LinkSchema = z.object({
  id: z.string(), workbookId: z.string(), name: z.string(), role: RoleSchema, createdAt: z.number(), createdBy: z.string(),
  expiresAt: z.number(), lastUsedAt: z.number().nullable(), revokedAt: z.number().nullable(),
}).openapi('Link');
const NewLink = z.object({ link: LinkSchema, token: z.string(), url: z.string() }).openapi('NewLink');
const FieldChangeSchema = z.object({ field: z.string(), old: z.unknown(), new: z.unknown() });
const HistoryEntrySchema = z.object({
  id: z.number(), workbookId: z.string(), at: z.number(), by: z.string(), table: z.string(), row: z.string(),
  kind: z.enum(['insert', 'update', 'remove', 'settings', 'bulk']), changes: z.array(FieldChangeSchema),
  count: z.number().optional(), note: z.string().optional(),
}).openapi('HistoryEntry');
const VersionSchema = z.object({
  id: z.number(), workbookId: z.string(), name: z.string(), kind: z.enum(['daily', 'named']), day: z.string().nullable(),
  at: z.number(), by: z.string(), bytes: z.number(),
}).openapi('Version');
const PlanSchema = z.object({
  inserts: z.number(), updates: z.number(), settings: z.boolean(),
  removes: z.array(z.object({ table: z.string(), id: z.string(), label: z.string() })),
  skipped: z.array(z.object({ table: z.string(), id: z.string(), message: z.string() })).optional(),
  savedBefore: VersionSchema.optional(),
}).openapi('RestorePlan');
/** Accepts an ISO date or date-time, or ms since epoch. */
const Instant = z.string().max(40).transform((s, ctx) => {
  const n = /^\d+$/.test(s) ? Number(s) : Date.parse(s);
  if (!Number.isFinite(n)) { ctx.addIssue({ code: 'custom', message: 'not a date (use YYYY-MM-DD, an ISO date-time or ms since epoch)' }); return z.NEVER; }
  return n;
});

const json = <S extends z.ZodType>(schema: S, description: string) => ({ content: { 'application/json': { schema } }, description });
const errors = {
  400: json(ErrorBody, 'malformed JSON body'),
  422: json(ErrorBody, 'invalid input: errors names each field'),
  401: json(ErrorBody, 'missing, forged, expired or revoked token'),
  403: json(ErrorBody, 'the link\'s role or workbook does not allow this'),
  404: json(ErrorBody, 'no such workbook, link or version'),
};
const security = [{ bearer: [] }];
const wbParam = z.object({ wb: WorkbookIdParam.openapi({ param: { name: 'wb', in: 'path' } }) });

// ---- routes --------------------------------------------------------------------------------
const listWorkbooks = createRoute({
  method: 'get', path: '/workbooks', security, summary: 'Workbooks this link can open (an owner: every workbook)',
  responses: { 200: json(z.object({ workbooks: z.array(WorkbookSchema) }), 'workbooks'), ...errors },
});
const createWorkbook = createRoute({
  method: 'post', path: '/workbooks', security, summary: 'Create a workbook (owners); answers with an owner link to it',
  request: { body: { content: { 'application/json': { schema: z.object({ name: Name, id: WorkbookIdParam.optional() }) } }, required: true } },
  responses: { 201: json(z.object({ workbook: WorkbookSchema, link: NewLink }), 'created'), ...errors, 409: json(ErrorBody, 'id taken') },
});
const updateWorkbook = createRoute({
  method: 'patch', path: '/workbooks/{wb}', security, summary: 'Rename (editors and owners) or archive/unarchive (owners)',
  request: { params: wbParam, body: { content: { 'application/json': { schema: z.object({ name: Name.optional(), archived: z.boolean().optional() }).strict() } }, required: true } },
  responses: { 200: json(z.object({ workbook: WorkbookSchema }), 'updated'), ...errors },
});
const listLinks = createRoute({
  method: 'get', path: '/workbooks/{wb}/links', security, summary: 'Active links (owners: all; others: only their own)',
  request: { params: wbParam, query: z.object({ revoked: z.enum(['0', '1']).optional() }) },
  responses: { 200: json(z.object({ links: z.array(LinkSchema) }), 'links'), ...errors },
});
const createLink = createRoute({
  method: 'post', path: '/workbooks/{wb}/links', security, summary: 'Create an invitation link (owners)',
  request: {
    params: wbParam,
    body: { content: { 'application/json': { schema: z.object({ name: Name, role: RoleSchema, expiresInDays: z.number().int().min(1).max(365).default(30) }).strict() } }, required: true },
  },
  responses: { 201: json(NewLink, 'created'), ...errors },
});
const revokeLink = createRoute({
  method: 'delete', path: '/workbooks/{wb}/links/{linkId}', security, summary: 'Revoke a link (owners): its connections close with 4401 at once',
  request: { params: wbParam.extend({ linkId: z.string().uuid('a link id is a UUID').openapi({ param: { name: 'linkId', in: 'path' } }) }) },
  responses: { 200: json(z.object({ link: LinkSchema, disconnected: z.number() }), 'revoked'), ...errors },
});
const getHistory = createRoute({
  method: 'get', path: '/workbooks/{wb}/history', security, summary: 'Change history, newest first (every role)',
  request: {
    params: wbParam,
    query: z.object({
      table: z.string().max(40).optional(), row: z.string().max(200).optional(), by: z.string().max(80).optional(),
      since: Instant.optional(), until: Instant.optional(),
      before: z.coerce.number().int().positive().optional(), limit: z.coerce.number().int().min(1).max(1000).optional(),
    }),
  },
  responses: { 200: json(z.object({ entries: z.array(HistoryEntrySchema), authors: z.array(z.string()) }), 'entries'), ...errors },
});
const listVersions = createRoute({
  method: 'get', path: '/workbooks/{wb}/versions', security, summary: 'Versions, newest first (owners)',
  request: { params: wbParam },
  responses: { 200: json(z.object({ versions: z.array(VersionSchema) }), 'versions'), ...errors },
});
const saveVersion = createRoute({
  method: 'post', path: '/workbooks/{wb}/versions', security, summary: 'Save the current state as a named version (owners)',
  request: { params: wbParam, body: { content: { 'application/json': { schema: z.object({ name: Name }).strict() } }, required: true } },
  responses: { 201: json(z.object({ version: VersionSchema }), 'saved'), ...errors },
});
const vParam = wbParam.extend({ v: z.coerce.number().int().positive().openapi({ param: { name: 'v', in: 'path' }, type: 'integer' }) });
const getVersion = createRoute({
  method: 'get', path: '/workbooks/{wb}/versions/{v}', security, summary: 'A version\'s document (Yjs update, for a read-only preview; owners)',
  request: { params: vParam },
  responses: { 200: { content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } }, description: 'Yjs update' }, ...errors },
});
const restoreVersion = createRoute({
  method: 'post', path: '/workbooks/{wb}/versions/{v}/restore', security,
  summary: 'Restore a version as ordinary changes (owners). Rows written after it are listed (409) until confirmed: '
    + 'confirmRemovals lists the "table/id" of the rows shown (others are kept), or is true for all.',
  request: {
    params: vParam,
    body: {
      content: { 'application/json': { schema: z.object({
        dryRun: z.boolean().default(false),
        confirmRemovals: z.union([z.boolean(), z.array(z.string().max(300)).max(1_000_000)]).default(false),
      }).strict() } },
      required: false,
    },
  },
  responses: { 200: json(PlanSchema, 'restored (or the plan, for a dry run)'), ...errors, 409: json(ErrorBody, 'the restore would remove rows; details lists them') },
});

// ---- the app -------------------------------------------------------------------------------
const slug = (name: string) => name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
  .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'workbook';

export function workspaceApi(host: WorkspaceHost): OpenAPIHono<LinkAuthEnv> {
  const { stores, secret } = host;
  const app = new OpenAPIHono<LinkAuthEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const errors = zodItemErrors(result.error);
        const where = result.target === 'json' ? 'body' : result.target;
        throw new ApiError(422, 'invalid-request', `invalid ${where}: ${errors.map((e) => e.message).join('; ')}`, errors);
      }
    },
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  app.onError((e, c) => {
    const err = toApiError(e);
    if (err.status >= 500) host.log('error', `${c.req.method} ${c.req.path}: ${e.stack ?? e.message}`);
    return errorJson(c, err);
  });
  // Every body here is a few fields: refuse anything big before reading it.
  app.use('*', bodyLimit({ maxSize: 64 * 1024, onError: () => { throw new ApiError(413, 'payload-too-large', 'request body above 64 KiB'); } }));
  app.use('/workbooks', linkAuth(secret, stores.links));
  app.use('/workbooks/*', linkAuth(secret, stores.links));

  const grantOf = (c: Context<LinkAuthEnv>): Grant => c.get('grant');
  const origin = (c: Context<LinkAuthEnv>) => new URL(c.req.url).origin;
  const known = async (wb: string) => {
    const w = await stores.workbooks.get(wb);
    if (!w) throw new ApiError(404, 'not-found', `there is no workbook "${wb}"`);
    return w;
  };
  async function issueLink(c: Context<LinkAuthEnv>, wb: string, name: string, role: LinkInfo['role'], days: number) {
    const by = grantOf(c).name || grantOf(c).role;
    const expires = new Date(Date.now() + days * 86_400_000);
    const { token, id, expiresAt } = await signLink(secret, wb, role, name, expires);
    const createdAt = Date.now();
    await stores.links.add({ id, workbookId: wb, name, role, createdAt, createdBy: by, expiresAt });
    const link = (await stores.links.get(id))!;
    return { link, token, url: appLinkFromOrigin(origin(c), wb, token) };
  }

  app.openapi(listWorkbooks, async (c) => {
    const g = grantOf(c);
    // A link's own workbook is listed even before anyone registered it.
    await stores.workbooks.ensure(g.workbookId, g.name);
    const all = await stores.workbooks.list();
    return c.json({ workbooks: g.role === 'owner' ? all : all.filter((w) => w.id === g.workbookId) }, 200);
  });

  app.openapi(createWorkbook, async (c) => {
    const g = grantOf(c);
    if (g.role !== 'owner') throw new ApiError(403, 'forbidden', 'only owners create workbooks');
    const { name, id } = c.req.valid('json');
    let wb = id ?? slug(name);
    if (id) {
      if (!(await stores.workbooks.create({ id, name, createdBy: g.name }))) throw new ApiError(409, 'conflict', `workbook id "${id}" is taken`);
    } else {
      const base = wb;
      for (let n = 2; !(await stores.workbooks.create({ id: wb, name, createdBy: g.name })); n++) wb = `${base}-${n}`;
    }
    const link = await issueLink(c, wb, g.name || 'Owner', 'owner', 30);
    return c.json({ workbook: (await stores.workbooks.get(wb))!, link }, 201);
  });

  app.openapi(updateWorkbook, async (c) => {
    const { wb } = c.req.valid('param');
    const body = c.req.valid('json');
    requireRole(grantOf(c), wb, body.archived !== undefined ? 'owner' : 'editor');
    await known(wb);
    return c.json({ workbook: (await stores.workbooks.update(wb, body))! }, 200);
  });

  app.openapi(listLinks, async (c) => {
    const { wb } = c.req.valid('param');
    const g = grantOf(c);
    requireRole(g, wb, 'viewer');
    const all = await stores.links.list(wb, { includeRevoked: c.req.valid('query').revoked === '1' });
    // Everyone may see their own link; only owners see the others' (people's names and roles).
    return c.json({ links: g.role === 'owner' ? all : all.filter((l) => l.id === g.tokenId) }, 200);
  });

  app.openapi(createLink, async (c) => {
    const { wb } = c.req.valid('param');
    requireRole(grantOf(c), wb, 'owner');
    await stores.workbooks.ensure(wb, grantOf(c).name);
    const { name, role, expiresInDays } = c.req.valid('json');
    return c.json(await issueLink(c, wb, name, role, expiresInDays), 201);
  });

  app.openapi(revokeLink, async (c) => {
    const { wb, linkId } = c.req.valid('param');
    requireRole(grantOf(c), wb, 'owner');
    const link = await stores.links.get(linkId);
    if (!link || link.workbookId !== wb) throw new ApiError(404, 'not-found', `workbook "${wb}" has no link ${linkId}`);
    await stores.links.revoke(linkId);
    const disconnected = host.disconnectToken(linkId, REFUSAL.linkRevoked);
    host.log('info', `workbook ${wb}: link ${linkId} (${link.role} "${link.name}") revoked by "${grantOf(c).name}"; ${disconnected} connection(s) closed`);
    return c.json({ link: (await stores.links.get(linkId))!, disconnected }, 200);
  });

  app.openapi(getHistory, async (c) => {
    const { wb } = c.req.valid('param');
    requireRole(grantOf(c), wb, 'viewer');
    const q = c.req.valid('query');
    const entries = await stores.history.query({ workbookId: wb, table: q.table, row: q.row, by: q.by, since: q.since, until: q.until, beforeId: q.before, limit: q.limit });
    return c.json({ entries, authors: await stores.history.authors(wb) }, 200);
  });

  app.openapi(listVersions, async (c) => {
    const { wb } = c.req.valid('param');
    requireRole(grantOf(c), wb, 'owner');
    return c.json({ versions: await stores.versions.list(wb) }, 200);
  });

  app.openapi(saveVersion, async (c) => {
    const { wb } = c.req.valid('param');
    const g = grantOf(c);
    requireRole(g, wb, 'owner');
    const { name } = c.req.valid('json');
    const data = await host.withWorkbook(wb, ({ doc }) => encodeState(doc));
    return c.json({ version: await stores.versions.saveNamed({ workbookId: wb, name, by: g.name, data }) }, 201);
  });

  app.openapi(getVersion, async (c) => {
    const { wb, v } = c.req.valid('param');
    requireRole(grantOf(c), wb, 'owner');
    const found = await stores.versions.get(wb, v);
    if (!found) throw new ApiError(404, 'not-found', `workbook "${wb}" has no version ${v}`);
    return c.body(Buffer.from(found.data), 200, { 'content-type': 'application/octet-stream', 'cache-control': 'no-store' }) as never;
  });

  app.openapi(restoreVersion, async (c) => {
    const { wb, v } = c.req.valid('param');
    const g = grantOf(c);
    requireRole(g, wb, 'owner');
    const opts = c.req.valid('json') ?? { dryRun: false, confirmRemovals: false };
    const found = await stores.versions.get(wb, v);
    if (!found) throw new ApiError(404, 'not-found', `workbook "${wb}" has no version ${v}`);
    const version = openVersion(found.data);
    const label = found.info.name || found.info.day || `#${v}`;
    const outcome = await host.withWorkbook(wb, ({ doc, workbook }) => {
      const plan = planRestore(workbook, version);
      if (opts.dryRun) return { plan };
      if (plan.removes.length && opts.confirmRemovals === false) {
        throw new ApiError(409, 'conflict', `restoring "${label}" would remove ${plan.removes.length} row(s) written after it; send confirmRemovals: true after showing them`, undefined, undefined, { removes: plan.removes });
      }
      // The state before the restore is kept as a version: restoring it undoes the restore.
      const before = encodeState(doc);
      const consent = opts.confirmRemovals === true ? true : new Set(opts.confirmRemovals || []);
      const result = applyRestore(workbook, version, { name: g.name || 'owner', note: `restore of version "${label}"` }, consent);
      return { plan: result, before };
    });
    let savedBefore;
    if (outcome.before) savedBefore = await stores.versions.saveNamed({ workbookId: wb, name: `Before restoring "${label}"`, by: g.name, data: outcome.before });
    version.doc.destroy();
    return c.json({ ...outcome.plan, ...(savedBefore ? { savedBefore } : {}) }, 200);
  });

  return app;
}

function encodeState(doc: Y.Doc): Uint8Array {
  return Y.encodeStateAsUpdate(doc);
}
