// Row and chunk ids: 12 characters from a 64-letter alphabet (72 random bits). Short,
// because 1M+ usage ids live in the doc and in memory; collisions at 10M rows stay
// around 1e-8. crypto.getRandomValues exists in browsers (also on plain http) and Node.
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const CODES = Array.from(ALPHABET, (ch) => ch.charCodeAt(0));
const POOL = 4096;
let pool = new Uint8Array(0);
let at = POOL;

export function newId(): string {
  if (at + 12 > pool.length) {
    pool = new Uint8Array(POOL);
    globalThis.crypto.getRandomValues(pool);
    at = 0;
  }
  // One fromCharCode call gives a flat string; `s +=` would build a 12-level rope that
  // every Map lookup must flatten first (measured: most of the cost of a 1M-row insert).
  const p = pool, a = at;
  at += 12;
  const c = (i: number) => CODES[p[a + i] & 63];
  return String.fromCharCode(c(0), c(1), c(2), c(3), c(4), c(5), c(6), c(7), c(8), c(9), c(10), c(11));
}
