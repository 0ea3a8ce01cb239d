// The customer page's pure parts: addresses, the quick switcher's search, the health
// chart's window.
import { describe, expect, it } from 'vitest';
import { pathOf, routeOf } from '../../client/c360/route.js';
import { indexCustomers, searchCustomers, searchViews } from '../../client/switcher/search.js';

describe('routes', () => {
  it('reads the workbook and the customer; writes them back', () => {
    expect(routeOf('/w/team')).toEqual({ workbook: 'team', customer: null });
    expect(routeOf('/w/team/')).toEqual({ workbook: 'team', customer: null });
    expect(routeOf('/w/team/c/AbC-12_x')).toEqual({ workbook: 'team', customer: 'AbC-12_x' });
    expect(routeOf('/w/team/c/a%20b')).toEqual({ workbook: 'team', customer: 'a b' });
    expect(routeOf(pathOf({ workbook: 'w1', customer: 'id/with?odd#chars' }))).toEqual({ workbook: 'w1', customer: 'id/with?odd#chars' });
    expect(pathOf({ workbook: 'w1', customer: null })).toBe('/w/w1');
  });
  it('refuses what is not an address of the app, without throwing', () => {
    for (const p of ['/', '/w/', '/w/a b', '/w/team/c/', '/w/team/x/1', '/w/team/c/%E0%A4%A', '/other/team']) expect(routeOf(p), p).toBeNull();
  });
});

describe('quick switcher search', () => {
  const index = indexCustomers([
    { id: '1', name: 'Padaria São João', externalId: '12.345.678/0001-90', csOwner: 'Ana Souza' },
    { id: '2', name: 'João Transportes', externalId: '98.765.432/0001-10', csOwner: 'Bruno Lima' },
    { id: '3', name: 'Clínica Bem Estar', externalId: '123.456.789-09', csOwner: 'Ana Souza' },
    { id: '4', name: 42 as unknown as string, externalId: null as unknown as string },
  ]);
  const ids = (q: string) => searchCustomers(index, q).map((h) => h.id);
  it('matches names with accents and case ignored, best first', () => {
    expect(ids('joao')).toEqual(['2', '1']); // starts with the query first
    expect(ids('PADARIA sao')).toEqual(['1']);
    expect(ids('clinica')).toEqual(['3']);
  });
  it('matches a CNPJ/CPF with or without punctuation', () => {
    expect(ids('12345678000190')).toEqual(['1']);
    expect(ids('12.345.678/0001-90')).toEqual(['1']);
    expect(ids('123.456.789')).toEqual(['3']);
  });
  it('matches the CS owner, after name matches', () => {
    expect(ids('ana souza')).toEqual(['3', '1']); // ties by name: Clínica, Padaria
    expect(ids('bruno')).toEqual(['2']);
  });
  it('an empty or unmatched query finds no customer; a bad row has its id as name', () => {
    expect(ids('')).toEqual([]);
    expect(ids('zzz')).toEqual([]);
    expect(ids('4')).toEqual(['4']);
  });
  it('views by label', () => {
    const views = [{ label: 'Painel' }, { label: 'Clientes' }, { label: 'Configurações' }];
    expect(searchViews(views, 'config')).toEqual([{ label: 'Configurações' }]);
    expect(searchViews(views, '')).toHaveLength(3);
  });
});
