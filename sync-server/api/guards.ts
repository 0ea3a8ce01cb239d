// Request guards for every body-carrying request: size (413), media type (415) and JSON
// syntax (400, with the parser's position). They run before validation, so handlers only
// ever see a bounded, well-formed JSON value.
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ApiError } from './errors.js';

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

export function bodyGuards(maxBytes: number): MiddlewareHandler[] {
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: () => { throw new ApiError(413, 'payload-too-large', `the body is larger than ${maxBytes} bytes`); },
  });
  const hasBody: MiddlewareHandler = async (c, next) => {
    const m = c.req.method;
    if (m === 'GET' || m === 'HEAD' || m === 'DELETE' || m === 'OPTIONS') return next();
    if (!JSON_TYPE.test(c.req.header('content-type') ?? '')) {
      throw new ApiError(415, 'unsupported-media-type', 'the body must be JSON: send Content-Type: application/json');
    }
    return limit(c, async () => {
      const text = await c.req.text();
      try {
        JSON.parse(text);
      } catch (e) {
        throw new ApiError(400, 'malformed-json', `the body is not valid JSON: ${(e as Error).message}`);
      }
      await next();
    });
  };
  return [hasBody];
}
