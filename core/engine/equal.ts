// Equality of two CustomerMetrics, so the engine tells listeners only the customers whose
// row really changed. CustomerMetrics is two levels deep (indicators, sponsor hold plain
// values), so this walks two levels without allocating: it runs for every re-finished
// customer, hundreds per edit. Object.is: NaN equals itself, 0 differs from −0, as the
// tests' deep equality sees them.
type Plain = Record<string, unknown>;

function sameFlat(a: Plain, b: Plain): boolean {
  for (const k in a) if (!Object.is(a[k], b[k]) || !(k in b)) return false;
  for (const k in b) if (!(k in a)) return false;
  return true;
}

export function sameMetrics(a: object, b: object): boolean {
  const x = a as Plain, y = b as Plain;
  for (const k in x) {
    const u = x[k], v = y[k];
    if (Object.is(u, v)) {
      if (u === undefined && !(k in y)) return false;
      continue;
    }
    if (u === null || v === null || typeof u !== 'object' || typeof v !== 'object') return false;
    if (Array.isArray(u) !== Array.isArray(v) || !sameFlat(u as Plain, v as Plain)) return false;
  }
  for (const k in y) if (!(k in x)) return false;
  return true;
}
