// The one text normaliser for every search, filter and match (dashboard filter and owner,
// import headers, the grid's customer picker and reference resolution): case, accents and
// spacing ignored. Pure and memoized: the same few thousand strings (names, segments,
// owners) come back on every dashboard call, and Unicode normalization is the costly part.
const folded = new Map<string, string>();

/** Lower-case, accents (combining marks) removed, whitespace trimmed and collapsed: "  São  Paulo " → "sao paulo". */
export function foldText(s: string): string {
  let f = folded.get(s);
  if (f === undefined) {
    f = s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
    if (folded.size >= 200_000) folded.clear();
    folded.set(s, f);
  }
  return f;
}

/** foldText, then letters and digits only, words separated by one space: "Razão  Social (CNPJ)" → "razao social cnpj". */
export const foldWords = (s: string): string => foldText(s).replace(/[^a-z0-9]+/g, ' ').trim();
