// The access token arrives in the link's fragment (#token=…) so page requests never carry
// it. It is kept per workbook in localStorage and removed from the address bar. The
// client reads the JWT payload for the role and name; only the server verifies it.

export interface TokenClaims {
  role: 'owner' | 'editor' | 'viewer' | null;
  name: string | null;
  /** Expiry, seconds since epoch, when present. */
  exp: number | null;
  workbook: string | null;
}

/** Decodes a JWT's payload without verifying it. Garbage gives empty claims, never throws. */
export function decodeClaims(token: string | null | undefined): TokenClaims {
  const empty: TokenClaims = { role: null, name: null, exp: null, workbook: null };
  if (!token) return empty;
  const part = token.split('.')[1];
  if (!part) return empty;
  try {
    const b64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const p = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
    const str = (v: unknown) => (typeof v === 'string' && v ? v : null);
    const role = p.role === 'owner' || p.role === 'editor' || p.role === 'viewer' ? p.role : null;
    return {
      role,
      name: str(p.name),
      exp: typeof p.exp === 'number' ? p.exp : null,
      workbook: str(p.workbook) ?? str(p.wb) ?? str(p.workbookId) ?? str(p.sub),
    };
  } catch {
    return empty;
  }
}

/** The workbook id of a `/w/<id>` path, or null. */
export function workbookIdFromPath(pathname: string): string | null {
  const m = /^\/w\/([A-Za-z0-9_-]{1,64})\/?$/.exec(pathname);
  return m ? m[1] : null;
}

/** The token in a `#token=…` fragment (other fragment parameters are kept). */
export function tokenFromHash(hash: string): { token: string | null; rest: string } {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const token = params.get('token');
  params.delete('token');
  const rest = params.toString();
  return { token: token || null, rest: rest ? `#${rest}` : '' };
}

interface KV { getItem(k: string): string | null; setItem(k: string, v: string): void }

const tokenKey = (id: string) => `pulso:token:${id}`;
const nameKey = (id: string) => `pulso:name:${id}`;

/**
 * Takes the token from the fragment (storing it) or from storage, and cleans the address
 * bar. Returns the token to use, or null when this browser has none for the workbook.
 */
export function takeToken(workbookId: string, storage: KV, loc: { hash: string; pathname: string; search: string }, replaceUrl: (url: string) => void): string | null {
  const { token, rest } = tokenFromHash(loc.hash);
  if (token) {
    storage.setItem(tokenKey(workbookId), token);
    replaceUrl(loc.pathname + loc.search + rest);
    return token;
  }
  return storage.getItem(tokenKey(workbookId));
}

/** The token this browser keeps for the workbook (the Settings' API calls send it). */
export function storedToken(workbookId: string, storage: KV): string | null {
  return storage.getItem(tokenKey(workbookId));
}

export function storedName(workbookId: string, storage: KV): string | null {
  return storage.getItem(nameKey(workbookId));
}
export function storeName(workbookId: string, storage: KV, name: string): void {
  storage.setItem(nameKey(workbookId), name);
}
