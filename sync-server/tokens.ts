// Access tokens: HS256 JWTs (jose) naming one workbook, a role and a person. The server
// checks every connection with `verifyToken`; the CLI and the start-up link use `signToken`.
import { randomUUID } from 'node:crypto';
import { SignJWT, jwtVerify, errors } from 'jose';
import { REFUSAL } from '../core/index.js';

/** owner: everything, including people, links and versions; editor: edits; viewer: reads. */
export type Role = 'owner' | 'editor' | 'viewer';
export const ROLES: readonly Role[] = ['owner', 'editor', 'viewer'];
/** Roles whose document updates are applied. */
export const canEdit = (role: Role) => role === 'owner' || role === 'editor';
export const WORKBOOK_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** Lifetime of a token when none is asked for. */
export const DEFAULT_EXPIRES = '30d';

export interface Grant {
  workbookId: string;
  role: Role;
  name: string;
  expiresAt: number;
  /** The token's id (jti): what the revocation list names. Null for tokens made before ids existed. */
  tokenId: string | null;
}

/** A refused connection: 4401 when we cannot tell who it is, 4403 when they may not enter. */
export interface Refusal { code: 4401 | 4403; reason: string; /** For the log only. */ detail?: string }

const key = (secret: string) => new TextEncoder().encode(secret);

/**
 * `expires` is a jose duration ("7d", "12h", "90m", "2 weeks") counted from now.
 * Throws on a bad workbook id, role or duration: callers are the CLI and start-up code.
 */
export async function signToken(secret: string, workbookId: string, role: Role, name = '', expires: string | Date = DEFAULT_EXPIRES): Promise<string> {
  return (await signLink(secret, workbookId, role, name, expires)).token;
}

/** signToken, also returning the token id and expiry (what the links registry stores). */
export async function signLink(secret: string, workbookId: string, role: Role, name = '', expires: string | Date = DEFAULT_EXPIRES): Promise<{ token: string; id: string; expiresAt: number }> {
  if (!WORKBOOK_ID.test(workbookId)) throw new Error(`invalid workbook id "${workbookId}": use 1–64 of A–Z a–z 0–9 _ -`);
  if (!ROLES.includes(role)) throw new Error(`invalid role "${role}": use owner, editor or viewer`);
  const id = randomUUID();
  const token = await new SignJWT({ wb: workbookId, role, name })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setJti(id)
    .setIssuedAt()
    .setExpirationTime(expires)
    .sign(key(secret));
  const exp = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')).exp as number;
  return { token, id, expiresAt: exp * 1000 };
}

/** Checks a token for `workbookId` (null: any workbook, the API checks scope itself); never throws. */
export async function verifyToken(secret: string, token: string | null | undefined, workbookId: string | null): Promise<Grant | Refusal> {
  if (!token) return { code: 4401, reason: REFUSAL.missingToken };
  let payload;
  try {
    ({ payload } = await jwtVerify(token, key(secret), { algorithms: ['HS256'], requiredClaims: ['exp'] }));
  } catch (e) {
    if (e instanceof errors.JWTExpired) return { code: 4401, reason: REFUSAL.tokenExpired };
    if (e instanceof errors.JWSSignatureVerificationFailed) return { code: 4401, reason: REFUSAL.badSignature };
    if (e instanceof errors.JWTClaimValidationFailed) return { code: 4401, reason: `${REFUSAL.claimInvalid}: ${e.claim} ${e.reason}` };
    if (e instanceof errors.JOSEAlgNotAllowed) return { code: 4401, reason: REFUSAL.algorithm };
    return { code: 4401, reason: REFUSAL.malformed };
  }
  const { wb, role, name, exp, jti } = payload as { wb?: unknown; role?: unknown; name?: unknown; exp?: number; jti?: unknown };
  if (typeof wb !== 'string' || !ROLES.includes(role as Role)) return { code: 4401, reason: REFUSAL.lacksClaims };
  if (workbookId !== null && wb !== workbookId) return { code: 4403, reason: REFUSAL.otherWorkbook, detail: `token is for "${wb}"` };
  return {
    workbookId: wb, role: role as Role, name: typeof name === 'string' ? name : '', expiresAt: (exp ?? 0) * 1000,
    tokenId: typeof jti === 'string' && jti ? jti : null,
  };
}

export const isRefusal = (g: Grant | Refusal): g is Refusal => 'code' in g;
