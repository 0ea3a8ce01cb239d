// Webhook registration (write key or editor link) and the delivery log.
import { createRoute, z } from '@hono/zod-openapi';
import type { ApiDeps } from '../app.js';
import { newRouter } from '../app.js';
import { ApiError } from '../errors.js';
import { WorkbookParam } from '../use-workbook.js';
import { authErrors, bodyErrors } from './rows.js';
import { WEBHOOK_EVENTS, type Webhook } from '../../store/webhooks-store.js';

const url = z.string().max(2000).refine((u) => {
  try { const p = new URL(u).protocol; return p === 'https:' || p === 'http:'; } catch { return false; }
}, { message: 'must be an http(s) URL' });

const WebhookOut = z.object({
  id: z.string(), url: z.string(), events: z.array(z.enum(WEBHOOK_EVENTS)), renewalDays: z.number().int(),
  createdAt: z.string(), createdBy: z.string(),
}).openapi('Webhook');

const Delivery = z.object({
  id: z.string(), webhookId: z.string(), eventId: z.string(), event: z.enum(WEBHOOK_EVENTS),
  status: z.enum(['pending', 'delivered', 'failed']), attempts: z.number().int(),
  nextAttemptAt: z.string().nullable(), lastStatusCode: z.number().int().nullable(), lastError: z.string().nullable(),
  createdAt: z.string(), deliveredAt: z.string().nullable(), payload: z.unknown(),
}).openapi('WebhookDelivery');

const createHook = createRoute({
  method: 'post', path: '/workbooks/{wb}/webhooks', summary: 'Register a webhook', tags: ['Webhooks'],
  description: 'Events: a customer\'s situation changes (to or from risk/opportunity), its health band changes, a renewal enters the next '
    + '`renewalDays` days, an invoice becomes overdue. Each delivery is a JSON POST with `Pulso-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the secret>`, '
    + 'retried with exponential backoff for a day. The secret is in this answer only.',
  request: {
    params: z.object({ wb: WorkbookParam }),
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.strictObject({
            url,
            events: z.array(z.enum(WEBHOOK_EVENTS)).min(1).max(WEBHOOK_EVENTS.length),
            renewalDays: z.number().int().min(1).max(365).default(30),
          }).openapi('WebhookRequest'),
        },
      },
    },
  },
  responses: {
    201: { description: 'Registered', content: { 'application/json': { schema: z.object({ webhook: WebhookOut, secret: z.string() }) } } },
    ...authErrors, ...bodyErrors,
  },
});
const listHooks = createRoute({
  method: 'get', path: '/workbooks/{wb}/webhooks', summary: 'List webhooks', tags: ['Webhooks'],
  request: { params: z.object({ wb: WorkbookParam }) },
  responses: { 200: { description: 'Webhooks', content: { 'application/json': { schema: z.object({ webhooks: z.array(WebhookOut) }) } } }, ...authErrors },
});
const deleteHook = createRoute({
  method: 'delete', path: '/workbooks/{wb}/webhooks/{id}', summary: 'Remove a webhook', tags: ['Webhooks'],
  request: { params: z.object({ wb: WorkbookParam, id: z.string().max(40).openapi({ param: { name: 'id', in: 'path' } }) }) },
  responses: { 200: { description: 'Removed', content: { 'application/json': { schema: z.object({ removed: z.string() }) } } }, ...authErrors },
});
const deliveries = createRoute({
  method: 'get', path: '/workbooks/{wb}/webhooks/deliveries', summary: 'Delivery log (newest first)', tags: ['Webhooks'],
  request: { params: z.object({ wb: WorkbookParam }), query: z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(100) }) },
  responses: { 200: { description: 'Deliveries', content: { 'application/json': { schema: z.object({ deliveries: z.array(Delivery) }) } } }, ...authErrors },
});

const out = ({ secret: _s, workbook: _w, ...h }: Webhook) => h;
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function webhookRoutes(deps: ApiDeps) {
  const r = newRouter();
  r.openapi(createHook, async (c) => {
    const body = c.req.valid('json');
    const wb = c.get('workbookId');
    const hook = await deps.webhooks.create({ workbook: wb, url: body.url, events: [...new Set(body.events)], renewalDays: body.renewalDays, createdBy: c.get('principal').name });
    const live = await deps.host.acquire(wb);
    try { await deps.watcher.attach(live); } finally { deps.host.release(live); }
    deps.log('info', `workbook ${wb}: webhook ${hook.id} → ${new URL(hook.url).origin} (${hook.events.join(', ')}) added by "${hook.createdBy}"`);
    return c.json({ webhook: out(hook), secret: hook.secret }, 201);
  });
  r.openapi(listHooks, async (c) => c.json({ webhooks: (await deps.webhooks.list(c.get('workbookId'))).map(out) }, 200));
  r.openapi(deliveries, async (c) => {
    const list = await deps.webhooks.deliveries(c.get('workbookId'), c.req.valid('query').limit);
    return c.json({
      deliveries: list.map((d) => ({
        id: d.id, webhookId: d.webhookId, eventId: d.eventId, event: d.event, status: d.status, attempts: d.attempts,
        nextAttemptAt: d.status === 'pending' ? iso(d.nextAttemptAt) : null, lastStatusCode: d.lastStatusCode, lastError: d.lastError,
        createdAt: iso(d.createdAt)!, deliveredAt: iso(d.deliveredAt), payload: JSON.parse(d.payload) as unknown,
      })),
    }, 200);
  });
  r.openapi(deleteHook, async (c) => {
    const { id } = c.req.valid('param');
    if (!(await deps.webhooks.remove(c.get('workbookId'), id))) throw new ApiError(404, 'not-found', `there is no webhook ${JSON.stringify(id)} in this workbook`);
    return c.json({ removed: id }, 200);
  });
  return r;
}
