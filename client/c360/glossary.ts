// The glossary sentence of a customer metric, shown on hover: the first paragraph of its
// entry in docs/glossary.md (the file README links), bundled for offline use.
import { createSignal, type Accessor } from 'solid-js';
import { glossaryEntry } from '../dashboard/glossary.js';

const cache = new Map<string, Accessor<string | null>>();

/** The paragraph under the heading, markdown emphasis removed. Pure. */
export function firstParagraph(section: string): string {
  const lines = section.split(/\r?\n/).slice(1);
  const out: string[] = [];
  for (const l of lines) {
    if (l.trim() === '') {
      if (out.length) break;
      continue;
    }
    out.push(l.trim());
  }
  return out.join(' ').replace(/[*`]/g, '');
}

/** A signal that fills once docs/glossary.md#field is loaded (null while loading or absent). */
export function glossarySentence(field: string): Accessor<string | null> {
  let s = cache.get(field);
  if (!s) {
    const [get, set] = createSignal<string | null>(null);
    void glossaryEntry(`glossary.md#${field}`).then((text) => set(text ? firstParagraph(text) : null), () => set(null));
    cache.set(field, (s = get));
  }
  return s;
}
