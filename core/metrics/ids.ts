/** A row's id as text; a non-text id (bad peer) becomes its number form or '' without throwing. */
export const idOf = (r: { id?: unknown }): string =>
  typeof r.id === 'string' ? r.id : typeof r.id === 'number' || typeof r.id === 'boolean' ? String(r.id) : '';
