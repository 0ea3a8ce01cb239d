// Reads: customers with every metric (paged, filtered, as of a date), one customer with its
// health history, and the dashboard exactly as core's computeDashboard returns it. Served by
// the workbook's derivation engine (current with every edit, computed once, not per read).
import { createRoute, z } from '@hono/zod-openapi';
import { compileFilter, fromDay, isIsoDate, type CustomerMetrics, type DashboardFilter } from '../../../core/index.js';
import type { ApiDeps } from '../app.js';
import { newRouter } from '../app.js';
import { ApiError } from '../errors.js';
import { todayIso } from '../session.js';
import { WorkbookParam, withWorkbook } from '../use-workbook.js';
import { authErrors } from './rows.js';
import { CustomerMetricsSchema, DashboardSchema } from '../read-schemas.js';

const list = z.union([z.string(), z.array(z.string())]).optional();
const asOf = z.string().optional().refine((v) => v === undefined || isIsoDate(v), { message: 'must be a date YYYY-MM-DD' })
  .openapi({ format: 'date', description: 'As-of date (default: today, UTC).' });

const FilterQuery = {
  asOf,
  segment: list.openapi({ description: 'Repeat to accept several values (segment=A&segment=B); case and accents ignored.' }),
  plan: list,
  phase: list,
  csOwner: list,
  csm: list,
  tier: list,
  situation: list.openapi({ description: 'risk, opportunity or neutral (on the as-of date).' }),
  status: list.openapi({ description: 'active or inactive (on the as-of date).' }),
  search: z.string().max(200).optional().openapi({ description: 'Every word must occur in the name or External ID.' }),
};

const CustomerOut = z.object({
  id: z.string(),
  fields: z.record(z.string(), z.unknown()).openapi({ description: 'The customer row as stored (see CustomersRow).' }),
  metrics: CustomerMetricsSchema,
}).openapi('Customer');

const listRoute = createRoute({
  method: 'get',
  path: '/workbooks/{wb}/customers',
  summary: 'Customers with every metric',
  description: 'Customers in id order with their fields and every metric of the glossary as of `asOf`, filtered like the dashboard, paged by cursor.',
  tags: ['Read'],
  request: {
    params: z.object({ wb: WorkbookParam }),
    query: z.strictObject({
      ...FilterQuery,
      cursor: z.string().max(400).optional().openapi({ description: 'nextCursor of the previous page.' }),
      limit: z.coerce.number().int().min(1).max(10_000).default(100),
    }),
  },
  responses: {
    200: {
      description: 'A page of customers',
      content: { 'application/json': { schema: z.object({ asOf: z.string(), total: z.number().int(), customers: z.array(CustomerOut), nextCursor: z.string().nullable() }).openapi('CustomerPage') } },
    },
    ...authErrors,
  },
});

const oneRoute = createRoute({
  method: 'get',
  path: '/workbooks/{wb}/customers/{id}',
  summary: 'One customer with its metrics, indicators and health history',
  tags: ['Read'],
  request: {
    params: z.object({ wb: WorkbookParam, id: z.string().min(1).max(200).openapi({ param: { name: 'id', in: 'path' } }) }),
    query: z.strictObject({ asOf, days: z.coerce.number().int().min(1).max(60).default(30).openapi({ description: 'Days of daily health history (up to 60).' }) }),
  },
  responses: {
    200: {
      description: 'The customer',
      content: {
        'application/json': {
          schema: CustomerOut.extend({
            healthHistory: z.array(z.object({ date: z.string(), healthScore: z.number().nullable() })),
          }).openapi('CustomerDetail'),
        },
      },
    },
    ...authErrors,
  },
});

const dashRoute = createRoute({
  method: 'get',
  path: '/workbooks/{wb}/dashboard',
  summary: 'The dashboard',
  description: 'Exactly what core\'s computeDashboard returns for the workbook, the as-of date and the filter (see the dashboard glossary).',
  tags: ['Read'],
  request: {
    params: z.object({ wb: WorkbookParam }),
    query: z.strictObject({ ...FilterQuery, user: z.string().max(200).optional().openapi({ description: 'Whose tasks (activity owner).' }) }),
  },
  responses: {
    200: { description: 'The dashboard', content: { 'application/json': { schema: DashboardSchema } } },
    ...authErrors,
  },
});

type FilterInput = { [K in keyof typeof FilterQuery]?: string | string[] };

function filterOf(q: FilterInput): DashboardFilter {
  const f: DashboardFilter = {};
  const arr = (v: string | string[] | undefined) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);
  for (const k of ['segment', 'plan', 'phase', 'csOwner', 'csm', 'tier'] as const) { const v = arr(q[k]); if (v) f[k] = v; }
  const situation = arr(q.situation);
  if (situation) f.situation = situation as DashboardFilter['situation'];
  const status = arr(q.status);
  if (status) f.status = status as DashboardFilter['status'];
  if (typeof q.search === 'string') f.search = q.search;
  return f;
}

const cursorOf = (id: string) => Buffer.from(id).toString('base64url');
const afterOf = (cursor: string) => Buffer.from(cursor, 'base64url').toString();

export function readRoutes(deps: ApiDeps) {
  const r = newRouter();
  r.openapi(listRoute, async (c) => {
    const q = c.req.valid('query');
    const day = q.asOf ?? todayIso();
    const out = await withWorkbook(deps.host, c, (s) => {
      const engine = s.engine(day);
      const metrics = engine.metrics();
      const match = compileFilter(filterOf(q));
      const ids = [...metrics.keys()].sort();
      const selected = ids.filter((id) => match(s.wb.get('customers', id) ?? {}, metrics.get(id)));
      const after = q.cursor === undefined ? null : afterOf(q.cursor);
      let start = 0;
      if (after !== null) { start = lowerBound(selected, after); if (selected[start] === after) start++; }
      const page = selected.slice(start, start + q.limit);
      const customers = page.map((id) => ({ id, fields: { ...(s.wb.get('customers', id) ?? {}) }, metrics: metrics.get(id)! }));
      const more = start + q.limit < selected.length;
      return { asOf: engine.asOf, total: selected.length, customers, nextCursor: more ? cursorOf(page[page.length - 1]) : null };
    });
    return c.json(out as never, 200);
  });
  r.openapi(oneRoute, async (c) => {
    const { id } = c.req.valid('param');
    const q = c.req.valid('query');
    const out = await withWorkbook(deps.host, c, (s) => {
      const engine = s.engine(q.asOf ?? todayIso());
      const m: CustomerMetrics | undefined = engine.get(id);
      if (!m) throw new ApiError(404, 'not-found', `there is no customer ${JSON.stringify(id)}`);
      const derived = engine.derived();
      const series = derived.health.get(id) ?? [];
      const last = derived.days[derived.days.length - 1];
      const healthHistory: { date: string; healthScore: number | null }[] = [];
      derived.days.forEach((d, i) => { if (d > last - q.days) healthHistory.push({ date: fromDay(d), healthScore: series[i] ?? null }); });
      return { id, fields: { ...(s.wb.get('customers', id) ?? {}) }, metrics: m, healthHistory };
    });
    return c.json(out as never, 200);
  });
  r.openapi(dashRoute, async (c) => {
    const q = c.req.valid('query');
    const out = await withWorkbook(deps.host, c, (s) => s.engine(q.asOf ?? todayIso()).dashboard({ filter: filterOf(q), ...(q.user ? { user: q.user } : {}) }));
    return c.json(out as never, 200);
  });
  return r;
}

function lowerBound(sorted: string[], x: string): number {
  let lo = 0, hi = sorted.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (sorted[mid] < x) lo = mid + 1; else hi = mid; }
  return lo;
}
