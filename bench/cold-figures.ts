// Cold figures at one size, each from fresh processes (bench/probe.ts), with the floors
// (scan of every field, JSON.parse of the same rows) measured cold in the same processes.
// Shared by the `cold` (10k) and `stretch` (100k) sections.
import { median, p99, round, type Row } from './stats.js';
import { fresh, loadAverage, type DeriveProbe, type LoadProbe } from './fresh.js';

export interface ColdTargets {
  deriveOverScan: number;
  deriveMs?: number;
  loadMs?: number;
  editP99Ms: number;
  dashP99Ms: number;
  heapMB: number;
}

export async function coldFigures(customers: number, opts: { deriveRuns: number; loadRuns: number; heapLimitMB: number; targets: ColdTargets }) {
  const rows: Row[] = [];
  const notes: string[] = [];
  const dataset = `${customers / 1000}k customers`;
  const add = (metric: string, values: number[], unit: Row['unit'], target?: { text: string; ok: boolean }) => {
    const row: Row = { metric, dataset, p50: median(values), unit, samples: values.length };
    if (values.length > 1) row.p99 = p99(values);
    if (target) { row.target = target.text; row.met = target.ok; }
    rows.push(row);
  };
  const log = (s: string) => console.error(`bench cold ${dataset}: ${s}`);
  notes.push(`${dataset}: load average (1/5/15 min) at start ${loadAverage()}`);
  const t0 = performance.now();
  const { file } = await fresh<{ file: string }>(['fixture', String(customers)], opts.heapLimitMB);
  log(`fixture ready in ${round((performance.now() - t0) / 1000, 1)} s`);

  const derives: DeriveProbe[] = [];
  for (let i = 0; i < opts.deriveRuns; i++) derives.push(await fresh<DeriveProbe>(['derive', file], opts.heapLimitMB));
  log('derive probes done');
  const ratios = derives.map((d) => d.deriveMs / d.scanMs);
  add('scan floor, cold (every field of every row, fresh process)', derives.map((d) => d.scanMs), 'ms');
  add('JSON.parse floor, cold (the same rows as JSON text)', derives.map((d) => d.parseMs), 'ms');
  add('full computeCustomerMetrics, cold (fresh process)', derives.map((d) => d.deriveMs), 'ms',
    opts.targets.deriveMs === undefined ? undefined : { text: `≤ ${opts.targets.deriveMs} ms`, ok: median(derives.map((d) => d.deriveMs)) <= opts.targets.deriveMs });
  add('full derivation ÷ scan floor (same process)', ratios, 'x', { text: `≤ ${opts.targets.deriveOverScan}×`, ok: median(ratios) <= opts.targets.deriveOverScan });
  notes.push(`${dataset}: ${derives[0].rows.toLocaleString('en')} rows; derivation ÷ JSON.parse floor: ${derives.map((d) => round(d.deriveMs / d.parseMs, 1)).join(', ')}`);

  const loads: LoadProbe[] = [];
  for (let i = 0; i < opts.loadRuns; i++) loads.push(await fresh<LoadProbe>(['load', file, String(1000 + i), '300', '24'], opts.heapLimitMB));
  log('load probes done');
  add('cold load (apply update + openWorkbook + first derivation, fresh process)', loads.map((l) => l.loadMs), 'ms',
    opts.targets.loadMs === undefined ? undefined : { text: `≤ ${opts.targets.loadMs} ms`, ok: median(loads.map((l) => l.loadMs)) <= opts.targets.loadMs });
  add('heap held by doc + derivation after cold load', loads.map((l) => l.heapMB), 'MB');
  add('array buffers after cold load (the document\'s chunks and the update they view, the engine\'s typed arrays)', loads.map((l) => l.buffersMB), 'MB');
  const held = loads.map((l) => l.heapMB + l.buffersMB);
  add('memory held after cold load: heap + array buffers', held, 'MB', { text: `≤ ${opts.targets.heapMB} MB`, ok: Math.max(...held) <= opts.targets.heapMB });
  const editP99s = loads.map((l) => p99(l.editMs));
  add(`edit → updated metrics after a cold load (300 one-cell edits per run; p50/p99 of the ${loads.length} runs' p99)`, editP99s, 'ms',
    { text: `p99 ≤ ${opts.targets.editP99Ms} ms in every run`, ok: editP99s.every((x) => x <= opts.targets.editP99Ms) });
  const settledP99s = loads.map((l) => p99(l.settledMs));
  add(`edit → every customer's metrics current, ripple through the portfolio's percentiles included (the worker posts it in the next task; p50/p99 of the ${loads.length} runs' p99)`, settledP99s, 'ms');
  const dash = loads.flatMap((l) => l.dashMs);
  add('first dashboard after a cold load (engine: figures + lists, no filter)', loads.map((l) => l.openDashMs), 'ms');
  add(`dashboard after an edit, after a cold load (engine: figures + lists, no filter; every table in turn; ${dash.length} edits)`, dash, 'ms', { text: `p99 ≤ ${opts.targets.dashP99Ms} ms`, ok: p99(dash) <= opts.targets.dashP99Ms });
  notes.push(`${dataset}: cold load split (median ms): Y.applyUpdate ${round(median(loads.map((l) => l.applyMs)), 0)}, openWorkbook ${round(median(loads.map((l) => l.openMs)), 0)}, createDerivation ${round(median(loads.map((l) => l.deriveMs)), 0)}; RSS after load ${loads.map((l) => round(l.rssMB, 0)).join(', ')} MB`);
  notes.push(`${dataset}: edit p99 per fresh run (ms): ${editP99s.map((x) => round(x, 1)).join(', ')}; edit p50 per run: ${loads.map((l) => round(median(l.editMs), 2)).join(', ')}; with the ripple settled, p99 per run: ${settledP99s.map((x) => round(x, 1)).join(', ')}`);
  notes.push(`${dataset}: load average (1/5/15 min) at end ${loadAverage()}`);
  return { rows, notes };
}
