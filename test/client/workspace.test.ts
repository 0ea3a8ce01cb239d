// The workspace's pure client parts: which links this browser holds, and how history
// entries read ("Ana Souza, 14:02 — Segment SMB → Enterprise").
import { describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { heldLinks, holdLink, ownerLink } from '../../client/workspace/held.js';
import { fieldLabel, rowLabel, showValue, tableLabel, when } from '../../client/history/describe.js';
import { apiMessage } from '../../client/workspace/api-message.js';
import { translate } from '../../client/i18n/catalog.js';
import type { HistoryEntry } from '../../client/workspace/api.js';

class Store {
  m = new Map<string, string>();
  get length() { return this.m.size; }
  key(i: number) { return [...this.m.keys()][i] ?? null; }
  getItem(k: string) { return this.m.get(k) ?? null; }
  setItem(k: string, v: string) { this.m.set(k, v); }
}

const sign = (claims: Record<string, unknown>, exp: number) =>
  new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setExpirationTime(exp).sign(new TextEncoder().encode('k'.repeat(32)));

describe('held links', () => {
  it('lists the unexpired links of this browser, and finds an owner link among them', async () => {
    const s = new Store();
    const now = Math.floor(Date.now() / 1000);
    holdLink(s, 'team', await sign({ wb: 'team', role: 'editor', name: 'Ana' }, now + 3600));
    holdLink(s, 'sul', await sign({ wb: 'sul', role: 'owner', name: 'Olga' }, now + 3600));
    holdLink(s, 'old', await sign({ wb: 'old', role: 'owner', name: 'Olga' }, now - 10));
    s.setItem('pulso:lang', 'en');
    const links = heldLinks(s);
    expect(links.map((l) => [l.workbookId, l.claims.role, l.claims.name])).toEqual([['sul', 'owner', 'Olga'], ['team', 'editor', 'Ana']]);
    expect(ownerLink(links)?.workbookId).toBe('sul');
    expect(ownerLink(links.filter((l) => l.claims.role !== 'owner'))).toBeNull();
  });
});

describe('history in words', () => {
  const entry: HistoryEntry = {
    id: 1, workbookId: 'w', at: new Date(2026, 5, 15, 14, 2).getTime(), by: 'Ana Souza', table: 'customers', row: 'c1',
    kind: 'update', changes: [{ field: 'segment', old: 'SMB', new: 'Enterprise' }],
  };
  it('names tables and fields in the person\'s language', () => {
    expect(tableLabel('customers', 'pt-BR')).toBe('Clientes');
    expect(fieldLabel('contracts', 'value', 'pt-BR')).toBe('Valor');
    expect(fieldLabel('contracts', 'value', 'en')).toBe('Value');
    expect(fieldLabel('contracts', 'gone', 'en')).toBe('gone');
  });
  it('shows the time alone today, the date before it on other days', () => {
    expect(when(entry.at, 'pt-BR', new Date(2026, 5, 15, 18, 0))).toBe('14:02');
    expect(when(entry.at, 'pt-BR', new Date(2026, 6, 1))).toBe('15/06 14:02');
    expect(when(entry.at, 'pt-BR', new Date(2027, 0, 1))).toBe('15/06/2026 14:02');
  });
  it('shows empty values as such and names a row by its name', () => {
    expect(showValue(null, '(vazio)')).toBe('(vazio)');
    expect(showValue(500, '')).toBe('500');
    expect(rowLabel(entry)).toBe('c1');
    expect(rowLabel({ ...entry, kind: 'remove', changes: [{ field: 'name', old: 'Padaria', new: null }] })).toBe('Padaria');
  });
  it('translates API failures by their code', () => {
    expect(apiMessage('pt-BR', { code: 'forbidden', message: 'x' })).toBe('Seu papel não permite isso.');
    expect(apiMessage('en', { code: 'invalid-request', message: 'name: must not be empty' })).toBe('Invalid input: name: must not be empty');
    expect(translate('pt-BR', 'share.days', { n: 7 })).toBe('7 dias');
  });
});
