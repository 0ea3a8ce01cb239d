// The links this browser holds: one token per workbook in localStorage (session/token.ts
// stores them as `pulso:token:<id>`). The home page lists these workbooks.
import { decodeClaims, type TokenClaims } from '../session/token.js';

export interface HeldLink { workbookId: string; token: string; claims: TokenClaims }

interface KV { length: number; key(i: number): string | null; getItem(k: string): string | null; setItem(k: string, v: string): void }

const PREFIX = 'pulso:token:';

export function heldLinks(storage: KV, now = Date.now()): HeldLink[] {
  const out: HeldLink[] = [];
  for (let i = 0; i < storage.length; i++) {
    const k = storage.key(i);
    if (!k?.startsWith(PREFIX)) continue;
    const token = storage.getItem(k);
    if (!token) continue;
    const claims = decodeClaims(token);
    if (claims.exp !== null && claims.exp * 1000 < now) continue;
    out.push({ workbookId: k.slice(PREFIX.length), token, claims });
  }
  return out.sort((a, b) => a.workbookId.localeCompare(b.workbookId));
}

export function holdLink(storage: KV, workbookId: string, token: string): void {
  storage.setItem(PREFIX + workbookId, token);
}

/** A held owner token (any workbook: owners manage every workbook on the server). */
export const ownerLink = (links: HeldLink[]) => links.find((l) => l.claims.role === 'owner') ?? null;
