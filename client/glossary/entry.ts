// What the in-app glossary shows for an anchor (`glossary-dashboard.md#mrr`,
// `glossary.md#healthscore`): the term's label and each figure's or column's one-sentence
// definition from core's catalog, in the interface language, plus, in English, the docs'
// longer text (docs/glossary*.md) as plain prose — no Markdown marks, no field key.
import { boxTitles, customerColumns, figureCards, type Lang, type Text } from '../../core/index.js';

export interface GlossaryItem { label: string; text: string }
export interface GlossaryEntry { title: string; items: GlossaryItem[] }

export const glossaryField = (anchor: string) => anchor.split('#')[1] ?? '';

/** The catalog's definitions behind an anchor, or null when the anchor names nothing. */
export function glossaryEntry(anchor: string, lang: Lang): GlossaryEntry | null {
  const defs: { label: Text; formula: Text; field: string }[] = anchor.startsWith('glossary-dashboard.md#')
    ? figureCards.filter((c) => c.anchor === anchor)
    : customerColumns.filter((c) => c.anchor === anchor).map((c) => ({ ...c, field: c.id }));
  if (defs.length === 0) return null;
  const box = defs[0].field.includes('.') ? defs[0].field.split('.')[0] : null;
  const title = box && boxTitles[box] ? boxTitles[box][lang] : defs[0].label[lang];
  return { title, items: defs.map((d) => ({ label: d.label[lang], text: d.formula[lang] })) };
}

/**
 * A docs section (glossarySection's output: heading line, then Markdown) as paragraphs of
 * plain text: the heading (the field key) dropped, `code` and **bold** marks removed, list
 * items kept as their own paragraphs.
 */
export function proseOf(section: string): string[] {
  const lines = section.split(/\r?\n/).slice(1);
  const out: string[] = [];
  let cur: string[] = [];
  const flush = () => {
    if (cur.length) out.push(cur.join(' '));
    cur = [];
  };
  for (const raw of lines) {
    const l = raw.trim();
    if (l === '') { flush(); continue; }
    if (/^[-*] /.test(l)) { flush(); cur.push(l.replace(/^[-*] /, '• ')); continue; }
    cur.push(l);
  }
  flush();
  return out.map((p) => p.replace(/`([^`]*)`/g, '$1').replace(/\*\*([^*]+)\*\*/g, '$1').replace(/(^|[\s(])\*([^*\s][^*]*)\*/g, '$1$2').replace(/\[([^\]]+)\]\([^)]*\)/g, '$1'));
}


