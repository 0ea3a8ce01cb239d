// What the in-app glossary shows for an anchor (`glossary-dashboard.md#mrr`,
// `glossary.md#healthscore`): the term's label and each figure's or column's one-sentence
// definition from core's catalog, in the interface language, plus the docs' longer text as
// plain prose — no Markdown marks, no field key — also in the interface language: English
// from docs/glossary*.md, pt-BR from their translations beside them (docs/glossary.pt-BR.md,
// docs/glossary-dashboard.pt-BR.md; same `### <field>` headings). A section missing from a
// translation falls back to the English one, so a term is never left without its text.
import { boxTitles, customerColumns, figureCards, type Lang, type Text } from '../../core/index.js';
import { glossarySection } from '../dashboard/glossary.js';

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

/** A piece of a prose paragraph: text, or a code identifier or formula (`code` in the docs). */
export interface ProsePart { text: string; code?: true }

/**
 * A docs section (glossarySection's output: heading line, then Markdown) as paragraphs of
 * plain text: the heading (the field key) dropped, `code` and **bold** marks removed, list
 * items kept as their own paragraphs. Code spans are kept apart (`code: true`) so the dialog
 * can mark them as identifiers, not words of the interface language.
 */
export function prosePartsOf(section: string): ProsePart[][] {
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
  const plain = (t: string) => t.replace(/\*\*([^*]+)\*\*/g, '$1').replace(/(^|[\s(])\*([^*\s][^*]*)\*/g, '$1$2').replace(/\[([^\]]+)\]\([^)]*\)/g, '$1');
  return out.map((p) =>
    p.split(/`([^`]*)`/).flatMap((t, i): ProsePart[] => (i % 2 ? [{ text: t, code: true }] : t ? [{ text: plain(t) }] : [])),
  );
}

/** prosePartsOf's paragraphs as plain strings. */
export const proseOf = (section: string): string[] => prosePartsOf(section).map((p) => p.map((x) => x.text).join(''));

/** The docs file holding a glossary file's text in a language: `glossary.md` → `glossary.pt-BR.md`. */
export const docsFileFor = (file: string, lang: Lang) => (lang === 'en' ? file : file.replace(/\.md$/, `.${lang}.md`));

/**
 * The docs' section for an anchor (glossarySection's output), from `lang`'s file when it has
 * the section, else from the English one; null when neither has it. `load` reads a docs file
 * by name (null when absent).
 */
export async function docsSection(anchor: string, lang: Lang, load: (file: string) => Promise<string | null>): Promise<string | null> {
  const [file, field] = [anchor.split('#')[0], glossaryField(anchor)];
  for (const name of new Set([docsFileFor(file, lang), file])) {
    const md = await load(name).catch(() => null);
    const section = md ? glossarySection(md, field) : null;
    if (section) return section;
  }
  return null;
}

/** docsSection as plain prose paragraphs; [] when there is no section. */
export async function docsProse(anchor: string, lang: Lang, load: (file: string) => Promise<string | null>): Promise<string[]> {
  const section = await docsSection(anchor, lang, load);
  return section ? proseOf(section) : [];
}
