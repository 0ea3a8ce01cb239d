// POST usage events: a product streams raw events; they fold into usage rows.
import { createRoute, z } from '@hono/zod-openapi';
import type { ApiDeps } from '../app.js';
import { newRouter } from '../app.js';
import { ApiError } from '../errors.js';
import { applyFold, planFold } from '../usage-events.js';
import { WorkbookParam, originOf, withWorkbook } from '../use-workbook.js';
import { MAX_ID } from '../row-schemas.js';
import { authErrors, bodyErrors } from './rows.js';

const UsageEvent = z.strictObject({
  customerId: z.string().min(1).max(MAX_ID).optional(),
  customerExternalId: z.string().min(1).max(MAX_ID).optional().openapi({ description: 'The customer\'s External ID (CPF/CNPJ), instead of customerId.' }),
  userId: z.string().min(1).max(MAX_ID).openapi({ description: 'Your product\'s user id.' }),
  date: z.string().optional().openapi({ format: 'date', description: 'The day (YYYY-MM-DD); or send timestamp.' }),
  timestamp: z.string().max(40).optional().openapi({ format: 'date-time', example: '2026-11-30T14:05:00-03:00', description: 'ISO 8601 with offset; the day is the one written (the sender\'s local day).' }),
  actions: z.number().int().min(0).max(1_000_000).optional().openapi({ description: 'Actions in this event (default 1).' }),
}).openapi('UsageEvent');

const EventsBody = z.strictObject({ events: z.array(UsageEvent).min(1) }).openapi('UsageEventsRequest');

const route = createRoute({
  method: 'post',
  path: '/workbooks/{wb}/usage/events',
  summary: 'Send product usage events',
  description: 'Events are summed per customer, user and day and added to that day\'s usage row (created when missing), in one transaction. '
    + 'All valid → 200; any invalid → 422 and nothing is written. Events are counts: sending a batch twice counts it twice.',
  tags: ['Usage'],
  request: {
    params: z.object({ wb: WorkbookParam }),
    body: { required: true, content: { 'application/json': { schema: EventsBody } } },
  },
  responses: {
    200: {
      description: 'Folded',
      content: { 'application/json': { schema: z.object({ events: z.number().int(), rowsInserted: z.number().int(), rowsUpdated: z.number().int() }).openapi('UsageEventsResult') } },
    },
    ...authErrors,
    ...bodyErrors,
  },
});

export function usageRoutes(deps: ApiDeps) {
  const r = newRouter();
  r.openapi(route, async (c) => {
    const { events } = c.req.valid('json');
    if (events.length > deps.limits.maxBatch) {
      throw new ApiError(422, 'too-many-events', `a post holds at most ${deps.limits.maxBatch} events (got ${events.length}); split it`,
        [{ field: 'events', code: 'too-many', message: `events: at most ${deps.limits.maxBatch}` }]);
    }
    const out = await withWorkbook(deps.host, c, async (s) => {
      const planned = planFold(s.wb, events);
      if (!planned.ok) throw new ApiError(422, 'invalid-events', `${planned.errors.length} problem(s); nothing was written: ${planned.errors[0].message}`, planned.errors);
      const { plan } = planned;
      if (plan.inserts.length || plan.updates.length) await s.write(originOf(c.get('principal')), (wb) => applyFold(wb, plan));
      return { events: events.length, rowsInserted: plan.inserts.length, rowsUpdated: plan.updates.length };
    });
    return c.json(out, 200);
  });
  return r;
}
