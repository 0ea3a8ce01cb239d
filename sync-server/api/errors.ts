// The one error shape of the API: `{ error: { code, message }, errors?: [...] }`.
// Handlers and guards throw ApiError; the app's onError writes it (so every route, ours or
// a mounted module's, answers errors the same way without declaring them per status).
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';

/** One problem of one item of a request: a row of a batch, an event, a query parameter. */
export interface ItemError {
  /** Position in the request's list (rows, events), when the problem belongs to one item. */
  index?: number;
  /** The item's id when it has one. */
  id?: string;
  /** The field (dotted path) at fault; null for a problem of the whole item. */
  field: string | null;
  code: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly errors?: ItemError[],
    readonly headers?: Record<string, string>,
    /** Anything else the caller needs to act (e.g. the rows a restore would remove). */
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const ErrorBody = z.object({
  error: z.object({
    code: z.string().openapi({ example: 'unauthorized' }),
    message: z.string().openapi({ example: 'missing API key: send Authorization: Bearer <key>' }),
    details: z.unknown().optional().openapi({ description: 'What the caller needs to act on a conflict (e.g. the rows a restore would remove).' }),
  }),
  errors: z.array(z.object({
    index: z.number().int().optional(),
    id: z.string().optional(),
    field: z.string().nullable(),
    code: z.string(),
    message: z.string(),
  })).optional().openapi({ description: 'Every problem of the request (422), each naming the item and field.' }),
}).openapi('Error');

export function errorJson(c: Context, e: ApiError): Response {
  const body: z.infer<typeof ErrorBody> = { error: { code: e.code, message: e.message } };
  if (e.details !== undefined) body.error.details = e.details;
  if (e.errors) body.errors = e.errors;
  for (const [k, v] of Object.entries(e.headers ?? {})) c.header(k, v);
  return c.json(body, e.status);
}

/** The app's onError: ApiError as is, Hono's own HTTP errors in our shape, anything else 500 (logged, not leaked). */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    const code = status === 413 ? 'payload-too-large' : status === 415 ? 'unsupported-media-type'
      : status === 400 ? (/json/i.test(err.message) ? 'malformed-json' : 'bad-request') : 'http-error';
    return new ApiError(status, code, err.message || 'bad request');
  }
  return new ApiError(500, 'internal', 'internal error (logged on the server)');
}

/** zod issues → item errors. `base` is the path prefix already consumed (e.g. the row index). */
export function zodItemErrors(error: ZodError, opts: { indexAt?: number } = {}): ItemError[] {
  const out: ItemError[] = [];
  for (const issue of error.issues) {
    const path = issue.path.map(String);
    let index: number | undefined;
    if (opts.indexAt !== undefined && path.length > opts.indexAt && /^\d+$/.test(path[opts.indexAt])) {
      index = Number(path[opts.indexAt]);
    }
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [null];
    for (const key of keys) {
      const full = key === null ? path : [...path, key];
      const field = full.length ? full.join('.') : null;
      out.push({
        ...(index === undefined ? {} : { index }),
        field,
        code: zodCode(issue),
        message: key === null ? `${field ?? 'body'}: ${issue.message}` : `${field}: is not a known field`,
      });
    }
  }
  return out;
}

function zodCode(issue: ZodError['issues'][number]): string {
  switch (issue.code) {
    case 'unrecognized_keys': return 'unknown-field';
    case 'invalid_type':
      if ((issue as { expected?: string }).expected === 'int') return 'integer';
      return /received undefined/.test(issue.message) ? 'required' : 'type';
    case 'too_big': return issue.origin === 'string' ? 'too-long' : issue.origin === 'array' ? 'too-many' : 'range';
    case 'too_small': return issue.origin === 'string' ? 'required' : issue.origin === 'array' ? 'too-few' : 'range';
    case 'invalid_value': return 'enum';
    case 'invalid_format': return 'format';
    case 'not_multiple_of': return 'integer';
    default: return 'invalid';
  }
}
