// Rows that name a customer (or a contact) may do it by our id, by external id (CPF/CNPJ
// with or without punctuation) or by exact name (accents and case ignored). A name or an
// external id held by two rows is ambiguous: that row of the file is an error, never a guess.
import { foldKey } from './mapping.js';

export type RefResult = { id: string } | { error: 'unknown' | 'ambiguous'; count?: number };

export interface RefTarget { id: string; name?: unknown; externalId?: unknown }

const digitsOf = (v: unknown) => (typeof v === 'string' ? v.replace(/\D/g, '') : typeof v === 'number' && Number.isInteger(v) ? String(v) : '');

/** Index of one table's rows by id, external id (digits, then folded text) and folded name. */
export class RefIndex {
  private ids = new Set<string>();
  private byExternal = new Map<string, Set<string>>();
  private byName = new Map<string, Set<string>>();

  constructor(rows: Iterable<RefTarget> = []) {
    for (const r of rows) this.add(r);
  }

  add(r: RefTarget): void {
    if (typeof r.id !== 'string' || r.id === '') return;
    this.ids.add(r.id);
    const d = digitsOf(r.externalId);
    if (d.length >= 3) put(this.byExternal, 'd:' + d, r.id);
    if (typeof r.externalId === 'string' && foldKey(r.externalId)) put(this.byExternal, 't:' + foldKey(r.externalId), r.id);
    if (typeof r.name === 'string' && foldKey(r.name)) put(this.byName, foldKey(r.name), r.id);
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  /** By id, else external id, else name. */
  resolve(value: unknown): RefResult {
    const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
    if (!text) return { error: 'unknown' };
    if (this.ids.has(text)) return { id: text };
    const d = digitsOf(text);
    const hit = (d.length >= 3 ? this.byExternal.get('d:' + d) : undefined) ?? this.byExternal.get('t:' + foldKey(text)) ?? this.byName.get(foldKey(text));
    if (!hit || hit.size === 0) return { error: 'unknown' };
    if (hit.size > 1) return { error: 'ambiguous', count: hit.size };
    return { id: hit.values().next().value as string };
  }

  /** The existing row a customer line of a file is: by its id, else external id, else name. */
  match(row: { id?: unknown; externalId?: unknown; name?: unknown }): RefResult | null {
    if (typeof row.id === 'string' && row.id) return this.ids.has(row.id) ? { id: row.id } : null;
    const d = digitsOf(row.externalId);
    if (d.length >= 3 || (typeof row.externalId === 'string' && foldKey(row.externalId))) {
      const hit = (d.length >= 3 ? this.byExternal.get('d:' + d) : undefined) ?? this.byExternal.get('t:' + foldKey(String(row.externalId)));
      if (hit && hit.size > 1) return { error: 'ambiguous', count: hit.size };
      if (hit && hit.size === 1) return { id: hit.values().next().value as string };
      return null; // a new external id: a new customer, even if the name exists
    }
    if (typeof row.name === 'string' && foldKey(row.name)) {
      const hit = this.byName.get(foldKey(row.name));
      if (hit && hit.size > 1) return { error: 'ambiguous', count: hit.size };
      if (hit && hit.size === 1) return { id: hit.values().next().value as string };
    }
    return null;
  }
}

function put(m: Map<string, Set<string>>, k: string, id: string) {
  let s = m.get(k);
  if (!s) m.set(k, (s = new Set()));
  s.add(id);
}
