// The quick switcher's search: customers by name, CNPJ/CPF (with or without punctuation)
// and CS owner, accents and case ignored; and the app's views (sheets, dashboard) by name.
// Pure: an index is built once per list of customers, each keystroke only scans it.
import { foldText } from '../../core/index.js';

export interface CustomerEntry { id: string; name: string; externalId: string; csOwner: string }
export interface IndexedCustomer extends CustomerEntry { fName: string; fOwner: string; digits: string }
export interface SwitcherHit { id: string; name: string; detail: string; score: number }

const text = (v: unknown) => (typeof v === 'string' ? v : '');

export function indexCustomers(rows: readonly { id: string; name?: unknown; externalId?: unknown; csOwner?: unknown }[]): IndexedCustomer[] {
  return rows.map((r) => {
    const name = text(r.name) || r.id;
    const externalId = text(r.externalId);
    const csOwner = text(r.csOwner);
    return { id: r.id, name, externalId, csOwner, fName: foldText(name), fOwner: foldText(csOwner), digits: externalId.replace(/[^0-9a-zA-Z]/g, '').toLowerCase() };
  });
}

/**
 * Customers matching every word of the query. Ranking: the name starting with the query,
 * then a word of the name starting with it, then anywhere; CNPJ/CPF and CS owner matches
 * after name matches; ties by name.
 */
export function searchCustomers(index: readonly IndexedCustomer[], query: string, limit = 8): SwitcherHit[] {
  const q = foldText(query);
  if (!q) return [];
  const words = q.split(' ');
  const qDigits = q.replace(/[^0-9a-z]/g, '');
  const digitsOnly = /^[\d.\-/\s]+$/.test(query.trim()) && qDigits.length >= 2;
  const hits: SwitcherHit[] = [];
  for (const c of index) {
    let score = -1;
    if (digitsOnly && c.digits.includes(qDigits)) score = c.digits.startsWith(qDigits) ? 3 : 2;
    if (words.every((w) => c.fName.includes(w))) {
      const s = c.fName.startsWith(q) ? 6 : c.fName.split(' ').some((w) => w.startsWith(words[0])) ? 5 : 4;
      score = Math.max(score, s);
    } else if (c.fOwner && words.every((w) => c.fOwner.includes(w))) score = Math.max(score, 1);
    if (score < 0) continue;
    hits.push({ id: c.id, name: c.name, detail: [c.externalId, c.csOwner].filter(Boolean).join(' · '), score });
  }
  hits.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
  return hits.slice(0, limit);
}

/** Views (sheets, dashboard) whose label matches the query (all of them for an empty query). */
export function searchViews<V extends { label: string }>(views: readonly V[], query: string): V[] {
  const q = foldText(query);
  return q ? views.filter((v) => foldText(v.label).includes(q)) : [...views];
}
