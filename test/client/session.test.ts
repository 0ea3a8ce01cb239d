import { describe, expect, it } from 'vitest';
import { decodeClaims, takeToken, tokenFromHash, workbookIdFromPath } from '../../client/session/token.js';
import { unconfirmedOps } from '../../client/session/unconfirmed.js';
import { MemoryStorage } from './memory-storage.js';
import { REFUSAL } from '../../core/index.js';
import { refusalText } from '../../client/session/refusal.js';
import { translator } from '../../client/i18n/catalog.js';

// A JWT-shaped token whose payload is {"wb":"team","role":"viewer","name":"João","exp":2000000000}.
const payload = Buffer.from(JSON.stringify({ wb: 'team', role: 'viewer', name: 'João', exp: 2000000000 })).toString('base64url');
const token = `eyJhbGciOiJIUzI1NiJ9.${payload}.signature`;

describe('token', () => {
  it('reads role, name (UTF-8), expiry and workbook from the payload', () => {
    expect(decodeClaims(token)).toEqual({ role: 'viewer', name: 'João', exp: 2000000000, workbook: 'team' });
  });
  it('gives empty claims for garbage, never throws', () => {
    const empty = { role: null, name: null, exp: null, workbook: null };
    expect(decodeClaims('not a token')).toEqual(empty);
    expect(decodeClaims('a.%%%.c')).toEqual(empty);
    expect(decodeClaims(null)).toEqual(empty);
  });
  it('finds the workbook id in /w/<id> only', () => {
    expect(workbookIdFromPath('/w/team-1')).toBe('team-1');
    expect(workbookIdFromPath('/w/team/')).toBe('team');
    expect(workbookIdFromPath('/w/')).toBeNull();
    expect(workbookIdFromPath('/w/a b')).toBeNull();
    expect(workbookIdFromPath('/other/x')).toBeNull();
  });
  it('takes the token out of the fragment, keeping other fragment parameters', () => {
    expect(tokenFromHash('#token=abc&x=1')).toEqual({ token: 'abc', rest: '#x=1' });
    expect(tokenFromHash('')).toEqual({ token: null, rest: '' });
  });
  it('stores the token per workbook and cleans the address bar; later visits read it back', () => {
    const s = new MemoryStorage();
    const urls: string[] = [];
    const t1 = takeToken('team', s, { hash: '#token=abc', pathname: '/w/team', search: '?asOf=2026-01-31' }, (u) => urls.push(u));
    expect(t1).toBe('abc');
    expect(urls).toEqual(['/w/team?asOf=2026-01-31']);
    const t2 = takeToken('team', s, { hash: '', pathname: '/w/team', search: '' }, (u) => urls.push(u));
    expect(t2).toBe('abc');
    expect(urls).toHaveLength(1);
    expect(takeToken('other', s, { hash: '', pathname: '/w/other', search: '' }, () => {})).toBeNull();
  });
});

describe('unconfirmed operations', () => {
  it('sums, over client ids, how far the local clock is ahead of the server', () => {
    // client 1: 10 local, 7 on the server → 3; client 2: 5 local, unknown to the server → 5;
    // client 3: the server is ahead (a colleague's edits we have not received) → 0.
    const local = new Map([[1, 10], [2, 5], [3, 4]]);
    const server = new Map([[1, 7], [3, 9]]);
    expect(unconfirmedOps(local, server)).toBe(8);
    expect(unconfirmedOps(local, new Map([[1, 10], [2, 5], [3, 4]]))).toBe(0);
  });
});

describe('refusal banner', () => {
  const pt = translator(() => 'pt-BR');
  it('names every refusal reason of the server in the interface language, never in English inside Portuguese', () => {
    for (const [kind, reason] of Object.entries(REFUSAL)) {
      const sent = kind === 'claimInvalid' ? `${reason}: "exp" claim timestamp check failed` : kind === 'badMessage' ? `${reason}: unknown sync step 9` : reason;
      const text = refusalText({ code: kind === 'otherWorkbook' ? 4403 : kind === 'badMessage' ? 4400 : 4401, reason: sent }, pt);
      expect(text, kind).not.toContain(reason);
      // A revoked link and a backlog too large are not a link to replace: each has its own sentence.
      const expected = kind === 'linkRevoked' ? /^Seu acesso a esta planilha foi removido/ : kind === 'tooLarge' ? /^O servidor não recebeu as alterações que aguardam envio/ : /^O servidor recusou este link \(.+\)\. Sua cópia local/;
      expect(text, kind).toMatch(expected);
    }
    expect(refusalText({ code: 4401, reason: REFUSAL.badSignature }, pt)).toContain('o link não foi emitido por este servidor, ou foi alterado');
  });
  it('falls back to what the close code means for a reason it does not know', () => {
    expect(refusalText({ code: 4403, reason: 'something new' }, pt)).toContain('(sem acesso a esta planilha)');
    expect(refusalText({ code: 4401, reason: '' }, translator(() => 'en'))).toContain('(expired or invalid token)');
    expect(refusalText({ code: 4499, reason: 'x' }, pt)).toContain('(o servidor encerrou a conexão, código 4499)');
  });
});
