// Small statistics helpers shared by every benchmark section.

export interface Row {
  /** What is measured, e.g. "full computeCustomerMetrics". */
  metric: string;
  /** Dataset, e.g. "10k customers". */
  dataset: string;
  /** Median (or the single measurement) and p99, in `unit`. */
  p50: number;
  p99?: number;
  unit: 'ms' | 's' | 'MB' | 'KB' | 'x' | 'count' | 'updates/s';
  /** Target as text, e.g. "≤ 1000 ms"; `met` says whether it held. */
  target?: string;
  met?: boolean;
  samples?: number;
}

export interface Section { name: string; rows: Row[]; notes?: string[] }

export function quantile(values: number[], q: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1));
  return s[i];
}
export const median = (v: number[]) => quantile(v, 0.5);
export const p99 = (v: number[]) => quantile(v, 0.99);

/** Runs fn `n` times (after `warmup` runs) and returns the durations in ms. */
export async function timeRuns(n: number, fn: () => unknown, warmup = 1): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

export function heapMB(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1048576;
}

export const round = (x: number, d = 1) => (Number.isFinite(x) ? Math.round(x * 10 ** d) / 10 ** d : x);
