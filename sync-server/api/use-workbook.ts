// Route helpers: open the caller's workbook for the length of a request, and name tables.
import type { Context } from 'hono';
import { z } from '@hono/zod-openapi';
import { tableNames, type TableName } from '../../core/index.js';
import type { ApiEnv, Principal } from './auth.js';
import { ApiError } from './errors.js';
import type { ApiOrigin, WorkbookHost } from './host.js';
import { sessionOf, type WorkbookSession } from './session.js';

export async function withWorkbook<T>(host: WorkbookHost, c: Context<ApiEnv>, fn: (s: WorkbookSession) => Promise<T> | T): Promise<T> {
  const live = await host.acquire(c.get('workbookId'));
  try {
    return await fn(sessionOf(live));
  } finally {
    host.release(live);
  }
}

export function tableOf(name: string): TableName {
  if (!(tableNames as string[]).includes(name)) throw new ApiError(404, 'not-found', `there is no table ${JSON.stringify(name)}; tables: ${tableNames.join(', ')}`);
  return name as TableName;
}

/** The doc update's origin for a write: attributed to the key's (or person's) name. */
export const originOf = (p: Principal): ApiOrigin => ({ api: true, keyId: p.kind === 'key' ? p.keyId : null, name: p.name });

export const WorkbookParam = z.string().openapi({ param: { name: 'wb', in: 'path' }, example: 'team', description: 'Workbook id' });
export const TableParam = z.string().openapi({ param: { name: 'table', in: 'path' }, example: 'usage', description: `One of ${tableNames.join(', ')}` });
