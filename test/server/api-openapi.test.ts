// The OpenAPI document validates (@readme/openapi-parser: the OpenAPI 3.1 schema plus its
// extra checks), describes every route the server answers, and the reference page at
// /api/docs renders it with no external resource.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileErrors, validate } from '@readme/openapi-parser';
import { tableNames } from '../../core/index.js';
import { startApiServer, type ApiTestServer } from './api-support.js';

let srv: ApiTestServer;
let doc: any;
beforeAll(async () => {
  srv = await startApiServer({ staticDir: '/nonexistent' });
  const res = await srv.call('GET', '/api/v1/openapi.json');
  expect(res.status).toBe(200);
  doc = res.json;
});
afterAll(async () => { await srv.stop(); });

describe('GET /api/v1/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    expect(doc.openapi).toBe('3.1.0');
    const result = await validate(structuredClone(doc));
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
    expect(result.warnings).toEqual([]);
  });

  it('describes every endpoint of the issue, with the schemas that validate requests', () => {
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/workbooks/{wb}/customers', '/workbooks/{wb}/customers/{id}', '/workbooks/{wb}/dashboard',
      '/workbooks/{wb}/keys', '/workbooks/{wb}/keys/{id}',
      '/workbooks/{wb}/tables/{table}/rows', '/workbooks/{wb}/tables/{table}/rows/{id}',
      '/workbooks/{wb}/usage/events',
      '/workbooks/{wb}/webhooks', '/workbooks/{wb}/webhooks/deliveries', '/workbooks/{wb}/webhooks/{id}',
      // The workspace's (share-link) endpoints, under the same /api/v1.
      '/workbooks', '/workbooks/{wb}', '/workbooks/{wb}/history', '/workbooks/{wb}/links', '/workbooks/{wb}/links/{linkId}',
      '/workbooks/{wb}/versions', '/workbooks/{wb}/versions/{v}', '/workbooks/{wb}/versions/{v}/restore',
    ].sort());
    const schemas = doc.components.schemas;
    // One row schema per table, generated from core's schema (fields, enums, limits).
    for (const t of tableNames) expect(schemas[`${t[0].toUpperCase()}${t.slice(1)}Row`], t).toBeDefined();
    expect(schemas.ContractsRow.properties.model.enum).toEqual(['recurring', 'one-off', null]); // null clears on update
    expect(schemas.ContractsRow.properties.customerExternalId).toBeDefined();
    expect(schemas.CustomersRow.additionalProperties).toBe(false);
    expect(schemas.UsageEvent.required).toEqual(['userId']);
    expect(Object.keys(doc.paths['/workbooks/{wb}/tables/{table}/rows'].put.responses).sort()).toEqual(['200', '400', '401', '403', '404', '413', '415', '422', '429']);
    expect(schemas.Error.properties.error.required).toEqual(['code', 'message']);
  });

  it('every documented operation is served (401 without a key, not 404)', async () => {
    for (const [path, item] of Object.entries<Record<string, unknown>>(doc.paths)) {
      for (const method of Object.keys(item)) {
        const url = `/api/v1${path.replace('{wb}', 'team').replace('{table}', 'usage').replace('{id}', 'x')}`;
        const res = await srv.call(method.toUpperCase(), url);
        expect(res.status, `${method} ${url}`).toBe(401);
      }
    }
  });
});

describe('GET /api/docs', () => {
  it('is a self-contained reference of every operation and schema', async () => {
    const res = await srv.call('GET', '/api/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    for (const path of Object.keys(doc.paths)) expect(res.text).toContain(`/api/v1${path}`);
    for (const name of Object.keys(doc.components.schemas)) expect(res.text).toContain(`id="schema-${name}"`);
    expect(res.text).toContain('Upsert a batch of rows');
    // No CDN, no script: nothing is fetched from elsewhere.
    expect(res.text).not.toMatch(/<script|<link[^>]+href=|src="https?:|url\(https?:/i);
    expect((await srv.call('GET', '/api')).text).toContain('Upsert a batch of rows'); // /api redirects to the reference
  });
});
