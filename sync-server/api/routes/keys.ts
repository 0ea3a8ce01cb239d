// API key management for the app's Settings: list, create, revoke. Needs an editor link
// (a key cannot mint or revoke keys). The new key is in the creation answer only.
import { createRoute, z } from '@hono/zod-openapi';
import type { ApiDeps } from '../app.js';
import { newRouter } from '../app.js';
import { requireEditor } from '../auth.js';
import { ApiError } from '../errors.js';
import { WorkbookParam } from '../use-workbook.js';
import { authErrors, bodyErrors } from './rows.js';

const KeyInfo = z.object({
  id: z.string(), name: z.string(), scope: z.enum(['read', 'write']),
  createdAt: z.string(), createdBy: z.string(), lastUsedAt: z.string().nullable(), revokedAt: z.string().nullable(),
}).openapi('ApiKey');

const listRoute = createRoute({
  method: 'get', path: '/workbooks/{wb}/keys', summary: 'List API keys (editor link)', tags: ['Keys'],
  middleware: [requireEditor] as const,
  request: { params: z.object({ wb: WorkbookParam }) },
  responses: { 200: { description: 'Keys, revoked ones included', content: { 'application/json': { schema: z.object({ keys: z.array(KeyInfo) }) } } }, ...authErrors },
});
const createKeyRoute = createRoute({
  method: 'post', path: '/workbooks/{wb}/keys', summary: 'Create an API key (editor link)', tags: ['Keys'],
  middleware: [requireEditor] as const,
  request: {
    params: z.object({ wb: WorkbookParam }),
    body: { required: true, content: { 'application/json': { schema: z.strictObject({ name: z.string().trim().min(1).max(100), scope: z.enum(['read', 'write']) }) } } },
  },
  responses: {
    201: { description: 'The key, shown this once', content: { 'application/json': { schema: z.object({ key: z.string(), info: KeyInfo }) } } },
    ...authErrors, ...bodyErrors,
  },
});
const revokeRoute = createRoute({
  method: 'delete', path: '/workbooks/{wb}/keys/{id}', summary: 'Revoke an API key (editor link)', tags: ['Keys'],
  middleware: [requireEditor] as const,
  request: { params: z.object({ wb: WorkbookParam, id: z.string().max(40).openapi({ param: { name: 'id', in: 'path' } }) }) },
  responses: { 200: { description: 'Revoked: it stops working at once', content: { 'application/json': { schema: z.object({ revoked: z.string() }) } } }, ...authErrors },
});

const strip = ({ workbook: _w, ...rest }: { workbook: string } & z.infer<typeof KeyInfo>) => rest;

export function keyRoutes(deps: ApiDeps) {
  const r = newRouter();
  r.openapi(listRoute, async (c) => c.json({ keys: (await deps.keys.list(c.get('workbookId'))).map(strip) }, 200));
  r.openapi(createKeyRoute, async (c) => {
    const { name, scope } = c.req.valid('json');
    const { key, info } = await deps.keys.create({ workbook: c.get('workbookId'), name, scope, createdBy: c.get('principal').name });
    deps.log('info', `workbook ${info.workbook}: API key ${info.id} "${info.name}" (${info.scope}) created by "${info.createdBy}"`);
    return c.json({ key, info: strip(info) }, 201);
  });
  r.openapi(revokeRoute, async (c) => {
    const { id } = c.req.valid('param');
    if (!(await deps.keys.revoke(c.get('workbookId'), id))) throw new ApiError(404, 'not-found', `there is no live key ${JSON.stringify(id)} in this workbook`);
    deps.log('info', `workbook ${c.get('workbookId')}: API key ${id} revoked by "${c.get('principal').name}"`);
    return c.json({ revoked: id }, 200);
  });
  return r;
}
