// Share-link authentication for the API: `Authorization: Bearer <token>`, the same signed
// token a link carries. Refused when missing, forged, expired or revoked (401). Scope:
// an owner link is the server's administrator (every workbook); any other link reaches
// only its own workbook (403 elsewhere).
import type { MiddlewareHandler } from 'hono';
import { verifyToken, isRefusal, type Grant, type Role } from '../tokens.js';
import type { LinkStore } from '../store/links.js';
import { ApiError } from './errors.js';

export type LinkAuthEnv = { Variables: { grant: Grant } };

/** Last-use times are written at most this often per link (every request would be a write). */
const TOUCH_EVERY_MS = 60_000;

export function linkAuth(secret: string, links: LinkStore): MiddlewareHandler<LinkAuthEnv> {
  const touched = new Map<string, number>();
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) throw new ApiError(401, 'unauthorized', 'send the link\'s token as "Authorization: Bearer <token>"');
    const grant = await verifyToken(secret, m[1], null);
    if (isRefusal(grant)) throw new ApiError(401, 'unauthorized', grant.reason);
    if (grant.tokenId && await links.isRevoked(grant.tokenId)) throw new ApiError(401, 'unauthorized', 'this link was revoked');
    if (grant.tokenId) {
      const now = Date.now();
      if ((touched.get(grant.tokenId) ?? 0) + TOUCH_EVERY_MS < now) {
        touched.set(grant.tokenId, now);
        await links.touch(grant.tokenId, now);
      }
    }
    c.set('grant', grant);
    await next();
  };
}

const RANK: Record<Role, number> = { viewer: 0, editor: 1, owner: 2 };

/** Throws unless the grant reaches `workbookId` with at least `role`. */
export function requireRole(grant: Grant, workbookId: string, role: Role): void {
  if (grant.role !== 'owner' && grant.workbookId !== workbookId) throw new ApiError(403, 'forbidden', `this link is for workbook "${grant.workbookId}", not "${workbookId}"`);
  if (RANK[grant.role] < RANK[role]) throw new ApiError(403, 'forbidden', `this needs the ${role} role; this link is ${grant.role}`);
}
