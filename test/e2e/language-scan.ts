// Finds English left in a Portuguese screen: a dictionary of common English interface words
// that are not Portuguese words (so "total", "status", "menu", "data", "link", "no", "a"
// are not in it), searched in the text after removing the names Brazilian CS teams use as
// they are (Health score, Churn, Upsell... — the catalog's allowlist, test/client/i18n.test.ts).
import type { Page } from 'playwright-core';

const ENGLISH = new Set(`
the and or of to is are be been was not with from for this that these those your you we it its by on at an if than then into out off up down
add added adding delete deleted remove removed search searching equals equal less greater contains starts ends blank filter filters filtered
row rows column columns loading loaded save saved cancel close closed open opened edit new required number numbers value values name names
show hide select selected all page next previous first last sort sorted ascending descending pin pinned unpin group reset apply clear empty
yes customer customers contract contracts invoice invoices activity activities survey surveys usage contact contacts settings dashboard share
versions version history import export undo redo synced connecting refreshing renewal owner due late pending task tasks revenue movements
opening closing expansion contraction reactivation churned active inactive risk opportunity neutral weight weights bands band red green yellow
currency language home workbook workbooks invitation role viewer read only view press space choose file drop here copy copied paste
pasted computed computing invalid error found help functions preview month months days year today since until more average count none
missing expired refused signature token server offline? must between least most whole date dates type wrong allowed field fields sheet
sheets click type typed press press loading please wait choose chosen rename archive archived create created link? keys key webhooks? events
deliveries attempts delivered failed retrying scope write last used never revoked revoke remove secret signing shown once
`.split(/\s+/).filter((w) => w && !w.endsWith('?')));

/** Names used as they are in Brazilian CS tools and the catalog's pt-BR texts; key names (Enter) are not in the dictionary. */
const AS_IS = [/health score/gi, /quick ratio/gi, /sense score/gi, /follow-up/gi, /\bwebhooks?\b/gi,
  // ISO 4217 codes as the currency list shows them ("ALL — Lek albanês"): codes, not words.
  /\b[A-Z]{3}(?= — )/g];

export interface Finding { word: string; context: string }

/** English words in `text`, each with the words around it. */
export function englishIn(text: string): Finding[] {
  let t = text;
  for (const p of AS_IS) t = t.replace(p, ' ');
  const out: Finding[] = [];
  for (const m of t.matchAll(/\p{L}+/gu)) {
    const w = m[0].toLowerCase();
    if (!ENGLISH.has(w)) continue;
    const i = m.index ?? 0;
    out.push({ word: m[0], context: t.slice(Math.max(0, i - 40), i + m[0].length + 40).replace(/\s+/g, ' ').trim() });
  }
  return out;
}

/** What a person sees and a screen reader reads: visible text (less code marked translate="no"), labels, titles, placeholders, live regions. */
export async function screenText(page: Page): Promise<string> {
  return page.evaluate(() => {
    // Text marked translate="no" (identifiers and formulas in the glossary's prose, as the code
    // names them) is not in any language: taken out, one occurrence per element.
    let body = document.body.innerText;
    for (const el of document.querySelectorAll<HTMLElement>('[translate="no"]')) if (el.innerText) body = body.replace(el.innerText, ' ');
    const parts = [body];
    for (const el of document.querySelectorAll('*')) {
      for (const a of ['aria-label', 'title', 'placeholder', 'alt', 'aria-description', 'aria-roledescription', 'aria-valuetext']) {
        const v = el.getAttribute(a);
        if (v) parts.push(v);
      }
    }
    for (const el of document.querySelectorAll('[aria-live], .ag-aria-description-container')) parts.push(el.textContent ?? '');
    return parts.join('\n');
  });
}
