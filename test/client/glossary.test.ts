// The in-app glossary: entries from core's catalog in the interface language, the docs' text
// as plain prose (no Markdown marks, no field key), and addresses that are the app's own.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { customerColumns, figureCards } from '../../core/index.js';
import { docsFileFor, docsProse, docsSection, glossaryEntry, proseOf, prosePartsOf } from '../../client/glossary/entry.js';
import { englishIn } from '../e2e/language-scan.js';
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

// The docs' longer text in pt-BR: docs/glossary*.pt-BR.md beside the English files.
const doc = (file: string) => readFileSync(new URL(`../../docs/${file}`, import.meta.url), 'utf8');
const loadDoc = async (file: string) => {
  try { return doc(file); } catch { return null; }
};
/** The `### <field>` keys of a docs file, as glossarySection matches them (lowercase first word). */
const sectionKeys = (md: string) =>
  md.split(/\r?\n/).filter((l) => /^###\s/.test(l)).map((l) => l.replace(/^#+\s*/, '').replace(/`/g, '').trim().split(/[\s(—–-]/)[0].toLowerCase());

describe('glossary in pt-BR', () => {
  const files = ['glossary.md', 'glossary-dashboard.md'];
  it('each English file has its translation, with the same sections in the same order', () => {
    for (const file of files) {
      expect(docsFileFor(file, 'pt-BR')).toBe(file.replace(/\.md$/, '.pt-BR.md'));
      expect(docsFileFor(file, 'en')).toBe(file);
      const en = doc(file);
      const pt = doc(docsFileFor(file, 'pt-BR'));
      expect(sectionKeys(en).length, file).toBeGreaterThan(10);
      expect(sectionKeys(pt), file).toEqual(sectionKeys(en));
      // Same outline: as many level-2 sections (their titles are translated).
      expect(pt.split('\n').filter((l) => /^## /.test(l)).length, file).toBe(en.split('\n').filter((l) => /^## /.test(l)).length);
      for (const key of sectionKeys(en)) expect(glossarySection(pt, key), `${file}#${key}`).not.toBeNull();
    }
  });
  it('every (i) anchor has pt-BR prose of its own, different from the English and without Markdown marks', async () => {
    const anchors = new Set([...figureCards.map((c) => c.anchor), ...customerColumns.map((c) => c.anchor)]);
    // ARR's English text is already its Portuguese name and a formula ("ARR (Receita recorrente anual). 12 × mrr.").
    const sameInBoth = new Set(['glossary-dashboard.md#arr', 'glossary.md#arr']);
    for (const anchor of anchors) {
      const [file, field] = anchor.split('#');
      expect(glossarySection(doc(docsFileFor(file, 'pt-BR')), field), `${anchor} in pt-BR`).not.toBeNull();
      const pt = (await docsProse(anchor, 'pt-BR', loadDoc)).join('\n');
      const en = (await docsProse(anchor, 'en', loadDoc)).join('\n');
      expect(pt.trim(), anchor).not.toBe('');
      if (sameInBoth.has(anchor)) expect(pt, anchor).toBe(en);
      else expect(pt, anchor).not.toBe(en);
      expect(pt, anchor).not.toMatch(/`|\*\*/);
    }
  });
  it('outside its identifiers and formulas (shown translate="no"), the pt-BR prose has no English the language check would flag', async () => {
    for (const anchor of new Set([...figureCards.map((c) => c.anchor), ...customerColumns.map((c) => c.anchor)])) {
      const parts = prosePartsOf((await docsSection(anchor, 'pt-BR', loadDoc))!);
      const words = parts.map((p) => p.filter((x) => !x.code).map((x) => x.text).join(' ')).join('\n');
      expect(englishIn(words), anchor).toEqual([]);
    }
  });
  it('keeps code spans apart from the words, and proseOf is their plain text', () => {
    const section = 'nrr\nNRR. `(opening − churned) / opening × 100`, **nunca** *acima* de [100](#x).';
    expect(prosePartsOf(section)).toEqual([[{ text: 'NRR. ' }, { text: '(opening − churned) / opening × 100', code: true }, { text: ', nunca acima de 100.' }]]);
    expect(proseOf(section)).toEqual(['NRR. (opening − churned) / opening × 100, nunca acima de 100.']);
  });
  it('the MRR card, the healthScore column and situation read in Portuguese', async () => {
    const mrr = await docsProse('glossary-dashboard.md#mrr', 'pt-BR', loadDoc);
    expect(mrr.join(' ')).toContain('Receita recorrente mensal');
    expect(mrr.join(' ')).toContain('contrato trimestral de 300 soma 100');
    const health = (await docsProse('glossary.md#healthscore', 'pt-BR', loadDoc)).join(' ');
    expect(health).toContain('Média ponderada dos indicadores');
    expect(health).toContain('Σ wᵢ·vᵢ / Σ wᵢ');
    const situation = await docsProse('glossary.md#situation', 'pt-BR', loadDoc);
    expect(situation.some((p) => p.startsWith("• 'risk' (Risco): a saúde está caindo"))).toBe(true);
    expect(situation.join(' ')).toContain("'neutral' (Neutro)");
    expect((await docsProse('glossary.md#healthscore', 'en', loadDoc)).join(' ')).toContain('Weighted mean of the indicators');
  });
  it('falls back to the English section when the translation lacks it, and to nothing when neither has it', async () => {
    const en = doc('glossary.md');
    const partial = async (file: string) => (file === 'glossary.pt-BR.md' ? '# Glossário\n\n### mrr\n\n*MRR.* Só este.\n' : file === 'glossary.md' ? en : null);
    expect(await docsProse('glossary.md#mrr', 'pt-BR', partial)).toEqual(['MRR. Só este.']);
    expect((await docsProse('glossary.md#arr', 'pt-BR', partial)).join(' ')).toContain('ARR (Receita recorrente anual). 12 × mrr.');
    const noTranslation = async (file: string) => (file === 'glossary.md' ? en : null);
    expect(await docsProse('glossary.md#arr', 'pt-BR', noTranslation)).toEqual(await docsProse('glossary.md#arr', 'en', loadDoc));
    expect(await docsProse('glossary.md#nosuchthing', 'pt-BR', loadDoc)).toEqual([]);
  });
});

describe('glossary addresses', () => {
  it('a relative docs link is not a workbook address', () => {
    for (const p of ['/w/docs/glossary-dashboard.md', '/w/team/docs/glossary.md', '/docs/glossary.md']) expect(routeOf(p), p).toBeNull();
  });
});
