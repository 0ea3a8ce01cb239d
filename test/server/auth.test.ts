import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { startTestServer, type InProcessTestServer } from '../support/server.js';
import { signToken, verifyToken } from '../../sync-server/tokens.js';
import { connect, synced, waitFor, type Client } from './clients.js';

let srv: InProcessTestServer;
const open: Client[] = [];
const client = (...a: Parameters<typeof connect>) => { const c = connect(...a); open.push(c); return c; };

beforeAll(async () => { srv = await startTestServer(); });
afterAll(async () => {
  for (const c of open) c.destroy();
  await srv.stop();
});

const key = (s: string) => new TextEncoder().encode(s);

async function refused(token: string | null, workbook = 'wb') {
  const c = client(srv.wsUrl, workbook, token);
  const closed = await c.closed;
  // y-websocket 3.1 treats 4400–4499 as final: it must not be trying again.
  await waitFor(() => c.provider.shouldConnect === false, 'provider gave up');
  return closed;
}

describe('every connection is checked', () => {
  it('missing token → 4401, logged with the reason', async () => {
    expect(await refused(null)).toEqual({ code: 4401, reason: 'missing token' });
    expect(srv.logs.some((l) => l.includes('refused') && l.includes('4401 missing token'))).toBe(true);
  });

  it('malformed token → 4401', async () => {
    expect((await refused('not.a.jwt')).code).toBe(4401);
    expect((await refused('garbage')).reason).toBe('malformed token');
  });

  it('forged token (signed with another secret) → 4401', async () => {
    const forged = await signToken('some-other-secret-of-enough-length', 'wb', 'editor', 'Mallory');
    expect(await refused(forged)).toEqual({ code: 4401, reason: "bad token signature (forged or another server's)" });
  });

  it('unsigned token (alg none) → 4401', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const body = Buffer.from(JSON.stringify({ wb: 'wb', role: 'editor', exp: 4102444800 })).toString('base64url');
    expect((await refused(`${header}.${body}.`)).code).toBe(4401);
  });

  it('expired token → 4401', async () => {
    const expired = await new SignJWT({ wb: 'wb', role: 'editor', name: 'Old' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(key(srv.secret));
    expect(await refused(expired)).toEqual({ code: 4401, reason: 'token expired' });
    expect(srv.logs.some((l) => l.includes('4401 token expired'))).toBe(true);
  });

  it('token without expiry → 4401 (every token must expire)', async () => {
    const forever = await new SignJWT({ wb: 'wb', role: 'editor' }).setProtectedHeader({ alg: 'HS256' }).sign(key(srv.secret));
    expect((await refused(forever)).code).toBe(4401);
  });

  it('token with an unknown role → 4401', async () => {
    const admin = await new SignJWT({ wb: 'wb', role: 'admin' }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('1h').sign(key(srv.secret));
    expect(await refused(admin)).toEqual({ code: 4401, reason: 'token lacks workbook or role' });
  });

  it("another workbook's token → 4403", async () => {
    const other = await srv.token('other', 'editor', 'Ana');
    expect(await refused(other, 'wb')).toEqual({ code: 4403, reason: 'token is for another workbook' });
    expect(srv.logs.some((l) => l.includes('on workbook wb: 4403 token is for another workbook (token is for "other")'))).toBe(true);
    // Long ids on both sides: the close reason still fits a close frame (123 bytes).
    const [a, b] = ['a'.repeat(64), 'b'.repeat(64)];
    expect(await refused(await srv.token(a, 'editor'), b)).toEqual({ code: 4403, reason: 'token is for another workbook' });
  });

  it('an open connection is closed with 4401 when its token expires', async () => {
    const soon = await new SignJWT({ wb: 'wb', role: 'editor', name: 'Brief' })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime(Math.floor(Date.now() / 1000) + 2)
      .sign(key(srv.secret));
    const c = client(srv.wsUrl, 'wb', soon);
    await synced(c);
    expect(await c.closed).toEqual({ code: 4401, reason: 'token expired' });
  });

  it('a valid token connects and syncs', async () => {
    const c = client(srv.wsUrl, 'wb', await srv.token('wb', 'editor', 'Ana'));
    await synced(c);
    expect(c.provider.wsconnected).toBe(true);
  });
});

describe('tokens', () => {
  it('carry workbook, role, name and expiry', async () => {
    const before = Date.now();
    const t = await signToken('s3cret-s3cret-s3cret-s3cret-s3cret', 'acme_1', 'viewer', 'Bia Souza', '7d');
    const g = await verifyToken('s3cret-s3cret-s3cret-s3cret-s3cret', t, 'acme_1');
    expect(g).toMatchObject({ workbookId: 'acme_1', role: 'viewer', name: 'Bia Souza' });
    const sevenDays = 7 * 24 * 3600 * 1000;
    const exp = (g as { expiresAt: number }).expiresAt;
    expect(exp).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + sevenDays);
    expect(exp).toBeLessThanOrEqual(Date.now() + sevenDays);
  });

  it('refuse bad workbook ids, roles and durations when signing', async () => {
    await expect(signToken('s', 'has space', 'editor')).rejects.toThrow(/invalid workbook id/);
    await expect(signToken('s', 'x'.repeat(65), 'editor')).rejects.toThrow(/invalid workbook id/);
    await expect(signToken('s', 'ok', 'admin' as never)).rejects.toThrow(/invalid role/);
    await expect(signToken('s', 'ok', 'editor', '', 'soon')).rejects.toThrow();
  });
});
