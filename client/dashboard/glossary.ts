/// <reference types="vite/client" />
// Glossary entries shown in the app, taken from the same Markdown files the README links
// (docs/glossary.md, docs/glossary-dashboard.md), bundled so they work offline. Loaded
// lazily on first use; a missing file yields no entry rather than a broken build.

/** The text under `### <field>` (up to the next heading of level ≤ 3), or null. Pure. */
export function glossarySection(markdown: string, field: string): string | null {
  const lines = markdown.split(/\r?\n/);
  const want = field.toLowerCase();
  const headingName = (l: string) => l.replace(/^#+\s*/, '').replace(/`/g, '').trim().split(/[\s(—–-]/)[0].toLowerCase();
  const start = lines.findIndex((l) => /^###\s/.test(l) && headingName(l) === want);
  if (start < 0) return null;
  const out: string[] = [lines[start].replace(/^#+\s*/, '').replace(/`/g, '')];
  for (let i = start + 1; i < lines.length && !/^#{1,3}\s/.test(lines[i]); i++) out.push(lines[i]);
  return out.join('\n').trim();
}

const files = import.meta.glob('../../docs/glossary*.md', { query: '?raw', import: 'default' }) as Record<string, () => Promise<string>>;

/** Loads `glossary-dashboard.md#mrr` style anchors; falls back to the customer glossary. */
export async function glossaryEntry(anchor: string): Promise<string | null> {
  const [file, field] = anchor.split('#');
  const order = [file, 'glossary-dashboard.md', 'glossary.md'];
  for (const name of order) {
    const load = Object.entries(files).find(([path]) => path.endsWith(`/${name}`))?.[1];
    if (!load) continue;
    const text = glossarySection(await load(), field);
    if (text) return text;
  }
  return null;
}
