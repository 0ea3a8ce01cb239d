// The in-app glossary: entries from core's catalog in the interface language, the docs' text
// as plain prose (no Markdown marks, no field key), and addresses that are the app's own.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { customerColumns, figureCards } from '../../core/index.js';
import { glossaryEntry, proseOf } from '../../client/glossary/entry.js';
import { glossarySection } from '../../client/dashboard/glossary.js';
import { routeOf } from '../../client/c360/route.js';

describe('glossary entries', () => {
  it('every (i) anchor of the dashboard and of the customer columns has an entry in both languages', () => {
    for (const anchor of new Set([...figureCards.map((c) => c.anchor), ...customerColumns.map((c) => c.anchor)])) {
      for (const lang of ['en', 'pt-BR'] as const) {
        const e = glossaryEntry(anchor, lang);
        expect(e, `${anchor} ${lang}`).not.toBeNull();
        expect(e!.title.trim(), anchor).not.toBe('');
        for (const i of e!.items) expect(i.text.trim(), anchor).not.toBe('');
      }
    }
  });
  it('names the term by its label, in the interface language', () => {
    expect(glossaryEntry('glossary-dashboard.md#nrr', 'pt-BR')).toEqual({
      title: 'NRR', items: [{ label: 'NRR', text: '(Abertura + expansão − redução − cancelado) ÷ MRR de abertura × 100.' }],
    });
    const moves = glossaryEntry('glossary-dashboard.md#mrrmovements', 'pt-BR')!;
    expect(moves.title).toBe('Movimentação de MRR no mês');
    expect(moves.items.map((i) => i.label)).toEqual(['MRR de abertura', 'MRR novo', 'Expansão', 'Reativação', 'Redução', 'MRR cancelado', 'MRR de fechamento']);
    expect(glossaryEntry('glossary.md#daystorenewal', 'pt-BR')!.title).toBe('Dias p/ renovação');
    expect(glossaryEntry('glossary.md#nosuchthing', 'en')).toBeNull();
  });
  it('turns a docs section into prose without backticks, bold marks or the field key', () => {
    const md = readFileSync(new URL('../../docs/glossary-dashboard.md', import.meta.url), 'utf8');
    const prose = proseOf(glossarySection(md, 'arpa')!);
    expect(prose).toEqual(['Ticket médio (ARPA). mrr / activeCustomers; null with no active customer.']);
    for (const anchor of new Set(figureCards.map((c) => c.anchor))) {
      const text = proseOf(glossarySection(md, anchor.split('#')[1]) ?? 'x').join('\n');
      expect(text, anchor).not.toMatch(/`|\*\*/);
    }
  });
});

describe('glossary addresses', () => {
  it('a relative docs link is not a workbook address', () => {
    for (const p of ['/w/docs/glossary-dashboard.md', '/w/team/docs/glossary.md', '/docs/glossary.md']) expect(routeOf(p), p).toBeNull();
  });
});
