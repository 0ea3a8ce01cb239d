// PUT rows (batch upsert, one transaction) and DELETE one row, on any table.
import { createRoute, z } from '@hono/zod-openapi';
import type { ApiDeps } from '../app.js';
import { newRouter } from '../app.js';
import { ApiError, ErrorBody } from '../errors.js';
import { applyPlan, planUpsert } from '../upsert.js';
import { TableParam, WorkbookParam, originOf, tableOf, withWorkbook } from '../use-workbook.js';
import { rowSchemaName, rowSchemas } from '../row-schemas.js';
import { tableNames } from '../../../core/index.js';

const errors = {
  401: { description: 'Missing, unknown or revoked key', content: { 'application/json': { schema: ErrorBody } } },
  403: { description: 'Read-only key, or a key of another workbook', content: { 'application/json': { schema: ErrorBody } } },
  404: { description: 'Unknown workbook, table or row', content: { 'application/json': { schema: ErrorBody } } },
  429: { description: 'Over the key\'s rate limit (see Retry-After)', content: { 'application/json': { schema: ErrorBody } } },
} as const;
export const bodyErrors = {
  400: { description: 'Malformed JSON', content: { 'application/json': { schema: ErrorBody } } },
  413: { description: 'Body over the size limit', content: { 'application/json': { schema: ErrorBody } } },
  415: { description: 'Body is not JSON', content: { 'application/json': { schema: ErrorBody } } },
  422: { description: 'Invalid request: every problem, naming item and field; nothing was written', content: { 'application/json': { schema: ErrorBody } } },
} as const;
export { errors as authErrors };

const UpsertBody = z.strictObject({
  rows: z.array(z.unknown()).min(1).openapi({
    description: `Rows of the table (see the ${tableNames.map(rowSchemaName).join(', ')} schemas). At most 10,000 rows.`,
  }),
  match: z.enum(['id', 'externalId']).default('id').openapi({ description: '"id": rows with a known id are updated. "externalId" (customers only): rows are matched by External ID (CPF/CNPJ).' }),
}).openapi('UpsertRequest');

const UpsertResult = z.object({
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  ids: z.array(z.string()).openapi({ description: 'The id of each row, in request order.' }),
}).openapi('UpsertResult');

const upsert = createRoute({
  method: 'put',
  path: '/workbooks/{wb}/tables/{table}/rows',
  summary: 'Upsert a batch of rows',
  description: 'Validates every row with the workbook schema; all valid → written in one transaction (stored before the answer, '
    + 'relayed live to connected people); any invalid → 422 with every problem and nothing written. Fields absent from a row are '
    + 'kept on update; null clears one. Tables that reference a customer accept customerExternalId instead of customerId. '
    + 'Idempotent: the same batch sent again reports every row unchanged.',
  tags: ['Rows'],
  request: {
    params: z.object({ wb: WorkbookParam, table: TableParam }),
    body: { required: true, content: { 'application/json': { schema: UpsertBody } } },
  },
  responses: {
    200: { description: 'Written', content: { 'application/json': { schema: UpsertResult } } },
    ...errors,
    ...bodyErrors,
  },
});

const remove = createRoute({
  method: 'delete',
  path: '/workbooks/{wb}/tables/{table}/rows/{id}',
  summary: 'Delete one row',
  tags: ['Rows'],
  request: { params: z.object({ wb: WorkbookParam, table: TableParam, id: z.string().min(1).max(200).openapi({ param: { name: 'id', in: 'path' } }) }) },
  responses: {
    200: { description: 'Deleted', content: { 'application/json': { schema: z.object({ deleted: z.string() }) } } },
    ...errors,
  },
});

export function rowsRoutes(deps: ApiDeps) {
  const r = newRouter();
  r.openapi(upsert, async (c) => {
    const table = tableOf(c.req.valid('param').table);
    const body = c.req.valid('json');
    if (body.rows.length > deps.limits.maxBatch) {
      throw new ApiError(422, 'too-many-rows', `a batch holds at most ${deps.limits.maxBatch} rows (got ${body.rows.length}); split it`,
        [{ field: 'rows', code: 'too-many', message: `rows: at most ${deps.limits.maxBatch}` }]);
    }
    const result = await withWorkbook(deps.host, c, async (s) => {
      const planned = planUpsert(s.wb, table, body.rows, body.match);
      if (!planned.ok) throw new ApiError(422, 'invalid-rows', `${planned.errors.length} problem(s) in the batch; nothing was written: ${planned.errors[0].message}`, planned.errors);
      const { plan } = planned;
      if (plan.inserts.length || plan.updates.length) await s.write(originOf(c.get('principal')), (wb) => applyPlan(wb, table, plan));
      return { inserted: plan.inserts.length, updated: plan.updates.length, unchanged: plan.unchanged, ids: plan.ids };
    });
    return c.json(result, 200);
  });
  r.openapi(remove, async (c) => {
    const { table: t, id } = c.req.valid('param');
    const table = tableOf(t);
    await withWorkbook(deps.host, c, async (s) => {
      if (s.wb.get(table, id) === undefined) throw new ApiError(404, 'not-found', `there is no row ${JSON.stringify(id)} in ${table}`);
      await s.write(originOf(c.get('principal')), (wb) => {
        const res = wb.remove(table, id);
        if (!res.ok) throw new Error(res.errors[0]?.message);
      });
    });
    return c.json({ deleted: id }, 200);
  });
  // The per-table row schemas, for the document (validation uses them through planUpsert).
  for (const t of tableNames) r.openAPIRegistry.register(rowSchemaName(t), rowSchemas[t]);
  return r;
}
