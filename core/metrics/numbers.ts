// Sums of valid but absurd values (a contract worth 1e308) can overflow to Infinity, and
// METRICS.md promises finite numbers: overflowing sums saturate at the largest double.
export function saturate(x: number): number {
  return x === Infinity ? Number.MAX_VALUE : x === -Infinity ? -Number.MAX_VALUE : x;
}
