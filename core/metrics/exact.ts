// Exact comparison of means of doubles (METRICS.md: "comparisons of averages of the same
// values are exact"). The mean of 60 equal doubles and the mean of 7 may differ in the last
// bit, so comparing rounded means calls a flat history rising or falling. Here the sign of
// nB·ΣA − nA·ΣB is computed exactly: each product of a small integer and a double is split
// into two doubles without error (Dekker), and the terms are summed into a non-overlapping
// expansion (Shewchuk's grow-expansion, as Python's math.fsum), whose largest part carries
// the exact sign. A float pre-check decides every clearly different pair, so the exact path
// runs only for (near-)ties.

const SPLITTER = 134217729; // 2^27 + 1

/** Adds x to the expansion `p` (kept non-overlapping, increasing magnitude). */
function grow(p: number[], x: number): void {
  let i = 0;
  for (let j = 0; j < p.length; j++) {
    const y = p[j];
    const hi = x + y;
    const lo = Math.abs(x) < Math.abs(y) ? x - (hi - y) : y - (hi - x);
    if (lo !== 0) p[i++] = lo;
    x = hi;
  }
  p.length = i;
  p.push(x);
}

/** Adds k·v (k a small integer) to the expansion exactly: k·v = hi + lo (Dekker's two-product). */
function growProduct(p: number[], k: number, v: number): void {
  const hi = k * v;
  let c = SPLITTER * v;
  const vh = c - (c - v), vl = v - vh;
  c = SPLITTER * k;
  const kh = c - (c - k), kl = k - kh;
  const lo = kl * vl - (((hi - kh * vh) - kl * vh) - kh * vl);
  grow(p, hi);
  if (lo !== 0) grow(p, lo);
}

/** Sign of an expansion's exact value: its non-zero terms do not overlap, so the largest one (last) decides. */
function signOf(p: number[]): number {
  for (let i = p.length - 1; i >= 0; i--) if (p[i] !== 0) return p[i] > 0 ? 1 : -1;
  return 0;
}

const isValue = (v: number | null | undefined): v is number => v !== null && v !== undefined && v === v;

/**
 * Sign of mean(A) − mean(B), exactly, where A = the non-null values of series[aFrom..aTo] and
 * B those of series[bFrom..bTo] (inclusive indices; null, undefined and NaN are "no value").
 * Returns null when either range has no value.
 */
export function compareMeans(
  series: ArrayLike<number | null>, aFrom: number, aTo: number, bFrom: number, bTo: number,
): -1 | 0 | 1 | null {
  let sa = 0, na = 0, sb = 0, nb = 0;
  // `flat`: every value in both ranges is the same double (the common steady customer): equal means, no exact path.
  let first = NaN, flat = true;
  for (let i = Math.max(0, aFrom); i <= aTo; i++) {
    const v = series[i];
    if (isValue(v)) {
      if (na === 0) first = v;
      else if (v !== first) flat = false;
      sa += v;
      na++;
    }
  }
  for (let i = Math.max(0, bFrom); i <= bTo; i++) {
    const v = series[i];
    if (isValue(v)) {
      if (na === 0 && nb === 0) first = v;
      else if (v !== first) flat = false;
      sb += v;
      nb++;
    }
  }
  if (na === 0 || nb === 0) return null;
  if (flat) return 0;
  const ma = sa / na, mb = sb / nb;
  // Each float mean is within a few ulps of the exact one (≤ 60 terms of one magnitude):
  // a relative gap of 1e-12 is thousands of ulps, so the float order is the exact order.
  const scale = Math.max(Math.abs(ma), Math.abs(mb));
  if (Math.abs(ma - mb) > 1e-12 * scale) return ma > mb ? 1 : -1;
  const p: number[] = [];
  for (let i = Math.max(0, aFrom); i <= aTo; i++) {
    const v = series[i];
    if (isValue(v)) growProduct(p, nb, v);
  }
  for (let i = Math.max(0, bFrom); i <= bTo; i++) {
    const v = series[i];
    if (isValue(v)) growProduct(p, -na, v);
  }
  return signOf(p) as -1 | 0 | 1;
}
