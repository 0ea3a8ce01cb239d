// Formula columns bench section (`npm run bench -- formulas`): what five typical formula
// columns (bench/formula-columns.ts) add to the derivation at 10,000 demo customers.
// The floor is the same derivation without them, measured in the same run: warm in this
// process (pairs alternated, so neither side gets the warmer turn), and cold in fresh
// processes (bench/probe.ts), as the other cold figures are. Then edit → updated metrics
// through the engine after a cold load, with and without the columns.
import { computeCustomerMetrics, type WorkbookData } from '../core/index.js';
import { generateWorkbook } from '../core/demo/index.js';
import { SEED, TODAY } from './fixture.js';
import { BENCH_FORMULAS } from './formula-columns.js';
import { fresh, loadAverage, type LoadProbe } from './fresh.js';
import { median, p99, round, type Row, type Section } from './stats.js';

const N = Number(process.env.BENCH_FORMULAS_CUSTOMERS ?? 10_000);
/** Target: the five columns cost at most half a derivation more. */
const MAX_RATIO = 1.5;

export async function run(): Promise<Section> {
  const rows: Row[] = [];
  const notes: string[] = [`load average (1/5/15 min) at start: ${loadAverage()}`];
  const dataset = `${N / 1000}k customers`;
  const add = (metric: string, values: number[], unit: Row['unit'], target?: { text: string; ok: boolean }) => {
    const row: Row = { metric, dataset, p50: median(values), unit, samples: values.length };
    if (values.length > 1) row.p99 = p99(values);
    if (target) { row.target = target.text; row.met = target.ok; }
    rows.push(row);
  };
  const log = (s: string) => console.error(`bench formulas ${dataset}: ${s}`);
  notes.push(`formula columns: ${BENCH_FORMULAS.map((c) => `${c.id} = ${c.formula}`).join('; ')}`);

  // ---- warm, this process ------------------------------------------------------------------
  const data = generateWorkbook({ seed: SEED, customers: N, today: TODAY });
  const withF: WorkbookData = { ...data, settings: { ...data.settings, customColumns: BENCH_FORMULAS } };
  const time = (d: WorkbookData) => { const t = performance.now(); const m = computeCustomerMetrics(d, TODAY); return [performance.now() - t, m] as const; };
  time(data); // compile both paths once before timing
  const [, metrics] = time(withF);
  const without: number[] = [], withCols: number[] = [], ratios: number[] = [];
  for (let i = 0; i < 3; i++) {
    // Alternate which goes first, so that GC debt and warmth fall on both sides.
    const [a] = i % 2 === 0 ? time(data) : time(withF);
    const [b] = i % 2 === 0 ? time(withF) : time(data);
    const [w, f] = i % 2 === 0 ? [a, b] : [b, a];
    without.push(w); withCols.push(f); ratios.push(f / w);
  }
  add('full computeCustomerMetrics, no formula columns (floor, warm)', without, 'ms');
  add('full computeCustomerMetrics with the 5 formula columns (warm)', withCols, 'ms');
  add('with ÷ without formula columns (warm, pairs in the same process)', ratios, 'x', { text: `≤ ${MAX_RATIO}×`, ok: median(ratios) <= MAX_RATIO });
  // What the columns computed: so the figure is not of a formula that only errs.
  const kinds = BENCH_FORMULAS.map((c) => {
    const count = new Map<string, number>();
    for (const m of metrics.values()) {
      const v = m.custom[c.id];
      const k = v === null ? 'blank' : typeof v === 'object' ? (v as { error: string }).error : typeof v;
      count.set(k, (count.get(k) ?? 0) + 1);
    }
    return `${c.id}: ${[...count].map(([k, n]) => `${k} ${n}`).join(', ')}`;
  });
  notes.push(`values computed: ${kinds.join('; ')}`);
  log('warm runs done');

  // ---- cold, fresh processes ----------------------------------------------------------------
  const { file } = await fresh<{ file: string }>(['fixture', String(N)]);
  const cold = { with: [] as number[], without: [] as number[] };
  for (let i = 0; i < 2; i++) for (const mode of i % 2 === 0 ? ['without', 'with'] as const : ['with', 'without'] as const) {
    cold[mode].push((await fresh<{ deriveMs: number }>(['derive-formulas', file, mode])).deriveMs);
  }
  add('full computeCustomerMetrics, no formula columns (floor, cold, fresh process)', cold.without, 'ms');
  add('full computeCustomerMetrics with the 5 formula columns (cold, fresh process)', cold.with, 'ms');
  add('with ÷ without formula columns (cold, medians of fresh processes)', [median(cold.with) / median(cold.without)], 'x', { text: `≤ ${MAX_RATIO}×`, ok: median(cold.with) / median(cold.without) <= MAX_RATIO });
  log('cold derivations done');

  const loads: Record<'with' | 'without', LoadProbe[]> = { with: [], without: [] };
  for (let i = 0; i < 2; i++) {
    loads.without.push(await fresh<LoadProbe>(['load', file, String(2000 + i), '300', '0']));
    loads.with.push(await fresh<LoadProbe>(['load', file, String(2000 + i), '300', '0', 'formulas']));
  }
  const edits = (ls: LoadProbe[]) => ls.flatMap((l) => l.editMs);
  add('edit → updated metrics after a cold load, no formula columns (floor; 2 fresh runs × 300 edits)', edits(loads.without), 'ms');
  add('edit → updated metrics after a cold load, with the 5 formula columns (2 fresh runs × 300 edits)', edits(loads.with), 'ms', { text: 'p99 ≤ 16 ms', ok: p99(edits(loads.with)) <= 16 });
  add('first derivation in the cold load, with the 5 formula columns (createDerivation)', loads.with.map((l) => l.deriveMs), 'ms');
  notes.push(`createDerivation in the cold loads (ms): without ${loads.without.map((l) => round(l.deriveMs, 0)).join(', ')}; with ${loads.with.map((l) => round(l.deriveMs, 0)).join(', ')}`);
  notes.push(`load average (1/5/15 min) at end: ${loadAverage()}`);
  return { name: 'formulas', rows, notes };
}
