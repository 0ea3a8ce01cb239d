// Row and chunk ids: 12 characters from a 64-letter alphabet (72 random bits). Short,
// because 1M+ usage ids live in the doc and in memory; collisions at 10M rows stay
// around 1e-8. crypto.getRandomValues exists in browsers (also on plain http) and Node.
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const POOL = 4096;
let pool = new Uint8Array(0);
let at = POOL;

export function newId(): string {
  if (at + 12 > pool.length) {
    pool = new Uint8Array(POOL);
    globalThis.crypto.getRandomValues(pool);
    at = 0;
  }
  let s = '';
  for (let i = 0; i < 12; i++) s += ALPHABET[pool[at++] & 63];
  return s;
}
